"""Security hardening (docs/security.md): one test per rule, each failing when its rule is removed.

Brute force (django-axes), client IP behind proxies, session lifetime and registry, security
headers and cookies, the templates' CSP hygiene, `check --deploy`, passwords and bad input.
"""

from __future__ import annotations

import datetime
import os
import re
import subprocess
import sys
import time
from html import unescape
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hoofdzaak import actions, audit
from hoofdzaak.models import AuditActie, AuditRegel, Gebruiker, Rol, Sessie
from hoofdzaak.security import INGELOGD_OP
from tests.fabriek import WACHTWOORD

FOUT = "Helemaal-niet-het-wachtwoord-1"
INLOGFOUT = "Dit e-mailadres en wachtwoord horen niet bij een actief account"
GEBLOKKEERD = "Inloggen tijdelijk geblokkeerd"


def inloggen(client, email: str, wachtwoord: str, **extra):
    return client.post(reverse("login"), {"username": email, "password": wachtwoord}, **extra)


def ingelogd_als(client) -> int | None:
    user_id = client.session.get("_auth_user_id")
    return int(user_id) if user_id else None


def tekst(response) -> str:
    html = re.sub(r"<script\b.*?</script>", " ", response.content.decode(), flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def hoofdinhoud(response) -> str:
    """The <main> element, without the per-response CSRF token."""
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"\b[A-Za-z0-9]{64}\b", "CSRF", main)


def regio_home(wereld) -> str:
    return reverse("regio_home", kwargs={"regio": wereld.a.regio.slug})


def blokkeer(client, email: str, **extra) -> list:
    return [inloggen(client, email, FOUT, **extra) for _ in range(settings.AXES_FAILURE_LIMIT)]


# --- Brute force ----------------------------------------------------------------------------------------


def test_vijf_fouten_blokkeren_daarna_ook_het_juiste_wachtwoord(wereld, client):
    gebruiker = wereld.a.gebruikers[Rol.KLANTMANAGER]
    antwoorden = blokkeer(client, gebruiker.email)
    for antwoord in antwoorden[:4]:
        assert antwoord.status_code == 200
        assert INLOGFOUT in tekst(antwoord)
    # The fifth failure locks: from then on even the right password is refused.
    assert antwoorden[4].status_code == 429
    zesde = inloggen(client, gebruiker.email, WACHTWOORD)
    assert zesde.status_code == 429
    pagina = tekst(zesde)
    assert GEBLOKKEERD in pagina and "15 minuten" in pagina
    assert gebruiker.email not in zesde.content.decode()
    assert ingelogd_als(client) is None


def test_vier_fouten_blokkeren_niet(wereld, client):
    gebruiker = wereld.a.gebruikers[Rol.KLANTMANAGER]
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert inloggen(client, gebruiker.email, FOUT).status_code == 200
    assert inloggen(client, gebruiker.email, WACHTWOORD).status_code == 302
    assert ingelogd_als(client) == gebruiker.pk


def test_blokkade_verraadt_niet_of_het_account_bestaat(wereld):
    bestaand, onbekend = Client(), Client()
    blokkeer(bestaand, wereld.a.gebruikers[Rol.KLANTMANAGER].email)
    blokkeer(onbekend, "niemand@holland-rijnland.test")
    a = inloggen(bestaand, wereld.a.gebruikers[Rol.KLANTMANAGER].email, WACHTWOORD)
    b = inloggen(onbekend, "niemand@holland-rijnland.test", WACHTWOORD)
    assert a.status_code == b.status_code == 429
    assert hoofdinhoud(a) == hoofdinhoud(b)


