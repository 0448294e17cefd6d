"""Celery tasks of the report archive. Thin: they take ids and call `rapportage.archief.actions`.

This is the only module that imports the actions; the actions queue these tasks by name
(`rapportage.archief.wachtrij`). The names (`rapportage.tasks.*`) are kept from before the archive had
its own package, so queued messages and the beat schedule stay valid.

- `bouw_rapport(rapport_id)`: build one PDF. acks_late + reject_on_worker_lost: a worker that dies
  mid-build leaves the message to be delivered again; the action makes that (and any other duplicate)
  harmless. Transient errors (database, network, disk) are retried with exponential backoff; after the
  last try, or on any other error, the row is marked 'mislukt' with the error text.
- `meld_rapport_klaar(rapport_id)`: e-mail the subscribers a link, once per build.
- `plan_maandrapporten` / `plan_organisatierapporten` / `plan_kwartaalrapporten` (celery beat,
  settings.CELERY_BEAT_SCHEDULE): fan out one `plan_rapport` task per gemeente, partner or region, so one
  failure never stops the others.
- `herstel_rapporten` (celery beat, and whenever a worker starts): queue again what a dead worker left.

With CELERY_TASK_ALWAYS_EAGER (the demo without a broker) all of this runs in-process.
"""

from __future__ import annotations

import logging
import smtplib

from celery import shared_task
from celery.signals import worker_ready
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from hoofdzaak import achtergrond
from hoofdzaak.models import Organisatie, Regio

from ..perioden import Rapportperiode
from . import actions, wachtrij
from .models import PARTNER_SOORTEN, RapportSoort

logger = logging.getLogger(__name__)

# Errors worth another try: the database or broker blinked, the disk was full for a moment.
TIJDELIJKE_FOUTEN, MAX_POGINGEN = achtergrond.TIJDELIJKE_FOUTEN, achtergrond.MAX_POGINGEN


@shared_task(
    name=wachtrij.BOUW_RAPPORT,
    base=achtergrond.bouwtaak("rapport_id", lambda **rij: actions.markeer_mislukt(**rij)),
    **achtergrond.BOUWTAAK_OPTIES,
)
def bouw_rapport(self, rapport_id: int) -> str:
    try:
        rapport = actions.bouw(rapport_id=rapport_id)
    except TIJDELIJKE_FOUTEN as fout:
        tekst = f"{type(fout).__name__}: {fout}"
        if self.request.retries < self.max_retries:
            # Shown while waiting; Celery's autoretry schedules the next try.
            actions.markeer_opnieuw(rapport_id=rapport_id, fout=tekst, over_seconden=10 * 2**self.request.retries)
        else:
            actions.markeer_mislukt(rapport_id=rapport_id, fout=tekst)
        raise
    except Exception as fout:
        # Marked here as well as in on_failure: eager mode with propagating exceptions (the demo) skips it.
        actions.markeer_mislukt(rapport_id=rapport_id, fout=f"{type(fout).__name__}: {fout}")
        raise
    return "gebouwd" if rapport is not None else "overgeslagen"


@shared_task(
    name=wachtrij.MELD_RAPPORT_KLAAR,
    acks_late=True,
    autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError, OperationalError),
    max_retries=5,
    retry_backoff=30,
)
def meld_rapport_klaar(rapport_id: int) -> int:
    return actions.meld_abonnees(rapport_id=rapport_id)


@shared_task(
    name=wachtrij.PLAN_RAPPORT,
    acks_late=True,
    autoretry_for=(OperationalError, InterfaceError),
    max_retries=3,
    retry_backoff=30,
)
def plan_rapport(regio_id: int, soort: str, van: str, tot: str, scope_id: int | None = None) -> int:
    """Create (or leave alone, when done or running) one scheduled report and queue its build."""
    regio = Regio.objects.get(pk=regio_id)
    scope = Organisatie.objects.get(pk=scope_id, regio=regio) if scope_id else None
    periode = Rapportperiode(van=_datum(van), tot=_datum(tot))
    return actions.plan_rapport(regio=regio, soort=soort, periode=periode, scope=scope).pk


def _datum(tekst: str):
    import datetime

    return datetime.date.fromisoformat(tekst)


def _verspreid(opdrachten: list[dict]) -> int:
    """Queue one `plan_rapport` per report; a failure to queue one is logged and the rest go on."""
    gelukt = 0
    for opdracht in opdrachten:
        try:
            plan_rapport.delay(**opdracht)
            gelukt += 1
        except Exception:
            logger.exception("rapport kon niet worden gepland: %s", opdracht)
    return gelukt


@shared_task(name=wachtrij.PLAN_MAANDRAPPORTEN)
def plan_maandrapporten(datum: str | None = None) -> int:
    """Every gemeente of every region: its report on the month before `datum` (default: today)."""
    periode = Rapportperiode.vorige_maand(_datum(datum) if datum else timezone.localdate())
    opdrachten = [
        {
            "regio_id": gemeente.regio_id,
            "soort": RapportSoort.MAAND.value,
            "van": periode.van.isoformat(),
            "tot": periode.tot.isoformat(),
            "scope_id": gemeente.pk,
        }
        for gemeente in Organisatie.objects.gemeenten().order_by("regio_id", "naam")
    ]
    return _verspreid(opdrachten)


@shared_task(name=wachtrij.PLAN_ORGANISATIERAPPORTEN)
def plan_organisatierapporten(datum: str | None = None) -> int:
    """Every partner (UWV, GGZ provider, re-integration company, peer support) of every region: its report
    on its own scope for the month before `datum` (default: today)."""
    periode = Rapportperiode.vorige_maand(_datum(datum) if datum else timezone.localdate())
    opdrachten = [
        {
            "regio_id": partner.regio_id,
            "soort": RapportSoort.ORGANISATIE.value,
            "van": periode.van.isoformat(),
            "tot": periode.tot.isoformat(),
            "scope_id": partner.pk,
        }
        for partner in Organisatie.objects.filter(soort__in=PARTNER_SOORTEN).order_by("regio_id", "naam")
    ]
    return _verspreid(opdrachten)


@shared_task(name=wachtrij.PLAN_KWARTAALRAPPORTEN)
def plan_kwartaalrapporten(datum: str | None = None) -> int:
    """Every region: its report on the quarter before `datum` (default: today)."""
    periode = Rapportperiode.vorig_kwartaal(_datum(datum) if datum else timezone.localdate())
    opdrachten = [
        {
            "regio_id": regio.pk,
            "soort": RapportSoort.KWARTAAL.value,
            "van": periode.van.isoformat(),
            "tot": periode.tot.isoformat(),
        }
        for regio in Regio.objects.order_by("pk")
    ]
    return _verspreid(opdrachten)


@shared_task(name=wachtrij.HERSTEL_RAPPORTEN)
def herstel_rapporten() -> int:
    ids = actions.herstel_vastgelopen()
    for rapport_id in ids:
        logger.warning("rapport %s: nog niet verstuurd of zonder levend proces; naar de wachtrij", rapport_id)
        actions.geef_bouw_door(rapport_id=rapport_id)
    return len(ids)


@worker_ready.connect
def _bij_start_van_worker(sender=None, **kwargs) -> None:
    # Only send a message here: this runs in the worker's main process, before any database work.
    try:
        herstel_rapporten.delay()
    except Exception:
        logger.exception("herstel_rapporten kon niet worden gepland")
