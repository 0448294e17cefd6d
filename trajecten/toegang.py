"""The one function that turns facts into grants (DESIGN.md §3).

Grants are derived, never edited by hand: every action that changes a fact they depend on — the
provider of a trajectory, its referrer, the participant's woongemeente, a consent, the peer
assignment — calls `herbereken_toegang` in its own transaction.

- `beheer_deelnemer` to the group of every organisation that provides one of the participant's
  trajectories (a declined referral grants nothing, and neither does a trajectory handed over to another
  provider: see the next rule);
- `historie_deelnemer` to the group of a provider whose trajectory ended as handed over to another
  provider (eindreden "overgedragen", trajecten.actions `draag_over_aan_aanbieder`), for
  `PORTAAL_INZAGE_NA_OVERDRACHT_DAGEN` days (default 90) after its end: its own history, read only
  (trajecten.access checks the period again at read time, as it does consent). Not where the same
  organisation holds `beheer_deelnemer` anyway;
- `volg_deelnemer` to the group of the referrer, the woongemeente and any UWV organisation, each only
  while that organisation holds a valid consent (the access queries check validity again at read
  time, so an expired consent stops access on the next request even before this runs);
- `peer_deelnemer` to the peer supporter assigned personally.

The rules are written once (`_regels`); `gewenste_toegang` reads one participant's facts plainly,
`gewenste_toegang_bulk` reads many set-based (tests/test_toegang.py checks both agree), and
`herbereken_toegang_bulk` is the one writer of grants — for one participant after an action, for many
in bulk (the benchmark generator, bulk recomputation).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import timezone

from hoofdzaak.models import Soort

from .models import (
    Deelnemer,
    DeelnemerGroupObjectPermission,
    DeelnemerUserObjectPermission,
    Eindreden,
    Toestemming,
    Traject,
    TrajectStatus,
)

BEHEER = "beheer_deelnemer"
VOLG = "volg_deelnemer"
PEER = "peer_deelnemer"
HISTORIE = "historie_deelnemer"


def historie_sinds(vandaag: datetime.date) -> datetime.date:
    """A trajectory handed over on or after this day still lets its old provider read its history."""
    return vandaag - datetime.timedelta(days=settings.PORTAAL_INZAGE_NA_OVERDRACHT_DAGEN)


Toegang = tuple[set[tuple[int, str]], set[tuple[int, str]]]


def _regels(
    woongemeente_id: int,
    peer_supporter_id: int | None,
    trajecten: Iterable[tuple[int, int | None, str, str, datetime.date | None]],
    geldige_toestemmingen: Iterable[tuple[int, int, str]],
    vandaag: datetime.date,
) -> Toegang:
    """The rules, once, over one participant's facts: its woongemeente and peer supporter, its
    trajectories as (provider group id, referrer id, status, end reason, end date) and its consents valid
    today as (organisation group id, organisation id, organisation kind)."""
    groepen: set[tuple[int, str]] = set()
    historie: set[int] = set()
    volgers = {woongemeente_id}
    grens = historie_sinds(vandaag)
    for aanbieder_groep, verwijzer, status, eindreden, einddatum in trajecten:
        if status == TrajectStatus.BEEINDIGD and eindreden == Eindreden.OVERGEDRAGEN:
            if einddatum is not None and einddatum >= grens:
                historie.add(aanbieder_groep)
        elif status != TrajectStatus.AFGEWEZEN:
            groepen.add((aanbieder_groep, BEHEER))
        if verwijzer:
            volgers.add(verwijzer)
    groepen |= {(groep, HISTORIE) for groep in historie if (groep, BEHEER) not in groepen}
    for groep_id, organisatie_id, soort in geldige_toestemmingen:
        if organisatie_id in volgers or soort == Soort.UWV:
            groepen.add((groep_id, VOLG))
    gebruikers = {(peer_supporter_id, PEER)} if peer_supporter_id else set()
    return groepen, gebruikers


_TRAJECTFEITEN = ("aanbieder__groep_id", "verwijzer_id", "status", "eindreden", "einddatum")
_TOESTEMMINGSFEITEN = ("organisatie__groep_id", "organisatie_id", "organisatie__soort")


def gewenste_toegang(deelnemer: Deelnemer, vandaag: datetime.date) -> Toegang:
    """(group id, codename) and (user id, codename) pairs the facts call for today: one participant,
    read the plain way (the reference the set-based `gewenste_toegang_bulk` is tested against)."""
    return _regels(
        deelnemer.woongemeente_id,
        deelnemer.peer_supporter_id,
        deelnemer.trajecten.values_list(*_TRAJECTFEITEN),
        Toestemming.objects.filter(deelnemer=deelnemer).geldig_op(vandaag).values_list(*_TOESTEMMINGSFEITEN),
        vandaag,
    )


def gewenste_toegang_bulk(
    deelnemers: Iterable[tuple[int, int, int | None]], vandaag: datetime.date
) -> dict[int, Toegang]:
    """`gewenste_toegang` for many participants in two queries, whatever their number.

    `deelnemers`: (id, woongemeente id, peer supporter id) per participant, as the caller has them."""
    feiten = {pk: (woongemeente, peer) for pk, woongemeente, peer in deelnemers}
    trajecten: dict[int, list[tuple[int, int | None, str, str, datetime.date | None]]] = defaultdict(list)
    for deelnemer_id, *rij in Traject.objects.filter(deelnemer_id__in=feiten).values_list(
        "deelnemer_id", *_TRAJECTFEITEN
    ):
        trajecten[deelnemer_id].append(tuple(rij))
    toestemmingen: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for deelnemer_id, *rij in (
        Toestemming.objects.filter(deelnemer_id__in=feiten)
        .geldig_op(vandaag)
        .values_list("deelnemer_id", *_TOESTEMMINGSFEITEN)
    ):
        toestemmingen[deelnemer_id].append(tuple(rij))
    return {
        pk: _regels(woongemeente, peer, trajecten[pk], toestemmingen[pk], vandaag)
        for pk, (woongemeente, peer) in feiten.items()
    }


def permissie_ids() -> dict[str, int]:
    """codename -> Permission id of the participant grants."""
    return dict(
        Permission.objects.filter(
            content_type__app_label="trajecten", codename__in=[BEHEER, VOLG, PEER, HISTORIE]
        ).values_list("codename", "pk")
    )


@transaction.atomic
def herbereken_toegang_bulk(
    deelnemers: Sequence[Deelnemer | int], vandaag: datetime.date | None = None
) -> tuple[int, int]:
    """Bring the stored grants of many participants in line with the facts, set-based: the facts in
    two or three queries, the stored grants in two, then one DELETE and one INSERT per permission table
    where anything changed. The one writer of grants: `herbereken_toegang` is this for one participant.

    `deelnemers`: instances (their woongemeente and peer supporter as saved) or ids (read here).
    Returns (grants added, grants removed)."""
    vandaag = vandaag or timezone.localdate()
    instanties = [d for d in deelnemers if isinstance(d, Deelnemer)]
    ids = [d for d in deelnemers if not isinstance(d, Deelnemer)]
    feiten = [(d.pk, d.woongemeente_id, d.peer_supporter_id) for d in instanties]
    if ids:
        feiten += Deelnemer.objects.filter(pk__in=ids).values_list("pk", "woongemeente_id", "peer_supporter_id")
    if not feiten:
        return 0, 0
    gewenst = gewenste_toegang_bulk(feiten, vandaag)
    permissies = permissie_ids()
    toegevoegd = verwijderd = 0
    for model, deel, veld in (
        (DeelnemerGroupObjectPermission, 0, "group_id"),
        (DeelnemerUserObjectPermission, 1, "user_id"),
    ):
        gewenste_rijen = {
            (pk, houder, codename) for pk, toegang in gewenst.items() for houder, codename in toegang[deel]
        }
        bestaand = {
            (deelnemer_id, houder, codename): pk
            for pk, deelnemer_id, houder, codename in model.objects.filter(content_object_id__in=gewenst).values_list(
                "pk", "content_object_id", veld, "permission__codename"
            )
        }
        overbodig = [pk for sleutel, pk in bestaand.items() if sleutel not in gewenste_rijen]
        if overbodig:
            verwijderd += model.objects.filter(pk__in=overbodig).delete()[0]
        nieuw = [
            model(content_object_id=deelnemer_id, permission_id=permissies[codename], **{veld: houder})
            for deelnemer_id, houder, codename in sorted(gewenste_rijen - bestaand.keys())
        ]
        toegevoegd += len(model.objects.bulk_create(nieuw, batch_size=5_000))
    return toegevoegd, verwijderd


def herbereken_toegang(deelnemer: Deelnemer, vandaag: datetime.date | None = None) -> None:
    """Recompute one participant's grants (after every change of its facts, in the same transaction)."""
    herbereken_toegang_bulk([deelnemer], vandaag)


def toegang_van(deelnemer: Deelnemer) -> tuple[set[tuple[int, str]], set[tuple[int, str]]]:
    """The grants as stored: (group id, codename) and (user id, codename) pairs."""
    return (
        set(
            DeelnemerGroupObjectPermission.objects.filter(content_object=deelnemer).values_list(
                "group_id", "permission__codename"
            )
        ),
        set(
            DeelnemerUserObjectPermission.objects.filter(content_object=deelnemer).values_list(
                "user_id", "permission__codename"
            )
        ),
    )
