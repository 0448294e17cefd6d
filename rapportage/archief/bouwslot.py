"""One build per report at a time: a PostgreSQL session-level advisory lock per report.

A second delivery of the same task finds the lock taken and stops; a worker that dies (SIGKILL, OOM,
lost machine) loses its database connection and with it the lock, so the row it left in 'bezig' can
be taken over by the next delivery. Other databases (SQLite in the demo) run tasks in-process, one at
a time, and need no lock. The lock itself is `hoofdzaak.achtergrond.bouwslot`, shared with the AVG export.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from hoofdzaak import achtergrond

# Namespace of the advisory locks of report builds (two-int form: namespace, report id).
BOUWSLOT_NAMESPACE = 0x52415050  # "RAPP"


@contextlib.contextmanager
def bouwslot(rapport_id: int) -> Iterator[bool]:
    """Yield whether this process may build the report: True unless another live build holds it."""
    with achtergrond.bouwslot(BOUWSLOT_NAMESPACE, rapport_id) as vrij:
        yield vrij


def wordt_gebouwd(rapport_id: int) -> bool:
    """Whether a live process holds the report's build lock (PostgreSQL only; elsewhere: False)."""
    return achtergrond.wordt_gebouwd(BOUWSLOT_NAMESPACE, rapport_id)
