"""Region scoping: nothing of region B through region A's URLs, deactivation, the role switcher."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from hoofdzaak import actions
from hoofdzaak.models import Lidmaatschap, Organisatie, Rol

SLUG_A = "holland-rijnland"
SLUG_B = "midden-utrecht"


def tekst(response) -> str:
    """The visible text of a page: tags stripped, entities decoded, whitespace collapsed."""
    html = re.sub(r"<script\b.*?</script>", " ", response.content.decode(), flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def url(naam: str, slug: str = SLUG_A, **kwargs) -> str:
    return reverse(naam, kwargs={"regio": slug, **kwargs})


def werkt_als(client, slug: str = SLUG_A) -> str:
    """The role the region's home page says the user acts in."""
    response = client.get(url("regio_home", slug))
    assert response.status_code == 200
    match = re.search(r"Je werkt als (\S+) bij", tekst(response))
    assert match
    return match.group(1)


# --- Region B through region A's URLs ----------------------------------------------------------------------


def test_projectleider_bereikt_organisaties_van_regio_b_niet(wereld, client):
    client.force_login(wereld.a.gebruikers[Rol.PROJECTLEIDER])
    for sleutel, organisatie in wereld.b.organisaties.items():
        pad = url("beheer_organisatie", pk=organisatie.pk)
        assert client.get(pad).status_code == 404, sleutel
        wijziging = {"naam": "Overgenomen", "soort": organisatie.soort, "cbs_code": organisatie.cbs_code}
        assert client.post(pad, wijziging).status_code == 404, sleutel
    assert not Organisatie.objects.filter(naam="Overgenomen").exists()

    lijst = client.get(url("beheer_organisaties"))
    namen = {o.naam for o in lijst.context["page_obj"]}
    assert namen == {o.naam for o in wereld.a.organisaties.values()}
    assert "Midden-Utrecht" not in tekst(lijst)