def test_blokkade_duurt_vijftien_minuten(wereld, client):
    gebruiker = wereld.a.gebruikers[Rol.KLANTMANAGER]
    blokkeer(client, gebruiker.email)
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=14))
    assert inloggen(client, gebruiker.email, WACHTWOORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert inloggen(client, gebruiker.email, WACHTWOORD).status_code == 302
    assert ingelogd_als(client) == gebruiker.pk


def test_blokkade_geldt_voor_de_combinatie_van_adres_en_ip(wereld, client):
    gebruiker = wereld.a.gebruikers[Rol.KLANTMANAGER]
    blokkeer(client, gebruiker.email)
    # The same user from another address (the real user at the office) can still log in...
    elders = Client(REMOTE_ADDR="192.0.2.44")
    assert inloggen(elders, gebruiker.email, WACHTWOORD).status_code == 302
    # ... and another user from the locked-out address too.
    collega = wereld.a.gebruikers[Rol.TRAJECTBEGELEIDER]
    assert inloggen(Client(), collega.email, WACHTWOORD).status_code == 302


def test_hoofdletters_omzeilen_de_blokkade_niet(wereld, client):
    gebruiker = wereld.a.gebruikers[Rol.KLANTMANAGER]
    varianten = [gebruiker.email.upper(), gebruiker.email.title(), f" {gebruiker.email} ", gebruiker.email]
    for email in varianten + [gebruiker.email.capitalize()]:
        inloggen(client, email, FOUT)
    assert inloggen(client, gebruiker.email, WACHTWOORD).status_code == 429


def test_gespoofte_x_forwarded_for_verandert_ip_noch_blokkade(wereld, client):
    gebruiker = wereld.a.gebruikers[Rol.KLANTMANAGER]
    blokkeer(client, gebruiker.email)
    for nep in ("203.0.113.9", "203.0.113.9, 198.51.100.1"):
        response = inloggen(client, gebruiker.email, WACHTWOORD, HTTP_X_FORWARDED_FOR=nep)
        assert response.status_code == 429
    assert ingelogd_als(client) is None
    ips = set(
        AuditRegel.objects.filter(actie__in=[AuditActie.INLOGGEN_MISLUKT, AuditActie.INLOGGEN_GEBLOKKEERD]).values_list(
            "ip", flat=True
        )
    )
    assert ips == {"127.0.0.1"}


def test_achter_een_vertrouwde_proxy_telt_het_ip_van_de_client(wereld, settings):
    settings.PORTAAL_TRUSTED_PROXIES = 1
    gebruiker = wereld.a.gebruikers[Rol.KLANTMANAGER]
    # Every request comes from the proxy's address; the proxy appends the client's.
    achter_proxy = Client(REMOTE_ADDR="10.0.0.2")
    blokkeer(achter_proxy, gebruiker.email, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert inloggen(achter_proxy, gebruiker.email, WACHTWOORD, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429
    # Another client behind the same proxy is not locked out by the first one.
    assert (
        inloggen(
            Client(REMOTE_ADDR="10.0.0.2"), gebruiker.email, WACHTWOORD, HTTP_X_FORWARDED_FOR="198.51.100.8"
        ).status_code
        == 302
    )
    # A value the first client put in the header itself is ignored: only the proxy's entry counts.
    assert (
        inloggen(
            achter_proxy, gebruiker.email, WACHTWOORD, HTTP_X_FORWARDED_FOR="198.51.100.8, 198.51.100.7"
        ).status_code
        == 429
    )
    assert AuditRegel.objects.filter(actie=AuditActie.INLOGGEN_MISLUKT).first().ip == "198.51.100.7"


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "verwacht"),
    [
        (0, "192.0.2.1", "203.0.113.5", "192.0.2.1"),
        (1, "10.0.0.2", "203.0.113.5", "203.0.113.5"),
        (1, "10.0.0.2", "6.6.6.6, 203.0.113.5", "203.0.113.5"),
        (2, "10.0.0.3", "6.6.6.6, 203.0.113.5, 10.0.0.2", "203.0.113.5"),
        (2, "10.0.0.3", "203.0.113.5", "10.0.0.3"),  # fewer entries than proxies: not trusted
        (1, "10.0.0.2", "", "10.0.0.2"),
        (1, "10.0.0.2", "geen-ip", None),
        (0, "", "", None),
        (1, "10.0.0.2", " 2001:DB8::1 ", "2001:db8::1"),
    ],
)
def test_client_ip(rf, settings, proxies, remote, forwarded, verwacht):
    settings.PORTAAL_TRUSTED_PROXIES = proxies
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert audit.client_ip(request) == verwacht


def test_blokkade_en_mislukte_pogingen_staan_in_het_auditlog(wereld, client):
    gebruiker = wereld.a.gebruikers[Rol.KLANTMANAGER]
    blokkeer(client, gebruiker.email)
    assert AuditRegel.objects.filter(actie=AuditActie.INLOGGEN_MISLUKT).count() == settings.AXES_FAILURE_LIMIT
    blokkade = AuditRegel.objects.get(actie=AuditActie.INLOGGEN_GEBLOKKEERD)
    assert gebruiker.email in blokkade.omschrijving and "na 5 mislukte pogingen" in blokkade.omschrijving
    assert blokkade.ip == "127.0.0.1" and blokkade.gebruiker_id is None
    inloggen(client, gebruiker.email, WACHTWOORD)
    assert AuditRegel.objects.filter(actie=AuditActie.INLOGGEN_GEBLOKKEERD).count() == 2
    assert not AuditRegel.objects.filter(actie=AuditActie.INLOGGEN).exists()


# --- Sessions ---------------------------------------------------------------------------------------------


def sessie(client) -> Session:
    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)


