"""Report content: from `rapportage.figuren` to the context of the PDF templates.

No figure is computed here: every number comes from `figuren.bereken` / `figuren.maandtrend`, except
the few employer counts figuren does not cover (`werkgeverscijfers`, small queries on werkgevers).
What happens here is choosing the periods and filters, and suppressing small cells: reports are read
by bestuurders, so every breakdown table shows 1-4 as "<5", with complementary suppression
(`figuren.onderdruk`). That covers the breakdowns by personal characteristic (where participants live,
their method, why their trajectory ended) and also those by provider and referrer, which would
otherwise give a small gemeente's cells away (its gemeente is often the referrer). No participant
numbers ever appear: of the data quality checks only the counts are shown.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.safestring import mark_safe

from hoofdzaak import datums
from hoofdzaak.models import Organisatie, Regio
from trajecten.models import Plaatsing
from werkgevers.models import Betrokkenheid, VacatureStatus, Werkgever, Werkgeverscontact

from .. import figuren
from ..figuren import Filters, Periode
from .models import Rapport, RapportSoort

KWARTAAL_TEMPLATE = "rapportage/pdf/kwartaal.html"
MAAND_TEMPLATE = "rapportage/pdf/maand.html"
ORGANISATIE_TEMPLATE = "rapportage/pdf/organisatie.html"
KOLOMMEN = ("gestart", "lopend", "plaatsingen")
# (key, column header) of the breakdown tables in templates/rapportage/pdf/_tabel.html.
KOLOMMEN_TRAJECT = [("gestart", "Gestart"), ("lopend", "Lopend"), ("plaatsingen", "Plaatsingen")]
KOLOMMEN_AANTAL = [("aantal", "Aantal")]


def context_voor(rapport: Rapport, *, gemaakt_op: datetime.datetime | None = None) -> tuple[str, dict]:
    """(template, context) of the report's PDF, with the figures as they are now."""
    gemaakt_op = gemaakt_op or timezone.now()
    periode = Periode(rapport.periode_van, rapport.periode_tot)
    peildatum = timezone.localdate(gemaakt_op)
    basis = {
        "rapport": rapport,
        "regio": rapport.regio,
        "gemaakt_op": gemaakt_op,
        "periode": periode,
        "kolommen_traject": KOLOMMEN_TRAJECT,
        "kolommen_aantal": KOLOMMEN_AANTAL,
    }
    if rapport.soort == RapportSoort.KWARTAAL:
        return KWARTAAL_TEMPLATE, {**basis, **kwartaal_context(rapport.regio, periode, peildatum)}
    if rapport.soort == RapportSoort.ORGANISATIE:
        return ORGANISATIE_TEMPLATE, {**basis, **organisatie_context(rapport.regio, rapport.scope, periode, peildatum)}
    return MAAND_TEMPLATE, {**basis, **maand_context(rapport.regio, rapport.scope, periode, peildatum)}


# --- Small-cell suppression ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TabelRij:
    label: str
    cellen: dict[str, str]


@dataclass(frozen=True)
class Tabel:
    rijen: tuple[TabelRij, ...]
    totaal: dict[str, str]


def tabel_in(
    document: figuren.Document, naam: str, rijen: Sequence, totalen: dict[str, str], *, label=None
) -> _TabelOpzet:
    """A breakdown registered in the document (each column adds up to the figure `totalen[kolom]`); its
    `tekst()` after the document was suppressed."""
    return _TabelOpzet(document, naam, rijen, totalen, label or (lambda r: r.label))


@dataclass(frozen=True)
class _TabelOpzet:
    document: figuren.Document
    naam: str
    rijen: Sequence
    totalen: dict[str, str]
    label: object

    def __post_init__(self) -> None:
        self.document.tabel(self.naam, self.rijen, self.totalen)

    def tekst(self) -> Tabel:
        d = self.document
        return Tabel(
            rijen=tuple(
                TabelRij(self.label(r), {k: d.tekst(f"{self.naam}:{i}:{k}") for k in self.totalen})
                for i, r in enumerate(self.rijen)
            ),
            totaal={k: d.tekst(t) for k, t in self.totalen.items()},
        )


def onderdrukte_tabel(rijen: Sequence, kolommen: Sequence[str] = KOLOMMEN, *, label=lambda r: r.label) -> Tabel:
    """One breakdown on its own as a document (its column totals are its only other figures)."""
    document = figuren.Document()
    for kolom in kolommen:
        document.cijfer(f"totaal:{kolom}", sum(int(getattr(r, kolom)) for r in rijen))
    opzet = _TabelOpzet(document, "t", rijen, {k: f"totaal:{k}" for k in kolommen}, label)
    document.onderdruk()
    return opzet.tekst()


