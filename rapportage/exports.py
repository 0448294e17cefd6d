"""Exports of aggregated figures: CSV and XLSX (projectleider), and the Werkmonitor CSV (also providers).

Only counts and shares from `rapportage.figuren`, never participant data: of the data-quality
checks only the counts are exported. CSV files use ";" and a UTF-8 byte order mark, which Dutch
Excel opens correctly; the header names are Dutch with the English name in brackets.

Werkmonitor (`werkmonitor_csv`): the national monitor's quarterly outcome figures for every method, one row per
provider and method, then a total per method and one over all methods (issue 15, point 4). A provider's bestuurder
and begeleiders download the rows of their own organisation, suppressed as one document (`werkmonitor_document`:
"<5" and "•" as in the PDFs, issue 15 point 3); the projectleider gets exact counts, as in the CSV/XLSX exports,
which only the projectleider downloads. Mapping onto figuren (filtered per aanbieder and
methode; declined referrals left out):

| column | figuren | meaning |
|---|---|---|
| aanmeldingen (referrals) | funnel.aangemeld | referral date in the period |
| intakes (intakes) | funnel.intake | intake held in the period |
| gestart (started) | gestart | start date in the period |
| in begeleiding (engaged) | aandeel_peer_support.noemer | in guidance on at least one day |
| lopend op einddatum (running) | lopend | running on the period's last day |
| beeindigd (ended), per reason | eindredenen | end date in the period |
| eerste baan (first job starts) | funnel.eerste_betaald_werk | first paid job started in the period |
| alle baanstarts (all job starts) | plaatsingen | paid placements started in the period |
| zonder werk bij start (eligible) | werkpercentage_alle_methoden.noemer | no paid work at start, in guidance |
| in betaald werk (in paid work), % | werkpercentage_alle_methoden | … of whom held paid work in the period |
| duurzaam betaald werk (lasting), % | funnel.duurzaam / in begeleiding | a placement reached 6 months in the period |

For IPS rows "in betaald werk %" is the IPS employment rate (norm ≥ 40).
"""

from __future__ import annotations

import csv
import io
import re

from django.utils import timezone

from hoofdzaak.models import Organisatie, Regio
from trajecten.models import Eindreden, Methode, Traject, TrajectStatus

from . import figuren
from .figuren import Filters, Periode
from .perioden import periode_van

BOM = "\ufeff"

# OWASP CSV injection: a spreadsheet runs a cell that begins with one of these as a formula (or DDE command).
FORMULE_TEKENS = ("=", "+", "-", "@", "\t", "\r")
# A plain number in our own formatting (-3, 12.5): stays a number, even with its leading minus.
_GETAL = re.compile(r"-?\d+(\.\d+)?")


def _periode(periode) -> Periode:
    p = periode_van(periode)
    return Periode(p.van, p.tot)


def bestandsnaam(regio: Regio, periode, soort: str, extensie: str) -> str:
    p = _periode(periode)
    return f"{soort}-{regio.slug}-{p.van:%Y%m%d}-{p.tot:%Y%m%d}.{extensie}"


def _procent(verhouding: figuren.Verhouding) -> str:
    return figuren.export_getal(verhouding.percentage, figuren.PRECISIE["percentage"])


def _getal(waarde, decimalen: int = 1) -> str:
    # The figures' own rounding rule (half up); floats are stored at their glossary precision already.
    if isinstance(waarde, float):
        return figuren.export_getal(waarde, decimalen)
    return "" if waarde is None else str(waarde)


