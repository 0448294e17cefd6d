"""Participants with their trajectories (every status), status history and consents (valid, expired,
withdrawn), and the per-year participant number counters."""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict

from hoofdzaak.keuzes import Sector
from hoofdzaak.models import Rol, Soort
from trajecten.models import (
    Deelnemer,
    DeelnemerNummerteller,
    Eindreden,
    Financieringsstroom,
    Methode,
    SituatieBijStart,
    Toestemming,
    Traject,
    TrajectStatus,
    TrajectStatusWijziging,
    Uitkering,
)

from .constanten import ACHTERNAMEN, BENCH_REGIO, DOMEIN, GROOT, KLEIN, VOORNAMEN
from .stand import Org, RegioData, Stand, Trajectinfo

d = datetime.timedelta

DEELNEMER_KOLOMMEN = [
    "id",
    "regio_id",
    "nummer",
    "voornaam",
    "achternaam",
    "geboortedatum",
    "woongemeente_id",
    "postcode",
    "telefoon",
    "email",
    "uitkering",
    "wens_sectoren",
    "wens_uren",
    "wens_plaats",
    "peer_supporter_id",
    "versie",
    "aangemaakt_op",
    "geanonimiseerd_op",
    "aantal_toestemmingen",
    "had_peer_supporter",
    # One person per participant (no match keys in the generated data): a value of its own per row, where the
    # field's default would be drawn once for the whole COPY.
    "persoon",
]
PEER_KOLOM = DEELNEMER_KOLOMMEN.index("peer_supporter_id")
TRAJECT_KOLOMMEN = [
    "id",
    "regio_id",
    "deelnemer_id",
    "methode",
    "aanbieder_id",
    "trajectbegeleider_id",
    "verwijzer_id",
    "verwezen_door_id",
    "financier_id",
    "financieringsstroom",
    "status",
    "verwijsdatum",
    "verwijs_toelichting",
    "afwijsreden",
    "intakedatum",
    "startdatum",
    "einddatum",
    "eindreden",
    "situatie_bij_start",
    "versie",
    "aangemaakt_op",
]
WIJZIGING_KOLOMMEN = [
    "id",
    "regio_id",
    "traject_id",
    "van_status",
    "naar_status",
    "datum",
    "toelichting",
    "door_id",
    "tijdstip",
]
TOESTEMMING_KOLOMMEN = [
    "id",
    "regio_id",
    "deelnemer_id",
    "organisatie_id",
    "gegeven_op",
    "geldig_tot",
    "ingetrokken_op",
    "vorm",
    "vastgelegd_door_id",
    "aangemaakt_op",
]


class _Rijen:
    """The rows of this step, per table."""

    def __init__(self) -> None:
        self.deelnemers: list[tuple] = []
        self.trajecten: list[tuple] = []
        self.wijzigingen: list[tuple] = []
        self.toestemmingen: list[tuple] = []
        self.tellers: list[tuple] = []


def levensloop(st: Stand, verwijs: datetime.date, uiterlijk_einde: datetime.date | None = None) -> dict:
    """Status and dates of one trajectory referred on `verwijs`; ended by `uiterlijk_einde` when given."""
    rnd, vandaag = st.rnd, st.vandaag

    uit = {
        "status": TrajectStatus.AANGEMELD,
        "intakedatum": None,
        "startdatum": None,
        "einddatum": None,
        "eindreden": "",
        "afwijsreden": "",
    }
    if rnd.random() < 0.07:
        uit.update(status=TrajectStatus.AFGEWEZEN, afwijsreden="Past niet bij het aanbod van deze aanbieder.")
        return uit
    intake = verwijs + d(days=rnd.randint(5, 35))
    grens = uiterlijk_einde or vandaag
    if intake > grens:
        if uiterlijk_einde:
            uit.update(status=TrajectStatus.AFGEWEZEN, afwijsreden="Overgedragen voor de intake.")
        return uit
    uit.update(status=TrajectStatus.INTAKE, intakedatum=intake)
    start = intake + d(days=rnd.randint(5, 30))
    if rnd.random() < 0.05 or start > grens:
        if uiterlijk_einde or rnd.random() < 0.05:
            eind = min(grens, intake + d(days=rnd.randint(5, 40)))
            if eind <= grens and (uiterlijk_einde or eind <= vandaag):
                uit.update(status=TrajectStatus.BEEINDIGD, einddatum=eind, eindreden=Eindreden.EIGEN_KEUZE)
        return uit
    uit.update(status=TrajectStatus.GESTART, startdatum=start)
    eind = start + d(days=rnd.randint(90, 800))
    if uiterlijk_einde:
        eind = min(eind, uiterlijk_einde)
    if eind <= vandaag:
        reden = rnd.choices(Eindreden.values, weights=[35, 8, 15, 12, 5, 10, 10, 5])[0]
        if uiterlijk_einde:
            reden = Eindreden.OVERGEDRAGEN
        uit.update(status=TrajectStatus.BEEINDIGD, einddatum=eind, eindreden=reden)
    return uit


