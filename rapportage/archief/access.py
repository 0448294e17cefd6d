"""The only way views reach the report archive.

| role          | sees                                                                   |
|---------------|------------------------------------------------------------------------|
| projectleider | every report of its region, concepts too; builds and approves them     |
| bestuurder    | approved versions only: the region's quarterly reports and the monthly |
|               | reports of its own gemeente or partner organisation                    |
| others        | nothing (403 from the views' `rol_vereist`)                            |

A report outside that scope is 404, the same as one that does not exist. The rule itself is
`Rapport.objects.zichtbaar_voor` (also used for the e-mail to subscribers).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from hoofdzaak.access import rol_vereist
from hoofdzaak.models import Organisatie, Rol, Soort
from hoofdzaak.tenancy import RegioContext

from .models import PARTNER_SOORTEN, RAPPORT_ROLLEN, Abonnement, Rapport

rapportlezer_vereist = rol_vereist(*RAPPORT_ROLLEN)
projectleider_vereist = rol_vereist(Rol.PROJECTLEIDER)


def rapporten_voor(ctx: RegioContext) -> QuerySet[Rapport]:
    """The reports of the role the user acts in (`Rapport.objects.zichtbaar_voor`, the archive's one rule)."""
    if not ctx.heeft_rol(*RAPPORT_ROLLEN):
        raise PermissionDenied
    return Rapport.objects.zichtbaar_voor(ctx.lidmaatschap).select_related("regio", "scope", "aangevraagd_door")


def rapport_voor(ctx: RegioContext, pk: int) -> Rapport:
    return get_object_or_404(rapporten_voor(ctx), pk=pk)


def versies_van(ctx: RegioContext, rapport: Rapport) -> list[Rapport]:
    """Every version of the same report this user may see, newest first (a bestuurder: approved ones)."""
    return list(rapporten_voor(ctx).met_sleutel_van(rapport).order_by("-versie"))


def gemeenten_voor(ctx: RegioContext) -> QuerySet[Organisatie]:
    """The gemeenten whose monthly reports this user may request or follow."""
    gemeenten = Organisatie.objects.in_regio(ctx.regio).gemeenten().order_by("naam")
    if ctx.heeft_rol(Rol.PROJECTLEIDER):
        return gemeenten
    if ctx.heeft_rol(Rol.BESTUURDER) and ctx.organisatie.soort == Soort.GEMEENTE:
        return gemeenten.filter(pk=ctx.organisatie.pk)
    if ctx.heeft_rol(Rol.BESTUURDER):
        return gemeenten.none()
    raise PermissionDenied


def partners_voor(ctx: RegioContext) -> QuerySet[Organisatie]:
    """The partners whose monthly reports this user may request (projectleider: every partner of the region)."""
    partners = Organisatie.objects.in_regio(ctx.regio).filter(soort__in=PARTNER_SOORTEN).order_by("naam")
    if ctx.heeft_rol(Rol.PROJECTLEIDER):
        return partners
    if ctx.heeft_rol(Rol.BESTUURDER):
        return partners.filter(pk=ctx.organisatie.pk)
    raise PermissionDenied


def abonnementen_voor(ctx: RegioContext) -> QuerySet[Abonnement]:
    if not ctx.heeft_rol(*RAPPORT_ROLLEN):
        raise PermissionDenied
    return Abonnement.objects.filter(gebruiker=ctx.gebruiker, regio=ctx.regio).select_related("scope")
