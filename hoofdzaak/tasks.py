"""Celery tasks of the core (thin: they call hoofdzaak.audit)."""

from celery import shared_task

from . import audit


@shared_task(name="hoofdzaak.tasks.veranker_auditlog", ignore_result=True)
def veranker_auditlog() -> None:
    audit.veranker()
