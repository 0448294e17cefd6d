"""Shared fixtures: test data always has two regions and a user in every role in each.

The factories and helpers behind them live in tests/fabriek.py (the test kit); import them from there.
"""

from __future__ import annotations

import datetime
import os

import dj_database_url
import pytest
from django.test import Client

from hoofdzaak.models import Rol
from tests.fabriek import (
    _DJANGO_FORCE_LOGIN,
    EIGENAAR,
    KLOK,
    KWARTAAL,
    MAAND,
    Dossiers,
    Wereld,
    als_eigenaar,
    ctx_van,
    maak_dossier,
    maak_regio,
    maak_traject,
    markeer_tweede_stap,
    plaats,
    wissel_databasegebruiker,
)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's setup (as the owner), then the connection switched to the application role.

    Database roles: tests/fabriek.py, docs/security.md "Database roles". Without TEST_APP_DATABASE_URL (pytest run
    by hand) the tests stay connected as whoever DATABASE_URL names.
    """
    app_url = os.environ.get("TEST_APP_DATABASE_URL", "")
    if not app_url:
        yield
        return
    from django.db import connections
    from django.test import TransactionTestCase

    app = dj_database_url.parse(app_url)
    huidig = connections["default"].settings_dict
    EIGENAAR.update(USER=huidig["USER"], PASSWORD=huidig["PASSWORD"])
    origineel = TransactionTestCase._fixture_teardown

    def _fixture_teardown(self):
        # The flush after a transactional test TRUNCATEs every table, the audit table too: the owner's job.
        with als_eigenaar():
            origineel(self)

    with django_db_blocker.unblock():
        wissel_databasegebruiker(app["USER"], app["PASSWORD"])
    TransactionTestCase._fixture_teardown = _fixture_teardown
    try:
        yield
    finally:
        TransactionTestCase._fixture_teardown = origineel
        with django_db_blocker.unblock():
            wissel_databasegebruiker(EIGENAAR["USER"], EIGENAAR["PASSWORD"])


@pytest.fixture(autouse=True)
def _auditankers(settings, tmp_path_factory):
    # Audit log anchors go to a fresh directory per test, never into var/auditankers (the demo's).
    settings.PORTAAL_AUDIT_ANCHOR_DIR = tmp_path_factory.mktemp("auditankers")


@pytest.fixture
def wereld(db) -> Wereld:
    return Wereld(
        a=maak_regio("Holland Rijnland", "holland-rijnland", "HR", ("GM0546", "GM0537")),
        b=maak_regio("Midden-Utrecht", "midden-utrecht", "MU", ("GM0344", "GM0356")),
    )


@pytest.fixture(autouse=True)
def _prive_opslag(settings, tmp_path_factory):
    # Generated reports go to a fresh directory per test, never into var/private (the demo's).
    settings.PRIVATE_STORAGE_DIR = tmp_path_factory.mktemp("private")


@pytest.fixture(autouse=True)
def _snelle_testinstellingen(settings):
    # Hashing test passwords with the production hasher would dominate the suite's run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests run with DEBUG off like production, but without a collectstatic manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


# --- Two-factor login (hoofdzaak/tweefactor.py) ---------------------------------------------------------------
#
# `client.force_login(user)` (any Client, also one made in a test) gives a session that has passed the second
# step as well: the user gets a confirmed authenticator app ("Test") if it has none. So tests about anything
# else need not care about 2FA. Tests of the 2FA flow log in through the forms, or use `alleen_wachtwoord`.


@pytest.fixture(autouse=True)
def _klok(monkeypatch):
    """django-otp reads the time through the test kit's controllable clock; back to real time afterwards."""
    import django_otp.oath

    monkeypatch.setattr(django_otp.oath, "time", KLOK)
    yield KLOK
    KLOK.terug()


@pytest.fixture(autouse=True)
def _force_login_met_tweede_stap(monkeypatch):
    def force_login(self, user, backend=None):
        _DJANGO_FORCE_LOGIN(self, user, backend)
        markeer_tweede_stap(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def eager(monkeypatch):
    """Celery runs tasks in-process, whatever CELERY_BROKER_URL the environment sets (a module may narrow it)."""
    from hoofdzaak.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)
    monkeypatch.setitem(app.conf, "task_eager_propagates", True)
    return app


@pytest.fixture
def opslag(settings, tmp_path):
    """Report files in a fresh private directory; links in e-mails point to https://portaal.test."""
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"
    settings.PORTAAL_URL = "https://portaal.test"
    return settings.PRIVATE_STORAGE_DIR


@pytest.fixture
def dossiers(wereld) -> Dossiers:
    import datetime

    from trajecten import actions as traject_actions

    ingetrokken = maak_dossier(wereld.a)
    toestemming = ingetrokken.toestemmingen.get()
    traject_actions.trek_toestemming_in(
        ctx=ctx_van(wereld.a, Rol.TRAJECTBEGELEIDER), toestemming=toestemming, datum=datetime.date.today()
    )
    return Dossiers(
        eigen=maak_dossier(wereld.a),
        zonder_toestemming=maak_dossier(wereld.a, aanbieder="reintegratie", toestemming=False, peer=False),
        ingetrokken=ingetrokken,
        andere_regio=maak_dossier(wereld.b),
    )


@pytest.fixture
def cijfers(wereld):
    """Region A: six starts in the last quarter in gemeente, two in gemeente2 (a small cell), one paid job;
    three starts last month in gemeente. Region B: one start (must never show up in A's reports)."""
    for i in range(6):
        traject = maak_traject(wereld.a, start=KWARTAAL.van + datetime.timedelta(days=3 * i))
        if i == 0:
            plaats(wereld.a, traject, KWARTAAL.van + datetime.timedelta(days=20))
    for i in range(2):
        maak_traject(
            wereld.a, gemeente="gemeente2", start=KWARTAAL.van + datetime.timedelta(days=10 + i), methode="jobcoaching"
        )
    for i in range(3):
        maak_traject(wereld.a, start=MAAND.van + datetime.timedelta(days=i))
    maak_traject(wereld.b, start=KWARTAAL.van)
    return wereld


def pytest_terminal_summary(terminalreporter):
    """The fuzz test's request count (tests/test_fuzz.py), summed over its URL patterns and xdist workers."""
    aantal = patronen = 0
    for report in terminalreporter.stats.get("passed", []) + terminalreporter.stats.get("failed", []):
        for naam, waarde in getattr(report, "user_properties", []):
            if naam == "fuzz_verzoeken" and report.when == "call":
                aantal, patronen = aantal + waarde, patronen + 1
    if patronen:
        terminalreporter.write_line(f"fuzz: {aantal} verzoeken over {patronen} URL-patronen")
