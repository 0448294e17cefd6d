"""Every figure of the Hoofdzaak Werk programme, computed in one place (DESIGN.md §5).

The dashboard, the PDF reports and the exports all read their numbers from here and nowhere else.
Everything is computed by the database in a fixed number of aggregate queries (about fifteen per
`bereken` call, however many trajectories there are); Python only loops over the handful of result
rows (one per gemeente, method, quarter …).

Public API (stable; other modules build on it):

    Periode(van, tot)                      inclusive date range; van > tot raises ValueError
        .jaar(j) .kwartaal(j, k) .maand(j, m) .jaar_tot_en_met(datum)   constructors
        .label  .dagen  .bevat(datum)
    Filters(gemeente_id=None, methode=None, aanbieder_id=None, verwijzer_id=None,
            financieringsstroom=None, organisatie_id=None)      gemeente = the participant's woongemeente;
                                           organisatie = every trajectory a partner takes part in
    bereken(*, regio, periode, filters=Filters(), peildatum=None) -> Figuren
    bereken_reeks(*, regio, perioden, filters=Filters(), peildatum=None, lijsten=True, volledig=True,
                  werkpercentage=False) -> tuple[Figuren, ...]
                                           several periods from shared queries, each cached on its own
    bereken_reeksen(*, regio, perioden, filters: Sequence[Filters], …) -> tuple[tuple[Figuren, ...], ...]
                                           several filters too (a gemeente beside its region: one set of queries)
    maandtrend(*, regio, tot, maanden=12, filters=Filters()) -> list[tuple[date, int]]
    doelverdeling(*, regio, jaar, peildatum=None, jaarstand: Jaarstand | None = None)
        -> Doelverdeling(jaar, stand, versie, regio: Doeldeel,
        gemeenten, partners: tuple[Doeldeel(sleutel, label, soort, doel, gestart, pro_rata_doel, prognose)
        .verschil_met_pro_rata .op_schema .procent_van_pro_rata], pijplijn: Pijplijn(open_aanmeldingen,
        open_intakes, conversie_aanmelding, conversie_intake, aanmeldingen_12_maanden, laag, hoog) | None)
        .delen .deel_van(organisatie_id)
    onderdruk(cellen: dict[str, int]) -> dict[str, str]
    modeltrouw(*, regio, periode, aanbieder_id=None, peildatum=None) -> Modeltrouw(regio_id, periode,
        aanbieder_id, stand, regio: Modeltrouwrij, teams: tuple[Modeltrouwteam(totaal, begeleiders)]) .leeg
        .begeleider(gebruiker_id); Modeltrouwrij(sleutel, label, begeleiders, caseload, caseload_maximum,
        trajecten, dagen_tot_werkgeverscontact, dagen_mediaan, dagen_aantal, werkgeverscontacten,
        werkgeverscontacten_algemeen, weken, nazorg, uitkeringsadvies, behandelteam: Verhouding, banen,
        werkgevers) .werkgeverscontacten_per_week .verschillende_werkgevers .scores .cellen .rapportcellen
    ips25_score(waarde, grenzen, *, hoger_is_beter), IPS25_*, MODELTROUW_KOLOMMEN(_KORT)   IPS fidelity
    NORM_IPS_WERKPERCENTAGE, NORM_CASELOAD, NORM_DAGEN_TOT_WERKGEVERSCONTACT,
    NORM_WERKGEVERSCONTACTEN_PER_WEEK, DOEL_STANDAARD, GEEN_CONTACT_DAGEN, DATAKWALITEIT_MAX_REGELS,
    ONDERDRUKT, GEEN_NORM                                                        constants

    Figuren (frozen): regio_id, periode, filters, peildatum, stand,
        doel, gestart, gestart_in_jaar, pro_rata_doel, prognose, lopend,
        funnel: Funnel(aangemeld, intake, gestart, eerste_betaald_werk, duurzaam) .stappen()
        plaatsingen, duurzame_plaatsingen,
        ips_werkpercentage, aandeel_peer_support: Verhouding(teller, noemer) .percentage
        actief, unieke_deelnemers
        caseload_per_begeleider: Caseload(gemiddeld, maximum, begeleiders, trajecten, boven_norm) .gehaald
        dagen_tot_eerste_werkgeverscontact: DagenTotWerkgeverscontact(mediaan, gemiddeld, aantal,
            binnen_norm) .gehaald
        werkgeverscontacten_per_begeleider_per_week: Werkgeverscontacten(contacten, begeleiders,
            weken, algemeen) .per_begeleider_per_week .gehaald
        per_gemeente, per_methode, per_aanbieder, per_verwijzer, per_financieringsstroom:
            tuple[Uitsplitsing(sleutel, label, gestart, lopend, plaatsingen)]
        per_kwartaal, eindredenen: tuple[Telling(sleutel, label, aantal)]
        datakwaliteit: Datakwaliteit(zonder_startdatum, zonder_startdatum_trajecten, geen_contact,
            geen_contact_trajecten: tuple[TrajectVerwijzing(traject_id, deelnemernummer,
            laatste_contact)]) .totaal
        .verschil_met_pro_rata .op_schema .prognose_haalt_doel .ips_gehaald
        .ips_indicatoren: tuple[Indicator(sleutel, naam, waarde, norm, gehaald) .heeft_norm .oordeel]

Definitions (the "why" of every number; periode = [van, tot], both inclusive):

- Reproducible: a figure of a closed period reads only facts dated up to the period's end (contacts,
  placements, starts and ends by their dates), so rebuilding a report later gives the same numbers
  unless data of that period itself was corrected. Rounding: `afronden` (half up) once, to the
  glossary's precision `PRECISIE`; formatting: `getal_tekst`, on every surface.

- peildatum: the day the figures are looked at, default today. `stand = min(periode.tot, peildatum)`
  is the last day that has already happened; it matters for everything that grows with time: the
  pro-rata target, the forecast, lasting placements and the weekly employer-contact rate.
- doel: `Doelstelling.aantal` of the region for the year of periode.tot, default 100. The target is
  the region's: with filters set it is still the region's target.
- gestart: trajectories whose startdatum lies in the period (31 December counts for that year,
  1 January for the next). A participant whose trajectory ended and who started a new one counts
  twice: the target counts trajectories.
- gestart_in_jaar: trajectories started from 1 January of periode.tot's year up to `stand`.
- pro_rata_doel = doel × (days of that year elapsed at `stand`, 1 January counting as one) / days in
  the year. prognose = gestart_in_jaar / elapsed days × days in the year: the year-end result at the
  pace so far (None before the year started). Rounded once, half up, to their PRECISIE (pro rata one
  decimal, prognose whole trajectories); every surface shows them with `getal_tekst`.
- lopend: on `stand` (the period's last day, or today inside a running period), started on or before it
  and not ended before it (einddatum empty or ≥ that day). "Lopend op 2 december" counts on 2 December.
- funnel: aangemeld (verwijsdatum in period), intake (intakedatum in period), gestart, eerste betaald
  werk (trajectories whose first paid placement started in the period), duurzaam (trajectories with
  a paid placement that became lasting in the period). The stages count trajectories.
- plaatsingen: paid placements (`Plaatsing.betaald`) that started in the period; unpaid trial
  placements never count. duurzame_plaatsingen: paid placements that became lasting in the period,
  i.e. reached settings.DUURZAAM_MAANDEN (default 6) months of duration on a day in [van, stand]
  (exactly the rule of `Plaatsing.duurzaam_op`); each lasting placement is counted in exactly one
  period, so quarters add up to the year.
- IPS only: ips_werkpercentage, caseload, days to the first employer contact and employer contacts per
  week count IPS trajectories only (the IPS fidelity scale describes IPS work; other methods would
  dilute a begeleider's caseload and the employment rate). werkpercentage_alle_methoden is the same
  employment rate over every method, labelled as such.
- ips_werkpercentage: participants (counted once) with an IPS trajectory that started "zonder betaald
  werk" and was lopend on some day of the period; of those, the ones with a paid placement on one of
  those trajectories that overlaps the period. Norm ≥ 40 %.
- actief: trajectories lopend on some day of the period ("actief in de periode"). unieke_deelnemers: the
  people behind them, each counted once: a participant registered by two organisations of the region (two
  records with the same match key, trajecten.koppeling) is one person (`Deelnemer.persoon`); the target
  still counts trajectories.
- aandeel_peer_support: trajectories lopend on some day of the period; of those, the ones whose
  participant has a peer supporter assigned (or had one when the record was anonymised,
  `Deelnemer.had_peer_supporter`), or that had a peer-support contact on or before periode.tot.
- dagen_tot_eerste_werkgeverscontact: over the trajectories started in the period that had a
  face-to-face employer contact up to the period's end (`Contactmoment` soort werkgeverscontact, face_to_face), the days
  from startdatum to the first such contact (0 when it came before the start, during the intake).
  Median (the headline, robust to a few slow cases) and mean. Norm: median ≤ 30 days.
- caseload_per_begeleider and werkgeverscontacten_per_begeleider_per_week describe the work of the
  trajectbegeleiders, so they follow only the filters that describe that work (methode, aanbieder);
  a gemeente, verwijzer or funding filter would make a begeleider's caseload look smaller than it is.
  Caseload: trajectories in guidance (intake or started, not ended, not rejected) on `stand` per
  assigned begeleider; mean, maximum, and how many begeleiders are above the norm of 20.
  Employer contacts: face-to-face employer contacts dated in [van, stand] on those trajectories, plus the
  general company visits (`werkgevers.Werkgeverscontact` soort bezoek) those begeleiders logged in [van, stand]
  (IPS counts client-specific and generic contacts), divided by the begeleiders with a trajectory in guidance
  during the period, per elapsed week.
  Norm ≥ 6 per begeleider per week (IPS fidelity scale).
- Breakdowns per gemeente (every gemeente of the region, also those without trajectories), methode
  (every method), aanbieder and verwijzer (those with a non-zero figure), financieringsstroom:
  gestart, lopend (on `stand`) and plaatsingen (paid, started in the period).
- per_kwartaal: gestart per quarter of periode.tot's year. eindredenen: trajectories ended in the
  period, per reason.
- datakwaliteit: trajectories with status "gestart" but no startdatum; and trajectories in intake or
  started (current status) with no contact of any kind in the 60 days up to the peildatum that have
  been in guidance for longer than that; and trajectories in intake or started whose funding stream is
  "onbekend" or was never recorded. Each with its count and (at most DATAKWALITEIT_MAX_REGELS)
  trajectory ids and participant numbers. The numbers are pseudonymous personal data: show them to
  projectleiders only, never in a bestuurder's report.

- modeltrouw (IPS fidelity): over IPS trajectories with a begeleider only, per begeleider, team (the provider of
  most of its IPS trajectories in the period) and region; caseload on `stand`, mean days to the first face-to-face
  employer contact, face-to-face employer contacts per begeleider per week (participant-linked plus general company
  visits, `werkgevers.Werkgeverscontact` soort bezoek, by the begeleider), follow-along in a job's first 30 days,
  benefits counselling, contact with the treatment team, jobs at different employers; scored on the IPS-25 anchors
  where the scale defines them from these numbers. Definitions and sources: docs/begrippen.md "Modeltrouw".
  Only facts dated up to `stand` count. The dashboard's `werkgeverscontacten_per_begeleider_per_week`
  counts the same contacts over all IPS trajectories (also those without a begeleider).

`onderdruk` implements the small-cell rule for bestuurder reports; see its docstring.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime
import decimal
import operator
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import partial, reduce

from django.conf import settings
from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.expressions import BaseExpression
from django.db.models.functions import Coalesce, ExtractDay, ExtractMonth, ExtractYear, Mod, TruncMonth
from django.db.models.lookups import Exact, GreaterThan, GreaterThanOrEqual, In
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from hoofdzaak.models import Doeldeel as DoeldeelRij
from hoofdzaak.models import Doelstelling, Doelversie, Gebruiker, Lidmaatschap, Organisatie, Regio, Soort, naam_van
from hoofdzaak.vaste_query import QuerySjabloon
from trajecten.models import (
    Contactmoment,
    ContactSoort,
    Deelnemer,
    Eindreden,
    Financieringsstroom,
    Methode,
    Plaatsing,
    SituatieBijStart,
    Traject,
    TrajectStatus,
    _maanden_later,
)
from werkgevers.models import Werkgeverscontact

from . import cijfercache

# --- Constants ------------------------------------------------------------------------------------------------

DOEL_STANDAARD = 100
# IPS benchmarks (IPS fidelity scale, programme covenant).
NORM_IPS_WERKPERCENTAGE = 40  # % at least
NORM_CASELOAD = 20  # trajectories per begeleider at most
NORM_DAGEN_TOT_WERKGEVERSCONTACT = 30  # days at most (median)
NORM_WERKGEVERSCONTACTEN_PER_WEEK = 6  # face-to-face employer contacts per begeleider per week at least
GEEN_CONTACT_DAGEN = 60
DATAKWALITEIT_MAX_REGELS = 100
# Small-cell suppression: counts from 1 up to (not including) this number are not shown.
KLEINSTE_GETOONDE_AANTAL = 5
ONDERDRUKT = "<5"
GEEN_NORM = "—"

EEN_DAG = datetime.timedelta(days=1)

# The glossary's precision of every figure that is not a count (counts are whole numbers): the number of
# decimals it is rounded to, half up, once, here — every surface (page, chart, PDF, export) shows the
# stored value with `getal_tekst(waarde, PRECISIE[...])`, so no surface rounds a second time.
PRECISIE = {
    "pro_rata_doel": 1,
    "verschil_met_pro_rata": 1,
    "prognose": 0,  # a number of trajectories at year end
    "percentage": 1,
    "caseload": 1,
    "dagen": 1,
    "per_week": 1,
}


# --- Period and filters ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Periode:
    """An inclusive date range: both `van` and `tot` belong to the period."""

    van: datetime.date
    tot: datetime.date

    def __post_init__(self) -> None:
        for naam in ("van", "tot"):
            waarde = getattr(self, naam)
            if not isinstance(waarde, datetime.date) or isinstance(waarde, datetime.datetime):
                raise ValueError(f"Periode.{naam} moet een datum zijn, geen {type(waarde).__name__}.")
        if self.van > self.tot:
            raise ValueError(f"De periode begint ({self.van}) na het einde ({self.tot}).")

    @classmethod
    def jaar(cls, jaar: int) -> Periode:
        return cls(datetime.date(jaar, 1, 1), datetime.date(jaar, 12, 31))

    @classmethod
    def kwartaal(cls, jaar: int, kwartaal: int) -> Periode:
        if kwartaal not in (1, 2, 3, 4):
            raise ValueError(f"Een kwartaal is 1, 2, 3 of 4, niet {kwartaal!r}.")
        eerste = 3 * kwartaal - 2
        return cls(datetime.date(jaar, eerste, 1), _laatste_dag(jaar, eerste + 2))

    @classmethod
    def maand(cls, jaar: int, maand: int) -> Periode:
        if not 1 <= maand <= 12:
            raise ValueError(f"Een maand is 1 tot en met 12, niet {maand!r}.")
        return cls(datetime.date(jaar, maand, 1), _laatste_dag(jaar, maand))

    @classmethod
    def jaar_tot_en_met(cls, datum: datetime.date) -> Periode:
        return cls(datetime.date(datum.year, 1, 1), datum)

    @property
    def dagen(self) -> int:
        return (self.tot - self.van).days + 1

    def bevat(self, datum: datetime.date) -> bool:
        return self.van <= datum <= self.tot

    @property
    def label(self) -> str:
        """Dutch: "2026", "2e kwartaal 2026", "maart 2026" or "1 januari 2026 t/m 15 maart 2026"."""
        van, tot = self.van, self.tot
        if van.year == tot.year and van.day == 1 and tot == _laatste_dag(tot.year, tot.month):
            if (van.month, tot.month) == (1, 12):
                return str(van.year)
            if van.month == tot.month:
                return f"{MONTHS[van.month]} {van.year}"
            if van.month % 3 == 1 and tot.month == van.month + 2:
                return f"{(van.month + 2) // 3}e kwartaal {van.year}"
        return f"{_datum_tekst(van)} t/m {_datum_tekst(tot)}"

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True)
class Filters:
    """Optional selections; `gemeente_id` is the participant's woongemeente (an `Organisatie` pk)."""

    gemeente_id: int | None = None
    methode: str | None = None
    aanbieder_id: int | None = None
    verwijzer_id: int | None = None
    financieringsstroom: str | None = None
    # A partner's own scope (issue 15 point 7): the trajectories it provides, referred or funds, and those
    # of participants whose peer supporter works for it.
    organisatie_id: int | None = None

    def __post_init__(self) -> None:
        if self.methode and self.methode not in Methode.values:
            raise ValueError(f"Onbekende methode {self.methode!r}.")
        if self.financieringsstroom and self.financieringsstroom not in Financieringsstroom.values:
            raise ValueError(f"Onbekende financieringsstroom {self.financieringsstroom!r}.")

    @property
    def actief(self) -> bool:
        return any(
            waarde not in (None, "")
            for waarde in (
                self.gemeente_id,
                self.methode,
                self.aanbieder_id,
                self.verwijzer_id,
                self.financieringsstroom,
                self.organisatie_id,
            )
        )

    @property
    def werkzaamheden(self) -> Filters:
        """Only the filters that describe the begeleiders' work (for caseload and employer contacts)."""
        return Filters(methode=self.methode, aanbieder_id=self.aanbieder_id)


