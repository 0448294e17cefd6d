"""From figures to what the dashboard shows: headline cards, tables and charts.

Small-cell suppression for bestuurders (`scope.onderdrukken`, DESIGN.md §5, issue 15 point 3): every count the
page prints — headline cards, key figures of the selection and of the region, the funnel, months and quarters,
every breakdown and its totals, the own part of the target — is one `figuren.Document` (`Cijfers`), suppressed
together: "<5" for 1-4, "•" for the complementary figures, with the legend. A chart is drawn only when none of
its values is hidden (bar lengths would give them away); a share, verdict or forecast computed from a hidden
count is not shown. Projectleiders see every count as it is.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils import translation
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.safestring import SafeString

from hoofdzaak import datums
from hoofdzaak.models import Organisatie, Soort

from .. import cijfercache, figuren, svg
from ..access import DashboardScope
from ..figuren import PRECISIE, Figuren, Filters, Periode, Uitsplitsing


@dataclass(frozen=True)
class Tabel:
    id: str
    titel: str
    label_kop: str
    kolommen: tuple[str, ...]
    rijen: tuple[tuple[str, tuple[str, ...]], ...]
    totaal: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Grafiek:
    svg: SafeString | None  # None: only the table (suppressed figures get no chart)
    tabel: Tabel


@dataclass(frozen=True)
class Regel:
    """A participant on a data-quality list, with the link to its (pseudonymised) dossier."""

    nummer: str
    url: str
    laatste_contact: datetime.date | None


@dataclass(frozen=True)
class Kaart:
    titel: str
    waarde: str
    toelichting: str = ""
    oordeel: str = ""
    oordeel_soort: str = ""  # hzw-badge variant: succes, waarschuwing, grijs


# --- The rendered figures, cached under the region's data version -----------------------------------------------

INHOUD_TEMPLATE = "rapportage/includes/dashboard_inhoud.html"

# Everything that shapes the HTML besides the figures (whose own code `cijfercache` fingerprints): a deployment
# with another template or another chart never reads the parts rendered by the old one.
_BASIS = Path(__file__).resolve().parents[2]
VORM = hashlib.sha256(
    b"".join(
        (_BASIS / pad).read_bytes()
        for pad in (
            "rapportage/views/dashboard_weergave.py",
            "rapportage/svg.py",
            "hoofdzaak/datums.py",
            "hoofdzaak/templatetags/weergave.py",
            "templates/" + INHOUD_TEMPLATE,
            "templates/rapportage/includes/dashboard_datakwaliteit.html",
            "templates/rapportage/includes/grafiek.html",
            "templates/rapportage/includes/tabel.html",
            "templates/rapportage/includes/dashboard_filters.html",
            "templates/includes/veld.html",
            "rapportage/views/dashboard.py",
            "hoofdzaak/widgets.py",
        )
    )
).hexdigest()[:12]


@dataclass(frozen=True)
class Deel:
    """The dashboard's figures for one reader's scope and choice, rendered (INHOUD_TEMPLATE)."""

    html: SafeString
    selectie_naam: str
    # Pseudonymous participant numbers on it (the data-quality lists): the response must not be stored.
    deelnemernummers: bool
    # The period and gemeente form as it stands before the user chose anything (the first view's), rendered with
    # it when asked; None otherwise.
    filters: SafeString | None = None


def deel(
    *,
    scope: DashboardScope,
    periode: Periode,
    gemeente: Organisatie | None,
    peildatum: datetime.date,
    filters: Callable[[], SafeString] | None = None,
) -> Deel:
    """The rendered figures of `inhoud`, from the cache when they were rendered for the region's current data
    version (by an earlier view or ahead by the worker, `rapportage.voorberekening`), rendered and stored
    otherwise. Keyed by everything the HTML depends on: the data version (`cijfercache`: every write to the data
    the page reads renews it, the target's split included), the period and gemeente, the reader's scope (what
    its role may see: a bestuurder's page is suppressed, a projectleider's is not), the day, the region's name
    and URL, and the code and templates. A hit costs one query (the version) and one cache read.

    `filters`: renders the form of the first view (unbound: this year, the whole region); computed and kept with
    the figures when they are rendered (its gemeente list is data of the version too). A part found in the cache
    without it (rendered for a view with a chosen period) has `filters` None: the view renders the form itself."""
    argumenten = (
        VORM,
        periode,
        gemeente.pk if gemeente is not None else None,
        (
            scope.filters,
            scope.organisatie.pk if scope.organisatie is not None else None,
            scope.gemeente_kiezen,
            scope.onderdrukken,
            scope.deelnemernummers,
        ),
        peildatum,
        scope.regio.naam,
        scope.regio.slug,
        get_script_prefix(),
        translation.get_language(),
    )
    return cijfercache.onthouden(
        scope.regio.pk,
        "dashboard",
        argumenten,
        lambda: _render(scope=scope, periode=periode, gemeente=gemeente, peildatum=peildatum, filters=filters),
    )


def _render(
    *,
    scope: DashboardScope,
    periode: Periode,
    gemeente: Organisatie | None,
    peildatum: datetime.date,
    filters: Callable[[], SafeString] | None,
) -> Deel:
    context = inhoud(scope=scope, periode=periode, gemeente=gemeente, peildatum=peildatum)
    context["scope"] = scope
    return Deel(
        html=render_to_string(INHOUD_TEMPLATE, context),
        selectie_naam=context["selectie_naam"],
        deelnemernummers=context["datakwaliteit_lijsten"],
        filters=filters() if filters is not None else None,
    )


def inhoud(*, scope: DashboardScope, periode: Periode, gemeente: Organisatie | None, peildatum: datetime.date) -> dict:
    """The dashboard's context for one period (and, for the projectleider, optionally one gemeente)."""
    # The data-quality lists (pseudonymous participant numbers) only for those who may see them.
    lijsten = scope.deelnemernummers
    regio_figuren = figuren.bereken(regio=scope.regio, periode=periode, peildatum=peildatum, lijsten=lijsten)
    if scope.filters.actief:
        selectie_filters, selectie_naam = scope.filters, scope.naam
    elif gemeente is not None:
        selectie_filters, selectie_naam = Filters(gemeente_id=gemeente.pk), gemeente.naam
    else:
        selectie_filters, selectie_naam = None, ""
    selectie = (
        figuren.bereken(
            regio=scope.regio, periode=periode, filters=selectie_filters, peildatum=peildatum, lijsten=lijsten
        )
        if selectie_filters
        else None
    )
    f = selectie or regio_figuren
    trend = figuren.maandtrend(regio=scope.regio, tot=f.stand, filters=selectie_filters or Filters())
    onderdrukken = scope.onderdrukken
    naam = selectie_naam or scope.regio.naam
    verdeling = figuren.doelverdeling(regio=scope.regio, jaar=regio_figuren.periode.tot.year, peildatum=peildatum)

    # 1. Every count of the page in one document (suppressed together for bestuurders).
    c = Cijfers(onderdrukken=onderdrukken, peildatum=peildatum)
    kr = c.figuren("r", regio_figuren, trechter=selectie is None)
    ks = c.figuren("s", selectie) if selectie else kr
    if selectie:
        for naam_ in ("gestart", "gestart_in_jaar", *OPTELBAAR):
            if naam_ in kr:
                c.deel(kr[naam_], [ks[naam_]])  # the selection is part of the region
    eigen_gemeente = str(selectie_filters.gemeente_id) if selectie_filters and selectie_filters.gemeente_id else None
    per_gemeente_r = c.tabel(
        "r", "gemeente", regio_figuren.per_gemeente, kr, zelfde={eigen_gemeente: ks} if eigen_gemeente else None
    )
    p = "s" if selectie else "r"
    kwartalen = c.kwartalen(p, f, ks)
    maanden = c.maanden(p, f, ks, trend, kwartalen)
    tabellen = []
    if selectie and scope.organisatie is not None and scope.organisatie.soort != Soort.GEMEENTE:
        cellen = c.tabel("s", "gemeente", f.per_gemeente, ks)
        for rij, rij_cellen in zip(f.per_gemeente, cellen, strict=True):  # a part of that gemeente's row
            index = next(i for i, r in enumerate(regio_figuren.per_gemeente) if r.sleutel == rij.sleutel)
            for kolom, _kop in KOLOMMEN:
                c.deel(per_gemeente_r[index][kolom], [rij_cellen[kolom]])
        tabellen.append(("sel-gemeente", f"Per woongemeente: {naam}", "Gemeente", f.per_gemeente, cellen))
    for id_, titel, kop, rijen, sleutel in (
        ("per-methode", "Per methode", "Methode", f.per_methode, "methode"),
        ("per-aanbieder", "Per aanbieder", "Aanbieder", f.per_aanbieder, "aanbieder"),
        ("per-verwijzer", "Per verwijzer", "Verwijzer", f.per_verwijzer, "verwijzer"),
        ("per-financiering", "Per financieringsstroom", "Financieringsstroom", f.per_financieringsstroom, "stroom"),
    ):
        tabellen.append((id_, f"{titel}: {naam}", kop, rijen, c.tabel(p, sleutel, rijen, ks)))
    beeindigd = c.tel(f"{p}.beeindigd", sum(t.aantal for t in f.eindredenen))
    redenen = [c.tel(f"{p}.eindreden:{t.sleutel}", t.aantal) for t in f.eindredenen]
    c.deel(beeindigd, redenen)
    delen = _doeldelen(c, verdeling, scope, selectie_filters)
    c.klaar()

    # 2. What the page shows, with the document's texts.
    uitsplitsingen = [
        _uitsplitsing(c, id_, titel, kop, rijen, cellen, ks) for id_, titel, kop, rijen, cellen in tabellen
    ]
    uitsplitsingen.append(
        Tabel(
            id="eindredenen",
            titel=f"Reden van beëindiging: {naam}",
            label_kop="Reden",
            kolommen=("Beëindigd",),
            rijen=tuple((t.label, (c.t(s),)) for t, s in zip(f.eindredenen, redenen, strict=True)),
            totaal=(c.t(beeindigd),),
        )
    )
    datakwaliteit = f.datakwaliteit if scope.deelnemernummers else None
    kaarten = _kaarten(c, kr, ks if selectie else None, regio_figuren, selectie, selectie_naam)
    if verdeling.pijplijn is not None:
        kaarten.insert(
            3,
            _pijplijnkaart(
                verdeling,
                met_aantallen=not onderdrukken,
                verborgen=c.verborgen(delen.get("regio", kr["gestart_in_jaar"])),
            ),
        )
    return {
        "periode": periode,
        "peildatum": peildatum,
        "regio_figuren": regio_figuren,
        "selectie": selectie,
        "selectie_naam": selectie_naam,
        "figuren": f,
        "onderdrukt": onderdrukken,
        "iets_verborgen": c.document.iets_verborgen,
        "legenda": figuren.ONDERDRUKKING_LEGENDA,
        "cijfers": c,
        "kaarten": kaarten,
        "voortgang": _voortgang(c, kr, regio_figuren),
        "doelverdeling": _doelverdeling(c, delen, verdeling, scope),
        "kerncijfers": _kerncijfers(
            c, kr, ks if selectie else None, regio_figuren, selectie, selectie_naam, scope.regio.naam
        ),
        "funnel": _funnel(c, ks, f, naam),
        "trend": _trend(c, maanden, trend, naam),
        "kwartalen": Tabel(
            id="kwartalen",
            titel=f"Gestart per kwartaal in {f.periode.tot.year}: {naam}",
            label_kop="Kwartaal",
            kolommen=("Gestart",),
            rijen=tuple((t.label, (c.t(s),)) for t, s in zip(f.per_kwartaal, kwartalen, strict=True)),
        ),
        "indicatoren": _indicatoren(c, ks, f),
        "per_gemeente": _per_gemeente(c, regio_figuren, per_gemeente_r, kr),
        "uitsplitsingen": uitsplitsingen,
        "datakwaliteit": datakwaliteit,
        "datakwaliteit_regels": _regels(scope.regio.slug, datakwaliteit) if datakwaliteit else {},
        "datakwaliteit_lijsten": bool(
            datakwaliteit
            and (
                datakwaliteit.zonder_startdatum_trajecten
                or datakwaliteit.geen_contact_trajecten
                or datakwaliteit.financiering_onbekend_trajecten
            )
        ),
        "geen_contact_dagen": figuren.GEEN_CONTACT_DAGEN,
        "max_regels": figuren.DATAKWALITEIT_MAX_REGELS,
    }


def _doeldelen(
    c: Cijfers, verdeling: figuren.Doelverdeling, scope: DashboardScope, selectie_filters: Filters | None
) -> dict[str, str]:
    """The counts of the target's split the page shows: the region's starts this year (up to the split's
    `stand`) and the parts (a bestuurder: its own organisation's only), each a part of the region's."""
    jaar_van = datetime.date(verdeling.jaar, 1, 1)
    if scope.onderdrukken:
        eigen = verdeling.deel_van(scope.organisatie.pk) if scope.organisatie else None
        delen = (eigen,) if eigen else ()
    else:
        delen = verdeling.delen
    if not delen:  # no chart: the region's row is not printed either
        return {}
    sleutels = {"regio": c.gestart("r", jaar_van, verdeling.stand, verdeling.regio.gestart)}
    for deel in delen:
        # The part of the bestuurder's own scope (a gemeente's residents, the trajectories a GGZ provides) is
        # the selection's count of the same days.
        eigen_scope = selectie_filters is not None and (
            (deel.soort == figuren.GEMEENTE_DEEL and selectie_filters == Filters(gemeente_id=int(deel.sleutel)))
            or (deel.soort == figuren.PARTNER_DEEL and selectie_filters == Filters(aanbieder_id=int(deel.sleutel)))
        )
        sleutels[deel.sleutel] = (
            c.gestart("s", jaar_van, verdeling.stand, deel.gestart)
            if eigen_scope
            else c.tel(f"doel:{deel.soort}:{deel.sleutel}", deel.gestart)
        )
    for soort in (figuren.GEMEENTE_DEEL, figuren.PARTNER_DEEL):
        c.deel(sleutels["regio"], [sleutels[d.sleutel] for d in delen if d.soort == soort])
    return sleutels


def _regels(regio_slug: str, datakwaliteit: figuren.Datakwaliteit) -> dict[str, tuple[Regel, ...]]:
    """The data-quality lists with their links: the dossier URL reversed once and each number put in as
    `reverse()` quotes it (up to three lists of DATAKWALITEIT_MAX_REGELS; a {% url %} per line took a
    third of the dashboard's template time)."""
    voor, _merk, na = reverse("deelnemer", args=[regio_slug, "NUMMER"]).rpartition("NUMMER")

    def regels(verwijzingen: Sequence[figuren.TrajectVerwijzing]) -> tuple[Regel, ...]:
        return tuple(
            Regel(
                v.deelnemernummer,
                voor + quote(v.deelnemernummer, safe=RFC3986_SUBDELIMS + "/~:@") + na,
                v.laatste_contact,
            )
            for v in verwijzingen
        )

    return {
        "zonder_startdatum": regels(datakwaliteit.zonder_startdatum_trajecten),
        "geen_contact": regels(datakwaliteit.geen_contact_trajecten),
        "financiering_onbekend": regels(datakwaliteit.financiering_onbekend_trajecten),
    }


# --- Headline ------------------------------------------------------------------------------------------------


def _kaarten(
    c: Cijfers, kr: dict, ks: dict | None, regio: Figuren, selectie: Figuren | None, selectie_naam: str
) -> list[Kaart]:
    jaar = regio.periode.tot.year
    stand = _datum(regio.stand)
    verschil = regio.verschil_met_pro_rata
    # A hidden count of the year so far hides what would give it back: its share of the target, the gap
    # with the target naar rato and the forecast (the pace × the year).
    verborgen = c.verborgen(kr["gestart_in_jaar"])
    kaarten = [
        Kaart(
            f"Gestart in {jaar}",
            c.t(kr["gestart_in_jaar"]),
            f"tot en met {stand}, alle methoden, van het doel van {regio.doel}"
            + (
                f" ({figuren.Verhouding(regio.gestart_in_jaar, regio.doel).tekst})"
                if regio.doel and not verborgen
                else ""
            ),
        ),
        Kaart(
            f"Doel naar rato op {stand}",
            _getal(regio.pro_rata_doel, PRECISIE["pro_rata_doel"]),
            "het deel van het jaardoel dat er op deze dag zou moeten zijn",
            ""
            if verborgen
            else (
                (f"Voor op schema: {_getal(verschil, 1)} meer" if verschil > 0 else "Op schema")
                if regio.op_schema
                else f"Achter op schema: {_getal(-verschil, 1)} minder"
            ),
            "succes" if regio.op_schema else "waarschuwing",
        ),
        Kaart(
            f"Prognose eind {jaar}",
            "—" if verborgen else _getal(regio.prognose, PRECISIE["prognose"]),
            "bij het tempo tot nu toe (een rechte lijn)",
            ""
            if verborgen
            else {True: "Haalt het doel", False: "Haalt het doel niet", None: "Nog geen prognose"}[
                regio.prognose_haalt_doel
            ],
            {True: "succes", False: "waarschuwing", None: "grijs"}[regio.prognose_haalt_doel],
        ),
        Kaart(
            f"Lopend op {_datum(_lopend_op(regio))}",
            c.t(kr["lopend"]),
            "trajecten die op die dag liepen, alle methoden",
        ),
    ]
    if selectie is not None and ks is not None:
        if c.verborgen(ks["gestart_in_jaar"], kr["gestart_in_jaar"]):
            aandeel = ""
        elif regio.gestart_in_jaar:
            aandeel = f"{figuren.Verhouding(selectie.gestart_in_jaar, regio.gestart_in_jaar).tekst} van de regio"
        else:
            aandeel = "de regio heeft nog geen gestarte trajecten"
        kaarten.append(Kaart(f"Gestart in {jaar}: {selectie_naam}", c.t(ks["gestart_in_jaar"]), aandeel))
    return kaarten


def _pijplijnkaart(verdeling: figuren.Doelverdeling, *, met_aantallen: bool, verborgen: bool = False) -> Kaart:
    """The pipeline forecast as a range beside the straight-line one. The open referrals and intakes are
    small counts of the region: named only to those who see unsuppressed figures. Not shown when the
    region's starts this year are hidden (the range starts from them)."""
    p = verdeling.pijplijn
    doel = verdeling.regio.doel
    titel = f"Prognose uit de pijplijn, eind {verdeling.jaar}"
    if verborgen:
        return Kaart(titel, "—", "niet getoond: het aantal gestarte trajecten is klein")
    toelichting = (
        f"{p.open_aanmeldingen} open aanmeldingen en {p.open_intakes} open intakes, omgezet zoals in de laatste "
        f"12 maanden ({p.conversie_aanmelding.tekst} van de aanmeldingen en {p.conversie_intake.tekst} van de "
        "intakes startte); de hoge kant telt ook de aanmeldingen die dit jaar nog komen, in het tempo van de "
        "laatste 12 maanden"
        if met_aantallen
        else "de open aanmeldingen en intakes, omgezet zoals in de laatste 12 maanden; de hoge kant telt ook de "
        "aanmeldingen die dit jaar nog komen"
    )
    oordeel, soort = pijplijn_oordeel(p, doel)
    waarde = f"{_getal(p.laag, PRECISIE['prognose'])} tot {_getal(p.hoog, PRECISIE['prognose'])}"
    return Kaart(titel, waarde, toelichting, oordeel, soort)


def pijplijn_oordeel(p: figuren.Pijplijn, doel: int) -> tuple[str, str]:
    if p.laag >= doel:
        return "Haalt het doel", "succes"
    if p.hoog < doel:
        return "Haalt het doel niet", "waarschuwing"
    return "Doel binnen bereik", "grijs"


def _voortgang(c: Cijfers, kr: dict, regio: Figuren) -> Grafiek:
    jaar = regio.periode.tot.year
    verborgen = c.verborgen(kr["gestart_in_jaar"])
    markeringen = [svg.Markering("pro rata", regio.pro_rata_doel)]
    if regio.prognose is not None:
        markeringen.append(svg.Markering("prognose", regio.prognose, stippel=True))
    titel = f"Gestarte trajecten in {jaar} tegen het doel van {regio.doel}"
    rijen = [
        ("Doel", str(regio.doel)),
        (f"Gestart tot en met {_datum(regio.stand)}", c.t(kr["gestart_in_jaar"])),
        (f"Doel naar rato op {_datum(regio.stand)}", _getal(regio.pro_rata_doel, PRECISIE["pro_rata_doel"])),
        (f"Prognose eind {jaar}", "—" if verborgen else _getal(regio.prognose, PRECISIE["prognose"])),
    ]
    return Grafiek(
        svg=None
        if verborgen
        else svg.voortgangsbalk(
            naam="voortgang",
            titel=titel,
            waarde=regio.gestart_in_jaar,
            doel=regio.doel,
            markeringen=markeringen,
            waarde_label=f"{regio.gestart_in_jaar} gestart",
        ),
        tabel=Tabel(
            id="voortgang-tabel",
            titel=titel,
            label_kop="Cijfer",
            kolommen=("Aantal",),
            rijen=tuple((label, (waarde,)) for label, waarde in rijen),
        ),
    )


@dataclass(frozen=True)
class Verdeling:
    """The target's split on the dashboard: one chart (with its table) per split, gemeenten and partners."""

    jaar: int
    stand: datetime.date
    verdeeld: bool  # a split is in force
    grafieken: tuple[Grafiek, ...]
    geen_eigen_deel: bool = False  # a bestuurder whose organisation has no part of the target
    kan_instellen: bool = False  # the projectleider: a link to the target's page


def _doelverdeling(c: Cijfers, sleutels: dict, verdeling: figuren.Doelverdeling, scope: DashboardScope) -> Verdeling:
    """Each gemeente's and partner's starts this year against its part of the target, naar rato.

    The projectleider sees every part. A bestuurder sees only its own organisation's part beside the region
    (other organisations' counts would be a breakdown), its count from the page's suppressed document: a
    hidden count gets no bar, percentage or verdict."""
    stand = _datum(verdeling.stand)
    if scope.onderdrukken:
        eigen = verdeling.deel_van(scope.organisatie.pk) if scope.organisatie else None
        groepen = [("eigen", "Je organisatie", (eigen,) if eigen else ())]
    else:
        groepen = [("gemeenten", "Per gemeente", verdeling.gemeenten), ("partners", "Per partner", verdeling.partners)]
    grafieken = []
    for sleutel, kop, delen in groepen:
        if not delen:
            continue
        rijen = []
        for deel in (*delen, verdeling.regio):
            s = sleutels["regio" if deel is verdeling.regio else deel.sleutel]
            rijen.append((deel, c.t(s), c.verborgen(s)))
        titel = (
            f"{kop}: gestart in {verdeling.jaar} (alle methoden) tegen het eigen deel van het doel, "
            f"naar rato op {stand}"
        )
        grafieken.append(
            Grafiek(
                svg=svg.koersbalken(
                    naam=f"koers-{sleutel}",
                    titel=titel,
                    rijen=[
                        svg.Koers(
                            "Hele regio" if deel is verdeling.regio else deel.label,
                            tekst,
                            deel.pro_rata_doel,
                            None if verborgen else deel.procent_van_pro_rata,
                        )
                        for deel, tekst, verborgen in rijen
                    ],
                ),
                tabel=Tabel(
                    id=f"koers-{sleutel}-tabel",
                    titel=titel,
                    label_kop="Gemeente" if sleutel == "gemeenten" else "Partner" if sleutel == "partners" else "",
                    kolommen=(
                        "Deel van het doel",
                        f"Doel naar rato op {stand}",
                        f"Gestart tot en met {stand}",
                        "Van naar rato",
                        "Op schema",
                    ),
                    rijen=tuple(
                        (
                            "Hele regio" if deel is verdeling.regio else deel.label,
                            (
                                str(deel.doel),
                                _getal(deel.pro_rata_doel, PRECISIE["pro_rata_doel"]),
                                tekst,
                                "—"
                                if verborgen or deel.procent_van_pro_rata is None
                                else f"{_getal(deel.procent_van_pro_rata, PRECISIE['percentage'])}%",
                                "—" if verborgen else ("op schema" if deel.op_schema else "achter op schema"),
                            ),
                        )
                        for deel, tekst, verborgen in rijen
                    ),
                ),
            )
        )
    return Verdeling(
        jaar=verdeling.jaar,
        stand=verdeling.stand,
        verdeeld=verdeling.versie is not None and bool(verdeling.delen),
        grafieken=tuple(grafieken),
        geen_eigen_deel=scope.onderdrukken and not grafieken and bool(verdeling.delen),
        kan_instellen=scope.organisatie is None,
    )


def _kerncijfers(
    c: Cijfers,
    kr: dict,
    ks: dict | None,
    regio: Figuren,
    selectie: Figuren | None,
    selectie_naam: str,
    regio_naam: str,
) -> Tabel:
    kolommen = [(f, k) for f, k in ((selectie, ks), (regio, kr)) if f is not None]

    def rij(label: str, waarde) -> tuple[str, tuple[str, ...]]:
        return label, tuple(waarde(f, k) for f, k in kolommen)

    return Tabel(
        id="kerncijfers",
        titel=f"Kerncijfers {regio.periode.label}",
        label_kop="Cijfer",
        kolommen=tuple(([selectie_naam] if selectie else []) + [f"Regio {regio_naam}"]),
        rijen=(
            rij("Aangemeld", lambda f, k: c.t(k["aangemeld"])),
            rij("Gestart (alle methoden)", lambda f, k: c.t(k["gestart"])),
            rij(f"Lopend op {_datum(_lopend_op(regio))} (alle methoden)", lambda f, k: c.t(k["lopend"])),
            rij("Trajecten actief in de periode", lambda f, k: c.t(k["actief"])),
            rij("Unieke deelnemers actief in de periode", lambda f, k: c.t(k["unieke_deelnemers"])),
            rij("Plaatsingen in betaald werk", lambda f, k: c.t(k["plaatsingen"])),
            rij("Duurzaam geworden plaatsingen", lambda f, k: c.t(k["duurzame_plaatsingen"])),
            rij(
                "Werkpercentage, alleen IPS-trajecten",
                lambda f, k: c.procent(f.ips_werkpercentage, k["ips_teller"], k["ips_noemer"]),
            ),
            rij(
                "Werkpercentage, alle methoden",
                lambda f, k: c.procent(f.werkpercentage_alle_methoden, k["alle_teller"], k["alle_noemer"]),
            ),
            rij(
                "Aandeel met peer support, alle methoden",
                lambda f, k: c.procent(f.aandeel_peer_support, k["peer_teller"], k["peer_noemer"]),
            ),
        ),
    )


def _indicatoren(c: Cijfers, k: dict, f: Figuren) -> tuple[figuren.Indicator, ...]:
    """The IPS indicators, their counts from the page's document (shares), or left out where the document
    has them not (how many trajectories were within the norm)."""
    uit = []
    dagen = f.dagen_tot_eerste_werkgeverscontact
    for indicator in f.ips_indicatoren:
        waarde = indicator.waarde
        if indicator.sleutel == "werkpercentage" and f.ips_werkpercentage.noemer:
            waarde = c.procent(f.ips_werkpercentage, k["ips_teller"], k["ips_noemer"])
        elif indicator.sleutel == "peer_support" and f.aandeel_peer_support.noemer:
            waarde = c.procent(f.aandeel_peer_support, k["peer_teller"], k["peer_noemer"])
        elif indicator.sleutel == "dagen_tot_werkgeverscontact" and dagen.mediaan is not None and c.onderdrukken:
            waarde = f"{_getal(dagen.mediaan, PRECISIE['dagen'])} dagen (mediaan)"
        uit.append(dataclasses.replace(indicator, waarde=waarde))
    return tuple(uit)


# --- Charts with their tables ----------------------------------------------------------------------------------


def _funnel(c: Cijfers, k: dict, f: Figuren, naam: str) -> Grafiek:
    titel = f"Van aanmelding tot duurzaam werk, {f.periode.label}: {naam}"
    stappen = f.funnel.stappen()
    sleutels = [k[s] for s in ("aangemeld", "intake", "gestart", "eerste_betaald_werk", "duurzaam_trajecten")]
    return Grafiek(
        # Bar lengths would give hidden values away: a chart only when every value is shown.
        svg=None if c.verborgen(*sleutels) else svg.staafdiagram(naam="funnel", titel=titel, reeks=stappen),
        tabel=Tabel(
            id="funnel-tabel",
            titel=titel,
            label_kop="Stap",
            kolommen=("Trajecten",),
            rijen=tuple((label, (c.t(s),)) for (label, _a), s in zip(stappen, sleutels, strict=True)),
        ),
    )


def _trend(c: Cijfers, sleutels: list[str], trend: Sequence[tuple[datetime.date, int]], naam: str) -> Grafiek:
    titel = f"Gestarte trajecten per maand, {_maand(trend[0][0])} tot en met {_maand(trend[-1][0])}: {naam}"
    return Grafiek(
        svg=None
        if c.verborgen(*sleutels)
        else svg.kolomdiagram(
            naam="trend",
            titel=titel,
            reeks=list(zip(datums.maandlabels([maand for maand, _ in trend]), (a for _, a in trend), strict=True)),
        ),
        tabel=Tabel(
            id="trend-tabel",
            titel=titel,
            label_kop="Maand",
            kolommen=("Gestart",),
            rijen=tuple((_maand(maand), (c.t(s),)) for (maand, _a), s in zip(trend, sleutels, strict=True)),
        ),
    )


def _per_gemeente(c: Cijfers, regio: Figuren, cellen: list[dict], kr: dict) -> Grafiek:
    """All gemeenten of the region; for a bestuurder suppressed with the rest of the page (its own gemeente's
    row is the same figure as its own column of the key figures)."""
    titel = f"Per gemeente, {regio.periode.label}"
    tabel = _uitsplitsing(c, "per-gemeente", titel, "Gemeente", regio.per_gemeente, cellen, kr)
    if c.onderdrukken:
        return Grafiek(svg=None, tabel=tabel)
    return Grafiek(
        svg=svg.staafdiagram(
            naam="per-gemeente-grafiek",
            titel=f"Gestarte trajecten per gemeente, {regio.periode.label}",
            reeks=[(r.label, r.gestart) for r in regio.per_gemeente],
        ),
        tabel=tabel,
    )


# --- Tables --------------------------------------------------------------------------------------------------

KOLOMMEN = (("gestart", "Gestart"), ("lopend", "Lopend op de standdatum"), ("plaatsingen", "Plaatsingen"))


def _uitsplitsing(
    c: Cijfers,
    id_: str,
    titel: str,
    label_kop: str,
    rijen: Sequence[Uitsplitsing],
    cellen: list[dict],
    totalen: dict,
) -> Tabel:
    """A breakdown table with the document's texts: each row's cells and the column totals."""
    return Tabel(
        id=id_,
        titel=titel,
        label_kop=label_kop,
        kolommen=tuple(kop for _, kop in KOLOMMEN),
        rijen=tuple(
            (r.label, tuple(c.t(rij[k]) for k, _kop in KOLOMMEN)) for r, rij in zip(rijen, cellen, strict=True)
        ),
        totaal=tuple(c.t(totalen[k]) for k, _kop in KOLOMMEN),
    )


def _lopend_op(f: Figuren) -> datetime.date:
    # `lopend` is counted on `stand`: the period's last day, or today inside a running period ("Lopend op
    # 2 december" counts on 2 December).
    return f.stand


# --- Formatting ----------------------------------------------------------------------------------------------


def _datum(datum: datetime.date) -> str:
    return datums.datum(datum)


def _maand(datum: datetime.date) -> str:
    return datums.maand(datum)


_getal = figuren.getal_tekst  # the figures' one rounding and formatting rule


# --- The counts of the page as one document ----------------------------------------------------------------------

# Counts of a Figuren that are parts of the same count of a wider scope (the selection's of the region's).
OPTELBAAR = (
    "aangemeld",
    "intake",
    "eerste_betaald_werk",
    "duurzaam_trajecten",
    "plaatsingen",
    "duurzame_plaatsingen",
    "lopend",
    "actief",
    "unieke_deelnemers",
    "ips_teller",
    "ips_noemer",
    "alle_teller",
    "alle_noemer",
    "peer_teller",
)


class Cijfers:
    """Every count the dashboard prints, collected in one `figuren.Document` and, for a reader who gets
    suppressed figures (bestuurders), suppressed together with the totals and headline figures of the page
    (issue 15 point 3): "<5" for 1-4, "•" for complementary cells (ONDERDRUKKING_LEGENDA). For the
    projectleider every count is printed as it is.

    A count of trajectories started is keyed by what it counts — scope and date range, the range cut off at
    the peildatum (nothing is dated later) — so the same number shown as "gestart in de periode", "gestart in
    2026", a quarter or a month is one figure of the document, as a reader would take it."""

    def __init__(self, *, onderdrukken: bool, peildatum: datetime.date) -> None:
        self.document = figuren.Document()
        self.onderdrukken = onderdrukken
        self.peildatum = peildatum

    def tel(self, sleutel: str, waarde: int) -> str:
        """Register a count; returns its key (another one if that key holds a different number)."""
        waarde = int(waarde)
        while self.document.waarden.get(sleutel, waarde) != waarde:
            sleutel += "'"
        return self.document.cijfer(sleutel, waarde)

    def gestart(self, scope: str, van: datetime.date, tot: datetime.date, waarde: int) -> str:
        return self.tel(f"{scope}.gestart:{van}:{min(tot, self.peildatum)}", waarde)

    def deel(self, totaal: str, cellen: Sequence[str]) -> None:
        """The `cellen` are parts of `totaal` (they add up to it, or less). Left out when the numbers
        disagree (the relation then does not hold, and a reader cannot use it either)."""
        waarden = self.document.waarden
        cellen = [c for c in dict.fromkeys(cellen) if c != totaal]
        if cellen and sum(waarden[c] for c in cellen) <= waarden[totaal]:
            self.document.delingen.append((totaal, cellen))

    def figuren(self, scope: str, f: Figuren, *, trechter: bool = True) -> dict[str, str]:
        """The counts of one Figuren the page shows (the funnel's own stages only when it shows the funnel:
        every figure of the document must be a printed one); returns name -> key."""
        jaar_van = datetime.date(f.periode.tot.year, 1, 1)
        k = {
            "gestart": self.gestart(scope, f.periode.van, f.periode.tot, f.gestart),
            "gestart_in_jaar": self.gestart(scope, jaar_van, f.stand, f.gestart_in_jaar),
        }
        trechterstappen = (
            (
                ("intake", f.funnel.intake),
                ("eerste_betaald_werk", f.funnel.eerste_betaald_werk),
                ("duurzaam_trajecten", f.funnel.duurzaam),
            )
            if trechter
            else ()
        )
        for naam, waarde in (
            ("aangemeld", f.funnel.aangemeld),
            *trechterstappen,
            ("plaatsingen", f.plaatsingen),
            ("duurzame_plaatsingen", f.duurzame_plaatsingen),
            ("lopend", f.lopend),
            ("actief", f.actief),
            ("unieke_deelnemers", f.unieke_deelnemers),
            ("ips_teller", f.ips_werkpercentage.teller),
            ("ips_noemer", f.ips_werkpercentage.noemer),
            ("alle_teller", f.werkpercentage_alle_methoden.teller),
            ("alle_noemer", f.werkpercentage_alle_methoden.noemer),
            ("peer_teller", f.aandeel_peer_support.teller),
        ):
            k[naam] = self.tel(f"{scope}.{naam}", waarde)
        k["peer_noemer"] = k["actief"]  # the same count: trajectories active in the period
        if f.periode.van.year == f.periode.tot.year:
            self.deel(k["gestart_in_jaar"], [k["gestart"]])  # the period is part of its year so far
        return k

    def kwartalen(self, scope: str, f: Figuren, k: dict[str, str]) -> list[str]:
        """The quarters of the year (whole quarters, as `per_kwartaal` counts them)."""
        jaar = f.periode.tot.year
        perioden = [Periode.kwartaal(jaar, int(t.sleutel)) for t in f.per_kwartaal]
        sleutels = [self.gestart(scope, p.van, p.tot, t.aantal) for p, t in zip(perioden, f.per_kwartaal, strict=True)]
        # The whole year, where the page prints it (the year as the period): every figure of the document is a
        # printed one, or the routine would count on a total the reader does not have.
        jaar_sleutel = f"{scope}.gestart:{datetime.date(jaar, 1, 1)}:{min(datetime.date(jaar, 12, 31), self.peildatum)}"
        if jaar_sleutel in self.document.waarden:
            self.deel(jaar_sleutel, sleutels)
        for n, p in enumerate(perioden, start=1):
            if min(p.tot, self.peildatum) == f.stand:  # the quarters so far are the year so far
                self.deel(k["gestart_in_jaar"], sleutels[:n])
        return sleutels

    def maanden(self, scope: str, f: Figuren, k: dict[str, str], trend, kwartalen: list[str]) -> list[str]:
        """The months of the trend (the last one up to `f.stand`), parts of their quarter and year."""
        sleutels = []
        for maand, aantal in trend:
            einde = min(figuren.Periode.maand(maand.year, maand.month).tot, f.stand)
            sleutels.append(self.gestart(scope, maand, einde, aantal))
        jaar = f.periode.tot.year
        self.deel(
            k["gestart_in_jaar"], [s for (maand, _a), s in zip(trend, sleutels, strict=True) if maand.year == jaar]
        )
        if f.stand.year == jaar:
            for i, kwartaal in enumerate(kwartalen, start=1):
                binnen = [
                    s
                    for (maand, _a), s in zip(trend, sleutels, strict=True)
                    if maand.year == jaar and (maand.month - 1) // 3 + 1 == i
                ]
                if binnen:
                    self.deel(kwartaal, binnen)
        return sleutels

    def tabel(self, scope: str, naam: str, rijen: Sequence[Uitsplitsing], k: dict[str, str], *, zelfde=None) -> list:
        """A breakdown: each column part of its total. `zelfde`: row key -> the keys of a scope that row is
        (a gemeente's row when that gemeente is the selection)."""
        zelfde = zelfde or {}
        uit = []
        for r in rijen:
            if r.sleutel in zelfde:
                uit.append({kolom: zelfde[r.sleutel][kolom] for kolom, _kop in KOLOMMEN})
                continue
            cellen = {"gestart": self.tel(f"{scope}.{naam}:{r.sleutel}.gestart", r.gestart)}
            cellen["lopend"] = self.tel(f"{scope}.{naam}:{r.sleutel}.lopend", r.lopend)
            cellen["plaatsingen"] = self.tel(f"{scope}.{naam}:{r.sleutel}.plaatsingen", r.plaatsingen)
            uit.append(cellen)
        for kolom, _kop in KOLOMMEN:
            self.deel(k[kolom], [cellen[kolom] for cellen in uit])
        return uit

    def klaar(self) -> Cijfers:
        if self.onderdrukken:
            self.document.onderdruk()
        else:
            self.document.teksten = {sleutel: str(waarde) for sleutel, waarde in self.document.waarden.items()}
        return self

    def t(self, sleutel: str) -> str:
        return self.document.tekst(sleutel)

    def verborgen(self, *sleutels: str) -> bool:
        return self.document.verborgen(*sleutels)

    def procent(self, verhouding: figuren.Verhouding, teller: str, noemer: str) -> str:
        """ "12,5% (2 van 16)"; hidden parts as the document prints them, no percentage then."""
        if verhouding.percentage is None and not self.verborgen(teller, noemer):
            return "—"
        return f"{self.document.procent(verhouding, teller, noemer)} ({self.t(teller)} van {self.t(noemer)})"
