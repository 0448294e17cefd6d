"""Region management by the projectleider: organisations, invitations, memberships, list pages."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hoofdzaak import actions
from hoofdzaak.models import Gebruiker, Lidmaatschap, Organisatie, Regio, Rol, Soort
from tests.fabriek import WACHTWOORD, tweede_stap

SLUG_A = "holland-rijnland"
NIEUW_WACHTWOORD = "Zeilboot-langs-de-Rijn-2026"


def tekst(response) -> str:
    """The visible text of a page: tags stripped, entities decoded, whitespace collapsed."""
    html = re.sub(r"<script\b.*?</script>", " ", response.content.decode(), flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def veldfout(response, veld: str) -> str:
    """The error text shown next to a form field (empty when there is none)."""
    match = re.search(rf'<div[^>]*id="id_{veld}_error"[^>]*>(.*?)</div>', response.content.decode(), re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", match.group(1))).split()) if match else ""


def veldwaarde(response, veld: str) -> str | None:
    """The value an <input> shows, or the selected option of a <select>."""
    html = response.content.decode()
    invoer = re.search(rf'<input[^>]*name="{veld}"[^>]*>', html)
    if invoer:
        waarde = re.search(r'value="([^"]*)"', invoer.group(0))
        return unescape(waarde.group(1)) if waarde else None
    keuze = re.search(rf'<select[^>]*name="{veld}"[^>]*>(.*?)</select>', html, re.S)
    if keuze:
        gekozen = re.search(r'<option value="([^"]*)"[^>]*selected', keuze.group(1))
        return unescape(gekozen.group(1)) if gekozen else None
    return None


def url(naam: str, slug: str = SLUG_A, **kwargs) -> str:
    return reverse(naam, kwargs={"regio": slug, **kwargs})


def tellingen() -> dict[str, int]:
    return {
        "gebruikers": Gebruiker.objects.count(),
        "lidmaatschappen": Lidmaatschap.objects.count(),
        "organisaties": Organisatie.objects.count(),
        "groepen": Group.objects.count(),
    }


@pytest.fixture
def projectleider(wereld, client):
    client.force_login(wereld.a.gebruikers[Rol.PROJECTLEIDER])
    return wereld.a.gebruikers[Rol.PROJECTLEIDER]


# --- Organisations -----------------------------------------------------------------------------------------


def test_organisatie_toevoegen_met_eigen_groep(wereld, client, projectleider):
    voor = tellingen()
    response = client.post(
        url("beheer_organisatie_nieuw"),
        {"naam": "Gemeente Zoeterwoude", "soort": Soort.GEMEENTE, "cbs_code": "gm0638"},
        follow=True,
    )
    assert response.redirect_chain == [(url("beheer_organisaties"), 302)]
    assert "Organisatie Gemeente Zoeterwoude is toegevoegd." in tekst(response)
    assert "Gemeente Zoeterwoude" in tekst(response)

    organisatie = Organisatie.objects.get(naam="Gemeente Zoeterwoude")
    assert organisatie.regio == wereld.a.regio
    assert organisatie.soort == Soort.GEMEENTE
    assert organisatie.cbs_code == "GM0638"
    assert tellingen() == {**voor, "organisaties": voor["organisaties"] + 1, "groepen": voor["groepen"] + 1}
    assert Group.objects.filter(pk=organisatie.groep_id).exists()
    assert Organisatie.objects.filter(groep_id=organisatie.groep_id).count() == 1


@pytest.mark.parametrize(
    ("soort", "cbs_code", "fout"),
    [
        (Soort.GEMEENTE, "GM123", "Een CBS-gemeentecode heeft de vorm GM0546."),
        (Soort.GEMEENTE, "XX0638", "Een CBS-gemeentecode heeft de vorm GM0546."),
        (Soort.GEMEENTE, "GM06380", "6"),  # too long
        (Soort.GEMEENTE, "", "Vul de CBS-gemeentecode in"),
        (Soort.UWV, "GM0638", "Alleen een gemeente heeft een CBS-gemeentecode."),
        (Soort.REINTEGRATIE, "GM0638", "Alleen een gemeente heeft een CBS-gemeentecode."),
    ],
    ids=["te-kort", "geen-gm", "te-lang", "ontbreekt-bij-gemeente", "bij-uwv", "bij-reintegratie"],
)
def test_cbs_code_wordt_gecontroleerd(wereld, client, projectleider, soort, cbs_code, fout):
    voor = tellingen()
    response = client.post(
        url("beheer_organisatie_nieuw"), {"naam": "Nieuwe organisatie", "soort": soort, "cbs_code": cbs_code}
    )
    assert response.status_code == 200
    assert fout in veldfout(response, "cbs_code")
    assert veldwaarde(response, "naam") == "Nieuwe organisatie"
    assert tellingen() == voor


def test_dubbele_naam_of_cbs_code_in_de_regio_wordt_geweigerd(wereld, client, projectleider):
    voor = tellingen()
    # Name of an existing organisation of the region, in other capitals.
    naam = client.post(url("beheer_organisatie_nieuw"), {"naam": "ggz holland rijnland", "soort": Soort.GGZ})
    assert naam.status_code == 200
    assert veldfout(naam, "naam") == "Er is al een organisatie met deze naam in de regio."

    cbs = client.post(
        url("beheer_organisatie_nieuw"),
        {"naam": "Gemeente Dubbel", "soort": Soort.GEMEENTE, "cbs_code": wereld.a.organisaties["gemeente"].cbs_code},
    )
    assert cbs.status_code == 200
    assert veldfout(cbs, "cbs_code") == "Er is al een gemeente met deze CBS-code in de regio."
    assert tellingen() == voor


def test_zelfde_naam_en_cbs_code_in_een_andere_regio_mag(wereld, client):
    client.force_login(wereld.b.gebruikers[Rol.PROJECTLEIDER])
    bestaand = wereld.a.organisaties["gemeente"]
    response = client.post(
        url("beheer_organisatie_nieuw", slug="midden-utrecht"),
        {"naam": bestaand.naam, "soort": Soort.GEMEENTE, "cbs_code": bestaand.cbs_code},
    )
    assert response.status_code == 302
    nieuw = Organisatie.objects.get(regio=wereld.b.regio, naam=bestaand.naam)
    assert nieuw.cbs_code == bestaand.cbs_code
    assert nieuw.groep_id != bestaand.groep_id


def test_soort_wijzigen_kan_niet_zolang_actieve_rollen_er_niet_bij_passen(wereld, client, projectleider):
    ggz = wereld.a.organisaties["ggz"]  # the trajectbegeleider works here
    bewerken = url("beheer_organisatie", pk=ggz.pk)

    geweigerd = client.post(bewerken, {"naam": ggz.naam, "soort": Soort.WSP, "cbs_code": ""})
    assert geweigerd.status_code == 200
    assert veldfout(geweigerd, "soort") == (
        "Er zijn nog actieve lidmaatschappen met rollen die niet bij deze soort passen."
    )
    ggz.refresh_from_db()
    assert ggz.soort == Soort.GGZ

    # A trajectbegeleider fits at a re-integration company: allowed.
    toegestaan = client.post(bewerken, {"naam": ggz.naam, "soort": Soort.REINTEGRATIE, "cbs_code": ""})
    assert toegestaan.status_code == 302
    ggz.refresh_from_db()
    assert ggz.soort == Soort.REINTEGRATIE

    # Once the membership is inactive, nothing stands in the way.
    lid = wereld.a.lidmaatschappen[Rol.TRAJECTBEGELEIDER]
    lid.actief = False
    lid.save(update_fields=["actief"])
    assert client.post(bewerken, {"naam": ggz.naam, "soort": Soort.WSP, "cbs_code": ""}).status_code == 302
    ggz.refresh_from_db()
    assert ggz.soort == Soort.WSP


def test_naam_wijzigen_naar_bestaande_naam_wordt_geweigerd(wereld, client, projectleider):
    ggz = wereld.a.organisaties["ggz"]
    response = client.post(
        url("beheer_organisatie", pk=ggz.pk), {"naam": wereld.a.organisaties["uwv"].naam, "soort": Soort.GGZ}
    )
    assert response.status_code == 200
    assert veldfout(response, "naam") == "Er is al een organisatie met deze naam in de regio."
    ggz.refresh_from_db()
    assert ggz.naam == "GGZ Holland Rijnland"


def test_organisatielijst_staat_op_naam_en_telt_actieve_leden(wereld, client, projectleider):
    lid = wereld.a.lidmaatschappen["collega"]
    lid.actief = False
    lid.save(update_fields=["actief"])
    response = client.get(url("beheer_organisaties"))
    assert response.status_code == 200
    namen = [o.naam for o in response.context["page_obj"]]
    assert namen == sorted(Organisatie.objects.filter(regio=wereld.a.regio).values_list("naam", flat=True))
    leden = {o.naam: o.aantal_leden for o in response.context["page_obj"]}
    assert leden["Gemeente Holland Rijnland"] == 2  # klantmanager and bestuurder
    assert leden["Gemeente Buur Holland Rijnland"] == 0  # only the deactivated collega
    assert not any(o.regio_id != wereld.a.regio.pk for o in response.context["page_obj"])


# --- Invitations -------------------------------------------------------------------------------------------


def test_uitnodigen_maakt_account_en_lidmaatschap_en_verstuurt_een_mail(
    wereld, client, projectleider, django_capture_on_commit_callbacks
):
    uwv = wereld.a.organisaties["uwv"]
    voor = tellingen()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("beheer_uitnodigen"),
            {"naam": "Nina Nieuw", "email": "Nina.Nieuw@Example.NL", "organisatie": uwv.pk, "rol": Rol.KLANTMANAGER},
        )
    assert response.status_code == 302
    assert response.url == url("beheer_gebruikers")
    assert "De uitnodiging is verstuurd naar nina.nieuw@example.nl." in tekst(client.get(response.url))

    gebruiker = Gebruiker.objects.get(email="nina.nieuw@example.nl")
    assert gebruiker.naam == "Nina Nieuw"
    assert not gebruiker.has_usable_password()
    lid = Lidmaatschap.objects.get(gebruiker=gebruiker)
    assert (lid.organisatie, lid.regio, lid.rol, lid.actief) == (uwv, wereld.a.regio, Rol.KLANTMANAGER, True)
    assert tellingen() == {
        **voor,
        "gebruikers": voor["gebruikers"] + 1,
        "lidmaatschappen": voor["lidmaatschappen"] + 1,
    }

    assert len(mail.outbox) == 1
    bericht = mail.outbox[0]
    assert bericht.to == ["nina.nieuw@example.nl"]
    assert bericht.subject == "Uitnodiging voor het Hoofdzaak Werk-portaal"
    assert "als klantmanager bij UWV Holland Rijnland" in bericht.body
    links = re.findall(r"http://testserver(/account/activeren/\S+/)", bericht.body)
    assert len(links) == 1

    # The invitee sets a password through the link, logs in and lands in the region.
    client.post(reverse("logout"))
    activeren = client.post(links[0], {"new_password1": NIEUW_WACHTWOORD, "new_password2": NIEUW_WACHTWOORD})
    assert activeren.status_code == 302
    assert client.get(links[0]).status_code == 400
    ingelogd = client.post(
        reverse("login"), {"username": "nina.nieuw@example.nl", "password": NIEUW_WACHTWOORD}, follow=True
    )
    # A klantmanager sets up the second step first (the enrolment itself: tests/test_tweefactor.py).
    assert ingelogd.redirect_chain[-1][0].startswith(reverse("tweede_stap_instellen"))
    thuis = tweede_stap(client, gebruiker, follow=True)
    assert thuis.redirect_chain[-1][0] == url("regio_home")
    assert "Je werkt als klantmanager bij UWV Holland Rijnland" in tekst(thuis)


@pytest.mark.parametrize("email", ["klantmanager@holland-rijnland.test", "KlantManager@Midden-Utrecht.test"])
def test_uitnodiging_voor_bestaand_e_mailadres_slaat_niets_op(
    wereld, client, projectleider, django_capture_on_commit_callbacks, email
):
    voor = tellingen()
    uwv = wereld.a.organisaties["uwv"]
    gegevens = {"naam": "Dubbel Account", "email": email, "organisatie": uwv.pk, "rol": Rol.KLANTMANAGER}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("beheer_uitnodigen"), gegevens)
    assert response.status_code == 200
    assert veldfout(response, "email") == "Er bestaat al een account met dit e-mailadres."
    assert veldwaarde(response, "email") == email
    assert veldwaarde(response, "naam") == "Dubbel Account"
    assert veldwaarde(response, "organisatie") == str(uwv.pk)
    assert veldwaarde(response, "rol") == Rol.KLANTMANAGER
    assert tellingen() == voor
    assert mail.outbox == []


def test_uitnodiging_met_rol_die_niet_bij_de_organisatie_past(
    wereld, client, projectleider, django_capture_on_commit_callbacks
):
    voor = tellingen()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("beheer_uitnodigen"),
            {
                "naam": "Pien Peer",
                "email": "pien@example.nl",
                "organisatie": wereld.a.organisaties["gemeente"].pk,
                "rol": Rol.PEER_SUPPORTER,
            },
        )
    assert response.status_code == 200
    assert veldfout(response, "rol") == "Deze rol past niet bij een organisatie van de soort gemeente."
    assert veldfout(response, "email") == ""
    assert veldwaarde(response, "email") == "pien@example.nl"
    assert tellingen() == voor
    assert not Gebruiker.objects.filter(email="pien@example.nl").exists()
    assert mail.outbox == []


def test_organisatie_van_een_andere_regio_kan_niet_gekozen_worden(
    wereld, client, projectleider, django_capture_on_commit_callbacks
):
    voor = tellingen()
    vreemd = wereld.b.organisaties["uwv"]
    formulier = client.get(url("beheer_uitnodigen"))
    assert f'<option value="{vreemd.pk}"' not in formulier.content.decode()
    assert f'<option value="{wereld.a.organisaties["uwv"].pk}"' in formulier.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("beheer_uitnodigen"),
            {"naam": "Xander", "email": "xander@example.nl", "organisatie": vreemd.pk, "rol": Rol.KLANTMANAGER},
        )
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in veldfout(response, "organisatie")
    assert tellingen() == voor
    assert mail.outbox == []


# --- Memberships -------------------------------------------------------------------------------------------


def test_rol_wijzigen(wereld, client, projectleider):
    lid = wereld.a.lidmaatschappen["collega"]  # klantmanager at a gemeente
    response = client.post(url("beheer_lidmaatschap", pk=lid.pk), {"rol": Rol.WERKGEVERSADVISEUR}, follow=True)
    assert response.redirect_chain == [(url("beheer_lidmaatschap", pk=lid.pk), 302)]
    assert "De rol is gewijzigd." in tekst(response)
    lid.refresh_from_db()
    assert lid.rol == Rol.WERKGEVERSADVISEUR


def test_rol_die_niet_bij_de_organisatie_past_wordt_geweigerd(wereld, client, projectleider):
    lid = wereld.a.lidmaatschappen["collega"]
    formulier = client.get(url("beheer_lidmaatschap", pk=lid.pk)).content.decode()
    assert f'value="{Rol.PEER_SUPPORTER}"' not in formulier
    assert f'value="{Rol.BESTUURDER}"' in formulier

    response = client.post(url("beheer_lidmaatschap", pk=lid.pk), {"rol": Rol.PEER_SUPPORTER})
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in veldfout(response, "rol")
    lid.refresh_from_db()
    assert lid.rol == Rol.KLANTMANAGER


def test_rol_die_de_gebruiker_daar_al_heeft_wordt_geweigerd(wereld, client, projectleider):
    lid = wereld.a.lidmaatschappen["collega"]
    actions.voeg_lidmaatschap_toe(gebruiker=lid.gebruiker, organisatie=lid.organisatie, rol=Rol.WERKGEVERSADVISEUR)
    response = client.post(url("beheer_lidmaatschap", pk=lid.pk), {"rol": Rol.WERKGEVERSADVISEUR})
    assert response.status_code == 200
    assert veldfout(response, "rol") == "Deze gebruiker heeft deze rol bij deze organisatie al."
    lid.refresh_from_db()
    assert lid.rol == Rol.KLANTMANAGER


def test_projectleider_kan_eigen_rol_niet_wijzigen(wereld, client):
    # A projectleider at a gemeente could also be bestuurder there, so only the self-check stops it.
    gebruiker = Gebruiker.objects.create_user(email="pl@holland-rijnland.test", naam="Pl Gemeente")
    eigen = actions.voeg_lidmaatschap_toe(
        gebruiker=gebruiker, organisatie=wereld.a.organisaties["gemeente"], rol=Rol.PROJECTLEIDER
    )
    client.force_login(gebruiker)
    response = client.post(url("beheer_lidmaatschap", pk=eigen.pk), {"rol": Rol.BESTUURDER})
    assert response.status_code == 200
    assert "Een andere projectleider kan je rol wijzigen." in tekst(response)
    eigen.refresh_from_db()
    assert eigen.rol == Rol.PROJECTLEIDER


def test_projectleider_kan_eigen_lidmaatschap_niet_deactiveren(wereld, client, projectleider):
    eigen = wereld.a.lidmaatschappen[Rol.PROJECTLEIDER]
    response = client.post(url("beheer_lidmaatschap_actief", pk=eigen.pk), follow=True)
    assert response.redirect_chain == [(url("beheer_lidmaatschap", pk=eigen.pk), 302)]
    assert "Je kunt je eigen lidmaatschap niet (de)activeren." in tekst(response)
    eigen.refresh_from_db()
    assert eigen.actief
    assert client.get(url("beheer_gebruikers")).status_code == 200


def test_deactiveren_vraagt_eerst_bevestiging_en_kan_terug(wereld, client, projectleider):
    lid = wereld.a.lidmaatschappen["collega"]
    actief_url = url("beheer_lidmaatschap_actief", pk=lid.pk)

    bevestig = client.get(actief_url)
    assert bevestig.status_code == 200
    pagina = tekst(bevestig)
    assert "Lidmaatschap deactiveren" in pagina
    assert "Collega Holland Rijnland kan daarna niet meer werken als klantmanager" in pagina
    assert re.search(r'<form method="post"', bevestig.content.decode())
    lid.refresh_from_db()
    assert lid.actief

    uit = client.post(actief_url, follow=True)
    assert uit.redirect_chain == [(url("beheer_lidmaatschap", pk=lid.pk), 302)]
    assert "Het lidmaatschap is gedeactiveerd." in tekst(uit)
    lid.refresh_from_db()
    assert not lid.actief

    weer = client.post(actief_url, {"actief": "1"}, follow=True)
    assert "Het lidmaatschap is weer actief." in tekst(weer)
    lid.refresh_from_db()
    assert lid.actief


def test_heractiveren_kan_niet_als_de_rol_niet_meer_bij_de_organisatie_past(wereld, client, projectleider):
    lid = wereld.a.lidmaatschappen[Rol.TRAJECTBEGELEIDER]
    client.post(url("beheer_lidmaatschap_actief", pk=lid.pk))
    ggz = wereld.a.organisaties["ggz"]
    assert client.post(url("beheer_organisatie", pk=ggz.pk), {"naam": ggz.naam, "soort": Soort.WSP}).status_code == 302

    # A WSP has no trajectbegeleiders: reactivating would give an active membership with a role that
    # the organisation's kind does not allow.
    response = client.post(url("beheer_lidmaatschap_actief", pk=lid.pk), {"actief": "1"}, follow=True)
    assert "Deze rol past niet bij een organisatie van de soort werkgeversservicepunt." in tekst(response)
    lid.refresh_from_db()
    assert not lid.actief


def test_uitnodiging_opnieuw_alleen_voor_nooit_geactiveerd_account(
    wereld, client, projectleider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        uitgenodigd = actions.nodig_uit(
            organisatie=wereld.a.organisaties["uwv"],
            email="nina@example.nl",
            naam="Nina Nieuw",
            rol=Rol.KLANTMANAGER,
            basis_url="http://testserver/",
        )
    mail.outbox.clear()

    response = client.post(url("beheer_uitnodiging_opnieuw", pk=uitgenodigd.pk), follow=True)
    assert response.redirect_chain == [(url("beheer_lidmaatschap", pk=uitgenodigd.pk), 302)]
    assert "De uitnodiging is opnieuw verstuurd naar nina@example.nl." in tekst(response)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nina@example.nl"]
    link = re.search(r"http://testserver(/account/activeren/\S+/)", mail.outbox[0].body).group(1)
    client.post(reverse("logout"))
    assert client.get(link).status_code == 200

    # An account that has a password gets no new invitation.
    client.force_login(projectleider)
    mail.outbox.clear()
    collega = wereld.a.lidmaatschappen["collega"]
    geweigerd = client.post(url("beheer_uitnodiging_opnieuw", pk=collega.pk), follow=True)
    assert "Deze gebruiker heeft het account al geactiveerd." in tekst(geweigerd)
    assert mail.outbox == []
    collega.gebruiker.refresh_from_db()
    assert collega.gebruiker.check_password(WACHTWOORD)


# --- List pages --------------------------------------------------------------------------------------------


def _kleine_regio() -> tuple[Regio, Gebruiker, list[Organisatie]]:
    """A region with 3 memberships: the projectleider and two others."""
    regio = Regio.objects.create(naam="Regio Telling", slug="telling", code="TL")
    organisaties = [
        actions.maak_organisatie(regio=regio, naam="Programmabureau Telling", soort=Soort.PROGRAMMABUREAU),
        actions.maak_organisatie(regio=regio, naam="Gemeente Telling", soort=Soort.GEMEENTE, cbs_code="GM0001"),
        actions.maak_organisatie(regio=regio, naam="UWV Telling", soort=Soort.UWV),
        actions.maak_organisatie(regio=regio, naam="GGZ Telling", soort=Soort.GGZ),
    ]
    projectleider = Gebruiker.objects.create_user(email="pl@telling.test", naam="Pl Telling", password=WACHTWOORD)
    actions.voeg_lidmaatschap_toe(gebruiker=projectleider, organisatie=organisaties[0], rol=Rol.PROJECTLEIDER)
    for i, (organisatie, rol) in enumerate([(organisaties[1], Rol.KLANTMANAGER), (organisaties[2], Rol.BESTUURDER)]):
        gebruiker = Gebruiker.objects.create_user(email=f"lid{i}@telling.test", naam=f"Lid {i:02}", password=WACHTWOORD)
        actions.voeg_lidmaatschap_toe(gebruiker=gebruiker, organisatie=organisatie, rol=rol)
    return regio, projectleider, organisaties


def _voeg_leden_toe(organisaties: list[Organisatie], aantal: int) -> None:
    """Members of every status (active, invited, deactivated) spread over the organisations."""
    rollen = {Soort.GEMEENTE: Rol.WERKGEVERSADVISEUR, Soort.UWV: Rol.TRAJECTBEGELEIDER, Soort.GGZ: Rol.BESTUURDER}
    for i in range(aantal):
        organisatie = organisaties[1 + i % 3]
        gebruiker = Gebruiker.objects.create_user(
            email=f"extra{i}@telling.test", naam=f"Extra {i:02}", password=WACHTWOORD if i % 3 else None
        )
        lid = actions.voeg_lidmaatschap_toe(gebruiker=gebruiker, organisatie=organisatie, rol=rollen[organisatie.soort])
        if i % 5 == 0:
            lid.actief = False
            lid.save(update_fields=["actief"])


def _queries(client, pad: str) -> int:
    client.get(pad)  # warm up per-process caches (content types, ...)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(pad)
    assert response.status_code == 200
    return len(queries)


def test_lijsten_doen_evenveel_queries_bij_3_en_40_lidmaatschappen(db, client):
    regio, projectleider, organisaties = _kleine_regio()
    client.force_login(projectleider)
    lijsten = [url("beheer_organisaties", slug=regio.slug), url("beheer_gebruikers", slug=regio.slug)]
    assert Lidmaatschap.objects.filter(regio=regio).count() == 3
    klein = {pad: _queries(client, pad) for pad in lijsten}

    _voeg_leden_toe(organisaties, 37)
    assert Lidmaatschap.objects.filter(regio=regio).count() == 40
    groot = {pad: _queries(client, pad) for pad in lijsten}
    assert groot == klein

    gebruikers = client.get(url("beheer_gebruikers", slug=regio.slug))
    assert "40 lidmaatschappen" in tekst(gebruikers)
    assert len(gebruikers.context["page_obj"]) == 25
    organisatielijst = client.get(url("beheer_organisaties", slug=regio.slug))
    assert {o.naam: o.aantal_leden for o in organisatielijst.context["page_obj"]}["UWV Telling"] == 1 + 10


def test_volgende_pagina_van_de_gebruikerslijst(db, client):
    regio, projectleider, organisaties = _kleine_regio()
    _voeg_leden_toe(organisaties, 37)
    client.force_login(projectleider)
    eerste = client.get(url("beheer_gebruikers", slug=regio.slug))
    assert "Pagina 1 van 2" in tekst(eerste)
    volgende = re.search(r'<a[^>]*rel="next"[^>]*href="([^"]+)"', eerste.content.decode())
    assert volgende
    tweede = client.get(url("beheer_gebruikers", slug=regio.slug) + unescape(volgende.group(1)))
    assert "Pagina 2 van 2" in tekst(tweede)
    assert len(tweede.context["page_obj"]) == 15
    namen_1 = {lid.gebruiker.naam for lid in eerste.context["page_obj"]}
    namen_2 = {lid.gebruiker.naam for lid in tweede.context["page_obj"]}
    assert not namen_1 & namen_2
