"""What the generator's steps share: the COPY writer, the random source and dates, and the rows
written so far that later steps refer to (regions, organisations, members, participants, trajectories)."""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.db.models import Model
from django.utils import timezone

from .constanten import BENCH_WACHTWOORD, REGIOS


class Schrijver:
    """Ids handed out in Python and rows streamed into PostgreSQL with COPY."""

    def __init__(self) -> None:
        self.volgende: dict[type[Model], int] = {}

    def begin(self, model: type[Model]) -> None:
        if model not in self.volgende:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {model._meta.db_table}")  # noqa: S608
                self.volgende[model] = cursor.fetchone()[0] + 1

    def id(self, model: type[Model]) -> int:
        if model not in self.volgende:
            self.begin(model)
        waarde = self.volgende[model]
        self.volgende[model] = waarde + 1
        return waarde

    def copy(self, model: type[Model], kolommen: Sequence[str], rijen: Iterable[Sequence]) -> int:
        """COPY `rijen` (tuples in the order of `kolommen`, db column names) into the model's table."""
        # Ids are handed out while the rows stream; no other query may run on the connection during COPY.
        self.begin(model)
        tabel = model._meta.db_table
        # Columns the generator does not know (a field added later) get the field's default, so a new
        # field with a default never breaks the benchmark.
        standaard = [
            (veld.column, veld.get_default())
            for veld in model._meta.concrete_fields
            if veld.column not in kolommen and veld.has_default()
        ]
        extra = tuple(waarde for _kolom, waarde in standaard)
        kolomlijst = ", ".join(f'"{k}"' for k in [*kolommen, *(kolom for kolom, _w in standaard)])
        aantal = 0
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {tabel} ({kolomlijst}) FROM STDIN") as copy:
            for rij in rijen:
                copy.write_row((*rij, *extra) if extra else rij)
                aantal += 1
        return aantal

    def zet_sequences(self) -> None:
        with connection.cursor() as cursor:
            for model in self.volgende:
                tabel = model._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{tabel}', 'id'), "  # noqa: S608
                    f"GREATEST((SELECT COALESCE(MAX(id), 0) FROM {tabel}), 1))"
                )


@dataclass
class Org:
    id: int
    regio: int
    naam: str
    soort: str
    groep: int
    gewicht: float = 1.0


@dataclass
class Lid:
    gebruiker: int
    email: str
    organisatie: Org
    rol: str


@dataclass
class RegioData:
    id: int
    naam: str
    slug: str
    code: str
    gewicht: float
    orgs: list[Org] = field(default_factory=list)
    leden: list[Lid] = field(default_factory=list)
    begeleiders: dict[int, list[int]] = field(default_factory=dict)  # provider org id -> user ids
    werkgevers: list[int] = field(default_factory=list)
    vacatures: list[int] = field(default_factory=list)
    deelnemers: list[tuple[int, str]] = field(default_factory=list)

    def van_soort(self, *soorten: str) -> list[Org]:
        return [o for o in self.orgs if o.soort in soorten]


@dataclass
class Trajectinfo:
    """A written trajectory, as contacts, proposals and placements need it."""

    id: int
    regio: RegioData
    deelnemer: int
    begeleider: int | None
    loop: dict
    verwijsdatum: datetime.date


class Stand:
    """The generator's shared state; each `maak_*` step reads what earlier steps left here."""

    def __init__(
        self,
        schaal: float = 1.0,
        *,
        seed: int = 20260101,
        vandaag: datetime.date | None = None,
        aantal_regios: int = len(REGIOS),
    ) -> None:
        self.schaal = schaal
        self.rnd = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
        self.vandaag = vandaag or timezone.localdate()
        self.aantal_regios = aantal_regios
        self.w = Schrijver()
        self.regios: list[RegioData] = []
        self.tellingen: dict[str, int] = defaultdict(int)
        self.accounts: list[tuple[str, str, str, str]] = []
        self.nu = timezone.now()
        self.begin = self.vandaag - datetime.timedelta(days=5 * 365)
        self.bench_wachtwoord = make_password(BENCH_WACHTWOORD)
        self.per_regio: dict[int, tuple[int, int]] = {}  # region id -> (participants, trajectories)
        self.trajectinfo: list[Trajectinfo] = []
        self.deelnemer_peer: dict[int, int | None] = {}
        self.per_aanbieder: dict[int, int] = defaultdict(int)  # provider id -> trajectories

    def aantal(self, basis: float, minimum: int = 1) -> int:
        return max(minimum, round(basis * self.schaal))

    @staticmethod
    def moment(datum: datetime.date) -> datetime.datetime:
        return datetime.datetime.combine(datum, datetime.time(12, 0), tzinfo=datetime.UTC)
