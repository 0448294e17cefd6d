"""The worklist ("Vandaag"): what needs a begeleider's attention, computed from the data.

Every rule lives here and nowhere else; the begeleider's list, the provider bestuurder's counts and the
projectleider's counts all come from `werkpunten`. Each rule is one condition on one row of a single
query over the trajectories in scope (plus one query for the snoozed items), so the number of queries is
the same for ten trajectories as for a thousand.

The rules (`vandaag` is the day the list is made):

- GEEN_CONTACT: an intake or started trajectory whose last contact (peer support not counted; without
  any contact: its start, intake or referral date) lies `dagen_zonder_contact` days (the provider's
  setting, default 14) or more in the past.
- BAAN_EERSTE_WEEK: a job that started in the last 7 days (its first week) and no employer contact
  logged since it started: visit the workplace this week.
- BAAN_EERSTE_MAAND: a job in its first month after the first week (started 8 to 30 days ago) and no
  coaching contact since it started: the follow-along contact.
- TOESTEMMING_VERLOOPT: a consent that is valid today and ends within 30 days, with no valid consent
  for the same organisation that lasts longer (a renewal clears the item).
- AANMELDING_WACHT: a referral still waiting in the provider's inbox after more than 5 working days
  (Monday to Friday; public holidays are not known to the portal).
- INTAKE_ZONDER_START: an intake 30 days or more ago and the trajectory not started.
- OVERGEDRAGEN: a trajectory handed over to its current begeleider in the last 7 days (introduce
  yourself).
- GEEN_WERKGEVERSCONTACT: an IPS trajectory started 30 days or more ago without any face-to-face
  employer contact since its start (the IPS norm: first employer contact within 30 days).

A snoozed item (`Uitstel`) stays off the list up to and including its `tot` date.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Exists, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from hoofdzaak import links

from .models import (
    Contactmoment,
    ContactSoort,
    Methode,
    Overdracht,
    Plaatsing,
    Toestemming,
    Traject,
    TrajectStatus,
    Uitstel,
)

TOESTEMMING_VOORUIT = 30
AANMELDING_WERKDAGEN = 5
INTAKE_DAGEN = 30
WERKGEVERSCONTACT_DAGEN = 30
BAAN_WEEK = 7
BAAN_MAAND = 30
OVERDRACHT_DAGEN = 7


class Soort(StrEnum):
    GEEN_CONTACT = "geen_contact"
    BAAN_EERSTE_WEEK = "baan_eerste_week"
    BAAN_EERSTE_MAAND = "baan_eerste_maand"
    TOESTEMMING_VERLOOPT = "toestemming_verloopt"
    AANMELDING_WACHT = "aanmelding_wacht"
    INTAKE_ZONDER_START = "intake_zonder_start"
    GEEN_WERKGEVERSCONTACT = "geen_werkgeverscontact"
    OVERGEDRAGEN = "overgedragen"

    @property
    def label(self) -> str:
        return LABELS[self]


LABELS = {
    Soort.AANMELDING_WACHT: "Aanmelding wacht langer dan 5 werkdagen",
    Soort.OVERGEDRAGEN: "Aan je overgedragen: maak kennis",
    Soort.BAAN_EERSTE_WEEK: "Nieuwe baan: bezoek deze week de werkplek",
    Soort.BAAN_EERSTE_MAAND: "Nieuwe baan: nog geen begeleidingsgesprek in de eerste maand",
    Soort.GEEN_CONTACT: "Al lang geen contact",
    Soort.TOESTEMMING_VERLOOPT: "Toestemming verloopt binnen 30 dagen",
    Soort.INTAKE_ZONDER_START: "Intake zonder start na 30 dagen",
    Soort.GEEN_WERKGEVERSCONTACT: "Nog geen werkgeverscontact na 30 dagen (IPS)",
}
# The order the kinds are shown in: the most urgent first.
VOLGORDE = list(LABELS)


@dataclass(frozen=True)
class Werkpunt:
    soort: Soort
    traject_id: int
    nummer: str
    # The date the item is about (last contact, job start, consent end, referral, intake or start).
    datum: datetime.date
    url: str
    # Only for the begeleider's own list; None where only counts are asked for.
    naam: str | None = None
    # The participant's page and snoozing this item (the begeleider's list links to both).
    dossier_url: str = ""
    uitstel_url: str = ""

    @property
    def label(self) -> str:
        return self.soort.label


def werkdagen_terug(vandaag: datetime.date, aantal: int) -> datetime.date:
    """The date `aantal` working days (Monday to Friday) before `vandaag`."""
    datum = vandaag
    while aantal:
        datum -= datetime.timedelta(days=1)
        if datum.weekday() < 5:
            aantal -= 1
    return datum


def _annoteer(trajecten: QuerySet[Traject], vandaag: datetime.date) -> QuerySet[Traject]:
    contacten = Contactmoment.objects.filter(traject=OuterRef("pk")).exclude(soort=ContactSoort.PEER_SUPPORT)
    laatste = contacten.order_by("-datum").values("datum")[:1]
    werkgeverscontact_sinds_start = Contactmoment.objects.filter(
        traject=OuterRef("traject"), soort=ContactSoort.WERKGEVERSCONTACT, datum__gte=OuterRef("startdatum")
    )
    coaching_sinds_start = Contactmoment.objects.filter(
        traject=OuterRef("traject"), soort=ContactSoort.COACHING, datum__gte=OuterRef("startdatum")
    )
    eind = vandaag + datetime.timedelta(days=TOESTEMMING_VOORUIT)
    langer_geldig = Toestemming.objects.geldig_op(vandaag).filter(
        deelnemer_id=OuterRef("deelnemer_id"), organisatie_id=OuterRef("organisatie_id"), geldig_tot__gt=eind
    )
    return trajecten.annotate(
        laatste_contact=Subquery(laatste),
        baan_week=Exists(
            Plaatsing.objects.filter(
                traject=OuterRef("pk"),
                startdatum__gt=vandaag - datetime.timedelta(days=BAAN_WEEK),
                startdatum__lte=vandaag,
            ).exclude(Exists(werkgeverscontact_sinds_start))
        ),
        baan_week_start=Subquery(
            Plaatsing.objects.filter(traject=OuterRef("pk"), startdatum__lte=vandaag)
            .order_by("-startdatum")
            .values("startdatum")[:1]
        ),
        baan_maand=Exists(
            Plaatsing.objects.filter(
                traject=OuterRef("pk"),
                startdatum__gte=vandaag - datetime.timedelta(days=BAAN_MAAND),
                startdatum__lte=vandaag - datetime.timedelta(days=BAAN_WEEK),
            ).exclude(Exists(coaching_sinds_start))
        ),
        toestemming_eind=Subquery(
            Toestemming.objects.geldig_op(vandaag)
            .filter(deelnemer_id=OuterRef("deelnemer_id"), geldig_tot__lte=eind)
            .exclude(Exists(langer_geldig))
            .order_by("geldig_tot")
            .values("geldig_tot")[:1]
        ),
        werkgever_f2f=Exists(
            Contactmoment.objects.filter(
                traject=OuterRef("pk"),
                soort=ContactSoort.WERKGEVERSCONTACT,
                face_to_face=True,
                datum__gte=OuterRef("startdatum"),
            )
        ),
        overgedragen_op=Subquery(
            Overdracht.objects.filter(
                traject=OuterRef("pk"),
                aan=OuterRef("trajectbegeleider"),
                datum__gt=vandaag - datetime.timedelta(days=OVERDRACHT_DAGEN),
            )
            .order_by("-datum")
            .values("datum")[:1]
        ),
        norm_dagen=F("aanbieder__dagen_zonder_contact"),
        referentie=Coalesce("startdatum", "intakedatum", "verwijsdatum"),
    )


class _Links:
    """The links of a list's items, each URL pattern reversed once per list (hoofdzaak.links)."""

    def __init__(self, regio_slug: str) -> None:
        self.aanmelding = links.sjabloon("aanmelding_behandelen", regio_slug, links.GETAL)
        self.starten = links.sjabloon("traject_starten", regio_slug, links.GETAL)
        self.dossier = links.sjabloon("deelnemer", regio_slug, links.TEKST)
        self.toestemming = links.sjabloon("toestemming_nieuw", regio_slug, links.TEKST)
        self.contact = links.sjabloon("contact_nieuw", regio_slug, links.GETAL)
        self.uitstellen = links.sjabloon("werkpunt_uitstellen", regio_slug, links.GETAL, links.TEKST)

    def actie(self, soort: Soort, rij: dict) -> str:
        if soort is Soort.AANMELDING_WACHT:
            return self.aanmelding(rij["pk"])
        if soort is Soort.INTAKE_ZONDER_START:
            return self.starten(rij["pk"])
        if soort is Soort.OVERGEDRAGEN:
            return self.dossier(rij["deelnemer__nummer"])
        if soort is Soort.TOESTEMMING_VERLOOPT:
            return self.toestemming(rij["deelnemer__nummer"])
        return self.contact(rij["pk"])


