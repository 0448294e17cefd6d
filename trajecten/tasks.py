"""Celery tasks of the participant app. Thin: the work is in the modules they call."""

from __future__ import annotations

from celery import shared_task

from . import actions


@shared_task(acks_late=True)
def pas_bewaartermijn_toe() -> dict[str, int]:
    """Daily (settings.CELERY_BEAT_SCHEDULE "bewaartermijn"): anonymise what is due, purge old audit rows.

    Covers every region in one run; each participant is its own transaction, so a retry after a
    crash simply continues with what is still due.
    """
    uitkomst = actions.pas_bewaartermijn_toe()
    return {
        "geanonimiseerd": uitkomst.geanonimiseerd,
        "mislukt": uitkomst.mislukt,
        "auditregels_verwijderd": uitkomst.auditregels_verwijderd,
    }
