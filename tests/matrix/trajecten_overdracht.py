"""Access rules of handing over (trajecten/views/overdracht.py): a caseload to a colleague, one trajectory to
another provider. Only a trajectbegeleider, for the trajectories of its own organisation (trajecten.access);
everybody else, and a trajectory of another provider or region, gets 404."""

from hoofdzaak.models import Rol

from . import GEEN, Regel, alleen, regio

BEGELEIDER = alleen(Rol.TRAJECTBEGELEIDER, anders=404)


def traject(situatie: str):
    return lambda w: {**regio(w), "pk": getattr(w.dossiers, situatie).trajecten.get().pk}


MATRIX: dict[str, Regel] = {
    # An empty POST shows the form again with its messages: nothing is handed over.
    "overdragen": Regel(rollen=BEGELEIDER, kwargs=regio, post=BEGELEIDER, dossiers=True),
    # An empty POST shows the form again with its messages: nothing is handed over.
    "traject_overdragen": Regel(
        rollen=BEGELEIDER,
        kwargs=traject("eigen"),
        dossiers=True,
        vreemd_object=traject("andere_regio"),
        varianten={"traject van een andere aanbieder": (traject("zonder_toestemming"), GEEN)},
        post=BEGELEIDER,
    ),
}
