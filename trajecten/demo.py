"""Demo participants: each region looks like a real one (issue 15).

About 100 trajectories start per calendar year in each region (from October two years ago up to today), spread
over its gemeenten by population and over its partners: the GGZ provider's IPS team (three or four begeleiders,
each with a caseload under 20), the municipal work companies and UWV; every method occurs. Each trajectory lives a
plausible life: referral or intake, start, coaching, face-to-face employer contacts (the first one usually within
30 days of the start), benefits counselling and contact with the treatment team for IPS, paid jobs (some lasting
over six months, some ended), unpaid trial placements, and an end with a reason. The pipeline has open
referrals, declined ones and open intakes; the funding stream is set everywhere except on a couple of running
trajectories, so the data-quality list has something to show.

Everything goes through the actions, as a real user would do it, so grants, notifications and audit rows are
derived exactly as in production. Deterministic (seeded) and idempotent: a region that already has
participants is left alone.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from hoofdzaak import actions as core_actions
from hoofdzaak.demo import REGIOS, demo_email
from hoofdzaak.keuzes import Sector
from hoofdzaak.models import Gebruiker, Lidmaatschap, Organisatie, Regio, Rol, Soort
from hoofdzaak.tenancy import RegioContext
from werkgevers.models import Vacature, Werkgever

from . import actions
from .models import (
    ContactSoort,
    Contractvorm,
    Deelnemer,
    Eindreden,
    Financieringsstroom,
    Methode,
    Plaatsing,
    Traject,
    TrajectStatus,
    Uitkering,
    Voordracht,
    VoordrachtStatus,
)

VOORNAMEN = [
    "Sanne",
    "Mohamed",
    "Eva",
    "Daan",
    "Fatima",
    "Lucas",
    "Noor",
    "Sem",
    "Yara",
    "Bram",
    "Ilse",
    "Joris",
    "Aylin",
    "Thijs",
    "Lotte",
    "Kevin",
    "Priya",
    "Ruben",
    "Marieke",
    "Tim",
    "Samira",
    "Jesse",
    "Femke",
    "Youssef",
    "Anna",
    "Hamza",
    "Iris",
    "Niels",
]
ACHTERNAMEN = [
    "de Vries",
    "Jansen",
    "el Amrani",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "Yilmaz",
    "de Boer",
    "Mulder",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Dijk",
    "Kaya",
    "Dekker",
    "van Leeuwen",
    "Verhoeven",
    "Bouzid",
    "de Graaf",
    "Koster",
]

M = Methode


@dataclass(frozen=True)
class Aanbieder:
    """A provider of the region, its share of the region's trajectories and the methods it runs (weighted).
    `gemeenten`: a municipal work company serves only these gemeenten (empty: the whole region)."""

    naam: str
    aandeel: int
    methoden: tuple[tuple[str, int], ...]
    gemeenten: tuple[str, ...] = ()
    begeleiders: tuple[str, ...] = ()  # colleagues of the demo trajectbegeleider, or this provider's begeleiders


# Per region. The GGZ provider's IPS team is the demo trajectbegeleider and two colleagues; shares follow the
# partners' part of the target (hoofdzaak/demo.py, "verdeling").
AANBIEDERS = {
    "holland-rijnland": (
        Aanbieder("GGZ Rivierduinen", 58, ((M.IPS, 9), (M.WERK_ALS_BESTE_ZORG, 1)), (), ("Anouk de Wit", "Jeroen Kok")),
        Aanbieder("UWV Holland Rijnland", 10, ((M.UWV, 1),), (), ("Mirjam Schouten",)),
        Aanbieder(
            "DZB Leiden",
            32,
            ((M.GEMEENTE, 6), (M.JOBCOACHING, 4)),
            ("Gemeente Leiden", "Gemeente Leiderdorp", "Gemeente Oegstgeest"),
            ("Rachid Ouali",),
        ),
        Aanbieder(
            "Rijnvicus",
            32,
            ((M.GEMEENTE, 6), (M.JOBCOACHING, 3), (M.ANDERS, 1)),
            ("Gemeente Alphen aan den Rijn",),
            ("Linda Prins",),
        ),
        Aanbieder(
            "Provalu",
            32,
            ((M.GEMEENTE, 5), (M.JOBCOACHING, 4), (M.ANDERS, 1)),
            ("Gemeente Katwijk", "Gemeente Noordwijk", "Gemeente Teylingen"),
            ("Bas van der Plas",),
        ),
    ),
    "midden-utrecht": (
        Aanbieder(
            "Altrecht",
            60,
            ((M.IPS, 17), (M.WERK_ALS_BESTE_ZORG, 3)),
            (),
            ("Esra Demir", "Wouter Lam", "Fleur Hoekstra"),
        ),
        Aanbieder("UWV Midden-Utrecht", 15, ((M.UWV, 1),), (), ("Hanneke Bosman",)),
        Aanbieder("Werkmaatschappij Utrecht", 15, ((M.GEMEENTE, 6), (M.JOBCOACHING, 4)), (), ("Dirk Veenstra",)),
        Aanbieder("Lister", 10, ((M.JOBCOACHING, 3), (M.ANDERS, 1)), (), ("Maaike Smeets",)),
    ),
}

STARTS_PER_JAAR = 100
# Ended trajectories, per method group: (reason, weight) for the ones that end without paid work.
UITVAL = (
    (Eindreden.UITVAL_GEZONDHEID, 5),
    (Eindreden.EIGEN_KEUZE, 4),
    (Eindreden.GEEN_CONTACT, 3),
    (Eindreden.OPLEIDING, 2),
    (Eindreden.VERHUISD, 1),
    (Eindreden.ANDERS, 1),
)
FUNCTIES = (
    ("Medewerker magazijn", Sector.LOGISTIEK),
    ("Orderpicker", Sector.LOGISTIEK),
    ("Medewerker bediening", Sector.HORECA),
    ("Afwasmedewerker", Sector.HORECA),
    ("Schoonmaakmedewerker", Sector.SCHOONMAAK),
    ("Vakkenvuller", Sector.DETAILHANDEL),
    ("Medewerker groenonderhoud", Sector.GROEN),
    ("Administratief medewerker", Sector.OVERIG),
    ("Facilitair medewerker", Sector.ZORG),
    ("Productiemedewerker", Sector.INDUSTRIE),
)
EINDE_PLAATSING = ("Tijdelijk contract niet verlengd", "Werk paste niet bij de deelnemer", "Op eigen verzoek gestopt")
PROEFPLEKKEN = ("Kringloopwinkel De Tweede Kans", "Zorgboerderij De Hooiberg", "Buurtrestaurant Het Gemaal")
COACHING = (
    "Gesproken over werkwensen en de volgende stap.",
    "Cv bijgewerkt en twee vacatures uitgezocht.",
    "Voorbereid op het sollicitatiegesprek.",
    "Besproken hoe de eerste weken op het werk gaan.",
    "Dagritme en energie besproken; tempo aangepast.",
)


def _ctx(lidmaatschap: Lidmaatschap) -> RegioContext:
    return RegioContext(regio=lidmaatschap.regio, lidmaatschap=lidmaatschap, lidmaatschappen=(lidmaatschap,))


def _lid(regio: Regio, rol: str) -> Lidmaatschap:
    return Lidmaatschap.objects.select_related("regio", "organisatie", "gebruiker").get(
        regio=regio, rol=rol, gebruiker__email=demo_email(rol, regio.slug)
    )


def _collega(regio: Regio, organisatie: Organisatie, rol: str, naam: str, n: int) -> RegioContext:
    """A colleague of the demo accounts (who cannot log in: no password)."""
    email = f"{rol.replace('_', '')}.{organisatie.pk}.{n}@{regio.slug}.voorbeeld"
    gebruiker = Gebruiker.objects.filter(email=email).first() or Gebruiker.objects.create_user(email=email, naam=naam)
    lid = Lidmaatschap.objects.filter(gebruiker=gebruiker, organisatie=organisatie, rol=rol).first()
    if lid is None:
        lid = core_actions.voeg_lidmaatschap_toe(gebruiker=gebruiker, organisatie=organisatie, rol=rol)
    return _ctx(Lidmaatschap.objects.select_related("regio", "organisatie", "gebruiker").get(pk=lid.pk))


@dataclass
class Partner:
    aanbieder: Aanbieder
    organisatie: Organisatie
    begeleiders: list[RegioContext]
    volgende: int = 0  # round robin over the begeleiders, so the caseloads stay even

    def begeleider(self) -> RegioContext:
        ctx = self.begeleiders[self.volgende % len(self.begeleiders)]
        self.volgende += 1
        return ctx


def _partners(regio: Regio) -> list[Partner]:
    demo_begeleider = _ctx(_lid(regio, Rol.TRAJECTBEGELEIDER))
    organisaties = {o.naam: o for o in Organisatie.objects.in_regio(regio)}
    partners = []
    for aanbieder in AANBIEDERS[regio.slug]:
        organisatie = organisaties[aanbieder.naam]
        begeleiders = [demo_begeleider] if organisatie.pk == demo_begeleider.organisatie.pk else []
        begeleiders += [
            _collega(regio, organisatie, Rol.TRAJECTBEGELEIDER, naam, n) for n, naam in enumerate(aanbieder.begeleiders)
        ]
        partners.append(Partner(aanbieder, organisatie, begeleiders))
    return partners


def _kies(rnd: random.Random, gewogen):
    waarden, gewichten = zip(*gewogen, strict=True)
    return rnd.choices(waarden, weights=gewichten)[0]


def _toestemming(organisatie: Organisatie, gegeven_op: datetime.date) -> dict:
    return {
        "organisatie": organisatie,
        "gegeven_op": gegeven_op,
        "geldig_tot": gegeven_op + datetime.timedelta(days=730),
        "vorm": "schriftelijk",
    }


@dataclass
class Plan:
    """One participant's trajectory as the demo will write it, decided up front (dates relative to today)."""

    gemeente: Organisatie
    partner: Partner
    methode: str
    begeleider: RegioContext
    status: str  # the status it ends up in
    verwijsdatum: datetime.date
    intakedatum: datetime.date | None = None
    startdatum: datetime.date | None = None
    einddatum: datetime.date | None = None
    eindreden: str = ""
    met_werk: bool = False
    baan: tuple[datetime.date, datetime.date | None] | None = None  # paid job: start, end (None: still working)
    proef: tuple[datetime.date, datetime.date] | None = None  # unpaid trial placement
    via_klantmanager: bool = False
    financiering_onbekend: bool = False
    zonder_contact: bool = False
    peer: bool = False
    werkgever: int = 0  # which of the region's employers gives the job
    gegevens: dict = field(default_factory=dict)


