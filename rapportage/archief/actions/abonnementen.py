"""Subscriptions: an e-mail when a report of a kind (and gemeente) is ready."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hoofdzaak.models import Organisatie, Rol, Soort
from hoofdzaak.tenancy import RegioContext

from ..models import PARTNER_SOORTEN, Abonnement, RapportSoort


def _controleer_abonnement(ctx: RegioContext, soort: str, scope: Organisatie | None) -> None:
    if soort not in RapportSoort.values:
        raise ValidationError({"soort": _("Kies een soort rapportage.")})
    if soort == RapportSoort.ORGANISATIE:
        if scope is not None and (scope.regio_id != ctx.regio.pk or scope.soort not in PARTNER_SOORTEN):
            raise ValidationError({"gemeente": _("Kies een partner van deze regio.")})
        if ctx.heeft_rol(Rol.PROJECTLEIDER):
            return
        if not ctx.heeft_rol(Rol.BESTUURDER):
            raise PermissionDenied
        if scope is None or scope.pk != ctx.organisatie.pk:
            raise ValidationError({"soort": _("Je kunt alleen de maandrapportages van je eigen organisatie volgen.")})
        return
    if scope is not None and (scope.regio_id != ctx.regio.pk or scope.soort != Soort.GEMEENTE):
        raise ValidationError({"gemeente": _("Kies een gemeente van deze regio.")})
    if soort == RapportSoort.KWARTAAL and scope is not None:
        raise ValidationError({"gemeente": _("Een kwartaalrapportage gaat over de hele regio.")})
    if ctx.heeft_rol(Rol.PROJECTLEIDER):
        return
    if not ctx.heeft_rol(Rol.BESTUURDER):
        raise PermissionDenied
    if soort == RapportSoort.MAAND and (scope is None or scope.pk != ctx.organisatie.pk):
        raise ValidationError({"gemeente": _("Je kunt alleen de maandrapportages van je eigen gemeente volgen.")})


@transaction.atomic
def abonneer(*, ctx: RegioContext, soort: str, scope: Organisatie | None = None) -> Abonnement:
    """E-mail me when a report of this kind (and gemeente; for a projectleider: or any) is ready."""
    _controleer_abonnement(ctx, soort, scope)
    abonnement, _created = Abonnement.objects.get_or_create(
        gebruiker=ctx.gebruiker, regio=ctx.regio, soort=soort, scope=scope
    )
    return abonnement


@transaction.atomic
def zeg_op(*, ctx: RegioContext, soort: str, scope: Organisatie | None = None) -> int:
    return Abonnement.objects.filter(gebruiker=ctx.gebruiker, regio=ctx.regio, soort=soort, scope=scope).delete()[0]
