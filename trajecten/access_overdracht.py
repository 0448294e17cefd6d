"""What a trajectbegeleider may hand over, and to whom (trajecten.actions `draag_over`).

The hand-over form lists the participants by name: the list writes its read row when fetched
(`hoofdzaak.audit.gelezen_lijst`; DESIGN.md §4), like the lists of trajecten/access.py.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from hoofdzaak import audit
from hoofdzaak.models import Gebruiker, Lidmaatschap, Rol
from hoofdzaak.tenancy import RegioContext

from .models import Traject, TrajectStatus
from .toegang import BEHEER


def collega_begeleiders_voor(ctx: RegioContext) -> QuerySet[Gebruiker]:
    """Active trajectbegeleiders of the user's organisation (the user included)."""
    if not ctx.heeft_rol(Rol.TRAJECTBEGELEIDER):
        raise Http404
    return Gebruiker.objects.filter(
        is_active=True,
        pk__in=Lidmaatschap.objects.actief()
        .filter(organisatie=ctx.organisatie, rol=Rol.TRAJECTBEGELEIDER)
        .values("gebruiker_id"),
    ).order_by("naam")


def overdraagbare_trajecten_voor(ctx: RegioContext, van: Gebruiker) -> QuerySet[Traject]:
    """The running trajectories of the organisation that `van` begeleidt."""
    if not ctx.heeft_rol(Rol.TRAJECTBEGELEIDER):
        raise Http404
    trajecten = (
        Traject.objects.filter(
            regio=ctx.regio,
            aanbieder=ctx.organisatie,
            trajectbegeleider=van,
            status__in=(TrajectStatus.INTAKE, TrajectStatus.GESTART),
        )
        .select_related("deelnemer")
        .order_by("deelnemer__achternaam", "deelnemer__voornaam", "pk")
    )
    return audit.gelezen_lijst(trajecten, ctx, grondslag=BEHEER, lijst="overdragen")