class Regiodemo:
    def __init__(self, regio: Regio, rnd: random.Random) -> None:
        self.regio, self.rnd = regio, rnd
        self.vandaag = timezone.localdate()
        spec = next(s for s in REGIOS if s["slug"] == regio.slug)
        self.gemeenten = {o.naam: o for o in Organisatie.objects.in_regio(regio).gemeenten()}
        self.inwoners = [(self.gemeenten[naam], aantal) for naam, aantal in spec["inwoners"].items()]
        self.klantmanager = _ctx(_lid(regio, Rol.KLANTMANAGER))
        self.peer = _lid(regio, Rol.PEER_SUPPORTER)
        self.uwv = Organisatie.objects.in_regio(regio).filter(soort=Soort.UWV).first()
        self.partners = _partners(regio)
        self.werkgevers = list(Werkgever.objects.in_regio(regio).order_by("pk"))
        self.namen: set[tuple[str, str, datetime.date]] = set()

    def dag(self, dagen: int) -> datetime.date:
        return self.vandaag - datetime.timedelta(days=dagen)

    # --- Who, where, with whom --------------------------------------------------------------------------------

    def gegevens(self, gemeente: Organisatie, methode: str) -> dict:
        rnd = self.rnd
        while True:
            voornaam, achternaam = rnd.choice(VOORNAMEN), rnd.choice(ACHTERNAMEN)
            geboren = datetime.date(rnd.randint(1966, 2004), rnd.randint(1, 12), rnd.randint(1, 28))
            if (voornaam, achternaam, geboren) not in self.namen:  # two people, never one person twice
                self.namen.add((voornaam, achternaam, geboren))
                break
        if methode == M.UWV:
            uitkering = _kies(rnd, ((Uitkering.WW, 3), (Uitkering.WIA_WGA, 4), (Uitkering.WAJONG, 3)))
        elif methode == M.GEMEENTE:
            uitkering = Uitkering.PARTICIPATIEWET
        else:
            uitkering = _kies(
                rnd,
                (
                    (Uitkering.PARTICIPATIEWET, 5),
                    (Uitkering.WIA_WGA, 2),
                    (Uitkering.WAJONG, 2),
                    (Uitkering.WW, 1),
                    (Uitkering.ZW, 1),
                    (Uitkering.GEEN, 2),
                ),
            )
        return {
            "voornaam": voornaam,
            "achternaam": achternaam,
            "geboortedatum": geboren,
            "woongemeente": gemeente,
            "postcode": f"{rnd.randint(1000, 9999)} {rnd.choice(['AB', 'CD', 'EK', 'GH', 'LM'])}",
            "telefoon": f"06 {rnd.randint(10000000, 99999999)}",
            "email": f"{voornaam.lower()}.{rnd.randint(10, 99)}@voorbeeld.nl",
            "uitkering": uitkering,
            "wens_sectoren": rnd.sample(Sector.values, 2),
            "wens_uren": rnd.choice([12, 16, 20, 24, 32]),
            "wens_plaats": "",
        }

    def kies_partner(self, gemeente: Organisatie) -> Partner:
        kandidaten = [
            (p, p.aanbieder.aandeel)
            for p in self.partners
            if not p.aanbieder.gemeenten or gemeente.naam in p.aanbieder.gemeenten
        ]
        return _kies(self.rnd, kandidaten)

    def plan(self, verwijsdatum: datetime.date, status: str, gemeente: Organisatie | None = None) -> Plan:
        gemeente = gemeente or _kies(self.rnd, self.inwoners)
        partner = self.kies_partner(gemeente)
        methode = _kies(self.rnd, partner.aanbieder.methoden)
        plan = Plan(
            gemeente=gemeente,
            partner=partner,
            methode=methode,
            begeleider=partner.begeleider(),
            status=status,
            verwijsdatum=verwijsdatum,
        )
        plan.gegevens = self.gegevens(gemeente, methode)
        plan.via_klantmanager = gemeente.pk == self.klantmanager.organisatie.pk and self.rnd.random() < 0.5
        return plan

    # --- A trajectory's life ----------------------------------------------------------------------------------

    def leven(self, plan: Plan) -> None:
        """Decide job, trial placement and end of a started trajectory (dates may not pass today)."""
        rnd, s = self.rnd, plan.startdatum
        ips = plan.methode == M.IPS
        plan.met_werk = not ips and rnd.random() < 0.12
        kans_op_werk = 0.55 if ips else 0.4
        if plan.met_werk:
            kans_op_werk = 0
        if plan.methode in (M.GEMEENTE, M.JOBCOACHING, M.ANDERS) and rnd.random() < 0.2:
            begin = s + datetime.timedelta(days=rnd.randint(20, 60))
            plan.proef = (begin, begin + datetime.timedelta(days=rnd.randint(45, 90)))
        if rnd.random() < kans_op_werk:
            begin = s + datetime.timedelta(days=rnd.randint(35, 110) if ips else rnd.randint(60, 200))
            if plan.proef and begin <= plan.proef[1]:
                begin = plan.proef[1] + datetime.timedelta(days=rnd.randint(1, 20))
            einde = begin + datetime.timedelta(days=rnd.randint(40, 200)) if rnd.random() < 0.3 else None
            plan.baan = (begin, einde)
            plan.werkgever = rnd.randrange(1000)
        # The end: after the job settled in (the follow-along is over), or dropped out, or at the end of a
        # fixed-term method; IPS has no fixed term.
        if plan.baan and plan.baan[1] is None:
            einde, reden = plan.baan[0] + datetime.timedelta(days=rnd.randint(120, 300)), Eindreden.BETAALD_WERK
        elif plan.met_werk:
            einde, reden = s + datetime.timedelta(days=rnd.randint(120, 240)), Eindreden.BETAALD_WERK
        elif rnd.random() < (0.45 if ips else 0.5):
            einde, reden = s + datetime.timedelta(days=rnd.randint(45, 330)), _kies(rnd, UITVAL)
        elif ips:
            einde, reden = s + datetime.timedelta(days=rnd.randint(420, 600)), _kies(rnd, UITVAL)
        else:
            einde, reden = s + datetime.timedelta(days=rnd.randint(240, 365)), Eindreden.ANDERS
        if plan.baan and plan.baan[1] is not None:
            einde = max(einde, plan.baan[1])
        if plan.proef:
            einde = max(einde, plan.proef[1])
        if einde < self.vandaag:
            plan.status, plan.einddatum, plan.eindreden = TrajectStatus.BEEINDIGD, einde, reden
        # What lies after today has not happened yet (a trial placement's planned end may).
        if plan.proef and plan.proef[0] > self.vandaag:
            plan.proef = None
        if plan.baan and plan.baan[0] > self.vandaag:
            plan.baan = None
        elif plan.baan and plan.baan[1] is not None and plan.baan[1] >= self.vandaag:
            plan.baan = (plan.baan[0], None)

    def contacten(self, plan: Plan, traject: Traject) -> list[dict]:
        """The contacts that the figures and the data-quality list read, kept to what shows them (every contact
        is an action with its own audit row, and `make demo` must stay quick): a first conversation; for IPS
        face-to-face employer contacts while searching — the first mostly within 30 days of the start, then every
        two or three weeks over the last year (sparser before) —, benefits counselling and the treatment team; one
        with the employer in a job's first month; and a recent one for every running trajectory."""
        rnd = self.rnd
        ips = plan.methode == M.IPS
        begin = traject.startdatum or traject.intakedatum
        tot = min(plan.einddatum or self.vandaag, self.vandaag)
        if plan.zonder_contact:
            tot = min(tot, self.dag(75))
        dicht = self.dag(365)
        uit: list[dict] = []

        def contact(datum, soort, *, face_to_face=True, werkgever=None, notitie="", minuten=45):
            if begin <= datum <= tot:
                uit.append(
                    {
                        "datum": datum,
                        "soort": soort,
                        "face_to_face": face_to_face,
                        "werkgever": werkgever,
                        "minuten": minuten,
                        "notitie": notitie,
                    }
                )

        contact(begin + datetime.timedelta(days=rnd.randint(2, 10)), ContactSoort.COACHING, notitie=COACHING[0])
        if plan.einddatum is None and not plan.zonder_contact:
            contact(self.dag(rnd.randint(1, 40)), ContactSoort.COACHING, notitie=rnd.choice(COACHING[1:]))
        if traject.startdatum is None:
            return sorted(uit, key=lambda c: c["datum"])
        zoeken_tot = min(plan.baan[0] if plan.baan else tot, tot)
        if ips or rnd.random() < 0.3:
            eerste = rnd.randint(4, 28) if rnd.random() < 0.85 else rnd.randint(31, 60)
            datum = traject.startdatum + datetime.timedelta(days=eerste if ips else eerste + 20)
            while datum <= zoeken_tot:
                contact(
                    datum,
                    ContactSoort.WERKGEVERSCONTACT,
                    face_to_face=rnd.random() < 0.85,
                    werkgever=rnd.choice(self.werkgevers) if self.werkgevers else None,
                    minuten=rnd.choice([30, 45, 60]),
                    notitie="Kennismaking en werkplek bekeken.",
                )
                if not ips:
                    break
                datum += datetime.timedelta(days=rnd.randint(10, 21) if datum >= dicht else rnd.randint(40, 70))
        if ips:
            if rnd.random() < 0.7:
                contact(
                    traject.startdatum + datetime.timedelta(days=rnd.randint(7, 60)),
                    ContactSoort.UITKERINGSADVIES,
                    notitie="Uitgelegd wat werken betekent voor de uitkering.",
                )
            contact(
                traject.startdatum + datetime.timedelta(days=rnd.randint(14, 45)),
                ContactSoort.OVERLEG_BEHANDELAAR,
                face_to_face=rnd.random() < 0.5,
                minuten=30,
            )
        if plan.baan:
            # Follow-along in the job's first month, with the employer.
            contact(
                plan.baan[0] + datetime.timedelta(days=rnd.randint(7, 28)),
                ContactSoort.WERKGEVERSCONTACT,
                werkgever=self.werkgever_van_baan(plan),
                notitie="Hoe gaat het op de werkplek? Afspraken met de leidinggevende.",
            )
        return sorted(uit, key=lambda c: c["datum"])

    def werkgever_van_baan(self, plan: Plan) -> Werkgever | None:
        return self.werkgevers[plan.werkgever % len(self.werkgevers)] if self.werkgevers else None

    def financiering(self, plan: Plan) -> tuple[Organisatie | None, str]:
        if plan.financiering_onbekend:
            return None, Financieringsstroom.ONBEKEND
        uitkering = plan.gegevens["uitkering"]
        if plan.methode == M.UWV or (
            uitkering in (Uitkering.WW, Uitkering.WIA_WGA, Uitkering.WAJONG) and plan.methode != M.GEMEENTE
        ):
            return self.uwv, Financieringsstroom.UWV
        if plan.methode == M.WERK_ALS_BESTE_ZORG:
            return None, Financieringsstroom.ZVW
        if plan.methode == M.ANDERS:
            return plan.gemeente, Financieringsstroom.WMO
        if plan.methode == M.IPS and uitkering in (Uitkering.GEEN, Uitkering.ZW):
            return plan.gemeente, _kies(self.rnd, ((Financieringsstroom.ESF, 2), (Financieringsstroom.WMO, 1)))
        return plan.gemeente, Financieringsstroom.PARTICIPATIEWET

    def verwijzer(self, plan: Plan) -> Organisatie | None:
        if plan.methode == M.UWV:
            return self.uwv
        if plan.methode in (M.IPS, M.WERK_ALS_BESTE_ZORG):
            # Mostly the treatment team; the rest through the gemeente or UWV.
            return _kies(self.rnd, ((plan.partner.organisatie, 6), (plan.gemeente, 3), (self.uwv, 1), (None, 1)))
        return _kies(self.rnd, ((plan.gemeente, 7), (self.uwv, 2), (None, 1)))

    # --- Writing it, through the actions ------------------------------------------------------------------------

    def schrijf(self, plan: Plan) -> Traject:
        begeleider, rnd = plan.begeleider, self.rnd
        financier, stroom = self.financiering(plan)
        toestemmingen = [_toestemming(plan.gemeente, plan.intakedatum or plan.verwijsdatum)]
        if self.uwv is not None and plan.gegevens["uitkering"] in (Uitkering.WW, Uitkering.WIA_WGA, Uitkering.WAJONG):
            toestemmingen.append(_toestemming(self.uwv, plan.intakedatum or plan.verwijsdatum))
        if plan.via_klantmanager or plan.status in (TrajectStatus.AANGEMELD, TrajectStatus.AFGEWEZEN):
            traject = actions.meld_aan(
                ctx=self.klantmanager,
                deelnemer=plan.gegevens,
                aanbieder=plan.partner.organisatie,
                methode=plan.methode,
                verwijsdatum=plan.verwijsdatum,
                toelichting="Gemotiveerd om weer aan het werk te gaan.",
                toestemming={k: v for k, v in _toestemming(None, plan.verwijsdatum).items() if k != "organisatie"},
            )
            if plan.status == TrajectStatus.AFGEWEZEN:
                return actions.wijs_aanmelding_af(
                    ctx=begeleider,
                    traject=traject,
                    versie=traject.versie,
                    reden="Past beter bij een traject met meer zorgbegeleiding.",
                )
            if plan.status == TrajectStatus.AANGEMELD:
                return traject
            traject = actions.accepteer_aanmelding(
                ctx=begeleider,
                traject=traject,
                intakedatum=plan.intakedatum,
                versie=traject.versie,
                financier=financier,
                financieringsstroom=stroom,
            )
            if plan.startdatum:
                traject = actions.start_traject(
                    ctx=begeleider,
                    traject=traject,
                    startdatum=plan.startdatum,
                    situatie_bij_start="met_werk" if plan.met_werk else "zonder_werk",
                    versie=traject.versie,
                )
        else:
            traject = actions.registreer_intake(
                ctx=begeleider,
                deelnemer=plan.gegevens,
                methode=plan.methode,
                intakedatum=plan.intakedatum,
                startdatum=plan.startdatum,
                situatie_bij_start="met_werk" if plan.met_werk else "zonder_werk",
                verwijzer=self.verwijzer(plan),
                financier=financier,
                financieringsstroom=stroom,
                toestemmingen=toestemmingen if rnd.random() < 0.85 else [],
            )
        for contact in self.contacten(plan, traject):
            actions.log_contact(ctx=begeleider, traject=traject, **contact)
        if plan.proef:
            actions.registreer_plaatsing(
                ctx=begeleider,
                traject=traject,
                werkgever_naam=rnd.choice(PROEFPLEKKEN),
                functie="Medewerker (proefplaatsing)",
                startdatum=plan.proef[0],
                einddatum=plan.proef[1],
                uren_per_week=rnd.choice([8, 12, 16]),
                contractvorm=Contractvorm.PROEFPLAATSING,
                betaald=False,
            )
        if plan.baan:
            functie, _sector = rnd.choice(FUNCTIES)
            werkgever = self.werkgever_van_baan(plan)
            plaatsing = actions.registreer_plaatsing(
                ctx=begeleider,
                traject=traject,
                werkgever=werkgever,
                werkgever_naam="" if werkgever else "Werkgever in de regio",
                functie=functie,
                startdatum=plan.baan[0],
                uren_per_week=rnd.choice([12, 16, 20, 24, 32]),
                contractvorm=_kies(
                    rnd, ((Contractvorm.TIJDELIJK, 6), (Contractvorm.UITZEND, 2), (Contractvorm.VAST, 1))
                ),
                loonkostensubsidie=rnd.random() < 0.3,
            )
            if plan.baan[1] is not None:
                actions.beeindig_plaatsing(
                    ctx=begeleider, plaatsing=plaatsing, einddatum=plan.baan[1], reden=rnd.choice(EINDE_PLAATSING)
                )
        if plan.peer:
            deelnemer = Deelnemer.objects.get(pk=traject.deelnemer_id)
            deelnemer = actions.koppel_peer_supporter(
                ctx=begeleider, deelnemer=deelnemer, peer_supporter=self.peer.gebruiker, versie=deelnemer.versie
            )
            for dagen in sorted(rnd.sample(range(2, 60), k=rnd.randint(1, 3)), reverse=True):
                if self.dag(dagen) >= traject.startdatum:
                    actions.log_peer_contact(
                        ctx=_ctx(self.peer),
                        deelnemer=deelnemer,
                        datum=self.dag(dagen),
                        minuten=60,
                        notitie="Ervaringen gedeeld over werk zoeken met een kwetsbaarheid.",
                    )
        if plan.einddatum:
            traject = Traject.objects.get(pk=traject.pk)
            traject = actions.beeindig_traject(
                ctx=begeleider,
                traject=traject,
                einddatum=plan.einddatum,
                versie=traject.versie,
                eindreden=plan.eindreden,
            )
        return traject

    # --- The region ----------------------------------------------------------------------------------------------

    def plannen(self) -> list[Plan]:
        """About STARTS_PER_JAAR starts per year from 1 October two years ago up to a week ago, evenly spread
        (one per stratum, at a random day in it); then the pipeline: open intakes, open and declined referrals,
        intakes that never started."""
        rnd = self.rnd
        eerste = datetime.date(self.vandaag.year - 2, 10, 1)
        laatste = self.dag(3)
        dagen = (laatste - eerste).days
        aantal = round(STARTS_PER_JAAR * dagen / 365)
        plannen = []
        for k in range(aantal):
            start = eerste + datetime.timedelta(days=int((k + rnd.random()) * dagen / aantal))
            intake = start - datetime.timedelta(days=rnd.randint(0, 14))
            plan = self.plan(intake - datetime.timedelta(days=rnd.randint(3, 21)), TrajectStatus.GESTART)
            plan.intakedatum, plan.startdatum = intake, start
            self.leven(plan)
            plannen.append(plan)
        # The pipeline on today: intakes not started yet (one that never started ended), referrals waiting in
        # the inbox, declined referrals over the last year.
        for dagen_geleden in (2, 5, 8, 11, 15, 19, 24, 30):
            intake = self.dag(dagen_geleden)
            plan = self.plan(intake - datetime.timedelta(days=rnd.randint(3, 14)), TrajectStatus.INTAKE)
            plan.intakedatum = intake
            plannen.append(plan)
        for dagen_geleden in (60, 150, 250, 340):
            intake = self.dag(dagen_geleden)
            plan = self.plan(intake - datetime.timedelta(days=7), TrajectStatus.BEEINDIGD)
            plan.intakedatum, plan.einddatum = intake, intake + datetime.timedelta(days=rnd.randint(10, 40))
            plan.eindreden = _kies(rnd, ((Eindreden.EIGEN_KEUZE, 2), (Eindreden.GEEN_CONTACT, 2)))
            plannen.append(plan)
        klantmanager = self.klantmanager.organisatie
        for status, dagen_geleden in [(TrajectStatus.AANGEMELD, d) for d in (1, 3, 6, 9, 12)] + [
            (TrajectStatus.AFGEWEZEN, d) for d in (20, 70, 130, 200, 290)
        ]:
            # The klantmanager refers its own residents.
            plannen.append(self.plan(self.dag(dagen_geleden), status, gemeente=klantmanager))
        # A couple of data-quality flags on running trajectories: funding still to be found out, no contact lately.
        lopend = [p for p in plannen if p.status in (TrajectStatus.GESTART, TrajectStatus.INTAKE)]
        for plan in rnd.sample(lopend, 2):
            plan.financiering_onbekend = True
        for plan in rnd.sample([p for p in lopend if p.startdatum and p.startdatum < self.dag(150)], 1):
            plan.zonder_contact = True
        for plan in [p for p in lopend if p.status == TrajectStatus.GESTART and p.methode == M.IPS]:
            plan.peer = rnd.random() < 0.2
        return plannen


