"""The dashboard's first view after a change, computed ahead by the worker.

Every write to the data the figures read gives the region a new data version (PostgreSQL triggers,
`rapportage.cijfercache`), so the first dashboard view after a change would compute the figures in the request
(a few dozen aggregate queries and rendering the page: ~20× the cost of a trivial page). Instead, once such a
write commits, a Celery task computes and renders the view users open first — the projectleider's dashboard of
the current year, the whole region (`access.regio_scope`, the default of the dashboard's form) — for the
region's new version, and stores it where the view looks (`dashboard_weergave.deel`). A view that comes before
the worker is done computes the figures itself, as before: correct and current, never stale, since every entry
is keyed by the version it was computed for.

Where writes are noticed: every statement the portal sends to PostgreSQL passes through the connection, so an
execute wrapper (installed on each connection, `rapportage.apps`) sees every INSERT, UPDATE and DELETE of a table
the figures read — by any action, the admin, the retention job or plain SQL through Django — and asks, once per
transaction, for `plan()` after the commit. The region is not known there (the statement's parameters say it in
no fixed place); the task finds the changed regions itself: one query for every region's version, one cache read
for the versions it computed last (`KLAAR`). So a change in one region computes that region only.

- `plan()`: queue the task once the transaction commits, unless one is waiting already (`WACHT`, an atomic
  add in the cache): two writes, or a thousand, give one task. The task clears `WACHT` as it starts, before
  it reads the versions, so a write that commits while it runs queues the next one.
- `bereken_gewijzigde()` (the task, and every minute from celery beat as a safety net for writes Django never
  saw, e.g. psql): each region whose version differs from the one last computed ahead, one at a time, under a
  per-region advisory lock so two workers never compute the same region at once.

Not on SQLite (the demo: no triggers, `cijfercache` does not cache there) and not with the cache switched off.
"""

from __future__ import annotations

import logging
import re
from functools import partial

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from hoofdzaak import achtergrond
from hoofdzaak.models import Regio

from . import access, cijfercache
from .figuren import Periode
from .models import Cijferstand
from .views import dashboard_weergave
from .views.dashboard import standaardfilters

logger = logging.getLogger(__name__)

TAAK = "rapportage.tasks.bereken_vooruit"

# The tables whose rows the figures and the dashboard read: those with the data-version triggers (rapportage
# migrations 0002 and 0006, werkgevers 0003).
BRONTABELLEN = frozenset(
    {
        "trajecten_traject",
        "trajecten_plaatsing",
        "trajecten_contactmoment",
        "trajecten_deelnemer",
        "hoofdzaak_organisatie",
        "hoofdzaak_doelstelling",
        "hoofdzaak_doelversie",
        "hoofdzaak_doeldeel",
        "werkgevers_werkgeverscontact",
    }
)
_SCHRIJFT = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)

# A task is waiting in the queue (cleared when it starts); the expiry only frees the way after a lost message. These
# marks are per database: portals (and parallel test runs) sharing one cache each have their own.
WACHT = "vooruit:wacht:{database}"
WACHT_SECONDEN = 60
# Per region: the data version whose first view was computed ahead last. Longer than the figures live (an hour,
# for privacy): after they expire the view computes them again, but the worker does not keep them alive.
KLAAR = "vooruit:klaar:{database}:{code}:{regio_id}"
KLAAR_SECONDEN = 25 * 3600
# The advisory locks of a region being computed ahead (two-int form: namespace, region id).
SLOT_NAMESPACE = 0x564F4F52  # "VOOR"
# A burst of writes (an import, a bulk correction) is collected into one task.
UITSTEL_SECONDEN = 1


# --- Noticing writes ------------------------------------------------------------------------------------------


def let_op_schrijven(execute, sql, params, many, context):
    """Execute wrapper (`connection.execute_wrappers`): after a statement that writes to a table the figures
    read, `plan()` once the transaction commits."""
    uitkomst = execute(sql, params, many, context)
    if isinstance(sql, str):
        gevonden = _SCHRIJFT.match(sql)
        if gevonden is not None and gevonden.group(1).lower() in BRONTABELLEN:
            _plan_na_commit(context["connection"])
    return uitkomst


