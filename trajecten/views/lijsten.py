"""The lists: a provider's caseload, and per role the participants it may see.

Every list answers in a constant number of queries however many rows there are (tests pin it), is
never cached (personal data), and logs one 'zoeken' row in the audit trail for each request that
searches.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Max, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from hoofdzaak import audit, links
from hoofdzaak.models import AuditActie, Rol
from hoofdzaak.paginering import lijst_response, pagineer
from hoofdzaak.tenancy import RegioContext

from .. import access
from ..forms.lijsten import CaseloadFilterForm, RegioTrajectenFilterForm, ZoekForm, sorteerkoppen
from ..models import CASELOAD_SORTERINGEN, STATUS_VOLGORDE, ContactSoort, Methode, TrajectStatus

# What a caseload row shows (trajecten/lijsten/caseload.html); `laatste_contact` is an annotation.
CASELOAD_VELDEN = (
    "methode",
    "status",
    "verwijsdatum",
    "startdatum",
    "deelnemer",
    "deelnemer__nummer",
    "deelnemer__voornaam",
    "deelnemer__achternaam",
    "trajectbegeleider",
    "trajectbegeleider__naam",
)


def _log_zoekopdracht(request: HttpRequest, zoekterm: str, lijst: str, grondslag: str) -> None:
    audit.log(
        actie=AuditActie.ZOEKEN,
        request=request,
        deelnemer_nummer=zoekterm if audit.DEELNEMERNUMMER.fullmatch(zoekterm) else "",
        grondslag=grondslag,
        object_type=lijst,
        omschrijving=f"Zoekopdracht in de lijst {lijst}",
        zoekterm=zoekterm,
    )


# --- The caseload --------------------------------------------------------------------------------------------


def _statustellingen(aantallen: dict[str, int], gekozen: str) -> list[dict]:
    return [
        {"status": status, "label": status.label, "aantal": aantallen.get(status, 0), "gekozen": gekozen == status}
        for status in STATUS_VOLGORDE
    ]


@require_safe
@never_cache
def caseload(request: HttpRequest, regio: str) -> HttpResponse:
    ctx: RegioContext = request.regio_ctx
    trajecten = access.caseload_voor(ctx)  # 404 for every role but trajectbegeleider
    begeleiders, aantallen = access.begeleiders_en_statussen_van(trajecten)
    filters = CaseloadFilterForm(request.GET or None, begeleiders=begeleiders, gebruiker_id=ctx.gebruiker.pk)
    criteria = filters.criteria()
    trajecten = trajecten.gefilterd(**criteria)
    status = filters.gekozen_status
    # How many trajectories each status has under the other filters (without any, the grouped query above
    # counted them already); it also gives the paginator its count (every status is counted), so the list
    # needs no COUNT of its own.
    if any(criteria.values()):
        aantallen = trajecten.aantal_per_status()
    tellingen = _statustellingen(aantallen, status)
    totaal = sum(aantallen.values())
    sortering = filters.sortering
    trajecten = trajecten.gefilterd(status=status).met_laatste_contact().gesorteerd(sortering)
    page, querystring = pagineer(request, trajecten, aantal=aantallen.get(status, 0) if status else totaal)
    # The page's rows in one query: the 25 trajectories are picked (sorted and limited) in a subquery on the
    # trajectories alone, and only those are joined to their participant and begeleider, with just the fields
    # the table shows. Joining first made PostgreSQL join all of a big provider's trajectories before the sort.
    page.object_list = list(
        trajecten.filter(pk__in=page.object_list.values("pk"))
        .select_related("deelnemer", "trajectbegeleider")
        .only(*CASELOAD_VELDEN)
    )
    dossier_url = links.sjabloon("deelnemer", ctx.regio.slug, links.TEKST)
    for traject in page.object_list:
        traject.dossier_url = dossier_url(traject.deelnemer.nummer)
    if filters.zoekterm:
        _log_zoekopdracht(request, filters.zoekterm, "caseload", access.Niveau.BEHEER)
    return lijst_response(
        request,
        "trajecten/lijsten/caseload.html",
        {
            "page_obj": page,
            "querystring": querystring,
            "filters": filters,
            "tellingen": tellingen,
            "totaal": totaal,
            "status": status,
            "alleen_mijn": filters.alleen_mijn,
            "sortering": sortering,
            "sorteer_label": CASELOAD_SORTERINGEN[sortering.removeprefix("-")].label,
            "sorteer_aflopend": sortering.startswith("-"),
            "koppen": sorteerkoppen(sortering, CASELOAD_SORTERINGEN),
        },
    )


# --- Participants, per role ----------------------------------------------------------------------------------


@require_safe
@never_cache
def deelnemers(request: HttpRequest, regio: str) -> HttpResponse:
    ctx: RegioContext = request.regio_ctx
    if ctx.heeft_rol(Rol.TRAJECTBEGELEIDER):
        # A provider's participants are its caseload; keep a search the user already typed.
        doel = reverse("caseload", kwargs={"regio": regio})
        return redirect(f"{doel}?{request.GET.urlencode()}" if request.GET else doel)
    if ctx.heeft_rol(Rol.PROJECTLEIDER):
        return _regio_trajecten(request, ctx)
    if ctx.heeft_rol(Rol.KLANTMANAGER):
        return _gevolgde_deelnemers(request, ctx)
    if ctx.heeft_rol(Rol.PEER_SUPPORTER):
        return _peer_deelnemers(request, ctx)
    # Bestuurders and werkgeversadviseurs see no participant at all.
    raise PermissionDenied


def _gevolgde_deelnemers(request: HttpRequest, ctx: RegioContext) -> HttpResponse:
    """Klantmanager: progress of the participants it may follow; no contact details, no notes."""
    filters = ZoekForm(request.GET or None)
    deelnemers = access.deelnemers_voor(ctx)  # consent is checked inside the query
    if woorden := filters.zoekwoorden:
        deelnemers = deelnemers.zoek(woorden)
    deelnemers = access.met_voortgang(ctx, deelnemers).order_by("achternaam", "voornaam", "pk")
    page, querystring = pagineer(request, deelnemers)
    if filters.zoekterm:
        _log_zoekopdracht(request, filters.zoekterm, "deelnemers", access.Niveau.VOLG)
    return lijst_response(
        request,
        "trajecten/lijsten/deelnemers_volgen.html",
        {"page_obj": page, "querystring": querystring, "filters": filters},
    )


def _peer_deelnemers(request: HttpRequest, ctx: RegioContext) -> HttpResponse:
    """Peer supporter: the participants assigned to it personally, with contact details."""
    filters = ZoekForm(request.GET or None)
    deelnemers = access.deelnemers_voor(ctx)
    if woorden := filters.zoekwoorden:
        deelnemers = deelnemers.zoek(woorden)
    deelnemers = (
        deelnemers.annotate(
            # Its own sessions only: what other people discussed with the participant is not its business.
            laatste_gesprek=Max(
                "trajecten__contactmomenten__datum",
                filter=Q(
                    trajecten__contactmomenten__soort=ContactSoort.PEER_SUPPORT,
                    trajecten__contactmomenten__door=ctx.gebruiker,
                ),
            )
        )
        .only("pk", "nummer", "voornaam", "achternaam", "telefoon", "email")
        .order_by("achternaam", "voornaam", "pk")
    )
    page, querystring = pagineer(request, deelnemers)
    if filters.zoekterm:
        _log_zoekopdracht(request, filters.zoekterm, "deelnemers", access.Niveau.PEER)
    return lijst_response(
        request,
        "trajecten/lijsten/deelnemers_peer.html",
        {"page_obj": page, "querystring": querystring, "filters": filters},
    )


def _regio_trajecten(request: HttpRequest, ctx: RegioContext) -> HttpResponse:
    """Projectleider: every trajectory of the region, pseudonymised (`access.PSEUDONIEME_VELDEN` only)."""
    filters = RegioTrajectenFilterForm(request.GET or None, regio=ctx.regio)
    trajecten = access.regio_trajecten_voor(ctx).gefilterd(**filters.criteria())
    page, querystring = pagineer(request, trajecten.order_by("-verwijsdatum", "-pk"))
    # The rows are dicts: add the display labels a model instance would give.
    page.object_list = list(page.object_list)
    for rij in page.object_list:
        rij["status_label"] = TrajectStatus(rij["status"]).label
        rij["methode_label"] = Methode(rij["methode"]).label
    if filters.zoekterm:
        _log_zoekopdracht(request, filters.zoekterm, "deelnemers", access.Niveau.PSEUDONIEM)
    return lijst_response(
        request,
        "trajecten/lijsten/regio_trajecten.html",
        {"page_obj": page, "querystring": querystring, "filters": filters},
    )