def _figuren_in(document: figuren.Document, prefix: str, f: figuren.Figuren) -> None:
    """The counts of one Figuren that a report shows, under keys `prefix.name`."""
    for naam, waarde in (
        ("aangemeld", f.funnel.aangemeld),
        ("intake", f.funnel.intake),
        ("gestart", f.gestart),
        ("eerste_betaald_werk", f.funnel.eerste_betaald_werk),
        ("duurzaam", f.funnel.duurzaam),
        ("plaatsingen", f.plaatsingen),
        ("duurzame_plaatsingen", f.duurzame_plaatsingen),
        ("ips_teller", f.ips_werkpercentage.teller),
        ("ips_noemer", f.ips_werkpercentage.noemer),
        ("peer_teller", f.aandeel_peer_support.teller),
        ("peer_noemer", f.aandeel_peer_support.noemer),
    ):
        document.cijfer(f"{prefix}.{naam}", waarde)


def _deel_van(document: figuren.Document, geheel: str, deel: str, namen: Sequence[str]) -> None:
    """The figures `deel.x` are part of `geheel.x` (a quarter of its year, a gemeente of its region)."""
    for naam in namen:
        document.deling(f"{geheel}.{naam}", {f"{deel}.{naam}": document.waarden[f"{deel}.{naam}"]})


DEELBARE = ("aangemeld", "intake", "gestart", "eerste_betaald_werk", "duurzaam", "plaatsingen", "duurzame_plaatsingen")


# --- Employers (figuren covers the participants' side only) -----------------------------------------------------


@dataclass(frozen=True)
class Werkgeverscijfers:
    inclusief: int  # employers with betrokkenheid "inclusief", at the time the report is made
    met_contact: int  # employers with a Werkgeverscontact dated in the period
    vacatures_vervuld: (
        int  # vacancies filled in the period: status vervuld and a placement from a proposal started in it
    )
    plaatsingen_bij_werkgevers: int  # distinct registered employers with a paid placement started in the period


def werkgeverscijfers(regio: Regio, *perioden: Periode) -> tuple[Werkgeverscijfers, ...]:
    """Four small counts on werkgevers, for each period, in four queries however many periods. A vacancy
    has no "filled on" date, so a vacancy counts as filled in the period when it is marked vervuld and the
    placement that came from one of its proposals started in the period."""
    inclusief = Werkgever.objects.in_regio(regio).filter(betrokkenheid=Betrokkenheid.INCLUSIEF).count()

    def per_periode(queryset, veld: str, pad: str) -> list[int]:
        telling = queryset.aggregate(
            **{
                f"p{i}": Count(veld, distinct=True, filter=Q(**{f"{pad}__range": (p.van, p.tot)}))
                for i, p in enumerate(perioden)
            }
        )
        return [telling[f"p{i}"] for i in range(len(perioden))]

    met_contact = per_periode(Werkgeverscontact.objects.filter(regio=regio), "werkgever", "datum")
    # Counted from the placements' side, each table narrowed to the region (tenancy: a placement, its proposal and
    # the vacancy are of one region) so that PostgreSQL reads the region's proposals by index: from the vacancies'
    # side it read every proposal of the country to find the region's (4 of the query's 6 ms).
    vervuld = per_periode(
        Plaatsing.objects.filter(
            regio=regio,
            voordracht__regio=regio,
            voordracht__vacature__regio=regio,
            voordracht__vacature__status=VacatureStatus.VERVULD,
        ),
        "voordracht__vacature",
        "startdatum",
    )
    bij_werkgevers = per_periode(
        Plaatsing.objects.filter(regio=regio, betaald=True, werkgever__isnull=False), "werkgever", "startdatum"
    )
    return tuple(
        Werkgeverscijfers(
            inclusief=inclusief,
            met_contact=met_contact[i],
            vacatures_vervuld=vervuld[i],
            plaatsingen_bij_werkgevers=bij_werkgevers[i],
        )
        for i in range(len(perioden))
    )


# --- The quarterly report of a region ---------------------------------------------------------------------------