def cijfer_regels(*, regio: Regio, periode) -> list[tuple[str, str, str, str]]:
    """(onderdeel, categorie, cijfer, waarde) for every figure of the period: the long table both the CSV
    and the XLSX are made from."""
    p = _periode(periode)
    f = figuren.bereken(regio=regio, periode=p, peildatum=timezone.localdate(), lijsten=False)
    regels: list[tuple[str, str, str, str]] = []

    def voeg_toe(onderdeel: str, categorie: str, cijfer: str, waarde) -> None:
        regels.append((onderdeel, categorie, cijfer, _getal(waarde)))

    kern = "Kerncijfers"
    voeg_toe(kern, "", "doel", f.doel)
    voeg_toe(kern, "", "gestart", f.gestart)
    voeg_toe(kern, "", "gestart_in_jaar", f.gestart_in_jaar)
    voeg_toe(kern, "", "pro_rata_doel", f.pro_rata_doel)
    regels.append((kern, "", "prognose", _getal(f.prognose, figuren.PRECISIE["prognose"])))
    voeg_toe(kern, "", "lopend", f.lopend)
    voeg_toe(kern, "", "plaatsingen", f.plaatsingen)
    voeg_toe(kern, "", "duurzame_plaatsingen", f.duurzame_plaatsingen)
    for label, aantal in f.funnel.stappen():
        voeg_toe("Trechter", label, "trajecten", aantal)
    ips = f.ips_werkpercentage
    voeg_toe("IPS", "", "werkpercentage_teller", ips.teller)
    voeg_toe("IPS", "", "werkpercentage_noemer", ips.noemer)
    voeg_toe("IPS", "", "werkpercentage", _procent(ips))
    for indicator in f.ips_indicatoren:
        regels.append(("IPS-indicatoren", indicator.naam, "waarde", indicator.waarde))
        regels.append(("IPS-indicatoren", indicator.naam, "norm", indicator.norm))
        regels.append(("IPS-indicatoren", indicator.naam, "oordeel", indicator.oordeel))
    peer = f.aandeel_peer_support
    voeg_toe("Peer support", "", "trajecten_met_peer_support", peer.teller)
    voeg_toe("Peer support", "", "lopende_trajecten", peer.noemer)
    voeg_toe("Peer support", "", "percentage", _procent(peer))
    for naam, rijen in (
        ("Per gemeente", f.per_gemeente),
        ("Per methode", f.per_methode),
        ("Per aanbieder", f.per_aanbieder),
        ("Per verwijzer", f.per_verwijzer),
        ("Per financieringsstroom", f.per_financieringsstroom),
    ):
        for rij in rijen:
            for kolom in ("gestart", "lopend", "plaatsingen"):
                voeg_toe(naam, rij.label, kolom, getattr(rij, kolom))
    for telling in f.per_kwartaal:
        voeg_toe("Per kwartaal", telling.label, "gestart", telling.aantal)
    for telling in f.eindredenen:
        voeg_toe("Eindredenen", telling.label, "beeindigd", telling.aantal)
    voeg_toe("Datakwaliteit", "", "gestart_zonder_startdatum", f.datakwaliteit.zonder_startdatum)
    voeg_toe("Datakwaliteit", "", "geen_contact_60_dagen", f.datakwaliteit.geen_contact)
    voeg_toe("Datakwaliteit", "", "financieringsstroom_onbekend", f.datakwaliteit.financiering_onbekend)
    return regels


CIJFER_KOPPEN = ["onderdeel (section)", "categorie (category)", "cijfer (figure)", "waarde (value)"]


def _csv_cel(waarde) -> str:
    """A CSV cell that no spreadsheet runs: text beginning with a formula character gets a leading "'" (the
    OWASP rule), so `=HYPERLINK(...)` in an organisation's name is shown, not executed; numbers stay numbers."""
    tekst = "" if waarde is None else str(waarde)
    if tekst.startswith(FORMULE_TEKENS) and not _GETAL.fullmatch(tekst):
        return "'" + tekst
    return tekst


def _csv(koppen: list[str], regels) -> bytes:
    buffer = io.StringIO()
    buffer.write(BOM)
    schrijver = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    schrijver.writerow([_csv_cel(kop) for kop in koppen])
    schrijver.writerows([_csv_cel(cel) for cel in regel] for regel in regels)
    return buffer.getvalue().encode("utf-8")


def cijfers_csv(*, regio: Regio, periode) -> bytes:
    p = _periode(periode)
    regels = [(regio.naam, p.label, *regel) for regel in cijfer_regels(regio=regio, periode=p)]
    return _csv(["regio (region)", "periode (period)", *CIJFER_KOPPEN], regels)


def cijfers_xlsx(*, regio: Regio, periode) -> bytes:
    """One sheet per section of `cijfer_regels`, numbers as numbers."""
    from openpyxl import Workbook

    p = _periode(periode)
    boek = Workbook(write_only=True)
    info = boek.create_sheet("Over deze export")
    _xlsx_rij(info, ["Regio", regio.naam])
    _xlsx_rij(info, ["Periode", p.label])
    _xlsx_rij(info, ["Van", p.van])
    _xlsx_rij(info, ["Tot en met", p.tot])
    _xlsx_rij(info, ["Gemaakt op", timezone.localtime().replace(tzinfo=None)])
    _xlsx_rij(info, ["Inhoud", "Alleen totalen uit het Hoofdzaak Werk-portaal; geen gegevens van deelnemers."])
    bladen: dict[str, object] = {}
    for onderdeel, categorie, cijfer, waarde in cijfer_regels(regio=regio, periode=p):
        blad = bladen.get(onderdeel)
        if blad is None:
            blad = bladen[onderdeel] = boek.create_sheet(onderdeel[:31])
            _xlsx_rij(blad, ["Categorie", "Cijfer", "Waarde"])
        _xlsx_rij(blad, [categorie, cijfer, _als_getal(waarde)])
    uitvoer = io.BytesIO()
    boek.save(uitvoer)
    return uitvoer.getvalue()


