"""Must show of issue 15, in the browser: the projectleider sets a split target on the doel page, approves the
quarterly report after acknowledging a data-quality warning, rebuilds it (version 2 appears beside version 1),
and the bestuurder downloads the approved version — with JavaScript on, and the bestuurder's part with it
off too. Every page passes axe-core's WCAG 2.1 A/AA rules.

The first build is the schedule's (made in-process before the browser starts); the rebuild is requested in
the browser and run by `bouw_later` on a thread, like a worker, while the page polls.
"""

from __future__ import annotations

import hashlib
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from hoofdzaak.models import Doelversie, Rol
from rapportage.archief import actions
from rapportage.archief.models import Rapport, RapportSoort
from tests.fabriek import KWARTAAL, WACHTWOORD, maak_traject

from .hulp import axe_controle, inloggen

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "zonder-js"])
def test_doel_goedkeuren_opnieuw_maken_en_bestuurder_downloadt_de_goedgekeurde_versie(
    nieuwe_pagina, live_server, wereld, bouw_later, javascript
):
    import datetime

    a = wereld.a
    slug = a.regio.slug
    # Six starts in the quarter, funding stream unknown: the data-quality list has a warning.
    for i in range(6):
        maak_traject(a, start=KWARTAAL.van + datetime.timedelta(days=2 * i))

    pl = nieuwe_pagina()
    inloggen(pl, live_server, a.gebruikers[Rol.PROJECTLEIDER].email, WACHTWOORD)

    # 1. A split target for this year: 60 + 40 over the two gemeenten.
    jaar = timezone.localdate().year
    pl.goto(live_server.url + reverse("doel", kwargs={"regio": slug, "jaar": jaar}))
    pl.get_by_label("Doel van de regio").fill("100")
    pl.get_by_label(a.organisaties["gemeente"].naam, exact=True).fill("60")
    pl.get_by_label(a.organisaties["gemeente2"].naam, exact=True).fill("40")
    pl.get_by_role("button", name="Doel opslaan").click()
    expect(pl.get_by_role("status").filter(has_text=f"Het doel voor {jaar} is opgeslagen")).to_be_visible()
    axe_controle(pl)
    versie = Doelversie.objects.get(regio=a.regio, jaar=jaar)
    assert sorted(versie.delen.values_list("aantal", flat=True)) == [40, 60]

    # The quarterly report is built as a concept after the split (its parts are figures of the report: a split
    # set afterwards would change them, and approval would rightly be refused).
    concept = actions.maak_rapport_nu(regio=a.regio, soort=RapportSoort.KWARTAAL, periode=KWARTAAL)
    assert concept.is_concept and concept.waarschuwingen
    waarschuwingen = [w["tekst"] for w in concept.waarschuwingen]
    waarschuwing = waarschuwingen[0]

    # 2. The concept on the archive page; its own page lists the warning.
    pl.goto(live_server.url + reverse("rapporten", kwargs={"regio": slug}))
    rij = pl.get_by_role("row").filter(has_text=concept.titel)
    expect(rij).to_contain_text("Concept")
    axe_controle(pl)
    pl.get_by_role("link", name=concept.titel, exact=True).click()
    expect(pl.get_by_role("heading", level=1)).to_have_text(concept.titel)
    expect(pl.locator("#versie")).to_have_text("Versie 1, concept")
    expect(pl.locator("#goedkeuring")).to_contain_text(waarschuwing)
    axe_controle(pl)

    # Approving before acknowledging is refused, with the reason.
    pl.get_by_role("button", name=re.compile("^Goedkeuren")).click()
    expect(pl.get_by_role("alert")).to_contain_text("Bevestig eerst elke datakwaliteitswaarschuwing")
    axe_controle(pl)

    # 3. Acknowledge each warning (the first with an explanation), then approve.
    for i, tekst in enumerate(waarschuwingen):
        formulier = pl.get_by_role("form", name=f"Waarschuwing bevestigen: {tekst}")
        if i == 0:
            formulier.get_by_label("Toelichting (niet verplicht)").fill("De aanbieders vullen dit deze maand aan.")
        formulier.get_by_role("button", name=re.compile("^Bevestigen")).click()
        expect(pl.get_by_role("status").filter(has_text="De waarschuwing is bevestigd")).to_be_visible()
        expect(pl.get_by_role("form", name=f"Waarschuwing bevestigen: {tekst}")).to_have_count(0)
    expect(pl.locator("#goedkeuring")).to_contain_text("Bevestigd door")
    expect(pl.locator("#goedkeuring")).to_contain_text("De aanbieders vullen dit deze maand aan.")
    axe_controle(pl)
    pl.get_by_role("button", name=re.compile("^Goedkeuren")).click()
    expect(pl.get_by_role("status").filter(has_text="versie 1 is goedgekeurd")).to_be_visible()
    expect(pl.locator("#versie")).to_contain_text("Versie 1, goedgekeurd door")
    expect(pl.get_by_role("button", name=re.compile("^Goedkeuren"))).to_have_count(0)
    axe_controle(pl)
    v1 = Rapport.objects.get(pk=concept.pk)
    assert v1.is_goedgekeurd and v1.goedgekeurd_door == a.gebruikers[Rol.PROJECTLEIDER]

    # 4. Build it again: version 2 appears beside version 1, which stays as it is.
    pl.get_by_role("link", name="Opnieuw maken").click()
    expect(pl.get_by_label("Kwartaalrapportage (regio)")).to_be_checked()
    pl.get_by_role("button", name="Rapport maken").click()
    expect(pl.get_by_role("heading", level=1)).to_have_text(concept.titel)
    expect(pl.locator("#rapport-status")).to_contain_text("In de wachtrij")
    bouw_later()
    # Done: the page reloads itself (htmx) with the sign-off and the versions.
    expect(pl.locator("#versie")).to_have_text("Versie 2, concept", timeout=30_000)
    versies = pl.get_by_role("table", name=re.compile("^Versies van"))
    expect(versies).to_contain_text("Versie 2 (deze pagina)")
    expect(versies.get_by_role("link", name="Versie 1", exact=True)).to_be_visible()
    expect(versies).to_contain_text("Versie 1, goedgekeurd door")
    expect(pl.get_by_role("heading", name="Wat is er veranderd ten opzichte van versie 1")).to_be_visible()
    axe_controle(pl)
    v2 = Rapport.objects.exclude(pk=v1.pk).get()
    assert (v2.versie, v2.is_concept) == (2, True)
    assert Rapport.objects.get(pk=v1.pk).sha256 == v1.sha256

    # 5. The bestuurder sees version 1 only, knows which version it is, and downloads exactly that file.
    bestuurder = nieuwe_pagina(javascript=javascript)
    inloggen(bestuurder, live_server, a.gebruikers[Rol.BESTUURDER].email, WACHTWOORD)
    bestuurder.goto(live_server.url + reverse("rapporten", kwargs={"regio": slug}))
    tabel = bestuurder.get_by_role("table")
    expect(tabel.get_by_role("row").filter(has_text=concept.titel)).to_have_count(1)
    expect(tabel).to_contain_text("Goedgekeurd")
    expect(tabel).not_to_contain_text("Concept")
    axe_controle(bestuurder)
    bestuurder.get_by_role("link", name=concept.titel, exact=True).click()
    expect(bestuurder.locator("#versie")).to_contain_text("Versie 1, goedgekeurd door")
    expect(bestuurder.get_by_role("button", name=re.compile("^Goedkeuren"))).to_have_count(0)
    axe_controle(bestuurder)
    with bestuurder.expect_download() as bezig:
        bestuurder.get_by_role("link", name=re.compile(r"^Download PDF.*versie 1")).click()
    with open(bezig.value.path(), "rb") as bestand:
        assert hashlib.sha256(bestand.read()).hexdigest() == v1.sha256
    antwoord = bestuurder.goto(live_server.url + reverse("rapport", kwargs={"regio": slug, "pk": v2.pk}))
    assert antwoord.status == 404