def eerste_levensloop(st: Stand, verwijs: datetime.date, twee: bool) -> dict:
    """The first trajectory; with a second one to come it is over (handed over) 60 days before today."""
    limiet = st.vandaag - d(days=60) if twee else None
    loop = levensloop(st, verwijs, limiet)
    if twee and loop["status"] != TrajectStatus.AFGEWEZEN and loop["einddatum"] is None:
        # The first trajectory must be over before the second starts.
        eind = max(loop["startdatum"] or loop["intakedatum"] or verwijs, verwijs) + d(days=30)
        loop.update(status=TrajectStatus.BEEINDIGD, einddatum=min(eind, limiet), eindreden=Eindreden.OVERGEDRAGEN)
        if loop["startdatum"] and loop["einddatum"] < loop["startdatum"]:
            loop["einddatum"] = loop["startdatum"]
    return loop


def aanbieder_slots(st: Stand, aanbieders: list[Org], n_t: int) -> list[Org]:
    """A shuffled list of n_t providers: the bench providers get their fixed sizes, the rest by weight."""
    slots: list[Org] = []
    vast = [o for o in aanbieders if o.naam in (GROOT, KLEIN)]
    for org in vast:
        slots += [org] * (st.aantal(1000) if org.naam == GROOT else st.aantal(30))
    overig = [o for o in aanbieders if o not in vast]
    rest = max(0, n_t - len(slots))
    gewicht = sum(o.gewicht for o in overig)
    for org in overig:
        slots += [org] * round(rest * org.gewicht / gewicht)
    while len(slots) < n_t:
        slots.append(st.rnd.choice(overig))
    st.rnd.shuffle(slots)
    # Safety margin for the swap in `_neem_slot`: one spare slot of each other provider at the end.
    return slots + overig


def _neem_slot(slots: list[Org], s: int, vorige_aanbieder: int | None) -> Org:
    """The provider of slot `s`; swapped with the next slot of another provider when it is the provider of
    the participant's previous trajectory (one trajectory per provider per participant)."""
    if vorige_aanbieder is not None and slots[s].id == vorige_aanbieder:
        k = next((k for k in range(s + 1, len(slots)) if slots[k].id != vorige_aanbieder), None)
        if k is not None:
            slots[s], slots[k] = slots[k], slots[s]
    return slots[s]


class _Regio:
    """What the participants of one region draw from."""

    def __init__(self, st: Stand, regio: RegioData) -> None:
        self.regio = regio
        self.gemeenten = regio.van_soort(Soort.GEMEENTE)
        self.uwv = regio.van_soort(Soort.UWV)[0]
        self.peers = [lid.gebruiker for lid in regio.leden if lid.rol == Rol.PEER_SUPPORTER]
        self.klantmanagers: dict[int, list[int]] = defaultdict(list)
        for lid in regio.leden:
            if lid.rol == Rol.KLANTMANAGER:
                self.klantmanagers[lid.organisatie.id].append(lid.gebruiker)
        n_d, n_t = st.per_regio[regio.id]
        self.slots = aanbieder_slots(st, regio.van_soort(Soort.GGZ, Soort.REINTEGRATIE, Soort.UWV), n_t)
        self.s = 0  # next slot
        self.tweede = set(st.rnd.sample(range(n_d), n_t - n_d))  # participants with a second trajectory
        self.teller: dict[int, int] = defaultdict(int)  # year -> last participant number
        self.bench_km = any(lid.email == f"bench-km@{DOMEIN}" for lid in regio.leden)

    def volgende_aanbieder(self, vorige_aanbieder: int | None) -> Org:
        aanbieder = _neem_slot(self.slots, self.s, vorige_aanbieder)
        self.s += 1
        return aanbieder