def kopie(client):
    """The session's copy in Redis (hoofdzaak/sessies.py): (data, expiry) or None."""
    from django.core.cache import caches

    from hoofdzaak.sessies import CACHE_ALIAS, SLEUTEL_PREFIX

    return caches[CACHE_ALIAS].get(SLEUTEL_PREFIX + client.cookies[settings.SESSION_COOKIE_NAME].value)


def verschuif_verloop(client, minuten: int) -> None:
    """Time travel: as if the last request was `minuten` minutes ago — in the row and in its copy, which
    always carry the same expiry."""
    from django.core.cache import caches

    from hoofdzaak.sessies import CACHE_ALIAS, SLEUTEL_PREFIX

    rij = sessie(client)
    rij.expire_date -= datetime.timedelta(minutes=minuten)
    rij.save(update_fields=["expire_date"])
    gegevens, verloopt_op = kopie(client)
    assert verloopt_op == rij.expire_date + datetime.timedelta(minutes=minuten)
    sleutel = SLEUTEL_PREFIX + client.cookies[settings.SESSION_COOKIE_NAME].value
    caches[CACHE_ALIAS].set(sleutel, (gegevens, rij.expire_date), max(1, (rij.expire_date - timezone.now()).seconds))


def test_sessie_wordt_gelezen_uit_haar_kopie_en_eindigt_met_de_rij(wereld, client):
    """The copy in Redis saves a page its session query; ending the session (its row) ends the copy too."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    gebruiker = wereld.a.gebruikers[Rol.KLANTMANAGER]
    client.force_login(gebruiker)
    assert client.get(regio_home(wereld)).status_code == 200
    gegevens, verloopt_op = kopie(client)
    assert gegevens == dict(client.session.items()) and verloopt_op == sessie(client).expire_date
    with CaptureQueriesContext(connection) as queries:
        assert client.get(regio_home(wereld)).status_code == 200
    assert not [q for q in queries if "django_session" in q["sql"]]
    # Revoked (deactivation, password change, logout elsewhere): row and copy are gone, the next page logs in.
    actions.beeindig_sessies(gebruiker_id=gebruiker.pk)
    assert kopie(client) is None and not Session.objects.filter(session_key=client.session.session_key).exists()
    response = client.get(regio_home(wereld))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_zonder_bereikbare_redis_antwoordt_de_rij_en_eindigt_de_sessie_toch(wereld, client, settings):
    """Redis unreachable: pages read the row, and ending a session deletes the row all the same."""
    settings.CACHES = {
        **settings.CACHES,
        "sessies": {"BACKEND": "hoofdzaak.cache.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"},
    }
    gebruiker = wereld.a.gebruikers[Rol.KLANTMANAGER]
    client.force_login(gebruiker)
    assert client.get(regio_home(wereld)).status_code == 200
    actions.beeindig_sessies(gebruiker_id=gebruiker.pk)
    assert not Session.objects.filter(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value).exists()
    response = client.get(regio_home(wereld))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_een_gelezen_rij_zet_geen_kopie_terug(wereld, client):
    """Only a successful write of the row writes the copy: a request that read the row cannot bring back a
    session that was deleted meanwhile. Without a copy the row answers, as before."""
    from django.core.cache import caches

    from hoofdzaak.sessies import CACHE_ALIAS, SLEUTEL_PREFIX

    client.force_login(wereld.a.gebruikers[Rol.KLANTMANAGER])
    caches[CACHE_ALIAS].delete(SLEUTEL_PREFIX + client.cookies[settings.SESSION_COOKIE_NAME].value)
    assert client.get(regio_home(wereld)).status_code == 200
    assert kopie(client) is None
    verschuif_verloop_rij = sessie(client)
    verschuif_verloop_rij.expire_date -= datetime.timedelta(minutes=31)
    verschuif_verloop_rij.save(update_fields=["expire_date"])
    response = client.get(regio_home(wereld))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_na_31_minuten_zonder_activiteit_uitgelogd(wereld, client):
    client.force_login(wereld.a.gebruikers[Rol.KLANTMANAGER])
    assert client.get(regio_home(wereld)).status_code == 200
    verschuif_verloop(client, 31)
    response = client.get(regio_home(wereld))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_activiteit_verlengt_de_sessie_met_30_minuten(wereld, client):
    client.force_login(wereld.a.gebruikers[Rol.KLANTMANAGER])
    client.get(regio_home(wereld))
    verschuif_verloop(client, 29)
    assert client.get(regio_home(wereld)).status_code == 200
    over = sessie(client).expire_date - timezone.now()
    assert datetime.timedelta(minutes=29) < over <= datetime.timedelta(minutes=30)


def test_sessiecookie_verdwijnt_met_de_browser(wereld, client):
    response = inloggen(client, wereld.a.gebruikers[Rol.KLANTMANAGER].email, WACHTWOORD)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""


def zet_inlogmoment(client, seconden_geleden: float) -> None:
    opgeslagen = client.session
    opgeslagen[INGELOGD_OP] = time.time() - seconden_geleden
    opgeslagen.save()


def test_na_12_uur_uitgelogd_ook_als_de_gebruiker_actief_was(wereld, client):
    gebruiker = wereld.a.gebruikers[Rol.KLANTMANAGER]
    client.force_login(gebruiker)
    zet_inlogmoment(client, 11 * 3600 + 3500)
    assert client.get(regio_home(wereld)).status_code == 200
    zet_inlogmoment(client, 12 * 3600 + 60)
    response = client.get(regio_home(wereld), follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("login"))
    assert "automatisch uitgelogd omdat je langer dan 12 uur was ingelogd" in tekst(response)
    assert ingelogd_als(client) is None
    regel = AuditRegel.objects.filter(actie=AuditActie.UITLOGGEN).get()
    assert regel.gebruiker_id == gebruiker.pk and "Sessie verlopen" in regel.omschrijving


def test_na_12_uur_krijgt_htmx_een_redirect_naar_inloggen(wereld, client):
    client.force_login(wereld.a.gebruikers[Rol.KLANTMANAGER])
    zet_inlogmoment(client, 13 * 3600)
    response = client.get(regio_home(wereld), HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Redirect"] == reverse("login")


def test_formulier_na_12_uur_wordt_niet_verwerkt(wereld, client):
    lid = wereld.a.lidmaatschappen[Rol.KLANTMANAGER]
    client.force_login(lid.gebruiker)
    zet_inlogmoment(client, 13 * 3600)
    response = client.post(reverse("kies_rol", kwargs={"regio": wereld.a.regio.slug}), {"lidmaatschap": lid.pk})
    assert response.status_code == 302 and response.url == reverse("login")
    assert ingelogd_als(client) is None


def test_inloggen_geeft_een_nieuwe_sessiesleutel(wereld, client):
    voor = client.session
    voor["iets"] = "van voor het inloggen"
    voor.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = voor.session_key
    assert inloggen(client, wereld.a.gebruikers[Rol.KLANTMANAGER].email, WACHTWOORD).status_code == 302
    na = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert na != voor.session_key
    assert not Session.objects.filter(session_key=voor.session_key).exists()
    assert Sessie.objects.filter(sessie_sleutel=na).exists()


def test_uitloggen_beeindigt_de_sessie_op_de_server(wereld, client):
    gebruiker = wereld.a.gebruikers[Rol.KLANTMANAGER]
    client.force_login(gebruiker)
    sleutel = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert Sessie.objects.filter(gebruiker=gebruiker, sessie_sleutel=sleutel).exists()
    client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=sleutel).exists()
    assert not Sessie.objects.filter(sessie_sleutel=sleutel).exists()
    # The old cookie, replayed, is worth nothing.
    oud = Client()
    oud.cookies[settings.SESSION_COOKIE_NAME] = sleutel
    assert oud.get(regio_home(wereld)).status_code == 302


def twee_apparaten(gebruiker) -> tuple[Client, Client]:
    laptop, telefoon = Client(), Client()
    laptop.force_login(gebruiker)
    telefoon.force_login(gebruiker)
    return laptop, telefoon


def test_deactiveren_van_een_gebruiker_beeindigt_al_zijn_sessies(wereld, django_capture_on_commit_callbacks):
    gebruiker = wereld.a.gebruikers[Rol.KLANTMANAGER]
    andere = Client()
    andere.force_login(wereld.a.gebruikers[Rol.TRAJECTBEGELEIDER])
    laptop, telefoon = twee_apparaten(gebruiker)
    # Accounts are (de)activated by platform staff (an account may hold memberships in several regions).
    staf = Gebruiker.objects.create_user(email="staf@platform.test", naam="Staf", password=WACHTWOORD, is_staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        actions.zet_gebruiker_actief(gebruiker=gebruiker, actief=False, door=staf)
    assert not Session.objects.filter(
        session_key__in=Sessie.objects.filter(gebruiker=gebruiker).values("sessie_sleutel")
    ).exists()
    for apparaat in (laptop, telefoon):
        assert not Session.objects.filter(session_key=apparaat.cookies[settings.SESSION_COOKIE_NAME].value).exists()
        assert apparaat.get(regio_home(wereld)).status_code == 302
    # Nobody else is logged out.
    assert andere.get(regio_home(wereld)).status_code == 200


def test_deactiveren_in_het_platformbeheer_beeindigt_de_sessies(wereld, django_capture_on_commit_callbacks):
    gebruiker = wereld.a.gebruikers[Rol.KLANTMANAGER]
    laptop, telefoon = twee_apparaten(gebruiker)
    beheerder = Gebruiker.objects.create_superuser(email="staf@platform.test", naam="Staf", password=WACHTWOORD)
    staf = Client()
    staf.force_login(beheerder)
    url = reverse("admin:hoofdzaak_gebruiker_change", args=[gebruiker.pk])
    formulier = staf.get(url).context["adminform"].form
    data = {k: v for k, v in formulier.initial.items() if v is not None and k != "password"}
    data.update(
        {
            "is_active": "",
            "lidmaatschappen-TOTAL_FORMS": "0",
            "lidmaatschappen-INITIAL_FORMS": "0",
            "lidmaatschappen-MIN_NUM_FORMS": "0",
            "lidmaatschappen-MAX_NUM_FORMS": "1000",
        }
    )
    data = {k: v for k, v in data.items() if not isinstance(v, (list, tuple))}
    with django_capture_on_commit_callbacks(execute=True):
        response = staf.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    gebruiker.refresh_from_db()
    assert gebruiker.is_active is False
    for apparaat in (laptop, telefoon):
        assert not Session.objects.filter(session_key=apparaat.cookies[settings.SESSION_COOKIE_NAME].value).exists()


def test_intrekken_van_een_lidmaatschap_beeindigt_de_sessies(wereld, django_capture_on_commit_callbacks):
    lid = wereld.a.lidmaatschappen[Rol.KLANTMANAGER]
    laptop, telefoon = twee_apparaten(lid.gebruiker)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        actions.zet_lidmaatschap_actief(lidmaatschap=lid, actief=False, door=wereld.a.gebruikers[Rol.PROJECTLEIDER])
    assert callbacks
    for apparaat in (laptop, telefoon):
        assert not Session.objects.filter(session_key=apparaat.cookies[settings.SESSION_COOKIE_NAME].value).exists()
    assert not Sessie.objects.filter(gebruiker=lid.gebruiker).exists()


def test_sessies_eindigen_pas_als_de_wijziging_is_vastgelegd(wereld, django_capture_on_commit_callbacks):
    lid = wereld.a.lidmaatschappen[Rol.KLANTMANAGER]
    laptop, _ = twee_apparaten(lid.gebruiker)
    with django_capture_on_commit_callbacks(execute=False):
        actions.zet_lidmaatschap_actief(lidmaatschap=lid, actief=False, door=wereld.a.gebruikers[Rol.PROJECTLEIDER])
        # Still inside the transaction: nothing ended yet.
        assert Session.objects.filter(session_key=laptop.cookies[settings.SESSION_COOKIE_NAME].value).exists()


def test_register_ruimt_verdwenen_sessies_op_bij_inloggen(wereld):
    gebruiker = wereld.a.gebruikers[Rol.KLANTMANAGER]
    oud = Client()
    oud.force_login(gebruiker)
    Session.objects.filter(session_key=oud.cookies[settings.SESSION_COOKIE_NAME].value).delete()
    Client().force_login(gebruiker)
    assert Sessie.objects.filter(gebruiker=gebruiker).count() == 1


# --- Headers and cookies ------------------------------------------------------------------------------------

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


def test_content_security_policy_op_elke_pagina(wereld, client):
    anoniem = client.get(reverse("login"))
    client.force_login(wereld.a.gebruikers[Rol.KLANTMANAGER])
    ingelogd = client.get(regio_home(wereld))
    niet_gevonden = client.get("/bestaat-niet/")
    for response in (anoniem, ingelogd, niet_gevonden):
        assert response["Content-Security-Policy"] == CSP
        assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_overige_beveiligingsheaders(wereld, client):
    client.force_login(wereld.a.gebruikers[Rol.KLANTMANAGER])
    response = client.get(regio_home(wereld), secure=True)
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in response["Permissions-Policy"]
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_geen_cache_van_paginas_voor_ingelogde_gebruikers(wereld, client):
    client.force_login(wereld.a.gebruikers[Rol.KLANTMANAGER])
    assert client.get(regio_home(wereld))["Cache-Control"] == "no-store"
    assert client.get(reverse("start"))["Cache-Control"] == "no-store"
    # A view that sets its own header keeps it (never_cache includes no-store).
    client.force_login(wereld.a.gebruikers[Rol.TRAJECTBEGELEIDER])
    eigen = client.get(reverse("caseload", kwargs={"regio": wereld.a.regio.slug}))
    assert "no-store" in eigen["Cache-Control"] and "private" in eigen["Cache-Control"]


def test_cookies_veilig_en_met_host_voorvoegsel(wereld, client):
    assert settings.SESSION_COOKIE_NAME == "__Host-sessionid"
    assert settings.CSRF_COOKIE_NAME == "__Host-csrftoken"
    client.get(reverse("login"))
    response = inloggen(client, wereld.a.gebruikers[Rol.KLANTMANAGER].email, WACHTWOORD)
    for naam in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME):
        cookie = response.cookies[naam]
        assert cookie["secure"] and cookie["httponly"], naam
        assert cookie["samesite"] == "Lax" and cookie["path"] == "/" and not cookie["domain"], naam


TOON_COOKIES = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps([s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE]))
"""


