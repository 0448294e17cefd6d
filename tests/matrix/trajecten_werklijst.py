"""Access rules of the worklist (trajecten/views/werklijst.py).

Only a trajectbegeleider has a worklist, and may only put aside items of trajectories on its own list;
for everybody else, and for a trajectory of another provider or region, the URL does not exist (404 from
access.werkpunt_voor). An unknown kind of item is 404 too.
"""

from hoofdzaak.models import Rol

from . import GEEN, Regel, alleen, regio


def werkpunt(situatie: str, soort: str = "geen_contact"):
    return lambda w: {**regio(w), "pk": getattr(w.dossiers, situatie).trajecten.get().pk, "soort": soort}


def werkpunt_andere_regio(w):
    return {**regio(w), "pk": w.dossiers.andere_regio.trajecten.get().pk, "soort": "geen_contact"}


BEGELEIDER = alleen(Rol.TRAJECTBEGELEIDER, anders=404)

MATRIX: dict[str, Regel] = {
    "werkpunt_uitstellen": Regel(
        rollen=BEGELEIDER,
        kwargs=werkpunt("eigen"),
        vreemd_object=werkpunt_andere_regio,
        # An empty POST shows the form again with the message that a reason is needed.
        post=BEGELEIDER,
        varianten={
            "andere aanbieder in de regio": (werkpunt("zonder_toestemming"), GEEN),
            "onbekende soort": (werkpunt("eigen", "bestaat_niet"), GEEN),
        },
    ),
}
