"""Celery tasks of the figures (the report archive's tasks live in `rapportage.archief.tasks`, registered by
`rapportage.apps`). Thin: they call `rapportage.voorberekening`.

- `bereken_vooruit()`: the dashboard's first view of every region whose data changed, computed ahead. Queued
  once after a committed write (`voorberekening.plan`) and every minute by celery beat (settings), for writes
  that bypassed Django. No arguments: it finds the changed regions itself, so a duplicate is harmless.
"""

from __future__ import annotations

from celery import shared_task

from . import voorberekening


@shared_task(name=voorberekening.TAAK, ignore_result=True, soft_time_limit=300, time_limit=360)
def bereken_vooruit() -> list[int]:
    return voorberekening.bereken_gewijzigde()