def _instellingen(script: str, **variabelen: str) -> subprocess.CompletedProcess:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "DJANGO_SETTINGS_MODULE": "hoofdzaak.settings"}
    env.update(variabelen)
    return subprocess.run(
        [sys.executable, *script], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("variabelen", "verwacht"),
    [
        (
            {"DJANGO_SECRET_KEY": "k", "PORTAAL_AUDIT_SLEUTEL": "a", "PORTAAL_KOPPEL_SLEUTEL": "m"},
            '["__Host-sessionid", "__Host-csrftoken", true]',
        ),
        (
            {
                "DJANGO_SECRET_KEY": "k",
                "PORTAAL_AUDIT_SLEUTEL": "a",
                "PORTAAL_KOPPEL_SLEUTEL": "m",
                "PORTAAL_HOST_PREFIX_COOKIES": "0",
            },
            '["sessionid", "csrftoken", true]',
        ),
        ({"DJANGO_DEBUG": "1"}, '["sessionid", "csrftoken", false]'),
    ],
)
def test_host_voorvoegsel_alleen_zonder_debug_en_uit_te_zetten(variabelen, verwacht):
    uitkomst = _instellingen(["-c", TOON_COOKIES], **variabelen)
    assert uitkomst.returncode == 0, uitkomst.stderr
    assert uitkomst.stdout.strip() == verwacht


