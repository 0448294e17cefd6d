"""Employers of every region, their contacts with the employer advisers and their vacancies."""

from __future__ import annotations

import datetime

from hoofdzaak.keuzes import Sector
from hoofdzaak.models import Rol
from werkgevers.models import Betrokkenheid, Vacature, VacatureStatus, Werkgever, Werkgeverscontact

from .constanten import ACHTERNAMEN, FUNCTIES, NOTITIES
from .stand import RegioData, Stand

WERKGEVER_KOLOMMEN = [
    "id",
    "regio_id",
    "naam",
    "kvk_nummer",
    "sector",
    "plaats",
    "contactpersoon",
    "email",
    "telefoon",
    "betrokkenheid",
    "accountmanager_id",
    "versie",
    "aangemaakt_op",
]
CONTACT_KOLOMMEN = ["id", "regio_id", "werkgever_id", "datum", "soort", "door_id", "notitie", "aangemaakt_op"]
VACATURE_KOLOMMEN = [
    "id",
    "regio_id",
    "werkgever_id",
    "titel",
    "omschrijving",
    "sector",
    "uren_van",
    "uren_tot",
    "plaats",
    "status",
    "sluitingsdatum",
    "wat_past",
    "versie",
    "aangemaakt_op",
]


def _werkgever(st: Stand, regio: RegioData, i: int, adviseurs: list[int], aangemaakt: datetime.datetime) -> tuple:
    rnd = st.rnd
    pk = st.w.id(Werkgever)
    regio.werkgevers.append(pk)
    return (
        pk,
        regio.id,
        f"Werkgever {i + 1} {regio.naam}",
        f"{10_000_000 + regio.id * 10_000 + i:08d}",
        rnd.choice(Sector.values),
        f"Plaats {rnd.randint(1, 12)} {regio.naam}",
        rnd.choice(ACHTERNAMEN),
        f"info{pk}@werkgever.test",
        "",
        rnd.choice(Betrokkenheid.values),
        rnd.choice(adviseurs),
        1,
        aangemaakt,
    )


def _contacten(st: Stand, regio: RegioData, werkgever: int, adviseurs: list[int]) -> list[tuple]:
    rnd, rijen = st.rnd, []
    for _c in range(rnd.randint(3, 14)):
        datum = st.vandaag - datetime.timedelta(days=rnd.randint(0, 5 * 365))
        rijen.append(
            (
                st.w.id(Werkgeverscontact),
                regio.id,
                werkgever,
                datum,
                rnd.choice(Werkgeverscontact.Soort.values),
                rnd.choice(adviseurs),
                rnd.choice(NOTITIES),
                st.moment(datum),
            )
        )
    return rijen


def _vacatures(st: Stand, regio: RegioData, werkgever: int, aangemaakt: datetime.datetime) -> list[tuple]:
    rnd, rijen = st.rnd, []
    for _v in range(rnd.randint(1, 5)):
        vpk = st.w.id(Vacature)
        status = rnd.choices(VacatureStatus.values, weights=[45, 30, 25])[0]
        uren_van = rnd.choice([8, 12, 16, 20, 24, 32])
        sluiting = st.vandaag + datetime.timedelta(days=rnd.randint(-400, 120)) if rnd.random() < 0.7 else None
        rijen.append(
            (
                vpk,
                regio.id,
                werkgever,
                rnd.choice(FUNCTIES),
                "Een fijne werkplek.",
                rnd.choice(Sector.values),
                uren_van,
                min(60, uren_van + rnd.choice([0, 4, 8, 16])),
                f"Plaats {rnd.randint(1, 12)} {regio.naam}",
                status,
                sluiting,
                "Rustige werkplek, begeleiding mogelijk.",
                1,
                aangemaakt,
            )
        )
        regio.vacatures.append(vpk)
    return rijen


def maak_werkgevers(st: Stand) -> None:
    werkgevers, contacten, vacatures = [], [], []
    for regio in st.regios:
        adviseurs = [lid.gebruiker for lid in regio.leden if lid.rol == Rol.WERKGEVERSADVISEUR]
        for i in range(st.aantal(100 * regio.gewicht, 2)):
            aangemaakt = st.nu - datetime.timedelta(days=st.rnd.randint(1, 5 * 365))
            werkgever = _werkgever(st, regio, i, adviseurs, aangemaakt)
            werkgevers.append(werkgever)
            contacten += _contacten(st, regio, werkgever[0], adviseurs)
            vacatures += _vacatures(st, regio, werkgever[0], aangemaakt)
    st.w.copy(Werkgever, WERKGEVER_KOLOMMEN, werkgevers)
    st.w.copy(Werkgeverscontact, CONTACT_KOLOMMEN, contacten)
    st.w.copy(Vacature, VACATURE_KOLOMMEN, vacatures)
    st.tellingen.update(werkgevers=len(werkgevers), werkgeverscontacten=len(contacten), vacatures=len(vacatures))