def kwartaal_context(regio: Regio, periode: Periode, peildatum: datetime.date) -> dict:
    kwartaal, jaar = figuren.bereken_reeks(
        regio=regio, perioden=(periode, Periode.jaar_tot_en_met(periode.tot)), peildatum=peildatum, lijsten=False
    )
    kwartaalnummer = (periode.van.month - 1) // 3 + 1
    werkgevers, werkgevers_jaar = werkgeverscijfers(regio, periode, jaar.periode)

    # Every count about participants in the report is one document, suppressed together (issue 15).
    d = figuren.Document()
    _figuren_in(d, "k", kwartaal)
    _figuren_in(d, "j", jaar)
    d.cijfer("lopend", kwartaal.lopend)  # the same day for the quarter and the year to date
    _deel_van(d, "j", "k", [n for n in DEELBARE if n != "gestart"])
    # The quarters of the year add up to the year to date; this quarter's cell is the quarter's figure.
    d.deling(
        "j.gestart",
        {
            ("k.gestart" if t.sleutel == str(kwartaalnummer) else f"kw{t.sleutel}"): t.aantal
            for t in jaar.per_kwartaal[:kwartaalnummer]
        },
    )
    kolommen = {k: f"k.{k}" if k != "lopend" else "lopend" for k in KOLOMMEN}
    tabellen = {
        "per_gemeente": tabel_in(d, "gemeente", kwartaal.per_gemeente, kolommen),
        "per_methode": tabel_in(d, "methode", kwartaal.per_methode, kolommen),
        # A referrer is often a gemeente, and would give its small cells away: in the document too.
        "per_aanbieder": tabel_in(d, "aanbieder", kwartaal.per_aanbieder, kolommen),
        "per_verwijzer": tabel_in(d, "verwijzer", kwartaal.per_verwijzer, kolommen),
    }
    eindredenen = [r for r in jaar.eindredenen if r.aantal]
    d.cijfer("j.beeindigd", sum(r.aantal for r in eindredenen))
    tabellen["eindredenen"] = tabel_in(d, "eindreden", eindredenen, {"aantal": "j.beeindigd"})
    d.cijfer("dq.zonder_startdatum", kwartaal.datakwaliteit.zonder_startdatum)
    d.cijfer("dq.geen_contact", kwartaal.datakwaliteit.geen_contact)
    d.cijfer("dq.financiering_onbekend", kwartaal.datakwaliteit.financiering_onbekend)
    # Issue 15 point 2: every gemeente's and partner's part of the target, on the quarter's last day.
    verdeling = figuren.doelverdeling(regio=regio, jaar=periode.tot.year, peildatum=jaar.stand)
    doeldelen = doeldelen_in(
        d, verdeling, "j.gestart", cellen={"gemeente": kwartaal.per_gemeente, "aanbieder": kwartaal.per_aanbieder}
    )
    d.onderdruk()
    kwartalen = [
        (t.label, d.tekst("k.gestart" if t.sleutel == str(kwartaalnummer) else f"kw{t.sleutel}"))
        for t in jaar.per_kwartaal[:kwartaalnummer]
    ]
    return {
        "kwartaal": kwartaal,
        "jaar": jaar,
        "c": d.teksten,
        "document": d,
        "onderdrukt": d.iets_verborgen,
        "legenda": figuren.ONDERDRUKKING_LEGENDA,
        "kwartaalnummer": kwartaalnummer,
        "norm_ips": figuren.NORM_IPS_WERKPERCENTAGE,
        "ips_k": d.procent(kwartaal.ips_werkpercentage, "k.ips_teller", "k.ips_noemer"),
        "peer_k": d.procent(kwartaal.aandeel_peer_support, "k.peer_teller", "k.peer_noemer"),
        "peer_j": d.procent(jaar.aandeel_peer_support, "j.peer_teller", "j.peer_noemer"),
        "funnel": [
            (label, d.tekst(f"k.{sleutel}"), d.tekst(f"j.{sleutel}"))
            for (label, _a), sleutel in zip(kwartaal.funnel.stappen(), FUNNEL_SLEUTELS, strict=True)
        ],
        "kwartalen": kwartalen,
        "indicatoren": _indicatoren_in(d, kwartaal),
        # IPS fidelity per team and for the region; no begeleider rows: the report's readers include the
        # gemeenten's bestuurders, who may not see the names of a provider's staff.
        "modeltrouw": figuren.modeltrouw(regio=regio, periode=periode, peildatum=peildatum),
        "modeltrouw_kolommen": list(figuren.MODELTROUW_KOLOMMEN_KORT.values()),
        **{naam: opzet.tekst() for naam, opzet in tabellen.items()},
        "eindredenen_titel": f"Reden van beëindiging ({periode.tot.year} tot en met K{kwartaalnummer})",
        "werkgevers": werkgevers,
        "werkgevers_jaar": werkgevers_jaar,
        # Bars would give hidden values away: a chart only when none of its values is hidden.
        "kwartalen_svg": None
        if any(tekst in (figuren.ONDERDRUKT, figuren.AANVULLEND) for _l, tekst in kwartalen)
        else _grafiek_kwartalen(jaar, kwartaalnummer),
        "doel_svg": None if d.verborgen("j.gestart") else _grafiek_doel(jaar),
        "doelverdeling": doelverdeling_tekst(d, verdeling, doeldelen, "j.gestart"),
    }


def _indicatoren_in(d: figuren.Document, f: figuren.Figuren) -> list[figuren.Indicator]:
    """The IPS indicators of the quarter with the counts in their text taken from the suppressed document
    (shares), or left out (how many of the trajectories were within the norm)."""

    def aandeel(verhouding: figuren.Verhouding, prefix: str) -> str:
        teller, noemer = f"k.{prefix}_teller", f"k.{prefix}_noemer"
        return f"{d.procent(verhouding, teller, noemer)} ({d.tekst(teller)} van {d.tekst(noemer)})"

    dagen = f.dagen_tot_eerste_werkgeverscontact
    uit = []
    for indicator in f.ips_indicatoren:
        waarde = indicator.waarde
        if indicator.sleutel == "werkpercentage":
            waarde = aandeel(f.ips_werkpercentage, "ips")
        elif indicator.sleutel == "peer_support":
            waarde = aandeel(f.aandeel_peer_support, "peer")
        elif indicator.sleutel == "dagen_tot_werkgeverscontact" and dagen.mediaan is not None:
            waarde = f"{figuren.getal_tekst(dagen.mediaan, figuren.PRECISIE['dagen'])} dagen"
        uit.append(dataclasses.replace(indicator, waarde=waarde))
    return uit


