"""Every write of the report archive, one module per topic; the public functions are named here.

- `aanvragen`     request a report (projectleider, schedule, demo), re-queue stuck builds
- `bouw`          build one PDF in the worker; mark a build for retry or failed
- `melding`       e-mail subscribers a link once a version is approved; tell projectleiders of a concept
- `goedkeuring`   acknowledge a concept's data-quality warnings and approve it (freezes the version)
- `abonnementen`  subscribe and unsubscribe

Tasks are queued through `..wachtrij` by name once the transaction commits: nothing here imports
`..tasks`, which is the only module that imports the actions.
"""

from .aanvragen import (
    AL_BEZIG,
    VASTGELOPEN_NA,
    geef_bouw_door,
    heeft_levende_build,
    herstel_vastgelopen,
    is_vastgelopen,
    maak_rapport_nu,
    markeer_mislukt_sleutel,
    plan_rapport,
    valideer_aanvraag,
    vraag_rapport_aan,
)
from .abonnementen import abonneer, zeg_op
from .bouw import ScopeFout, bouw, markeer_mislukt, markeer_opnieuw
from .goedkeuring import CIJFERS_GEWIJZIGD, cijfers_gewijzigd, erken_waarschuwing, keur_goed
from .melding import mag_rapport_zien, meld_abonnees

__all__ = [
    "AL_BEZIG",
    "CIJFERS_GEWIJZIGD",
    "VASTGELOPEN_NA",
    "ScopeFout",
    "abonneer",
    "bouw",
    "cijfers_gewijzigd",
    "erken_waarschuwing",
    "geef_bouw_door",
    "heeft_levende_build",
    "herstel_vastgelopen",
    "is_vastgelopen",
    "keur_goed",
    "maak_rapport_nu",
    "mag_rapport_zien",
    "markeer_mislukt",
    "markeer_mislukt_sleutel",
    "markeer_opnieuw",
    "meld_abonnees",
    "plan_rapport",
    "valideer_aanvraag",
    "vraag_rapport_aan",
    "zeg_op",
]