def _xlsx_rij(blad, waarden) -> None:
    """Append one row; every text becomes a string cell, never a formula (openpyxl makes any text that begins
    with "=" a formula cell), so a name like `=HYPERLINK(...)` cannot run in the reader's Excel."""
    from openpyxl.cell import WriteOnlyCell

    cellen = []
    for waarde in waarden:
        cel = WriteOnlyCell(blad, value=waarde)
        if isinstance(waarde, str):
            cel.data_type = "s"
        cellen.append(cel)
    blad.append(cellen)


def _als_getal(waarde: str):
    """Our own formatted numbers ("8", "-1", "12.5") back to numbers; anything else stays text."""
    if not isinstance(waarde, str) or not _GETAL.fullmatch(waarde):
        return waarde
    return float(waarde) if "." in waarde else int(waarde)


WERKMONITOR_KOPPEN = [
    "regio (region)",
    "aanbieder (provider)",
    "methode (method)",
    "periode (period)",
    "periode van (period start)",
    "periode tot en met (period end)",
    "aanmeldingen (referrals)",
    "intakes (intakes)",
    "gestart (started)",
    "in begeleiding (engaged)",
    "lopend op einddatum (running at period end)",
    "beeindigd (ended)",
    *(f"beeindigd: {label} (ended: {waarde})" for waarde, label in Eindreden.choices),
    "beeindigd: niet vastgelegd (ended: unknown)",
    "eerste baan (first job starts)",
    "alle baanstarts (all job starts)",
    "zonder werk bij start (eligible)",
    "in betaald werk (in paid work)",
    "in betaald werk % (in paid work %)",
    "duurzaam betaald werk (in lasting paid work, 6+ months)",
    "duurzaam betaald werk % (lasting paid work %)",
]


def werkmonitor_regels(
    *, regio: Regio, periode, aanbieder: Organisatie | None = None, onderdrukken: bool = False
) -> list[list[str]]:
    """One row per provider and method that has trajectories, then a total per method and one in all.

    With `aanbieder`: that provider's rows and its total over all methods only (for its bestuurder and begeleiders).
    Percentages: in paid work over those without work at the start who were in guidance (the employment rate of
    figuren, `werkpercentage_alle_methoden` within the method); lasting paid work over those in guidance.
    `onderdrukken` (a reader who gets suppressed figures, DESIGN.md §5): the whole file is one `figuren.Document`
    — every column of the method rows adds up to its total row, every row's ended count to its reasons — with "<5"
    and "•" as in the PDFs; a percentage whose counts are hidden is "•"."""
    p = _periode(periode)
    rijen, tellingen = werkmonitor_tellingen(regio=regio, periode=p, aanbieder=aanbieder)
    tekst = _werkmonitor_teksten(rijen, tellingen, onderdrukken=onderdrukken)
    regels = []
    for i, ((naam, methode, _filters), telling) in enumerate(zip(rijen, tellingen, strict=True)):
        t = tekst[i]
        regels.append(
            [
                regio.naam,
                naam,
                str(methode),
                p.label,
                p.van.isoformat(),
                p.tot.isoformat(),
                t["aangemeld"],
                t["intake"],
                t["gestart"],
                t["in_begeleiding"],
                t["lopend"],
                t["beeindigd"],
                *(t[f"reden:{waarde}"] for waarde, _label in Eindreden.choices),
                t["reden:"],
                t["eerste_baan"],
                t["baanstarts"],
                t["zonder_werk"],
                t["in_werk"],
                _werkmonitor_procent(t, telling, "in_werk", "zonder_werk"),
                t["duurzaam"],
                _werkmonitor_procent(t, telling, "duurzaam", "in_begeleiding"),
            ]
        )
    return regels