FUNNEL_SLEUTELS = ("aangemeld", "intake", "gestart", "eerste_betaald_werk", "duurzaam")


# --- The monthly report of a gemeente ---------------------------------------------------------------------------


def maand_context(regio: Regio, gemeente: Organisatie, periode: Periode, peildatum: datetime.date) -> dict:
    alleen = Filters(gemeente_id=gemeente.pk)
    jaar_periode = Periode.jaar_tot_en_met(periode.tot)
    # The gemeente's and the region's figures from one set of queries over the region's rows (the gemeente a
    # FILTER of each count). The region's are the same for each of its gemeenten: within a monthly batch they
    # come from the cache after the first (rapportage.cijfercache), and only the gemeente's are computed. Only
    # what this report shows (volledig=False): no IPS indicators, unique participants or breakdowns other than
    # per methode.
    (maand_g, jaar_g), (maand_r, jaar_r) = figuren.bereken_reeksen(
        regio=regio,
        perioden=(periode, jaar_periode),
        filters=(alleen, Filters()),
        peildatum=peildatum,
        lijsten=False,
        volledig=False,
    )
    trend = figuren.maandtrend(regio=regio, tot=periode.tot, maanden=12, filters=alleen)

    # One document: the gemeente's month and year, the region's, the trend and the breakdowns.
    d = figuren.Document()
    for prefix, f in (("m", maand_g), ("g", jaar_g), ("rm", maand_r), ("r", jaar_r)):
        _figuren_in(d, prefix, f)
    d.cijfer("g.lopend", jaar_g.lopend)  # the month's and the year's "lopend" are on the same day
    d.cijfer("r.lopend", jaar_r.lopend)
    _deel_van(d, "r", "g", [*DEELBARE, "lopend"])  # the gemeente is part of the region
    _deel_van(d, "rm", "m", DEELBARE)
    _deel_van(d, "g", "m", [n for n in DEELBARE if n != "gestart"])  # the month is part of the year
    # The months of this year add up to the gemeente's year; the last month is the report's month.
    maanden = {}
    for maand, aantal in trend:
        sleutel = "m.gestart" if maand == periode.van.replace(day=1) else f"trend:{maand:%Y-%m}"
        maanden[sleutel] = aantal
        d.cijfer(sleutel, aantal)
    d.deling(
        "g.gestart", {s: a for (maand, a), s in zip(trend, maanden, strict=True) if maand.year == periode.tot.year}
    )
    methoden = [r for r in jaar_g.per_methode if r.gestart or r.lopend or r.plaatsingen]
    per_methode = tabel_in(
        d, "methode", methoden, {"gestart": "g.gestart", "lopend": "g.lopend", "plaatsingen": "g.plaatsingen"}
    )
    eindredenen = [r for r in jaar_g.eindredenen if r.aantal]
    d.cijfer("g.beeindigd", sum(r.aantal for r in eindredenen))
    per_reden = tabel_in(d, "eindreden", eindredenen, {"aantal": "g.beeindigd"})
    d.onderdruk()
    # A share of the gemeente's year gives its count away when the count is hidden: only when both are shown.
    aandeel_regio = (
        None if d.verborgen("g.gestart", "r.gestart") else figuren.Verhouding(jaar_g.gestart, jaar_r.gestart)
    )
    # The year's target and starts are in the figures already (on the same stand): no queries of their own.
    koers_verdeling = figuren.doelverdeling(
        regio=regio,
        jaar=periode.tot.year,
        peildatum=jaar_g.stand,
        jaarstand=figuren.Jaarstand(
            doel=jaar_r.doel,
            regio_gestart=jaar_r.gestart_in_jaar,
            gemeente_id=gemeente.pk,
            gemeente_gestart=jaar_g.gestart_in_jaar,
        ),
    )
    koers = _koers(
        d,
        gemeente,
        koers_verdeling,
        figuren.AANVULLEND if aandeel_regio is None else aandeel_regio.tekst,
    )
    pijplijn = pijplijn_tekst(d, koers_verdeling, "r.gestart")
    trend_teksten = [{"maand": maand, "aantal": d.tekst(s)} for (maand, _a), s in zip(trend, maanden, strict=True)]
    return {
        "gemeente": gemeente,
        "maand_g": maand_g,
        "maand_r": maand_r,
        "jaar_g": jaar_g,
        "jaar_r": jaar_r,
        "c": d.teksten,
        "document": d,
        "onderdrukt": d.iets_verborgen,
        "legenda": figuren.ONDERDRUKKING_LEGENDA,
        "aandeel_regio": figuren.AANVULLEND if aandeel_regio is None else aandeel_regio.tekst,
        "koers": koers,
        "pijplijn": pijplijn,
        "ips": {
            p: d.procent(f.ips_werkpercentage, f"{p}.ips_teller", f"{p}.ips_noemer")
            for p, f in (("m", maand_g), ("rm", maand_r), ("g", jaar_g), ("r", jaar_r))
        },
        "norm_ips": figuren.NORM_IPS_WERKPERCENTAGE,
        "trend": trend_teksten,
        "trend_svg": None if d.verborgen(*maanden) else _grafiek_trend(trend, f"inwoners van {gemeente.naam}"),
        "per_methode": per_methode.tekst(),
        "eindredenen": per_reden.tekst(),
    }


