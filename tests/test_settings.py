"""Settings from the environment: production-safe defaults, refusing to start without a secret key.

Each case imports the settings in a fresh interpreter with a clean environment (only PATH and
DJANGO_SETTINGS_MODULE plus the variables of the case), so nothing of the test run leaks in.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

TOON_INSTELLINGEN = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({
    "DEBUG": s.DEBUG,
    "SECRET_KEY": s.SECRET_KEY,
    "ALLOWED_HOSTS": s.ALLOWED_HOSTS,
    "SECURE_SSL_REDIRECT": s.SECURE_SSL_REDIRECT,
    "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": s.CSRF_COOKIE_SECURE,
}))
"""


def start(**variabelen: str) -> subprocess.Popen:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "DJANGO_SETTINGS_MODULE": "hoofdzaak.settings"}
    env.update(variabelen)
    return subprocess.Popen(
        [sys.executable, "-c", TOON_INSTELLINGEN],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def uitkomst(proces: subprocess.Popen) -> tuple[int, str, str]:
    stdout, stderr = proces.communicate(timeout=60)
    return proces.returncode, stdout, stderr


ZONDER_SLEUTEL = {
    "niets gezet": {},
    "DJANGO_DEBUG=0": {"DJANGO_DEBUG": "0"},
    "DJANGO_DEBUG leeg": {"DJANGO_DEBUG": " "},
    "DJANGO_DEBUG=false": {"DJANGO_DEBUG": "false"},
    "lege sleutel": {"DJANGO_SECRET_KEY": "   "},
}


@pytest.fixture(scope="module")
def zonder_sleutel() -> dict[str, tuple[int, str, str]]:
    # Started together: each interpreter takes about a second to import Django.
    processen = {naam: start(**variabelen) for naam, variabelen in ZONDER_SLEUTEL.items()}
    return {naam: uitkomst(proces) for naam, proces in processen.items()}


@pytest.mark.parametrize("geval", list(ZONDER_SLEUTEL))
def test_zonder_secret_key_en_zonder_debug_start_django_niet(zonder_sleutel, geval):
    returncode, stdout, stderr = zonder_sleutel[geval]
    assert returncode != 0
    assert stdout == ""
    laatste_regel = stderr.strip().splitlines()[-1]
    assert laatste_regel.startswith("django.core.exceptions.ImproperlyConfigured: DJANGO_SECRET_KEY ontbreekt")


def test_zonder_auditsleutel_en_zonder_debug_start_django_niet():
    returncode, stdout, stderr = uitkomst(start(DJANGO_SECRET_KEY="een-echte-geheime-sleutel"))
    assert returncode != 0 and stdout == ""
    laatste_regel = stderr.strip().splitlines()[-1]
    assert laatste_regel.startswith("django.core.exceptions.ImproperlyConfigured: PORTAAL_AUDIT_SLEUTEL ontbreekt")


def test_zonder_koppelsleutel_en_zonder_debug_start_django_niet():
    returncode, stdout, stderr = uitkomst(
        start(DJANGO_SECRET_KEY="een-echte-geheime-sleutel", PORTAAL_AUDIT_SLEUTEL="een-echte-auditsleutel")
    )
    assert returncode != 0 and stdout == ""
    laatste_regel = stderr.strip().splitlines()[-1]
    assert laatste_regel.startswith("django.core.exceptions.ImproperlyConfigured: PORTAAL_KOPPEL_SLEUTEL ontbreekt")


def test_debug_staat_standaard_uit_met_veilige_standaarden():
    returncode, stdout, stderr = uitkomst(
        start(
            DJANGO_SECRET_KEY="een-echte-geheime-sleutel",
            PORTAAL_AUDIT_SLEUTEL="een-echte-auditsleutel",
            PORTAAL_KOPPEL_SLEUTEL="een-echte-koppelsleutel",
        )
    )
    assert returncode == 0, stderr
    waarden = json.loads(stdout)
    assert waarden == {
        "DEBUG": False,
        "SECRET_KEY": "een-echte-geheime-sleutel",
        "ALLOWED_HOSTS": [],
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
    }


def test_alleen_met_debug_aan_mag_de_sleutel_ontbreken():
    returncode, stdout, stderr = uitkomst(start(DJANGO_DEBUG="1"))
    assert returncode == 0, stderr
    waarden = json.loads(stdout)
    assert waarden["DEBUG"] is True
    assert waarden["SECRET_KEY"]
    assert waarden["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost"]
    assert waarden["SECURE_SSL_REDIRECT"] is False
