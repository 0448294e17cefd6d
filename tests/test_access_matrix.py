"""Every URL pattern × every actor: anonymous, each role, users of another region, foreign objects.

A URL pattern without an entry in the matrix fails `test_elk_urlpatroon_staat_in_de_matrix`, so nothing
can be added to the portal without deciding who may reach it.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from .matrix import ROLLEN, alle_regels, url_patronen

MATRIX = alle_regels()

# The Django admin is for platform staff only: every tenant role is sent to its login form.
ADMIN_ARGUMENTEN = {"object_id": "1", "id": "1", "pk": "1", "app_label": "hoofdzaak", "content_type_id": 1, "url": "x"}


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
def test_toegangsmatrix(naam, wereld, client, request):
    regel = MATRIX[naam]
    if regel.varianten or regel.dossiers:
        wereld.dossiers = request.getfixturevalue("dossiers")
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
    for label, (kwargs, verwachting) in regel.varianten.items():
        doel = reverse(naam, kwargs=kwargs(wereld))
        for rol in ROLLEN:
            verwacht(f"{rol} ({label})", wereld.a.gebruikers[rol], verwachting[rol], doel=doel)
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