# --- The monthly report of a partner (issue 15 point 7) -------------------------------------------------------


def organisatie_context(regio: Regio, organisatie: Organisatie, periode: Periode, peildatum: datetime.date) -> dict:
    """A partner's own scope (`Filters.organisatie_id`: the trajectories it provides, referred or funds, and
    peer support by its people), its month and year beside the region's, suppressed as one document like the
    gemeente's report."""
    eigen = Filters(organisatie_id=organisatie.pk)
    jaar_periode = Periode.jaar_tot_en_met(periode.tot)
    maand_o, jaar_o = figuren.bereken_reeks(
        regio=regio, perioden=(periode, jaar_periode), filters=eigen, peildatum=peildatum, lijsten=False
    )
    maand_r, jaar_r = figuren.bereken_reeks(
        regio=regio, perioden=(periode, jaar_periode), peildatum=peildatum, lijsten=False
    )
    trend = figuren.maandtrend(regio=regio, tot=periode.tot, maanden=12, filters=eigen)

    d = figuren.Document()
    for prefix, f in (("m", maand_o), ("g", jaar_o), ("rm", maand_r), ("r", jaar_r)):
        _figuren_in(d, prefix, f)
    d.cijfer("g.lopend", jaar_o.lopend)
    d.cijfer("r.lopend", jaar_r.lopend)
    _deel_van(d, "r", "g", [*DEELBARE, "lopend"])  # the partner's trajectories are part of the region's
    _deel_van(d, "rm", "m", DEELBARE)
    _deel_van(d, "g", "m", [n for n in DEELBARE if n != "gestart"])
    maanden = {}
    for maand, aantal in trend:
        sleutel = "m.gestart" if maand == periode.van.replace(day=1) else f"trend:{maand:%Y-%m}"
        maanden[sleutel] = aantal
        d.cijfer(sleutel, aantal)
    d.deling(
        "g.gestart", {s: a for (maand, a), s in zip(trend, maanden, strict=True) if maand.year == periode.tot.year}
    )
    kolommen = {"gestart": "g.gestart", "lopend": "g.lopend", "plaatsingen": "g.plaatsingen"}
    methoden = [r for r in jaar_o.per_methode if r.gestart or r.lopend or r.plaatsingen]
    per_methode = tabel_in(d, "methode", methoden, kolommen)
    per_gemeente = tabel_in(d, "gemeente", jaar_o.per_gemeente, kolommen)
    eindredenen = [r for r in jaar_o.eindredenen if r.aantal]
    d.cijfer("g.beeindigd", sum(r.aantal for r in eindredenen))
    per_reden = tabel_in(d, "eindreden", eindredenen, {"aantal": "g.beeindigd"})
    d.onderdruk()
    trend_teksten = [{"maand": maand, "aantal": d.tekst(s)} for (maand, _a), s in zip(trend, maanden, strict=True)]
    return {
        "organisatie": organisatie,
        # The same names as the gemeente's report, so versions and data quality read both alike.
        "maand_g": maand_o,
        "jaar_g": jaar_o,
        "maand_r": maand_r,
        "jaar_r": jaar_r,
        "c": d.teksten,
        "document": d,
        "onderdrukt": d.iets_verborgen,
        "legenda": figuren.ONDERDRUKKING_LEGENDA,
        "ips": {
            p: d.procent(f.ips_werkpercentage, f"{p}.ips_teller", f"{p}.ips_noemer")
            for p, f in (("m", maand_o), ("rm", maand_r), ("g", jaar_o), ("r", jaar_r))
        },
        "peer": {
            p: d.procent(f.aandeel_peer_support, f"{p}.peer_teller", f"{p}.peer_noemer")
            for p, f in (("g", jaar_o), ("r", jaar_r))
        },
        "norm_ips": figuren.NORM_IPS_WERKPERCENTAGE,
        "trend": trend_teksten,
        "trend_svg": None if d.verborgen(*maanden) else _grafiek_trend(trend, f"met {organisatie.naam}"),
        "per_methode": per_methode.tekst(),
        "per_gemeente": per_gemeente.tekst(),
        "eindredenen": per_reden.tekst(),
    }


@dataclass(frozen=True)
class Koers:
    """ "Liggen we op koers?" for the gemeente: one sentence, one chart and the headline tile."""

    zin: str
    svg: str
    eigen_doel: int | None  # None: the gemeente has no part of the target


