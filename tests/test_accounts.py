"""Accounts: login, the start page, logout, password reset and the invitation link."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from html import unescape

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from hoofdzaak import actions
from hoofdzaak.models import Gebruiker, Rol
from hoofdzaak.tokens import uitnodiging_tokens
from tests.fabriek import WACHTWOORD, tweede_stap

INLOGFOUT = "Dit e-mailadres en wachtwoord horen niet bij een actief account. Controleer ze en probeer het opnieuw."
LEEG_START = "Je account heeft (nog) geen actieve rol in een regio."
LINK_ONGELDIG = "Deze link werkt niet meer"
NIEUW_WACHTWOORD = "Zeilboot-langs-de-Rijn-2026"


def tekst(response) -> str:
    """The visible text of a page: tags stripped, entities decoded, whitespace collapsed."""
    html = re.sub(r"<script\b.*?</script>", " ", response.content.decode(), flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def veldfout(response, veld: str) -> str:
    """The error text shown next to a form field (empty when there is none)."""
    match = re.search(rf'<div[^>]*id="id_{veld}_error"[^>]*>(.*?)</div>', response.content.decode(), re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", match.group(1))).split()) if match else ""


def ingelogd_als(client) -> int | None:
    user_id = client.session.get("_auth_user_id")
    return int(user_id) if user_id else None


def inloggen(client, email: str, wachtwoord: str, **kwargs):
    return client.post(reverse("login"), {"username": email, "password": wachtwoord}, **kwargs)


def laatste_link(pad_voorvoegsel: str) -> str:
    """The path of the link with this prefix in the last e-mail sent."""
    match = re.search(rf"http://testserver({re.escape(pad_voorvoegsel)}\S+/)", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


# --- Login -------------------------------------------------------------------------------------------------


def test_inlogfout_verraadt_niet_of_het_account_bestaat(wereld, client):
    inactief = wereld.a.gebruikers[Rol.BESTUURDER]
    inactief.is_active = False
    inactief.save(update_fields=["is_active"])
    bekend = wereld.a.gebruikers[Rol.KLANTMANAGER]

    pogingen = {
        "onbekend e-mailadres": ("niemand@holland-rijnland.test", WACHTWOORD),
        "verkeerd wachtwoord": (bekend.email, "Helemaal-niet-het-wachtwoord-1"),
        "inactief account": (inactief.email, WACHTWOORD),
    }
    paginas = {}
    for wie, (email, wachtwoord) in pogingen.items():
        response = inloggen(client, email, wachtwoord)
        assert response.status_code == 200, wie
        assert ingelogd_als(client) is None, wie
        assert response.context["form"].non_field_errors() == [INLOGFOUT], wie
        assert INLOGFOUT in tekst(response), wie
        # Apart from the e-mail typed and the per-response CSRF token, the pages are identical.
        html = response.content.decode().replace(email, "EMAIL")
        paginas[wie] = re.sub(r"\b[A-Za-z0-9]{64}\b", "CSRF", html)
    assert len(set(paginas.values())) == 1


def test_e_mailadres_is_niet_hoofdlettergevoelig(wereld, client):
    gebruiker = wereld.a.gebruikers[Rol.KLANTMANAGER]
    response = inloggen(client, gebruiker.email.upper(), WACHTWOORD)
    assert response.status_code == 302
    assert ingelogd_als(client) == gebruiker.pk


def test_gebruiker_met_een_regio_komt_op_de_startpagina_van_die_regio(wereld, client):
    gebruiker = wereld.a.gebruikers[Rol.KLANTMANAGER]
    assert inloggen(client, gebruiker.email, WACHTWOORD).status_code == 302
    # A klantmanager passes the second step (tests/test_tweefactor.py) before it gets anywhere.
    response = tweede_stap(client, gebruiker, follow=True)
    assert response.redirect_chain[-1][0] == reverse("regio_home", kwargs={"regio": "holland-rijnland"})
    pagina = tekst(response)
    assert "Hoofdzaak Werk Holland Rijnland" in pagina
    assert "Je werkt als klantmanager bij Gemeente Holland Rijnland" in pagina


def test_gebruiker_met_twee_regios_kiest_een_regio_en_kan_beide_openen(wereld, client):
    gebruiker = wereld.a.gebruikers[Rol.KLANTMANAGER]
    actions.voeg_lidmaatschap_toe(
        gebruiker=gebruiker, organisatie=wereld.b.organisaties["uwv"], rol=Rol.TRAJECTBEGELEIDER
    )

    assert inloggen(client, gebruiker.email, WACHTWOORD).status_code == 302
    response = tweede_stap(client, gebruiker, follow=True)
    assert response.redirect_chain[-1][0] == reverse("start")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kies een regio" in tekst(response)
    for slug in ("holland-rijnland", "midden-utrecht"):
        assert f'href="{reverse("regio_home", kwargs={"regio": slug})}"' in html

    home_a = client.get(reverse("regio_home", kwargs={"regio": "holland-rijnland"}))
    assert home_a.status_code == 200
    assert "Je werkt als klantmanager bij Gemeente Holland Rijnland" in tekst(home_a)
    home_b = client.get(reverse("regio_home", kwargs={"regio": "midden-utrecht"}))
    assert home_b.status_code == 200
    assert "Je werkt als trajectbegeleider bij UWV Midden-Utrecht" in tekst(home_b)


def test_gebruiker_zonder_actief_lidmaatschap_ziet_de_lege_toestand(wereld, client):
    lid = wereld.a.lidmaatschappen["collega"]
    lid.actief = False
    lid.save(update_fields=["actief"])

    response = inloggen(client, lid.gebruiker.email, WACHTWOORD, follow=True)
    assert ingelogd_als(client) == lid.gebruiker_id
    assert response.redirect_chain[-1][0] == reverse("start")
    pagina = tekst(response)
    assert LEEG_START in pagina
    assert "Kies een regio" in pagina  # the page title, but no region to choose
    assert reverse("regio_home", kwargs={"regio": "holland-rijnland"}) not in response.content.decode()


def test_uitloggen_gaat_alleen_met_post_en_beeindigt_de_sessie(wereld, client):
    gebruiker = wereld.a.gebruikers[Rol.KLANTMANAGER]
    client.force_login(gebruiker)
    home = reverse("regio_home", kwargs={"regio": "holland-rijnland"})

    assert client.get(reverse("logout")).status_code == 405
    assert ingelogd_als(client) == gebruiker.pk
    assert client.get(home).status_code == 200

    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response.url == reverse("login")
    assert ingelogd_als(client) is None
    na = client.get(home)
    assert na.status_code == 302
    assert na.url.startswith(reverse("login"))


# --- Password reset ----------------------------------------------------------------------------------------


def test_herstelmail_alleen_voor_bestaand_actief_account_met_dezelfde_pagina(wereld, client):
    inactief = wereld.a.gebruikers[Rol.BESTUURDER]
    inactief.is_active = False
    inactief.save(update_fields=["is_active"])
    uitgenodigd = Gebruiker.objects.create_user(email="uitgenodigd@holland-rijnland.test", naam="Nog Niet Actief")
    bestaand = wereld.a.gebruikers[Rol.KLANTMANAGER]

    gevallen = [
        ("bestaand (hoofdletters)", bestaand.email.upper(), 1),
        ("onbekend", "niemand@holland-rijnland.test", 0),
        ("inactief", inactief.email, 0),
        ("nooit geactiveerd", uitgenodigd.email, 0),
    ]
    paginas = set()
    for wie, email, verwacht in gevallen:
        mail.outbox.clear()
        response = client.post(reverse("password_reset"), {"email": email}, follow=True)
        assert response.redirect_chain == [(reverse("password_reset_done"), 302)], wie
        assert len(mail.outbox) == verwacht, wie
        paginas.add(re.sub(r"\b[A-Za-z0-9]{64}\b", "CSRF", response.content.decode()))
    assert len(paginas) == 1
    assert "Controleer je e-mail" in tekst(response)


def test_herstellink_zet_een_nieuw_wachtwoord_en_werkt_maar_een_keer(wereld, client):
    gebruiker = wereld.a.gebruikers[Rol.KLANTMANAGER]
    client.post(reverse("password_reset"), {"email": gebruiker.email})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [gebruiker.email]
    link = laatste_link("/account/herstel/")

    formulier = client.get(link, follow=True)
    assert formulier.status_code == 200
    assert "Nieuw wachtwoord instellen" in tekst(formulier)
    formulier_url = formulier.redirect_chain[-1][0]
    response = client.post(formulier_url, {"new_password1": NIEUW_WACHTWOORD, "new_password2": NIEUW_WACHTWOORD})
    assert response.status_code == 302
    assert response.url == reverse("password_reset_complete")

    gebruiker.refresh_from_db()
    assert gebruiker.check_password(NIEUW_WACHTWOORD)
    assert inloggen(client, gebruiker.email, WACHTWOORD).status_code == 200  # old password refused
    assert inloggen(client, gebruiker.email, NIEUW_WACHTWOORD).status_code == 302
    client.post(reverse("logout"))

    opnieuw = client.get(link, follow=True)
    assert "Deze link is verlopen of al gebruikt" in tekst(opnieuw)
    assert 'name="new_password1"' not in opnieuw.content.decode()
    client.post(formulier_url, {"new_password1": "Ander-wachtwoord-2026!", "new_password2": "Ander-wachtwoord-2026!"})
    gebruiker.refresh_from_db()
    assert gebruiker.check_password(NIEUW_WACHTWOORD)


# --- Invitation link ---------------------------------------------------------------------------------------


@pytest.fixture
def uitnodiging(wereld, django_capture_on_commit_callbacks) -> tuple[Gebruiker, str]:
    """An invited user and the path of its activation link."""
    with django_capture_on_commit_callbacks(execute=True):
        lid = actions.nodig_uit(
            organisatie=wereld.a.organisaties["uwv"],
            email="nina.nieuw@holland-rijnland.test",
            naam="Nina Nieuw",
            rol=Rol.KLANTMANAGER,
            basis_url="http://testserver/",
        )
    assert len(mail.outbox) == 1
    return lid.gebruiker, laatste_link("/account/activeren/")


def test_activeringslink_zet_wachtwoord_en_wordt_daarna_geweigerd(uitnodiging, client):
    gebruiker, link = uitnodiging
    assert not gebruiker.has_usable_password()

    formulier = client.get(link)
    assert formulier.status_code == 200
    assert "Welkom, Nina Nieuw" in tekst(formulier)
    response = client.post(link, {"new_password1": NIEUW_WACHTWOORD, "new_password2": NIEUW_WACHTWOORD}, follow=True)
    assert response.redirect_chain == [(reverse("login"), 302)]
    assert "Je account is geactiveerd." in tekst(response)
    gebruiker.refresh_from_db()
    assert gebruiker.check_password(NIEUW_WACHTWOORD)

    for methode in ("get", "post"):
        opnieuw = getattr(client, methode)(
            link, {"new_password1": "Ander-ww-2026!x", "new_password2": "Ander-ww-2026!x"}
        )
        assert opnieuw.status_code == 400
        assert LINK_ONGELDIG in tekst(opnieuw)
    gebruiker.refresh_from_db()
    assert gebruiker.check_password(NIEUW_WACHTWOORD)


def test_activeringslink_verloopt_na_invite_valid_days(uitnodiging, client, monkeypatch):
    gebruiker, link = uitnodiging
    nu = datetime.now()
    dagen = settings.INVITE_VALID_DAYS
    assert dagen >= 1

    # Just before the end of its validity (so much longer than a password-reset link) it still works.
    monkeypatch.setattr(uitnodiging_tokens, "_now", lambda: nu + timedelta(days=dagen) - timedelta(hours=1))
    assert client.get(link).status_code == 200

    monkeypatch.setattr(uitnodiging_tokens, "_now", lambda: nu + timedelta(days=dagen, hours=1))
    verlopen = client.get(link)
    assert verlopen.status_code == 400
    assert LINK_ONGELDIG in tekst(verlopen)
    poging = client.post(link, {"new_password1": NIEUW_WACHTWOORD, "new_password2": NIEUW_WACHTWOORD})
    assert poging.status_code == 400
    gebruiker.refresh_from_db()
    assert not gebruiker.has_usable_password()


def test_activeringslink_van_een_andere_gebruiker_werkt_niet(uitnodiging, wereld, client):
    _gebruiker, link = uitnodiging
    ander = Gebruiker.objects.create_user(email="ander@holland-rijnland.test", naam="Ander")
    token = link.rstrip("/").split("/")[-1]
    vreemd = reverse("activeren", kwargs={"uidb64": urlsafe_base64_encode(force_bytes(ander.pk)), "token": token})
    assert client.get(vreemd).status_code == 400


@pytest.mark.parametrize(
    ("wachtwoord", "fout"),
    [
        ("Kort-ww-1!", "te kort"),  # 10 characters: under the minimum of 12
        ("startfinding", "te algemeen"),  # in Django's list of common passwords
        ("Ab1-" * 32 + "x", "te lang"),  # 129 characters: over the maximum of 128
    ],
    ids=["te-kort", "veelvoorkomend", "te-lang"],
)
def test_wachtwoord_van_uitgenodigde_moet_aan_de_eisen_voldoen(uitnodiging, client, wachtwoord, fout):
    gebruiker, link = uitnodiging
    response = client.post(link, {"new_password1": wachtwoord, "new_password2": wachtwoord})
    assert response.status_code == 200
    assert fout in veldfout(response, "new_password2")
    gebruiker.refresh_from_db()
    assert not gebruiker.has_usable_password()
    # The link still works for a second try.
    assert client.get(link).status_code == 200


def test_wachtwoord_van_precies_128_tekens_is_toegestaan(uitnodiging, client):
    gebruiker, link = uitnodiging
    wachtwoord = "Ab1-" * 32
    assert len(wachtwoord) == 128
    response = client.post(link, {"new_password1": wachtwoord, "new_password2": wachtwoord})
    assert response.status_code == 302
    gebruiker.refresh_from_db()
    assert gebruiker.check_password(wachtwoord)
