"""Cached figures with exact invalidation.

Computing a region's figures takes a few dozen aggregate queries; the dashboard shows the same figures
to every projectleider of the region, and the monthly batch needs the region's own figures once for
each of its gemeenten. So `figuren.bereken` and `figuren.maandtrend` keep their results in the cache
(Redis in production), keyed by everything the result depends on:

- the region and its data version (`Cijferstand.versie`): PostgreSQL triggers give the region a new
  random version in the same transaction as every write to a row the figures read (migration
  rapportage 0002). A reader that sees version V therefore sees exactly the committed data of V, and an
  entry stored under V was computed from that data or newer — never older. Nothing is invalidated by
  hand, so no action can forget to;
- the arguments (period, filters, peildatum, months), the setting that shapes a figure
  (`DUURZAAM_MAANDEN`) and a fingerprint of the code of `rapportage.figuren`, so a deployment with
  other rules never reads the figures of the old ones.

Not cached: on SQLite (the local demo, which has no triggers), when PORTAAL_CIJFERCACHE_SECONDEN is 0,
and when the cache cannot be reached (logged; the figures are then computed as if there were no cache).
Entries expire after PORTAAL_CIJFERCACHE_SECONDEN (default one hour): the data-quality lists in them
carry pseudonymous participant numbers, which should not outlive their use.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from hoofdzaak.vaste_query import QuerySjabloon

from .models import Cijferstand

logger = logging.getLogger(__name__)

T = TypeVar("T")
CODE = hashlib.sha256((Path(__file__).parent / "figuren.py").read_bytes()).hexdigest()[:12]


def aan() -> bool:
    return connection.vendor == "postgresql" and settings.PORTAAL_CIJFERCACHE_SECONDEN > 0


# Read on every view of the figures: compiled once (hoofdzaak.vaste_query).
_VERSIE = QuerySjabloon(
    lambda regio_id: Cijferstand.objects.filter(regio_id=regio_id).values_list("versie").order_by("pk")[:1],
    {"regio_id": int},
)


def versie(regio_id: int) -> str:
    """The region's data version now: one SELECT (the row exists from the region's creation on)."""
    rijen = _VERSIE.lijst(regio_id=regio_id)
    if not rijen:  # a region created before the triggers, or a row removed by hand
        return Cijferstand.objects.get_or_create(regio_id=regio_id)[0].versie.hex
    return rijen[0][0].hex


def onthouden(regio_id: int, soort: str, argumenten: tuple, bereken: Callable[[], T]) -> T:
    """`bereken()`, or its result stored under the region's current data version and `argumenten`."""
    return onthouden_reeks(regio_id, soort, [argumenten], lambda _ontbrekend: [bereken()])[0]


def onthouden_reeks(
    regio_id: int, soort: str, argumenten: list[tuple], bereken: Callable[[list[tuple]], list[T]]
) -> list[T]:
    """One result per entry of `argumenten`: from the cache where it has one under the region's current
    data version, the others from one call `bereken(the missing argumenten)` (in that order), which are
    then stored. One query (the version) and one cache round trip each way."""
    if not aan():
        return bereken(argumenten)
    stand = versie(regio_id)
    sleutels = [_sleutel(regio_id, stand, soort, a) for a in argumenten]
    try:
        gevonden = cache.get_many(sleutels)
    except Exception:  # noqa: BLE001 - a cache outage must not take the figures down
        logger.warning("cijfercache niet bereikbaar; cijfers worden zonder cache berekend", exc_info=True)
        return bereken(argumenten)
    ontbrekend = [i for i, sleutel in enumerate(sleutels) if sleutel not in gevonden]
    if ontbrekend:
        berekend = bereken([argumenten[i] for i in ontbrekend])
        nieuw = {sleutels[i]: uitkomst for i, uitkomst in zip(ontbrekend, berekend, strict=True)}
        try:
            cache.set_many(nieuw, settings.PORTAAL_CIJFERCACHE_SECONDEN)
        except Exception:  # noqa: BLE001
            logger.warning("cijfercache niet bereikbaar; resultaat niet bewaard", exc_info=True)
        gevonden.update(nieuw)
    return [gevonden[sleutel] for sleutel in sleutels]


def _sleutel(regio_id: int, stand: str, soort: str, argumenten: tuple) -> str:
    vingerafdruk = hashlib.sha256(repr((argumenten, settings.DUURZAAM_MAANDEN)).encode()).hexdigest()[:32]
    return f"cijfers:{CODE}:{regio_id}:{stand}:{soort}:{vingerafdruk}"
