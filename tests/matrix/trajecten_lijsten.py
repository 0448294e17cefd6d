"""Access rules of the lists: the provider's caseload and each role's list of participants."""

from hoofdzaak.models import Rol

from . import Regel, alleen, regio

MATRIX: dict[str, Regel] = {
    # Only a trajectbegeleider has a caseload; for the others the URL does not exist (access.caseload_voor).
    "caseload": Regel(rollen=alleen(Rol.TRAJECTBEGELEIDER, anders=404), kwargs=regio, dossiers=True),
    # Every role with participant access gets its own list; the provider's list is its caseload; roles
    # that never see a participant are refused.
    "deelnemers": Regel(
        rollen={
            Rol.PROJECTLEIDER: 200,
            Rol.KLANTMANAGER: 200,
            Rol.PEER_SUPPORTER: 200,
            Rol.TRAJECTBEGELEIDER: 302,
            Rol.BESTUURDER: 403,
            Rol.WERKGEVERSADVISEUR: 403,
        },
        kwargs=regio,
        dossiers=True,
    ),
}
