"""Queue the archive's Celery tasks by name, once the current transaction commits.

The actions never import `tasks` (which imports the actions): they name the task, and the Celery app's
registry gives the task object (`rapportage.apps` imports the task module at start-up, in the web
process and the worker alike; `hoofdzaak.achtergrond` does the queueing). The names are those from before
the archive got its own package, so messages already queued and the beat schedule in settings stay valid.
"""

from __future__ import annotations

from hoofdzaak.achtergrond import na_commit, taak

__all__ = ["na_commit", "taak"]

BOUW_RAPPORT = "rapportage.tasks.bouw_rapport"
MELD_RAPPORT_KLAAR = "rapportage.tasks.meld_rapport_klaar"
PLAN_RAPPORT = "rapportage.tasks.plan_rapport"
PLAN_MAANDRAPPORTEN = "rapportage.tasks.plan_maandrapporten"
PLAN_KWARTAALRAPPORTEN = "rapportage.tasks.plan_kwartaalrapporten"
PLAN_ORGANISATIERAPPORTEN = "rapportage.tasks.plan_organisatierapporten"
HERSTEL_RAPPORTEN = "rapportage.tasks.herstel_rapporten"
