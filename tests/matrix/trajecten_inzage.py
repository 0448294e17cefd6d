"""The AVG art. 15 export of one participant: only its provider's trajectbegeleider, like changing it."""

from . import Regel, deelnemer_kwargs
from .trajecten_deelnemer import BEHEER_ALLEEN, BEHEER_VARIANTEN

MATRIX = {
    "inzage_json": Regel(kwargs=deelnemer_kwargs("eigen"), rollen=BEHEER_ALLEEN, varianten=BEHEER_VARIANTEN),
    "inzage_pdf": Regel(kwargs=deelnemer_kwargs("eigen"), rollen=BEHEER_ALLEEN, varianten=BEHEER_VARIANTEN),
}
