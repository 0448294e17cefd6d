"""The access matrix: for every URL pattern, the expected status for every actor.

Each module in this package adds a `MATRIX` dict for its part of the portal; tests/test_access_matrix.py
joins them and fails for any URL pattern that has no entry.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver

from hoofdzaak.models import Rol

ROLLEN = list(Rol.values)
LEDEN = dict.fromkeys(ROLLEN, 200)


def alleen(*rollen: str, ok: int = 200, anders: int = 403) -> dict[str, int]:
    return {rol: ok if rol in rollen else anders for rol in ROLLEN}


@dataclass
class Regel:
    """Expected GET status per actor; `rollen` are users of the URL's own region."""

    rollen: dict[str, int]
    kwargs: Callable = lambda w: {}
    anoniem: int = 302
    # Users of the other region asking for this URL in the first region (None: not a region URL).
    andere_regio: int | None = 404
    # kwargs that point at an object of the other region under the first region's URL; roles that
    # may open the page must get 404 for it.
    vreemd_object: Callable | None = None
    # Expected status of an empty POST per role, for URLs whose writes are POST-only.
    post: dict[str, int] = field(default_factory=dict)
    # Participant situations (tests/conftest.py `Dossiers`): label -> (kwargs, expected GET status per
    # role of the first region). `kwargs` receives the world, whose `.dossiers` is then filled.
    varianten: dict[str, tuple[Callable, dict[str, int]]] = field(default_factory=dict)
    # Build the participant dossiers even without variants (kwargs refer to them).
    dossiers: bool = False


def regio(w):
    return {"regio": w.a.regio.slug}


GEEN = dict.fromkeys(ROLLEN, 404)


def deelnemer_kwargs(situatie: str) -> Callable:
    """kwargs for a URL about the participant in `situatie` (see tests/conftest.py `Dossiers`)."""
    return lambda w: {**regio(w), "nummer": getattr(w.dossiers, situatie).nummer}


# --- The whole matrix and the URL patterns it must cover ---------------------------------------------------------


@functools.cache
def alle_regels() -> dict[str, Regel]:
    """Every module's MATRIX joined (read by the access matrix, the read-audit walk and the fuzz test)."""
    result: dict[str, Regel] = {}
    for module_info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        dubbel = result.keys() & module.MATRIX.keys()
        assert not dubbel, f"dubbele regels in de matrix: {dubbel}"
        result.update(module.MATRIX)
    return result


def url_patronen(resolver: URLResolver | None = None, namespace: str = "") -> list[tuple[str, URLPattern]]:
    resolver = resolver or get_resolver()
    result = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            result.extend(url_patronen(pattern, ns))
        else:
            result.append(
                (
                    f"{namespace}{pattern.name}" if pattern.name else f"{namespace}<naamloos {pattern.pattern}>",
                    pattern,
                )
            )
    return result
