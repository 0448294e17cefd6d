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

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.safestring import mark_safe

from hoofdzaak.models import Organisatie, Regio
from trajecten.models import Plaatsing
from werkgevers.models import Betrokkenheid, Vacature, VacatureStatus, Werkgever, Werkgeverscontact

from .. import figuren
from ..figuren import Filters, Periode
from .models import MAANDNAMEN, Rapport, RapportSoort

KWARTAAL_TEMPLATE = "rapportage/pdf/kwartaal.html"
MAAND_TEMPLATE = "rapportage/pdf/maand.html"
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


def onderdrukte_tabel(rijen: Sequence, kolommen: Sequence[str] = KOLOMMEN, *, label=lambda r: r.label) -> Tabel:
    """A breakdown with every column suppressed on its own (each column is one set of cells that adds up
    to its total), and each total shown unless it is 1-4 itself."""
    sleutels = [f"{i:04d}" for i in range(len(rijen))]
    per_kolom = {}
    totaal = {}
    for kolom in kolommen:
        waarden = {s: int(getattr(r, kolom)) for s, r in zip(sleutels, rijen, strict=True)}
        per_kolom[kolom] = figuren.onderdruk(waarden)
        totaal[kolom] = figuren.onderdruk({"totaal": sum(waarden.values())})["totaal"]
    return Tabel(
        rijen=tuple(
            TabelRij(label(r), {k: per_kolom[k][s] for k in kolommen}) for s, r in zip(sleutels, rijen, strict=True)
        ),
        totaal=totaal,
    )


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
    vervuld = per_periode(
        Vacature.objects.in_regio(regio).filter(status=VacatureStatus.VERVULD),
        "pk",
        "voordrachten__plaatsing__startdatum",
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
    return {
        "kwartaal": kwartaal,
        "jaar": jaar,
        "kwartaalnummer": kwartaalnummer,
        "norm_ips": figuren.NORM_IPS_WERKPERCENTAGE,
        "funnel": list(zip(kwartaal.funnel.stappen(), jaar.funnel.stappen(), strict=True)),
        "per_gemeente": onderdrukte_tabel(kwartaal.per_gemeente),
        "per_methode": onderdrukte_tabel(kwartaal.per_methode),
        # Suppressed too: a referrer is often a gemeente, and would give its small cells away.
        "per_aanbieder": onderdrukte_tabel(kwartaal.per_aanbieder),
        "per_verwijzer": onderdrukte_tabel(kwartaal.per_verwijzer),
        "eindredenen": onderdrukte_tabel([r for r in jaar.eindredenen if r.aantal], ("aantal",)),
        "eindredenen_titel": f"Reden van beëindiging ({periode.tot.year} tot en met K{kwartaalnummer})",
        "werkgevers": werkgevers,
        "werkgevers_jaar": werkgevers_jaar,
        "kwartalen_svg": _grafiek_kwartalen(jaar, kwartaalnummer),
        "doel_svg": _grafiek_doel(jaar),
    }


# --- The monthly report of a gemeente ---------------------------------------------------------------------------


def maand_context(regio: Regio, gemeente: Organisatie, periode: Periode, peildatum: datetime.date) -> dict:
    alleen = Filters(gemeente_id=gemeente.pk)
    jaar_periode = Periode.jaar_tot_en_met(periode.tot)
    # The region's figures are the same for each of its gemeenten: within a monthly batch they come from
    # the cache after the first (rapportage.cijfercache).
    maand_g, jaar_g = figuren.bereken_reeks(
        regio=regio, perioden=(periode, jaar_periode), filters=alleen, peildatum=peildatum, lijsten=False
    )
    maand_r, jaar_r = figuren.bereken_reeks(
        regio=regio, perioden=(periode, jaar_periode), peildatum=peildatum, lijsten=False
    )
    trend = figuren.maandtrend(regio=regio, tot=periode.tot, maanden=12, filters=alleen)
    aandeel_doel = figuren.Verhouding(jaar_g.gestart_in_jaar, jaar_r.doel).percentage
    aandeel_regio = figuren.Verhouding(jaar_g.gestart_in_jaar, jaar_r.gestart_in_jaar).percentage
    return {
        "gemeente": gemeente,
        "maand_g": maand_g,
        "maand_r": maand_r,
        "jaar_g": jaar_g,
        "jaar_r": jaar_r,
        "aandeel_doel": aandeel_doel,
        "aandeel_regio": aandeel_regio,
        "norm_ips": figuren.NORM_IPS_WERKPERCENTAGE,
        "trend": [{"maand": maand, "aantal": aantal} for maand, aantal in trend],
        "trend_svg": _grafiek_trend(trend, gemeente),
        "per_methode": onderdrukte_tabel([r for r in jaar_g.per_methode if r.gestart or r.lopend or r.plaatsingen]),
        "eindredenen": onderdrukte_tabel([r for r in jaar_g.eindredenen if r.aantal], ("aantal",)),
    }


# --- Charts (rapportage/svg.py draws them; the tables beside them carry the same numbers) ----------------------


def _voor_pdf(grafiek: str) -> str:
    """The chart with our PDF font: svg.py names browser fonts; the worker has DejaVu Sans (fonts-dejavu-core)."""
    from django.utils.html import escape

    from .. import svg

    return mark_safe(  # noqa: S308 - svg.py escapes every text; we only swap one attribute value
        grafiek.replace(f'font-family="{escape(svg.LETTERTYPE)}"', f'font-family="{PDF_LETTERTYPE}"', 1)
    )


PDF_LETTERTYPE = "DejaVu Sans, sans-serif"


def _grafiek_trend(trend: list[tuple[datetime.date, int]], gemeente: Organisatie) -> str:
    from .. import svg

    reeks = [(f"{MAANDNAMEN[maand.month - 1][:3]} {maand:%y}", aantal) for maand, aantal in trend]
    return _voor_pdf(
        svg.kolomdiagram(
            naam="trend",
            titel=f"Gestarte trajecten per maand, inwoners van {gemeente.naam}, laatste 12 maanden",
            reeks=reeks,
            hoogte=180,
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