# --- Results --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verhouding:
    """A share: `teller` of `noemer`; `percentage` is None when there is nothing to divide by."""

    teller: int
    noemer: int

    @property
    def percentage(self) -> float | None:
        # From the exact fraction: 2/16 is 12.5 exactly and rounds (half up) the same on every surface.
        return afronden(Fraction(100 * self.teller, self.noemer), PRECISIE["percentage"]) if self.noemer else None

    @property
    def tekst(self) -> str:
        """ "12,5%" or "—" when there is nothing to divide by."""
        return "—" if self.percentage is None else f"{getal_tekst(self.percentage, PRECISIE['percentage'])}%"


@dataclass(frozen=True)
class Funnel:
    aangemeld: int
    intake: int
    gestart: int
    eerste_betaald_werk: int
    duurzaam: int

    def stappen(self) -> list[tuple[str, int]]:
        """(Dutch label, count) per stage, in the order of the funnel."""
        return [
            (str(_("Aangemeld")), self.aangemeld),
            (str(_("Intake")), self.intake),
            (str(_("Gestart")), self.gestart),
            (str(_("Eerste betaald werk")), self.eerste_betaald_werk),
            (str(_("Duurzaam werk")), self.duurzaam),
        ]


@dataclass(frozen=True)
class Caseload:
    gemiddeld: float | None  # None: no begeleider had a trajectory in guidance
    maximum: int | None
    begeleiders: int
    trajecten: int
    boven_norm: int  # begeleiders with more than NORM_CASELOAD trajectories

    @property
    def gehaald(self) -> bool | None:
        return None if not self.begeleiders else self.boven_norm == 0


@dataclass(frozen=True)
class DagenTotWerkgeverscontact:
    mediaan: float | None
    gemiddeld: float | None
    aantal: int  # trajectories started in the period that had a face-to-face employer contact
    binnen_norm: int  # … of which within NORM_DAGEN_TOT_WERKGEVERSCONTACT days

    @property
    def gehaald(self) -> bool | None:
        return None if self.mediaan is None else self.mediaan <= NORM_DAGEN_TOT_WERKGEVERSCONTACT


@dataclass(frozen=True)
class Werkgeverscontacten:
    contacten: int  # face-to-face: on trajectories, plus the begeleiders' general company visits
    begeleiders: int
    weken: Fraction
    algemeen: int = 0  # … of which general (not about one participant)

    @property
    def per_begeleider_per_week(self) -> float | None:
        if not self.begeleiders or self.weken <= 0:
            return None
        return afronden(Fraction(self.contacten) / self.begeleiders / Fraction(self.weken), PRECISIE["per_week"])

    @property
    def gehaald(self) -> bool | None:
        tempo = self.per_begeleider_per_week
        return None if tempo is None else tempo >= NORM_WERKGEVERSCONTACTEN_PER_WEEK


@dataclass(frozen=True)
class Uitsplitsing:
    """One row of a breakdown; `sleutel` is the pk or choice value ("" for "not recorded")."""

    sleutel: str
    label: str
    gestart: int
    lopend: int
    plaatsingen: int


@dataclass(frozen=True)
class Telling:
    sleutel: str
    label: str
    aantal: int


@dataclass(frozen=True)
class TrajectVerwijzing:
    traject_id: int
    deelnemernummer: str
    laatste_contact: datetime.date | None = None


@dataclass(frozen=True)
class Datakwaliteit:
    zonder_startdatum: int
    zonder_startdatum_trajecten: tuple[TrajectVerwijzing, ...]
    geen_contact: int
    geen_contact_trajecten: tuple[TrajectVerwijzing, ...]
    financiering_onbekend: int = 0
    financiering_onbekend_trajecten: tuple[TrajectVerwijzing, ...] = ()

    @property
    def totaal(self) -> int:
        return self.zonder_startdatum + self.geen_contact + self.financiering_onbekend


@dataclass(frozen=True)
class Indicator:
    """An IPS indicator ready to show: Dutch name, value and norm as text, and whether the norm is met."""

    sleutel: str
    naam: str
    waarde: str
    norm: str  # "≥ 40%", or "—" when the indicator has no norm
    gehaald: bool | None  # None: no norm, or no data to judge

    @property
    def heeft_norm(self) -> bool:
        return self.norm != GEEN_NORM

    @property
    def oordeel(self) -> str:
        if not self.heeft_norm:
            return str(_("Geen norm"))
        if self.gehaald is None:
            return str(_("Geen gegevens"))
        return str(_("Norm gehaald")) if self.gehaald else str(_("Norm niet gehaald"))


@dataclass(frozen=True)
class Figuren:
    regio_id: int
    periode: Periode
    filters: Filters
    peildatum: datetime.date
    stand: datetime.date
    doel: int
    gestart: int
    gestart_in_jaar: int
    pro_rata_doel: float
    prognose: float | None
    lopend: int
    funnel: Funnel
    plaatsingen: int
    duurzame_plaatsingen: int
    ips_werkpercentage: Verhouding
    werkpercentage_alle_methoden: Verhouding | None  # None with volledig=False (unless werkpercentage=True)
    aandeel_peer_support: Verhouding
    actief: int
    # None (and the breakdowns other than per_methode, and per_kwartaal, empty) in figures computed with
    # volledig=False.
    unieke_deelnemers: int | None
    caseload_per_begeleider: Caseload | None
    dagen_tot_eerste_werkgeverscontact: DagenTotWerkgeverscontact | None
    werkgeverscontacten_per_begeleider_per_week: Werkgeverscontacten | None
    per_gemeente: tuple[Uitsplitsing, ...]
    per_methode: tuple[Uitsplitsing, ...]
    per_aanbieder: tuple[Uitsplitsing, ...]
    per_verwijzer: tuple[Uitsplitsing, ...]
    per_financieringsstroom: tuple[Uitsplitsing, ...]
    per_kwartaal: tuple[Telling, ...]
    eindredenen: tuple[Telling, ...]
    datakwaliteit: Datakwaliteit

    @property
    def verschil_met_pro_rata(self) -> float:
        """Positive: ahead of schedule; negative: behind (year to date at `stand`)."""
        verschil = self.gestart_in_jaar - decimal.Decimal(repr(self.pro_rata_doel))
        return afronden(verschil, PRECISIE["verschil_met_pro_rata"])

    @property
    def op_schema(self) -> bool:
        return self.gestart_in_jaar >= self.pro_rata_doel

    @property
    def prognose_haalt_doel(self) -> bool | None:
        return None if self.prognose is None else self.prognose >= self.doel

    @property
    def ips_gehaald(self) -> bool | None:
        percentage = self.ips_werkpercentage.percentage
        return None if percentage is None else percentage >= NORM_IPS_WERKPERCENTAGE

    @property
    def ips_indicatoren(self) -> tuple[Indicator, ...]:
        """The IPS employment rate and the operational IPS indicators, each against its norm."""
        ips = self.ips_werkpercentage
        caseload = self.caseload_per_begeleider
        dagen = self.dagen_tot_eerste_werkgeverscontact
        contacten = self.werkgeverscontacten_per_begeleider_per_week
        peer = self.aandeel_peer_support
        return (
            Indicator(
                "werkpercentage",
                str(_("Werkpercentage, alleen IPS (deelnemers zonder werk bij de start die betaald werk hadden)")),
                _procent_tekst(ips),
                f"≥\u00a0{NORM_IPS_WERKPERCENTAGE}%",
                self.ips_gehaald,
            ),
            Indicator(
                "caseload",
                str(_("Caseload per trajectbegeleider, alleen IPS")),
                str(_("geen begeleiders met trajecten"))
                if caseload.gemiddeld is None
                else _("gemiddeld %(gemiddeld)s, hoogste %(maximum)s (%(boven)s boven de norm)")
                % {
                    "gemiddeld": _getal(caseload.gemiddeld, 1),
                    "maximum": caseload.maximum,
                    "boven": caseload.boven_norm,
                },
                f"≤\u00a0{NORM_CASELOAD}",
                caseload.gehaald,
            ),
            Indicator(
                "dagen_tot_werkgeverscontact",
                str(_("Dagen van start tot eerste face-to-face werkgeverscontact, alleen IPS (mediaan)")),
                str(_("geen trajecten met een werkgeverscontact"))
                if dagen.mediaan is None
                else _("%(mediaan)s dagen (gemiddeld %(gemiddeld)s; %(binnen)s van %(aantal)s binnen de norm)")
                % {
                    "mediaan": _getal(dagen.mediaan, 1),
                    "gemiddeld": _getal(dagen.gemiddeld, 1),
                    "binnen": dagen.binnen_norm,
                    "aantal": dagen.aantal,
                },
                f"≤\u00a0{NORM_DAGEN_TOT_WERKGEVERSCONTACT}",
                dagen.gehaald,
            ),
            Indicator(
                "werkgeverscontacten",
                str(
                    _("Face-to-face werkgeverscontacten per begeleider per week (met en zonder deelnemer), alleen IPS")
                ),
                str(_("geen begeleiders met trajecten"))
                if contacten.per_begeleider_per_week is None
                else _getal(contacten.per_begeleider_per_week, 1),
                f"≥\u00a0{NORM_WERKGEVERSCONTACTEN_PER_WEEK}",
                contacten.gehaald,
            ),
            Indicator(
                "peer_support",
                str(_("Aandeel lopende trajecten met peer support, alle methoden")),
                _procent_tekst(peer),
                GEEN_NORM,
                None,
            ),
        )


# --- The computation ------------------------------------------------------------------------------------------


def bereken(
    *,
    regio: Regio,
    periode: Periode,
    filters: Filters = Filters(),  # noqa: B008 - frozen, so a shared default is safe
    peildatum: datetime.date | None = None,
    lijsten: bool = True,
) -> Figuren:
    """All figures of `regio` for `periode` under `filters`, as seen on `peildatum` (default today).
    `lijsten=False` leaves the data-quality trajectory lists empty (their counts stay): the reports show
    counts only, and save two queries. Cached until the region's data changes (`rapportage.cijfercache`)."""
    return bereken_reeks(regio=regio, perioden=(periode,), filters=filters, peildatum=peildatum, lijsten=lijsten)[0]


def bereken_reeks(
    *,
    regio: Regio,
    perioden: Sequence[Periode],
    filters: Filters = Filters(),  # noqa: B008 - frozen, so a shared default is safe
    peildatum: datetime.date | None = None,
    lijsten: bool = True,
    volledig: bool = True,
    werkpercentage: bool = False,
) -> tuple[Figuren, ...]:
    """`bereken` for several periods at once (a report's month or quarter and its year to date): the same
    Figuren as one call per period, from shared queries in which every count has one FILTER per period,
    so the second period costs a fraction of the first. Each period is cached on its own.

    `volledig=False` computes only what the monthly gemeente report shows, in a third of the queries: the
    counts, funnel, placements, the IPS rate, the peer-support share, per_methode and eindredenen, by the same
    definitions; unieke_deelnemers, the begeleiders' work (caseload, days to the first employer contact,
    employer contacts) and werkpercentage_alle_methoden are None, the other breakdowns and per_kwartaal empty,
    `ips_indicatoren` unavailable. `werkpercentage=True` adds werkpercentage_alle_methoden to that (the Werkmonitor's
    columns: two counts more; without a methode filter the breakdowns then come from queries of their own, filled,
    since that rate's persons cannot be summed over the per-methode groups)."""
    return bereken_reeksen(
        regio=regio,
        perioden=perioden,
        filters=(filters,),
        peildatum=peildatum,
        lijsten=lijsten,
        volledig=volledig,
        werkpercentage=werkpercentage,
    )[0]


def bereken_reeksen(
    *,
    regio: Regio,
    perioden: Sequence[Periode],
    filters: Sequence[Filters],
    peildatum: datetime.date | None = None,
    lijsten: bool = True,
    volledig: bool = True,
    werkpercentage: bool = False,
) -> tuple[tuple[Figuren, ...], ...]:
    """`bereken_reeks` for several filters at once (a gemeente's monthly report: the gemeente and its region):
    per filters, the periods' figures. One set of queries over the region's rows, in which every count has
    one FILTER per (filters, period) — the filters a condition of the count instead of the rows — gives the
    same Figuren as one `bereken_reeks` per filters. Each (filters, period) is cached on its own and only the
    missing ones are computed: within a monthly batch the region's come from the cache."""
    peildatum = peildatum or timezone.localdate()
    werkpercentage = volledig or werkpercentage
    argumenten = [(periode, f, peildatum, lijsten, volledig, werkpercentage) for f in filters for periode in perioden]
    uitkomsten = cijfercache.onthouden_reeks(
        regio.pk,
        "bereken",
        argumenten,
        lambda ontbrekend: _bereken_kolommen(
            regio=regio,
            kolommen=[(periode, f) for periode, f, *_rest in ontbrekend],
            peildatum=peildatum,
            lijsten=lijsten,
            volledig=volledig,
            werkpercentage=werkpercentage,
        ),
    )
    n = len(perioden)
    return tuple(tuple(uitkomsten[i * n : (i + 1) * n]) for i in range(len(filters)))


def _bereken(
    *, regio: Regio, periode: Periode, filters: Filters, peildatum: datetime.date, lijsten: bool = True
) -> Figuren:
    """`bereken` without the cache."""
    return _bereken_perioden(regio=regio, perioden=[periode], filters=filters, peildatum=peildatum, lijsten=lijsten)[0]


def _bereken_perioden(
    *,
    regio: Regio,
    perioden: Sequence[Periode],
    filters: Filters,
    peildatum: datetime.date,
    lijsten: bool,
    volledig: bool = True,
) -> list[Figuren]:
    """The figures of every period under one set of filters, without the cache."""
    return _bereken_kolommen(
        regio=regio,
        kolommen=[(periode, filters) for periode in perioden],
        peildatum=peildatum,
        lijsten=lijsten,
        volledig=volledig,
    )


@dataclass(frozen=True)
class _Kolom:
    """One column of the shared queries: a period under a set of filters (its scope)."""

    periode: Periode
    filters: Filters
    stand: datetime.date
    jaar: Periode


def _gedeeld(per_kolom: Iterable[dict]) -> tuple[dict, list[dict[str, str]]]:
    """Per column {name: (key, make the aggregate)} -> the aggregates of one query, each distinct key once (a
    month and its year to date share "lopend" on their common stand date, the quarters of their year, the
    data-quality counts of their scope …), as {alias: make it} (`_gemaakt` makes them), and per column {name:
    alias}; `_gelezen` reads a row back. The key names what the count counts, so two columns with one key count
    the same rows. Nothing is made here: the names alone cost no ORM work."""
    aggregaten: dict = {}
    aliassen: dict = {}
    namen = []
    for per in per_kolom:
        kolom = {}
        for naam, (sleutel, maak) in per.items():
            alias = aliassen.get(sleutel)
            if alias is None:
                alias = aliassen[sleutel] = f"a{len(aliassen)}"
                aggregaten[alias] = maak
            kolom[naam] = alias
        namen.append(kolom)
    return aggregaten, namen


def _gemaakt(aggregaten: dict) -> dict:
    """`_gedeeld`'s aggregates made, for annotate()."""
    return {alias: maak() for alias, maak in aggregaten.items()}


def _gelezen(rij: dict, namen: list[dict[str, str]]) -> list[dict]:
    """Per column {name: value} from a row of `_gedeeld`'s aggregates (a count missing from it is 0: no rows)."""
    return [{naam: rij.get(alias, 0) for naam, alias in kolom.items()} for kolom in namen]


# --- The shared queries of `_bereken_kolommen`, compiled once per shape ------------------------------------------
# Every figure of a report or the dashboard comes from two queries with a count per (period, name), ~20 FILTERs each:
# Django builds and compiles such a query in about as long as PostgreSQL answers it. Their shape (`_Vorm`) is one of
# few; the values (the region, the filters' ids, the dates) are the parameters of a QuerySjabloon per shape, which
# Django compiles once per process (hoofdzaak.vaste_query). So the builders below take every value as a value of the
# call (`_waarden`) — dates derived from others too — and compare none of them other than for equality.

_FILTER_IDS = ("gemeente_id", "aanbieder_id", "verwijzer_id", "organisatie_id")
_EINDREDENEN = (*Eindreden.values, "")  # "": not recorded
# The grouped columns of the shared queries (`_gegroepeerd`, `_Rijen.groepen`): per woongemeente, per methode.
_GROEPSVELDEN = {"_groep": "deelnemer__woongemeente_id", "_methode": "methode"}


