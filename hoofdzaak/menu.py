"""The region menu and the home-page tiles, per role.

The apps register their own items (`registreer`, called from each app's `ready()` through its
`menu.py`), so the core names no URL of the apps above it. Items name URL patterns by their name
only; an item whose URL pattern does not exist (a capability not built) is simply left out, so a user
never meets a dead link. The reversed URLs of a role's menu in a region are kept per process: URL
patterns do not change while it runs, and the menu is on every page.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

from .models import Rol

if TYPE_CHECKING:
    from .tenancy import RegioContext


@dataclass(frozen=True)
class Item:
    # Place in the menu: lower comes first (the apps register in any order).
    volgorde: int
    url_naam: str
    label: str
    omschrijving: str
    rollen: frozenset[str]
    # URL names under which this item is the current page.
    actief: frozenset[str] = frozenset()


def item(volgorde: int, url_naam: str, label, omschrijving, *rollen: str, actief: tuple[str, ...] = ()) -> Item:
    return Item(volgorde, url_naam, label, omschrijving, frozenset(rollen), frozenset({url_naam, *actief}))


PL, TB, KM, PEER, WGA, BEST = (
    Rol.PROJECTLEIDER,
    Rol.TRAJECTBEGELEIDER,
    Rol.KLANTMANAGER,
    Rol.PEER_SUPPORTER,
    Rol.WERKGEVERSADVISEUR,
    Rol.BESTUURDER,
)

_ITEMS: list[Item] = []


def registreer(*items: Item) -> None:
    """Add menu items (idempotent: an item registered twice appears once)."""
    for nieuw in items:
        if nieuw not in _ITEMS:
            _ITEMS.append(nieuw)
    _ITEMS.sort(key=lambda i: i.volgorde)
    _regels.cache_clear()


def items() -> tuple[Item, ...]:
    return tuple(_ITEMS)


@dataclass(frozen=True)
class MenuRegel:
    url: str
    label: str
    omschrijving: str
    actief: bool


@functools.lru_cache(maxsize=1024)
def _regels(rol: str, slug: str, taal: str | None, prefix: str, urlconf) -> tuple[tuple[Item, str, str, str], ...]:
    """(item, url, label, description) of the items of `rol` whose URL exists, in menu order."""
    regels = []
    for i in _ITEMS:
        if rol not in i.rollen:
            continue
        try:
            url = reverse(i.url_naam, kwargs={"regio": slug})
        except NoReverseMatch:
            continue
        regels.append((i, url, str(i.label), str(i.omschrijving)))
    return tuple(regels)


# The URLs of the page frame (base.html, regio_base.html): the portal's own and, in a region, the region's.
KADER_URLS = ("start", "login", "logout", "beveiliging")
KADER_REGIO_URLS = ("regio_home", "kies_rol", "meldingen", "meldingen_aantal")


@functools.lru_cache(maxsize=1024)
def _kader_urls(slug: str | None, taal: str | None, prefix: str, urlconf) -> dict[str, str]:
    urls = {naam: reverse(naam) for naam in KADER_URLS}
    if slug is not None:
        urls.update({naam: reverse(naam, kwargs={"regio": slug}) for naam in KADER_REGIO_URLS})
    return urls


def kader_urls(slug: str | None) -> dict[str, str]:
    """The frame's URLs (menu bar, header forms), reversed once per region per process like the menu."""
    return _kader_urls(slug, get_language(), get_script_prefix(), get_urlconf())


def menu_voor(ctx: RegioContext, url_naam: str | None) -> list[MenuRegel]:
    return [
        MenuRegel(url, label, omschrijving, url_naam in i.actief)
        for i, url, label, omschrijving in _regels(
            ctx.rol, ctx.regio.slug, get_language(), get_script_prefix(), get_urlconf()
        )
    ]


def _registreer_beheer() -> None:
    """The core's own items: the region's management pages (hoofdzaak/urls.py)."""
    from django.utils.translation import gettext_lazy as _

    registreer(
        item(
            150,
            "beheer_organisaties",
            _("Organisaties"),
            _("De partners van de regio."),
            PL,
            actief=("beheer_organisatie", "beheer_organisatie_nieuw"),
        ),
        item(
            160,
            "beheer_gebruikers",
            _("Gebruikers"),
            _("Collega's uitnodigen, rollen wijzigen of deactiveren."),
            PL,
            actief=("beheer_uitnodigen", "beheer_lidmaatschap", "beheer_lidmaatschap_actief"),
        ),
        item(170, "beheer_auditlog", _("Auditlog"), _("Wie welke deelnemergegevens inzag of wijzigde."), PL),
    )


_registreer_beheer()
