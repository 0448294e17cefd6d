"""The audit log the portal itself cannot rewrite (issue 13): database roles, the HMAC chain, anchors, the check.

Runs as `make test` runs every test: connected as the application role (tests/conftest.py). What an attacker with
owner or superuser rights would do is done here through a separate connection as the owner.
"""

from __future__ import annotations

import datetime
from io import StringIO

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from hoofdzaak import audit
from hoofdzaak.models import AuditActie, AuditRegel

from .fabriek import EIGENAAR

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="database roles exist only on PostgreSQL")

TABEL = "hoofdzaak_auditregel"
TRIGGER = "hoofdzaak_auditregel_alleen_toevoegen"
GEWEIGERD = r"permission denied|must be owner"


def _sql(sql: str, params=None):
    """Raw SQL as the application role, in its own savepoint so a refusal does not end the test's transaction."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


# The application role ----------------------------------------------------------------------------------------------


def test_de_tests_draaien_als_de_applicatierol_die_niets_bezit(db):
    assert settings.PORTAAL_DB_APP_ROLE, "make test sets PORTAAL_DB_APP_ROLE; without it nothing here is tested"
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")
        assert cursor.fetchone() == (settings.PORTAAL_DB_APP_ROLE, False)
        cursor.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)"
        )
        assert cursor.fetchone()[0] == 0
        cursor.execute(
            "SELECT privilege_type FROM information_schema.role_table_grants "
            "WHERE table_name = %s AND grantee = current_user ORDER BY 1",
            [TABEL],
        )
        assert [r[0] for r in cursor.fetchall()] == ["INSERT", "SELECT"]


@pytest.mark.parametrize(
    "opdracht",
    [
        f"UPDATE {TABEL} SET omschrijving = 'gewijzigd'",
        f"DELETE FROM {TABEL}",
        f"TRUNCATE {TABEL}",
        f"ALTER TABLE {TABEL} DISABLE TRIGGER {TRIGGER}",
        f"DROP TRIGGER {TRIGGER} ON {TABEL}",
        f"ALTER TABLE {TABEL} DISABLE TRIGGER ALL",
        f"DROP TABLE {TABEL}",
    ],
    ids=["update", "delete", "truncate", "disable-trigger", "drop-trigger", "disable-all", "drop-table"],
)
def test_de_applicatierol_kan_het_auditlog_niet_wijzigen(wereld, opdracht):
    regel = audit.log(actie=AuditActie.LEZEN, regio=wereld.a.regio, omschrijving="origineel")
    with pytest.raises(DatabaseError, match=GEWEIGERD):
        _sql(opdracht)
    regel.refresh_from_db()
    assert regel.omschrijving == "origineel" and audit.controleer_keten().in_orde


def test_de_applicatierol_kan_de_opschoonfunctie_niet_misbruiken(wereld):
    audit.log(actie=AuditActie.LEZEN, regio=wereld.a.regio)
    # Not for anything younger than five years, also not with the purge setting switched on by hand.
    with pytest.raises(DatabaseError, match="kept at least 5 years"):
        _sql("SELECT * FROM hoofdzaak_auditlog_opschonen(now())")
    with pytest.raises(DatabaseError, match=GEWEIGERD), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL hoofdzaak.audit_purge = 'on'")
        cursor.execute(f"DELETE FROM {TABEL}")
    assert AuditRegel.objects.count() == 1


# Tampering, as the owner, and the check ----------------------------------------------------------------------------


def _als_eigenaar(*opdrachten: tuple[str, list], trigger_uit: bool = True) -> None:
    """Statements as the test database's owner in one transaction, its trigger switched off: what a DBA could do."""
    db = connection.settings_dict
    gebruiker, wachtwoord = EIGENAAR["USER"], EIGENAAR["PASSWORD"]
    assert gebruiker and gebruiker != db["USER"]
    with (
        psycopg.connect(
            host=db["HOST"] or "127.0.0.1",
            port=db["PORT"] or 5432,
            dbname=db["NAME"],
            user=gebruiker,
            password=wachtwoord,
        ) as verbinding,
        verbinding.cursor() as cursor,
    ):
        if trigger_uit:
            cursor.execute(f"ALTER TABLE {TABEL} DISABLE TRIGGER {TRIGGER}")
        for sql, params in opdrachten:
            cursor.execute(sql, params)
        if trigger_uit:
            cursor.execute(f"ALTER TABLE {TABEL} ENABLE TRIGGER {TRIGGER}")


def _controleer() -> str:
    out = StringIO()
    call_command("controleer_auditlog", stdout=out, stderr=StringIO())
    return out.getvalue()


def _log_op(monkeypatch, moment: datetime.datetime, **kwargs) -> AuditRegel:
    with monkeypatch.context() as patch:
        patch.setattr(timezone, "now", lambda: moment)
        return audit.log(**kwargs)


@pytest.fixture
def zes_regels(transactional_db, wereld) -> list[AuditRegel]:
    """Six rows after the test data's own; the newest is anchored."""
    regels = [
        audit.log(actie=AuditActie.LEZEN, regio=wereld.a.regio, deelnemer_nummer=f"HR-2026-000{i}") for i in range(6)
    ]
    audit.veranker()
    return regels