@dataclass(frozen=True)
class _Filtervorm:
    """Filters without their ids' values: the choices (methode, financieringsstroom) and which ids are set. The ids
    are values of the queries, by their field names (`waarden`)."""

    methode: str | None
    financieringsstroom: str | None
    ids: tuple[str, ...]

    @classmethod
    def van(cls, filters: Filters) -> _Filtervorm:
        ids = tuple(naam for naam in _FILTER_IDS if getattr(filters, naam) is not None)
        return cls(filters.methode, filters.financieringsstroom, ids)

    def waarden(self, filters: Filters) -> dict[str, int]:
        return {naam: getattr(filters, naam) for naam in self.ids}

    def filters(self, w: dict) -> Filters:
        return Filters(
            methode=self.methode,
            financieringsstroom=self.financieringsstroom,
            **{naam: w[naam] for naam in self.ids},
        )


@dataclass(frozen=True)
class _Vorm:
    """The shape of the shared queries, without their values: how many periods, the filters' shape, whether grouped
    per woongemeente (`per_gemeente`) and per methode, and what is counted (see `bereken_reeks`)."""

    perioden: int
    filters: _Filtervorm
    per_gemeente: bool
    per_methode: bool
    volledig: bool
    werkpercentage: bool

    @property
    def unieke_mee(self) -> bool:
        """The unique persons of one set of filters ride along in the trajectories' query; per gemeente they are
        counted per scope (`_unieke_deelnemers`): one person can live in two gemeenten on two records."""
        return self.volledig and not self.per_gemeente

    @property
    def deelnemers_erbij(self) -> bool:
        """Counted per woongemeente, or the unique persons: the region's participants joined (by index)."""
        return self.per_gemeente or self.unieke_mee

    @property
    def groepsvelden(self) -> tuple[str, ...]:
        return (("_groep",) if self.per_gemeente else ()) + (("_methode",) if self.per_methode else ())


def _waarden(
    vorm: _Vorm, regio_id: int, filters: Filters, perioden: Sequence[_Kolom], peildatum: datetime.date
) -> dict:
    """Every value of the shared queries, by name (period i's as `van{i}`, …)."""
    maanden = settings.DUURZAAM_MAANDEN
    w = {
        "regio": regio_id,
        **vorm.filters.waarden(filters),
        "peildatum": peildatum,
        "grens": peildatum - datetime.timedelta(days=GEEN_CONTACT_DAGEN),
        # Trajectories that ended before the periods (and their years) began count for none of them.
        "vroegst": min(min(k.periode.van, k.jaar.van) for k in perioden),
        # Paid placements started by the last period's end and not ended before the first began.
        "eerste_van": min(k.periode.van for k in perioden),
        "laatste_tot": max(k.periode.tot for k in perioden),
        "maanden": maanden,
    }
    for i, k in enumerate(perioden):
        w |= {f"van{i}": k.periode.van, f"tot{i}": k.periode.tot, f"stand{i}": k.stand, f"jaar{i}": k.jaar.van}
        # Placements that became lasting on a day in [van, stand]: started after the first, by the second.
        w[f"duurzaam_na{i}"] = _laatste_start_voor_duurzaam(k.periode.van - EEN_DAG, maanden)
        w[f"duurzaam_tot{i}"] = _laatste_start_voor_duurzaam(k.stand, maanden)
        if vorm.volledig:
            for q in (1, 2, 3, 4):
                w[f"k{q}van{i}"], w[f"k{q}tot{i}"] = _grenzen(Periode.kwartaal(k.jaar.van.year, q))
    return w


def _trajectsoorten(vorm: _Vorm) -> dict[str, type]:
    soorten: dict[str, type] = {"regio": int, **dict.fromkeys(vorm.filters.ids, int)}
    soorten |= dict.fromkeys(("peildatum", "grens", "vroegst"), datetime.date)
    for i in range(vorm.perioden):
        soorten |= dict.fromkeys((f"van{i}", f"tot{i}", f"stand{i}", f"jaar{i}"), datetime.date)
        if vorm.volledig:
            soorten |= dict.fromkeys((f"k{q}{rand}{i}" for q in (1, 2, 3, 4) for rand in ("van", "tot")), datetime.date)
    return soorten


def _plaatsingsoorten(vorm: _Vorm) -> dict[str, type]:
    soorten: dict[str, type] = {"regio": int, **dict.fromkeys(vorm.filters.ids, int), "maanden": int}
    soorten |= dict.fromkeys(("eerste_van", "laatste_tot"), datetime.date)
    for i in range(vorm.perioden):
        soorten |= dict.fromkeys((f"van{i}", f"tot{i}", f"duurzaam_na{i}", f"duurzaam_tot{i}"), datetime.date)
    return soorten


class _Aantal(Count):
    """A count as the shared queries read it: PostgreSQL (and SQLite) give it as an int, never NULL, so without the
    int() Django's Count applies to every value of every row (~1 ms of a cold monthly report's Python)."""

    convert_value = staticmethod(BaseExpression._convert_value_noop)


def _trajecttellingen(vorm: _Vorm, w: dict) -> list[dict]:
    """Per period: the trajectories' counts, {name: (key, make the Count)} (see `_gedeeld`). Every count that is a
    property of a trajectory alone; the facts about placements are counted from the placements' side
    (`_plaatsingtellingen`): a region has far fewer placements than trajectories."""
    regio = w["regio"]

    # Anonymising (trajecten/retentie.py) clears the assignment but keeps the fact `had_peer_supporter`.
    # Both as uncorrelated IN (…) over the region's rows: PostgreSQL reads each once into a hash and probes
    # it per trajectory, instead of a lookup per trajectory (a trajectory's participant and contacts are of
    # its own region: tenancy). Where the participants are joined anyway, from that row.
    # (Functions, as every Count here: the names of the counts cost no ORM work.)
    def peer_supporter() -> Q:
        if vorm.deelnemers_erbij:
            return Q(deelnemer__peer_supporter_id__isnull=False) | Q(deelnemer__had_peer_supporter=True)
        return Q(
            deelnemer_id__in=Deelnemer.objects.filter(regio=regio)
            .filter(Q(peer_supporter__isnull=False) | Q(had_peer_supporter=True))
            .values("pk")
        )

    # The data-quality counts depend on the peildatum only, not on the period. Counted also with
    # volledig=False: a monthly report is approved automatically only when its list is empty
    # (rapportage.archief). The counts ride in this query; the lists only with `lijsten`.
    datakwaliteit = {
        "zonder_startdatum": (("zonder_startdatum",), lambda: _Aantal("pk", filter=_zonder_startdatum_q())),
        "geen_contact": (
            ("geen_contact",),
            lambda: _Aantal("pk", filter=_geen_contact_sinds_q(regio, w["grens"], w["peildatum"])),
        ),
        "financiering_onbekend": (("financiering_onbekend",), lambda: _Aantal("pk", filter=_financiering_onbekend_q())),
    }

    def start(a: datetime.date, b: datetime.date) -> tuple:
        return ("start", a, b), lambda: _Aantal("pk", filter=Q(startdatum__range=(a, b)))

    def kolom(i: int) -> dict:
        van, tot, stand, jaar_van = w[f"van{i}"], w[f"tot{i}"], w[f"stand{i}"], w[f"jaar{i}"]
        actief = _actief_tussen_q(van, tot)

        def peer() -> _Aantal:
            peer_contact = Q(
                pk__in=Contactmoment.objects.filter(
                    regio=regio, soort=ContactSoort.PEER_SUPPORT, datum__lte=tot
                ).values("traject_id")
            )
            # Cheapest test first: PostgreSQL stops at the first false operand of AND / true one of OR.
            return _Aantal("pk", filter=actief & (peer_supporter() | peer_contact))

        per_naam = {
            "aangemeld": (("aangemeld", van, tot), lambda: _Aantal("pk", filter=Q(verwijsdatum__range=(van, tot)))),
            "intake": (("intake", van, tot), lambda: _Aantal("pk", filter=Q(intakedatum__range=(van, tot)))),
            "gestart": start(van, tot),
            # From 1 January up to the stand date.
            "gestart_in_jaar": start(jaar_van, stand),
            # On the day the figures stand at: "lopend op 2 december" counts on 2 December, not on the
            # period's last day, which has not come yet.
            "lopend": (("lopend", stand), lambda: _Aantal("pk", filter=_lopend_op_q(stand))),
            "ips_noemer": (
                ("ips_noemer", van, tot),
                lambda: _Aantal("deelnemer", distinct=True, filter=actief & _ips_q() & Q(methode=Methode.IPS)),
            ),
            "actief": (("actief", van, tot), lambda: _Aantal("pk", filter=actief)),
            "peer": (("peer", van, tot), peer),
        }
        if vorm.unieke_mee:
            # `Deelnemer.persoon`: a participant registered by two organisations of the region is one person.
            per_naam["unieke"] = (
                ("unieke", van, tot),
                lambda: _Aantal("deelnemer__persoon", distinct=True, filter=actief),
            )
        if vorm.werkpercentage:  # the monthly report shows neither the rate over all methods nor the quarters
            per_naam["alle_noemer"] = (
                ("alle_noemer", van, tot),
                lambda: _Aantal("deelnemer", distinct=True, filter=actief & _ips_q()),
            )
        if vorm.volledig:
            per_naam |= {f"k{q}": start(w[f"k{q}van{i}"], w[f"k{q}tot{i}"]) for q in (1, 2, 3, 4)}
        # Ended in the period, per reason ("" not recorded); the reason tested first, false for most rows.
        for reden in _EINDREDENEN:
            beeindigd = Q(eindreden=reden) & Q(status=TrajectStatus.BEEINDIGD) & Q(einddatum__range=(van, tot))
            per_naam[f"beeindigd:{reden}"] = (("beeindigd", reden, van, tot), partial(_Aantal, "pk", filter=beeindigd))
        return {**per_naam, **datakwaliteit}

    return [kolom(i) for i in range(vorm.perioden)]


def _plaatsingtellingen(vorm: _Vorm, w: dict) -> list[dict]:
    """Per period: the placements' counts (see `_trajecttellingen`): paid starts, placements that became lasting,
    and per trajectory the funnel's "first paid work" and "lasting" stages and the IPS employment rate's
    numerator."""

    def kolom(i: int) -> dict:
        van, tot = w[f"van{i}"], w[f"tot{i}"]
        betaald_in_periode = Q(betaald=True, startdatum__range=(van, tot))

        def eerste_betaald_werk() -> _Aantal:
            eerder_betaald = Plaatsing.objects.filter(traject=OuterRef("traject"), betaald=True, startdatum__lt=van)
            return _Aantal("traject", distinct=True, filter=betaald_in_periode & ~Exists(eerder_betaald))

        duurzaam = ("duurzaam", w[f"duurzaam_na{i}"], w[f"duurzaam_tot{i}"])
        duurzaam_geworden = _duurzaam_tussen_q(*duurzaam[1:], Q(_lang_genoeg=True))
        # Paid work during the period on an IPS-counted trajectory (see `ips_noemer`).
        alle_werk = (
            Q(betaald=True)
            & _overlapt_tussen_q(van, tot)
            & _actief_tussen_q(van, tot, "traject__")
            & _ips_q("traject__")
        )
        ips_werk = alle_werk & Q(traject__methode=Methode.IPS)
        per_naam = {
            "gestart": (("gestart", van, tot), lambda: _Aantal("pk", filter=betaald_in_periode)),
            "duurzaam": (duurzaam, lambda: _Aantal("pk", filter=duurzaam_geworden)),
            "eerste_betaald_werk": (("eerste_betaald_werk", van, tot), eerste_betaald_werk),
            "duurzaam_trajecten": (
                ("duurzaam_trajecten", *duurzaam[1:]),
                lambda: _Aantal("traject", distinct=True, filter=duurzaam_geworden),
            ),
            "ips_teller": (
                ("ips_teller", van, tot),
                lambda: _Aantal("traject__deelnemer", distinct=True, filter=ips_werk),
            ),
        }
        if vorm.werkpercentage:
            per_naam["alle_teller"] = (
                ("alle_teller", van, tot),
                lambda: _Aantal("traject__deelnemer", distinct=True, filter=alle_werk),
            )
        return per_naam

    return [kolom(i) for i in range(vorm.perioden)]


def _gegroepeerd(queryset: QuerySet, pad: str, vorm: _Vorm, aggregaten: dict) -> QuerySet:
    """Tuples (`_Rijen`): the grouped columns (`vorm.groepsvelden`: per woongemeente, per methode), then the
    aggregates; not grouped, one row with the constant column `_alles` first. `pad` leads to the trajectory."""
    if not vorm.groepsvelden:
        opgeteld = queryset.annotate(_alles=Value(1)).values_list("_alles")
        return opgeteld.annotate(**_gemaakt(aggregaten)).order_by()[:1]
    velden = [f"{pad}{_GROEPSVELDEN[sleutel]}" for sleutel in vorm.groepsvelden]
    return queryset.values_list(*velden).annotate(**_gemaakt(aggregaten)).order_by()


@dataclass(frozen=True)
class _Rijen:
    """A shared query's rows (`_gegroepeerd`) as tuples: the grouped columns (`groepen`), then the counts (`aliassen`,
    as `_gedeeld` named them); `namen`: per period {name: alias}."""

    rijen: list[tuple]
    groepen: tuple[str, ...]
    aliassen: tuple[str, ...]
    namen: list[dict[str, str]]

    def van(self, gemeente_id: int | None) -> list[tuple]:
        """The rows of the gemeente's residents where grouped per woongemeente; else (or None: the region) all."""
        if gemeente_id is None or "_groep" not in self.groepen:
            return self.rijen
        plek = self.groepen.index("_groep")
        return [rij for rij in self.rijen if rij[plek] == gemeente_id]

    def tellingen(self, gemeente_id: int | None) -> list[dict]:
        """Per period {name: count} over the rows `van(gemeente_id)`: the groups split each counted set without
        overlap, so the sums are the counts of the whole (see `_bereken_kolommen`)."""
        n = len(self.groepen)
        sommen = (sum(kolom) for kolom in zip(*(rij[n:] for rij in self.van(gemeente_id)), strict=True))
        return _gelezen(dict(zip(self.aliassen, sommen, strict=False)), self.namen)

    def plek(self, alias: str) -> int:
        return len(self.groepen) + self.aliassen.index(alias)


def _trajectquery(vorm: _Vorm, **w) -> QuerySet:
    aggregaten, _namen = _gedeeld(_trajecttellingen(vorm, w))
    trajecten = _trajecten(w["regio"], vorm.filters.filters(w))
    if vorm.deelnemers_erbij:
        trajecten = trajecten.filter(_deelnemer_in_regio_q(w["regio"]))
    vroegst = w["vroegst"]
    # Most of five years of history is skipped before the counts are evaluated.
    kan_tellen = (
        Q(verwijsdatum__gte=vroegst)  # aangemeld
        | Q(intakedatum__gte=vroegst)  # intake
        | Q(startdatum__gte=vroegst)  # gestart, in the year, per quarter
        | (Q(startdatum__isnull=False) & (Q(einddatum__isnull=True) | Q(einddatum__gte=vroegst)))  # lopend, actief
        | Q(status__in=(TrajectStatus.INTAKE, TrajectStatus.GESTART))  # data quality
        | Q(status=TrajectStatus.BEEINDIGD, einddatum__gte=vroegst)  # ended, per reason
    )
    return _gegroepeerd(_met_begin(trajecten).filter(kan_tellen), "", vorm, aggregaten)


def _plaatsingquery(vorm: _Vorm, **w) -> QuerySet:
    aggregaten, _namen = _gedeeld(_plaatsingtellingen(vorm, w))
    regio = w["regio"]
    # Every count is of paid placements that started by the last period's end and had not ended before the first
    # period began (a placement that became lasting in a period ran until then): the others are skipped before
    # the counts, and their trajectories need not be read.
    plaatsingen = Plaatsing.objects.filter(
        Q(einddatum__isnull=True) | Q(einddatum__gte=w["eerste_van"]),
        regio=regio,
        traject__regio=regio,
        betaald=True,
        startdatum__lte=w["laatste_tot"],
    ).filter(_traject_q(vorm.filters.filters(w), "traject__"))
    if vorm.per_gemeente:
        plaatsingen = plaatsingen.filter(_deelnemer_in_regio_q(regio, "traject__"))
    # "Ran long enough" is the same condition for every period: Django resolves it once, as an alias.
    plaatsingen = plaatsingen.alias(
        _lang_genoeg=ExpressionWrapper(_duur_lang_genoeg_q(w["maanden"]), output_field=BooleanField())
    )
    return _gegroepeerd(plaatsingen, "traject__", vorm, aggregaten)


@dataclass
class _PerVorm:
    """A query of the figures compiled once per shape: `bouw(vorm, **waarden)` builds it and `soorten(vorm)` names
    its values; a QuerySjabloon per shape, made at the shape's first use."""

    bouw: Callable[..., QuerySet]
    soorten: Callable[..., dict[str, type]]
    _sjablonen: dict = field(default_factory=dict, init=False, repr=False)

    def lijst(self, vorm, waarden: dict) -> list:
        """The rows for `vorm`, with those of `waarden` the query takes."""
        sjabloon = self._sjablonen.get(vorm)
        if sjabloon is None:
            sjabloon = self._sjablonen[vorm] = QuerySjabloon(partial(self.bouw, vorm), self.soorten(vorm))
        return sjabloon.lijst(**{naam: waarden[naam] for naam in sjabloon.soorten})

    def rijen(self, vorm: _Vorm, waarden: dict, tellingen: Callable[[_Vorm, dict], list[dict]]) -> _Rijen:
        """The rows of one of the shared queries with the names of its counts (`tellingen`, as `_trajecttellingen`:
        computed here from the values, as `bouw` computes them from its stand-ins)."""
        aggregaten, namen = _gedeeld(tellingen(vorm, waarden))
        return _Rijen(self.lijst(vorm, waarden), vorm.groepsvelden or ("_alles",), tuple(aggregaten), namen)


