"""Shared pieces of background work that produces a file, for every app: queue a task by name once the
transaction commits, hold a build lock while it runs, and keep its file in the private storage.

Used by the AVG export (`trajecten`) and the report archive (`rapportage.archief`), which may not import one
another; each keeps its own rows, tasks and rules, and takes only these mechanics from here.

- `BOUWTAAK_OPTIES`, `bouwtaak(sleutel, markeer_mislukt)`: the Celery options and base class of a build task
  (retries on passing errors, the row marked 'mislukt' once Celery gives up).
- `na_commit(naam, *args)`: `.delay(*args)` of the registered task `naam` once the transaction commits, so an
  action never imports its app's `tasks` module (which imports the actions).
- `bouwslot(namespace, id)`: a PostgreSQL session-level advisory lock; a second delivery of the same task
  finds it taken, and a worker that dies loses it with its connection (`wordt_gebouwd` asks whether a live
  process holds it). Other databases (SQLite in the demo) run one build at a time and need no lock.
- `bestand_in_opslag`, `schrijf_atomisch`, `sha256_van`, `verwijder_bestand`: files under
  PRIVATE_STORAGE_DIR (outside the web root), written to a temporary file and renamed into place, so a reader
  never sees half a file.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from celery import Task, current_app
from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction

logger = logging.getLogger(__name__)

# A build task retries on these (the database or the broker away for a moment), at most MAX_POGINGEN times.
TIJDELIJKE_FOUTEN = (OperationalError, InterfaceError, ConnectionError, TimeoutError, OSError)
MAX_POGINGEN = 5
# The Celery options of a task that builds a file: acknowledged after the work, back on the queue when the worker
# dies, retried with backoff on a passing error, stopped after ten minutes.
BOUWTAAK_OPTIES = {
    "bind": True,
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": TIJDELIJKE_FOUTEN,
    "max_retries": MAX_POGINGEN,
    "retry_backoff": 10,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "soft_time_limit": 600,
    "time_limit": 660,
}


def bouwtaak(sleutel: str, markeer_mislukt: Callable[..., object]) -> type[Task]:
    """A task base that marks its row 'mislukt' once Celery gives up on it (not on each retry): the row's id is the
    task's argument `sleutel`, `markeer_mislukt(**{sleutel: id}, fout=...)` records it."""

    class Bouwtaak(Task):
        def on_failure(self, exc, task_id, args, kwargs, einfo):
            rij_id = kwargs.get(sleutel, args[0] if args else None)
            if rij_id is not None:
                try:
                    markeer_mislukt(**{sleutel: rij_id}, fout=f"{type(exc).__name__}: {exc}")
                except DatabaseError:
                    logger.exception("%s %s: status 'mislukt' kon niet worden opgeslagen", sleutel, rij_id)
            super().on_failure(exc, task_id, args, kwargs, einfo)

    return Bouwtaak


def taak(naam: str):
    """The registered Celery task called `naam` (the apps import their task modules at start-up)."""
    return current_app.tasks[naam]


def na_commit(naam: str, *args) -> None:
    """`.delay(*args)` of the task once the transaction commits; robust: an error is logged, not raised."""

    # A named function, not a functools.partial: Django logs a robust callback's error by __qualname__.
    def verstuur() -> None:
        taak(naam).delay(*args)

    transaction.on_commit(verstuur, robust=True)


@contextlib.contextmanager
def bouwslot(namespace: int, sleutel: int) -> Iterator[bool]:
    """Yield whether this process may build (namespace, sleutel): True unless another live build holds it."""
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [namespace, sleutel])
        vrij = cursor.fetchone()[0]
    try:
        yield vrij
    finally:
        if vrij and connection.connection is not None:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [namespace, sleutel])


def wordt_gebouwd(namespace: int, sleutel: int) -> bool:
    """Whether a live process holds the build lock (PostgreSQL only; elsewhere: False)."""
    with bouwslot(namespace, sleutel) as vrij:
        return not vrij


def bestand_in_opslag(relatief: str) -> Path:
    """Absolute path of a stored file, checked to stay inside PRIVATE_STORAGE_DIR (ValueError otherwise)."""
    basis = Path(settings.PRIVATE_STORAGE_DIR).resolve()
    pad = (basis / relatief).resolve()
    if not relatief or not pad.is_relative_to(basis) or pad == basis:
        raise ValueError(f"bestand buiten de opslag: {relatief[:200]!r}")
    return pad


def sha256_van(pad: Path) -> str:
    digest = hashlib.sha256()
    with pad.open("rb") as bestand:
        for blok in iter(lambda: bestand.read(1 << 16), b""):
            digest.update(blok)
    return digest.hexdigest()


def schrijf_atomisch(pad: Path, inhoud: bytes) -> None:
    """Write `inhoud` to `pad` all or nothing: a temporary file beside it, fsync, rename over it.

    Directories are made 0750 and the file 0640: readable by the portal's own user (and group) only."""
    pad.parent.mkdir(parents=True, exist_ok=True, mode=0o750)
    fd, tijdelijk = tempfile.mkstemp(dir=pad.parent, prefix=f".{pad.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as bestand:
            bestand.write(inhoud)
            bestand.flush()
            os.fsync(bestand.fileno())
        os.chmod(tijdelijk, 0o640)
        os.replace(tijdelijk, pad)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tijdelijk)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable
        dir_fd = os.open(pad.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def ruim_tijdelijke_bestanden_op(pad: Path) -> None:
    """Temporary files a dead build of this same file left behind (the caller holds its build lock)."""
    if pad.parent.is_dir():
        for oud in pad.parent.glob(f".{pad.name}.*.tmp"):
            with contextlib.suppress(OSError):
                oud.unlink()


def verwijder_bestand(relatief: str) -> bool:
    """Remove a stored file (and its leftover temporary files); False when there was nothing to remove."""
    try:
        pad = bestand_in_opslag(relatief)
    except ValueError:
        return False
    ruim_tijdelijke_bestanden_op(pad)
    try:
        pad.unlink()
    except FileNotFoundError:
        return False
    return True
