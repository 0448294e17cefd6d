"""The session store (SESSION_ENGINE): Django's database sessions — server-side, and ended by deleting
the row (`hoofdzaak.actions.beeindig_sessies`) — read from a copy in Redis, whose idle expiry moves on
without a write per request.

The database row is the session; the copy in the `sessies` cache (Redis, shared by every web and worker
process) only saves a page the query and the ORM's work of reading it. Only a successful write of the
row writes the copy (login, a changed session, the expiry moved on), never a read: a request that read
the row just before it was deleted cannot bring the session back. Ending a session deletes the copy,
the row, and the copy once more (`delete()`: logout, `beeindig_sessies`, a new key at login). The copy
expires when the row does and carries the row's expiry, so a session read from the copy ends at the
same moment as one read from the row. Without a shared cache (the demo on SQLite: several processes
with their own memory) there is no `sessies` cache and every read goes to the row, as before.

With `SESSION_SAVE_EVERY_REQUEST` every page paid a transaction with an UPDATE of its session row
(three round trips and a WAL flush) only to move the expiry 30 minutes on. This store moves it on
when more than `VERNIEUW_NA_SECONDEN` of it has been used since the last save: at most one write a
minute per active session. The idle timeout therefore ends a session 29–30 minutes after its last
request, never later than before.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DbSessionStore
from django.core.cache import caches
from django.utils import timezone

VERNIEUW_NA_SECONDEN = 60
CACHE_ALIAS = "sessies"
SLEUTEL_PREFIX = "hoofdzaak.sessie:"

logger = logging.getLogger(__name__)


class SessionStore(DbSessionStore):
    _verloopt_op: datetime.datetime | None = None

    def __init__(self, session_key: str | None = None) -> None:
        self._kopie = caches[CACHE_ALIAS] if CACHE_ALIAS in settings.CACHES else None
        super().__init__(session_key)

    def _kopie_sleutel(self, session_key: str) -> str:
        return SLEUTEL_PREFIX + session_key

    def _lees_kopie(self) -> dict | None:
        # Django's keys are 32 letters and digits; a cookie with any other has no row either.
        sleutel = self.session_key
        if self._kopie is None or not sleutel or len(sleutel) > 40 or not sleutel.isalnum():
            return None
        try:
            opgeslagen = self._kopie.get(self._kopie_sleutel(sleutel))
        except Exception:  # Redis unreachable: the row answers
            logger.warning("sessiekopie niet leesbaar; de database antwoordt", exc_info=True)
            return None
        if not (isinstance(opgeslagen, tuple) and len(opgeslagen) == 2):
            return None
        gegevens, verloopt_op = opgeslagen
        if verloopt_op <= timezone.now():
            return None
        self._verloopt_op = verloopt_op
        return gegevens

    def _schrijf_kopie(self, gegevens: dict, verloopt_op: datetime.datetime) -> None:
        if self._kopie is None or not self.session_key:
            return
        over = int((verloopt_op - timezone.now()).total_seconds())
        if over <= 0:
            return
        try:
            self._kopie.set(self._kopie_sleutel(self.session_key), (gegevens, verloopt_op), over)
        except Exception:
            # The row was written; a copy that may be stale must not outlive it.
            logger.exception("sessiekopie niet geschreven")
            self._verwijder_kopie(self.session_key)

    def _verwijder_kopie(self, session_key: str) -> None:
        if self._kopie is None:
            return
        try:
            self._kopie.delete(self._kopie_sleutel(session_key))
        except Exception:
            # The row is deleted all the same. Should Redis come back with this copy, every page still reads the
            # user, its device and its memberships from the database: a deactivated user, a removed device, a
            # revoked membership or a changed password do not pass.
            logger.exception("sessiekopie niet verwijderd")

    def _get_session_from_db(self):
        sessie = super()._get_session_from_db()
        self._verloopt_op = sessie.expire_date if sessie is not None else None
        return sessie

    def load(self) -> dict:
        gegevens = self._lees_kopie()
        if gegevens is None:
            # No copy (Redis restarted, or not written yet): the row, and its copy at the next save.
            gegevens = super().load()
        if self._verloopt_op is not None:
            resterend = (self._verloopt_op - timezone.now()).total_seconds()
            if resterend < self.get_session_cookie_age() - VERNIEUW_NA_SECONDEN:
                # Saved by SessionMiddleware at the end of the request, with a new expiry.
                self.modified = True
        return gegevens

    def create_model_instance(self, data: dict):
        rij = super().create_model_instance(data)
        self._verloopt_op = rij.expire_date  # the copy carries the row's very expiry
        return rij

    def save(self, must_create: bool = False) -> None:
        super().save(must_create)
        self._schrijf_kopie(self._get_session(no_load=must_create), self._verloopt_op)

    def delete(self, session_key: str | None = None) -> None:
        # The copy before and after the row: a save that wrote the row just before it was deleted may
        # write its copy just after.
        sleutel = session_key or self.session_key
        if sleutel:
            self._verwijder_kopie(sleutel)
        super().delete(session_key)
        if sleutel:
            self._verwijder_kopie(sleutel)

    # exists() stays the row's: the session registry asks it at login, and the row is the session.