@transaction.atomic
def _laad_regio(regio: Regio, rnd: random.Random) -> int:
    demo = Regiodemo(regio, rnd)
    plannen = demo.plannen()
    # Oldest first, as they were registered; the participant numbers follow that order.
    for plan in sorted(plannen, key=lambda p: p.verwijsdatum):
        demo.schrijf(plan)
    return len(plannen)


def laad(stdout=None) -> None:
    rnd = random.Random(2026)  # noqa: S311 - reproducible demo data, not security
    for regio in Regio.objects.filter(slug__in=["holland-rijnland", "midden-utrecht"]).order_by("slug"):
        if Deelnemer.objects.filter(regio=regio).exists():
            continue
        aantal = _laad_regio(regio, rnd)
        if stdout is not None:
            stdout.write(f"{regio.naam}: {aantal} demodeelnemers met trajecten, toestemmingen en contacten.")
    for regio in Regio.objects.filter(slug__in=["holland-rijnland", "midden-utrecht"]).order_by("slug"):
        if Voordracht.objects.filter(regio=regio).exists():
            continue
        voordrachten, plaatsingen = _laad_werk(regio)
        if stdout is not None:
            stdout.write(f"{regio.naam}: {voordrachten} demovoordrachten en {plaatsingen} plaatsingen.")


