"""The lists: a provider's caseload, and per role the participants it may see.

Every list answers in a constant number of queries however many rows there are (tests pin it), is
never cached (personal data), and logs one 'zoeken' row in the audit trail for each request that
searches.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Case, F, Max, Q, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from hoofdzaak import audit
from hoofdzaak.models import AuditActie, Rol
from hoofdzaak.paginering import lijst_response, pagineer
from hoofdzaak.tenancy import RegioContext

from .. import access
from ..forms.lijsten import MIJN, ZONDER_BEGELEIDER, CaseloadFilterForm, RegioTrajectenFilterForm, ZoekForm
from ..models import ContactSoort, Methode, TrajectStatus

# The order of a trajectory's life, for sorting by status.
STATUS_VOLGORDE = (
    TrajectStatus.AANGEMELD,
    TrajectStatus.INTAKE,
    TrajectStatus.GESTART,
    TrajectStatus.BEEINDIGD,
    TrajectStatus.AFGEWEZEN,
)


class Sortering:
    """A whitelisted sort key: the columns it orders by and the direction a first click picks."""

    def __init__(self, label, *kolommen, oplopend_eerst: bool = True) -> None:
        self.label = label
        self.kolommen = kolommen
        self.oplopend_eerst = oplopend_eerst


CASELOAD_SORTERINGEN = {
    "aanmelding": Sortering(_("aanmelddatum"), F("verwijsdatum"), oplopend_eerst=False),
    "nummer": Sortering(_("nummer"), F("deelnemer__nummer")),
    "naam": Sortering(_("naam"), F("deelnemer__achternaam"), F("deelnemer__voornaam")),
    "status": Sortering(
        _("status"), Case(*(When(status=s, then=Value(i)) for i, s in enumerate(STATUS_VOLGORDE)), default=Value(9))
    ),
    "start": Sortering(_("startdatum"), F("startdatum"), oplopend_eerst=False),
    "contact": Sortering(_("laatste contact"), F("laatste_contact"), oplopend_eerst=False),
}
CASELOAD_STANDAARD = "-aanmelding"
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


def _sorteer(qs: QuerySet, waarde: str, sorteringen: dict[str, Sortering], standaard: str) -> tuple[QuerySet, str]:
    """Order by a whitelisted key ("naam", "-start"); unknown keys fall back to the default."""
    if waarde.removeprefix("-") not in sorteringen:
        waarde = standaard
    aflopend = waarde.startswith("-")
    sortering = sorteringen[waarde.removeprefix("-")]
    # Empty dates sort last either way; pk keeps pages stable when the keys tie.
    volgorde = [k.desc(nulls_last=True) if aflopend else k.asc(nulls_last=True) for k in sortering.kolommen]
    return qs.order_by(*volgorde, "-pk" if aflopend else "pk"), waarde


def _sorteerkoppen(actief: str, sorteringen: dict[str, Sortering]) -> dict[str, dict]:
    """Per sortable column: the sort value its header link asks for, and its aria-sort state."""
    koppen = {}
    for sleutel, sortering in sorteringen.items():
        if actief.removeprefix("-") == sleutel:
            aflopend = actief.startswith("-")
            koppen[sleutel] = {
                "waarde": sleutel if aflopend else f"-{sleutel}",
                "aria": "descending" if aflopend else "ascending",
                "volgende": _("oplopend") if aflopend else _("aflopend"),
            }
        else:
            koppen[sleutel] = {
                "waarde": sleutel if sortering.oplopend_eerst else f"-{sleutel}",
                "aria": "",
                "volgende": _("oplopend") if sortering.oplopend_eerst else _("aflopend"),
            }
    return koppen


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


def _gekozen(filters) -> dict:
    """The valid filter values of a GET form; an invalid field is left out rather than failing the list."""
    filters.is_valid()
    return getattr(filters, "cleaned_data", {})


# --- The caseload --------------------------------------------------------------------------------------------


def _statustellingen(trajecten: QuerySet, gekozen: str) -> list[dict]:
    """How many trajectories each status has under the other filters, in one aggregate query."""
    aantallen = trajecten.aantal_per_status()
    return [
        {"status": status, "label": status.label, "aantal": aantallen.get(status, 0), "gekozen": gekozen == status}
        for status in STATUS_VOLGORDE
    ]


@require_safe
@never_cache
def caseload(request: HttpRequest, regio: str) -> HttpResponse:
    ctx: RegioContext = request.regio_ctx
    trajecten = access.caseload_voor(ctx)  # 404 for every role but trajectbegeleider
    begeleiders = access.begeleiders_van(trajecten)
    filters = CaseloadFilterForm(request.GET or None, begeleiders=begeleiders, gebruiker_id=ctx.gebruiker.pk)
    gekozen = _gekozen(filters)
    if woorden := filters.zoekwoorden:
        trajecten = trajecten.zoek(woorden)
    if methode := gekozen.get("methode"):
        trajecten = trajecten.filter(methode=methode)
    begeleider = gekozen.get("begeleider", "")
    if begeleider == MIJN:
        trajecten = trajecten.filter(trajectbegeleider=ctx.gebruiker)
    elif begeleider == ZONDER_BEGELEIDER:
        trajecten = trajecten.filter(trajectbegeleider__isnull=True)
    elif begeleider:
        trajecten = trajecten.filter(trajectbegeleider_id=int(begeleider))
    status = gekozen.get("status", "")
    tellingen = _statustellingen(trajecten, status)
    if status:
        trajecten = trajecten.filter(status=status)

    trajecten, sortering = _sorteer(
        trajecten.met_laatste_contact(), gekozen.get("sorteer", ""), CASELOAD_SORTERINGEN, CASELOAD_STANDAARD
    )
    page, querystring = pagineer(request, trajecten)
    # The page's rows in one query: the 25 trajectories are picked (sorted and limited) in a subquery on the
    # trajectories alone, and only those are joined to their participant and begeleider, with just the fields
    # the table shows. Joining first made PostgreSQL join all of a big provider's trajectories before the sort.
    page.object_list = list(
        trajecten.filter(pk__in=page.object_list.values("pk"))
        .select_related("deelnemer", "trajectbegeleider")
        .only(*CASELOAD_VELDEN)
    )
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
            "totaal": sum(t["aantal"] for t in tellingen),
            "status": status,
            "alleen_mijn": begeleider == MIJN,
            "sortering": sortering,
            "sorteer_label": CASELOAD_SORTERINGEN[sortering.removeprefix("-")].label,
            "sorteer_aflopend": sortering.startswith("-"),
            "koppen": _sorteerkoppen(sortering, CASELOAD_SORTERINGEN),
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
    _gekozen(filters)
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
    _gekozen(filters)
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
    gekozen = _gekozen(filters)
    trajecten = access.regio_trajecten_voor(ctx)
    if zoekterm := gekozen.get("zoek"):
        trajecten = trajecten.filter(deelnemer__nummer__icontains=zoekterm)
    if status := gekozen.get("status"):
        trajecten = trajecten.filter(status=status)
    if methode := gekozen.get("methode"):
        trajecten = trajecten.filter(methode=methode)
    if gemeente := gekozen.get("gemeente"):
        trajecten = trajecten.filter(deelnemer__woongemeente=gemeente)
    if aanbieder := gekozen.get("aanbieder"):
        trajecten = trajecten.filter(aanbieder=aanbieder)
    page, querystring = pagineer(request, trajecten.order_by("-verwijsdatum", "-pk"))
    # The rows are dicts: add the display labels a model instance would give.
    page.object_list = list(page.object_list)
    for rij in page.object_list:
        rij["status_label"] = TrajectStatus(rij["status"]).label
        rij["methode_label"] = Methode(rij["methode"]).label
    if zoekterm:
        _log_zoekopdracht(request, zoekterm, "deelnemers", access.Niveau.PSEUDONIEM)
    return lijst_response(
        request,
        "trajecten/lijsten/regio_trajecten.html",
        {"page_obj": page, "querystring": querystring, "filters": filters},
    )