_TRAJECTQUERY = _PerVorm(_trajectquery, _trajectsoorten)
_PLAATSINGQUERY = _PerVorm(_plaatsingquery, _plaatsingsoorten)


def _bereken_kolommen(
    *,
    regio: Regio,
    kolommen: Sequence[tuple[Periode, Filters]],
    peildatum: datetime.date,
    lijsten: bool,
    volledig: bool = True,
    werkpercentage: bool = False,
) -> list[Figuren]:
    """The figures of every column (period, filters), without the cache (`werkpercentage`: see `bereken_reeks`).

    Under one set of filters those filters narrow the rows of every query (as `bereken` always did). Filters
    that differ only in the gemeente (a gemeente's monthly report: the gemeente and its region) share every
    query: the region's rows are counted per woongemeente (GROUP BY), the region is the sum of the groups and a
    gemeente its own group. Every count here is of trajectories, placements or participants, each of which has
    one participant and so one woongemeente: the groups split each counted set without overlap, so the sums
    are the counts of the whole (also the distinct counts). Other mixes of filters are computed one set at a
    time."""
    werkpercentage = volledig or werkpercentage
    kolommen = [_Kolom(p, f, min(p.tot, peildatum), Periode.jaar(p.tot.year)) for p, f in kolommen]
    scopes = list(dict.fromkeys(k.filters for k in kolommen))
    basis = list(dict.fromkeys(dataclasses.replace(f, gemeente_id=None) for f in scopes))
    if len(scopes) > 1 and len(basis) > 1:
        uit: list = [None] * len(kolommen)
        for f in scopes:
            eigen = [i for i, k in enumerate(kolommen) if k.filters == f]
            for i, figuren in zip(
                eigen,
                _bereken_kolommen(
                    regio=regio,
                    kolommen=[(kolommen[i].periode, f) for i in eigen],
                    peildatum=peildatum,
                    lijsten=lijsten,
                    volledig=volledig,
                    werkpercentage=werkpercentage,
                ),
                strict=True,
            ):
                uit[i] = figuren
        return uit
    per_gemeente = len(scopes) > 1
    gedeeld = basis[0] if per_gemeente else scopes[0]
    # The distinct periods, each one column of the shared queries; `periode_van[i]`: column i's period.
    perioden = [
        _Kolom(p, gedeeld, min(p.tot, peildatum), Periode.jaar(p.tot.year))
        for p in dict.fromkeys(k.periode for k in kolommen)
    ]
    periode_van = [[p.periode for p in perioden].index(k.periode) for k in kolommen]
    # Without the full breakdowns (volledig=False) only the one per methode is shown, and its counts (started,
    # lopend, paid placements started) are counts of the trajectories' and placements' queries below: those are
    # grouped by methode too (a few rows per group), so the breakdown needs no queries of its own. Not when the rate
    # over all methods is counted without a methode filter: its participants are counted once (DISTINCT), and one
    # with trajectories of two methods would be in two groups; then the breakdowns have queries of their own.
    per_methode = not volledig and not (werkpercentage and gedeeld.methode is None)
    vorm = _Vorm(
        perioden=len(perioden),
        filters=_Filtervorm.van(gedeeld),
        per_gemeente=per_gemeente,
        per_methode=per_methode,
        volledig=volledig,
        werkpercentage=werkpercentage,
    )
    waarden = _waarden(vorm, regio.pk, gedeeld, perioden, peildatum)

    # 1. The trajectories' counts (`_trajectquery`), 2. the placements' (`_plaatsingquery`): each one query.
    trajectrijen = _TRAJECTQUERY.rijen(vorm, waarden, _trajecttellingen)
    plaatsingrijen = _PLAATSINGQUERY.rijen(vorm, waarden, _plaatsingtellingen)
    # Per scope (the gemeente and the region) its rows' sums.
    tellingen = {f: trajectrijen.tellingen(f.gemeente_id) for f in scopes}
    plaatsingtellingen_van = {f: plaatsingrijen.tellingen(f.gemeente_id) for f in scopes}

    # 3-5. The begeleiders' work (only the methode and aanbieder filters apply, see the module docstring).
    # The IPS indicators are over IPS trajectories only (IPS fidelity scale), whatever the method filter.
    n = len(kolommen)
    caseloads: list = [None] * n
    contacten: list = [None] * n
    dagen: list = [None] * n
    unieke_deelnemers: list = [None] * n
    if volledig:
        for f in scopes:
            eigen = [i for i, k in enumerate(kolommen) if k.filters == f]
            eigen_perioden = [kolommen[i].periode for i in eigen]
            ips_filters = dataclasses.replace(f, methode=Methode.IPS)
            c, w = _caseloads_en_werkgeverscontacten(
                regio, ips_filters.werkzaamheden, eigen_perioden, [kolommen[i].stand for i in eigen]
            )
            d = _dagen_tot_eerste_werkgeverscontact(_trajecten(regio, ips_filters), eigen_perioden)
            u = (
                [tellingen[f][periode_van[i]]["unieke"] for i in eigen]
                if vorm.unieke_mee
                else _unieke_deelnemers(regio, _trajecten(regio, f), eigen_perioden)
            )
            for j, i in enumerate(eigen):
                caseloads[i], contacten[i], dagen[i], unieke_deelnemers[i] = c[j], w[j], d[j], u[j]
    if per_methode:

        def methoden(i: int, k: _Kolom) -> tuple[Uitsplitsing, ...]:
            """Column i's breakdown per methode from the groups of the trajectories and the placements: the
            started and lopend trajectories and the paid placements started (the counts `_uitsplitsingen` takes)."""
            t, p = trajectrijen.namen[periode_van[i]], plaatsingrijen.namen[periode_van[i]]
            teller: dict = {}
            for rijen, plekken in (
                (trajectrijen, ((0, t["gestart"]), (1, t["lopend"]))),
                (plaatsingrijen, ((2, p["gestart"]),)),
            ):
                methode = rijen.groepen.index("_methode")
                plekken = [(plek, rijen.plek(alias)) for plek, alias in plekken]
                for rij in rijen.van(k.filters.gemeente_id):
                    for plek, kolom in plekken:
                        if rij[kolom]:
                            teller.setdefault(rij[methode], [0, 0, 0])[plek] += rij[kolom]
            return _per_keuze(teller, Methode.choices, k.filters.methode)

        uitsplitsingen = [_Uitsplitsingen((), methoden(i, k), (), (), ()) for i, k in enumerate(kolommen)]
    else:
        uitsplitsingen = _uitsplitsingen(
            regio,
            _trajecten(regio, gedeeld),
            perioden,
            gedeeld,
            kolommen=[(k.filters, periode_van[i]) for i, k in enumerate(kolommen)],
            per_gemeente=per_gemeente,
        )
    eindredenen = [_eindredenen(tellingen[k.filters][periode_van[i]]) for i, k in enumerate(kolommen)]
    doelen = _doelen(regio, {k.jaar.van.year for k in perioden})
    datakwaliteit = {f: _datakwaliteit(regio, f, tellingen[f][0], peildatum, lijsten=lijsten) for f in scopes}

    uitkomsten = []
    for i, k in enumerate(kolommen):
        telling = tellingen[k.filters][periode_van[i]]
        plaatsing = plaatsingtellingen_van[k.filters][periode_van[i]]
        jaar_periode, stand = k.jaar, k.stand
        jaar = jaar_periode.van.year
        verstreken = max(0, (stand - jaar_periode.van).days + 1)
        doel = doelen.get(jaar, DOEL_STANDAARD)
        uitkomsten.append(
            Figuren(
                regio_id=regio.pk,
                periode=k.periode,
                filters=k.filters,
                peildatum=peildatum,
                stand=stand,
                doel=doel,
                gestart=telling["gestart"],
                gestart_in_jaar=telling["gestart_in_jaar"],
                pro_rata_doel=afronden(Fraction(doel * verstreken, jaar_periode.dagen), PRECISIE["pro_rata_doel"]),
                prognose=afronden(
                    Fraction(telling["gestart_in_jaar"] * jaar_periode.dagen, verstreken), PRECISIE["prognose"]
                )
                if verstreken
                else None,
                lopend=telling["lopend"],
                funnel=Funnel(
                    aangemeld=telling["aangemeld"],
                    intake=telling["intake"],
                    gestart=telling["gestart"],
                    eerste_betaald_werk=plaatsing["eerste_betaald_werk"],
                    duurzaam=plaatsing["duurzaam_trajecten"],
                ),
                plaatsingen=plaatsing["gestart"],
                duurzame_plaatsingen=plaatsing["duurzaam"],
                ips_werkpercentage=Verhouding(plaatsing["ips_teller"], telling["ips_noemer"]),
                werkpercentage_alle_methoden=Verhouding(plaatsing["alle_teller"], telling["alle_noemer"])
                if werkpercentage
                else None,
                aandeel_peer_support=Verhouding(telling["peer"], telling["actief"]),
                actief=telling["actief"],
                unieke_deelnemers=unieke_deelnemers[i],
                caseload_per_begeleider=caseloads[i],
                dagen_tot_eerste_werkgeverscontact=dagen[i],
                werkgeverscontacten_per_begeleider_per_week=contacten[i],
                per_gemeente=uitsplitsingen[i].per_gemeente,
                per_methode=uitsplitsingen[i].per_methode,
                per_aanbieder=uitsplitsingen[i].per_aanbieder,
                per_verwijzer=uitsplitsingen[i].per_verwijzer,
                per_financieringsstroom=uitsplitsingen[i].per_financieringsstroom,
                per_kwartaal=tuple(Telling(str(q), f"{q}e kwartaal {jaar}", telling[f"k{q}"]) for q in (1, 2, 3, 4))
                if volledig
                else (),
                eindredenen=eindredenen[i],
                datakwaliteit=datakwaliteit[k.filters],
            )
        )
    return uitkomsten


def maandtrend(
    *,
    regio: Regio,
    tot: datetime.date,
    maanden: int = 12,
    filters: Filters = Filters(),  # noqa: B008 - frozen, so a shared default is safe
) -> list[tuple[datetime.date, int]]:
    """Trajectories started per month, for the `maanden` months up to and including `tot`'s month
    (only up to `tot` itself in that month), oldest first; months without starts count 0. One query
    (and the region's data version for the cache)."""
    if maanden < 1:
        raise ValueError("maanden moet minstens 1 zijn.")
    return cijfercache.onthouden(
        regio.pk, "maandtrend", (tot, maanden, filters), lambda: _maandtrend(regio, tot, maanden, filters)
    )


def _maandtrend(regio: Regio, tot: datetime.date, maanden: int, filters: Filters) -> list[tuple[datetime.date, int]]:
    eerste = _maand_erbij(tot.replace(day=1), -(maanden - 1))
    vorm = _Filtervorm.van(filters)
    waarden = {"regio": regio.pk, **vorm.waarden(filters), "eerste": eerste, "tot": tot}
    rijen = _TRENDQUERY.lijst(vorm, waarden)
    per_maand = {_als_datum(rij["maand"]): rij["aantal"] for rij in rijen}
    result = []
    for i in range(maanden):
        maand = _maand_erbij(eerste, i)
        result.append((maand, per_maand.get(maand, 0)))
    return result


def _trendsoorten(vorm: _Filtervorm) -> dict[str, type]:
    return {"regio": int, **dict.fromkeys(vorm.ids, int), "eerste": datetime.date, "tot": datetime.date}


def _trendquery(vorm: _Filtervorm, **w) -> QuerySet:
    return (
        _trajecten(w["regio"], vorm.filters(w))
        .filter(startdatum__range=(w["eerste"], w["tot"]))
        .annotate(maand=TruncMonth("startdatum"))
        .values("maand")
        .annotate(aantal=Count("pk"))
        .order_by()
    )


_TRENDQUERY = _PerVorm(_trendquery, _trendsoorten)


# --- The target's split over gemeenten and partners (issue 15 point 2) -----------------------------------------


@dataclass(frozen=True)
class Doeldeel:
    """A gemeente's or partner's part of the year's target and its progress on `Doelverdeling.stand`."""

    sleutel: str  # the organisation's pk
    label: str
    soort: str  # GEMEENTE_DEEL or PARTNER_DEEL
    doel: int
    gestart: int
    pro_rata_doel: float
    prognose: float | None

    @property
    def verschil_met_pro_rata(self) -> float:
        return afronden(self.gestart - decimal.Decimal(repr(self.pro_rata_doel)), PRECISIE["verschil_met_pro_rata"])

    @property
    def op_schema(self) -> bool:
        return self.gestart >= self.pro_rata_doel

    @property
    def procent_van_pro_rata(self) -> float | None:
        """gestart as a percentage of its target naar rato (None while that is 0)."""
        if not self.pro_rata_doel:
            return None
        return afronden(Fraction(self.gestart * 100) / Fraction(repr(self.pro_rata_doel)), PRECISIE["percentage"])


GEMEENTE_DEEL = "gemeente"
PARTNER_DEEL = "partner"


@dataclass(frozen=True)
class Pijplijn:
    """The region's year-end forecast from the pipeline, as a range (DESIGN.md §5), beside the straight-line
    `prognose`. On `stand`: the open referrals (no intake yet) and open intakes (not started), neither ended
    nor rejected; the conversion over the 12 months up to `stand`: of the referrals (intakes) dated in them,
    the share that started by `stand`.

    - laag = gestart so far + open referrals × referral conversion + open intakes × intake conversion: only
      what is in the pipeline today starts.
    - hoog = laag + the referrals still to come this year at the last 12 months' pace (referrals per day ×
      days left in the year) × referral conversion.
    Both rounded once to the forecast's precision (whole trajectories)."""

    open_aanmeldingen: int
    open_intakes: int
    conversie_aanmelding: Verhouding
    conversie_intake: Verhouding
    aanmeldingen_12_maanden: int
    laag: float
    hoog: float


@dataclass(frozen=True)
class Doelverdeling:
    """The region's target of `jaar`, its split in force (the latest `Doelversie`; none: `versie` None) and
    everyone's progress on `stand`."""

    jaar: int
    stand: datetime.date
    versie: int | None
    regio: Doeldeel  # the region as a whole (sleutel "", soort "regio")
    gemeenten: tuple[Doeldeel, ...]
    partners: tuple[Doeldeel, ...]
    # Only while the year runs (peildatum inside it): a forecast of a closed year says nothing.
    pijplijn: Pijplijn | None = None

    @property
    def delen(self) -> tuple[Doeldeel, ...]:
        return self.gemeenten + self.partners

    def deel_van(self, organisatie_id: int) -> Doeldeel | None:
        return next((d for d in self.delen if d.sleutel == str(organisatie_id)), None)


@dataclass(frozen=True)
class Jaarstand:
    """What a caller's figures of the year say already (the monthly gemeente report's, on the same stand as the
    Doelverdeling): the region's target (`Figuren.doel`) and the starts from 1 January up to the stand
    (`gestart_in_jaar`) of the region and of one gemeente's residents."""

    doel: int
    regio_gestart: int
    gemeente_id: int
    gemeente_gestart: int


