"""Two-factor login in the browser: an invited trajectbegeleider activates its account, sets up its authenticator
app from the key shown next to the QR code, keeps its backup codes, and logs in again with a code.

The test computes the codes from the key on the page, as an authenticator app would (RFC 6238 through django-otp's
`hotp`), never from the database. Every page passes axe-core's WCAG 2.1 A/AA rules, on a desktop and a phone.
"""

from __future__ import annotations

import base64
import re
import time

import pytest
from django.urls import reverse
from django_otp.oath import hotp
from django_otp.plugins.otp_static.models import StaticToken
from playwright.sync_api import expect

from hoofdzaak import actions
from hoofdzaak.models import AuditActie, AuditRegel, Gebruiker, Rol
from tests.fabriek import KLOK

from .hulp import DESKTOP, TELEFOON, axe_controle, link_uit_mail

pytestmark = pytest.mark.browser

EMAIL = "fatima.elamrani@ggz.example"
WACHTWOORD = "Paarse-olifant-fietst-naar-Leiden-7"


class App:
    """A minimal authenticator app: the key typed over from the page, a code per 30-second step, each step once."""

    def __init__(self, geheim: str) -> None:
        geheim = geheim.replace(" ", "").upper()
        self.sleutel = base64.b32decode(geheim + "=" * (-len(geheim) % 8))
        self.laatste_stap = -1

    def code(self) -> str:
        while True:
            stap = int(KLOK()) // 30
            # The portal accepts one step of clock difference but never a step twice: after a login in the same
            # 30 seconds, take the next step's code (or move the test clock on to the next step; no sleeping).
            for kandidaat in (stap, stap + 1):
                if kandidaat > self.laatste_stap:
                    self.laatste_stap = kandidaat
                    return f"{hotp(self.sleutel, kandidaat):06d}"
            KLOK.verzet(30)


@pytest.mark.parametrize("scherm", [DESKTOP, TELEFOON], ids=["desktop", "telefoon"])
def test_uitgenodigde_stelt_de_tweede_stap_in_en_logt_er_opnieuw_mee_in(nieuwe_pagina, live_server, wereld, scherm):
    regio = wereld.a.regio
    home_url = live_server.url + reverse("regio_home", kwargs={"regio": regio.slug})
    actions.nodig_uit(
        organisatie=wereld.a.organisaties["ggz"],
        email=EMAIL,
        naam="Fatima el Amrani",
        rol=Rol.TRAJECTBEGELEIDER,
        basis_url=live_server.url,
    )

    # Activation sets the password only; the login that follows leads to setting up the second step.
    pagina = nieuwe_pagina(viewport=scherm)
    pagina.goto(link_uit_mail(EMAIL))
    pagina.get_by_label(re.compile(r"^Nieuw wachtwoord \(")).fill(WACHTWOORD)
    pagina.get_by_label("Nieuw wachtwoord bevestigen").fill(WACHTWOORD)
    pagina.get_by_role("button", name="Account activeren").click()
    expect(pagina).to_have_url(live_server.url + reverse("login"))
    pagina.get_by_label("E-mailadres").fill(EMAIL)
    pagina.get_by_label("Wachtwoord").fill(WACHTWOORD)
    pagina.get_by_role("button", name="Inloggen").click()
    expect(pagina).to_have_url(re.compile(re.escape(live_server.url + reverse("tweede_stap_instellen")) + r"\?next="))
    expect(pagina.get_by_role("heading", level=1)).to_have_text("Tweede stap instellen")
    # Nothing of the region is reachable yet.
    pagina.goto(home_url)
    expect(pagina.get_by_role("heading", level=1)).to_have_text("Tweede stap instellen")

    # The QR code (an SVG drawn by the server) and, next to it, the key to type over.
    qr = pagina.get_by_role("img", name=re.compile("QR-code"))
    expect(qr).to_be_visible()
    assert qr.get_attribute("src").startswith("data:image/svg+xml;base64,")
    assert qr.evaluate("img => img.naturalWidth") > 0, "de QR-code wordt niet getoond"
    axe_controle(pagina)
    app = App(pagina.locator("#geheim").inner_text())

    # A wrong code is refused, accessibly.
    veld = pagina.get_by_label("Code uit je app")
    veld.fill("000000")
    pagina.get_by_role("button", name="Tweede stap instellen").click()
    expect(pagina.get_by_role("alert")).to_contain_text("Deze code klopt niet of is al gebruikt")
    expect(veld).to_have_attribute("aria-invalid", "true")
    axe_controle(pagina)
    time.sleep(1.1)  # django-otp's throttle: after one failure the next try waits a second

    veld.fill(app.code())
    pagina.get_by_role("button", name="Tweede stap instellen").click()
    expect(pagina.get_by_role("heading", level=1)).to_have_text("Bewaar je reservecodes")
    expect(pagina.get_by_text("Je ziet deze codes maar één keer.")).to_be_visible()
    codes = pagina.get_by_role("list", name="Reservecodes").get_by_role("listitem").all_inner_texts()
    gebruiker = Gebruiker.objects.get(email=EMAIL)
    assert sorted(codes) == sorted(StaticToken.objects.filter(device__user=gebruiker).values_list("token", flat=True))
    assert len(codes) == 10
    axe_controle(pagina)
    pagina.get_by_role("link", name="Ik heb de codes bewaard, verder").click()
    expect(pagina).to_have_url(home_url)
    expect(pagina.locator(".hzw-lead")).to_have_text("Je werkt als trajectbegeleider bij GGZ Holland Rijnland.")

    # The account security page, reached from the header.
    pagina.get_by_role("banner").get_by_role("link", name="Beveiliging").click()
    expect(pagina.get_by_role("heading", level=1)).to_have_text("Beveiliging van je account")
    expect(pagina.get_by_text("Nog 10 ongebruikt")).to_be_visible()
    axe_controle(pagina)

    # Log out and in again: after the password, the code from the app.
    pagina.get_by_role("button", name="Uitloggen").click()
    expect(pagina).to_have_url(live_server.url + reverse("login"))
    pagina.get_by_label("E-mailadres").fill(EMAIL)
    pagina.get_by_label("Wachtwoord").fill(WACHTWOORD)
    pagina.get_by_role("button", name="Inloggen").click()
    expect(pagina).to_have_url(re.compile(re.escape(live_server.url + reverse("tweede_stap")) + r"\?next="))
    expect(pagina.get_by_role("heading", level=1)).to_have_text("Tweede stap: vul je code in")
    axe_controle(pagina)
    pagina.get_by_label("Code").fill(app.code())
    pagina.get_by_role("button", name="Controleren").click()
    expect(pagina).to_have_url(home_url)
    expect(pagina.get_by_role("heading", level=1)).to_have_text(f"Hoofdzaak Werk {regio.naam}")

    omschrijvingen = list(AuditRegel.objects.filter(gebruiker_id=gebruiker.pk).values_list("actie", "omschrijving"))
    assert (AuditActie.INLOGGEN, "Tweede stap geslaagd met de authenticator-app") in omschrijvingen
    assert any(actie == AuditActie.INLOGGEN_MISLUKT and "Tweede stap mislukt" in o for actie, o in omschrijvingen)
