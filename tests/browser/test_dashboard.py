"""A projectleider opens the dashboard and narrows it to one gemeente through htmx.

Choosing a gemeente replaces only the dashboard part (the page is not reloaded), the URL follows so the
view can be reloaded or shared, the change is announced in the live region, and the page passes
axe-core's WCAG 2.1 A/AA rules before and after, also with a chart's table opened and on a phone.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from hoofdzaak.models import Rol
from tests.fabriek import WACHTWOORD, plaatsing, traject

from .hulp import TELEFOON, axe_controle, inloggen

pytestmark = pytest.mark.browser


def _trajecten(rw) -> None:
    vorig_jaar = datetime.date.today().year - 1
    for maand in range(1, 8):
        t = traject(rw, start=datetime.date(vorig_jaar, maand, 5))
        if maand < 3:
            plaatsing(t, datetime.date(vorig_jaar, maand + 2, 1))
    traject(rw, start=datetime.date(vorig_jaar, 4, 9), gemeente="gemeente2")


def test_projectleider_filtert_het_dashboard_op_gemeente(page, live_server, wereld, nieuwe_pagina):
    a = wereld.a
    _trajecten(a)
    vorig_jaar = datetime.date.today().year - 1
    inloggen(page, live_server, a.gebruikers[Rol.PROJECTLEIDER].email, WACHTWOORD)
    adres = live_server.url + reverse("dashboard", kwargs={"regio": a.regio.slug})

    page.goto(f"{adres}?jaar={vorig_jaar}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    kern = page.locator("#kerncijfers-titel").locator("xpath=ancestor::table")
    expect(kern.get_by_role("row", name=re.compile(r"^Gestart\b"))).to_contain_text("8")
    expect(page.get_by_role("img", name=f"Gestarte trajecten in {vorig_jaar} tegen het doel van 100")).to_be_visible()
    axe_controle(page)

    # Choosing a gemeente updates the figures in place (htmx): same document, new URL, announced, and the
    # keyboard focus stays on the select.
    page.evaluate("window.__zelfde_document = true")
    buur = a.organisaties["gemeente2"]
    keuze = page.get_by_label("Gemeente", exact=True)
    keuze.focus()
    keuze.select_option(label=buur.naam)
    expect(page).to_have_url(re.compile(rf"gemeente={buur.pk}"))
    expect(kern.get_by_role("columnheader", name=buur.naam)).to_be_visible()
    expect(
        page.locator("#kerncijfers-titel")
        .locator("xpath=ancestor::table")
        .get_by_role("row", name=re.compile(r"^Gestart\b"))
    ).to_contain_text("1")
    assert page.evaluate("window.__zelfde_document === true"), "de pagina is opnieuw geladen in plaats van via htmx"
    expect(page.locator("#dashboard-melding")).to_contain_text(f"Dashboard bijgewerkt: {vorig_jaar}, {buur.naam}.")
    expect(page.get_by_label("Gemeente", exact=True)).to_be_focused()
    axe_controle(page)

    # Every chart can be read as a table.
    page.get_by_text("Toon de cijfers als tabel").first.click()
    expect(page.locator("#voortgang-tabel-titel")).to_be_visible()
    axe_controle(page)

    # A reversed period: the error is at the field, read out, and no figures are shown.
    page.get_by_label("Periode", exact=True).select_option(label="Eigen periode (van en tot en met)")
    expect(page.locator("#dashboard-melding")).to_have_text("Vul de eerste en de laatste dag van de periode in.")
    page.get_by_label("Van", exact=True).fill(f"{vorig_jaar}-06-01")
    page.get_by_label("Tot en met", exact=True).fill(f"{vorig_jaar}-05-01")
    page.get_by_role("button", name="Toon cijfers").click()
    expect(page.get_by_role("alert")).to_contain_text("De einddatum ligt vóór de begindatum")
    expect(page.get_by_label("Tot en met", exact=True)).to_have_attribute("aria-invalid", "true")
    axe_controle(page)

    # On a phone the page reflows without sideways scrolling and passes axe too.
    telefoon = nieuwe_pagina(viewport=TELEFOON)
    inloggen(telefoon, live_server, a.gebruikers[Rol.PROJECTLEIDER].email, WACHTWOORD)
    telefoon.goto(f"{adres}?jaar={vorig_jaar}")
    axe_controle(telefoon)