def _koers(d: figuren.Document, gemeente: Organisatie, verdeling: figuren.Doelverdeling, aandeel: str) -> Koers:
    """The gemeente's starts this year against its own part of the target naar rato (issue 11 point 5), beside
    the region against its target. Without a part of its own the sentence says so and gives the region's
    progress with the gemeente's share of its starts. Counts are the document's texts; a hidden count gets no
    percentage, no verdict and no bar, so neither sentence nor chart tells more than the document's "<5"/"•"."""
    jaar, tot = verdeling.jaar, datums.dag_maand(verdeling.stand)
    r, deel = verdeling.regio, verdeling.deel_van(gemeente.pk)
    g_tekst, r_tekst = d.tekst("g.gestart"), d.tekst("r.gestart")
    g_verborgen, r_verborgen = d.verborgen("g.gestart"), d.verborgen("r.gestart")

    def getal(waarde: float) -> str:
        return figuren.getal_tekst(waarde, figuren.PRECISIE["pro_rata_doel"])

    def oordeel(f: figuren.Doeldeel) -> str:
        return "op schema" if f.op_schema else "achter op schema"

    regio_stand = f"op {r_tekst} tegen {getal(r.pro_rata_doel)} naar rato van het doel van {r.doel}" + (
        "" if r_verborgen else f" ({oordeel(r)})"
    )
    regio_zin = f"de regio staat {regio_stand}"
    if deel is not None:
        eigen = f"{g_tekst} trajecten, tegen {getal(deel.pro_rata_doel)} naar rato van het eigen doel van {deel.doel}"
        if g_verborgen:
            zin = (
                f"Inwoners van {gemeente.naam} begonnen in {jaar} tot en met {tot} {eigen}; "
                f"bij zo'n klein aantal noemt dit rapport geen percentage of oordeel; {regio_zin}."
            )
        else:
            procent = (
                ""
                if deel.procent_van_pro_rata is None
                else f" ({figuren.getal_tekst(deel.procent_van_pro_rata, figuren.PRECISIE['percentage'])}%)"
            )
            zin = (
                f"{gemeente.naam} ligt {oordeel(deel)}: inwoners begonnen in {jaar} tot en met "
                f"{tot} {eigen}{procent}; {regio_zin}."
            )
    else:
        reden = (
            "het doel van de regio is niet over de gemeenten verdeeld"
            if not verdeling.gemeenten
            else f"de verdeling over de gemeenten geeft {gemeente.naam} geen deel"
        )
        zin = (
            f"{gemeente.naam} heeft geen eigen doel voor {jaar}: {reden}. "
            f"Tot en met {tot} staat de regio {regio_stand}; inwoners van {gemeente.naam} begonnen {g_tekst} "
            f"van die {r_tekst} trajecten ({aandeel}, het aandeel van de gemeente)."
        )
    rijen = (
        []
        if deel is None
        else [
            _svg_koers(gemeente.naam, g_tekst, deel.pro_rata_doel, None if g_verborgen else deel.procent_van_pro_rata)
        ]
    )
    rijen.append(
        _svg_koers(
            f"Regio {verdeling.regio.label}", r_tekst, r.pro_rata_doel, None if r_verborgen else r.procent_van_pro_rata
        )
    )
    return Koers(
        zin=zin,
        svg=_grafiek_koers(rijen, gemeente if deel is not None else None, jaar, tot),
        eigen_doel=None if deel is None else deel.doel,
    )


# --- Charts (rapportage/svg.py draws them; the tables beside them carry the same numbers) ----------------------


def _voor_pdf(grafiek: str) -> str:
    """The chart with our PDF font: svg.py names browser fonts; the worker has DejaVu Sans (fonts-dejavu-core)."""
    from django.utils.html import escape

    from .. import svg

    return mark_safe(  # noqa: S308 - svg.py escapes every text; we only swap one attribute value
        grafiek.replace(f'font-family="{escape(svg.LETTERTYPE)}"', f'font-family="{PDF_LETTERTYPE}"', 1)
    )


PDF_LETTERTYPE = "DejaVu Sans, sans-serif"


def _grafiek_trend(trend: list[tuple[datetime.date, int]], wie: str) -> str:
    """The monthly starts of the last 12 months; `wie` completes the title ("inwoners van Leiden")."""
    from .. import svg

    reeks = list(zip(datums.maandlabels([maand for maand, _ in trend]), (a for _, a in trend), strict=True))
    return _voor_pdf(
        svg.kolomdiagram(
            naam="trend", titel=f"Gestarte trajecten per maand, {wie}, laatste 12 maanden", reeks=reeks, hoogte=180
        )
    )


def _grafiek_kwartalen(jaar: figuren.Figuren, kwartaalnummer: int) -> str:
    from .. import svg

    return _voor_pdf(
        svg.kolomdiagram(
            naam="kwartalen",
            titel=f"Gestarte trajecten per kwartaal in {jaar.periode.tot.year}",
            reeks=[(f"K{t.sleutel}", t.aantal) for t in jaar.per_kwartaal[:kwartaalnummer]],
            breedte=320,
            hoogte=180,
        )
    )


