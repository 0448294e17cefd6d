"""Celery tasks of the core app. Thin: they take ids and call the actions (the notification e-mails) or
hoofdzaak.audit (the audit log anchor)."""

from __future__ import annotations

from celery import shared_task

from . import actions, audit


@shared_task(name=actions.MAIL_MELDING, acks_late=True, autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def mail_melding_taak(melding_id: int) -> bool:
    """One notification's e-mail; idempotent (`actions.mail_melding`), so a retry never sends twice."""
    return actions.mail_melding(melding_id=melding_id)


@shared_task(name="hoofdzaak.tasks.mail_dagoverzichten", acks_late=True)
def mail_dagoverzichten_taak() -> int:
    """Daily (settings.CELERY_BEAT_SCHEDULE "meldingen-dagoverzicht"): the digests of every user."""
    return actions.mail_dagoverzichten()


@shared_task(name="hoofdzaak.tasks.veranker_auditlog", ignore_result=True)
def veranker_auditlog() -> None:
    audit.veranker()