def test_projectleider_bereikt_lidmaatschappen_van_regio_b_niet(wereld, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        uitgenodigd_b = actions.nodig_uit(
            organisatie=wereld.b.organisaties["uwv"],
            email="nieuw@midden-utrecht.test",
            naam="Nieuw Midden-Utrecht",
            rol=Rol.KLANTMANAGER,
            basis_url="http://testserver/",
        )
    mail.outbox.clear()
    client.force_login(wereld.a.gebruikers[Rol.PROJECTLEIDER])

    for lid in [*wereld.b.lidmaatschappen.values(), uitgenodigd_b]:
        assert client.get(url("beheer_lidmaatschap", pk=lid.pk)).status_code == 404
        assert client.post(url("beheer_lidmaatschap", pk=lid.pk), {"rol": Rol.BESTUURDER}).status_code == 404
        assert client.get(url("beheer_lidmaatschap_actief", pk=lid.pk)).status_code == 404
        assert client.post(url("beheer_lidmaatschap_actief", pk=lid.pk)).status_code == 404
        assert client.post(url("beheer_uitnodiging_opnieuw", pk=lid.pk)).status_code == 404
    assert mail.outbox == []
    assert Lidmaatschap.objects.filter(regio=wereld.b.regio, actief=False).count() == 0
    assert list(Lidmaatschap.objects.filter(regio=wereld.b.regio, rol=Rol.BESTUURDER)) == [
        wereld.b.lidmaatschappen[Rol.BESTUURDER]
    ]

    # The user list shows only region A, also when filtered by an organisation of region B.
    for params in ({}, {"organisatie": wereld.b.organisaties["gemeente2"].pk}, {"zoek": "midden-utrecht"}):
        lijst = client.get(url("beheer_gebruikers"), params)
        assert lijst.status_code == 200
        assert all(lid.regio_id == wereld.a.regio.pk for lid in lijst.context["page_obj"])
        assert "midden-utrecht.test" not in lijst.content.decode()


def test_projectleider_van_regio_a_komt_niet_in_regio_b(wereld, client):
    client.force_login(wereld.a.gebruikers[Rol.PROJECTLEIDER])
    for naam in ("regio_home", "beheer_organisaties", "beheer_gebruikers", "beheer_uitnodigen"):
        assert client.get(url(naam, SLUG_B)).status_code == 404, naam
    assert client.get(url("beheer_organisatie", SLUG_B, pk=wereld.b.organisaties["ggz"].pk)).status_code == 404


def test_gedeactiveerd_lid_krijgt_bij_het_volgende_verzoek_404(wereld, client):
    lid = wereld.a.lidmaatschappen["collega"]
    client.force_login(lid.gebruiker)
    assert client.get(url("regio_home")).status_code == 200

    beheerder = Client()
    beheerder.force_login(wereld.a.gebruikers[Rol.PROJECTLEIDER])
    assert beheerder.post(url("beheer_lidmaatschap_actief", pk=lid.pk)).status_code == 302

    assert client.get(url("regio_home")).status_code == 404
    assert client.post(url("kies_rol"), {"lidmaatschap": lid.pk}).status_code == 404
    assert "Je account heeft (nog) geen actieve rol in een regio." in tekst(client.get(reverse("start")))

    assert beheerder.post(url("beheer_lidmaatschap_actief", pk=lid.pk), {"actief": "1"}).status_code == 302
    assert client.get(url("regio_home")).status_code == 200


def test_inactief_account_komt_nergens_meer_in(wereld, client):
    gebruiker = wereld.a.gebruikers[Rol.KLANTMANAGER]
    client.force_login(gebruiker)
    assert client.get(url("regio_home")).status_code == 200
    gebruiker.is_active = False
    gebruiker.save(update_fields=["is_active"])
    response = client.get(url("regio_home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# --- Role switcher ------------------------------------------------------------------------------------------


@pytest.fixture
def twee_rollen(wereld) -> tuple[Lidmaatschap, Lidmaatschap]:
    """The klantmanager of region A is also werkgeversadviseur at the same gemeente."""
    eerste = wereld.a.lidmaatschappen[Rol.KLANTMANAGER]
    tweede = actions.voeg_lidmaatschap_toe(
        gebruiker=eerste.gebruiker, organisatie=eerste.organisatie, rol=Rol.WERKGEVERSADVISEUR
    )
    return eerste, tweede


def test_rol_wisselen_verandert_de_startpagina(twee_rollen, client):
    eerste, tweede = twee_rollen
    client.force_login(eerste.gebruiker)
    thuis = client.get(url("regio_home"))
    assert f'<option value="{tweede.pk}"' in thuis.content.decode()
    assert werkt_als(client) == "klantmanager"

    response = client.post(url("kies_rol"), {"lidmaatschap": tweede.pk}, follow=True)
    assert response.redirect_chain == [(url("regio_home"), 302)]
    pagina = tekst(response)
    assert "Je werkt nu in een andere rol." in pagina
    assert "Als werkgeversadviseur beheer je de werkgevers" in pagina
    assert werkt_als(client) == "werkgeversadviseur"

    client.post(url("kies_rol"), {"lidmaatschap": eerste.pk})
    assert werkt_als(client) == "klantmanager"


def test_rol_wisselen_geeft_toegang_die_bij_de_rol_hoort(wereld, client):
    gebruiker = wereld.a.gebruikers[Rol.BESTUURDER]
    projectleider = actions.voeg_lidmaatschap_toe(
        gebruiker=gebruiker, organisatie=wereld.a.organisaties["gemeente"], rol=Rol.PROJECTLEIDER
    )
    client.force_login(gebruiker)
    assert werkt_als(client) == "bestuurder"
    assert client.get(url("beheer_gebruikers")).status_code == 403

    client.post(url("kies_rol"), {"lidmaatschap": projectleider.pk})
    assert werkt_als(client) == "projectleider"
    assert client.get(url("beheer_gebruikers")).status_code == 200


def test_wisselen_naar_een_vreemd_lidmaatschap_wordt_geweigerd(wereld, twee_rollen, client):
    eerste, tweede = twee_rollen
    gebruiker = eerste.gebruiker
    eigen_in_b = actions.voeg_lidmaatschap_toe(
        gebruiker=gebruiker, organisatie=wereld.b.organisaties["uwv"], rol=Rol.TRAJECTBEGELEIDER
    )
    gedeactiveerd = actions.voeg_lidmaatschap_toe(
        gebruiker=gebruiker, organisatie=wereld.a.organisaties["uwv"], rol=Rol.BESTUURDER
    )
    gedeactiveerd.actief = False
    gedeactiveerd.save(update_fields=["actief"])
    client.force_login(gebruiker)

    vreemd = {
        "van een andere gebruiker": wereld.a.lidmaatschappen[Rol.PROJECTLEIDER].pk,
        "van een gebruiker in regio B": wereld.b.lidmaatschappen[Rol.PROJECTLEIDER].pk,
        "eigen, maar in regio B": eigen_in_b.pk,
        "eigen, maar gedeactiveerd": gedeactiveerd.pk,
        "onzin": "abc",
    }
    for wie, waarde in vreemd.items():
        response = client.post(url("kies_rol"), {"lidmaatschap": waarde}, follow=True)
        assert response.redirect_chain == [(url("regio_home"), 302)], wie
        assert "Deze rol hoort niet bij jouw account in deze regio." in tekst(response), wie
        assert werkt_als(client) == "klantmanager", wie
        assert client.get(url("beheer_gebruikers")).status_code == 403, wie

    # Region B is unaffected by choices made in region A.
    assert werkt_als(client, SLUG_B) == "trajectbegeleider"


def test_gekozen_rol_vervalt_als_dat_lidmaatschap_wordt_gedeactiveerd(twee_rollen, client):
    eerste, tweede = twee_rollen
    client.force_login(eerste.gebruiker)
    client.post(url("kies_rol"), {"lidmaatschap": tweede.pk})
    assert werkt_als(client) == "werkgeversadviseur"

    tweede.actief = False
    tweede.save(update_fields=["actief"])
    assert werkt_als(client) == "klantmanager"


def test_rol_wisselen_alleen_met_post(twee_rollen, client):
    eerste, tweede = twee_rollen
    client.force_login(eerste.gebruiker)
    assert client.get(url("kies_rol"), {"lidmaatschap": tweede.pk}).status_code == 405
    assert werkt_als(client) == "klantmanager"


# --- The fixed cost of a region page -------------------------------------------------------------------------


def test_regio_startpagina_in_hoogstens_vier_queries(wereld, client):
    """Every region page pays these: the session (from its copy in Redis), the user with the second factor (the
    verified app) and the memberships (which also give the region switcher its regions). No write: the
    session's idle expiry is written at most once a minute (hoofdzaak/sessies.py)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # The klantmanager's start page has no parts of its own (hoofdzaak/startpagina.py): the fixed cost only.
    gebruiker = wereld.a.gebruikers[Rol.KLANTMANAGER]
    Lidmaatschap.objects.create(
        gebruiker=gebruiker, organisatie=wereld.b.organisaties["gemeente"], regio=wereld.b.regio, rol=Rol.KLANTMANAGER
    )
    client.force_login(gebruiker)
    client.get(url("regio_home"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("regio_home"))
    assert response.status_code == 200
    assert "Wissel regio" in tekst(response) and "Deelnemer aanmelden" in tekst(response)
    assert len(queries) <= 4, [q["sql"][:80] for q in queries]
    # Today one: the user with its verified app and its memberships (the session comes from its copy in Redis).
    assert len(queries) == 1 and not [q for q in queries if "django_session" in q["sql"]], queries
