"""From proposal to paid job, through the UI of two users.

A trajectbegeleider proposes its participant for an open vacancy, sharing a profile; the
werkgeversadviseur, in its own browser, sees only that profile, invites the candidate for an interview
and registers that it was hired, with the placement; the trajectbegeleider's participant page then shows
a running paid placement ('Werkend'). Every page visited passes axe-core's WCAG 2.1 A/AA rules.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from hoofdzaak.keuzes import Sector
from hoofdzaak.models import Rol
from tests.fabriek import WACHTWOORD, maak_dossier, maak_vacature, maak_werkgever
from trajecten.models import Plaatsing, Voordracht, VoordrachtStatus
from werkgevers.models import Vacature, VacatureStatus

from .hulp import axe_controle, inloggen

pytestmark = pytest.mark.browser

PROFIEL = "Vijf jaar ervaring in de bediening. Gastvrij en nauwkeurig; werkt graag in een vast team."


def test_van_voordracht_tot_betaald_werk(nieuwe_pagina, live_server, wereld):
    regio = wereld.a.regio
    werkgever = maak_werkgever(wereld.a, "Strandpaviljoen De Golf", sector=Sector.HORECA, plaats="Leiden")
    vacature = maak_vacature(werkgever, "Medewerker bediening", uren_van=20, uren_tot=32)
    deelnemer = maak_dossier(wereld.a)
    deelnemer.wens_sectoren, deelnemer.wens_uren, deelnemer.wens_plaats = [Sector.HORECA], 24, "Leiden"
    deelnemer.save(update_fields=["wens_sectoren", "wens_uren", "wens_plaats"])
    dossier_url = live_server.url + reverse("deelnemer", kwargs={"regio": regio.slug, "nummer": deelnemer.nummer})

    # The trajectbegeleider sees the vacancy among the fitting ones and proposes the participant.
    begeleider = nieuwe_pagina()
    inloggen(begeleider, live_server, wereld.a.gebruikers[Rol.TRAJECTBEGELEIDER].email, WACHTWOORD)
    begeleider.goto(dossier_url)
    suggesties = begeleider.get_by_role("list", name="Passende open vacatures")
    expect(suggesties).to_contain_text("Medewerker bediening")
    expect(suggesties).to_contain_text("sector Horeca staat in de werkwensen")
    axe_controle(begeleider)
    begeleider.get_by_role("link", name="Voordragen voor een vacature").click()
    expect(begeleider.get_by_role("heading", level=1)).to_have_text("Voordragen voor een vacature")
    axe_controle(begeleider)

    # Without the participant's consent nothing is proposed; the error sits at the checkbox.
    begeleider.get_by_label(re.compile(r"^Vacature")).select_option(value=str(vacature.pk))
    begeleider.get_by_label(re.compile(r"^Profiel voor de werkgeversadviseur")).fill(PROFIEL)
    begeleider.get_by_role("button", name="Voordragen").click()
    expect(begeleider.get_by_role("alert")).to_be_visible()
    toestemming = begeleider.get_by_label(re.compile(r"^De deelnemer heeft ingestemd"))
    expect(toestemming).to_have_attribute("aria-invalid", "true")
    axe_controle(begeleider)
    toestemming.check()
    begeleider.get_by_role("button", name="Voordragen").click()
    expect(begeleider).to_have_url(dossier_url)
    melding = begeleider.get_by_role("status").filter(has_text="is voorgedragen voor Medewerker bediening")
    expect(melding).to_be_visible()
    expect(begeleider.get_by_role("region", name="Voordrachten")).to_contain_text("Voorgedragen")
    axe_controle(begeleider)
    voordracht = Voordracht.objects.get()

    # The werkgeversadviseur, in its own browser: the proposals list, then the proposal itself.
    adviseur = nieuwe_pagina()
    inloggen(adviseur, live_server, wereld.a.gebruikers[Rol.WERKGEVERSADVISEUR].email, WACHTWOORD)
    adviseur.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Voordrachten").click()
    expect(adviseur.get_by_role("heading", level=1)).to_have_text("Voordrachten")
    axe_controle(adviseur)
    adviseur.get_by_role("link", name=f"Voordracht {voordracht.pk}").click()
    expect(adviseur.get_by_role("heading", level=1)).to_have_text(f"Voordracht {voordracht.pk}")
    expect(adviseur.get_by_text("Vijf jaar ervaring in de bediening.")).to_be_visible()
    inhoud = adviseur.locator("main")
    expect(inhoud).to_contain_text(wereld.a.gebruikers[Rol.TRAJECTBEGELEIDER].email)
    for persoonlijk in ("Sanne", "de Vries", "06 12345678", "sanne@example.org", "2311 AB", deelnemer.nummer):
        expect(inhoud).not_to_contain_text(persoonlijk)
    axe_controle(adviseur)

    # Invited for an interview.
    adviseur.get_by_role("link", name="Uitnodigen voor gesprek").click()
    expect(adviseur.get_by_role("heading", level=1)).to_have_text("Uitnodigen voor een sollicitatiegesprek")
    axe_controle(adviseur)
    adviseur.get_by_role("button", name="Uitnodigen voor een sollicitatiegesprek").click()
    expect(adviseur.get_by_role("status").filter(has_text="staat nu op ‘Sollicitatiegesprek’")).to_be_visible()
    axe_controle(adviseur)

    # Hired: the placement is asked in the same form; the vacancy is filled.
    adviseur.get_by_role("link", name="Aangenomen").click()
    expect(adviseur.get_by_role("heading", level=1)).to_have_text("Kandidaat aangenomen")
    expect(adviseur.get_by_label(re.compile(r"^Functie"))).to_have_value("Medewerker bediening")
    axe_controle(adviseur)
    adviseur.get_by_label(re.compile(r"^Startdatum")).fill(timezone.localdate().isoformat())
    adviseur.get_by_label(re.compile(r"^Uren per week")).fill("24")
    adviseur.get_by_label(re.compile(r"^Contractvorm")).select_option(label="Vast contract")
    expect(adviseur.get_by_label(re.compile(r"^Betaald werk"))).to_be_checked()
    adviseur.get_by_label(re.compile(r"^De vacature is hiermee vervuld")).check()
    adviseur.get_by_role("button", name="Kandidaat aangenomen").click()
    expect(adviseur.get_by_role("status").filter(has_text="staat nu op ‘Aangenomen’")).to_be_visible()
    expect(adviseur.locator("main")).to_contain_text("Medewerker bediening, vanaf")
    axe_controle(adviseur)

    plaatsing = Plaatsing.objects.get()
    assert (plaatsing.voordracht_id, plaatsing.werkgever_id, plaatsing.betaald) == (voordracht.pk, werkgever.pk, True)
    assert Voordracht.objects.get().status == VoordrachtStatus.AANGENOMEN
    assert Vacature.objects.get(pk=vacature.pk).status == VacatureStatus.VERVULD

    # The trajectbegeleider's participant page: a running paid placement, the participant is working.
    begeleider.goto(dossier_url)
    expect(begeleider.locator(".hzw-badge", has_text=re.compile(r"^Werkend$"))).to_be_visible()
    plaatsingen = begeleider.get_by_role("region", name="Plaatsingen")
    expect(plaatsingen).to_contain_text("Medewerker bediening")
    expect(plaatsingen).to_contain_text("Strandpaviljoen De Golf")
    expect(plaatsingen).to_contain_text("Loopt")
    expect(begeleider.get_by_role("region", name="Voordrachten")).to_contain_text("Aangenomen")
    axe_controle(begeleider)