def _traject(st: Stand, r: _Regio, deelnemer: int, woon: Org, aanbieder: Org, loop: dict, verwijs, rijen: _Rijen):
    """One trajectory with its status history and the consents given at its referral."""
    rnd, regio = st.rnd, r.regio
    verwijzer = rnd.choices([woon, r.uwv, None], weights=[60, 25, 15])[0]
    verwezen_door = rnd.choice(r.klantmanagers[verwijzer.id]) if verwijzer and r.klantmanagers[verwijzer.id] else None
    begeleider = rnd.choice(regio.begeleiders.get(aanbieder.id) or [None])
    if loop["status"] in (TrajectStatus.AANGEMELD, TrajectStatus.AFGEWEZEN) and rnd.random() < 0.5:
        begeleider = None
    andere_methode = rnd.choice([Methode.JOBCOACHING, Methode.GEMEENTE, Methode.WERK_ALS_BESTE_ZORG])
    methode = {Soort.GGZ: Methode.IPS, Soort.UWV: Methode.UWV}.get(aanbieder.soort, andere_methode)
    stroom = {Soort.GGZ: Financieringsstroom.ZVW, Soort.UWV: Financieringsstroom.UWV}.get(
        aanbieder.soort, Financieringsstroom.PARTICIPATIEWET
    )
    tpk = st.w.id(Traject)
    situatie = SituatieBijStart.ZONDER_WERK if rnd.random() < 0.85 else SituatieBijStart.MET_WERK
    verwijzer_id = verwijzer.id if verwijzer else None
    rijen.trajecten.append(
        (
            tpk,
            regio.id,
            deelnemer,
            methode,
            aanbieder.id,
            begeleider,
            verwijzer_id,
            verwezen_door,
            verwijzer_id,
            stroom,
            loop["status"],
            verwijs,
            "Aangemeld via het regionale loket.",
            loop["afwijsreden"],
            loop["intakedatum"],
            loop["startdatum"],
            loop["einddatum"],
            loop["eindreden"],
            situatie,
            1,
            st.moment(verwijs),
        )
    )
    st.per_aanbieder[aanbieder.id] += 1
    st.trajectinfo.append(Trajectinfo(tpk, regio, deelnemer, begeleider, loop, verwijs))
    rijen.wijzigingen += _statushistorie(st, regio, tpk, loop, verwijs, begeleider)
    door = begeleider or verwezen_door or regio.leden[0].gebruiker
    rijen.toestemmingen += _toestemmingen(st, r, deelnemer, woon, verwijzer, verwijs, door)


def _statushistorie(st: Stand, regio: RegioData, traject: int, loop: dict, verwijs, door: int | None) -> list[tuple]:
    stappen = [("", TrajectStatus.AANGEMELD, verwijs)]
    if loop["status"] == TrajectStatus.AFGEWEZEN:
        stappen.append((TrajectStatus.AANGEMELD, TrajectStatus.AFGEWEZEN, verwijs))
    if loop["intakedatum"]:
        stappen.append((TrajectStatus.AANGEMELD, TrajectStatus.INTAKE, loop["intakedatum"]))
    if loop["startdatum"]:
        stappen.append((TrajectStatus.INTAKE, TrajectStatus.GESTART, loop["startdatum"]))
    if loop["einddatum"]:
        stappen.append((stappen[-1][1], TrajectStatus.BEEINDIGD, loop["einddatum"]))
    return [
        (st.w.id(TrajectStatusWijziging), regio.id, traject, van, naar, datum, "", door, st.moment(datum))
        for van, naar, datum in stappen
    ]


def _toestemmingen(st: Stand, r: _Regio, deelnemer: int, woon: Org, verwijzer: Org | None, verwijs, door: int):
    """Consents: gemeente and referrer mostly, UWV sometimes; some expired, some withdrawn."""
    rnd = st.rnd
    ontvangers = {woon.id} if rnd.random() < 0.8 else set()
    if verwijzer and rnd.random() < 0.85:
        ontvangers.add(verwijzer.id)
    if rnd.random() < 0.2:
        ontvangers.add(r.uwv.id)
    rijen = []
    for org_id in sorted(ontvangers):
        geldig_tot = verwijs + d(days=rnd.choice([365, 730, 1095]))
        ingetrokken = None
        if rnd.random() < 0.08:
            ingetrokken = min(st.vandaag, verwijs + d(days=rnd.randint(10, 300)))
        rijen.append(
            (
                st.w.id(Toestemming),
                r.regio.id,
                deelnemer,
                org_id,
                verwijs,
                geldig_tot,
                ingetrokken,
                rnd.choice(Toestemming.Vorm.values),
                door,
                st.moment(verwijs),
            )
        )
    return rijen