# --- Work: proposals in every status and placements -----------------------------------------------------

PROFIELEN = [
    "Heeft jaren in de horeca gewerkt, is gastvrij en werkt graag in een vast team. Wil starten met ochtenddiensten.",
    "Nauwkeurig en rustig, goed met cijfers en systemen. Zoekt een plek met duidelijke taken en een vaste begeleider.",
    "Handig met de handen, heeft een rijbewijs B en werkt graag buiten. Begint liever met minder uren en bouwt op.",
    "Sterk in klantcontact, spreekt Nederlands, Engels en Turks. Wil graag in de buurt van huis werken.",
    "Heeft een mbo-diploma logistiek en ervaring met orderpicken. Heeft baat bij een vast rooster.",
]


def _demo_vacatures(regio: Regio) -> list[Vacature]:
    """The region's open vacancies (werkgevers/demo.py); a couple of its own only when there are none."""
    vacatures = list(Vacature.objects.in_regio(regio).open().select_related("werkgever").order_by("pk"))
    if vacatures:
        return vacatures
    from werkgevers import actions as werkgever_actions

    adviseur = _ctx(_lid(regio, Rol.WERKGEVERSADVISEUR))
    for i, (naam, sector, titel) in enumerate(
        [
            ("Demo Horeca", Sector.HORECA, "Medewerker bediening"),
            ("Demo Logistiek", Sector.LOGISTIEK, "Orderpicker"),
            ("Demo Zorg", Sector.ZORG, "Facilitair medewerker"),
        ]
    ):
        kvk = f"9{regio.pk % 10}{i}{Werkgever.objects.count():05d}"[:8]
        werkgever = werkgever_actions.maak_werkgever(
            ctx=adviseur, naam=f"{naam} {regio.naam}", kvk_nummer=kvk, sector=sector, plaats="Centrum"
        )
        werkgever_actions.maak_vacature(
            ctx=adviseur, werkgever=werkgever, titel=titel, sector=sector, plaats="Centrum", uren_van=16, uren_tot=32
        )
    return list(Vacature.objects.in_regio(regio).open().select_related("werkgever").order_by("pk"))


