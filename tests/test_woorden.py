"""One Dutch: dates through one helper, "je" instead of "Uw", "(verplicht)" only on required fields."""

from __future__ import annotations

import datetime
import re

from django.contrib.auth import password_validation
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from hoofdzaak import datums
from hoofdzaak.models import Rol


def test_datums_in_het_nederlands_ook_zonder_actieve_taal():
    with translation.override("en"):
        assert datums.datum(datetime.date(2026, 11, 27)) == "27 nov. 2026"
        assert datums.maand(datetime.date(2026, 3, 1)) == "mrt. 2026"
        assert datums.dag_maand(datetime.date(2026, 5, 2)) == "2 mei"
        moment = timezone.make_aware(datetime.datetime(2026, 1, 5, 14, 7))
        assert datums.datum_tijd(moment) == "5 jan. 2026, 14:07"
    tekst = Template("{% load weergave %}{{ d|datum }}|{{ d|maand }}|{{ leeg|datum|default:'—' }}").render(
        Context({"d": datetime.date(2026, 3, 9), "leeg": None})
    )
    assert tekst == "9 mrt. 2026|mrt. 2026|—"


def test_wachtwoordregels_spreken_de_gebruiker_aan_met_je():
    with translation.override("nl"):
        teksten = password_validation.password_validators_help_texts()
    assert teksten, "geen wachtwoordregels"
    assert not [t for t in teksten if re.search(r"\b[Uu]w\b|\bYour\b", t)], teksten


def test_intake_markeert_alleen_verplichte_velden_als_verplicht(wereld, client):
    client.force_login(wereld.a.gebruikers[Rol.TRAJECTBEGELEIDER])
    html = client.get(reverse("intake", kwargs={"regio": wereld.a.regio.slug})).content.decode()
    labels = {
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", label)).strip()
        for label in re.findall(r"<label\b[^>]*>(.*?)</label>", html, re.S)
    }
    assert "Voornaam (verplicht)" in labels
    # The consent rows may be left empty: none of their fields is marked as required.
    assert "Ontvangende organisatie" in labels
    rijen = [label for label in labels if label.startswith(("Ontvangende organisatie", "Gegeven op", "Vorm"))]
    assert rijen and not [label for label in rijen if "verplicht" in label], rijen


def test_maanden_en_tijden_uit_dezelfde_helper():
    assert datums.maand_voluit(datetime.date(2026, 11, 3)) == "november 2026"
    assert datums.maandlabels([datetime.date(2026, m, 1) for m in (11, 12)] + [datetime.date(2027, 1, 1)]) == [
        "nov. 2026",
        "dec.",
        "jan. 2027",
    ]
    moment = timezone.make_aware(datetime.datetime(2026, 1, 5, 14, 7, 9))
    assert datums.datum_tijd(moment, seconden=True) == "5 jan. 2026, 14:07:09"
    tekst = Template('{% load weergave %}{{ m|datum_tijd:"seconden" }}|{{ m|datum_tijd }}').render(
        Context({"m": moment})
    )
    assert tekst == "5 jan. 2026, 14:07:09|5 jan. 2026, 14:07"


def test_geen_datum_buiten_de_helper_om():
    """Pages, PDFs and messages write dates through hoofdzaak.datums, not Django's |date (which follows the active
    language and writes "maa") or strftime; only machine formats (ISO, `datetime` attributes) stay."""
    from pathlib import Path

    from django.conf import settings

    basis = Path(settings.BASE_DIR)
    machine = re.compile(r"""\|date:(['"])(c|Y-m-d)\1""")
    overtredingen = [
        f"{pad.relative_to(basis)}:{n}: {regel.strip()[:100]}"
        for pad in sorted((basis / "templates").rglob("*.html"))
        for n, regel in enumerate(pad.read_text().splitlines(), start=1)
        if "|date:" in machine.sub("", regel)
    ]
    overtredingen += [
        f"{pad.relative_to(basis)}:{n}: {regel.strip()[:100]}"
        for app in ("hoofdzaak", "werkgevers", "trajecten", "rapportage")
        for pad in sorted((basis / app).rglob("*.py"))
        if "migrations" not in pad.parts
        for n, regel in enumerate(pad.read_text().splitlines(), start=1)
        if re.search(r"strftime\(\"(?![^\"]*%Y-%m-%d)[^\"]*%[dbB]|:%d-%m|:%b|:%B", regel)
    ]
    assert not overtredingen, "datums buiten hoofdzaak.datums om:\n" + "\n".join(overtredingen)
