"""The only way views reach employers, their contacts and vacancies.

Werkgeversadviseurs manage all employers and vacancies of their region. Trajectbegeleiders read the
same employers and the open vacancies, because they approach employers for their participants, and log
their own contacts with an employer (IPS job development counts them, rapportage.figuren.modeltrouw).
Every other role gets 403. Each function filters by the request's region in one query and raises
`Http404` for missing objects and objects of another region alike.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from hoofdzaak.access import rol_vereist
from hoofdzaak.models import Gebruiker, Lidmaatschap, Rol
from hoofdzaak.tenancy import RegioContext

from .models import Vacature, Werkgever, Werkgeverscontact

BEHEERDERS = (Rol.WERKGEVERSADVISEUR,)
LEZERS = (Rol.WERKGEVERSADVISEUR, Rol.TRAJECTBEGELEIDER)

# View decorators: 403 before anything is fetched.
lezer_vereist = rol_vereist(*LEZERS)
beheerder_vereist = rol_vereist(*BEHEERDERS)


def mag_beheren(ctx: RegioContext) -> bool:
    """Only werkgeversadviseurs write employer data."""
    return ctx.heeft_rol(*BEHEERDERS)


def mag_contact_vastleggen(ctx: RegioContext) -> bool:
    """Werkgeversadviseurs and trajectbegeleiders log their contacts with an employer (not about one
    participant: a contact about a participant is a `Contactmoment` on the trajectory)."""
    return ctx.heeft_rol(*LEZERS)


def _vereis_lezer(ctx: RegioContext) -> None:
    if not ctx.heeft_rol(*LEZERS):
        raise PermissionDenied


def werkgevers_voor(ctx: RegioContext) -> QuerySet[Werkgever]:
    """The region's employers with their open-vacancy and placement counts, by name."""
    _vereis_lezer(ctx)
    return Werkgever.objects.in_regio(ctx.regio).met_tellingen().select_related("accountmanager").order_by("naam", "pk")


def werkgever_voor(ctx: RegioContext, pk: int) -> Werkgever:
    return get_object_or_404(werkgevers_voor(ctx), pk=pk)


def werkgeverplaatsen_voor(ctx: RegioContext) -> list[str]:
    """The places the region's employers are in, for the list filter."""
    _vereis_lezer(ctx)
    return list(Werkgever.objects.in_regio(ctx.regio).order_by("plaats").values_list("plaats", flat=True).distinct())


def contacten_voor(ctx: RegioContext, werkgever: Werkgever) -> QuerySet[Werkgeverscontact]:
    """The employer's contact log, newest first."""
    _vereis_lezer(ctx)
    return Werkgeverscontact.objects.filter(regio=ctx.regio, werkgever=werkgever).select_related("door")


def vacatures_voor(ctx: RegioContext, werkgever: Werkgever | None = None) -> QuerySet[Vacature]:
    """All vacancies of the region for a werkgeversadviseur; only the open ones for a trajectbegeleider."""
    _vereis_lezer(ctx)
    vacatures = Vacature.objects.in_regio(ctx.regio).select_related("werkgever")
    if not mag_beheren(ctx):
        vacatures = vacatures.open()
    if werkgever is not None:
        vacatures = vacatures.filter(werkgever=werkgever)
    return vacatures


def vacature_voor(ctx: RegioContext, pk: int) -> Vacature:
    """One vacancy with its number of proposals (`voordrachten`: reverse name of trajecten.Voordracht)."""
    return get_object_or_404(vacatures_voor(ctx).annotate(aantal_voordrachten=Count("voordrachten")), pk=pk)


def vacatureplaatsen_voor(ctx: RegioContext) -> list[str]:
    return list(vacatures_voor(ctx).order_by("plaats").values_list("plaats", flat=True).distinct())


def accountmanagers_voor(ctx: RegioContext) -> QuerySet[Gebruiker]:
    """Users with an active werkgeversadviseur membership in the region: who may be an accountmanager."""
    adviseurs = Lidmaatschap.objects.actief().in_regio(ctx.regio).filter(rol=Rol.WERKGEVERSADVISEUR)
    return Gebruiker.objects.filter(pk__in=adviseurs.values("gebruiker_id")).order_by("naam", "pk")
