"""`genereer`: run the steps in order, in one transaction, and VACUUM ANALYZE afterwards."""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import connection, transaction

from hoofdzaak.models import Regio

from .auditlog import maak_auditlog
from .constanten import GROOT, KLEIN, REGIOS
from .contacten import maak_contacten
from .deelnemers import maak_deelnemers
from .gebruikers import maak_gebruikers
from .rechten import maak_rechten
from .stand import Stand
from .structuur import maak_structuur, verdeel_deelnemers
from .werk import maak_werk
from .werkgevers import maak_werkgevers

STAPPEN = [
    ("regio's, organisaties en groepen", maak_structuur),
    ("verdeling", verdeel_deelnemers),
    ("gebruikers en lidmaatschappen", maak_gebruikers),
    ("werkgevers, contacten en vacatures", maak_werkgevers),
    ("deelnemers, trajecten, statushistorie en toestemmingen", maak_deelnemers),
    ("contactmomenten", maak_contacten),
    ("voordrachten en plaatsingen", maak_werk),
    ("rechten (trajecten.toegang)", maak_rechten),
    ("auditlog met hashketen", maak_auditlog),
]


class RegiosBestaanAl(Exception):
    """The database already holds regions and `opnieuw` was not given."""


@dataclass
class Resultaat:
    tellingen: dict[str, int]
    accounts: list[tuple[str, str, str, str]]  # (email, role, organisation, region slug)
    seconden: float
    groot: int = 0
    klein: int = 0


def _te_legen_tabellen() -> list[str]:
    """Everything the generator writes, truncated by `opnieuw` (CASCADE takes the join tables along)."""
    from django.apps import apps

    tabellen = [
        m._meta.db_table
        for app in ("hoofdzaak", "werkgevers", "trajecten", "rapportage")
        for m in apps.get_app_config(app).get_models()
    ]
    return [*tabellen, Group._meta.db_table, "django_session"]


def leeg_database() -> None:
    if connection.vendor != "postgresql":
        raise RuntimeError("de benchmarkgenerator werkt alleen op PostgreSQL")
    with connection.cursor() as cursor:
        # Inside a transaction that just wrote rows (tests), deferred FK checks would block TRUNCATE.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE " + ", ".join(_te_legen_tabellen()) + " RESTART IDENTITY CASCADE")


def _vul(st: Stand, log) -> Resultaat:
    start = time.monotonic()
    with transaction.atomic():
        for naam, stap in STAPPEN:
            stap(st)
            log(f"  {naam} ({time.monotonic() - start:.1f} s)")
        st.w.zet_sequences()
    orgs = {org.naam: org.id for regio in st.regios for org in regio.orgs}
    return Resultaat(
        dict(st.tellingen),
        st.accounts,
        time.monotonic() - start,
        st.per_aanbieder.get(orgs.get(GROOT), 0),
        st.per_aanbieder.get(orgs.get(KLEIN), 0),
    )


def genereer(
    schaal: float = 1.0,
    *,
    opnieuw: bool = False,
    seed: int = 20260101,
    aantal_regios: int = len(REGIOS),
    vandaag: datetime.date | None = None,
    log=None,
    vacuum: bool = True,
) -> Resultaat:
    """Fill the database (see the package docstring). Refuses a database with regions unless `opnieuw`."""
    log = log or (lambda tekst: None)
    if connection.vendor != "postgresql":
        raise RuntimeError("de benchmarkgenerator werkt alleen op PostgreSQL (COPY)")
    if Regio.objects.exists():
        if not opnieuw:
            raise RegiosBestaanAl("De database bevat al regio's; gebruik --opnieuw om alles eerst te legen.")
        leeg_database()
    resultaat = _vul(Stand(schaal, seed=seed, vandaag=vandaag, aantal_regios=aantal_regios), log)
    if vacuum and connection.get_autocommit():
        start = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
        log(f"  VACUUM ANALYZE ({time.monotonic() - start:.1f} s)")
    return resultaat