def _deelnemer(st: Stand, r: _Regio, i: int, rijen: _Rijen) -> None:
    """One participant: one trajectory, or two after each other at different providers."""
    rnd, regio = st.rnd, r.regio
    twee = i in r.tweede
    verwijs = st.begin + d(days=rnd.randint(0, (st.vandaag - st.begin).days - (200 if twee else 1)))
    woon = r.gemeenten[0] if (r.bench_km and rnd.random() < 0.1) else rnd.choice(r.gemeenten)
    r.teller[verwijs.year] += 1
    pk = st.w.id(Deelnemer)
    nummer = f"{regio.code}-{verwijs.year}-{r.teller[verwijs.year]:04d}"
    regio.deelnemers.append((pk, nummer))
    aanbieder = r.volgende_aanbieder(None)
    loop = eerste_levensloop(st, verwijs, twee)
    _traject(st, r, pk, woon, aanbieder, loop, verwijs, rijen)
    heeft_gestart = loop["startdatum"] is not None
    if twee:
        vorige_einde = loop["einddatum"] or (loop["intakedatum"] or verwijs)
        aanbieder = r.volgende_aanbieder(aanbieder.id)
        verwijs = max(min(st.vandaag - d(days=1), vorige_einde + d(days=rnd.randint(1, 60))), vorige_einde)
        loop = levensloop(st, verwijs)
        _traject(st, r, pk, woon, aanbieder, loop, verwijs, rijen)
        heeft_gestart = heeft_gestart or loop["startdatum"] is not None
    peer = rnd.choice(r.peers) if (r.peers and heeft_gestart and rnd.random() < 0.25) else None
    st.deelnemer_peer[pk] = peer
    geboren = datetime.date(rnd.randint(1962, 2004), rnd.randint(1, 12), rnd.randint(1, 28))
    rijen.deelnemers.append(
        (
            pk,
            regio.id,
            nummer,
            rnd.choice(VOORNAMEN),
            rnd.choice(ACHTERNAMEN),
            geboren,
            woon.id,
            f"{rnd.randint(1000, 9999)} AB",
            f"06 {rnd.randint(10000000, 99999999)}",
            f"deelnemer{pk}@voorbeeld.test",
            rnd.choice(Uitkering.values),
            '["' + '", "'.join(rnd.sample(Sector.values, 2)) + '"]',
            rnd.choice([None, 16, 24, 32]),
            "",
            peer,
            1,
            st.moment(verwijs),  # the referral of its last trajectory
            None,
            None,
            False,
            uuid.UUID(int=pk),
        )
    )


def _koppel_bench_peer(st: Stand, deelnemers: list[tuple]) -> None:
    """The benchmark peer supporter gets a handful of participants of the benchmark region."""
    regio = next((r for r in st.regios if r.naam == BENCH_REGIO), None)
    if regio is None:
        return
    peer = next((lid.gebruiker for lid in regio.leden if lid.email == f"bench-peer@{DOMEIN}"), None)
    kandidaten = [i for i, rij in enumerate(deelnemers) if rij[1] == regio.id]
    for i in st.rnd.sample(kandidaten, min(len(kandidaten), st.aantal(25, 2))):
        rij = list(deelnemers[i])
        rij[PEER_KOLOM] = peer
        deelnemers[i] = tuple(rij)
        st.deelnemer_peer[rij[0]] = peer


def maak_deelnemers(st: Stand) -> None:
    rijen = _Rijen()
    for regio in st.regios:
        r = _Regio(st, regio)
        for i in range(st.per_regio[regio.id][0]):
            _deelnemer(st, r, i, rijen)
        rijen.tellers += [(st.w.id(DeelnemerNummerteller), regio.id, jaar, n) for jaar, n in r.teller.items()]
    _koppel_bench_peer(st, rijen.deelnemers)
    st.w.copy(Deelnemer, DEELNEMER_KOLOMMEN, rijen.deelnemers)
    st.w.copy(Traject, TRAJECT_KOLOMMEN, rijen.trajecten)
    st.w.copy(TrajectStatusWijziging, WIJZIGING_KOLOMMEN, rijen.wijzigingen)
    st.w.copy(Toestemming, TOESTEMMING_KOLOMMEN, rijen.toestemmingen)
    st.w.copy(DeelnemerNummerteller, ["id", "regio_id", "jaar", "laatste"], rijen.tellers)
    st.tellingen.update(
        deelnemers=len(rijen.deelnemers),
        trajecten=len(rijen.trajecten),
        statuswijzigingen=len(rijen.wijzigingen),
        toestemmingen=len(rijen.toestemmingen),
    )