def werkmonitor_tellingen(
    *, regio: Regio, periode, aanbieder: Organisatie | None = None
) -> tuple[list[tuple[str, str, Filters]], list[dict[str, int]]]:
    """The Werkmonitor's rows (provider name, method label, filters) and each row's counts."""
    p = _periode(periode)
    peildatum = timezone.localdate()
    trajecten = Traject.objects.filter(regio=regio).exclude(status=TrajectStatus.AFGEWEZEN)
    if aanbieder is not None:
        trajecten = trajecten.filter(aanbieder=aanbieder)
    paren = set(trajecten.values_list("aanbieder_id", "methode").distinct())
    aanbieders = Organisatie.objects.in_regio(regio).filter(pk__in={a for a, _m in paren}).order_by("naam")
    methoden = {methode for _a, methode in paren}
    # (provider name, method label, filters)
    rijen: list[tuple[str, str, Filters]] = [
        (a.naam, label, Filters(methode=m, aanbieder_id=a.pk))
        for a in aanbieders
        for m, label in Methode.choices
        if (a.pk, m) in paren
    ]
    if aanbieder is None:  # the region: a total per method over its providers, and one over all
        rijen += [("Totaal regio", label, Filters(methode=m)) for m, label in Methode.choices if m in methoden]
    rijen.append(
        (
            aanbieder.naam if aanbieder else "Totaal regio",
            "Alle methoden",
            Filters(aanbieder_id=aanbieder.pk if aanbieder else None),
        )
    )
    tellingen = []
    for _naam, _methode, filters in rijen:
        # Only the columns below: the lean figures with the rate over all methods (a third of the queries).
        (f,) = figuren.bereken_reeks(
            regio=regio,
            perioden=(p,),
            filters=filters,
            peildatum=peildatum,
            lijsten=False,
            volledig=False,
            werkpercentage=True,
        )
        redenen = {t.sleutel: t.aantal for t in f.eindredenen}
        tellingen.append(
            {
                "aangemeld": f.funnel.aangemeld,
                "intake": f.funnel.intake,
                "gestart": f.gestart,
                "in_begeleiding": f.aandeel_peer_support.noemer,
                "lopend": f.lopend,
                "beeindigd": sum(redenen.values()),
                **{f"reden:{waarde}": redenen.get(waarde, 0) for waarde, _label in Eindreden.choices},
                "reden:": redenen.get("", 0),
                "eerste_baan": f.funnel.eerste_betaald_werk,
                "baanstarts": f.plaatsingen,
                "zonder_werk": f.werkpercentage_alle_methoden.noemer,
                "in_werk": f.werkpercentage_alle_methoden.teller,
                "duurzaam": f.funnel.duurzaam,
            }
        )
    return rijen, tellingen


def werkmonitor_document(rijen, tellingen) -> figuren.Document:
    """The Werkmonitor's counts as one document: a provider's method row is part of the region's row of that
    method and of its own "Alle methoden" row; a method's region row of the region's "Alle methoden"; within
    a row the ended count is the sum of its reasons."""
    d = figuren.Document()
    for i, telling in enumerate(tellingen):
        for kolom, waarde in telling.items():
            d.cijfer(f"{i}:{kolom}", waarde)
    totaal_index = {(naam, methode): i for i, (naam, methode, _f) in enumerate(rijen)}
    alle = len(rijen) - 1  # the last row: all methods (the region's or the provider's)
    for kolom in tellingen[0] if tellingen else ():
        per_totaal: dict[int, list[str]] = {}
        for i, (naam, methode, filters) in enumerate(rijen):
            if i == alle:
                continue
            if naam == "Totaal regio" or filters.aanbieder_id is None:
                per_totaal.setdefault(alle, []).append(f"{i}:{kolom}")
            else:
                per_totaal.setdefault(totaal_index.get(("Totaal regio", methode), alle), []).append(f"{i}:{kolom}")
        for totaal, cellen in per_totaal.items():
            if sum(d.waarden[c] for c in cellen) <= d.waarden[f"{totaal}:{kolom}"]:
                d.delingen.append((f"{totaal}:{kolom}", cellen))
    for i in range(len(tellingen)):
        redenen = [f"{i}:{kolom}" for kolom in tellingen[i] if kolom.startswith("reden:")]
        d.delingen.append((f"{i}:beeindigd", redenen))
    return d


def _werkmonitor_teksten(rijen, tellingen, *, onderdrukken: bool) -> list[dict[str, str]]:
    if not onderdrukken:
        return [{kolom: str(waarde) for kolom, waarde in telling.items()} for telling in tellingen]
    d = werkmonitor_document(rijen, tellingen).onderdruk()
    return [{kolom: d.tekst(f"{i}:{kolom}") for kolom in telling} for i, telling in enumerate(tellingen)]


def _werkmonitor_procent(tekst: dict[str, str], telling: dict[str, int], teller: str, noemer: str) -> str:
    if tekst[teller] in (figuren.ONDERDRUKT, figuren.AANVULLEND) or tekst[noemer] in (
        figuren.ONDERDRUKT,
        figuren.AANVULLEND,
    ):
        return figuren.AANVULLEND
    return _procent(figuren.Verhouding(telling[teller], telling[noemer]))


def werkmonitor_csv(
    *, regio: Regio, periode, aanbieder: Organisatie | None = None, onderdrukken: bool = False
) -> bytes:
    return _csv(
        WERKMONITOR_KOPPEN,
        werkmonitor_regels(regio=regio, periode=periode, aanbieder=aanbieder, onderdrukken=onderdrukken),
    )
