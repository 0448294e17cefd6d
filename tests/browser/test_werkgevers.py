"""A werkgeversadviseur registers an employer and a vacancy through the UI.

A wrong KvK number is refused next to the field with what was typed kept; every page visited (the
empty and the filled list, the form with its error, the employer and the vacancy) passes axe-core's
WCAG 2.1 A/AA rules.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from hoofdzaak.models import Rol
from tests.fabriek import WACHTWOORD
from werkgevers.models import Vacature, Werkgever

from .hulp import axe_controle, inloggen

pytestmark = pytest.mark.browser


def gegeven(page: Page, term: str):
    """The <dd> of the <dt> that reads exactly `term`."""
    return page.locator("dt", has_text=re.compile(rf"^{re.escape(term)}$")).locator("xpath=following-sibling::dd[1]")


def test_werkgeversadviseur_registreert_werkgever_en_vacature(page, live_server, wereld):
    regio = wereld.a.regio
    adviseur = wereld.a.gebruikers[Rol.WERKGEVERSADVISEUR]
    inloggen(page, live_server, adviseur.email, WACHTWOORD)

    # The list is still empty, and says so.
    page.goto(live_server.url + reverse("werkgevers", kwargs={"regio": regio.slug}))
    expect(page.get_by_role("heading", level=1)).to_have_text("Werkgevers")
    expect(page.get_by_text("Er staan nog geen werkgevers in de regio.")).to_be_visible()
    axe_controle(page)

    # A KvK number of 7 digits is refused at the field; what was typed stays.
    page.get_by_role("link", name="Nieuwe werkgever").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Werkgever toevoegen")
    page.get_by_label(re.compile(r"^Naam \(")).fill("Bakkerij van der Meer Katwijk")
    page.get_by_label(re.compile(r"^KvK-nummer")).fill("2821193")
    page.get_by_label(re.compile(r"^Sector")).select_option(label="Detailhandel")
    page.get_by_label(re.compile(r"^Plaats")).fill("Katwijk")
    page.get_by_label("Contactpersoon", exact=True).fill("Henk van der Meer")
    page.get_by_label(re.compile(r"^Betrokkenheid")).select_option(label="In gesprek")
    page.get_by_role("button", name="Werkgever toevoegen").click()
    expect(page.get_by_role("alert")).to_contain_text("Controleer de gemarkeerde velden")
    kvk = page.get_by_label(re.compile(r"^KvK-nummer"))
    expect(kvk).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_kvk_nummer_error")).to_have_text(
        "Een KvK-nummer bestaat uit precies 8 cijfers, bijvoorbeeld 12345678."
    )
    expect(page.get_by_label(re.compile(r"^Naam \("))).to_have_value("Bakkerij van der Meer Katwijk")
    expect(kvk).to_have_value("2821193")
    axe_controle(page)
    assert not Werkgever.objects.exists()

    kvk.fill("2821 1936")
    page.get_by_role("button", name="Werkgever toevoegen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bakkerij van der Meer Katwijk")
    expect(page.get_by_role("status").filter(has_text="is toegevoegd")).to_be_visible()
    expect(gegeven(page, "KvK-nummer")).to_have_text("28211936")
    expect(gegeven(page, "Accountmanager")).to_have_text(adviseur.naam)
    expect(page.get_by_text("Deze werkgever heeft nog geen vacatures.")).to_be_visible()
    axe_controle(page)

    # A vacancy for it: sector and place are filled in from the employer.
    page.get_by_role("link", name="Nieuwe vacature").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe vacature bij Bakkerij van der Meer Katwijk")
    expect(page.get_by_label(re.compile(r"^Plaats"))).to_have_value("Katwijk")
    page.get_by_label(re.compile(r"^Functie")).fill("Hulp in de bakkerij")
    page.get_by_label(re.compile(r"^Uren per week vanaf")).fill("8")
    page.get_by_label(re.compile(r"^Uren per week tot en met")).fill("16")
    sluit = timezone.localdate() + datetime.timedelta(days=21)
    page.get_by_label("Sluitingsdatum", exact=True).fill(sluit.isoformat())
    page.get_by_role("button", name="Vacature toevoegen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hulp in de bakkerij")
    expect(gegeven(page, "Uren per week")).to_have_text("8–16 uur")
    expect(gegeven(page, "Status")).to_have_text("Open")
    axe_controle(page)
    vacature = Vacature.objects.get()
    assert (vacature.werkgever.kvk_nummer, vacature.sluitingsdatum) == ("28211936", sluit)

    # The list now shows the employer with its open vacancy.
    page.goto(live_server.url + reverse("werkgevers", kwargs={"regio": regio.slug}))
    rij = page.get_by_role("row").filter(has_text="Bakkerij van der Meer Katwijk")
    expect(rij).to_contain_text("In gesprek")
    expect(rij.locator("td").nth(5)).to_have_text("1")
    axe_controle(page)
