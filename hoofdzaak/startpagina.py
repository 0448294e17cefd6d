"""Parts of a region's start page that other apps contribute (the begeleider's worklist, notifications).

The core may not import the apps built on it, so those apps register a function here from their
AppConfig.ready(); `regio_home` renders whatever is registered for the user's role. A part is a
function of the request returning (template, context), or None when it has nothing to show.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest

Onderdeel = Callable[[HttpRequest], tuple[str, dict] | None]

_ONDERDELEN: list[tuple[frozenset[str] | None, Onderdeel]] = []


def registreer(onderdeel: Onderdeel, *, rollen: tuple[str, ...] | None = None) -> None:
    """Add a part for these roles (None: every role). Registering the same function twice adds it once."""
    if any(bestaand is onderdeel for _rollen, bestaand in _ONDERDELEN):
        return
    _ONDERDELEN.append((frozenset(rollen) if rollen else None, onderdeel))


def onderdelen_voor(request: HttpRequest) -> list[tuple[str, dict]]:
    rol = request.regio_ctx.rol
    gevonden = []
    for rollen, onderdeel in _ONDERDELEN:
        if rollen is None or rol in rollen:
            resultaat = onderdeel(request)
            if resultaat is not None:
                gevonden.append(resultaat)
    return gevonden