def doelverdeling(
    *, regio: Regio, jaar: int, peildatum: datetime.date | None = None, jaarstand: Jaarstand | None = None
) -> Doelverdeling:
    """The split of the region's target for `jaar` and each part's progress, as seen on `peildatum` (default
    today): `stand` = min(31 December, peildatum).

    - A gemeente's part counts the trajectories of its residents (the participant's woongemeente, as the
      gemeente filter of `bereken`), a partner's part the trajectories it provides (`Traject.aanbieder`, as
      the aanbieder filter): gestart = started from 1 January up to `stand`, i.e. `gestart_in_jaar` of
      `bereken` under that filter.
    - A part's pro_rata_doel and prognose follow the region's rules (deel × elapsed share of the year;
      the pace so far × the year), rounded once to their PRECISIE.
    Three or four small queries whatever the data (the version, its parts, one grouped count); not cached,
    since the target tables carry no data-version trigger. With `jaarstand` (the caller's figures on this stand)
    the grouped count is left out, and so are the parts it would give: `gemeenten` holds only its gemeente's
    part (where it has one), `partners` none; without a version its target is the region's."""
    peildatum = peildatum or timezone.localdate()
    jaar_periode = Periode.jaar(jaar)
    stand = min(jaar_periode.tot, peildatum)
    verstreken = max(0, (stand - jaar_periode.van).days + 1)
    versie = next(iter(_DOELVERSIE.lijst(regio=regio.pk, jaar=jaar)), None)
    delen = []
    if not versie:
        doel = jaarstand.doel if jaarstand else _doelen(regio, {jaar}).get(jaar, DOEL_STANDAARD)
    else:
        doel = versie["aantal"]
        rijen = DoeldeelRij.objects.filter(versie_id=versie["pk"], regio=regio)
        if jaarstand is not None:
            rijen = rijen.filter(organisatie_id=jaarstand.gemeente_id)
        delen = list(
            rijen.order_by("organisatie__naam", "organisatie_id").values_list(
                "organisatie_id", "organisatie__naam", "organisatie__soort", "aantal"
            )
        )
    per_gemeente: dict[int, int] = {}
    per_aanbieder: dict[int, int] = {}
    totaal = 0
    if jaarstand is not None:
        per_gemeente[jaarstand.gemeente_id] = jaarstand.gemeente_gestart
        totaal = jaarstand.regio_gestart
    elif verstreken:
        for gemeente_id, aanbieder_id, aantal in (
            Traject.objects.filter(regio=regio, startdatum__range=(jaar_periode.van, stand))
            .filter(_deelnemer_in_regio_q(regio))
            .values_list("deelnemer__woongemeente_id", "aanbieder_id")
            .annotate(aantal=Count("pk"))
            .order_by()
        ):
            per_gemeente[gemeente_id] = per_gemeente.get(gemeente_id, 0) + aantal
            per_aanbieder[aanbieder_id] = per_aanbieder.get(aanbieder_id, 0) + aantal
            totaal += aantal

    def deel(sleutel: str, label: str, soort: str, aantal: int, gestart: int) -> Doeldeel:
        return Doeldeel(
            sleutel=sleutel,
            label=label,
            soort=soort,
            doel=aantal,
            gestart=gestart,
            pro_rata_doel=afronden(Fraction(aantal * verstreken, jaar_periode.dagen), PRECISIE["pro_rata_doel"]),
            prognose=afronden(Fraction(gestart * jaar_periode.dagen, verstreken), PRECISIE["prognose"])
            if verstreken
            else None,
        )

    gemeenten, partners = [], []
    for pk, naam, soort, aantal in delen:
        if soort == Soort.GEMEENTE:
            gemeenten.append(deel(str(pk), naam, GEMEENTE_DEEL, aantal, per_gemeente.get(pk, 0)))
        else:
            partners.append(deel(str(pk), naam, PARTNER_DEEL, aantal, per_aanbieder.get(pk, 0)))
    return Doelverdeling(
        jaar=jaar,
        stand=stand,
        versie=versie["versie"] if versie else None,
        regio=deel("", regio.naam, "regio", doel, totaal),
        gemeenten=tuple(gemeenten),
        partners=tuple(partners),
        pijplijn=_pijplijn(regio, stand, jaar_periode, totaal) if jaar_periode.bevat(peildatum) else None,
    )


def _pijplijn(regio: Regio, stand: datetime.date, jaar: Periode, gestart: int) -> Pijplijn:
    """See `Pijplijn`: one aggregate query."""
    waarden = {"regio": regio.pk, "stand": stand, "venster_van": stand - datetime.timedelta(days=364)}
    rij = _PIJPLIJN.lijst(**waarden)[0]
    conversie_aanmelding = Verhouding(rij["aangemeld_gestart"], rij["aangemeld"])
    conversie_intake = Verhouding(rij["intake_gestart"], rij["intake"])

    def kans(v: Verhouding) -> Fraction:
        return Fraction(v.teller, v.noemer) if v.noemer else Fraction(0)

    laag = (
        gestart + rij["open_aanmeldingen"] * kans(conversie_aanmelding) + rij["open_intakes"] * kans(conversie_intake)
    )
    nog_te_gaan = (jaar.tot - stand).days
    hoog = laag + Fraction(rij["aangemeld"] * nog_te_gaan, 365) * kans(conversie_aanmelding)
    return Pijplijn(
        open_aanmeldingen=rij["open_aanmeldingen"],
        open_intakes=rij["open_intakes"],
        conversie_aanmelding=conversie_aanmelding,
        conversie_intake=conversie_intake,
        aanmeldingen_12_maanden=rij["aangemeld"],
        laag=afronden(laag, PRECISIE["prognose"]),
        hoog=afronden(hoog, PRECISIE["prognose"]),
    )


def _pijplijnquery(*, regio: int, stand: datetime.date, venster_van: datetime.date) -> QuerySet:
    lopend_niet_af = (Q(einddatum__isnull=True) | Q(einddatum__gt=stand)) & ~Q(status=TrajectStatus.AFGEWEZEN)
    niet_gestart = Q(startdatum__isnull=True) | Q(startdatum__gt=stand)
    gestart_op_stand = Q(startdatum__lte=stand)
    return _opgeteld(
        # Only what can count: still open on the stand, or referred or taken in within the 12 months.
        Traject.objects.filter(regio=regio).filter(
            Q(einddatum__isnull=True)
            | Q(einddatum__gt=stand)
            | Q(verwijsdatum__gte=venster_van)
            | Q(intakedatum__gte=venster_van)
        ),
        open_aanmeldingen=Count(
            "pk",
            filter=Q(verwijsdatum__lte=stand)
            & (Q(intakedatum__isnull=True) | Q(intakedatum__gt=stand))
            & niet_gestart
            & lopend_niet_af,
        ),
        open_intakes=Count("pk", filter=Q(intakedatum__lte=stand) & niet_gestart & lopend_niet_af),
        aangemeld=Count("pk", filter=Q(verwijsdatum__range=(venster_van, stand))),
        aangemeld_gestart=Count("pk", filter=Q(verwijsdatum__range=(venster_van, stand)) & gestart_op_stand),
        intake=Count("pk", filter=Q(intakedatum__range=(venster_van, stand))),
        intake_gestart=Count("pk", filter=Q(intakedatum__range=(venster_van, stand)) & gestart_op_stand),
    )


_PIJPLIJN = QuerySjabloon(_pijplijnquery, {"regio": int, "stand": datetime.date, "venster_van": datetime.date})


def onderdruk(cellen: dict[str, int]) -> dict[str, str]:
    """Small-cell suppression for bestuurder reports (DESIGN.md §5).

    `cellen` are the counts that together make up one total (the rows of one column of a breakdown,
    e.g. a gemeente's started trajectories per method). Returned: the same keys, each count as text,
    in the same order.

    - A count from 1 to 4 becomes "<5" (ONDERDRUKT). 0 stays "0": it reveals nobody.
    - Complementary suppression: if exactly one cell was suppressed, the total minus the others
      would give it away, so the smallest other non-zero cell (ties: the first key in sort order) is
      suppressed too. It shows the same "<5", so a reader cannot tell which of the two was small.
      With two or more small cells the total only reveals their sum.
    - The total itself may be shown, unless it is 1-4 (then all the cells are small, and a single
      non-zero cell would equal it): show `onderdruk({"totaal": n})["totaal"]` instead.
    """
    for sleutel, aantal in cellen.items():
        if aantal < 0:
            raise ValueError(f"Een aantal kan niet negatief zijn ({sleutel}: {aantal}).")
    klein = {sleutel for sleutel, aantal in cellen.items() if 0 < aantal < KLEINSTE_GETOONDE_AANTAL}
    if len(klein) == 1:
        anderen = sorted((aantal, sleutel) for sleutel, aantal in cellen.items() if sleutel not in klein and aantal)
        if anderen:
            klein.add(anderen[0][1])
    return {sleutel: ONDERDRUKT if sleutel in klein else str(aantal) for sleutel, aantal in cellen.items()}


# --- Suppression of a whole document ---------------------------------------------------------------------------

AANVULLEND = "•"
ONDERDRUKKING_LEGENDA = (
    "<5: een aantal van 1 tot en met 4. •: een aantal (ook 0 of een klein aantal kan) dat niet wordt getoond, "
    "omdat je anders een verborgen aantal uit de andere cijfers en de totalen zou kunnen uitrekenen."
)
_ONBEGRENSD = 10**9


def _lezersbereik(teken: str, waarde: int) -> tuple[int, int]:
    """What a reader knows of a published figure: its value, 1-4 for "<5", anything for "•"."""
    if teken == ONDERDRUKT:
        return (1, KLEINSTE_GETOONDE_AANTAL - 1)
    if teken == AANVULLEND:
        return (0, _ONBEGRENSD)
    return (waarde, waarde)


def lezersbereiken(
    getoond: dict[str, str], waarden: dict[str, int], delingen: Sequence[tuple[str, Sequence[str]]]
) -> dict[str, tuple[int, int]]:
    """The range of every figure a reader can derive from the published document: each figure's own
    range, narrowed over every deling (its cells add up to its total) until nothing changes. For a
    document whose delingen form a tree (a total broken down in several ways, a cell that is itself
    broken down), as every report's does, this is exact: every value in a range is possible."""
    bereik = {sleutel: _lezersbereik(getoond[sleutel], waarden[sleutel]) for sleutel in waarden}
    veranderd = True
    while veranderd:
        veranderd = False
        for totaal, cellen in delingen:
            laag = sum(bereik[c][0] for c in cellen)
            hoog = sum(bereik[c][1] for c in cellen)
            t_laag, t_hoog = max(bereik[totaal][0], laag), min(bereik[totaal][1], hoog)
            if (t_laag, t_hoog) != bereik[totaal]:
                bereik[totaal], veranderd = (t_laag, t_hoog), True
            for cel in cellen:
                anderen_laag = laag - bereik[cel][0]
                anderen_hoog = hoog - bereik[cel][1]
                nieuw = (max(bereik[cel][0], t_laag - anderen_hoog), min(bereik[cel][1], t_hoog - anderen_laag))
                if nieuw != bereik[cel]:
                    laag += nieuw[0] - bereik[cel][0]
                    hoog += nieuw[1] - bereik[cel][1]
                    bereik[cel], veranderd = nieuw, True
    return bereik


def onderdruk_document(waarden: dict[str, int], delingen: Sequence[tuple[str, Sequence[str]]] = ()) -> dict[str, str]:
    """Small-cell suppression of one whole document for bestuurders (DESIGN.md §5, issue 15): every count
    the document publishes — headline figures, table cells and totals — under one key each (a figure
    shown in several places has one key), and the `delingen`: (total, cells) where the cells add up to
    the total (every column of every breakdown, the quarters of a year, …).

    - A count from 1 to 4 is shown as "<5" (ONDERDRUKT); 0 stays "0".
    - Then, as long as a reader could work out a hidden value (its range from the published figures and
      the delingen, `lezersbereiken`, holds one value), one more figure of a deling around it is hidden
      as "•" (AANVULLEND): the smallest shown cell, else the shown total, else a "<5" (the total first)
      is widened to "•". Each step hides one more figure, so it ends; at the end every hidden figure
      keeps at least two possible values.
    Returns the text of every key: the count, "<5" or "•". A deling whose cells add up to less than
    its total (participants outside the region's gemeenten) gets an unpublished rest cell."""
    waarden = dict(waarden)
    for sleutel, aantal in waarden.items():
        if aantal < 0:
            raise ValueError(f"Een aantal kan niet negatief zijn ({sleutel}: {aantal}).")
    volledig = []
    verborgen_rest = set()
    for i, (totaal, cellen) in enumerate(delingen):
        rest = waarden[totaal] - sum(waarden[c] for c in cellen)
        if rest < 0:
            raise ValueError(f"De cellen van {totaal} tellen op tot meer dan het totaal.")
        cellen = list(cellen)
        if rest:
            sleutel = f"_rest{i}"
            waarden[sleutel] = rest
            verborgen_rest.add(sleutel)
            cellen.append(sleutel)
        volledig.append((totaal, cellen))
    getoond = {
        sleutel: AANVULLEND
        if sleutel in verborgen_rest
        else ONDERDRUKT
        if 0 < aantal < KLEINSTE_GETOONDE_AANTAL
        else str(aantal)
        for sleutel, aantal in waarden.items()
    }
    verborgen = {ONDERDRUKT, AANVULLEND}
    while True:
        bereik = lezersbereiken(getoond, waarden, volledig)
        lek = next(
            (
                s
                for s in sorted(waarden)
                # A rest (the part of a total outside its published cells) is no figure of the document.
                if s not in verborgen_rest and getoond[s] in verborgen and bereik[s][0] == bereik[s][1]
            ),
            None,
        )
        if lek is None:
            break
        getoond[_aanvulling(lek, getoond, waarden, volledig)] = AANVULLEND
    return {sleutel: tekst for sleutel, tekst in getoond.items() if sleutel not in verborgen_rest}


class Document:
    """The counts of one document for bestuurders, collected while the document is assembled, and
    suppressed together (`onderdruk_document`): `cijfer` for a headline figure (one key per figure,
    however often it is shown), `deling` for cells that add up to a total, `tabel` for a breakdown
    (each column one deling of the column's total). After `onderdruk()`, `tekst(key)` is what to
    print. `waarden`, `delingen` and `teksten` are kept so a test can solve the document as a reader
    would."""

    def __init__(self) -> None:
        self.waarden: dict[str, int] = {}
        self.delingen: list[tuple[str, list[str]]] = []
        self.teksten: dict[str, str] = {}

    def cijfer(self, sleutel: str, waarde: int) -> str:
        bestaand = self.waarden.setdefault(sleutel, int(waarde))
        if bestaand != int(waarde):
            raise ValueError(f"Eén cijfer met twee waarden: {sleutel} = {bestaand} en {waarde}.")
        return sleutel

    def deling(self, totaal: str, cellen: dict[str, int]) -> None:
        for sleutel, waarde in cellen.items():
            self.cijfer(sleutel, waarde)
        if cellen:
            self.delingen.append((totaal, list(cellen)))

    def tabel(self, naam: str, rijen: Sequence, kolommen: dict[str, str]) -> list[str]:
        """`kolommen`: attribute -> key of the column's total (already registered). Returns the key
        prefix of each row: the cell of row i, column k is f"{naam}:{i}:{k}"."""
        for kolom, totaal in kolommen.items():
            self.deling(totaal, {f"{naam}:{i}:{kolom}": int(getattr(r, kolom)) for i, r in enumerate(rijen)})
        return [f"{naam}:{i}" for i in range(len(rijen))]

    def onderdruk(self) -> Document:
        self.teksten = onderdruk_document(self.waarden, self.delingen)
        return self

    def tekst(self, sleutel: str) -> str:
        return self.teksten[sleutel]

    def verborgen(self, *sleutels: str) -> bool:
        return any(self.teksten[s] in (ONDERDRUKT, AANVULLEND) for s in sleutels)

    @property
    def iets_verborgen(self) -> bool:
        return any(t in (ONDERDRUKT, AANVULLEND) for t in self.teksten.values())

    def procent(self, verhouding: Verhouding, teller: str, noemer: str) -> str:
        """A share whose counts are in the document: hidden ("•") when either count is."""
        if self.verborgen(teller, noemer):
            return AANVULLEND
        return verhouding.tekst


def _aanvulling(lek: str, getoond: dict[str, str], waarden: dict[str, int], delingen) -> str:
    """The figure to hide next to protect `lek`: from the delingen it is in, the smallest shown cell (a
    non-zero one first), else a shown total, else a "<5" (a total first) to widen to "•". When every
    figure around it is hidden already, the same from the delingen around those, and so on."""
    kring = {lek}
    while True:
        rond = [(totaal, cellen) for totaal, cellen in delingen if totaal in kring or kring.intersection(cellen)]
        cellen = [c for _t, cs in rond for c in cs if getoond[c] not in (ONDERDRUKT, AANVULLEND)]
        if cellen:
            return min(cellen, key=lambda c: (waarden[c] == 0, waarden[c], c))
        totalen = [t for t, _cs in rond if getoond[t] not in (ONDERDRUKT, AANVULLEND)]
        if totalen:
            return min(totalen, key=lambda t: (waarden[t], t))
        kleine_totalen = sorted(t for t, _cs in rond if getoond[t] == ONDERDRUKT)
        kleine_cellen = sorted(c for c in kring | {c for _t, cs in rond for c in cs} if getoond[c] == ONDERDRUKT)
        if kleine_totalen or kleine_cellen:
            return (kleine_totalen or kleine_cellen)[0]
        groter = kring | {t for t, _cs in rond} | {c for _t, cs in rond for c in cs}
        if groter == kring:
            raise RuntimeError(f"{lek} is niet te beschermen.")  # cannot happen: all hidden means all unknown
        kring = groter


# --- Building blocks ------------------------------------------------------------------------------------------


def _trajecten(regio: Regio | int, filters: Filters) -> QuerySet[Traject]:
    return Traject.objects.filter(regio=regio).filter(_traject_q(filters))


def _traject_q(filters: Filters, pad: str = "", *, gemeente: bool = True) -> Q:
    """The filters as a condition on a trajectory reached through `pad` ("", "traject__", …)."""
    q = Q()
    if gemeente and filters.gemeente_id is not None:
        q &= Q(**{f"{pad}deelnemer__woongemeente_id": filters.gemeente_id})
    if filters.methode:
        q &= Q(**{f"{pad}methode": filters.methode})
    if filters.aanbieder_id is not None:
        q &= Q(**{f"{pad}aanbieder_id": filters.aanbieder_id})
    if filters.verwijzer_id is not None:
        q &= Q(**{f"{pad}verwijzer_id": filters.verwijzer_id})
    if filters.financieringsstroom:
        q &= Q(**{f"{pad}financieringsstroom": filters.financieringsstroom})
    if filters.organisatie_id is not None:
        q &= _organisatie_q(filters.organisatie_id, pad)
    return q


