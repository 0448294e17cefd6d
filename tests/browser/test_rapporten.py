"""Reports in the browser: a projectleider builds the quarterly report, watches its progress (htmx
polling) and downloads it; a bestuurder downloads its own gemeente's monthly report and gets 404 for
another gemeente's. Every page passes axe-core's WCAG 2.1 A/AA rules.

The build runs in-process (no worker): the test starts it on a thread once the page shows the queued
state (`bouw_later`, tests/browser/conftest.py), so htmx has to pick up the change.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.urls import reverse
from playwright.sync_api import expect

from hoofdzaak.models import Rol
from rapportage.archief import bouwslot
from rapportage.archief.models import Abonnement, Rapport, RapportSoort, RapportStatus
from tests.fabriek import KWARTAAL, MAAND, WACHTWOORD, klaar_rapport, maak_traject

from .hulp import TELEFOON, axe_controle, inloggen

pytestmark = pytest.mark.browser


def test_projectleider_bouwt_kwartaalrapport_en_downloadt_het(nieuwe_pagina, live_server, wereld, bouw_later):
    for i in range(6):
        maak_traject(wereld.a, start=KWARTAAL.van + datetime.timedelta(days=i))
    slug = wereld.a.regio.slug
    pl = nieuwe_pagina()
    inloggen(pl, live_server, wereld.a.gebruikers[Rol.PROJECTLEIDER].email, WACHTWOORD)

    pl.goto(live_server.url + reverse("rapporten", kwargs={"regio": slug}))
    expect(pl.get_by_role("heading", level=1)).to_have_text("Rapportages")
    expect(pl.get_by_text("Er zijn nog geen rapportages.")).to_be_visible()
    axe_controle(pl)

    pl.get_by_role("link", name="Rapport maken").click()
    expect(pl.get_by_role("heading", level=1)).to_have_text("Rapport maken")
    axe_controle(pl)
    pl.get_by_label("Kwartaalrapportage (regio)").check()
    pl.get_by_label("Jaar").select_option(str(KWARTAAL.van.year))
    pl.get_by_label("Kwartaal", exact=True).select_option(str(KWARTAAL.kwartaalnummer))
    pl.get_by_role("button", name="Rapport maken").click()

    # The report's own page: queued first, with a refresh link for browsers without JavaScript.
    titel = f"Kwartaalrapportage {wereld.a.regio.naam} K{KWARTAAL.kwartaalnummer} {KWARTAAL.van.year}"
    expect(pl.get_by_role("heading", level=1)).to_have_text(titel)
    status = pl.locator("#rapport-status")
    expect(status).to_contain_text("In de wachtrij")
    expect(pl.get_by_role("link", name="Status vernieuwen")).to_be_visible()
    axe_controle(pl)

    # A worker picks it up; htmx polls every 2 s until the build is done, then the download link
    # replaces the progress.
    bouw_later()
    download_link = pl.get_by_role("link", name=re.compile(r"^Download PDF"))
    expect(download_link).to_be_visible(timeout=30_000)
    expect(status).to_contain_text("Klaar")
    expect(pl.get_by_role("link", name="Status vernieuwen")).to_have_count(0)
    axe_controle(pl)
    rapport = Rapport.objects.get()
    assert rapport.status == RapportStatus.KLAAR

    with pl.expect_download() as bezig:
        download_link.click()
    download = bezig.value
    assert download.suggested_filename == rapport.downloadnaam
    with open(download.path(), "rb") as bestand:
        assert bestand.read(8) == b"%PDF-1.7"

    # Building it again while it runs is refused, in Dutch, on the form.
    pl.reload()
    pl.get_by_role("link", name="Opnieuw maken").click()
    expect(pl.get_by_label("Kwartaalrapportage (regio)")).to_be_checked()
    # A live build: 'bezig' while a process holds its build lock (here this test's own connection).
    Rapport.objects.filter(pk=rapport.pk).update(status=RapportStatus.BEZIG)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s, %s)", [bouwslot.BOUWSLOT_NAMESPACE, rapport.pk])
    try:
        pl.get_by_role("button", name="Rapport maken").click()
        expect(pl.get_by_role("alert")).to_contain_text("Er loopt al een build voor dit rapport")
        axe_controle(pl)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [bouwslot.BOUWSLOT_NAMESPACE, rapport.pk])


@pytest.mark.parametrize("scherm", [None, TELEFOON], ids=["desktop", "telefoon"])
def test_bestuurder_downloadt_alleen_het_rapport_van_de_eigen_gemeente(nieuwe_pagina, live_server, wereld, scherm):
    slug = wereld.a.regio.slug
    eigen = klaar_rapport(wereld, RapportSoort.MAAND, wereld.a.organisaties["gemeente"], MAAND)
    andere = klaar_rapport(wereld, RapportSoort.MAAND, wereld.a.organisaties["gemeente2"], MAAND)
    kwartaal = klaar_rapport(wereld)

    bestuurder = nieuwe_pagina(viewport=scherm)
    inloggen(bestuurder, live_server, wereld.a.gebruikers[Rol.BESTUURDER].email, WACHTWOORD)
    bestuurder.goto(live_server.url + reverse("rapporten", kwargs={"regio": slug}))
    tabel = bestuurder.get_by_role("table")
    expect(tabel).to_contain_text(eigen.titel)
    expect(tabel).to_contain_text(kwartaal.titel)
    expect(tabel).not_to_contain_text(andere.titel)
    expect(bestuurder.get_by_role("link", name="Rapport maken")).to_have_count(0)
    axe_controle(bestuurder)

    bestuurder.get_by_role("link", name=eigen.titel, exact=True).click()
    expect(bestuurder.get_by_role("heading", level=1)).to_have_text(eigen.titel)
    axe_controle(bestuurder)
    with bestuurder.expect_download() as bezig:
        bestuurder.get_by_role("link", name=re.compile(r"^Download PDF")).click()
    assert bezig.value.suggested_filename == eigen.downloadnaam

    # Subscribing to its own gemeente's monthly reports.
    bestuurder.goto(live_server.url + reverse("rapporten", kwargs={"regio": slug}))
    volgen = bestuurder.get_by_role("form", name="Rapportage volgen")
    volgen.get_by_label("Soort").select_option("maand")
    expect(volgen.get_by_label("Gemeente")).to_have_value(str(wereld.a.organisaties["gemeente"].pk))
    volgen.get_by_role("button", name="Volgen").click()
    expect(bestuurder.get_by_role("status").filter(has_text="Je krijgt een e-mail")).to_be_visible()
    assert Abonnement.objects.filter(
        gebruiker=wereld.a.gebruikers[Rol.BESTUURDER], soort="maand", scope=wereld.a.organisaties["gemeente"]
    ).exists()
    expect(bestuurder.get_by_role("button", name=re.compile("^Afmelden"))).to_be_visible()
    axe_controle(bestuurder)

    # Another gemeente's monthly report does not exist for this bestuurder.
    for naam in ("rapport", "rapport_download"):
        antwoord = bestuurder.goto(live_server.url + reverse(naam, kwargs={"regio": slug, "pk": andere.pk}))
        assert antwoord.status == 404, naam
