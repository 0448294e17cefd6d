"""Must show of the begeleider's day (issue 16): a klantmanager refers, the begeleider finds the waiting referral
on the worklist of the start page and accepts it, the klantmanager sees the notification; the begeleider hands the
participant over to a colleague, who finds it on their worklist and in the notifications. And the warm handover to
another provider after the match key found the person there. Every page passes axe-core (WCAG 2.1 A/AA)."""

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
    axe_controle(km)
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
    axe_controle(tb)
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
    # The colleague also has the notification of the handover.
    cb.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=re.compile(r"^Meldingen")).click()
    expect(cb.get_by_role("link", name=re.compile("aan je overgedragen"))).to_contain_text(deelnemer.nummer)
    axe_controle(cb)


def test_warme_overdracht_na_een_koppeling(nieuwe_pagina, live_server, wereld):
    """Issue 16 points 3 and 4 in the browser: an intake at a second provider finds the person's trajectory at the
    GGZ (match key); the new begeleider asks for a handover; the GGZ begeleider opens the notification, records
    the consent and hands over; the new provider accepts; the GGZ keeps a read-only history. Every page: axe."""
    from django.core.management import call_command

    from tests.fabriek import begeleider_ctx, maak_dossier
    from trajecten import actions as traject_actions

    rw = wereld.a
    ggz, ri = rw.organisaties["ggz"], rw.organisaties["reintegratie"]
    deelnemer = maak_dossier(rw, peer=False)
    nieuwe = Gebruiker.objects.create_user(email="tb-ri@hr.test", naam="Rianne Reintegratie", password=WACHTWOORD)
    actions.voeg_lidmaatschap_toe(gebruiker=nieuwe, organisatie=ri, rol=Rol.TRAJECTBEGELEIDER)
    vandaag = timezone.localdate()
    dubbel = traject_actions.registreer_intake(
        ctx=begeleider_ctx(rw, "reintegratie"),
        deelnemer={
            "voornaam": deelnemer.voornaam,
            "achternaam": deelnemer.achternaam,
            "geboortedatum": deelnemer.geboortedatum,
            "woongemeente": deelnemer.woongemeente,
            "uitkering": "participatiewet",
        },
        methode="jobcoaching",
        intakedatum=vandaag,
        situatie_bij_start="zonder_werk",
    ).deelnemer

    # --- The new begeleider sees where the person already has a trajectory, and asks for a handover. ----------
    ri_pagina = nieuwe_pagina()
    inloggen(ri_pagina, live_server, nieuwe.email, WACHTWOORD)
    ri_pagina.goto(f"{live_server.url}/{rw.regio.slug}/deelnemers/{dubbel.nummer}/")
    expect(ri_pagina.get_by_text(f"Deze persoon heeft al een traject bij {ggz.naam}.")).to_be_visible()
    expect(ri_pagina.locator("main")).not_to_contain_text(deelnemer.nummer)
    axe_controle(ri_pagina)
    ri_pagina.get_by_role("button", name=f"Vraag {ggz.naam} om overdracht").click()
    expect(ri_pagina.get_by_text("Je vraag om overdracht is verstuurd.")).to_be_visible()
    axe_controle(ri_pagina)

    # --- The GGZ begeleider opens the request: the handover form, consent first. ---------------------------
    tb = nieuwe_pagina()
    inloggen(tb, live_server, rw.gebruikers[Rol.TRAJECTBEGELEIDER].email, WACHTWOORD)
    tb.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=re.compile(r"^Meldingen")).click()
    tb.get_by_role("link", name=f"{ri.naam} vraagt je {deelnemer.nummer} aan hen over te dragen.").click()
    expect(tb.get_by_role("heading", level=1)).to_have_text("Overdragen aan een andere aanbieder")
    expect(tb.get_by_label("Nieuwe aanbieder (verplicht)")).to_have_value(str(ri.pk))
    axe_controle(tb)
    tb.get_by_role("button", name="Overdracht aanvragen").click()  # no consent: a clear message
    expect(tb.get_by_role("alert")).to_contain_text("Vraag de deelnemer eerst om toestemming")
    axe_controle(tb)
    tb.get_by_label("De deelnemer geeft toestemming om het dossier te delen met de nieuwe aanbieder").check()
    tb.get_by_label("Vorm van de toestemming").select_option(label="Schriftelijk")
    tb.get_by_role("button", name="Overdracht aanvragen").click()
    expect(tb.get_by_text("Overdracht aangevraagd", exact=True)).to_be_visible()
    axe_controle(tb)

    # --- The new provider accepts it from its inbox. ---------------------------------------------------------
    ri_pagina.goto(f"{live_server.url}/{rw.regio.slug}/aanmeldingen/inbox/")
    ri_pagina.get_by_role("row").filter(has_text=deelnemer.nummer).get_by_role("link", name=deelnemer.naam).click()
    expect(ri_pagina.get_by_text(f"Dit is een overdracht van {ggz.naam}.", exact=False)).to_be_visible()
    axe_controle(ri_pagina)
    ri_pagina.get_by_label("Intakedatum").fill(vandaag.isoformat())
    ri_pagina.get_by_label("Financieringsstroom").select_option(label="Onbekend (nog uitzoeken)")
    ri_pagina.get_by_role("button", name="Aanmelding accepteren").click()
    expect(ri_pagina.get_by_role("heading", level=1)).to_have_text(f"{deelnemer.naam} {deelnemer.nummer}")

    # --- The GGZ keeps a read-only view of its own history. -------------------------------------------------
    tb.reload()
    expect(tb.get_by_text("heeft deze deelnemer overgedragen aan een andere aanbieder")).to_be_visible()
    expect(tb.get_by_role("link", name="Gegevens wijzigen")).to_have_count(0)
    axe_controle(tb)

    # --- An address that bounces: the preferences page says so. ---------------------------------------------
    call_command("registreer_bounce", nieuwe.email, stdout=open("/dev/null", "w"))  # noqa: SIM115
    ri_pagina.goto(f"{live_server.url}/{rw.regio.slug}/meldingen/e-mail/")
    expect(ri_pagina.get_by_text(f"E-mail naar {nieuwe.email} komt niet aan")).to_be_visible()
    axe_controle(ri_pagina)
