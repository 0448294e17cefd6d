"""Must show of the participants: a gemeente refers, the GGZ provider runs the trajectory, consent rules.

The klantmanager of region A refers a participant to the GGZ provider; its trajectbegeleider accepts
the referral, records the participant's consent for the gemeente, starts the trajectory and logs a
coaching contact. The klantmanager then follows the progress without seeing contact details or notes,
until the consent is withdrawn and the participant page is a 404. Every step goes through the UI,
and every page it shows passes axe-core's WCAG 2.1 A/AA rules.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from hoofdzaak import datums
from hoofdzaak.models import Rol
from tests.fabriek import WACHTWOORD
from trajecten.models import Deelnemer, Toestemming, Traject, TrajectStatus

from .hulp import axe_controle, inloggen

pytestmark = pytest.mark.browser

VOORNAAM, ACHTERNAAM = "Noor", "Bakker-Verwijzing"
NAAM = f"{VOORNAAM} {ACHTERNAAM}"
TELEFOON = "06 98765432"
EMAIL = "noor.bakker@example.org"
POSTCODE = "2312 CD"
NOTITIE = "Noor wil graag in de zorg werken en is nerveus voor sollicitaties."
IPS = "IPS (Individuele Plaatsing en Steun)"


def menu(page: Page, label: str) -> None:
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=label, exact=True).click()


def melding(page: Page, tekst: str):
    return page.get_by_role("status").filter(has_text=tekst)


def gegeven(scope, term: str):
    """The <dd> of the <dt> that reads exactly `term`, inside `scope`."""
    return scope.locator("dt", has_text=re.compile(rf"^{re.escape(term)}$")).locator("xpath=following-sibling::dd[1]")


def test_gemeente_verwijst_aanbieder_begeleidt_toestemming_bepaalt_inzage(nieuwe_pagina, live_server, wereld):
    regio = wereld.a.regio
    gemeente = wereld.a.organisaties["gemeente"]
    ggz = wereld.a.organisaties["ggz"]
    vandaag = timezone.localdate().isoformat()

    # --- 1. The klantmanager refers a participant; a bad postcode first. --------------------------------
    km = nieuwe_pagina()
    inloggen(km, live_server, wereld.a.gebruikers[Rol.KLANTMANAGER].email, WACHTWOORD)
    expect(km).to_have_url(live_server.url + reverse("regio_home", kwargs={"regio": regio.slug}))
    expect(km.locator(".hzw-lead")).to_contain_text(f"Je werkt als klantmanager bij {gemeente.naam}")
    axe_controle(km)

    menu(km, "Deelnemer aanmelden")
    expect(km.get_by_role("heading", level=1)).to_have_text("Deelnemer aanmelden")
    axe_controle(km)
    km.get_by_label("Voornaam").fill(VOORNAAM)
    km.get_by_label("Achternaam").fill(ACHTERNAAM)
    km.get_by_label("Geboortedatum").fill("1985-06-20")
    km.get_by_label("Woongemeente").select_option(label=gemeente.naam)
    km.get_by_label("Postcode").fill("12345")
    km.get_by_label("Telefoon").fill(TELEFOON)
    km.get_by_label("E-mailadres").fill(EMAIL)
    km.get_by_label("Uitkeringssituatie").select_option(label="Participatiewet")
    km.get_by_label("Trajectaanbieder").select_option(label=ggz.naam)
    km.get_by_label("Methode").select_option(label=IPS)
    expect(km.get_by_label("Aanmelddatum")).to_have_value(vandaag)
    toestemming = km.get_by_label(f"De deelnemer geeft toestemming dat {gemeente.naam} de voortgang volgt")
    expect(toestemming).not_to_be_checked()
    km.get_by_role("button", name="Aanmelding versturen").click()

    expect(km.get_by_role("heading", level=1)).to_have_text("Deelnemer aanmelden")
    samenvatting = km.get_by_role("alert")
    expect(samenvatting).to_contain_text("Controleer de gemarkeerde velden")
    expect(samenvatting.get_by_role("link", name="Postcode")).to_have_attribute("href", "#id_postcode")
    postcode = km.get_by_label("Postcode")
    expect(postcode).to_have_attribute("aria-invalid", "true")
    expect(postcode).to_have_accessible_description(re.compile("Vul een Nederlandse postcode in, bijvoorbeeld 2311 AB"))
    # The error sits in the postcode's own field, between its label and the input.
    expect(km.locator(".hzw-veld", has=postcode).locator(".utrecht-form-field-error-message")).to_have_text(
        "Vul een Nederlandse postcode in, bijvoorbeeld 2311 AB."
    )
    expect(km.locator(".utrecht-form-field-error-message")).to_have_count(1)  # only the postcode is wrong
    # What was typed is kept.
    expect(postcode).to_have_value("12345")
    expect(km.get_by_label("Voornaam")).to_have_value(VOORNAAM)
    expect(km.get_by_label("Achternaam")).to_have_value(ACHTERNAAM)
    expect(km.get_by_label("Geboortedatum")).to_have_value("1985-06-20")
    expect(km.get_by_label("Woongemeente")).to_have_value(str(gemeente.pk))
    expect(km.get_by_label("Telefoon")).to_have_value(TELEFOON)
    expect(km.get_by_label("E-mailadres")).to_have_value(EMAIL)
    expect(km.get_by_label("Uitkeringssituatie")).to_have_value("participatiewet")
    expect(km.get_by_label("Trajectaanbieder")).to_have_value(str(ggz.pk))
    expect(km.get_by_label("Methode")).to_have_value("ips")
    axe_controle(km)
    assert not Deelnemer.objects.filter(achternaam=ACHTERNAAM).exists(), "een foute aanmelding is toch opgeslagen"

    postcode.fill(POSTCODE)
    km.get_by_label("Toelichting voor de aanbieder").fill("Graag een IPS-traject, ze wil snel aan de slag.")
    km.get_by_role("button", name="Aanmelding versturen").click()

    expect(km.get_by_role("heading", level=1)).to_have_text("Aanmeldingen")
    expect(
        km.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn aanmeldingen")
    ).to_have_attribute("aria-current", "page")
    deelnemer = Deelnemer.objects.get(achternaam=ACHTERNAAM)
    assert (deelnemer.postcode, deelnemer.telefoon, deelnemer.email, deelnemer.woongemeente_id) == (
        POSTCODE,
        TELEFOON,
        EMAIL,
        gemeente.pk,
    )
    assert not deelnemer.toestemmingen.exists(), "zonder vinkje geen toestemming"
    traject = Traject.objects.get(deelnemer=deelnemer)
    assert (traject.status, traject.aanbieder_id, traject.verwijzer_id) == (
        TrajectStatus.AANGEMELD,
        ggz.pk,
        gemeente.pk,
    )
    expect(melding(km, "is aangemeld bij")).to_have_text(f"{NAAM} ({deelnemer.nummer}) is aangemeld bij {ggz.naam}.")
    rij = km.get_by_role("row").filter(has_text=NAAM)
    expect(rij).to_have_count(1)
    expect(rij.get_by_role("cell").nth(0)).to_have_text(deelnemer.nummer)
    expect(rij).to_contain_text(ggz.naam)
    expect(rij).to_contain_text(IPS)
    expect(rij.get_by_role("cell").last).to_have_text("In behandeling")
    # Without consent the number is no link: the gemeente cannot open the participant.
    expect(rij.get_by_role("link")).to_have_count(0)
    axe_controle(km)

    # --- 2. The trajectbegeleider accepts, records consent, starts, logs a contact. ---------------------
    tb = nieuwe_pagina()
    inloggen(tb, live_server, wereld.a.gebruikers[Rol.TRAJECTBEGELEIDER].email, WACHTWOORD)
    menu(tb, "Aanmeldingen")
    expect(tb.get_by_role("heading", level=1)).to_have_text("Inbox aanmeldingen")
    inbox_rij = tb.get_by_role("row").filter(has_text=NAAM)
    expect(inbox_rij).to_contain_text(gemeente.naam)
    expect(inbox_rij).to_contain_text(IPS)
    expect(inbox_rij).to_contain_text("Graag een IPS-traject")
    axe_controle(tb)
    inbox_rij.get_by_role("link", name=NAAM).click()

    expect(tb.get_by_role("heading", level=1)).to_have_text(f"Aanmelding {deelnemer.nummer}")
    expect(gegeven(tb, "Telefoon")).to_have_text(TELEFOON)  # the provider does see the contact details
    axe_controle(tb)
    tb.get_by_label("Intakedatum").fill(vandaag)
    tb.get_by_label("Financieringsstroom").select_option(label="Participatiewet (gemeente)")
    tb.get_by_role("button", name="Aanmelding accepteren").click()

    deelnemer_url = live_server.url + reverse("deelnemer", kwargs={"regio": regio.slug, "nummer": deelnemer.nummer})
    expect(tb).to_have_url(deelnemer_url)
    expect(tb.get_by_role("heading", level=1)).to_have_text(f"{NAAM} {deelnemer.nummer}")
    expect(melding(tb, "is geaccepteerd")).to_have_text(
        f"De aanmelding van {NAAM} is geaccepteerd. Het traject staat in de intakefase."
    )
    traject_paneel = tb.get_by_role("article", name=f"{IPS} bij {ggz.naam}")
    expect(gegeven(traject_paneel, "Status")).to_have_text("Intake")
    toestemmingen = tb.get_by_role("table", name=f"Toestemmingen van {deelnemer.nummer}")
    expect(tb.get_by_text("Er is nog geen toestemming vastgelegd.")).to_be_visible()
    axe_controle(tb)

    tb.get_by_role("link", name="Toestemming vastleggen").click()
    expect(tb.get_by_role("heading", level=1)).to_have_text("Toestemming vastleggen")
    axe_controle(tb)
    tb.get_by_label("Ontvangende organisatie").select_option(label=gemeente.naam)
    expect(tb.get_by_label("Gegeven op")).to_have_value(vandaag)
    tb.get_by_label("Vorm").select_option(label="Schriftelijk")
    tb.get_by_role("button", name="Toestemming vastleggen").click()

    expect(tb).to_have_url(deelnemer_url)
    expect(melding(tb, "De toestemming is vastgelegd.")).to_be_visible()
    toestemming_rij = toestemmingen.get_by_role("row").filter(has_text=gemeente.naam)
    expect(toestemming_rij).to_contain_text("Schriftelijk")
    expect(toestemming_rij).to_contain_text("Geldig")
    axe_controle(tb)
    assert Toestemming.objects.get(deelnemer=deelnemer).organisatie_id == gemeente.pk

    traject_paneel.get_by_role("link", name="Traject starten").click()
    expect(tb.get_by_role("heading", level=1)).to_have_text("Traject starten")
    axe_controle(tb)
    tb.get_by_label("Startdatum").fill(vandaag)
    tb.get_by_label("Situatie bij start").select_option(label="Zonder betaald werk")
    tb.get_by_role("button", name="Traject starten").click()

    expect(tb).to_have_url(deelnemer_url)
    expect(melding(tb, "Het traject is gestart.")).to_be_visible()
    expect(gegeven(traject_paneel, "Status")).to_have_text("Gestart")
    axe_controle(tb)

    traject_paneel.get_by_role("link", name="Contact vastleggen").click()
    expect(tb.get_by_role("heading", level=1)).to_have_text("Contact vastleggen")
    axe_controle(tb)
    tb.get_by_label("Soort contact").select_option(label="Coachingsgesprek")
    tb.get_by_label("Duur in minuten").fill("50")
    tb.get_by_label("Notitie").fill(NOTITIE)
    tb.get_by_role("button", name="Contact vastleggen").click()

    expect(tb).to_have_url(deelnemer_url)
    expect(melding(tb, "Het contact is vastgelegd.")).to_be_visible()
    expect(traject_paneel.locator(".hzw-tijdlijn")).to_contain_text("Coachingsgesprek")
    expect(traject_paneel.locator(".hzw-tijdlijn")).to_contain_text(NOTITIE)
    axe_controle(tb)
    traject.refresh_from_db()
    assert traject.status == TrajectStatus.GESTART
    assert traject.contactmomenten.get().notitie == NOTITIE

    # --- 3. The klantmanager follows the progress, without contact details or notes. --------------------
    menu(km, "Deelnemers")
    expect(km.get_by_role("heading", level=1)).to_have_text("Deelnemers")
    volg_rij = km.get_by_role("row").filter(has_text=NAAM)
    expect(volg_rij).to_contain_text("Gestart")
    expect(volg_rij).to_contain_text(ggz.naam)
    axe_controle(km)
    volg_rij.get_by_role("link", name=deelnemer.nummer).click()

    expect(km).to_have_url(deelnemer_url)
    expect(km.get_by_role("heading", level=1)).to_have_text(f"{NAAM} {deelnemer.nummer}")
    voortgang = km.get_by_role("article", name=f"{IPS} bij {ggz.naam}")
    expect(gegeven(voortgang, "Status")).to_have_text("Gestart")
    expect(gegeven(voortgang, "Methode")).to_have_text(IPS)
    expect(gegeven(voortgang, "Aanbieder")).to_have_text(ggz.naam)
    expect(gegeven(voortgang, "Verwijzer")).to_have_text(gemeente.naam)
    expect(gegeven(voortgang, "Gestart op")).to_have_text(datums.datum(timezone.localdate()))
    axe_controle(km)
    tekst = km.locator("body").inner_text()
    html = km.content()
    for geheim in (TELEFOON, TELEFOON.replace(" ", ""), EMAIL, POSTCODE, POSTCODE.replace(" ", ""), NOTITIE):
        assert geheim not in tekst, f"de klantmanager ziet {geheim!r}"
        assert geheim not in html, f"{geheim!r} staat in de HTML voor de klantmanager"
    assert "Coachingsgesprek" not in tekst, "de klantmanager ziet de contactmomenten"

    # --- 4. The trajectbegeleider withdraws the consent. ------------------------------------------------
    toestemming_rij.get_by_role("link", name=f"Intrekken voor {gemeente.naam}").click()
    expect(tb.get_by_role("heading", level=1)).to_have_text("Toestemming intrekken")
    expect(tb.get_by_text(f"Na het intrekken ziet {gemeente.naam} de voortgang")).to_be_visible()
    expect(tb.get_by_label("Ingetrokken op")).to_have_value(vandaag)
    axe_controle(tb)
    tb.get_by_role("button", name="Toestemming intrekken").click()

    expect(tb).to_have_url(deelnemer_url)
    expect(melding(tb, "is ingetrokken")).to_have_text(f"De toestemming voor {gemeente.naam} is ingetrokken.")
    expect(toestemming_rij).to_contain_text("Ingetrokken op")
    expect(toestemming_rij.get_by_role("link")).to_have_count(0)
    axe_controle(tb)
    assert Toestemming.objects.get(deelnemer=deelnemer).ingetrokken_op == timezone.localdate()

    # --- 5. The klantmanager's participant page is now a 404. --------------------------------------------
    antwoord = km.reload()
    assert antwoord is not None and antwoord.status == 404, antwoord and antwoord.status
    expect(km.get_by_role("heading", level=1)).to_have_text("Pagina niet gevonden")
    expect(km.locator("body")).not_to_contain_text(NAAM)
    axe_controle(km)
