"""Access rules of the dashboard: projectleider (whole region) and bestuurder (own scope next to the
region) only; other roles 403, anonymous to the login page, users of another region 404."""

from hoofdzaak.models import Rol

from . import Regel, alleen, regio

MATRIX: dict[str, Regel] = {
    "dashboard": Regel(rollen=alleen(Rol.PROJECTLEIDER, Rol.BESTUURDER), kwargs=regio),
    # IPS fidelity: the projectleider and a provider's trajectbegeleiders; of the bestuurders only a GGZ
    # provider's (the test world's is a gemeente's: 403; the GGZ bestuurder is in tests/test_modeltrouw.py).
    "modeltrouw": Regel(rollen=alleen(Rol.PROJECTLEIDER, Rol.TRAJECTBEGELEIDER), kwargs=regio),
}
