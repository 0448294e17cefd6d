"""The archive's files: stored outside the web root under PRIVATE_STORAGE_DIR, region in every path.

A PDF is written to a temporary file in the target directory and renamed over the target, so a reader
never sees half a file; its SHA-256 is kept on the row and checked before a finished build is trusted. The
writing and hashing are `hoofdzaak.achtergrond`'s, shared with the AVG export.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from hoofdzaak.achtergrond import ruim_tijdelijke_bestanden_op, schrijf_atomisch, sha256_van

from .models import Rapport, RapportSoort

__all__ = [
    "bestand_klopt",
    "bestand_pad",
    "relatief_pad",
    "ruim_tijdelijke_bestanden_op",
    "schrijf_atomisch",
    "sha256_van",
]


def bestand_pad(rapport: Rapport) -> Path:
    """Absolute path of the report's file, checked to stay inside PRIVATE_STORAGE_DIR."""
    basis = Path(settings.PRIVATE_STORAGE_DIR).resolve()
    pad = (basis / rapport.bestand).resolve()
    if not rapport.bestand or not pad.is_relative_to(basis):
        raise ValueError(f"rapport {rapport.pk}: bestand buiten de opslag")
    return pad


def relatief_pad(rapport: Rapport) -> str:
    """rapporten/<regio>/<soort>/<jaar>/<name>.pdf: the region's slug is part of every stored path.

    Version 2 and later end in `-v<n>`: an approved version's file is never written over by its successor."""
    regio = rapport.regio.slug
    if rapport.soort == RapportSoort.KWARTAAL:
        naam = f"kwartaalrapportage-{regio}-{rapport.periode_van.year}-k{(rapport.periode_van.month - 1) // 3 + 1}"
    elif rapport.soort == RapportSoort.ORGANISATIE:
        naam = f"maandrapportage-{regio}-partner{rapport.scope_id}-{rapport.periode_van:%Y-%m}"
    else:
        gemeente = (rapport.scope.cbs_code or f"org{rapport.scope_id}").lower()
        naam = f"maandrapportage-{regio}-{gemeente}-{rapport.periode_van:%Y-%m}"
    if rapport.versie > 1:
        naam += f"-v{rapport.versie}"
    return f"rapporten/{regio}/{rapport.soort}/{rapport.periode_van.year}/{naam}.pdf"


def bestand_klopt(rapport: Rapport) -> bool:
    try:
        pad = bestand_pad(rapport)
        return bool(rapport.sha256) and pad.is_file() and sha256_van(pad) == rapport.sha256
    except (OSError, ValueError):
        return False
