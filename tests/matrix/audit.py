"""Access rules of the audit log: only the region's projectleider searches it."""

from hoofdzaak.models import Rol

from . import Regel, alleen, regio

MATRIX: dict[str, Regel] = {
    "beheer_auditlog": Regel(rollen=alleen(Rol.PROJECTLEIDER), kwargs=regio),
}
