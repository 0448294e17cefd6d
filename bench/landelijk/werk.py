"""Proposals of candidates for vacancies and placements (paid and unpaid) of started trajectories."""

from __future__ import annotations

import datetime

from trajecten.models import Contractvorm, Plaatsing, TrajectStatus, Voordracht, VoordrachtStatus

from .constanten import FUNCTIES
from .stand import Stand, Trajectinfo

d = datetime.timedelta
VOORDRACHT_KOLOMMEN = [
    "id",
    "regio_id",
    "traject_id",
    "vacature_id",
    "profiel",
    "status",
    "afwijsreden",
    "voorgedragen_op",
    "status_sinds",
    "voorgedragen_door_id",
    "versie",
    "aangemaakt_op",
]
PLAATSING_KOLOMMEN = [
    "id",
    "regio_id",
    "traject_id",
    "werkgever_id",
    "werkgever_naam",
    "voordracht_id",
    "functie",
    "startdatum",
    "einddatum",
    "eindreden",
    "uren_per_week",
    "contractvorm",
    "betaald",
    "loonkostensubsidie",
    "aangemaakt_op",
]
OPEN = (VoordrachtStatus.VOORGEDRAGEN, VoordrachtStatus.GESPREK)


def _voordracht(st: Stand, t: Trajectinfo, start: datetime.date, eind: datetime.date) -> tuple:
    rnd = st.rnd
    vpk = st.w.id(Voordracht)
    op = start + d(days=rnd.randint(0, max(0, (eind - start).days)))
    status = rnd.choices(VoordrachtStatus.values, weights=[20, 15, 25, 30, 10])[0]
    if t.loop["status"] != TrajectStatus.GESTART and status in OPEN:
        status = VoordrachtStatus.AFGEWEZEN
    return (
        vpk,
        t.regio.id,
        t.id,
        rnd.choice(t.regio.vacatures),
        "Betrouwbaar, werkt graag met de handen, wil 20 uur per week.",
        status,
        "Andere kandidaat gekozen." if status == VoordrachtStatus.AFGEWEZEN else "",
        op,
        op,
        t.begeleider,
        1,
        st.moment(op),
    )


def _plaatsing(st: Stand, t: Trajectinfo, voordracht: int | None, pstart: datetime.date) -> tuple:
    rnd = st.rnd
    peind = min(st.vandaag, pstart + d(days=rnd.randint(30, 500))) if rnd.random() < 0.4 else None
    vorm = rnd.choices(Contractvorm.values, weights=[50, 20, 20, 10])[0]
    betaald = vorm != Contractvorm.PROEFPLAATSING
    werkgever = rnd.choice(t.regio.werkgevers) if t.regio.werkgevers and rnd.random() < 0.8 else None
    return (
        st.w.id(Plaatsing),
        t.regio.id,
        t.id,
        werkgever,
        "" if werkgever else "Bedrijf buiten register",
        voordracht,
        rnd.choice(FUNCTIES),
        pstart,
        peind,
        "Contract afgelopen" if peind else "",
        rnd.choice([12, 16, 20, 24, 32]),
        vorm,
        betaald,
        betaald and rnd.random() < 0.2,
        st.moment(pstart),
    )


def maak_werk(st: Stand) -> None:
    rnd = st.rnd
    voordrachten, plaatsingen = [], []
    for t in st.trajectinfo:
        start = t.loop["startdatum"]
        if start is None or start >= st.vandaag:
            continue
        eind = min(t.loop["einddatum"] or st.vandaag, st.vandaag)
        aangenomen = None  # (proposal id, date) of an accepted proposal
        if t.regio.vacatures and rnd.random() < 0.2:
            rij = _voordracht(st, t, start, eind)
            voordrachten.append(rij)
            if rij[5] == VoordrachtStatus.AANGENOMEN:
                aangenomen = (rij[0], rij[7])
        if aangenomen is None and rnd.random() > 0.25:
            continue
        if aangenomen:
            plaatsingen.append(_plaatsing(st, t, aangenomen[0], aangenomen[1]))
        else:
            plaatsingen.append(_plaatsing(st, t, None, start + d(days=rnd.randint(0, max(0, (eind - start).days)))))
    st.w.copy(Voordracht, VOORDRACHT_KOLOMMEN, voordrachten)
    st.w.copy(Plaatsing, PLAATSING_KOLOMMEN, plaatsingen)
    st.tellingen.update(voordrachten=len(voordrachten), plaatsingen=len(plaatsingen))
