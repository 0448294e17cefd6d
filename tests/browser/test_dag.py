"""Must show of the begeleider's day (issue 16): a klantmanager refers, the begeleider finds the waiting referral
on the worklist of the start page and accepts it, the klantmanager sees the notification; the begeleider hands the
participant over to a colleague, who finds it on their worklist. Every page passes axe-core (WCAG 2.1 A/AA)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from hoofdzaak import actions
from hoofdzaak.models import Gebruiker, Rol
from tests.fabriek import WACHTWOORD
from trajecten.models import Deelnemer

from .hulp import axe_controle, inloggen

pytestmark = pytest.mark.browser

VOORNAAM, ACHTERNAAM = "Fenna", "Werklijst-Dag"
NAAM = f"{VOORNAAM} {ACHTERNAAM}"
IPS = "IPS (Individuele Plaatsing en Steun)"


def menu(page: Page, label: str) -> None:
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=label).first.click()


def test_verwijzing_op_werklijst_melding_en_overdracht(nieuwe_pagina, live_server, wereld):
    rw = wereld.a
    gemeente, ggz = rw.organisaties["gemeente"], rw.organisaties["ggz"]
    collega = Gebruiker.objects.create_user(email="collega-ggz@hr.test", naam="Collega Begeleider", password=WACHTWOORD)
    actions.voeg_lidmaatschap_toe(gebruiker=collega, organisatie=ggz, rol=Rol.TRAJECTBEGELEIDER)
    vandaag = timezone.localdate()

    # --- 1. The klantmanager refers; the referral is dated two weeks back. ------------------------------------
    km = nieuwe_pagina()
    inloggen(km, live_server, rw.gebruikers[Rol.KLANTMANAGER].email, WACHTWOORD)
    menu(km, "Deelnemer aanmelden")
    km.get_by_label("Voornaam").fill(VOORNAAM)
    km.get_by_label("Achternaam").fill(ACHTERNAAM)
    km.get_by_label("Geboortedatum").fill("1988-03-14")
    km.get_by_label("Woongemeente").select_option(label=gemeente.naam)
    km.get_by_label("Uitkeringssituatie").select_option(label="Participatiewet")
    km.get_by_label("Trajectaanbieder").select_option(label=ggz.naam)
    km.get_by_label("Methode").select_option(label=IPS)
    km.get_by_label("Aanmelddatum").fill((vandaag - datetime.timedelta(days=14)).isoformat())
    km.get_by_role("button", name="Aanmelding versturen").click()
    expect(km.get_by_role("heading", level=1)).to_have_text("Aanmeldingen")
    deelnemer = Deelnemer.objects.get(achternaam=ACHTERNAAM)

    # --- 2. The begeleider finds it on the worklist and accepts it. -------------------------------------------
    tb = nieuwe_pagina()
    inloggen(tb, live_server, rw.gebruikers[Rol.TRAJECTBEGELEIDER].email, WACHTWOORD)
    vandaag_lijst = tb.get_by_role("table", name="Werklijst")
    rij = vandaag_lijst.get_by_role("row").filter(has_text=NAAM)
    expect(rij).to_contain_text("Aanmelding wacht langer dan 5 werkdagen")
    axe_controle(tb)
    rij.get_by_role("link", name="Aanmelding wacht langer dan 5 werkdagen", exact=True).click()
    expect(tb.get_by_role("heading", level=1)).to_have_text(f"Aanmelding {deelnemer.nummer}")
    tb.get_by_label("Intakedatum").fill(vandaag.isoformat())
    tb.get_by_label("Financieringsstroom").select_option(label="Participatiewet (gemeente)")
    tb.get_by_role("button", name="Aanmelding accepteren").click()
    expect(tb.get_by_role("heading", level=1)).to_have_text(f"{NAAM} {deelnemer.nummer}")

    # --- 3. The klantmanager sees the notification (count in the menu, then the list). ------------------------
    km.reload()
    nav = km.get_by_role("navigation", name="Hoofdmenu")
    meldingen_link = nav.get_by_role("link", name=re.compile(r"^Meldingen"))
    expect(meldingen_link).to_contain_text("1 ongelezen")
    meldingen_link.click()
    expect(km.get_by_role("heading", level=1)).to_have_text("Meldingen")
    geaccepteerd = f"Aanmelding {deelnemer.nummer} is geaccepteerd door {ggz.naam}."
    expect(km.get_by_role("link", name=geaccepteerd)).to_be_visible()
    axe_controle(km)

    # --- 4. The begeleider hands the participant over; the colleague sees it on the worklist. -----------------
    menu(tb, "Caseload")
    tb.get_by_role("link", name="Deelnemers overdragen aan een collega").click()
    expect(tb.get_by_role("heading", level=1)).to_have_text("Deelnemers overdragen")
    axe_controle(tb)
    tb.get_by_role("button", name="Overdragen").click()  # nothing chosen: a clear message
    expect(tb.get_by_role("alert")).to_contain_text("Kies minstens één deelnemer om over te dragen.")
    tb.get_by_label(f"{NAAM} ({deelnemer.nummer})").check()
    tb.get_by_label("Overdragen aan").select_option(label=collega.naam)
    tb.get_by_role("button", name="Overdragen").click()
    expect(tb.get_by_role("heading", level=1)).to_have_text("Caseload")

    cb = nieuwe_pagina()
    inloggen(cb, live_server, collega.email, WACHTWOORD)
    rij = cb.get_by_role("table", name="Werklijst").get_by_role("row").filter(has_text=NAAM)
    expect(rij).to_contain_text("Aan je overgedragen: maak kennis")
    axe_controle(cb)