def installeer(*, connection, **_kwargs) -> None:
    """`connection_created` receiver: the wrapper on each new connection (once: Django reuses the wrapper object)."""
    if connection.vendor == "postgresql" and let_op_schrijven not in connection.execute_wrappers:
        connection.execute_wrappers.append(let_op_schrijven)


def _plan_na_commit(verbinding) -> None:
    # Once per transaction: Django keeps the callbacks as (savepoint ids, function, robust); one registered
    # in a savepoint that was rolled back is gone from the list, so a later write registers again.
    if any(functie is plan for _ids, functie, _robuust in verbinding.run_on_commit):
        return
    transaction.on_commit(plan, using=verbinding.alias, robust=True)


def plan() -> None:
    """Queue the task, unless one is waiting already (robust: a cache or broker outage is logged, and the
    beat's run within a minute picks the change up)."""
    if not cijfercache.aan():
        return
    try:
        if not cache.add(wacht_sleutel(), 1, WACHT_SECONDEN):
            return
    except Exception:  # noqa: BLE001 - without the cache no figures are kept either; nothing to compute ahead
        logger.warning("cijfercache niet bereikbaar; dashboard niet vooruit berekend", exc_info=True)
        return
    achtergrond.taak(TAAK).apply_async(countdown=UITSTEL_SECONDEN)


# --- Computing ahead ------------------------------------------------------------------------------------------


def bereken_gewijzigde() -> list[int]:
    """Compute ahead the first dashboard view of each region whose data changed since it was last done; returns
    their ids. Two queries and two cache round trips when nothing changed."""
    cache.delete(wacht_sleutel())  # before reading the versions: a write committing from here on queues the next task
    if not cijfercache.aan():
        return []
    standen = {regio_id: versie.hex for regio_id, versie in Cijferstand.objects.values_list("regio_id", "versie")}
    klaar = cache.get_many([_klaar(regio_id) for regio_id in standen])
    gewijzigd = [regio_id for regio_id, versie in standen.items() if klaar.get(_klaar(regio_id)) != versie]
    gedaan = []
    for regio in Regio.objects.filter(pk__in=gewijzigd).order_by("pk"):
        try:
            if bereken_vooruit(regio_id=regio.pk, regio=regio, versie=standen[regio.pk]):
                gedaan.append(regio.pk)
        except Exception:  # one region's failure must not keep the others waiting; the beat tries again
            logger.exception("dashboard van regio %s niet vooruit berekend", regio.pk)
    return gedaan


def bereken_vooruit(*, regio_id: int, regio: Regio | None = None, versie: str | None = None) -> bool:
    """Compute and render the projectleider's default dashboard view of the region for its current data version
    (`versie`, read before; the figures are computed from that data or newer), and remember that version. False
    when another process is at it."""
    if not cijfercache.aan():
        return False
    with achtergrond.bouwslot(SLOT_NAMESPACE, regio_id) as vrij:
        if not vrij:
            return False
        versie = versie or cijfercache.versie(regio_id)
        regio = regio or Regio.objects.get(pk=regio_id)
        vandaag = timezone.localdate()
        # The default of the dashboard's form (DashboardFilterForm): this year, the whole region.
        scope = access.regio_scope(regio)
        dashboard_weergave.deel(
            scope=scope,
            periode=Periode.jaar(vandaag.year),
            gemeente=None,
            peildatum=vandaag,
            filters=partial(standaardfilters, scope=scope, vandaag=vandaag),
        )
        cache.set(_klaar(regio_id), versie, KLAAR_SECONDEN)
    return True


def vooruit_berekend(regio_id: int) -> bool:
    """Whether the region's first view was computed ahead for its current data version."""
    return cache.get(_klaar(regio_id)) == cijfercache.versie(regio_id)


def wacht_sleutel() -> str:
    return WACHT.format(database=connection.settings_dict["NAME"])


def _klaar(regio_id: int) -> str:
    # With the code's fingerprints: after a deployment that renders otherwise, every region is computed anew.
    return KLAAR.format(
        database=connection.settings_dict["NAME"],
        code=f"{cijfercache.CODE}{dashboard_weergave.VORM}",
        regio_id=regio_id,
    )
