"""Access rules of handing over (trajecten/views/overdracht.py): a caseload to a colleague, one trajectory to
another provider. Only a trajectbegeleider, for the trajectories of its own organisation (trajecten.access);
everybody else, and a trajectory of another provider or region, gets 404."""

from hoofdzaak.models import Rol

from . import GEEN, Regel, alleen, regio

BEGELEIDER = alleen(Rol.TRAJECTBEGELEIDER, anders=404)


def traject(situatie: str):
    return lambda w: {**regio(w), "pk": getattr(w.dossiers, situatie).trajecten.get().pk}


def koppeling(situatie: str, ander: str):
    """A match (trajecten.koppeling) of the trajectory of `situatie` with the one of `ander`, made once."""

    def kwargs(w):
        from trajecten.models import Koppeling

        eigen, anders = (getattr(w.dossiers, naam).trajecten.get() for naam in (situatie, ander))
        gevonden, _nieuw = Koppeling.objects.get_or_create(
            regio=eigen.regio, traject=eigen, ander_traject=anders, defaults={"exact": True}
        )
        return {**regio(w), "pk": gevonden.pk}

    return kwargs


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
    # POST-only: ask the other provider for a handover (then back to the participant: 302). A match of another
    # provider's trajectory is 404 (tests/test_koppeling.py).
    "overdracht_vragen": Regel(
        rollen=dict.fromkeys(Rol.values, 405),
        kwargs=koppeling("eigen", "zonder_toestemming"),
        dossiers=True,
        post=alleen(Rol.TRAJECTBEGELEIDER, ok=302, anders=404),
    ),
}
