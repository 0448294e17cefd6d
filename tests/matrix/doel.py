"""Access rules of the region's target page (issue 15 point 2): the projectleider only."""

from django.utils import timezone

from hoofdzaak.models import Rol

from . import Regel, alleen, regio


def doel(w):
    return {**regio(w), "jaar": timezone.localdate().year}


MATRIX: dict[str, Regel] = {
    # An empty POST: the form asks for the target (200, nothing saved).
    "doel": Regel(rollen=alleen(Rol.PROJECTLEIDER), kwargs=doel, post=alleen(Rol.PROJECTLEIDER)),
}