def _regels(rij: dict, vandaag: datetime.date) -> list[tuple[Soort, datetime.date]]:
    """The kinds one trajectory row is flagged for, each with the date it is about."""
    status = rij["status"]
    punten: list[tuple[Soort, datetime.date]] = []
    if status == TrajectStatus.AANGEMELD:
        if rij["verwijsdatum"] < werkdagen_terug(vandaag, AANMELDING_WERKDAGEN):
            punten.append((Soort.AANMELDING_WACHT, rij["verwijsdatum"]))
        return punten
    laatste = rij["laatste_contact"] or rij["referentie"]
    if (vandaag - laatste).days >= rij["norm_dagen"]:
        punten.append((Soort.GEEN_CONTACT, laatste))
    if status == TrajectStatus.INTAKE and rij["intakedatum"] and (vandaag - rij["intakedatum"]).days >= INTAKE_DAGEN:
        punten.append((Soort.INTAKE_ZONDER_START, rij["intakedatum"]))
    if status == TrajectStatus.GESTART:
        if rij["baan_week"]:
            punten.append((Soort.BAAN_EERSTE_WEEK, rij["baan_week_start"]))
        if rij["baan_maand"]:
            punten.append((Soort.BAAN_EERSTE_MAAND, rij["baan_week_start"]))
        if (
            rij["methode"] == Methode.IPS
            and rij["startdatum"]
            and (vandaag - rij["startdatum"]).days >= WERKGEVERSCONTACT_DAGEN
            and not rij["werkgever_f2f"]
        ):
            punten.append((Soort.GEEN_WERKGEVERSCONTACT, rij["startdatum"]))
    if rij["overgedragen_op"]:
        punten.append((Soort.OVERGEDRAGEN, rij["overgedragen_op"]))
    if rij["toestemming_eind"]:
        punten.append((Soort.TOESTEMMING_VERLOOPT, rij["toestemming_eind"]))
    return punten


