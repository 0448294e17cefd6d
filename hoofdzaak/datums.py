"""Dates and months in Dutch, one way everywhere: pages, charts (rapportage/svg.py callers) and PDFs.

    datum(2026-11-27)       -> "27 nov. 2026"
    datum_tijd(...)         -> "27 nov. 2026, 14:05"   (local time; with seconden=True "14:05:09", the audit log)
    maand(2026-03-01)       -> "mrt. 2026"
    dag_maand(2026-12-02)   -> "2 dec."
    maand_kort(2026-03-01)  -> "mrt."                  (chart labels; the year goes on its own line)
    maand_voluit(2026-11-01)-> "november 2026"         (a report's period in its title)

Written out here rather than through Django's date formats: those follow the active language (a Celery
worker or a management command may have none) and abbreviate "maart" as "maa". The abbreviations are the
ones Dutch style guides use (Taalunie): jan., feb., mrt., apr., mei, jun., jul., aug., sep., okt., nov., dec.
See docs/begrippen.md.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

MAANDEN = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
MAANDEN_KORT = ("jan.", "feb.", "mrt.", "apr.", "mei", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec.")


def _als_datum(waarde: datetime.date | datetime.datetime) -> datetime.date:
    if isinstance(waarde, datetime.datetime):
        return timezone.localtime(waarde).date() if timezone.is_aware(waarde) else waarde.date()
    return waarde


def maand_kort(waarde: datetime.date | datetime.datetime) -> str:
    return MAANDEN_KORT[_als_datum(waarde).month - 1]


def dag_maand(waarde: datetime.date | datetime.datetime) -> str:
    d = _als_datum(waarde)
    return f"{d.day} {maand_kort(d)}"


def datum(waarde: datetime.date | datetime.datetime) -> str:
    d = _als_datum(waarde)
    return f"{d.day} {maand_kort(d)} {d.year}"


def maand(waarde: datetime.date | datetime.datetime) -> str:
    d = _als_datum(waarde)
    return f"{maand_kort(d)} {d.year}"


def maandlabels(maanden: list[datetime.date]) -> list[str]:
    """Labels under a chart's monthly columns: the year only where it changes (the first column and January),
    "mrt. 2026 | apr. | … | jan. 2027": a full "mrt. 2026" under every column would not fit."""
    return [maand(m) if i == 0 or m.month == 1 else maand_kort(m) for i, m in enumerate(maanden)]


def datum_tijd(waarde: datetime.datetime, seconden: bool = False) -> str:
    moment = timezone.localtime(waarde) if timezone.is_aware(waarde) else waarde
    return f"{datum(moment.date())}, {moment:%H:%M:%S}" if seconden else f"{datum(moment.date())}, {moment:%H:%M}"


def maand_voluit(waarde: datetime.date | datetime.datetime) -> str:
    d = _als_datum(waarde)
    return f"{MAANDEN[d.month - 1]} {d.year}"
