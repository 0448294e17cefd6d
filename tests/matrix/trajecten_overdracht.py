"""Access rules of handing over a caseload (trajecten/views/overdracht.py): only a trajectbegeleider, for
the trajectories of its own organisation (trajecten.access); everybody else gets 404."""

from hoofdzaak.models import Rol

from . import Regel, alleen, regio

BEGELEIDER = alleen(Rol.TRAJECTBEGELEIDER, anders=404)

MATRIX: dict[str, Regel] = {
    # An empty POST shows the form again with its messages: nothing is handed over.
    "overdragen": Regel(rollen=BEGELEIDER, kwargs=regio, post=BEGELEIDER, dossiers=True),
}