def _organisatie_q(organisatie_id: int, pad: str = "") -> Q:
    """The trajectories a partner takes part in: provides, referred or funds; or peer support by one of its
    people (an Exists, so a peer supporter with several memberships counts a trajectory once)."""
    peer = Lidmaatschap.objects.filter(
        organisatie_id=organisatie_id, gebruiker_id=OuterRef(f"{pad}deelnemer__peer_supporter_id")
    )
    return (
        Q(**{f"{pad}aanbieder_id": organisatie_id})
        | Q(**{f"{pad}verwijzer_id": organisatie_id})
        | Q(**{f"{pad}financier_id": organisatie_id})
        | Q(Exists(peer))
    )


def _deelnemer_in_regio_q(regio: Regio, pad: str = "") -> Q:
    """Where a query joins the participants: they are the region's (a trajectory's participant always is,
    tenancy), said explicitly so PostgreSQL reads the region's participants by index instead of all."""
    return Q(**{f"{pad}deelnemer__regio": regio})


def _optellen(trajecten: QuerySet, **aggregaten) -> dict:
    """`queryset.aggregate(**aggregaten)`, compiled the cheap way. Django's aggregate() hashes every
    filter expression tree again for each aggregate before it (quadratic: ~15 ms of Python for the
    counts here); an annotate() over a constant compiles each once. Same SQL: no GROUP BY, so exactly
    one row, also for no rows at all."""
    rij = _opgeteld(trajecten, **aggregaten)[0]
    del rij["_alles"]
    return rij


def _opgeteld(trajecten: QuerySet, **aggregaten) -> QuerySet:
    """The one row `_optellen` reads, as a queryset (with the constant column `_alles`)."""
    return trajecten.annotate(_alles=Value(1)).values("_alles").annotate(**aggregaten).order_by()[:1]


def _grenzen(periode: Periode) -> tuple[datetime.date, datetime.date]:
    return (periode.van, periode.tot)


def _met_begin(trajecten: QuerySet[Traject]) -> QuerySet[Traject]:
    """Alias `begin`: the first day of guidance (intake, else start; for the no-contact check an
    accepted referral without either counts from its referral date)."""
    return trajecten.alias(begin=Coalesce("intakedatum", "startdatum", "verwijsdatum"))


def _lopend_op_q(datum: datetime.date, pad: str = "") -> Q:
    """Started on or before `datum` and not ended before it."""
    return Q(**{f"{pad}startdatum__lte": datum}) & (
        Q(**{f"{pad}einddatum__isnull": True}) | Q(**{f"{pad}einddatum__gte": datum})
    )


def _actief_in_q(periode: Periode, pad: str = "") -> Q:
    """Lopend on at least one day of the period."""
    return _actief_tussen_q(periode.van, periode.tot, pad)


def _actief_tussen_q(van: datetime.date, tot: datetime.date, pad: str = "") -> Q:
    """Lopend on at least one day of [van, tot]."""
    return Q(**{f"{pad}startdatum__lte": tot}) & (
        Q(**{f"{pad}einddatum__isnull": True}) | Q(**{f"{pad}einddatum__gte": van})
    )


def _ips_q(pad: str = "") -> Q:
    """Counts for the IPS employment rate: started without paid work."""
    return Q(**{f"{pad}situatie_bij_start": SituatieBijStart.ZONDER_WERK})


def _in_begeleiding_q(van: datetime.date, tot: datetime.date) -> Q:
    """In a begeleider's care (accepted: intake, started or since ended) on some day of [van, tot];
    needs the `begin` alias. Referrals still waiting in the inbox and rejected ones never were."""
    return (
        Q(status__in=(TrajectStatus.INTAKE, TrajectStatus.GESTART, TrajectStatus.BEEINDIGD))
        & Q(begin__lte=tot)
        & (Q(einddatum__isnull=True) | Q(einddatum__gte=van))
    )


def _overlapt_tussen_q(van: datetime.date, tot: datetime.date) -> Q:
    """A placement that ran on at least one day of [van, tot]."""
    return Q(startdatum__lte=tot) & (Q(einddatum__isnull=True) | Q(einddatum__gte=van))


def _zonder_startdatum_q() -> Q:
    return Q(status=TrajectStatus.GESTART, startdatum__isnull=True)


def _financiering_onbekend_q() -> Q:
    """Intake or started, and the funding stream 'onbekend' or never recorded (older trajectories)."""
    return Q(status__in=(TrajectStatus.INTAKE, TrajectStatus.GESTART)) & Q(
        financieringsstroom__in=(Financieringsstroom.ONBEKEND, "")
    )


def _geen_contact_q(regio: Regio, peildatum: datetime.date) -> Q:
    """Intake or started, in guidance for more than GEEN_CONTACT_DAGEN days, and no contact in that time.
    Needs the `begin` alias (first day of guidance). The trajectories with a recent contact as one uncorrelated
    NOT IN over the region's contacts of those days (index contact_regio_datum; a contact is of its trajectory's
    region, tenancy): PostgreSQL reads them once into a hash instead of a lookup per trajectory."""
    return _geen_contact_sinds_q(regio, peildatum - datetime.timedelta(days=GEEN_CONTACT_DAGEN), peildatum)


def _geen_contact_sinds_q(regio: Regio | int, grens: datetime.date, peildatum: datetime.date) -> Q:
    """`_geen_contact_q` with its first day without contact (`grens`) given."""
    recent = Contactmoment.objects.filter(regio=regio, datum__gt=grens, datum__lte=peildatum).values("traject_id")
    return Q(status__in=(TrajectStatus.INTAKE, TrajectStatus.GESTART), begin__lte=grens) & ~Q(pk__in=recent)


# Lasting placements. `Plaatsing.duurzaam_op(datum)` says: min(einddatum, datum) ≥ start + N months
# (the month's last day where that day does not exist). That splits into a condition on the placement
# alone (it did not end too early) and `start ≤ the latest start that reaches N months by datum`,
# which Python computes once per date. The placement's own condition is one date comparison on PostgreSQL
# (its date + interval clamps to the month's end as `_maanden_later` does); elsewhere (SQLite, the demo),
# whose date arithmetic does not clamp, it is spelled out in year, month and day numbers.


class _MaandenNa(Func):
    """PostgreSQL: the date `maanden` months after a date, or that month's last day where the day does not
    exist in it (`date + interval` clamps so, as `trajecten.models._maanden_later` does)."""

    output_field = DateField()
    arity = 2

    def as_postgresql(self, compiler, connection, **extra_context):
        (datum, datum_params), (maanden, maanden_params) = (compiler.compile(e) for e in self.source_expressions)
        return f"({datum} + make_interval(months => {maanden}))::date", (*datum_params, *maanden_params)


def _duur_lang_genoeg_q(maanden: int) -> Q:
    """Not ended, or ended on or after start + `maanden` months (the month's last day where the start's
    day does not exist in that month). On PostgreSQL one comparison, which Django compiles in a fraction of the
    time of the ~40 nodes of the portable form (it compiles them again for every query)."""
    if connection.vendor == "postgresql":
        return Q(einddatum__isnull=True) | Q(einddatum__gte=_MaandenNa("startdatum", Value(maanden)))
    return _duur_lang_genoeg_draagbaar_q(maanden)


def _duur_lang_genoeg_draagbaar_q(maanden: int) -> Q:
    """`_duur_lang_genoeg_q` in portable SQL (SQLite, the demo): year, month and day numbers only."""
    eindjaar, eindmaand, einddag = ExtractYear("einddatum"), ExtractMonth("einddatum"), ExtractDay("einddatum")
    duur = (eindjaar * 12 + eindmaand) - (ExtractYear("startdatum") * 12 + ExtractMonth("startdatum"))
    schrikkeljaar = Q(Exact(Mod(eindjaar, 4), 0)) & (~Q(Exact(Mod(eindjaar, 100), 0)) | Q(Exact(Mod(eindjaar, 400), 0)))
    laatste_dag_van_de_maand = (
        Q(In(eindmaand, (1, 3, 5, 7, 8, 10, 12)), Exact(einddag, 31))
        | Q(In(eindmaand, (4, 6, 9, 11)), Exact(einddag, 30))
        | Q(Exact(eindmaand, 2), Exact(einddag, 29))
        | (Q(Exact(eindmaand, 2), Exact(einddag, 28)) & ~schrikkeljaar)
    )
    return (
        Q(einddatum__isnull=True)
        | Q(GreaterThan(duur, maanden))
        # In the N-th month: on or after the start's day, or on the month's last day when it is shorter.
        | Q(Exact(duur, maanden), GreaterThanOrEqual(einddag, ExtractDay("startdatum")))
        | (Q(Exact(duur, maanden)) & laatste_dag_van_de_maand)
    )


def _laatste_start_voor_duurzaam(datum: datetime.date, maanden: int) -> datetime.date:
    """The latest start date from which a placement has run `maanden` months by `datum`."""
    kandidaat = _maand_erbij_geklemd(datum, -maanden)
    # At a month's end several start days map onto the same day (31 Aug and 28 Feb + 6 months).
    while _maanden_later(kandidaat + EEN_DAG, maanden) <= datum:
        kandidaat += EEN_DAG
    return kandidaat


def _duurzaam_tussen_q(na: datetime.date, tot: datetime.date, lang_genoeg: Q) -> Q:
    """Paid placements that became lasting on a day in [van, stand]: started after `na` and by `tot` (the latest
    starts that reach DUURZAAM_MAANDEN by the day before `van` and by `stand`, `_laatste_start_voor_duurzaam`) and
    ran long enough (`lang_genoeg`: `_duur_lang_genoeg_q`, resolved once as an alias of the queryset)."""
    return Q(betaald=True, startdatum__lte=tot, startdatum__gt=na) & lang_genoeg


def _unieke_deelnemers(regio: Regio, trajecten: QuerySet[Traject], perioden: Sequence[Periode]) -> list[int]:
    """Per period: the people with a trajectory actief in the period, each counted once — also when the
    organisations of the region registered them twice (`Deelnemer.persoon`, trajecten.koppeling). One query."""
    actief = [_actief_in_q(periode) for periode in perioden]
    rij = _optellen(
        trajecten.filter(_deelnemer_in_regio_q(regio), reduce(operator.or_, actief)),
        **{f"p{i}": Count("deelnemer__persoon", distinct=True, filter=q) for i, q in enumerate(actief)},
    )
    return [rij[f"p{i}"] for i in range(len(perioden))]


def _caseloads_en_werkgeverscontacten(
    regio: Regio, werk: Filters, perioden: Sequence[Periode], standen: Sequence[datetime.date]
) -> tuple[list[Caseload], list[Werkgeverscontacten]]:
    """Three queries for both.

    1. Per begeleider of the region (one row each) the trajectories in guidance on each stand (the caseload)
       and during each [van, stand] (whether the begeleider counts for the employer contacts per week);
       Python takes mean, maximum and the count above the norm, and counts the begeleiders.
    2. The face-to-face employer contacts on the region's trajectories (under the work filters) in
       [van, stand] of each period, counted from the contacts' side on the index contact_regio_soort_datum
       (no join with the trajectories unless a work filter is set).
    3. The general employer contacts (company visits) of the begeleiders of query 1 in [van, stand]."""
    op = [_in_begeleiding_q(stand, stand) for stand in standen]
    tijdens = [_in_begeleiding_q(periode.van, stand) for periode, stand in zip(perioden, standen, strict=True)]
    n = len(perioden)
    rijen = list(
        _met_begin(_trajecten(regio, werk))
        .filter(reduce(operator.or_, [*op, *tijdens]), trajectbegeleider__isnull=False)
        .values_list("trajectbegeleider")
        .annotate(
            **{f"n{i}": Count("pk", filter=q) for i, q in enumerate(op)},
            **{f"t{i}": Count("pk", filter=q) for i, q in enumerate(tijdens)},
        )
        .order_by()
    )
    caseloads = []
    for i in range(n):
        aantallen = [rij[1 + i] for rij in rijen if rij[1 + i]]
        caseloads.append(
            Caseload(
                gemiddeld=afronden(Fraction(sum(aantallen), len(aantallen)), PRECISIE["caseload"])
                if aantallen
                else None,
                maximum=max(aantallen, default=None),
                begeleiders=len(aantallen),
                trajecten=sum(aantallen),
                boven_norm=sum(1 for aantal in aantallen if aantal > NORM_CASELOAD),
            )
        )
    werkfilter = _traject_q(werk, "traject__")
    if werkfilter:
        # Said explicitly, so PostgreSQL joins the region's trajectories by index instead of scanning all.
        werkfilter &= Q(traject__regio=regio)
    contacten = _optellen(
        Contactmoment.objects.filter(
            regio=regio,  # a contact belongs to its trajectory's region (tenancy)
            soort=ContactSoort.WERKGEVERSCONTACT,
            face_to_face=True,
            datum__range=(min(periode.van for periode in perioden), max(standen)),
        ).filter(werkfilter),
        **{
            # traject_id rather than id: in the index, so PostgreSQL answers from the index alone.
            f"p{i}": Count("traject", filter=Q(datum__range=(periode.van, stand)))
            for i, (periode, stand) in enumerate(zip(perioden, standen, strict=True))
        },
    )
    # The begeleiders in guidance during each period (from query 1) and the general employer contacts
    # (company visits, not about one participant: `Werkgeverscontact` soort bezoek) they logged in [van, stand].
    tijdens_begeleiders = [[rij[0] for rij in rijen if rij[1 + n + i]] for i in range(n)]
    algemeen = _optellen(
        Werkgeverscontact.objects.filter(
            regio=regio,
            soort=Werkgeverscontact.Soort.BEZOEK,
            datum__range=(min(periode.van for periode in perioden), max(standen)),
        ),
        **{
            # pk__isnull: a period without begeleiders counts nothing (an empty IN would void the query).
            f"p{i}": Count(
                "pk",
                filter=Q(datum__range=(periode.van, stand), door__in=tijdens_begeleiders[i])
                if tijdens_begeleiders[i]
                else Q(pk__isnull=True),
            )
            for i, (periode, stand) in enumerate(zip(perioden, standen, strict=True))
        },
    )
    werkgeverscontacten = [
        Werkgeverscontacten(
            contacten=contacten[f"p{i}"] + algemeen[f"p{i}"],
            algemeen=algemeen[f"p{i}"],
            begeleiders=len(tijdens_begeleiders[i]),
            weken=Fraction(max(0, (stand - periode.van).days + 1), 7),
        )
        for i, (periode, stand) in enumerate(zip(perioden, standen, strict=True))
    ]
    return caseloads, werkgeverscontacten


def _dagen_tot_eerste_werkgeverscontact(
    trajecten: QuerySet[Traject], perioden: Sequence[Periode]
) -> list[DagenTotWerkgeverscontact]:
    """One query: start date and first face-to-face employer contact of each trajectory started in one of
    the periods; Python takes count, mean, within-norm and median per period. The rows are the
    trajectories started in the periods (some hundreds a year in a big region), never the history."""
    eerste = (
        Contactmoment.objects.filter(traject=OuterRef("pk"), soort=ContactSoort.WERKGEVERSCONTACT, face_to_face=True)
        .order_by("datum")
        .values("datum")[:1]
    )
    rijen = list(
        trajecten.filter(startdatum__range=(min(p.van for p in perioden), max(p.tot for p in perioden)))
        .annotate(eerste_contact=Subquery(eerste))
        .values_list("startdatum", "eerste_contact")
        .order_by()
    )
    uit = []
    for periode in perioden:
        # From the start to the first contact; 0 when it came before the start (during the intake). Only a
        # contact up to the period's end counts: a closed period's figure must not change when later
        # contacts are logged (the first contact is the earliest, so a later one means none in time).
        dagen = sorted(
            max(0, (contact - start).days)
            for start, contact in rijen
            if contact and periode.bevat(start) and contact <= periode.tot
        )
        uit.append(
            DagenTotWerkgeverscontact(
                mediaan=afronden(Fraction(statistics.median(dagen)), PRECISIE["dagen"]) if dagen else None,
                gemiddeld=afronden(Fraction(sum(dagen), len(dagen)), PRECISIE["dagen"]) if dagen else None,
                aantal=len(dagen),
                binnen_norm=sum(1 for d in dagen if d <= NORM_DAGEN_TOT_WERKGEVERSCONTACT),
            )
        )
    return uit


# The five characteristics the breakdowns are by, as reached from a trajectory.
_KENMERKEN = ("deelnemer__woongemeente_id", "methode", "aanbieder_id", "verwijzer_id", "financieringsstroom")


@dataclass(frozen=True)
class _Uitsplitsingen:
    per_gemeente: tuple[Uitsplitsing, ...]
    per_methode: tuple[Uitsplitsing, ...]
    per_aanbieder: tuple[Uitsplitsing, ...]
    per_verwijzer: tuple[Uitsplitsing, ...]
    per_financieringsstroom: tuple[Uitsplitsing, ...]