@pytest.mark.parametrize(
    "opdracht", [f"UPDATE {TABEL} SET omschrijving = 'gewijzigd'", f"DELETE FROM {TABEL}"], ids=["update", "delete"]
)
def test_de_trigger_weigert_wijzigen_en_verwijderen_ook_aan_wie_het_recht_heeft(zes_regels, opdracht):
    """The second wall behind the missing grants: the row trigger (migration 0003) refuses UPDATE and DELETE to a
    role that holds those rights, here the owner, so a grant given by mistake changes no row. Only switching the
    trigger off gets past it, which takes the owner (and the check then finds what was done)."""
    with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
        _als_eigenaar((opdracht, []), trigger_uit=False)
    assert "Auditlog in orde" in _controleer()


def test_een_onaangeroerd_log_is_in_orde(zes_regels):
    assert "Auditlog in orde" in _controleer() and "1 anker(s)" in _controleer()


def _herschrijf_zonder_sleutel() -> list[tuple[str, list]]:
    opdrachten, vorige = [], audit.BEGIN_HASH
    for regel in AuditRegel.objects.order_by("id"):
        regel.vorige_hash = vorige
        regel.omschrijving = "herschreven"
        regel.hash = audit.bereken_hash(regel, sleutel="geraden-sleutel")
        opdrachten.append(
            (
                f"UPDATE {TABEL} SET omschrijving = %s, vorige_hash = %s, hash = %s WHERE id = %s",
                [regel.omschrijving, regel.vorige_hash, regel.hash, regel.pk],
            )
        )
        vorige = regel.hash
    return opdrachten


@pytest.mark.parametrize(
    "geval",
    ["gewijzigd", "midden_verwijderd", "eind_verwijderd", "begin_verwijderd", "geleegd", "herschreven_zonder_sleutel"],
)
def test_elke_manipulatie_laat_de_controle_falen(zes_regels, geval):
    ids = list(AuditRegel.objects.order_by("id").values_list("id", flat=True))
    r = [regel.pk for regel in zes_regels]
    opdrachten, foute_regel = {
        "gewijzigd": ([(f"UPDATE {TABEL} SET deelnemer_nummer = 'HR-2026-9999' WHERE id = %s", [r[2]])], r[2]),
        "midden_verwijderd": ([(f"DELETE FROM {TABEL} WHERE id = %s", [r[2]])], r[3]),
        "eind_verwijderd": ([(f"DELETE FROM {TABEL} WHERE id >= %s", [r[4]])], r[5]),
        "begin_verwijderd": ([(f"DELETE FROM {TABEL} WHERE id < %s", [r[1]])], r[1]),
        "geleegd": ([(f"TRUNCATE {TABEL}", [])], r[5]),
        "herschreven_zonder_sleutel": (_herschrijf_zonder_sleutel(), ids[0]),
    }[geval]
    _als_eigenaar(*opdrachten)
    with pytest.raises(CommandError, match=rf"Auditlog beschadigd bij regel {foute_regel}:"):
        _controleer()
    # The portal keeps writing: a damaged log does not stop it.
    audit.log(actie=AuditActie.LEZEN, omschrijving="na de manipulatie")


def test_een_log_na_opschonen_is_in_orde_en_knoeien_daarna_niet(transactional_db, monkeypatch):
    grens = audit.bewaargrens()
    jaar = datetime.timedelta(days=365)
    for dagen in range(3):
        _log_op(monkeypatch, grens - 2 * jaar + datetime.timedelta(days=dagen), actie=AuditActie.LEZEN)
    oud_anker = audit.veranker()
    _log_op(monkeypatch, grens + jaar, actie=AuditActie.LEZEN, omschrijving="4 jaar")
    audit.log(actie=AuditActie.LEZEN, omschrijving="nu")

    # As the application role, through the owner's function: only the leading run before the bound.
    assert audit.purge_oude_auditregels(voor=grens) == 3
    assert not AuditRegel.objects.filter(pk=oud_anker["laatste_id"]).exists()
    opgeschoond = AuditRegel.objects.get(actie=AuditActie.OPGESCHOOND)
    assert opgeschoond.object_id.endswith(f"-{oud_anker['laatste_id']}")
    audit.veranker()
    assert "Auditlog in orde" in _controleer()

    # Deleting more at the start afterwards, other than by a purge, is found.
    eerste = AuditRegel.objects.order_by("id").first()
    _als_eigenaar((f"DELETE FROM {TABEL} WHERE id = %s", [eerste.pk]))
    with pytest.raises(CommandError, match=r"Auditlog beschadigd bij regel \d+: de eerste regel verwijst"):
        _controleer()


def test_veranker_schrijft_een_regel_erbij_en_overschrijft_niets(zes_regels):
    audit.log(actie=AuditActie.LEZEN)
    call_command("veranker_auditlog", stdout=StringIO())
    ankers = audit.lees_ankers()
    assert len(ankers) == 2
    assert ankers[-1].laatste_id == AuditRegel.objects.order_by("-id").first().pk
    assert ankers[0].laatste_id == zes_regels[-1].pk
