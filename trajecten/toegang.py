"""The one function that turns facts into grants (DESIGN.md §3).

Grants are derived, never edited by hand: every action that changes a fact they depend on — the
provider of a trajectory, its referrer, the participant's woongemeente, a consent, the peer
assignment — calls `herbereken_toegang` in its own transaction.

- `beheer_deelnemer` to the group of every organisation that provides one of the participant's
  trajectories (a declined referral grants nothing);
- `volg_deelnemer` to the group of the referrer, the woongemeente and any UWV organisation, each only
  while that organisation holds a valid consent (the access queries check validity again at read
  time, so an expired consent stops access on the next request even before this runs);
- `peer_deelnemer` to the peer supporter assigned personally.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import timezone

from hoofdzaak.models import Soort

from .models import (
    Deelnemer,
    DeelnemerGroupObjectPermission,
    DeelnemerUserObjectPermission,
    Toestemming,
    TrajectStatus,
)

BEHEER = "beheer_deelnemer"
VOLG = "volg_deelnemer"
PEER = "peer_deelnemer"


def gewenste_toegang(deelnemer: Deelnemer, vandaag: datetime.date) -> tuple[set[tuple[int, str]], set[tuple[int, str]]]:
    """(group id, codename) and (user id, codename) pairs the facts call for today."""
    groepen: set[tuple[int, str]] = set()
    volgers = {deelnemer.woongemeente_id}
    for aanbieder_groep, verwijzer, status in deelnemer.trajecten.values_list(
        "aanbieder__groep_id", "verwijzer_id", "status"
    ):
        if status != TrajectStatus.AFGEWEZEN:
            groepen.add((aanbieder_groep, BEHEER))
        if verwijzer:
            volgers.add(verwijzer)
    for groep_id, organisatie_id, soort in (
        Toestemming.objects.filter(deelnemer=deelnemer)
        .geldig_op(vandaag)
        .values_list("organisatie__groep_id", "organisatie_id", "organisatie__soort")
    ):
        if organisatie_id in volgers or soort == Soort.UWV:
            groepen.add((groep_id, VOLG))
    gebruikers = {(deelnemer.peer_supporter_id, PEER)} if deelnemer.peer_supporter_id else set()
    return groepen, gebruikers


def _permissies() -> dict[str, Permission]:
    return {
        p.codename: p
        for p in Permission.objects.filter(content_type__app_label="trajecten", codename__in=[BEHEER, VOLG, PEER])
    }


@transaction.atomic
def herbereken_toegang(deelnemer: Deelnemer, vandaag: datetime.date | None = None) -> None:
    groepen, gebruikers = gewenste_toegang(deelnemer, vandaag or timezone.localdate())
    permissies = _permissies()
    for model, gewenst, veld in (
        (DeelnemerGroupObjectPermission, groepen, "group_id"),
        (DeelnemerUserObjectPermission, gebruikers, "user_id"),
    ):
        bestaand = {
            (houder, codename): pk
            for pk, houder, codename in model.objects.filter(content_object=deelnemer).values_list(
                "pk", veld, "permission__codename"
            )
        }
        overbodig = [pk for sleutel, pk in bestaand.items() if sleutel not in gewenst]
        if overbodig:
            model.objects.filter(pk__in=overbodig).delete()
        model.objects.bulk_create(
            model(content_object=deelnemer, permission=permissies[codename], **{veld: houder})
            for houder, codename in gewenst - bestaand.keys()
        )


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