def test_check_deploy_met_productie_instellingen():
    uitkomst = _instellingen(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_SECRET_KEY="Zq3-vX8_kP1w9LmA7cR2tY5uB0nE4gH6jK8oS1dF3aW7xC9vQ2zT",
        PORTAAL_AUDIT_SLEUTEL="Yp2-uW7_jO0v8KlZ6bQ1xS4tA9mD3fG5iJ7nR0eC2zV6wB8uP1yU",
        PORTAAL_KOPPEL_SLEUTEL="Kx4-nT9_fR2m7VbC5yH8wL1qJ6sD0pG3eA9zU4iO7kN2cX5vB8tM",
        DJANGO_ALLOWED_HOSTS="portaal.example.nl",
    )
    assert uitkomst.returncode == 0, uitkomst.stdout + uitkomst.stderr


# --- No inline script or style anywhere (the CSP would block it) -------------------------------------------------

TEMPLATE_MAPPEN = [Path(settings.BASE_DIR) / "templates", *Path(settings.BASE_DIR).glob("*/templates")]
VERBODEN = {
    "inline <script>": re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I),
    "<style>-element": re.compile(r"<style\b", re.I),
    "style-attribuut": re.compile(r"\sstyle\s*=", re.I),
    "on*-handler": re.compile(r"\son[a-z]+\s*=", re.I),
    "javascript:-URL": re.compile(r"javascript:", re.I),
    "hx-on (eval)": re.compile(r"\shx-on", re.I),
    "js: in hx-vals": re.compile(r"hx-(vals|vars)\s*=\s*['\"]\s*js:", re.I),
}


