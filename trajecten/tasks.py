"""Celery tasks of the participant app. Thin: the work is in the modules they call.

- `pas_bewaartermijn_toe` (beat, daily): retention.
- `bouw_inzage(export_id)`: build the PDF of one AVG export (trajecten.actions `bouw_inzage`). acks_late +
  reject_on_worker_lost: a worker that dies mid-build leaves the message to be delivered again; the build lock
  makes that (and any other duplicate) harmless. Transient errors (database, network, disk) are retried with
  exponential backoff; after the last try, or on any other error, the export is marked 'mislukt'.
- `herstel_inzage_exports` (beat, every minute, and whenever a worker starts): hand over what the broker could
  not take when it was asked for, and re-queue builds whose worker died.
- `ruim_inzage_exports_op` (beat, every 15 minutes): remove export PDFs past PORTAAL_INZAGE_BEWAARUREN.
"""

from __future__ import annotations

import logging

from celery import shared_task
from celery.signals import worker_ready

from hoofdzaak import achtergrond

from . import actions

logger = logging.getLogger(__name__)

# Errors worth another try: the database or broker blinked, the disk was full for a moment.
TIJDELIJKE_FOUTEN, MAX_POGINGEN = achtergrond.TIJDELIJKE_FOUTEN, achtergrond.MAX_POGINGEN


@shared_task(acks_late=True)
def pas_bewaartermijn_toe() -> dict[str, int]:
    """Daily (settings.CELERY_BEAT_SCHEDULE "bewaartermijn"): anonymise what is due, purge old audit rows and
    submission keys.

    Covers every region in one run; each participant is its own transaction, so a retry after a
    crash simply continues with what is still due.
    """
    uitkomst = actions.pas_bewaartermijn_toe()
    return {
        "geanonimiseerd": uitkomst.geanonimiseerd,
        "mislukt": uitkomst.mislukt,
        "auditregels_verwijderd": uitkomst.auditregels_verwijderd,
        "inzendingen_verwijderd": uitkomst.inzendingen_verwijderd,
    }


@shared_task(
    name=actions.BOUW_INZAGE,
    base=achtergrond.bouwtaak("export_id", lambda **rij: actions.markeer_inzage_mislukt(**rij)),
    **achtergrond.BOUWTAAK_OPTIES,
)
def bouw_inzage(self, export_id: int) -> str:
    try:
        export = actions.bouw_inzage(export_id=export_id)
    except actions.InzageGeweigerd as fout:
        # Not an error of the portal: the grant went while the export waited. Never retried.
        actions.markeer_inzage_mislukt(export_id=export_id, fout=str(fout))
        return "geweigerd"
    except TIJDELIJKE_FOUTEN as fout:
        tekst = f"{type(fout).__name__}: {fout}"
        if self.request.retries < self.max_retries:
            actions.markeer_inzage_opnieuw(export_id=export_id, fout=tekst, over_seconden=10 * 2**self.request.retries)
        else:
            actions.markeer_inzage_mislukt(export_id=export_id, fout=tekst)
        raise
    except Exception as fout:
        # Marked here as well as in on_failure: eager mode with propagating exceptions (the demo) skips it.
        actions.markeer_inzage_mislukt(export_id=export_id, fout=f"{type(fout).__name__}: {fout}")
        raise
    return "gebouwd" if export is not None else "overgeslagen"


@shared_task(name="trajecten.tasks.herstel_inzage_exports", ignore_result=True)
def herstel_inzage_exports() -> int:
    return len(actions.herstel_inzage_exports())


@shared_task(name="trajecten.tasks.ruim_inzage_exports_op", ignore_result=True)
def ruim_inzage_exports_op() -> int:
    return actions.ruim_inzage_exports_op()


@worker_ready.connect
def _bij_start_van_worker(sender=None, **kwargs) -> None:
    # Only send a message here: this runs in the worker's main process, before any database work.
    try:
        herstel_inzage_exports.delay()
    except Exception:
        logger.exception("herstel_inzage_exports kon niet worden gepland")
