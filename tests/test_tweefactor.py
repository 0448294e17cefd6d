"""Two-factor login (hoofdzaak/tweefactor.py): who must pass it, enrolment, codes, resets and re-authentication.

These tests log in through the forms with a plain Client, so the session has passed only what the test makes it
pass (`client.force_login` would also pass the second step: tests/conftest.py).
"""

from __future__ import annotations

import base64
import datetime
import re
from html import unescape
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import hotp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from hoofdzaak import actions, tweefactor
from hoofdzaak.models import AuditActie, AuditRegel, Gebruiker, Rol
from tests.fabriek import KLOK, WACHTWOORD, alleen_wachtwoord, code_voor, zorg_voor_app

VERPLICHT = [Rol.PROJECTLEIDER, Rol.TRAJECTBEGELEIDER, Rol.KLANTMANAGER, Rol.PEER_SUPPORTER]
VRIJWILLIG = [Rol.BESTUURDER, Rol.WERKGEVERSADVISEUR]
CODE_FOUT = "Deze code klopt niet of is al gebruikt."
NIEUW_WACHTWOORD = "Zeilboot-langs-de-Rijn-2026"


def tekst(response) -> str:
    html = re.sub(r"<script\b.*?</script>", " ", response.content.decode(), flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def veldfout(response, veld_id: str) -> str:
    """The error text shown at a form field (its widget has id `veld_id`)."""
    match = re.search(rf'<div[^>]*id="{veld_id}_error"[^>]*>(.*?)</div>', response.content.decode(), re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", match.group(1))).split()) if match else ""


def regio_home(wereld) -> str:
    return reverse("regio_home", kwargs={"regio": wereld.a.regio.slug})


def inloggen(client, email: str, wachtwoord: str = WACHTWOORD, **extra):
    return client.post(reverse("login"), {"username": email, "password": wachtwoord}, **extra)


def ingelogd_als(client) -> int | None:
    user_id = client.session.get("_auth_user_id")
    return int(user_id) if user_id else None


def geverifieerd(client) -> bool:
    return DEVICE_ID_SESSION_KEY in client.session


def code(client, waarde: str, **data):
    return client.post(reverse("tweede_stap"), {"code": waarde, **data})


def ontdooi(apparaat) -> None:
    """Forget the failures of a device (its throttle would refuse the next try within seconds)."""
    type(apparaat).objects.filter(pk=apparaat.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)


def geheim_van_de_pagina(response) -> bytes:
    match = re.search(r'<code class="utrecht-code" id="geheim">([A-Z2-7 ]+)</code>', response.content.decode())
    assert match, "de sleutel staat niet op de pagina"
    geheim = match.group(1).replace(" ", "")
    return base64.b32decode(geheim + "=" * (-len(geheim) % 8))


def code_uit_sleutel(sleutel: bytes, stap: int = 0) -> str:
    """What an authenticator app shows now (or `stap` time steps later) for this key."""
    return f"{hotp(sleutel, int(KLOK()) // 30 + stap):06d}"


def mislukt(omschrijving_bevat: str = "Tweede stap mislukt") -> list[AuditRegel]:
    return list(AuditRegel.objects.filter(actie=AuditActie.INLOGGEN_MISLUKT, omschrijving__contains=omschrijving_bevat))


# --- Who must pass the second step ---------------------------------------------------------------------------


@pytest.mark.parametrize("rol", VERPLICHT)
def test_verplichte_rol_komt_pas_na_de_tweede_stap_in_de_regio(wereld, rol):
    client = Client()
    gebruiker = wereld.a.gebruikers[rol]
    assert inloggen(client, gebruiker.email).status_code == 302
    assert ingelogd_als(client) == gebruiker.pk and not geverifieerd(client)

    # Not enrolled yet: every region page (and any other region) leads to enrolment first.
    home = regio_home(wereld)
    for pad in (home, reverse("regio_home", kwargs={"regio": wereld.b.regio.slug}), reverse("start")):
        response = client.get(pad)
        assert response.status_code == 302, pad
        assert response.url == reverse("tweede_stap_instellen") + "?next=" + pad.replace("/", "%2F"), pad
    # A POST is sent there too, without next.
    post = client.post(reverse("kies_rol", kwargs={"regio": wereld.a.regio.slug}), {"lidmaatschap": "1"})
    assert post.status_code == 302 and post.url == reverse("tweede_stap_instellen")

    # Enrolled (on another device): the code is asked for.
    zorg_voor_app(gebruiker)
    response = client.get(home)
    assert response.status_code == 302 and response.url.startswith(reverse("tweede_stap") + "?next=")
    assert client.get(reverse("tweede_stap_instellen")).url.startswith(reverse("tweede_stap"))

    assert code(client, code_voor(zorg_voor_app(gebruiker)), next=home).url == home
    assert client.get(home).status_code == 200


@pytest.mark.parametrize("rol", VRIJWILLIG)
def test_bestuurder_en_werkgeversadviseur_hoeven_geen_tweede_stap(wereld, rol):
    client = Client()
    response = inloggen(client, wereld.a.gebruikers[rol].email)
    assert response.status_code == 302
    assert client.get(regio_home(wereld)).status_code == 200
    # They may set it up; the page says it is voluntary.
    instellen = client.get(reverse("tweede_stap_instellen"))
    assert instellen.status_code == 200
    assert "niet verplicht" in tekst(instellen)


def test_wie_vrijwillig_instelde_moet_de_code_ook_geven(wereld):
    client = Client()
    bestuurder = wereld.a.gebruikers[Rol.BESTUURDER]
    zorg_voor_app(bestuurder)
    inloggen(client, bestuurder.email)
    response = client.get(regio_home(wereld))
    assert response.status_code == 302 and response.url.startswith(reverse("tweede_stap"))


def test_een_verplichte_rol_in_een_andere_regio_telt_ook(wereld):
    client = Client()
    bestuurder = wereld.a.gebruikers[Rol.BESTUURDER]
    actions.voeg_lidmaatschap_toe(gebruiker=bestuurder, organisatie=wereld.b.organisaties["uwv"], rol=Rol.KLANTMANAGER)
    inloggen(client, bestuurder.email)
    assert client.get(regio_home(wereld)).url.startswith(reverse("tweede_stap_instellen"))
    # An inactive membership does not count.
    bestuurder.lidmaatschappen.filter(rol=Rol.KLANTMANAGER).update(actief=False)
    assert client.get(regio_home(wereld)).status_code == 200


def test_platformbeheer_moet_de_tweede_stap_ook_geven(wereld):
    beheer = Gebruiker.objects.create_superuser(email="beheer@hoofdzaak.test", naam="Beheer", password=WACHTWOORD)
    client = Client()
    client.post(reverse("admin:login"), {"username": beheer.email, "password": WACHTWOORD})
    assert ingelogd_als(client) == beheer.pk
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response.url.startswith(reverse("tweede_stap_instellen"))
    zorg_voor_app(beheer)
    assert client.get(reverse("admin:index")).url.startswith(reverse("tweede_stap"))
    code(client, code_voor(zorg_voor_app(beheer)))
    assert client.get(reverse("admin:index")).status_code == 200


def test_vrije_paginas_blijven_bereikbaar_zonder_tweede_stap(wereld):
    client = Client()
    inloggen(client, wereld.a.gebruikers[Rol.KLANTMANAGER].email)
    assert client.get(reverse("gezondheid")).status_code == 200
    assert client.get(reverse("password_reset")).status_code == 200
    assert client.get(reverse("tweede_stap_instellen")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert ingelogd_als(client) is None


def test_htmx_krijgt_een_hx_redirect(wereld):
    client = Client()
    inloggen(client, wereld.a.gebruikers[Rol.TRAJECTBEGELEIDER].email)
    response = client.get(
        regio_home(wereld), HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL="http://testserver/holland-rijnland/?x=1"
    )
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("tweede_stap_instellen") + "?next=%2Fholland-rijnland%2F%3Fx%3D1"


def test_force_login_in_tests_geeft_ook_de_tweede_stap(wereld):
    # tests/conftest.py: what the hundreds of other tests rely on.
    client = Client()
    gebruiker = wereld.a.gebruikers[Rol.KLANTMANAGER]
    client.force_login(gebruiker)
    assert geverifieerd(client) and client.get(regio_home(wereld)).status_code == 200
    zonder = Client()
    alleen_wachtwoord(zonder, gebruiker)
    assert zonder.get(regio_home(wereld)).status_code == 302


# --- User and verified device in one query (GebruikerMetApparaatMiddleware) --------------------------------------


def _pagina_met_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, [q["sql"] for q in queries]


def test_gebruiker_en_geverifieerde_app_in_een_query(wereld):
    client = Client()
    gebruiker = wereld.a.gebruikers[Rol.KLANTMANAGER]
    client.force_login(gebruiker)
    client.get(regio_home(wereld))
    response, queries = _pagina_met_queries(client, regio_home(wereld))
    assert response.status_code == 200 and response.wsgi_request.user.is_verified()
    assert response.wsgi_request.user.otp_device.persistent_id == client.session[DEVICE_ID_SESSION_KEY]
    gebruikers = [q for q in queries if '"hoofdzaak_gebruiker"' in q.split(" FROM ")[-1].split(" WHERE ")[0]]
    assert len(gebruikers) == 1 and "otp_totp_totpdevice" in gebruikers[0], queries


@pytest.mark.parametrize(
    "wijziging",
    ["app_verwijderd", "app_onbevestigd", "app_van_een_ander", "wachtwoord_elders_gewijzigd", "gedeactiveerd"],
)
def test_wat_de_sessie_ongeldig_maakt_geldt_ook_zonder_extra_query(wereld, wijziging):
    """The one-query path checks what Django and django-otp check; anything unusual takes their own path."""
    client = Client()
    gebruiker = wereld.a.gebruikers[Rol.KLANTMANAGER]
    client.force_login(gebruiker)
    assert client.get(regio_home(wereld)).status_code == 200
    app = TOTPDevice.objects.get(user=gebruiker)
    if wijziging == "app_verwijderd":
        app.delete()
    elif wijziging == "app_onbevestigd":
        TOTPDevice.objects.filter(pk=app.pk).update(confirmed=False)
    elif wijziging == "app_van_een_ander":
        TOTPDevice.objects.filter(pk=app.pk).update(user=wereld.a.gebruikers[Rol.TRAJECTBEGELEIDER])
    elif wijziging == "wachtwoord_elders_gewijzigd":
        gebruiker.set_password(NIEUW_WACHTWOORD)
        Gebruiker.objects.filter(pk=gebruiker.pk).update(password=gebruiker.password)
    else:
        Gebruiker.objects.filter(pk=gebruiker.pk).update(is_active=False)
    response = client.get(regio_home(wereld))
    assert response.status_code == 302
    if wijziging.startswith("app_"):
        # Still signed in with the password, no longer verified: back to the second step, device key dropped.
        assert response.url.startswith(reverse("tweede_stap"))
        assert ingelogd_als(client) == gebruiker.pk and not geverifieerd(client)
    else:
        # As Django's get_user: anonymous (a changed password also flushes the session).
        assert response.url.startswith(reverse("login")) and not response.wsgi_request.user.is_authenticated
        assert wijziging == "gedeactiveerd" or ingelogd_als(client) is None


# --- Enrolment -------------------------------------------------------------------------------------------------


def test_instellen_toont_qr_en_sleutel_en_bevestigt_met_een_geldige_code(wereld):
    client = Client()
    gebruiker = wereld.a.gebruikers[Rol.TRAJECTBEGELEIDER]
    inloggen(client, gebruiker.email)
    home = regio_home(wereld)
    pagina = client.get(reverse("tweede_stap_instellen"), {"next": home})
    assert pagina.status_code == 200
    html = pagina.content.decode()

    # The QR code is an SVG drawn on the server, inline as a data: URL (CSP: img-src 'self' data:).
    match = re.search(r'<img class="utrecht-img hzw-qr" src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', html)
    assert match, "geen QR-code als data:-URL"
    svg = base64.b64decode(match.group(1)).decode()
    assert svg.startswith("<svg") and "<path" in svg and "<script" not in svg
    apparaat = TOTPDevice.objects.get(user=gebruiker)
    assert not apparaat.confirmed
    uri = tweefactor.otpauth_uri(apparaat)
    assert uri.startswith("otpauth://totp/Hoofdzaak%20Werk%3Atrajectbegeleider%40holland-rijnland.test?")
    assert "issuer=Hoofdzaak%20Werk" in uri
    assert tweefactor.qr_svg(uri).decode() == svg
    sleutel = geheim_van_de_pagina(pagina)
    assert sleutel == apparaat.bin_key
    assert f"secret={base64.b32encode(sleutel).decode()}" in uri
    # A reload shows the same key (the app being added stays the same).
    assert geheim_van_de_pagina(client.get(reverse("tweede_stap_instellen"))) == sleutel

    # A wrong code is refused at the field.
    fout = client.post(reverse("tweede_stap_instellen"), {"code": "000000", "next": home})
    assert fout.status_code == 200
    assert CODE_FOUT in veldfout(fout, "id_code")
    assert not geverifieerd(client) and not TOTPDevice.objects.get(pk=apparaat.pk).confirmed
    assert mislukt("Tweede stap mislukt (instellen)")
    ontdooi(apparaat)

    # The right code: confirmed, verified, and the backup codes shown once.
    response = client.post(reverse("tweede_stap_instellen"), {"code": code_uit_sleutel(sleutel), "next": home})
    assert response.status_code == 302
    apparaat.refresh_from_db()
    assert apparaat.confirmed and geverifieerd(client)
    codes_pagina = client.get(response.url)
    assert codes_pagina.status_code == 200
    codes = re.findall(
        r'<li class="utrecht-unordered-list__item"><code class="utrecht-code">([a-z2-7]+)</code>',
        codes_pagina.content.decode(),
    )
    assert len(codes) == 10
    assert set(codes) == set(StaticToken.objects.filter(device__user=gebruiker).values_list("token", flat=True))
    assert "Je ziet deze codes maar één keer" in tekst(codes_pagina)
    assert f'href="{home}"' in codes_pagina.content.decode()
    # Once: the next visit does not show them again.
    daarna = client.get(reverse("tweede_stap_instellen"))
    assert daarna.status_code == 200
    for reservecode in codes:
        assert reservecode not in daarna.content.decode()
    assert "al ingesteld" in tekst(daarna)

    assert client.get(home).status_code == 200
    regel = AuditRegel.objects.get(actie=AuditActie.WIJZIGEN, object_type="tweede_stap")
    assert regel.gebruiker_id == gebruiker.pk and "ingesteld" in regel.omschrijving


def test_een_niet_geverifieerde_sessie_kan_geen_nieuwe_app_toevoegen(wereld):
    # Only the password (e.g. stolen) is not enough to replace the app of an enrolled user.
    gebruiker = wereld.a.gebruikers[Rol.KLANTMANAGER]
    oud = zorg_voor_app(gebruiker)
    client = Client()
    inloggen(client, gebruiker.email)
    response = client.get(reverse("tweede_stap_instellen"))
    assert response.status_code == 302 and response.url.startswith(reverse("tweede_stap"))
    client.post(reverse("tweede_stap_instellen"), {"code": "123456"})
    assert list(TOTPDevice.objects.filter(user=gebruiker)) == [oud]


# --- The second step at login ----------------------------------------------------------------------------------


def test_verkeerde_code_geweigerd_met_melding_en_auditregel(wereld):
    client = Client()
    gebruiker = wereld.a.gebruikers[Rol.KLANTMANAGER]
    zorg_voor_app(gebruiker)
    inloggen(client, gebruiker.email)
    response = code(client, "123456")
    assert response.status_code == 200
    assert CODE_FOUT in veldfout(response, "id_code")
    assert 'aria-invalid="true"' in response.content.decode()
    assert not geverifieerd(client)
    [regel] = mislukt()
    assert regel.gebruiker_id == gebruiker.pk and regel.ip == "127.0.0.1"
    leeg = code(client, "")
    assert "Vul de code in." in veldfout(leeg, "id_code")


def test_geldige_code_schrijft_een_auditregel(wereld):
    client = Client()
    gebruiker = wereld.a.gebruikers[Rol.PEER_SUPPORTER]
    inloggen(client, gebruiker.email)
    response = code(client, code_voor(zorg_voor_app(gebruiker)))
    assert response.status_code == 302 and response.url == reverse("start")
    regel = AuditRegel.objects.filter(actie=AuditActie.INLOGGEN).order_by("-id").first()
    assert regel.gebruiker_id == gebruiker.pk and regel.omschrijving == "Tweede stap geslaagd met de authenticator-app"


def test_dezelfde_totp_code_werkt_maar_een_keer(wereld):
    gebruiker = wereld.a.gebruikers[Rol.TRAJECTBEGELEIDER]
    apparaat = zorg_voor_app(gebruiker)
    eerste = Client()
    inloggen(eerste, gebruiker.email)
    waarde = code_voor(apparaat)
    assert code(eerste, waarde).status_code == 302
    apparaat.refresh_from_db()
    assert apparaat.last_t >= 0  # django-otp remembers the time step of the accepted code

    # The same code again, in another session (e.g. read over the shoulder), even within its 30 seconds.
    tweede = Client()
    inloggen(tweede, gebruiker.email)
    response = code(tweede, waarde)
    assert response.status_code == 200
    assert CODE_FOUT in veldfout(response, "id_code")
    assert not geverifieerd(tweede)
    assert mislukt()


def test_reservecode_werkt_een_keer(wereld):
    gebruiker = wereld.a.gebruikers[Rol.PROJECTLEIDER]
    zorg_voor_app(gebruiker)
    codes = actions.maak_reservecodes(gebruiker=gebruiker)
    assert len(codes) == 10 == len(set(codes))

    client = Client()
    inloggen(client, gebruiker.email)
    # Typed with capitals and a space: still accepted.
    response = code(client, f" {codes[3][:4].upper()} {codes[3][4:]} ")
    assert response.status_code == 302 and geverifieerd(client)
    assert not StaticToken.objects.filter(token=codes[3]).exists()
    assert StaticToken.objects.filter(device__user=gebruiker).count() == 9
    volgende = client.get(response.url, follow=True)
    assert "nog 9" in tekst(volgende)
    assert "Tweede stap geslaagd met een reservecode (nog 9 over)" in AuditRegel.objects.values_list(
        "omschrijving", flat=True
    )

    client.post(reverse("logout"))
    inloggen(client, gebruiker.email)
    opnieuw = code(client, codes[3])
    assert opnieuw.status_code == 200 and CODE_FOUT in veldfout(opnieuw, "id_code")
    assert not geverifieerd(client)
    ontdooi(StaticDevice.objects.get(user=gebruiker))
    assert code(client, codes[4]).status_code == 302


def test_te_veel_verkeerde_codes_remmen_af_met_een_duidelijke_melding(wereld):
    client = Client()
    gebruiker = wereld.a.gebruikers[Rol.KLANTMANAGER]
    apparaat = zorg_voor_app(gebruiker)
    inloggen(client, gebruiker.email)
    for _ in range(3):
        code(client, "000000")
    apparaat.refresh_from_db()
    assert apparaat.throttling_failure_count >= 1
    TOTPDevice.objects.filter(pk=apparaat.pk).update(
        throttling_failure_count=4, throttling_failure_timestamp=timezone.now()
    )

    # Even the right code waits (2^3 = 8 seconds after the 4th failure).
    response = code(client, code_voor(apparaat))
    assert response.status_code == 200
    fout = veldfout(response, "id_code")
    assert "Te veel verkeerde codes achter elkaar. Wacht" in fout and "seconden" in fout
    assert not geverifieerd(client)
    assert mislukt("te veel pogingen")

    TOTPDevice.objects.filter(pk=apparaat.pk).update(
        throttling_failure_timestamp=timezone.now() - datetime.timedelta(seconds=9)
    )
    assert code(client, code_voor(apparaat)).status_code == 302
    apparaat.refresh_from_db()
    assert apparaat.throttling_failure_count == 0


@pytest.mark.parametrize(
    ("volgende", "verwacht"),
    [
        ("https://kwaadwillend.example/inloggen/", "/"),
        ("//kwaadwillend.example/", "/"),
        ("http://testserver.kwaadwillend.example/", "/"),
        ("javascript:alert(1)", "/"),
        ("/holland-rijnland/", "/holland-rijnland/"),
        ("http://testserver/holland-rijnland/werkgevers/", "http://testserver/holland-rijnland/werkgevers/"),
    ],
)
def test_next_is_geen_open_redirect(wereld, volgende, verwacht):
    client = Client()
    gebruiker = wereld.a.gebruikers[Rol.KLANTMANAGER]
    inloggen(client, gebruiker.email)
    response = code(client, code_voor(zorg_voor_app(gebruiker)), next=volgende)
    assert response.status_code == 302
    assert response.url == verwacht


# --- Password reset and activation never skip it ---------------------------------------------------------------


def test_wachtwoordherstel_logt_niet_in_en_daarna_wordt_de_code_gevraagd(wereld):
    client = Client()
    gebruiker = wereld.a.gebruikers[Rol.TRAJECTBEGELEIDER]
    zorg_voor_app(gebruiker)
    client.post(reverse("password_reset"), {"email": gebruiker.email})
    link = re.search(r"http://testserver(/account/herstel/\S+/)", mail.outbox[-1].body).group(1)
    formulier = client.get(link, follow=True)
    response = client.post(
        formulier.redirect_chain[-1][0], {"new_password1": NIEUW_WACHTWOORD, "new_password2": NIEUW_WACHTWOORD}
    )
    assert response.status_code == 302 and response.url == reverse("password_reset_complete")
    assert ingelogd_als(client) is None
    assert client.get(regio_home(wereld)).url.startswith(reverse("login"))

    assert inloggen(client, gebruiker.email, NIEUW_WACHTWOORD).status_code == 302
    response = client.get(regio_home(wereld))
    assert response.status_code == 302 and response.url.startswith(reverse("tweede_stap") + "?")
    assert not geverifieerd(client)


def test_activering_zet_alleen_het_wachtwoord_daarna_inloggen_en_instellen(wereld, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        actions.nodig_uit(
            organisatie=wereld.a.organisaties["ggz"],
            email="nina.nieuw@holland-rijnland.test",
            naam="Nina Nieuw",
            rol=Rol.TRAJECTBEGELEIDER,
            basis_url="http://testserver/",
        )
    link = re.search(r"http://testserver(/account/activeren/\S+/)", mail.outbox[-1].body).group(1)
    client = Client()
    response = client.post(link, {"new_password1": NIEUW_WACHTWOORD, "new_password2": NIEUW_WACHTWOORD})
    assert response.status_code == 302 and response.url == reverse("login")
    assert ingelogd_als(client) is None
    inloggen(client, "nina.nieuw@holland-rijnland.test", NIEUW_WACHTWOORD)
    response = client.get(reverse("start"))
    assert response.status_code == 302 and response.url.startswith(reverse("tweede_stap_instellen"))


# --- Security page: re-authentication -------------------------------------------------------------------------


@pytest.fixture
def ingelogd(wereld):
    """A klantmanager that passed both steps in a plain client, and its app."""
    client = Client()
    gebruiker = wereld.a.gebruikers[Rol.KLANTMANAGER]
    apparaat = zorg_voor_app(gebruiker)
    inloggen(client, gebruiker.email)
    code(client, code_voor(apparaat))
    assert geverifieerd(client)
    return client, gebruiker, apparaat


def wijzig_wachtwoord(client, huidig: str, waarde: str, nieuw: str = NIEUW_WACHTWOORD):
    return client.post(
        reverse("beveiliging"),
        {"actie": "wachtwoord", "old_password": huidig, "code": waarde, "new_password1": nieuw, "new_password2": nieuw},
    )


def test_beveiligingspagina(ingelogd):
    client, gebruiker, _apparaat = ingelogd
    pagina = client.get(reverse("beveiliging"))
    assert pagina.status_code == 200
    inhoud = tekst(pagina)
    assert "Wachtwoord wijzigen" in inhoud and "Tweede stap opnieuw instellen" in inhoud
    assert "Je kunt het hier niet zelf wijzigen" in inhoud  # e-mail is not self-service
    assert pagina["Cache-Control"].startswith("max-age=0") or "no-store" in pagina["Cache-Control"]


def test_wachtwoord_wijzigen_vraagt_wachtwoord_en_code(ingelogd, wereld):
    client, gebruiker, apparaat = ingelogd
    ander_apparaat = Client()
    ander_apparaat.force_login(gebruiker)

    fout_ww = wijzig_wachtwoord(client, "Niet-mijn-wachtwoord-1", code_voor(apparaat))
    assert fout_ww.status_code == 200
    assert "Dit is niet je huidige wachtwoord." in veldfout(fout_ww, "wachtwoord_old_password")
    fout_code = wijzig_wachtwoord(client, WACHTWOORD, "000000")
    assert fout_code.status_code == 200
    assert CODE_FOUT in veldfout(fout_code, "wachtwoord_code")
    gebruiker.refresh_from_db()
    assert gebruiker.check_password(WACHTWOORD)
    assert mislukt("herauthenticatie")
    ontdooi(apparaat)

    response = wijzig_wachtwoord(client, WACHTWOORD, code_voor(apparaat))
    assert response.status_code == 302 and response.url == reverse("beveiliging")
    gebruiker.refresh_from_db()
    assert gebruiker.check_password(NIEUW_WACHTWOORD)
    # This session stays (and stays verified); the other one is gone.
    assert client.get(regio_home(wereld)).status_code == 200
    assert ander_apparaat.get(regio_home(wereld)).status_code == 302
    assert not Session.objects.filter(session_key=ander_apparaat.cookies[settings.SESSION_COOKIE_NAME].value).exists()
    regel = AuditRegel.objects.get(actie=AuditActie.WIJZIGEN, object_type="wachtwoord")
    assert regel.gebruiker_id == gebruiker.pk and "Wachtwoord gewijzigd" in regel.omschrijving


def test_tweede_stap_resetten_vraagt_wachtwoord_en_code(ingelogd, wereld):
    client, gebruiker, apparaat = ingelogd
    reservecodes = actions.maak_reservecodes(gebruiker=gebruiker)

    def reset(wachtwoord, waarde):
        return client.post(reverse("beveiliging"), {"actie": "tweede_stap", "wachtwoord": wachtwoord, "code": waarde})

    fout_ww = reset("Niet-mijn-wachtwoord-1", code_voor(apparaat))
    assert "Dit is niet je huidige wachtwoord." in veldfout(fout_ww, "reset_wachtwoord")
    fout_code = reset(WACHTWOORD, "000000")
    assert CODE_FOUT in veldfout(fout_code, "reset_code")
    assert TOTPDevice.objects.filter(pk=apparaat.pk).exists()
    ontdooi(apparaat)

    # Phone lost: a backup code re-authenticates as well.
    response = reset(WACHTWOORD, reservecodes[0])
    assert response.status_code == 302 and response.url == reverse("tweede_stap_instellen")
    assert not TOTPDevice.objects.filter(user=gebruiker).exists()
    assert not StaticDevice.objects.filter(user=gebruiker).exists()
    # The session is no longer verified: region pages wait for the new app.
    assert client.get(regio_home(wereld)).url.startswith(reverse("tweede_stap_instellen"))
    assert AuditRegel.objects.filter(
        actie=AuditActie.WIJZIGEN, object_type="tweede_stap", omschrijving__contains="verwijderd"
    ).exists()


def test_beveiliging_zonder_tweede_stap_vraagt_alleen_het_wachtwoord(wereld):
    client = Client()
    bestuurder = wereld.a.gebruikers[Rol.WERKGEVERSADVISEUR]
    inloggen(client, bestuurder.email)
    pagina = client.get(reverse("beveiliging"))
    assert 'name="code"' not in pagina.content.decode()
    assert "nog geen tweede stap ingesteld" in tekst(pagina)
    response = client.post(
        reverse("beveiliging"),
        {
            "actie": "wachtwoord",
            "old_password": WACHTWOORD,
            "new_password1": NIEUW_WACHTWOORD,
            "new_password2": NIEUW_WACHTWOORD,
        },
    )
    assert response.status_code == 302
    bestuurder.refresh_from_db()
    assert bestuurder.check_password(NIEUW_WACHTWOORD)


def test_herauthenticatie_telt_mee_voor_de_inlogblokkade(ingelogd):
    client, gebruiker, apparaat = ingelogd
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert wijzig_wachtwoord(client, "Niet-mijn-wachtwoord-1", "000000").status_code == 200
    assert wijzig_wachtwoord(client, "Niet-mijn-wachtwoord-1", "000000").status_code == 429
    # The code was never checked (the password was wrong), so the app is not throttled by these tries.
    apparaat.refresh_from_db()
    assert apparaat.throttling_failure_count == 0
    from axes.models import AccessAttempt

    opgeslagen = " ".join(AccessAttempt.objects.values_list("post_data", flat=True))
    assert "Niet-mijn-wachtwoord" not in opgeslagen and "000000" not in opgeslagen


# --- Demo accounts ------------------------------------------------------------------------------------------------


def test_demo_accounts_hebben_een_vaste_sleutel_en_demo_code_geeft_de_code(db):
    from hoofdzaak.demo import demo_totp_geheim, demo_totp_sleutel

    uitvoer = StringIO()
    call_command("laad_demo", stdout=uitvoer)
    call_command("laad_demo", stdout=StringIO())  # idempotent: still one demo app per account
    email = "klantmanager@holland-rijnland.demo"
    geheim = demo_totp_geheim(email)
    assert re.search(rf"{re.escape(email)}\s+{geheim}", uitvoer.getvalue())
    assert base64.b32decode(geheim) == demo_totp_sleutel(email)
    for gebruiker in Gebruiker.objects.filter(email__endswith=".demo"):
        [app] = TOTPDevice.objects.filter(user=gebruiker)
        assert app.confirmed and app.name == "Demo" and app.bin_key == demo_totp_sleutel(gebruiker.email)
        assert demo_totp_geheim(gebruiker.email) in uitvoer.getvalue()

    regel = StringIO()
    call_command("demo_code", email, stdout=regel, stderr=StringIO())
    waarde = regel.getvalue().strip()
    assert re.fullmatch(r"\d{6}", waarde)
    client = Client()
    from hoofdzaak.demo import DEMO_WACHTWOORD

    inloggen(client, email, DEMO_WACHTWOORD)
    assert code(client, waarde).status_code == 302
    assert client.get(reverse("regio_home", kwargs={"regio": "holland-rijnland"})).status_code == 200

    from django.core.management.base import CommandError

    gewone = Gebruiker.objects.create_user(email="gewoon@holland-rijnland.test", naam="Gewoon", password=WACHTWOORD)
    zorg_voor_app(gewone)
    with pytest.raises(CommandError):
        call_command("demo_code", gewone.email, stdout=StringIO(), stderr=StringIO())


def test_readme_noemt_de_sleutel_van_elk_demo_account():
    from pathlib import Path

    from hoofdzaak.demo import REGIOS, demo_email, demo_totp_geheim

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    emails = [demo_email(rol, spec["slug"]) for spec in REGIOS for rol in spec["accounts"]]
    for email in [*emails, "platformbeheer@hoofdzaak.demo"]:
        assert f"| `{email}` | `{demo_totp_geheim(email)}` |" in readme, email