def _grafiek_doel(jaar: figuren.Figuren) -> str:
    from .. import svg

    markeringen = [svg.Markering("naar rato", jaar.pro_rata_doel)]
    if jaar.prognose is not None:
        markeringen.append(svg.Markering("prognose", jaar.prognose, stippel=True))
    return _voor_pdf(
        svg.voortgangsbalk(
            naam="doel",
            titel=f"Gestarte trajecten in {jaar.periode.tot.year} tegen het doel van {jaar.doel}",
            waarde=jaar.gestart_in_jaar,
            doel=jaar.doel,
            markeringen=markeringen,
            waarde_label=f"{jaar.gestart_in_jaar} gestart",
        )
    )


def _svg_koers(label: str, tekst: str, naar_rato: float, procent: float | None):
    from .. import svg

    return svg.Koers(label, tekst, naar_rato, procent)


def _grafiek_koers(rijen: list, gemeente: Organisatie | None, jaar: int, tot: str) -> str:
    from .. import svg

    titel = (
        f"Gestart in {jaar} tot en met {tot} tegen het doel naar rato: {gemeente.naam} naast de regio"
        if gemeente is not None
        else f"Gestart in {jaar} tot en met {tot} tegen het doel naar rato: de regio (geen eigen doel voor de gemeente)"
    )
    return _voor_pdf(svg.koersbalken(naam="koers", titel=titel, rijen=rijen))


# --- The target's split and the pipeline forecast (issue 15 point 2) ---------------------------------------------


def doeldelen_in(
    d: figuren.Document, verdeling: figuren.Doelverdeling, regio_gestart: str, *, cellen: dict[str, Sequence]
) -> dict[str, str]:
    """Register each part's starts this year in the document: part of the region's starts (`regio_gestart`, the
    same days), and containing the report's breakdown cells of the same organisation (`cellen`: table name ->
    its rows, as registered by `tabel_in`). Returns the part's key -> document key."""
    sleutels = {}
    for deel in verdeling.delen:
        sleutels[deel.sleutel] = d.cijfer(f"doel:{deel.soort}:{deel.sleutel}", deel.gestart)
    for soort in (figuren.GEMEENTE_DEEL, figuren.PARTNER_DEEL):
        delen = {sleutels[deel.sleutel]: deel.gestart for deel in verdeling.delen if deel.soort == soort}
        if delen and sum(delen.values()) <= d.waarden[regio_gestart]:
            d.deling(regio_gestart, delen)
    for naam, rijen in cellen.items():
        for i, rij in enumerate(rijen):
            cel = f"{naam}:{i}:gestart"
            if rij.sleutel in sleutels and cel in d.waarden and d.waarden[cel] <= d.waarden[sleutels[rij.sleutel]]:
                d.deling(sleutels[rij.sleutel], {cel: d.waarden[cel]})
    return sleutels


@dataclass(frozen=True)
class Doelrij:
    label: str
    doel: int
    naar_rato: str
    gestart: str
    procent: str
    oordeel: str


@dataclass(frozen=True)
class Pijplijntekst:
    laag: str
    hoog: str
    oordeel: str
    stand: datetime.date


@dataclass(frozen=True)
class Doelverdelingtekst:
    jaar: int
    stand: datetime.date
    gemeenten: tuple[Doelrij, ...]
    partners: tuple[Doelrij, ...]
    regio: Doelrij
    pijplijn: Pijplijntekst | None


def doelverdeling_tekst(
    d: figuren.Document, verdeling: figuren.Doelverdeling, sleutels: dict[str, str], regio_gestart: str
) -> Doelverdelingtekst:
    """The split as the report prints it, after `d.onderdruk()`: a hidden count gets no percentage or verdict,
    and the pipeline's range (which starts from the region's starts) only when the region's count is shown."""
    getal = figuren.getal_tekst

    def rij(deel: figuren.Doeldeel, sleutel: str, label: str) -> Doelrij:
        verborgen = d.verborgen(sleutel)
        return Doelrij(
            label=label,
            doel=deel.doel,
            naar_rato=getal(deel.pro_rata_doel, figuren.PRECISIE["pro_rata_doel"]),
            gestart=d.tekst(sleutel),
            procent="—"
            if verborgen or deel.procent_van_pro_rata is None
            else f"{getal(deel.procent_van_pro_rata, figuren.PRECISIE['percentage'])}%",
            oordeel="—" if verborgen else ("op schema" if deel.op_schema else "achter op schema"),
        )

    return Doelverdelingtekst(
        jaar=verdeling.jaar,
        stand=verdeling.stand,
        gemeenten=tuple(rij(deel, sleutels[deel.sleutel], deel.label) for deel in verdeling.gemeenten),
        partners=tuple(rij(deel, sleutels[deel.sleutel], deel.label) for deel in verdeling.partners),
        regio=rij(verdeling.regio, regio_gestart, f"Regio {verdeling.regio.label}"),
        pijplijn=pijplijn_tekst(d, verdeling, regio_gestart),
    )


