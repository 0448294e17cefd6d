"""Retention (DESIGN.md §4, AVG art. 5(1)(e)): anonymise participants once their data is no longer needed.

A participant is due when it has no active trajectory and its last trajectory ended more than
`PORTAAL_BEWAARTERMIJN_DAGEN` days ago (default 730). A trajectory "ended" on its `einddatum`; a
declined referral, which has none, on the date it was declined (its status change), and failing
that on its referral date.

What anonymising keeps and clears (docs/security.md, "Bewaartermijn"):

- kept, because the figures are built from them: the participant's number, region, woongemeente and
  benefit situation; every trajectory with its method, provider, referrer, funder, funding stream,
  status, dates, end reason and situation at start; status changes (dates and statuses); contacts
  (date, kind, duration, employer); proposals (vacancy, status, dates); placements (employer,
  function, dates, hours, contract, paid, wage subsidy);
- the birth date becomes 1 January of its year: the year stays for age statistics, which must
  therefore be defined on the birth year (year of the start date minus the birth year), so that
  they do not change;
- cleared: first and last name (→ "Geanonimiseerd"), postcode, phone, e-mail, work wishes, the
  peer supporter (and so the peer grant; `had_peer_supporter` keeps the fact for the peer-support
  share), and every free text: contact notes, referral notes,
  reasons for declining, status change notes, proposal profiles and reasons, placement end reasons;
- consents are deleted; only their number is kept (`aantal_toestemmingen`), and the grants are
  recomputed, which removes the follow grants they carried;
- the match keys (trajecten.koppeling) are deleted; `persoon` stays, so unique participants still count once.

The writes are actions (`trajecten.actions.anonimiseer`, `pas_bewaartermijn_toe`); this module holds the
rule of who is due. Each participant is anonymised in its own transaction with one audit row (a system
action: no user), so one failure never stops the rest. The same daily run purges audit rows older than five
years (`hoofdzaak.audit.purge_oude_auditregels`).
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import (
    ACTIEVE_STATUSSEN,
    Deelnemer,
    Traject,
    TrajectStatus,
    TrajectStatusWijziging,
)

logger = logging.getLogger(__name__)

GEANONIMISEERD = "Geanonimiseerd"
GRONDSLAG = "bewaartermijn"


def bewaargrens(vandaag: datetime.date | None = None) -> datetime.date:
    """Trajectories that ended before this date are past the retention period."""
    vandaag = vandaag or timezone.localdate()
    return vandaag - datetime.timedelta(days=settings.PORTAAL_BEWAARTERMIJN_DAGEN)


def _einde_van_traject():
    """A trajectory's end: its end date, else the date it was declined, else its referral date."""
    afgewezen_op = (
        TrajectStatusWijziging.objects.filter(traject=OuterRef("pk"), naar_status=TrajectStatus.AFGEWEZEN)
        .order_by("-datum")
        .values("datum")[:1]
    )
    return Coalesce("einddatum", Subquery(afgewezen_op), "verwijsdatum")


def te_anonimiseren(vandaag: datetime.date | None = None) -> QuerySet[Deelnemer]:
    """Participants (of every region) that are due: no active trajectory, none ended recently."""
    grens = bewaargrens(vandaag)
    recent = (
        Traject.objects.filter(deelnemer=OuterRef("pk")).annotate(einde=_einde_van_traject()).filter(einde__gte=grens)
    )
    actief = Traject.objects.filter(deelnemer=OuterRef("pk"), status__in=ACTIEVE_STATUSSEN)
    heeft_traject = Traject.objects.filter(deelnemer=OuterRef("pk"))
    return Deelnemer.objects.filter(
        Exists(heeft_traject), ~Exists(actief), ~Exists(recent), geanonimiseerd_op__isnull=True
    ).order_by("pk")
