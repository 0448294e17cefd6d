"""Celery tasks of the core app. Thin: the meldingen tasks live beside the code they call
(hoofdzaak.meldingen) and are imported here so the worker's autodiscovery registers them; the audit
log anchor calls hoofdzaak.audit."""

from __future__ import annotations

from celery import shared_task

from . import audit
from .meldingen import mail_dagoverzichten_taak, mail_melding_taak

__all__ = ["mail_dagoverzichten_taak", "mail_melding_taak", "veranker_auditlog"]


@shared_task(name="hoofdzaak.tasks.veranker_auditlog", ignore_result=True)
def veranker_auditlog() -> None:
    audit.veranker()