@transaction.atomic
def _laad_werk(regio: Regio) -> tuple[int, int]:
    """Per region: the demo begeleider's proposals in every status, one hired (which fills its vacancy), each
    after an employer contact that names the employer. The other jobs and trial placements come with the
    trajectories (`Regiodemo`). Everything through the actions, as the begeleider and the werkgeversadviseur
    would do it."""
    vandaag = timezone.localdate()
    begeleider = _ctx(_lid(regio, Rol.TRAJECTBEGELEIDER))
    adviseur = _ctx(_lid(regio, Rol.WERKGEVERSADVISEUR))
    vacatures = _demo_vacatures(regio)
    # Still searching: started, without a job or trial placement that runs today.
    bezig = Plaatsing.objects.filter(regio=regio).filter(Q(einddatum__isnull=True) | Q(einddatum__gte=vandaag))
    lopend = list(
        Traject.objects.filter(
            regio=regio,
            aanbieder=begeleider.organisatie,
            trajectbegeleider=begeleider.gebruiker,
            status=TrajectStatus.GESTART,
            methode=Methode.IPS,
        )
        .exclude(pk__in=bezig.values("traject"))
        .select_related("deelnemer")
        .order_by("startdatum", "pk")
    )
    if not vacatures or not lopend:
        return 0, 0

    voordrachten = plaatsingen = 0
    for i, (traject, status) in enumerate(
        zip(
            lopend,
            [
                VoordrachtStatus.VOORGEDRAGEN,
                VoordrachtStatus.GESPREK,
                VoordrachtStatus.AANGENOMEN,
                VoordrachtStatus.AFGEWEZEN,
                VoordrachtStatus.TERUGGETROKKEN,
            ],
            strict=False,
        )
    ):
        vacature = vacatures[i % len(vacatures)]
        actions.log_contact(
            ctx=begeleider,
            traject=traject,
            datum=max(traject.startdatum, vandaag - datetime.timedelta(days=7)),
            soort=ContactSoort.WERKGEVERSCONTACT,
            werkgever=vacature.werkgever,
            minuten=30,
            face_to_face=i % 2 == 0,
            notitie=f"Kennismaking bij {vacature.werkgever.naam} over de vacature {vacature.titel}.",
        )
        voordracht = actions.draag_voor(
            ctx=begeleider, traject=traject, vacature=vacature, profiel=PROFIELEN[i % len(PROFIELEN)], toestemming=True
        )
        voordrachten += 1
        if status == VoordrachtStatus.TERUGGETROKKEN:
            actions.trek_voordracht_in(
                ctx=begeleider, voordracht=voordracht, versie=voordracht.versie, reden="Heeft zelf een baan gevonden."
            )
            continue
        if status == VoordrachtStatus.VOORGEDRAGEN:
            continue
        if status in (VoordrachtStatus.GESPREK, VoordrachtStatus.AANGENOMEN):
            voordracht = actions.zet_voordracht_status(
                ctx=adviseur, voordracht=voordracht, status=VoordrachtStatus.GESPREK, versie=voordracht.versie
            )
        if status == VoordrachtStatus.AFGEWEZEN:
            actions.zet_voordracht_status(
                ctx=adviseur,
                voordracht=voordracht,
                status=status,
                versie=voordracht.versie,
                reden="De werkgever koos voor een kandidaat met meer ervaring in de keuken.",
            )
        elif status == VoordrachtStatus.AANGENOMEN:
            actions.zet_voordracht_status(
                ctx=adviseur,
                voordracht=voordracht,
                status=status,
                versie=voordracht.versie,
                plaatsing={
                    "functie": vacature.titel,
                    "startdatum": max(traject.startdatum, vandaag - datetime.timedelta(days=14)),
                    "uren_per_week": vacature.uren_van,
                    "contractvorm": Contractvorm.TIJDELIJK,
                    "betaald": True,
                    "loonkostensubsidie": True,
                },
                vacature_vervuld=True,
            )
            plaatsingen += 1
    return voordrachten, plaatsingen