def _is_pdf_template(pad: Path) -> bool:
    # Rendered by WeasyPrint only, never served to a browser: <style> is allowed there.
    return "pdf" in pad.parts or "pdf" in pad.stem


def _templates() -> list[Path]:
    return sorted(p for map_ in TEMPLATE_MAPPEN for p in map_.rglob("*.html"))


def test_templates_hebben_geen_inline_script_of_style():
    fouten = []
    for pad in _templates():
        inhoud = re.sub(r"{#.*?#}", "", pad.read_text(), flags=re.S)  # template comments are not output
        for wat, patroon in VERBODEN.items():
            if wat == "<style>-element" and _is_pdf_template(pad):
                continue
            for match in patroon.finditer(inhoud):
                regel = inhoud.count("\n", 0, match.start()) + 1
                fouten.append(f"{pad.relative_to(settings.BASE_DIR)}:{regel}: {wat}")
    assert _templates(), "geen templates gevonden"
    assert not fouten, "\n".join(fouten)


def test_htmx_uit_eigen_statische_bestanden_zonder_inline_code(wereld, client):
    paginas = [client.get(reverse("login"))]
    client.force_login(wereld.a.gebruikers[Rol.TRAJECTBEGELEIDER])
    paginas += [client.get(regio_home(wereld)), client.get(reverse("caseload", kwargs={"regio": wereld.a.regio.slug}))]
    for response in paginas:
        assert response.status_code == 200
        url = response.request["PATH_INFO"]
        html = response.content.decode()
        scripts = re.findall(r"<script\b[^>]*>", html)
        assert scripts, url
        for tag in scripts:
            src = re.search(r'\ssrc="([^"]+)"', tag)
            assert src and src.group(1).startswith(settings.STATIC_URL), tag
        assert re.search(r"<script[^>]*>\s*[^<\s]", html) is None, "inline script in de uitvoer"
        assert " style=" not in html and "<style" not in html
        config = re.search(r'<meta name="htmx-config" content=\'([^\']+)\'>', html)
        assert config, url
        assert '"includeIndicatorStyles": false' in config.group(1)
        assert '"allowEval": false' in config.group(1)


