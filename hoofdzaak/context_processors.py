"""What every template gets: the region context, the user's regions (for the region switcher) and
the region menu."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .menu import menu_voor
from .tenancy import regios_van


def portaal(request: HttpRequest) -> dict:
    ctx = getattr(request, "regio_ctx", None)
    match = getattr(request, "resolver_match", None)
    if ctx is not None:
        # The tenancy middleware read them with the memberships: no query of its own.
        regios = list(ctx.regios)
        menu = SimpleLazyObject(lambda: menu_voor(ctx, match.url_name if match else None))
    else:
        regios, menu = SimpleLazyObject(lambda: regios_van(request.user)), []
    return {"regio_ctx": ctx, "portaal_regios": regios, "menu": menu}
