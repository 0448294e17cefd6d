"""Every role's journey in the browser, with JavaScript on and off, at 1280 px and at 375 px.

Each page state is checked with axe-core (WCAG 2.1 A/AA *and* best-practice rules, 0 violations), for
sideways scrolling at 375 px (`document.scrollingElement.scrollWidth <= innerWidth`) and for console
errors. The journeys (issue 11):

- projectleider: dashboard, IPS fidelity (Modeltrouw), invite a user, build a report and watch its progress,
  download it;
- trajectbegeleider: intake, log a contact, register a placement, its own IPS fidelity, log a company visit;
- klantmanager: refer a participant, follow its progress;
- peer supporter: log a session;
- werkgeversadviseur: employer, vacancy, proposal;
- bestuurder: the monthly PDF of its gemeente.

The typing of a whole intake is tests/browser/test_intake.py; here every journey's pages and forms are
opened, and one form per role that writes is sent. The number of page states checked is recorded per test
(`paginastaten`) and summed at the end of the run (tests/browser/conftest.py).

One test per JavaScript setting and width walks all six roles, so the test data is made once per variant.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from hoofdzaak.models import Rol
from rapportage.models import RapportSoort
from tests.fabriek import MAAND, WACHTWOORD, ctx_van, klaar_rapport, maak_dossier
from tests.fabriek import contact as fabriek_contact
from tests.fabriek import traject as fabriek_traject
from tests.matrix.trajecten_werk import PROFIEL, maak_vacature, maak_werkgever
from trajecten import actions as traject_actions
from trajecten.models import ContactSoort

from .hulp import DESKTOP, TELEFOON_375, axe_controle, inloggen

pytestmark = pytest.mark.browser


@dataclass
class Controle:
    """Checks each page state and counts them; collects console errors of the current page."""

    page: Page
    aantal: int = 0
    console: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.on("console", lambda bericht: self.console.append(bericht.text) if bericht.type == "error" else None)

    def __call__(self, wat: str) -> None:
        axe_controle(self.page, best_practice=True, breedte=True)
        assert not self.console, f"{wat} ({self.page.url}): consolefouten {self.console}"
        self.aantal += 1


def _gegevens(wereld):
    """A participant in every state the journeys need, an employer with a vacancy and a proposal, a report."""
    a = wereld.a
    eigen = maak_dossier(a)
    traject = eigen.trajecten.get()
    werkgever = maak_werkgever(a)
    vacature = maak_vacature(werkgever)
    voordracht = traject_actions.draag_voor(
        ctx=ctx_van(a, Rol.TRAJECTBEGELEIDER), traject=traject, vacature=vacature, profiel=PROFIEL, toestemming=True
    )
    rapport = klaar_rapport(wereld, soort=RapportSoort.MAAND, scope=a.organisaties["gemeente"], periode=MAAND)
    # An IPS trajectory running this year, so the Modeltrouw page shows its table (not the empty state).
    ips = fabriek_traject(a, start=datetime.date(datetime.date.today().year, 1, 2))
    fabriek_contact(ips, datetime.date(datetime.date.today().year, 1, 9), ContactSoort.WERKGEVERSCONTACT)
    return {
        "eigen": eigen,
        "traject": traject,
        "werkgever": werkgever,
        "vacature": vacature,
        "voordracht": voordracht,
        "rapport": rapport,
    }


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript-aan", "javascript-uit"])
@pytest.mark.parametrize("venster", [DESKTOP, TELEFOON_375], ids=["1280", "375"])
def test_elke_rol_loopt_zijn_reis(nieuwe_pagina, live_server, wereld, javascript, venster, record_property):
    g = _gegevens(wereld)
    slug = wereld.a.regio.slug
    totaal = 0

    def url(naam: str, **kwargs) -> str:
        return live_server.url + reverse(naam, kwargs={"regio": slug, **kwargs})

    def als(rol: str) -> tuple[Page, Controle]:
        page = nieuwe_pagina(venster, javascript=javascript)
        inloggen(page, live_server, wereld.a.gebruikers[rol].email, WACHTWOORD)
        return page, Controle(page)

    def bezoek(page: Page, controle: Controle, adres: str, kop: str | re.Pattern) -> None:
        controle.console.clear()
        page.goto(adres)
        expect(page.get_by_role("heading", level=1)).to_have_text(kop)
        controle(kop if isinstance(kop, str) else kop.pattern)

    # --- projectleider: dashboard, invite, report with progress, download ---------------------------------
    pl, c = als(Rol.PROJECTLEIDER)
    bezoek(pl, c, url("regio_home"), re.compile(r"Hoofdzaak Werk"))
    bezoek(pl, c, url("dashboard"), "Dashboard")
    bezoek(pl, c, url("modeltrouw"), "Modeltrouw IPS")
    expect(pl.get_by_role("table")).to_contain_text("alleen IPS")
    bezoek(pl, c, url("beheer_gebruikers"), re.compile("Gebruikers"))
    bezoek(pl, c, url("beheer_uitnodigen"), re.compile("uitnodigen", re.I))
    pl.get_by_label("E-mailadres").fill("nieuwe.collega@example.org")
    pl.get_by_label("Naam").fill("Nieuwe Collega")
    pl.get_by_label("Organisatie").select_option(label=wereld.a.organisaties["ggz"].naam)
    pl.get_by_label("Rol").select_option(label="Trajectbegeleider")
    pl.get_by_role("button", name=re.compile("uitnodig", re.I)).click()
    expect(pl.locator("#meldingen [role=status]")).to_be_visible()
    c("uitnodiging verstuurd")
    bezoek(pl, c, url("rapporten"), "Rapportages")
    bezoek(pl, c, url("rapport_nieuw"), "Rapport maken")
    bezoek(pl, c, url("rapport", pk=g["rapport"].pk), re.compile("Maandrapportage"))
    with pl.expect_download() as bezig:
        pl.get_by_role("link", name=re.compile(r"^Download PDF")).click()
    assert bezig.value.suggested_filename.endswith(".pdf")
    totaal += c.aantal

    # --- trajectbegeleider: intake, contact, placement ----------------------------------------------------
    tb, c = als(Rol.TRAJECTBEGELEIDER)
    nummer = g["eigen"].nummer
    bezoek(tb, c, url("caseload"), "Caseload")
    bezoek(tb, c, url("intake"), "Intake registreren")
    bezoek(tb, c, url("deelnemer", nummer=nummer), re.compile(re.escape(nummer)))
    bezoek(tb, c, url("contact_nieuw", pk=g["traject"].pk), re.compile("Contact"))
    tb.locator("#id_datum").fill(datetime.date.today().isoformat())
    tb.locator("#id_minuten").fill("30")
    tb.get_by_role("button", name=re.compile("vastleggen", re.I)).click()
    expect(tb.locator("#meldingen [role=status]")).to_be_visible()
    c("contact vastgelegd")
    bezoek(tb, c, url("plaatsing_nieuw", pk=g["traject"].pk), re.compile("Plaatsing"))
    bezoek(tb, c, url("voordragen", nummer=nummer), re.compile("Voordragen|voordragen"))
    bezoek(tb, c, url("modeltrouw"), "Modeltrouw IPS")
    expect(tb.get_by_role("table")).to_contain_text(wereld.a.gebruikers[Rol.TRAJECTBEGELEIDER].naam)
    bezoek(tb, c, url("werkgeverscontact_nieuw", pk=g["werkgever"].pk), re.compile("Contact met"))
    tb.get_by_label("Soort contact").select_option(label="Bedrijfsbezoek")
    tb.get_by_role("button", name="Contact vastleggen").click()
    expect(tb.locator("#meldingen [role=status]")).to_be_visible()
    c("werkgeverscontact vastgelegd")
    totaal += c.aantal

    # --- klantmanager: referral, progress ---------------------------------------------------------------
    km, c = als(Rol.KLANTMANAGER)
    bezoek(km, c, url("aanmelden"), re.compile("Aanmelden|aanmelden"))
    bezoek(km, c, url("aanmeldingen"), re.compile("Aanmeldingen|aanmeldingen"))
    bezoek(km, c, url("deelnemers"), re.compile("Deelnemers"))
    bezoek(km, c, url("deelnemer", nummer=nummer), re.compile(re.escape(nummer)))
    totaal += c.aantal

    # --- peer supporter: session ------------------------------------------------------------------------
    peer, c = als(Rol.PEER_SUPPORTER)
    bezoek(peer, c, url("deelnemers"), re.compile("Deelnemers|deelnemers"))
    bezoek(peer, c, url("deelnemer", nummer=nummer), re.compile(re.escape(nummer)))
    bezoek(peer, c, url("peer_gesprek", nummer=nummer), re.compile("gesprek", re.I))
    peer.locator("#id_datum").fill(datetime.date.today().isoformat())
    peer.locator("#id_minuten").fill("45")
    peer.get_by_role("button", name="Opslaan").click()
    expect(peer.locator("#meldingen [role=status]")).to_be_visible()
    c("gesprek vastgelegd")
    totaal += c.aantal

    # --- werkgeversadviseur: employer, vacancy, proposal ----------------------------------------------------
    wga, c = als(Rol.WERKGEVERSADVISEUR)
    bezoek(wga, c, url("werkgevers"), "Werkgevers")
    bezoek(wga, c, url("werkgever", pk=g["werkgever"].pk), g["werkgever"].naam)
    bezoek(wga, c, url("werkgever_nieuw"), re.compile("werkgever", re.I))
    bezoek(wga, c, url("vacatures"), "Vacatures")
    bezoek(wga, c, url("vacature", pk=g["vacature"].pk), re.compile(re.escape(g["vacature"].titel)))
    bezoek(wga, c, url("vacature_nieuw", pk=g["werkgever"].pk), re.compile("vacature", re.I))
    bezoek(wga, c, url("voordrachten"), "Voordrachten")
    bezoek(wga, c, url("voordracht", pk=g["voordracht"].pk), re.compile("Voordracht"))
    totaal += c.aantal

    # --- bestuurder: the monthly PDF -----------------------------------------------------------------------
    best, c = als(Rol.BESTUURDER)
    bezoek(best, c, url("rapporten"), "Rapportages")
    bezoek(best, c, url("rapport", pk=g["rapport"].pk), re.compile("Maandrapportage"))
    with best.expect_download() as bezig:
        best.get_by_role("link", name=re.compile(r"^Download PDF")).click()
    assert bezig.value.suggested_filename.endswith(".pdf")
    totaal += c.aantal

    record_property("paginastaten", totaal)
    print(f"{totaal} paginastaten gecontroleerd (axe met best practices, breedte, console)")