def _uitsplitsingen(
    regio: Regio,
    trajecten: QuerySet[Traject],
    perioden: Sequence[_Kolom],
    gedeeld: Filters,
    *,
    kolommen: Sequence[tuple[Filters, int]],
    per_gemeente: bool = False,
    kenmerken: Sequence[str] = _KENMERKEN,
) -> list[_Uitsplitsingen]:
    """The breakdowns by `kenmerken` (gestart, lopend on the stand date, paid placements started in the period;
    default all five, the others are left empty) of each column (filters, index into `perioden`) in three
    queries: the trajectories and the placements, each counted per combination of the characteristics (with one
    count per period; `per_gemeente`: also per woongemeente, as `_bereken_kolommen`), then the names of the
    organisations (not needed for methode and financieringsstroom alone). Python adds the combinations up per
    characteristic; how many there are depends on the region's organisations and choices, not on the number of
    trajectories."""
    gemeenten_nodig = "deelnemer__woongemeente_id" in kenmerken
    trajecten = trajecten.filter(
        reduce(
            operator.or_,
            [
                *(Q(startdatum__range=(k.periode.van, k.periode.tot)) for k in perioden),
                *(_lopend_op_q(stand) for stand in dict.fromkeys(k.stand for k in perioden)),
            ],
        )
    )
    plaatsingen = Plaatsing.objects.filter(
        regio=regio,
        traject__regio=regio,
        betaald=True,
        startdatum__range=(min(k.periode.van for k in perioden), max(k.periode.tot for k in perioden)),
    ).filter(_traject_q(gedeeld, "traject__"))
    if gemeenten_nodig or per_gemeente or gedeeld.gemeente_id is not None:
        trajecten = trajecten.filter(_deelnemer_in_regio_q(regio))
        plaatsingen = plaatsingen.filter(_deelnemer_in_regio_q(regio, "traject__"))
    groep = ("deelnemer__woongemeente_id",) if per_gemeente and not gemeenten_nodig else ()

    def trajectkolom(k: _Kolom) -> dict:
        van, tot, stand = k.periode.van, k.periode.tot, k.stand
        return {
            "gestart": (("gestart", van, tot), lambda: Count("pk", filter=Q(startdatum__range=(van, tot)))),
            "lopend": (("lopend", stand), lambda: Count("pk", filter=_lopend_op_q(stand))),
        }

    def plaatsingkolom(k: _Kolom) -> dict:
        van, tot = k.periode.van, k.periode.tot
        return {"plaatsingen": (("plaatsingen", van, tot), lambda: Count("pk", filter=Q(startdatum__range=(van, tot))))}

    t_aggregaten, t_namen = _gedeeld(map(trajectkolom, perioden))
    p_aggregaten, p_namen = _gedeeld(map(plaatsingkolom, perioden))
    velden = [*kenmerken, *groep]
    trajectrijen = trajecten.values_list(*velden).annotate(**_gemaakt(t_aggregaten)).order_by()
    plaatsingrijen = (
        plaatsingen.values_list(*(f"traject__{veld}" for veld in velden)).annotate(**_gemaakt(p_aggregaten)).order_by()
    )
    # The rows are combinations of characteristics (hundreds in a large region), as tuples: the characteristics,
    # then the aggregates. Per column: its gemeente (None: every row counts) and the positions of its counts.
    k = len(kenmerken)
    t_plek = {alias: len(velden) + i for i, alias in enumerate(t_aggregaten)}
    p_plek = {alias: len(velden) + i for i, alias in enumerate(p_aggregaten)}
    g_plek = velden.index("deelnemer__woongemeente_id") if per_gemeente else None
    t_kolommen = [
        (f.gemeente_id if per_gemeente else None, t_plek[t_namen[p]["gestart"]], t_plek[t_namen[p]["lopend"]])
        for f, p in kolommen
    ]
    p_kolommen = [(f.gemeente_id if per_gemeente else None, p_plek[p_namen[p]["plaatsingen"]]) for f, p in kolommen]

    # per column, per characteristic: value -> [gestart, lopend, plaatsingen]; only values with a figure
    tellers: list[list[dict]] = [[{} for _ in kenmerken] for _ in kolommen]
    for rij in trajectrijen:
        for teller_kolom, (gemeente, g, lo) in zip(tellers, t_kolommen, strict=True):
            gestart, lopend = rij[g], rij[lo]
            if (gestart or lopend) and (gemeente is None or rij[g_plek] == gemeente):
                for teller, sleutel in zip(teller_kolom, rij[:k], strict=True):
                    cel = teller.setdefault(sleutel, [0, 0, 0])
                    cel[0] += gestart
                    cel[1] += lopend
    for rij in plaatsingrijen:
        for teller_kolom, (gemeente, pl) in zip(tellers, p_kolommen, strict=True):
            if rij[pl] and (gemeente is None or rij[g_plek] == gemeente):
                for teller, sleutel in zip(teller_kolom, rij[:k], strict=True):
                    teller.setdefault(sleutel, [0, 0, 0])[2] += rij[pl]
    per_kenmerk = [dict(zip(kenmerken, per, strict=True)) for per in tellers]

    organisaties = {
        sleutel
        for per in per_kenmerk
        for kenmerk in ("aanbieder_id", "verwijzer_id")
        for sleutel in per.get(kenmerk, ())
    } - {None}
    namen, gemeenten = {}, []
    if gemeenten_nodig or organisaties:
        for pk, naam, regio_id, soort in (
            Organisatie.objects.filter(Q(regio=regio, soort=Soort.GEMEENTE) | Q(pk__in=organisaties))
            .order_by("naam", "pk")
            .values_list("pk", "naam", "regio_id", "soort")
        ):
            namen[pk] = naam
            if regio_id == regio.pk and soort == Soort.GEMEENTE:
                gemeenten.append((pk, naam))

    def per_organisatie(teller: dict, leeg: str) -> tuple[Uitsplitsing, ...]:
        rijen = [
            _uitsplitsing("" if pk is None else str(pk), leeg if pk is None else namen[pk], waarden)
            for pk, waarden in teller.items()
            if any(waarden)
        ]
        return tuple(sorted(rijen, key=lambda u: (u.sleutel == "", u.label.lower(), u.sleutel)))

    return [
        _Uitsplitsingen(
            # Every gemeente of the region; under a gemeente filter only that gemeente.
            per_gemeente=tuple(
                _uitsplitsing(str(pk), naam, per["deelnemer__woongemeente_id"].get(pk))
                for pk, naam in gemeenten
                if f.gemeente_id in (None, pk)
            )
            if gemeenten_nodig
            else (),
            per_methode=_per_keuze(per["methode"], Methode.choices, f.methode) if "methode" in per else (),
            per_aanbieder=per_organisatie(per["aanbieder_id"], "") if "aanbieder_id" in per else (),
            per_verwijzer=per_organisatie(per["verwijzer_id"], str(_("Zonder verwijzer")))
            if "verwijzer_id" in per
            else (),
            per_financieringsstroom=_per_keuze(
                per["financieringsstroom"], Financieringsstroom.choices, f.financieringsstroom
            )
            if "financieringsstroom" in per
            else (),
        )
        for (f, _p), per in zip(kolommen, per_kenmerk, strict=True)
    ]


def _uitsplitsing(sleutel: str, label: str, waarden: list[int] | None) -> Uitsplitsing:
    return Uitsplitsing(sleutel, label, *(waarden or (0, 0, 0)))


def _per_keuze(teller: dict, keuzes, gekozen: str | None) -> tuple[Uitsplitsing, ...]:
    """A breakdown by a field with choices from `teller` (value -> [gestart, lopend, plaatsingen], only values with a
    figure): every choice, zeros included, in the choices' order; "" (not recorded) last when it has a figure.
    Under a filter on this field only the chosen value."""
    return tuple(
        _uitsplitsing(waarde, str(label), teller.get(waarde))
        for waarde, label in [*keuzes, ("", _("Niet vastgelegd"))]
        if not (gekozen and waarde != gekozen) and (waarde != "" or "" in teller)
    )


def _datakwaliteit(
    regio: Regio, filters: Filters, telling: dict, peildatum: datetime.date, *, lijsten: bool
) -> Datakwaliteit:
    """A scope's data-quality counts (from the trajectories' query: `telling`) and, with `lijsten`, its trajectories."""
    aantallen = {naam: telling[naam] for naam in ("zonder_startdatum", "geen_contact", "financiering_onbekend")}
    if not lijsten:
        return Datakwaliteit(
            **aantallen, zonder_startdatum_trajecten=(), geen_contact_trajecten=(), financiering_onbekend_trajecten=()
        )
    eigen = _trajecten(regio, filters)
    return Datakwaliteit(
        **aantallen,
        zonder_startdatum_trajecten=_verwijzingen(regio, eigen.filter(_zonder_startdatum_q())),
        geen_contact_trajecten=_verwijzingen(
            regio, _met_begin(eigen).filter(_geen_contact_q(regio, peildatum)), met_laatste_contact=True
        ),
        financiering_onbekend_trajecten=_verwijzingen(regio, eigen.filter(_financiering_onbekend_q())),
    )


def _eindredenen(telling: dict) -> tuple[Telling, ...]:
    """The trajectories ended in a column's period, per reason, from its counts (`_trajecttellingen`); "Niet
    vastgelegd" only where there are such."""
    uit = [Telling(waarde, str(label), telling[f"beeindigd:{waarde}"]) for waarde, label in Eindreden.choices]
    if telling["beeindigd:"]:
        uit.append(Telling("", str(_("Niet vastgelegd")), telling["beeindigd:"]))
    return tuple(uit)


def _verwijzingen(
    regio: Regio, trajecten: QuerySet[Traject], *, met_laatste_contact: bool = False
) -> tuple[TrajectVerwijzing, ...]:
    trajecten = trajecten.filter(_deelnemer_in_regio_q(regio))
    if met_laatste_contact:
        trajecten = trajecten.met_laatste_contact()  # evaluated for the listed rows only
        velden = ("pk", "deelnemer__nummer", "laatste_contact")
    else:
        velden = ("pk", "deelnemer__nummer")
    rijen = trajecten.order_by("deelnemer__nummer", "pk").values_list(*velden)[:DATAKWALITEIT_MAX_REGELS]
    return tuple(TrajectVerwijzing(*rij) for rij in rijen)


def _doelen(regio: Regio, jaren: set[int]) -> dict[int, int]:
    """The region's target per year that has one (DOEL_STANDAARD for the others)."""
    return dict(_DOELEN.lijst(regio=regio.pk, jaren=sorted(jaren)))


# Read by every computation of the figures and of the target's split: compiled once (hoofdzaak.vaste_query).
_DOELEN = QuerySjabloon(
    lambda regio, jaren: (
        Doelstelling.objects.filter(regio=regio, jaar__in=jaren).order_by().values_list("jaar", "aantal")
    ),
    {"regio": int, "jaren": list},
)
_DOELVERSIE = QuerySjabloon(
    lambda regio, jaar: (
        Doelversie.objects.in_regio(regio).filter(jaar=jaar).order_by("-versie").values("pk", "versie", "aantal")[:1]
    ),
    {"regio": int, "jaar": int},
)


# --- IPS fidelity (Modeltrouw) ---------------------------------------------------------------------------------

# IPS-25 anchors (Supported Employment Fidelity Scale; see docs/begrippen.md "Modeltrouw" for the source of each):
# (lowest value that still scores 5, 4, 3, 2) for "higher is better", (highest value …) for "lower is better".
IPS25_CASELOAD = (20, 25, 30, 40)  # active clients per employment specialist, at most
IPS25_DAGEN_TOT_WERKGEVERSCONTACT = (30, 60, 150, 270)  # mean days from entry to first face-to-face employer contact
IPS25_WERKGEVERSCONTACTEN_PER_WEEK = (6, 5, 3, 2)  # face-to-face employer contacts per week, at least
IPS25_VERSCHILLENDE_WERKGEVERS = (85, 70, 60, 50)  # % of jobs with different employers, at least
NAZORG_DAGEN = 30  # "the first month of a job": the start day and the 30 days after it


def ips25_score(waarde: float | None, grenzen: tuple, *, hoger_is_beter: bool) -> int | None:
    """The 1–5 score of `waarde` on the anchors `grenzen` (for 5, 4, 3, 2; anything beyond the last is 1).
    Scored on the value as shown (already rounded to its PRECISIE), so the score never disagrees with it."""
    if waarde is None:
        return None
    for score, grens in zip((5, 4, 3, 2), grenzen, strict=True):
        if (waarde >= grens) if hoger_is_beter else (waarde <= grens):
            return score
    return 1


@dataclass(frozen=True)
class Modeltrouwrij:
    """The IPS fidelity figures of one begeleider, one team (provider) or the region; see `modeltrouw`."""

    sleutel: str  # "regio", "team-<pk>" or "begeleider-<pk>"
    label: str
    begeleiders: int
    caseload: float | None  # a begeleider: trajectories in guidance on `stand`; team/region: mean per begeleider
    caseload_maximum: int | None
    trajecten: int  # IPS trajectories in guidance on some day of [van, stand]
    dagen_tot_werkgeverscontact: float | None  # mean (IPS-25 rates the average)
    dagen_mediaan: float | None
    dagen_aantal: int
    werkgeverscontacten: int  # face-to-face: participant-linked + general (bedrijfsbezoek)
    werkgeverscontacten_algemeen: int  # … of which general, not linked to a participant
    weken: Fraction
    nazorg: Verhouding  # jobs whose first month ended in the period, with a face-to-face contact in it
    uitkeringsadvies: Verhouding  # trajectories in guidance with benefits counselling up to `stand`
    behandelteam: Verhouding  # trajectories in guidance with contact with the treatment team in [van, stand]
    banen: int  # paid jobs on some day of [van, stand]
    werkgevers: int  # … at this many different employers

    @property
    def werkgeverscontacten_per_week(self) -> float | None:
        if not self.begeleiders or self.weken <= 0:
            return None
        return afronden(Fraction(self.werkgeverscontacten) / self.begeleiders / self.weken, PRECISIE["per_week"])

    @property
    def verschillende_werkgevers(self) -> Verhouding:
        return Verhouding(self.werkgevers, self.banen)

    @property
    def scores(self) -> dict[str, int | None]:
        """The IPS-25 score (1–5) of each item the scale defines from these numbers; None without data."""
        return {
            "caseload": ips25_score(self.caseload, IPS25_CASELOAD, hoger_is_beter=False),
            "dagen_tot_werkgeverscontact": ips25_score(
                self.dagen_tot_werkgeverscontact, IPS25_DAGEN_TOT_WERKGEVERSCONTACT, hoger_is_beter=False
            ),
            "werkgeverscontacten": ips25_score(
                self.werkgeverscontacten_per_week, IPS25_WERKGEVERSCONTACTEN_PER_WEEK, hoger_is_beter=True
            ),
            "verschillende_werkgevers": ips25_score(
                self.verschillende_werkgevers.percentage, IPS25_VERSCHILLENDE_WERKGEVERS, hoger_is_beter=True
            ),
        }

    @property
    def cellen(self) -> list[tuple[str, str]]:
        """(item key, Dutch text) per column of the fidelity table, formatted with `getal_tekst` once."""
        scores = self.scores

        def met_score(tekst: str, sleutel: str) -> str:
            score = scores[sleutel]
            return tekst if score is None else f"{tekst} (score {score})"

        def verhouding(v: Verhouding) -> str:
            return "—" if v.noemer == 0 else f"{v.tekst} ({v.teller} van {v.noemer})"

        return [
            ("caseload", met_score(getal_tekst(self.caseload, PRECISIE["caseload"]), "caseload")),
            (
                "dagen_tot_werkgeverscontact",
                met_score(
                    getal_tekst(self.dagen_tot_werkgeverscontact, PRECISIE["dagen"]), "dagen_tot_werkgeverscontact"
                ),
            ),
            (
                "werkgeverscontacten",
                met_score(getal_tekst(self.werkgeverscontacten_per_week, PRECISIE["per_week"]), "werkgeverscontacten"),
            ),
            ("nazorg", verhouding(self.nazorg)),
            ("uitkeringsadvies", verhouding(self.uitkeringsadvies)),
            ("behandelteam", verhouding(self.behandelteam)),
            (
                "verschillende_werkgevers",
                met_score(verhouding(self.verschillende_werkgevers), "verschillende_werkgevers"),
            ),
        ]

    @property
    def rapportcellen(self) -> list[tuple[str, str]]:
        """The cells for a report read by bestuurders: shares as a percentage without the counts behind them,
        and not at all (ONDERDRUKT) when fewer than KLEINSTE_GETOONDE_AANTAL jobs or trajectories are behind
        them; means and rates as on the page."""

        def aandeel(v: Verhouding, sleutel: str | None = None) -> str:
            if v.noemer == 0:
                return "—"
            if v.noemer < KLEINSTE_GETOONDE_AANTAL:
                return ONDERDRUKT
            score = self.scores.get(sleutel) if sleutel else None
            return v.tekst if score is None else f"{v.tekst} (score {score})"

        cellen = dict(self.cellen)
        return [
            ("caseload", cellen["caseload"]),
            ("dagen_tot_werkgeverscontact", cellen["dagen_tot_werkgeverscontact"]),
            ("werkgeverscontacten", cellen["werkgeverscontacten"]),
            ("nazorg", aandeel(self.nazorg)),
            ("uitkeringsadvies", aandeel(self.uitkeringsadvies)),
            ("behandelteam", aandeel(self.behandelteam)),
            ("verschillende_werkgevers", aandeel(self.verschillende_werkgevers, "verschillende_werkgevers")),
        ]


