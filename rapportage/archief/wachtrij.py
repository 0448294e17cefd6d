"""Queue the archive's Celery tasks by name, once the current transaction commits.

The actions never import `tasks` (which imports the actions): they name the task, and the Celery app's
registry gives the task object (`rapportage.apps` imports the task module at start-up, in the web
process and the worker alike). The names are those from before the archive got its own package, so
messages already queued and the beat schedule in settings stay valid.
"""

from __future__ import annotations

import logging

from celery import current_app
from django.db import transaction

logger = logging.getLogger(__name__)

BOUW_RAPPORT = "rapportage.tasks.bouw_rapport"
MELD_RAPPORT_KLAAR = "rapportage.tasks.meld_rapport_klaar"
PLAN_RAPPORT = "rapportage.tasks.plan_rapport"
PLAN_MAANDRAPPORTEN = "rapportage.tasks.plan_maandrapporten"
PLAN_KWARTAALRAPPORTEN = "rapportage.tasks.plan_kwartaalrapporten"
HERSTEL_RAPPORTEN = "rapportage.tasks.herstel_rapporten"


def taak(naam: str):
    """The registered task called `naam` (the same object `rapportage.archief.tasks` defines)."""
    return current_app.tasks[naam]


def na_commit(naam: str, *args) -> None:
    """`.delay(*args)` of the task once the transaction commits; robust: an error is logged, not raised."""

    # A named function, not a functools.partial: Django logs a robust callback's error by __qualname__.
    def verstuur() -> None:
        taak(naam).delay(*args)

    transaction.on_commit(verstuur, robust=True)
