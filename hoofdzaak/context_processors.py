"""What every template gets: the region context, the user's regions (for the region switcher), the
region menu and the page frame's URLs."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .menu import kader_urls, menu_voor
from .tenancy import regios_van


def portaal(request: HttpRequest) -> dict:
    ctx = getattr(request, "regio_ctx", None)
    match = getattr(request, "resolver_match", None)
    if ctx is not None:
        # The tenancy middleware read them with the memberships: no query of its own.
        regios = list(ctx.regios)
        # Every region page shows it (the menu bar), and its URLs are reversed once per process: no lazy object.
        menu = menu_voor(ctx, match.url_name if match else None)
    else:
        regios, menu = SimpleLazyObject(lambda: regios_van(request.user)), []
    urls = kader_urls(ctx.regio.slug if ctx is not None else None)
    return {"regio_ctx": ctx, "portaal_regios": regios, "menu": menu, "kader_urls": urls}
