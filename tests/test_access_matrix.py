"""Every URL pattern × every actor: anonymous, each role, users of another region, foreign objects.

A URL pattern without an entry in MATRIX fails `test_elk_urlpatroon_staat_in_de_matrix`, so nothing
can be added to the portal without deciding who may reach it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

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


def regio(w):
    return {"regio": w.a.regio.slug}


def org(w):
    return {**regio(w), "pk": w.a.organisaties["ggz"].pk}


def org_b(w):
    return {**regio(w), "pk": w.b.organisaties["ggz"].pk}


def lid(w):
    return {**regio(w), "pk": w.a.lidmaatschappen["collega"].pk}


def lid_b(w):
    return {**regio(w), "pk": w.b.lidmaatschappen["collega"].pk}


ONGELDIGE_LINK = {"uidb64": "MTIzNDU", "token": "abc-def"}

MATRIX: dict[str, Regel] = {
    # Outside the regions.
    "start": Regel(rollen=dict.fromkeys(ROLLEN, 302), andere_regio=None),
    "gezondheid": Regel(rollen=LEDEN, anoniem=200, andere_regio=None),
    "login": Regel(rollen=dict.fromkeys(ROLLEN, 302), anoniem=200, andere_regio=None),
    "logout": Regel(rollen=dict.fromkeys(ROLLEN, 405), anoniem=405, andere_regio=None),
    "password_reset": Regel(rollen=LEDEN, anoniem=200, andere_regio=None),
    "password_reset_done": Regel(rollen=LEDEN, anoniem=200, andere_regio=None),
    "password_reset_confirm": Regel(rollen=LEDEN, anoniem=200, andere_regio=None, kwargs=lambda w: ONGELDIGE_LINK),
    "password_reset_complete": Regel(rollen=LEDEN, anoniem=200, andere_regio=None),
    "activeren": Regel(
        rollen=dict.fromkeys(ROLLEN, 400), anoniem=400, andere_regio=None, kwargs=lambda w: ONGELDIGE_LINK
    ),
    # Every member of the region.
    "regio_home": Regel(rollen=LEDEN, kwargs=regio),
    "kies_rol": Regel(rollen=dict.fromkeys(ROLLEN, 405), kwargs=regio, post=dict.fromkeys(ROLLEN, 302)),
    # The projectleider manages its own region.
    "beheer_organisaties": Regel(rollen=alleen(Rol.PROJECTLEIDER), kwargs=regio),
    "beheer_organisatie_nieuw": Regel(rollen=alleen(Rol.PROJECTLEIDER), kwargs=regio, post=alleen(Rol.PROJECTLEIDER)),
    "beheer_organisatie": Regel(
        rollen=alleen(Rol.PROJECTLEIDER), kwargs=org, vreemd_object=org_b, post=alleen(Rol.PROJECTLEIDER)
    ),
    "beheer_gebruikers": Regel(rollen=alleen(Rol.PROJECTLEIDER), kwargs=regio),
    "beheer_uitnodigen": Regel(rollen=alleen(Rol.PROJECTLEIDER), kwargs=regio, post=alleen(Rol.PROJECTLEIDER)),
    "beheer_lidmaatschap": Regel(
        rollen=alleen(Rol.PROJECTLEIDER), kwargs=lid, vreemd_object=lid_b, post=alleen(Rol.PROJECTLEIDER)
    ),
    "beheer_lidmaatschap_actief": Regel(
        rollen=alleen(Rol.PROJECTLEIDER),
        kwargs=lid,
        vreemd_object=lid_b,
        post=alleen(Rol.PROJECTLEIDER, ok=302),
    ),
    "beheer_uitnodiging_opnieuw": Regel(
        rollen=dict.fromkeys(ROLLEN, 405), kwargs=lid, post=alleen(Rol.PROJECTLEIDER, ok=302)
    ),
}

# The Django admin is for platform staff only: every tenant role is sent to its login form.
ADMIN_ARGUMENTEN = {"object_id": "1", "id": "1", "app_label": "hoofdzaak", "content_type_id": 1, "url": "x"}


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


def test_elk_urlpatroon_staat_in_de_matrix():
    namen = {naam for naam, _ in url_patronen() if not naam.startswith("admin:")}
    assert namen - MATRIX.keys() == set(), "URL-patronen zonder regel in de toegangsmatrix"
    assert MATRIX.keys() - namen == set(), "regels in de matrix voor URL-patronen die niet meer bestaan"


def _status(client, gebruiker, methode: str, url: str) -> int:
    client.logout()
    if gebruiker is not None:
        client.force_login(gebruiker)
    return getattr(client, methode)(url).status_code


@pytest.mark.parametrize("naam", sorted(MATRIX))
def test_toegangsmatrix(naam, wereld, client):
    regel = MATRIX[naam]
    url = reverse(naam, kwargs=regel.kwargs(wereld))
    fouten = []

    def verwacht(wie: str, gebruiker, status: int, methode: str = "get", doel: str = url) -> None:
        gekregen = _status(client, gebruiker, methode, doel)
        if gekregen != status:
            fouten.append(f"{methode.upper()} {doel} als {wie}: {gekregen}, verwacht {status}")

    verwacht("anoniem", None, regel.anoniem)
    for rol in ROLLEN:
        verwacht(rol, wereld.a.gebruikers[rol], regel.rollen[rol])
        if regel.andere_regio is not None:
            verwacht(f"{rol} van een andere regio", wereld.b.gebruikers[rol], regel.andere_regio)
        if regel.vreemd_object and regel.rollen[rol] == 200:
            vreemd = reverse(naam, kwargs=regel.vreemd_object(wereld))
            verwacht(f"{rol} met een object van een andere regio", wereld.a.gebruikers[rol], 404, doel=vreemd)
    for rol, status in regel.post.items():
        verwacht(rol, wereld.a.gebruikers[rol], status, methode="post")
        if regel.andere_regio is not None:
            verwacht(f"{rol} van een andere regio", wereld.b.gebruikers[rol], regel.andere_regio, methode="post")
    assert not fouten, "\n".join(fouten)


def test_admin_alleen_voor_platformbeheer(wereld, client):
    fouten = []
    for naam, pattern in url_patronen():
        if not naam.startswith("admin:") or "naamloos" in naam:
            continue
        kwargs = {k: v for k, v in ADMIN_ARGUMENTEN.items() if k in pattern.pattern.regex.groupindex}
        url = reverse(naam, kwargs=kwargs)
        verwacht = 200 if naam == "admin:login" else 302  # the admin's own login form
        for wie, gebruiker in [("anoniem", None), *((rol, wereld.a.gebruikers[rol]) for rol in ROLLEN)]:
            response = _status(client, gebruiker, "get", url)
            if response != verwacht:
                fouten.append(f"{url} als {wie}: {response}, verwacht {verwacht}")
    assert not fouten, "\n".join(fouten)