# Column headers of the fidelity table (page and PDF): each says what is counted.
MODELTROUW_KOLOMMEN = {
    "caseload": _("Caseload (trajecten in begeleiding op de peildatum; norm ≤ 20)"),
    "dagen_tot_werkgeverscontact": _(
        "Dagen van start tot eerste face-to-face werkgeverscontact (gemiddeld; norm ≤ 30)"
    ),
    "werkgeverscontacten": _(
        "Face-to-face werkgeverscontacten per begeleider per week (met en zonder deelnemer; norm ≥ 6)"
    ),
    "nazorg": _("Banen met face-to-face contact in de eerste maand"),
    "uitkeringsadvies": _("Trajecten met uitkeringsadvies"),
    "behandelteam": _("Trajecten met overleg met het behandelteam in de periode"),
    "verschillende_werkgevers": _("Banen bij verschillende werkgevers"),
}


# The same columns, short, for a PDF page (the report explains them below the table).
MODELTROUW_KOLOMMEN_KORT = {
    "caseload": _("Caseload (≤ 20)"),
    "dagen_tot_werkgeverscontact": _("Dagen tot 1e werkgevers­contact (≤ 30)"),
    "werkgeverscontacten": _("Werkgevers­contacten per week (≥ 6)"),
    "nazorg": _("Contact 1e maand baan"),
    "uitkeringsadvies": _("Uitkerings­advies"),
    "behandelteam": _("Overleg behandel­team"),
    "verschillende_werkgevers": _("Verschillende werkgevers"),
}


@dataclass(frozen=True)
class Modeltrouwteam:
    totaal: Modeltrouwrij
    begeleiders: tuple[Modeltrouwrij, ...]


@dataclass(frozen=True)
class Modeltrouw:
    regio_id: int
    periode: Periode
    aanbieder_id: int | None
    stand: datetime.date
    regio: Modeltrouwrij
    teams: tuple[Modeltrouwteam, ...]

    @property
    def leeg(self) -> bool:
        return self.regio.begeleiders == 0

    def begeleider(self, gebruiker_id: int) -> tuple[Modeltrouwteam, Modeltrouwrij] | None:
        """The team and the row of one begeleider, or None when it had no IPS trajectory in the period."""
        for team in self.teams:
            for rij in team.begeleiders:
                if rij.sleutel == f"begeleider-{gebruiker_id}":
                    return team, rij
        return None


@dataclass
class _Optelling:
    """The raw counts of a group (begeleider, team or region), added up before they are shown."""

    caseloads: list = dataclasses.field(default_factory=list)
    trajecten: int = 0
    dagen: list = dataclasses.field(default_factory=list)
    contacten: int = 0
    algemeen: int = 0
    nazorg: int = 0
    nazorg_met_contact: int = 0
    uitkeringsadvies: int = 0
    behandelteam: int = 0
    banen: set = dataclasses.field(default_factory=set)
    werkgevers: set = dataclasses.field(default_factory=set)

    def rij(self, sleutel: str, label: str, weken: Fraction) -> Modeltrouwrij:
        caseloads, dagen = self.caseloads, sorted(self.dagen)
        return Modeltrouwrij(
            sleutel=sleutel,
            label=label,
            begeleiders=len(caseloads),
            caseload=afronden(Fraction(sum(caseloads), len(caseloads)), PRECISIE["caseload"]) if caseloads else None,
            caseload_maximum=max(caseloads, default=None),
            trajecten=self.trajecten,
            dagen_tot_werkgeverscontact=afronden(Fraction(sum(dagen), len(dagen)), PRECISIE["dagen"])
            if dagen
            else None,
            dagen_mediaan=afronden(Fraction(statistics.median(dagen)), PRECISIE["dagen"]) if dagen else None,
            dagen_aantal=len(dagen),
            werkgeverscontacten=self.contacten,
            werkgeverscontacten_algemeen=self.algemeen,
            weken=weken,
            nazorg=Verhouding(self.nazorg_met_contact, self.nazorg),
            uitkeringsadvies=Verhouding(self.uitkeringsadvies, self.trajecten),
            behandelteam=Verhouding(self.behandelteam, self.trajecten),
            banen=len(self.banen),
            werkgevers=len(self.werkgevers),
        )


def modeltrouw(
    *, regio: Regio, periode: Periode, aanbieder_id: int | None = None, peildatum: datetime.date | None = None
) -> Modeltrouw:
    """IPS fidelity from routine data, over IPS trajectories only, per begeleider, per team (the provider
    that runs most of the begeleider's IPS trajectories in the period) and for the region (or one provider:
    `aanbieder_id`). Not cached: five small queries, and general employer contacts
    (werkgevers) are outside the data version of `cijfercache`."""
    return _modeltrouw(
        regio=regio, periode=periode, aanbieder_id=aanbieder_id, peildatum=peildatum or timezone.localdate()
    )


def _modeltrouw(*, regio: Regio, periode: Periode, aanbieder_id: int | None, peildatum: datetime.date) -> Modeltrouw:
    """Five queries, whatever the number of begeleiders or trajectories: (1) per begeleider and provider, with
    their names, the trajectories in guidance and the counts that are a property of a trajectory; (2) start and
    first face-to-face employer contact of the trajectories started in the period; (3) participant-linked and
    (4) general face-to-face employer contacts per begeleider; (5) the paid jobs of the period. Only facts dated
    up to `stand` (≤ periode.tot) count."""
    van = periode.van
    stand = min(periode.tot, peildatum)
    weken = Fraction(max(0, (stand - van).days + 1), 7)

    def ips_q(pad: str = "") -> Q:
        """The IPS trajectories with a begeleider (of the provider), reached through `pad`: contacts and jobs join
        their trajectory once, for this and for its begeleider, instead of also testing it against a subquery."""
        q = Q(**{f"{pad}regio": regio, f"{pad}methode": Methode.IPS, f"{pad}trajectbegeleider__isnull": False})
        return q if aanbieder_id is None else q & Q(**{f"{pad}aanbieder_id": aanbieder_id})

    ips = Traject.objects.filter(ips_q())

    def contact_in(soort: str, vanaf: datetime.date | None) -> Q:
        contacten = Contactmoment.objects.filter(regio=regio, soort=soort, datum__lte=stand)
        if vanaf is not None:
            contacten = contacten.filter(datum__gte=van)
        return Q(pk__in=contacten.values("traject_id"))

    # 1. Per (begeleider, provider).
    in_periode = _in_begeleiding_q(van, stand)
    rijen = list(
        _met_begin(ips)
        .filter(in_periode)
        .values_list("trajectbegeleider", "aanbieder")
        .annotate(
            caseload=Count("pk", filter=_in_begeleiding_q(stand, stand)),
            trajecten=Count("pk"),
            uitkeringsadvies=Count("pk", filter=contact_in(ContactSoort.UITKERINGSADVIES, None)),
            behandelteam=Count("pk", filter=contact_in(ContactSoort.OVERLEG_BEHANDELAAR, van)),
        )
        # With the names, looked up per group by key (joining the users and organisations first read all of them).
        .annotate(naam=naam_van(Gebruiker, "trajectbegeleider"), teamnaam=naam_van(Organisatie, "aanbieder"))
        .order_by()
    )
    # A begeleider's team: the provider of most of its IPS trajectories in the period (ties: the lowest pk).
    per_begeleider: dict[int, dict[int, tuple]] = {}
    namen: dict[int, str] = {}
    teamnamen: dict[int, str] = {}
    for begeleider, aanbieder, *tellingen, naam, teamnaam in rijen:
        per_begeleider.setdefault(begeleider, {})[aanbieder] = tellingen
        namen[begeleider] = naam
        if aanbieder is not None:
            teamnamen[aanbieder] = teamnaam
    team_van = {
        begeleider: min(per.items(), key=lambda item: (-item[1][1], item[0]))[0]
        for begeleider, per in per_begeleider.items()
    }
    groepen: dict[int, _Optelling] = {begeleider: _Optelling() for begeleider in per_begeleider}
    for begeleider, per in per_begeleider.items():
        groep = groepen[begeleider]
        groep.caseloads = [sum(tellingen[0] for tellingen in per.values())]
        groep.trajecten = sum(tellingen[1] for tellingen in per.values())
        groep.uitkeringsadvies = sum(tellingen[2] for tellingen in per.values())
        groep.behandelteam = sum(tellingen[3] for tellingen in per.values())

    if per_begeleider:
        # 2. Days from start to the first face-to-face employer contact (up to the period's end).
        eerste = (
            Contactmoment.objects.filter(
                traject=OuterRef("pk"), soort=ContactSoort.WERKGEVERSCONTACT, face_to_face=True, datum__lte=stand
            )
            .order_by("datum")
            .values("datum")[:1]
        )
        for begeleider, start, contact in (
            ips.filter(startdatum__range=(van, periode.tot))
            .annotate(eerste_contact=Subquery(eerste))
            .filter(eerste_contact__isnull=False)
            .values_list("trajectbegeleider", "startdatum", "eerste_contact")
            .order_by()
        ):
            if begeleider in groepen:
                groepen[begeleider].dagen.append(max(0, (contact - start).days))

        # 3. Participant-linked face-to-face employer contacts, by the trajectory's begeleider.
        for begeleider, aantal in (
            Contactmoment.objects.filter(
                regio=regio,
                soort=ContactSoort.WERKGEVERSCONTACT,
                face_to_face=True,
                datum__range=(van, stand),
            )
            .filter(ips_q("traject__"))
            .values_list("traject__trajectbegeleider")
            .annotate(n=Count("pk"))
            .order_by()
        ):
            if begeleider in groepen:
                groepen[begeleider].contacten += aantal

        # 4. General employer contacts (a company visit, not about one participant) by the begeleiders.
        for begeleider, aantal in (
            Werkgeverscontact.objects.filter(
                regio=regio,
                soort=Werkgeverscontact.Soort.BEZOEK,
                datum__range=(van, stand),
                door__in=list(per_begeleider),
            )
            .values_list("door")
            .annotate(n=Count("pk"))
            .order_by()
        ):
            groepen[begeleider].contacten += aantal
            groepen[begeleider].algemeen += aantal

        # 5. Paid jobs: on some day of [van, stand] (diversity of employers), and those whose first month
        #    ended in [van, stand], with a face-to-face contact in it (follow-along).
        begin_nazorg = van - datetime.timedelta(days=NAZORG_DAGEN)
        eind_nazorg = stand - datetime.timedelta(days=NAZORG_DAGEN)
        nazorgcontact = Contactmoment.objects.filter(
            traject=OuterRef("traject"),
            face_to_face=True,
            soort__in=(ContactSoort.COACHING, ContactSoort.WERKGEVERSCONTACT, ContactSoort.UITKERINGSADVIES),
            datum__gte=OuterRef("startdatum"),
            datum__lte=OuterRef("nazorg_tot"),
        )
        banen = (
            Plaatsing.objects.filter(ips_q("traject__"), regio=regio, betaald=True, startdatum__lte=stand)
            .filter(Q(einddatum__isnull=True) | Q(einddatum__gte=min(van, begin_nazorg)))
            .annotate(
                nazorg_tot=ExpressionWrapper(
                    F("startdatum") + datetime.timedelta(days=NAZORG_DAGEN), output_field=DateField()
                )
            )
            .annotate(met_contact=Exists(nazorgcontact))
            .values_list(
                "pk",
                "traject__trajectbegeleider",
                "werkgever_id",
                "werkgever_naam",
                "startdatum",
                "einddatum",
                "met_contact",
            )
            .order_by()
        )
        for pk, begeleider, werkgever_id, werkgever_naam, start, eind, met_contact in banen:
            groep = groepen.get(begeleider)
            if groep is None:
                continue
            if eind is None or eind >= van:
                groep.banen.add(pk)
                groep.werkgevers.add(werkgever_id or werkgever_naam.strip().lower())
            if begin_nazorg <= start <= eind_nazorg:
                groep.nazorg += 1
                groep.nazorg_met_contact += int(met_contact)

    def samen(delen: list[_Optelling]) -> _Optelling:
        totaal = _Optelling()
        for deel in delen:
            totaal.caseloads += deel.caseloads
            totaal.trajecten += deel.trajecten
            totaal.dagen += deel.dagen
            totaal.contacten += deel.contacten
            totaal.algemeen += deel.algemeen
            totaal.nazorg += deel.nazorg
            totaal.nazorg_met_contact += deel.nazorg_met_contact
            totaal.uitkeringsadvies += deel.uitkeringsadvies
            totaal.behandelteam += deel.behandelteam
            totaal.banen |= deel.banen
            totaal.werkgevers |= deel.werkgevers
        return totaal

    teams = []
    for team_pk in sorted(set(team_van.values()), key=lambda pk: (teamnamen[pk].lower(), pk)):
        leden = sorted((b for b, t in team_van.items() if t == team_pk), key=lambda b: (namen.get(b, "").lower(), b))
        teams.append(
            Modeltrouwteam(
                totaal=samen([groepen[b] for b in leden]).rij(f"team-{team_pk}", teamnamen[team_pk], weken),
                begeleiders=tuple(groepen[b].rij(f"begeleider-{b}", namen.get(b, ""), weken) for b in leden),
            )
        )
    return Modeltrouw(
        regio_id=regio.pk,
        periode=periode,
        aanbieder_id=aanbieder_id,
        stand=stand,
        regio=samen(list(groepen.values())).rij("regio", regio.naam, weken),
        teams=tuple(teams),
    )


# --- Small helpers --------------------------------------------------------------------------------------------


def _laatste_dag(jaar: int, maand: int) -> datetime.date:
    return datetime.date(jaar, maand, calendar.monthrange(jaar, maand)[1])


def _maand_erbij(eerste_van_maand: datetime.date, maanden: int) -> datetime.date:
    jaar, maand = divmod(eerste_van_maand.month - 1 + maanden, 12)
    return datetime.date(eerste_van_maand.year + jaar, maand + 1, 1)


def _maand_erbij_geklemd(datum: datetime.date, maanden: int) -> datetime.date:
    """The same day `maanden` months later (or earlier), or that month's last day where it does not exist."""
    eerste = _maand_erbij(datum.replace(day=1), maanden)
    return eerste.replace(day=min(datum.day, calendar.monthrange(eerste.year, eerste.month)[1]))


def _als_datum(waarde) -> datetime.date:
    return waarde.date() if isinstance(waarde, datetime.datetime) else waarde


def _datum_tekst(datum: datetime.date) -> str:
    return f"{datum.day} {MONTHS[datum.month]} {datum.year}"


def afronden(waarde: float | int | Fraction | decimal.Decimal, decimalen: int) -> float:
    """The one rounding rule of the figures: half up (away from zero at .5), to `decimalen` decimals.
    Python's round() rounds half to even (12.25 -> 12.2, 0.5 -> 0) and works on the binary float; a
    float is taken at its shortest decimal form (17.45 is 17.45, not 17.4499…)."""
    if isinstance(waarde, Fraction):
        exact = decimal.Decimal(waarde.numerator) / decimal.Decimal(waarde.denominator)
    elif isinstance(waarde, float):
        exact = decimal.Decimal(repr(waarde))
    else:
        exact = decimal.Decimal(waarde)
    return float(exact.quantize(decimal.Decimal(1).scaleb(-decimalen), rounding=decimal.ROUND_HALF_UP))


def getal_tekst(waarde: float | int | Fraction | None, decimalen: int = 0) -> str:
    """A figure as Dutch text, rounded half up to `decimalen` decimals: 1234.5 -> "1.234,5"; None -> "—".
    The one formatting function of every surface (dashboard, charts, PDFs), so a figure reads the same
    wherever it is shown. A text (a suppressed "<5") is returned as it is."""
    if waarde is None or waarde == "":
        return "—"
    if isinstance(waarde, str):
        return waarde
    tekst = f"{afronden(waarde, decimalen):,.{decimalen}f}"
    return tekst.replace(",", "_").replace(".", ",").replace("_", ".")


def export_getal(waarde: float | int | Fraction | None, decimalen: int = 0) -> str:
    """The same rounding as `getal_tekst` for machine-readable exports: "12.5", no thousands separator."""
    if waarde is None:
        return ""
    return f"{afronden(waarde, decimalen):.{decimalen}f}"


def _getal(waarde: float | int, decimalen: int = 0) -> str:
    return getal_tekst(waarde, decimalen)


def _procent_tekst(verhouding: Verhouding) -> str:
    if verhouding.percentage is None:
        return str(_("geen deelnemers in de periode"))
    return f"{verhouding.tekst} ({verhouding.teller} van {verhouding.noemer})"