def test_foutpagina_500_zonder_inline_style():
    pagina = (Path(settings.BASE_DIR) / "templates" / "500.html").read_text()
    assert "<style" not in pagina and "/static/css/fout.css" in pagina
    assert (Path(settings.BASE_DIR) / "static" / "css" / "fout.css").is_file()


# --- Passwords -------------------------------------------------------------------------------------------------


def test_te_lang_wachtwoord_bij_inloggen_geeft_een_nette_fout(wereld, client):
    gebruiker = wereld.a.gebruikers[Rol.KLANTMANAGER]
    lang = "x" * 10_000
    response = inloggen(client, gebruiker.email, lang)
    assert response.status_code == 200
    assert INLOGFOUT in tekst(response)
    assert lang not in response.content.decode()
    assert "Traceback" not in response.content.decode()
    assert ingelogd_als(client) is None


def test_te_lang_e_mailadres_bij_inloggen_geeft_een_veldfout(wereld, client):
    response = inloggen(client, "a" * 10_000 + "@example.org", WACHTWOORD)
    assert response.status_code == 200
    assert response.context["form"].errors["username"]


@pytest.mark.parametrize(
    ("wachtwoord", "geldig"),
    [
        ("Kort-wacht1", False),  # 11 characters
        ("Twaalf-tekens", True),
        ("password1234", False),  # common password
        ("123456789012345", False),  # only digits
        ("Aa1-" * 32, True),  # 128 characters
        ("Aa1-" * 32 + "x", False),  # 129 characters
    ],
)
def test_wachtwoordeisen(wachtwoord, geldig):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    if geldig:
        validate_password(wachtwoord)
    else:
        with pytest.raises(ValidationError):
            validate_password(wachtwoord)


