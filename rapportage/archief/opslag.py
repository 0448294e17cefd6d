"""The archive's files: stored outside the web root under PRIVATE_STORAGE_DIR, region in every path.

A PDF is written to a temporary file in the target directory and renamed over the target, so a reader
never sees half a file; its SHA-256 is kept on the row and checked before a finished build is trusted.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

from django.conf import settings

from .models import Rapport, RapportSoort


def bestand_pad(rapport: Rapport) -> Path:
    """Absolute path of the report's file, checked to stay inside PRIVATE_STORAGE_DIR."""
    basis = Path(settings.PRIVATE_STORAGE_DIR).resolve()
    pad = (basis / rapport.bestand).resolve()
    if not rapport.bestand or not pad.is_relative_to(basis):
        raise ValueError(f"rapport {rapport.pk}: bestand buiten de opslag")
    return pad


def relatief_pad(rapport: Rapport) -> str:
    """rapporten/<regio>/<soort>/<jaar>/<name>.pdf: the region's slug is part of every stored path."""
    regio = rapport.regio.slug
    if rapport.soort == RapportSoort.KWARTAAL:
        naam = f"kwartaalrapportage-{regio}-{rapport.periode_van.year}-k{(rapport.periode_van.month - 1) // 3 + 1}"
    else:
        gemeente = (rapport.scope.cbs_code or f"org{rapport.scope_id}").lower()
        naam = f"maandrapportage-{regio}-{gemeente}-{rapport.periode_van:%Y-%m}"
    return f"rapporten/{regio}/{rapport.soort}/{rapport.periode_van.year}/{naam}.pdf"


def bestand_klopt(rapport: Rapport) -> bool:
    try:
        pad = bestand_pad(rapport)
        return bool(rapport.sha256) and pad.is_file() and sha256_van(pad) == rapport.sha256
    except (OSError, ValueError):
        return False


def sha256_van(pad: Path) -> str:
    digest = hashlib.sha256()
    with pad.open("rb") as bestand:
        for blok in iter(lambda: bestand.read(1 << 16), b""):
            digest.update(blok)
    return digest.hexdigest()


def schrijf_atomisch(pad: Path, inhoud: bytes) -> None:
    """Write `inhoud` to `pad` all or nothing: a temporary file beside it, fsync, rename over it."""
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
    """Temporary files a dead build of this same report left behind (the caller holds its build lock)."""
    if pad.parent.is_dir():
        for oud in pad.parent.glob(f".{pad.name}.*.tmp"):
            with contextlib.suppress(OSError):
                oud.unlink()
