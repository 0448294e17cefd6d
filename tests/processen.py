"""Helpers for tests that start real processes (a Celery worker, `make demo`'s scripts/demo.sh, gunicorn):
the test database's URL for them, free ports, waiting, and killing a whole process group."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

BASIS = Path(settings.BASE_DIR)


def database_url() -> str:
    db = connection.settings_dict
    assert db["NAME"].startswith("test_"), db["NAME"]
    gebruiker = quote(db["USER"] or "", safe="")
    wachtwoord = quote(db["PASSWORD"] or "", safe="")
    return f"postgres://{gebruiker}:{wachtwoord}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def dood(proces: subprocess.Popen) -> None:
    if proces.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proces.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proces.wait(timeout=10)
    # The pool child is in the same process group; make sure nothing of it is left.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proces.pid, signal.SIGKILL)


def wacht_op(voorwaarde, timeout: float, stap: float = 0.2):
    eind = time.monotonic() + timeout
    while time.monotonic() < eind:
        resultaat = voorwaarde()
        if resultaat:
            return resultaat
        time.sleep(stap)
    raise AssertionError(f"niet gebeurd binnen {timeout} s")


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