def pijplijn_tekst(d: figuren.Document, verdeling: figuren.Doelverdeling, regio_gestart: str) -> Pijplijntekst | None:
    """The pipeline forecast's range beside the straight-line pace; not when the region's starts (where the range
    starts from) are hidden, nor for a closed year."""
    p = verdeling.pijplijn
    if p is None or d.verborgen(regio_gestart):
        return None
    getal = figuren.getal_tekst
    doel = verdeling.regio.doel
    return Pijplijntekst(
        laag=getal(p.laag, figuren.PRECISIE["prognose"]),
        hoog=getal(p.hoog, figuren.PRECISIE["prognose"]),
        oordeel="haalt het doel"
        if p.laag >= doel
        else "haalt het doel niet"
        if p.hoog < doel
        else "doel binnen bereik",
        stand=verdeling.stand,
    )


# --- Versions: what a build records for its sign-off (issue 15 point 5) ----------------------------------------

# The data-quality warnings a concept lists for the projectleider: (code, Dutch text, Datakwaliteit field).
WAARSCHUWINGEN = (
    ("zonder_startdatum", "Trajecten met status gestart zonder startdatum", "zonder_startdatum"),
    ("geen_contact", "Trajecten in begeleiding zonder contact in de laatste 60 dagen", "geen_contact"),
    ("financiering_onbekend", "Trajecten in begeleiding met financieringsstroom onbekend", "financiering_onbekend"),
)

# The headline figures whose change a new version reports: (document key, label).
KERNCIJFERS = {
    RapportSoort.KWARTAAL: (
        ("k.aangemeld", "Aangemeld in het kwartaal"),
        ("k.intake", "Intake in het kwartaal"),
        ("k.gestart", "Gestart in het kwartaal"),
        ("j.gestart", "Gestart dit jaar tot en met het kwartaal"),
        ("lopend", "Lopend op de standdatum"),
        ("k.plaatsingen", "Plaatsingen in betaald werk in het kwartaal"),
        ("k.duurzame_plaatsingen", "Duurzame plaatsingen in het kwartaal"),
        ("j.plaatsingen", "Plaatsingen in betaald werk dit jaar"),
    ),
    RapportSoort.MAAND: (
        ("m.aangemeld", "Aangemeld in de maand"),
        ("m.gestart", "Gestart in de maand"),
        ("g.gestart", "Gestart dit jaar tot en met de maand"),
        ("g.lopend", "Lopend op de standdatum"),
        ("m.plaatsingen", "Plaatsingen in betaald werk in de maand"),
        ("g.plaatsingen", "Plaatsingen in betaald werk dit jaar"),
        ("r.gestart", "Gestart dit jaar in de regio"),
    ),
}
KERNCIJFERS[RapportSoort.ORGANISATIE] = KERNCIJFERS[RapportSoort.MAAND]


def datakwaliteit_van(rapport: Rapport, context: dict) -> figuren.Datakwaliteit | None:
    """The data-quality list that goes with the report's figures: the region's, or the scope's own."""
    # A gemeente's and a partner's report both call their own month's figures "maand_g".
    figuur = context.get("kwartaal") if rapport.soort == RapportSoort.KWARTAAL else context.get("maand_g")
    return getattr(figuur, "datakwaliteit", None)


def waarschuwingen_van(rapport: Rapport, context: dict) -> list[dict]:
    """[{"code", "tekst", "aantal"}] for each data-quality check that found something. Counts only."""
    kwaliteit = datakwaliteit_van(rapport, context)
    if kwaliteit is None:
        return []
    uit = []
    for code, tekst, veld in WAARSCHUWINGEN:
        aantal = int(getattr(kwaliteit, veld, 0) or 0)
        if aantal:
            uit.append({"code": code, "tekst": tekst, "aantal": aantal})
    return uit


def vingerafdruk_van(context: dict) -> str:
    """SHA-256 of every count in the document (before suppression), in key order: the same figures give the
    same fingerprint, whatever day they are rendered on."""
    import hashlib
    import json

    document: figuren.Document = context["document"]
    return hashlib.sha256(json.dumps(sorted(document.waarden.items())).encode()).hexdigest()


def kerncijfers_van(rapport: Rapport, context: dict) -> dict[str, dict[str, str]]:
    """The headline figures as the document prints them (suppressed): comparing two versions by these
    never tells more than the two documents do."""
    teksten = context["document"].teksten
    return {
        sleutel: {"label": label, "tekst": teksten[sleutel]}
        for sleutel, label in KERNCIJFERS.get(rapport.soort, ())
        if sleutel in teksten
    }


def wijzigingen_tussen(oud: dict[str, dict[str, str]], nieuw: dict[str, dict[str, str]]) -> list[dict[str, str]]:
    """[{"label", "oud", "nieuw"}] for each headline figure printed differently in the two versions."""
    return [
        {"label": cijfer["label"], "oud": oud[sleutel]["tekst"], "nieuw": cijfer["tekst"]}
        for sleutel, cijfer in nieuw.items()
        if sleutel in oud and oud[sleutel]["tekst"] != cijfer["tekst"]
    ]
