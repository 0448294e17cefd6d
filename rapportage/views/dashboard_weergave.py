"""From figures to what the dashboard shows: headline cards, tables and charts.

Small-cell suppression for bestuurders (`scope.onderdrukken`): every table that breaks figures down by
a characteristic of the participants — where they live (per gemeente), their method, provider,
referrer, funding stream (which tells their benefit) and why their trajectory ended (which can tell
their health) — shows counts 1-4 as "<5" with complementary suppression per column
(`figuren.onderdruk`), and its total unless that is 1-4 itself. Such breakdowns get no chart for
bestuurders, since bar lengths would give the numbers away. Totals of the region or of the
bestuurder's own scope (started, running, placements, the funnel, the IPS rate) are the figures the
covenant is about and are shown as they are. Projectleiders see everything unsuppressed.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote

from django.urls import reverse
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.safestring import SafeString

from hoofdzaak import datums
from hoofdzaak.models import Organisatie, Soort

from .. import figuren, svg
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

    uitsplitsingen = []
    if selectie and scope.organisatie is not None and scope.organisatie.soort != Soort.GEMEENTE:
        uitsplitsingen.append(
            _uitsplitsing("sel-gemeente", f"Per woongemeente: {naam}", "Gemeente", f.per_gemeente, onderdrukken)
        )
    uitsplitsingen += [
        _uitsplitsing("per-methode", f"Per methode: {naam}", "Methode", f.per_methode, onderdrukken),
        _uitsplitsing("per-aanbieder", f"Per aanbieder: {naam}", "Aanbieder", f.per_aanbieder, onderdrukken),
        _uitsplitsing("per-verwijzer", f"Per verwijzer: {naam}", "Verwijzer", f.per_verwijzer, onderdrukken),
        _uitsplitsing(
            "per-financiering",
            f"Per financieringsstroom: {naam}",
            "Financieringsstroom",
            f.per_financieringsstroom,
            onderdrukken,
        ),
        _tellingen("eindredenen", f"Reden van beëindiging: {naam}", "Reden", "Beëindigd", f.eindredenen, onderdrukken),
    ]
    datakwaliteit = f.datakwaliteit if scope.deelnemernummers else None
    verdeling = figuren.doelverdeling(regio=scope.regio, jaar=regio_figuren.periode.tot.year, peildatum=peildatum)
    kaarten = _kaarten(regio_figuren, selectie, selectie_naam)
    if verdeling.pijplijn is not None:
        kaarten.insert(3, _pijplijnkaart(verdeling, met_aantallen=not onderdrukken))
    return {
        "periode": periode,
        "peildatum": peildatum,
        "regio_figuren": regio_figuren,
        "selectie": selectie,
        "selectie_naam": selectie_naam,
        "figuren": f,
        "onderdrukt": onderdrukken,
        "kaarten": kaarten,
        "voortgang": _voortgang(regio_figuren),
        "doelverdeling": _doelverdeling(verdeling, scope),
        "kerncijfers": _kerncijfers(regio_figuren, selectie, selectie_naam, scope.regio.naam),
        "funnel": _funnel(f, naam),
        "trend": _trend(trend, naam),
        "kwartalen": Tabel(
            id="kwartalen",
            titel=f"Gestart per kwartaal in {f.periode.tot.year}: {naam}",
            label_kop="Kwartaal",
            kolommen=("Gestart",),
            rijen=tuple((t.label, (str(t.aantal),)) for t in f.per_kwartaal),
        ),
        "indicatoren": f.ips_indicatoren,
        "per_gemeente": _per_gemeente(regio_figuren, onderdrukken, eigen_gemeente_id=scope.filters.gemeente_id),
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


def _kaarten(regio: Figuren, selectie: Figuren | None, selectie_naam: str) -> list[Kaart]:
    jaar = regio.periode.tot.year
    stand = _datum(regio.stand)
    verschil = regio.verschil_met_pro_rata
    kaarten = [
        Kaart(
            f"Gestart in {jaar}",
            str(regio.gestart_in_jaar),
            f"tot en met {stand}, van het doel van {regio.doel}"
            + (f" ({_getal(100 * regio.gestart_in_jaar / regio.doel, 0)}%)" if regio.doel else ""),
        ),
        Kaart(
            f"Doel naar rato op {stand}",
            _getal(regio.pro_rata_doel, 1),
            "het deel van het jaardoel dat er op deze dag zou moeten zijn",
            (f"Voor op schema: {_getal(verschil, 1)} meer" if verschil > 0 else "Op schema")
            if regio.op_schema
            else f"Achter op schema: {_getal(-verschil, 1)} minder",
            "succes" if regio.op_schema else "waarschuwing",
        ),
        Kaart(
            f"Prognose eind {jaar}",
            _getal(regio.prognose, PRECISIE["prognose"]),
            "bij het tempo tot nu toe",
            {True: "Haalt het doel", False: "Haalt het doel niet", None: "Nog geen prognose"}[
                regio.prognose_haalt_doel
            ],
            {True: "succes", False: "waarschuwing", None: "grijs"}[regio.prognose_haalt_doel],
        ),
        Kaart(f"Lopend op {_datum(_lopend_op(regio))}", str(regio.lopend), "trajecten die toen liepen"),
    ]
    if selectie is not None:
        aandeel = (
            f"{_getal(100 * selectie.gestart_in_jaar / regio.gestart_in_jaar, 0)}% van de regio"
            if regio.gestart_in_jaar
            else "de regio heeft nog geen gestarte trajecten"
        )
        kaarten.append(Kaart(f"Gestart in {jaar}: {selectie_naam}", str(selectie.gestart_in_jaar), aandeel))
    return kaarten


def _pijplijnkaart(verdeling: figuren.Doelverdeling, *, met_aantallen: bool) -> Kaart:
    """The pipeline forecast as a range beside the straight-line one. The open referrals and intakes are
    small counts of the region: named only to those who see unsuppressed figures."""
    p = verdeling.pijplijn
    doel = verdeling.regio.doel
    toelichting = (
        f"{p.open_aanmeldingen} open aanmeldingen en {p.open_intakes} open intakes, omgezet zoals in de laatste "
        f"12 maanden ({p.conversie_aanmelding.tekst} van de aanmeldingen en {p.conversie_intake.tekst} van de "
        "intakes startte); de hoge kant telt ook de aanmeldingen die dit jaar nog komen, in het tempo van de "
        "laatste 12 maanden"
        if met_aantallen
        else "de open aanmeldingen en intakes, omgezet zoals in de laatste 12 maanden; de hoge kant telt ook de "
        "aanmeldingen die dit jaar nog komen"
    )
    if p.laag >= doel:
        oordeel, soort = "Haalt het doel", "succes"
    elif p.hoog < doel:
        oordeel, soort = "Haalt het doel niet", "waarschuwing"
    else:
        oordeel, soort = "Doel binnen bereik", "grijs"
    waarde = f"{_getal(p.laag, PRECISIE['prognose'])} tot {_getal(p.hoog, PRECISIE['prognose'])}"
    return Kaart(f"Prognose uit de pijplijn, eind {verdeling.jaar}", waarde, toelichting, oordeel, soort)


def _voortgang(regio: Figuren) -> Grafiek:
    jaar = regio.periode.tot.year
    markeringen = [svg.Markering("pro rata", regio.pro_rata_doel)]
    if regio.prognose is not None:
        markeringen.append(svg.Markering("prognose", regio.prognose, stippel=True))
    titel = f"Gestarte trajecten in {jaar} tegen het doel van {regio.doel}"
    rijen = [
        ("Doel", str(regio.doel)),
        (f"Gestart tot en met {_datum(regio.stand)}", str(regio.gestart_in_jaar)),
        (f"Doel naar rato op {_datum(regio.stand)}", _getal(regio.pro_rata_doel, 1)),
        (f"Prognose eind {jaar}", _getal(regio.prognose, PRECISIE["prognose"])),
    ]
    return Grafiek(
        svg=svg.voortgangsbalk(
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


def _doelverdeling(verdeling: figuren.Doelverdeling, scope: DashboardScope) -> Verdeling:
    """Each gemeente's and partner's starts this year against its part of the target, naar rato.

    The projectleider sees every part. A bestuurder sees only its own organisation's part beside the region
    (other organisations' counts would be a breakdown): its count, a figure it could not see elsewhere for a
    partner whose dashboard scope is another (UWV refers, the part counts what it provides), is shown under
    the small-cell rule, "<5" for 1-4, and then without a percentage or verdict."""
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
            tekst = str(deel.gestart)
            if scope.onderdrukken and deel is not verdeling.regio:
                tekst = figuren.onderdruk({"deel": deel.gestart})["deel"]
            verborgen = tekst != str(deel.gestart)
            rijen.append((deel, tekst, verborgen))
        titel = f"{kop}: gestart in {verdeling.jaar} tegen het eigen deel van het doel, naar rato op {stand}"
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


def _kerncijfers(regio: Figuren, selectie: Figuren | None, selectie_naam: str, regio_naam: str) -> Tabel:
    kolommen = [f for f in (selectie, regio) if f is not None]

    def rij(label: str, waarde) -> tuple[str, tuple[str, ...]]:
        return label, tuple(waarde(f) for f in kolommen)

    return Tabel(
        id="kerncijfers",
        titel=f"Kerncijfers {regio.periode.label}",
        label_kop="Cijfer",
        kolommen=tuple(([selectie_naam] if selectie else []) + [f"Regio {regio_naam}"]),
        rijen=(
            rij("Aangemeld", lambda f: str(f.funnel.aangemeld)),
            rij("Gestart", lambda f: str(f.gestart)),
            rij(f"Lopend op {_datum(_lopend_op(regio))}", lambda f: str(f.lopend)),
            rij("Trajecten actief in de periode", lambda f: str(f.actief)),
            rij("Unieke deelnemers actief in de periode", lambda f: str(f.unieke_deelnemers)),
            rij("Plaatsingen in betaald werk", lambda f: str(f.plaatsingen)),
            rij("Duurzaam geworden plaatsingen", lambda f: str(f.duurzame_plaatsingen)),
            rij("Werkpercentage, alleen IPS-trajecten", lambda f: _procent(f.ips_werkpercentage)),
            rij("Werkpercentage, alle methoden", lambda f: _procent(f.werkpercentage_alle_methoden)),
            rij("Aandeel met peer support, alle methoden", lambda f: _procent(f.aandeel_peer_support)),
        ),
    )


# --- Charts with their tables ----------------------------------------------------------------------------------


def _funnel(f: Figuren, naam: str) -> Grafiek:
    titel = f"Van aanmelding tot duurzaam werk, {f.periode.label}: {naam}"
    stappen = f.funnel.stappen()
    return Grafiek(
        svg=svg.staafdiagram(naam="funnel", titel=titel, reeks=stappen),
        tabel=Tabel(
            id="funnel-tabel",
            titel=titel,
            label_kop="Stap",
            kolommen=("Trajecten",),
            rijen=tuple((label, (str(aantal),)) for label, aantal in stappen),
        ),
    )


def _trend(trend: Sequence[tuple[datetime.date, int]], naam: str) -> Grafiek:
    titel = f"Gestarte trajecten per maand, {_maand(trend[0][0])} tot en met {_maand(trend[-1][0])}: {naam}"
    return Grafiek(
        svg=svg.kolomdiagram(
            naam="trend",
            titel=titel,
            reeks=list(zip(datums.maandlabels([maand for maand, _ in trend]), (a for _, a in trend), strict=True)),
        ),
        tabel=Tabel(
            id="trend-tabel",
            titel=titel,
            label_kop="Maand",
            kolommen=("Gestart",),
            rijen=tuple((_maand(maand), (str(aantal),)) for maand, aantal in trend),
        ),
    )


def _per_gemeente(regio: Figuren, onderdrukken: bool, *, eigen_gemeente_id: int | None) -> Grafiek:
    """All gemeenten of the region. A gemeente's bestuurder sees its own row in full (its own figures are on
    the page anyway), so the other rows are suppressed among themselves: otherwise the region total minus
    its own, known, figure could give a single suppressed neighbour away."""
    titel = f"Per gemeente, {regio.periode.label}"
    tabel = _uitsplitsing(
        "per-gemeente",
        titel,
        "Gemeente",
        regio.per_gemeente,
        onderdrukken,
        openbaar=None if eigen_gemeente_id is None else str(eigen_gemeente_id),
    )
    if onderdrukken:
        return Grafiek(svg=None, tabel=tabel)
    return Grafiek(
        svg=svg.staafdiagram(
            naam="per-gemeente-grafiek",
            titel=f"Gestarte trajecten per gemeente, {regio.periode.label}",
            reeks=[(r.label, r.gestart) for r in regio.per_gemeente],
        ),
        tabel=tabel,
    )


# --- Tables, suppressed where needed ---------------------------------------------------------------------------

KOLOMMEN = (("gestart", "Gestart"), ("lopend", "Lopend op de standdatum"), ("plaatsingen", "Plaatsingen"))


def _uitsplitsing(
    id_: str,
    titel: str,
    label_kop: str,
    rijen: Sequence[Uitsplitsing],
    onderdrukken: bool,
    *,
    openbaar: str | None = None,
) -> Tabel:
    """A breakdown table; with `onderdrukken` each column suppressed as one set of cells, except the row
    whose key is `openbaar` (shown in full, and left out of the suppression of the others)."""
    open_index = next((i for i, r in enumerate(rijen) if r.sleutel == openbaar), None)
    kolommen = [
        _kolom([getattr(r, sleutel) for r in rijen], onderdrukken, open_index=open_index) for sleutel, _ in KOLOMMEN
    ]
    return Tabel(
        id=id_,
        titel=titel,
        label_kop=label_kop,
        kolommen=tuple(kop for _, kop in KOLOMMEN),
        rijen=tuple((r.label, tuple(k[0][i] for k in kolommen)) for i, r in enumerate(rijen)),
        totaal=tuple(k[1] for k in kolommen),
    )


def _tellingen(
    id_: str, titel: str, label_kop: str, kop: str, rijen: Sequence[figuren.Telling], onderdrukken: bool
) -> Tabel:
    cellen, totaal = _kolom([t.aantal for t in rijen], onderdrukken)
    return Tabel(
        id=id_,
        titel=titel,
        label_kop=label_kop,
        kolommen=(kop,),
        rijen=tuple((t.label, (cellen[i],)) for i, t in enumerate(rijen)),
        totaal=(totaal,),
    )


def _kolom(aantallen: list[int], onderdrukken: bool, *, open_index: int | None = None) -> tuple[list[str], str]:
    """One column as text, and its total; suppressed as one set of cells when asked (the cell at
    `open_index` excepted: the reader knows it already)."""
    totaal = sum(aantallen)
    if not onderdrukken:
        return [str(a) for a in aantallen], str(totaal)
    getoond = figuren.onderdruk({f"{i:04d}": a for i, a in enumerate(aantallen) if i != open_index})
    cellen = [str(a) if i == open_index else getoond[f"{i:04d}"] for i, a in enumerate(aantallen)]
    return cellen, figuren.onderdruk({"totaal": totaal})["totaal"]


def _lopend_op(f: Figuren) -> datetime.date:
    # `lopend` is counted on the last day of the period; no trajectory starts or ends in the future, so
    # for a period that is still running that is the same as today, the date the user expects to read.
    return f.stand


# --- Formatting ----------------------------------------------------------------------------------------------


def _datum(datum: datetime.date) -> str:
    return datums.datum(datum)


def _maand(datum: datetime.date) -> str:
    return datums.maand(datum)


_getal = figuren.getal_tekst  # the figures' one rounding and formatting rule


def _procent(verhouding: figuren.Verhouding) -> str:
    if verhouding.percentage is None:
        return "—"
    return f"{verhouding.tekst} ({verhouding.teller} van {verhouding.noemer})"