def werkpunten(
    trajecten: QuerySet[Traject], *, regio_slug: str, vandaag: datetime.date, met_namen: bool = False
) -> list[Werkpunt]:
    """The open worklist items of `trajecten` (already limited to the caller's scope), most urgent first.

    Two queries. Names are only read when `met_namen` (the begeleider's own list)."""
    velden = [
        "pk",
        "status",
        "methode",
        "verwijsdatum",
        "intakedatum",
        "startdatum",
        "deelnemer__nummer",
        "laatste_contact",
        "baan_week",
        "baan_week_start",
        "baan_maand",
        "toestemming_eind",
        "werkgever_f2f",
        "norm_dagen",
        "referentie",
        "overgedragen_op",
    ]
    if met_namen:
        velden += ["deelnemer__voornaam", "deelnemer__achternaam"]
    actief = trajecten.filter(status__in=(TrajectStatus.AANGEMELD, TrajectStatus.INTAKE, TrajectStatus.GESTART))
    rijen = list(_annoteer(actief, vandaag).order_by().values(*velden))
    if not rijen:
        return []
    uitgesteld = set(
        Uitstel.objects.filter(traject__in=actief.values("pk"), tot__gte=vandaag).values_list("traject_id", "soort")
    )
    punten = []
    link = _Links(regio_slug)
    for rij in rijen:
        for soort, datum in _regels(rij, vandaag):
            if (rij["pk"], soort.value) in uitgesteld:
                continue
            naam = f"{rij['deelnemer__voornaam']} {rij['deelnemer__achternaam']}" if met_namen else None
            punten.append(
                Werkpunt(
                    soort=soort,
                    traject_id=rij["pk"],
                    nummer=rij["deelnemer__nummer"],
                    datum=datum,
                    url=link.actie(soort, rij),
                    naam=naam,
                    dossier_url=link.dossier(rij["deelnemer__nummer"]),
                    uitstel_url=link.uitstellen(rij["pk"], soort.value),
                )
            )
    punten.sort(key=lambda p: (VOLGORDE.index(p.soort), p.datum, p.nummer))
    return punten


def tellingen(punten: list[Werkpunt]) -> list[tuple[Soort, int]]:
    """How many items of each kind, in display order; kinds without items are listed with 0."""
    aantallen = Counter(p.soort for p in punten)
    return [(soort, aantallen[soort]) for soort in VOLGORDE]


def soort_van(waarde: str) -> Soort | None:
    try:
        return Soort(waarde)
    except ValueError:
        return None
