"""Celery tasks of the core app. Thin: the work is in hoofdzaak.meldingen."""

from __future__ import annotations

from celery import shared_task

from . import meldingen


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def mail_melding(melding_id: int) -> bool:
    """One notification's e-mail; idempotent (meldingen.mail_melding), so a retry never sends twice."""
    return meldingen.mail_melding(melding_id=melding_id)


@shared_task(acks_late=True)
def mail_dagoverzichten() -> int:
    """Daily (settings.CELERY_BEAT_SCHEDULE "meldingen-dagoverzicht"): the digests of every user."""
    return meldingen.mail_dagoverzichten()
