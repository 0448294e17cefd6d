"""The trajectbegeleider registers an intake, typing field by field as a person does (Tab between fields).

With JavaScript on, leaving a name field fires the duplicate check (htmx); its answer must update only the
notice beside the name fields and leave the form, and every value typed so far, in place. With JavaScript off
the same form posts normally. Both at desktop width and on a phone, each page checked by axe-core.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from hoofdzaak.models import Rol
from tests.fabriek import WACHTWOORD
from trajecten.models import Deelnemer, Traject

from .hulp import DESKTOP, TELEFOON, axe_controle, inloggen

pytestmark = pytest.mark.browser

# Field id → what the user types (text fields) in the order of the form.
GETYPT = {
    "id_voornaam": "Sanne",
    "id_achternaam": "de Vries-Intake",
    "id_postcode": "2312 AB",
    "id_telefoon": "06 12345678",
    "id_email": "sanne.devries@example.org",
    "id_wens_uren": "24",
    "id_wens_plaats": "Leiden",
}


def typ(page: Page, veld_id: str, tekst: str) -> None:
    """Click into the field, type the text key by key and leave it with Tab, as a person does."""
    veld = page.locator(f"#{veld_id}")
    veld.click()
    veld.press_sequentially(tekst)
    veld.press("Tab")


def vul_intake_in(page: Page, *, gemeente: str, geboortedatum: str) -> None:
    typ(page, "id_voornaam", GETYPT["id_voornaam"])
    typ(page, "id_achternaam", GETYPT["id_achternaam"])
    datum = page.locator("#id_geboortedatum")
    datum.fill(geboortedatum)
    datum.press("Tab")
    page.locator("#id_woongemeente").select_option(label=gemeente)
    page.locator("#id_woongemeente").press("Tab")
    for veld_id in ("id_postcode", "id_telefoon", "id_email"):
        typ(page, veld_id, GETYPT[veld_id])
    page.locator("#id_uitkering").select_option(label="Participatiewet")
    page.get_by_label("Zorg en welzijn").check()
    typ(page, "id_wens_uren", GETYPT["id_wens_uren"])
    typ(page, "id_wens_plaats", GETYPT["id_wens_plaats"])
    page.locator("#id_methode").select_option(label="IPS (Individuele Plaatsing en Steun)")
    page.locator("#id_methode").press("Tab")
    page.locator("#id_financieringsstroom").select_option(label="Onbekend (nog uitzoeken)")


def formulier_intact(page: Page, geboortedatum: str) -> None:
    """The form is still on the page and holds every value typed so far."""
    expect(page.locator("form#intake-formulier")).to_have_count(1)
    for veld_id in ("id_voornaam", "id_achternaam"):
        expect(page.locator(f"#{veld_id}")).to_have_value(GETYPT[veld_id])
    expect(page.locator("#id_geboortedatum")).to_have_value(geboortedatum)


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript-aan", "javascript-uit"])
@pytest.mark.parametrize("venster", [DESKTOP, TELEFOON], ids=["desktop", "telefoon"])
def test_begeleider_typt_een_intake_veld_voor_veld_en_registreert_die(
    nieuwe_pagina, live_server, wereld, javascript, venster
):
    regio = wereld.a.regio
    gemeente = wereld.a.organisaties["gemeente"]
    geboortedatum = "1990-04-12"
    page = nieuwe_pagina(venster, javascript=javascript)
    inloggen(page, live_server, wereld.a.gebruikers[Rol.TRAJECTBEGELEIDER].email, WACHTWOORD)
    page.goto(live_server.url + reverse("intake", kwargs={"regio": regio.slug}))
    expect(page.get_by_role("heading", level=1)).to_have_text("Intake registreren")
    axe_controle(page)

    if javascript:
        with page.expect_response(lambda r: "/intake/dubbel/" in r.url) as antwoord:
            vul_intake_in(page, gemeente=gemeente.naam, geboortedatum=geboortedatum)
        assert antwoord.value.status == 200
    else:
        vul_intake_in(page, gemeente=gemeente.naam, geboortedatum=geboortedatum)
    formulier_intact(page, geboortedatum)
    for veld_id, tekst in GETYPT.items():
        expect(page.locator(f"#{veld_id}"), veld_id).to_have_value(tekst)

    page.get_by_role("button", name="Intake registreren").click()
    expect(page).to_have_url(re.compile(r"/deelnemers/[A-Z]+-\d{4}-\d{4}/$"))

    deelnemer = Deelnemer.objects.get(regio=regio, achternaam=GETYPT["id_achternaam"])
    expect(page).to_have_url(
        live_server.url + reverse("deelnemer", kwargs={"regio": regio.slug, "nummer": deelnemer.nummer})
    )
    expect(page.get_by_role("status")).to_contain_text(f"geregistreerd onder nummer {deelnemer.nummer}")
    assert deelnemer.voornaam == GETYPT["id_voornaam"]
    assert deelnemer.geboortedatum.isoformat() == geboortedatum
    assert deelnemer.email == GETYPT["id_email"]
    traject = Traject.objects.get(deelnemer=deelnemer)
    assert traject.aanbieder == wereld.a.organisaties["ggz"]
    assert traject.intakedatum == timezone.localdate()
    axe_controle(page)


def test_dubbelcheck_toont_alleen_een_melding_en_laat_het_formulier_staan(nieuwe_pagina, live_server, wereld):
    """A person already registered: the warning appears beside the name fields; nothing typed is lost."""
    regio = wereld.a.regio
    gemeente = wereld.a.organisaties["gemeente"]
    geboortedatum = "1990-04-12"
    page = nieuwe_pagina()
    inloggen(page, live_server, wereld.a.gebruikers[Rol.TRAJECTBEGELEIDER].email, WACHTWOORD)
    page.goto(live_server.url + reverse("intake", kwargs={"regio": regio.slug}))
    vul_intake_in(page, gemeente=gemeente.naam, geboortedatum=geboortedatum)
    page.get_by_role("button", name="Intake registreren").click()
    expect(page).to_have_url(re.compile(r"/deelnemers/[A-Z]+-\d{4}-\d{4}/$"))
    eerste = Deelnemer.objects.get(regio=regio, achternaam=GETYPT["id_achternaam"])

    page.goto(live_server.url + reverse("intake", kwargs={"regio": regio.slug}))
    vul_intake_in(page, gemeente=gemeente.naam, geboortedatum=geboortedatum)
    melding = page.locator("#dubbelcheck")
    expect(melding).to_contain_text("Mogelijk is deze deelnemer al geregistreerd.")
    expect(melding).to_contain_text(eerste.nummer)
    formulier_intact(page, geboortedatum)
    for veld_id, tekst in GETYPT.items():
        expect(page.locator(f"#{veld_id}"), veld_id).to_have_value(tekst)
    axe_controle(page)

    # Submitting without ticking "toch registreren" keeps everything and saves nothing.
    page.get_by_role("button", name="Intake registreren").click()
    expect(page.get_by_text("Vink dit aan als het om een andere persoon gaat.").first).to_be_visible()
    formulier_intact(page, geboortedatum)
    assert Deelnemer.objects.filter(regio=regio, achternaam=GETYPT["id_achternaam"]).count() == 1
