"""Access rules of referral, inbox and intake (trajecten/views/aanmelding.py).

The klantmanager refers and sees its organisation's referrals; the trajectbegeleider handles the
referrals to its own organisation and registers intakes. Every other role gets 403 from the role
check, which runs before any object is looked up and is the same for every pk, so it tells nothing
about a referral. A referral to another provider of the region, or one of another region, is 404
for the trajectbegeleider, exactly like one that does not exist.
"""

from hoofdzaak.models import Rol

from . import ROLLEN, Regel, alleen, regio

KLANTMANAGER = alleen(Rol.KLANTMANAGER)
BEGELEIDER = alleen(Rol.TRAJECTBEGELEIDER)


def traject_van(situatie: str):
    """kwargs for the referral page of the trajectory of the participant in `situatie` (tests/conftest.py)."""
    return lambda w: {**regio(w), "pk": getattr(w.dossiers, situatie).trajecten.get().pk}


def traject_andere_regio(w):
    return {**regio(w), "pk": w.dossiers.andere_regio.trajecten.get().pk}


MATRIX: dict[str, Regel] = {
    "aanmelden": Regel(rollen=KLANTMANAGER, kwargs=regio, post=KLANTMANAGER),
    "aanmeldingen": Regel(rollen=KLANTMANAGER, kwargs=regio),
    "inbox": Regel(rollen=BEGELEIDER, kwargs=regio),
    "intake": Regel(rollen=BEGELEIDER, kwargs=regio, post=BEGELEIDER),
    "intake_dubbelcheck": Regel(rollen=BEGELEIDER, kwargs=regio),
    "aanmelding_behandelen": Regel(
        # `eigen` is run by the trajectbegeleider's organisation (GGZ): the page shows its outcome.
        rollen=BEGELEIDER,
        kwargs=traject_van("eigen"),
        vreemd_object=traject_andere_regio,
        post=BEGELEIDER,
        varianten={
            "andere aanbieder in de regio": (
                traject_van("zonder_toestemming"),
                {rol: 404 if rol == Rol.TRAJECTBEGELEIDER else 403 for rol in ROLLEN},
            ),
        },
    ),
}
