"""About 1,000,000 contacts, spread over the trajectories by their length since intake, streamed
into COPY as they are drawn."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from trajecten.models import Contactmoment, ContactSoort

from .constanten import CONTACTSOORTEN, NOTITIES
from .stand import Stand, Trajectinfo

KOLOMMEN = [
    "id",
    "regio_id",
    "traject_id",
    "datum",
    "soort",
    "face_to_face",
    "werkgever_id",
    "minuten",
    "notitie",
    "door_id",
    "aangemaakt_op",
]
SOORTEN = [s for s, _g in CONTACTSOORTEN]
SOORT_GEWICHTEN = [g for _s, g in CONTACTSOORTEN]


def _dagen_sinds_intake(st: Stand, t: Trajectinfo) -> int:
    """The weight of a trajectory: days from intake to its end or today; 0 without an intake."""
    if t.loop["intakedatum"] is None:
        return 0
    return max(1, ((t.loop["einddatum"] or st.vandaag) - t.loop["intakedatum"]).days)


def _contacten(st: Stand, t: Trajectinfo, n: int, dagen: int) -> Iterator[tuple]:
    rnd = st.rnd
    peer = st.deelnemer_peer.get(t.deelnemer)
    for soort in rnd.choices(SOORTEN, weights=SOORT_GEWICHTEN, k=n):
        datum = min(st.vandaag, t.loop["intakedatum"] + datetime.timedelta(days=rnd.randint(0, dagen)))
        door, werkgever = t.begeleider, None
        if soort == ContactSoort.PEER_SUPPORT:
            if peer is None:
                soort = ContactSoort.COACHING
            else:
                door = peer
        elif soort == ContactSoort.WERKGEVERSCONTACT and t.regio.werkgevers:
            werkgever = rnd.choice(t.regio.werkgevers)
        yield (
            st.w.id(Contactmoment),
            t.regio.id,
            t.id,
            datum,
            soort,
            rnd.random() < 0.7,
            werkgever,
            rnd.choice((30, 45, 60, 90)),
            rnd.choice(NOTITIES),
            door,
            st.moment(datum),
        )


def maak_contacten(st: Stand) -> None:
    gewichten = [_dagen_sinds_intake(st, t) for t in st.trajectinfo]
    per_dag = st.aantal(1_000_000) / (sum(gewichten) or 1)

    def rijen() -> Iterator[tuple]:
        rest = 0.0
        for t, dagen in zip(st.trajectinfo, gewichten, strict=True):
            if not dagen:
                continue
            exact = dagen * per_dag + rest
            n = int(exact)
            rest = exact - n
            yield from _contacten(st, t, n, dagen)

    st.tellingen["contactmomenten"] = st.w.copy(Contactmoment, KOLOMMEN, rijen())
