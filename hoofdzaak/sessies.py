"""The session store (SESSION_ENGINE): Django's database sessions — server-side, and ended by deleting
the row (`hoofdzaak.actions.beeindig_sessies`) — whose idle expiry moves on without a write per request.

With `SESSION_SAVE_EVERY_REQUEST` every page paid a transaction with an UPDATE of its session row
(three round trips and a WAL flush) only to move the expiry 30 minutes on. This store moves it on
when more than `VERNIEUW_NA_SECONDEN` of it has been used since the last save: at most one write a
minute per active session. The idle timeout therefore ends a session 29–30 minutes after its last
request, never later than before.
"""

from __future__ import annotations

import datetime

from django.contrib.sessions.backends.db import SessionStore as DbSessionStore
from django.utils import timezone

VERNIEUW_NA_SECONDEN = 60


class SessionStore(DbSessionStore):
    _verloopt_op: datetime.datetime | None = None

    def _get_session_from_db(self):
        sessie = super()._get_session_from_db()
        self._verloopt_op = sessie.expire_date if sessie is not None else None
        return sessie

    def load(self) -> dict:
        gegevens = super().load()
        if self._verloopt_op is not None:
            resterend = (self._verloopt_op - timezone.now()).total_seconds()
            if resterend < self.get_session_cookie_age() - VERNIEUW_NA_SECONDEN:
                # Saved by SessionMiddleware at the end of the request, with a new expiry.
                self.modified = True
        return gegevens