# --- Bad input ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("waarde", ["x" * 32, "onzin", "'; DROP TABLE django_session; --", "a" * 5000])
def test_geknoeid_sessiecookie_is_anoniem(wereld, client, waarde):
    client.cookies[settings.SESSION_COOKIE_NAME] = waarde
    response = client.get(regio_home(wereld))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_aangepaste_echte_sessiesleutel_is_anoniem(wereld, client):
    client.force_login(wereld.a.gebruikers[Rol.KLANTMANAGER])
    sleutel = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.cookies[settings.SESSION_COOKIE_NAME] = sleutel[:-1] + ("a" if sleutel[-1] != "a" else "b")
    response = client.get(regio_home(wereld))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_veld_van_tienduizend_tekens_geeft_een_formulierfout(wereld, dossiers, client):
    client.force_login(wereld.a.gebruikers[Rol.TRAJECTBEGELEIDER])
    deelnemer = dossiers.eigen
    url = reverse("deelnemer_bewerken", kwargs={"regio": wereld.a.regio.slug, "nummer": deelnemer.nummer})
    formulier = client.get(url).context["form"]
    data = {naam: waarde for naam, waarde in formulier.initial.items() if waarde is not None}
    data["wens_sectoren"] = []
    data["geboortedatum"] = deelnemer.geboortedatum.isoformat()
    data["woongemeente"] = deelnemer.woongemeente_id
    data["voornaam"] = "x" * 10_000
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["voornaam"]
    deelnemer.refresh_from_db()
    assert deelnemer.voornaam == "Sanne"


@pytest.mark.parametrize("naam", ["caseload", "deelnemers", "beheer_auditlog"])
def test_zoekterm_van_tienduizend_tekens_geeft_geen_500(wereld, client, naam):
    rol = {"beheer_auditlog": Rol.PROJECTLEIDER, "deelnemers": Rol.KLANTMANAGER}.get(naam, Rol.TRAJECTBEGELEIDER)
    client.force_login(wereld.a.gebruikers[rol])
    url = reverse(naam, kwargs={"regio": wereld.a.regio.slug})
    response = client.get(url, {"zoek": "x" * 10_000, "nummer": "y" * 10_000, "gebruiker": "z" * 10_000})
    assert response.status_code in (200, 400)


def test_post_zonder_csrf_token_geeft_een_nederlandse_403_en_een_auditregel(wereld):
    client = Client(enforce_csrf_checks=True)
    gebruiker = wereld.a.gebruikers[Rol.KLANTMANAGER]
    client.force_login(gebruiker)
    response = client.post(reverse("kies_rol", kwargs={"regio": wereld.a.regio.slug}), {"lidmaatschap": "1"})
    assert response.status_code == 403
    pagina = tekst(response)
    assert "Formulier niet verwerkt" in pagina
    assert "CSRF" not in pagina and "Traceback" not in pagina and "Forbidden" not in pagina
    regel = AuditRegel.objects.get(actie=AuditActie.GEWEIGERD)
    assert regel.gebruiker_id == gebruiker.pk and regel.omschrijving.startswith("403 POST")


def test_inloggen_zonder_csrf_token_geeft_de_nederlandse_403(wereld):
    client = Client(enforce_csrf_checks=True)
    response = inloggen(client, wereld.a.gebruikers[Rol.KLANTMANAGER].email, WACHTWOORD)
    assert response.status_code == 403 and "Formulier niet verwerkt" in tekst(response)
    assert ingelogd_als(client) is None
