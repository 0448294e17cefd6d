"""The grants the facts imply, by the portal's own rules (`trajecten.toegang.gewenste_toegang_bulk`),
streamed into the two permission tables with COPY."""

from __future__ import annotations

from collections.abc import Iterator

from trajecten.models import Deelnemer, DeelnemerGroupObjectPermission, DeelnemerUserObjectPermission
from trajecten.toegang import gewenste_toegang_bulk, permissie_ids

from .stand import Stand

PER_KEER = 20_000  # participants per batch of facts


def maak_rechten(st: Stand) -> None:
    permissies = permissie_ids()
    groepen: list[tuple] = []
    gebruikers: list[tuple] = []
    ids = [pk for regio in st.regios for pk, _n in regio.deelnemers]
    for i in range(0, len(ids), PER_KEER):
        feiten = Deelnemer.objects.filter(pk__in=ids[i : i + PER_KEER]).values_list(
            "pk", "woongemeente_id", "peer_supporter_id"
        )
        for pk, (groep_rechten, gebruiker_rechten) in gewenste_toegang_bulk(feiten, st.vandaag).items():
            groepen += [(permissies[code], groep, pk) for groep, code in sorted(groep_rechten)]
            gebruikers += [(permissies[code], gebruiker, pk) for gebruiker, code in sorted(gebruiker_rechten)]

    def met_id(model, rijen: list[tuple]) -> Iterator[tuple]:
        for rij in rijen:
            yield (st.w.id(model), *rij)

    st.tellingen["rechten"] = st.w.copy(
        DeelnemerGroupObjectPermission,
        ["id", "permission_id", "group_id", "content_object_id"],
        met_id(DeelnemerGroupObjectPermission, groepen),
    ) + st.w.copy(
        DeelnemerUserObjectPermission,
        ["id", "permission_id", "user_id", "content_object_id"],
        met_id(DeelnemerUserObjectPermission, gebruikers),
    )
