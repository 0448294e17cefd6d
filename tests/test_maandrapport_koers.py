"""The wethouder's monthly PDF answers "liggen we op koers?" in one sentence and one chart.

The gemeente's starts this year against its part of the target (until targets per gemeente exist: the
region's target divided by its gemeenten, said in the PDF), pro rata on the day the figures stand at, with
the region beside it.
"""

from __future__ import annotations

import re

from rapportage import figuren
from rapportage.archief import inhoud as rapporten
from rapportage.archief.models import RapportSoort, RapportStatus
from rapportage.figuren import Periode
from rapportage.templatetags.rapportage_pdf import getal

from .test_rapporten import MAAND, cijfers, eager, opslag, pdf_tekst, pdf_van, vraag_aan  # noqa: F401 - fixtures


def _getal(waarde: float) -> str:
    # The PDF's own number filter, so the test follows its rounding.
    return getal(waarde, 1)


def test_maandrapport_zegt_of_de_gemeente_op_koers_ligt_naast_de_regio(
    cijfers,  # noqa: F811
    opslag,  # noqa: F811
    eager,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    w = cijfers
    gemeente = w.a.organisaties["gemeente"]
    with django_capture_on_commit_callbacks(execute=True):
        rapport = vraag_aan(w, soort=RapportSoort.MAAND, periode=MAAND, scope=gemeente)
    rapport.refresh_from_db()
    assert rapport.status == RapportStatus.KLAAR, rapport.fout
    tekst = " ".join(pdf_tekst(pdf_van(rapport)).split())

    jaar = Periode.jaar_tot_en_met(MAAND.tot)
    jaar_g = figuren.bereken(regio=w.a.regio, periode=jaar, filters=figuren.Filters(gemeente_id=gemeente.pk))
    jaar_r = figuren.bereken(regio=w.a.regio, periode=jaar)
    koers = rapporten.gemeente_koers(regio=w.a.regio, gemeente=gemeente, jaar_g=jaar_g, jaar_r=jaar_r)
    # Region A of the test world has two gemeenten: each gets half of the target.
    assert koers.gemeenten == 2
    assert koers.deel_doel == jaar_r.doel / 2

    assert "Liggen we op koers?" in tekst
    oordeel = "op koers" if koers.op_koers else "achter op koers"
    assert re.search(
        rf"{re.escape(gemeente.naam)} ligt {oordeel}: dit jaar \(tot en met [^)]*\) "
        rf"(is|zijn) {koers.gestart} trajecten? van inwoners gestart, "
        rf"tegen {_getal(koers.deel_naar_rato)} naar rato van het deel van het doel; "
        rf"de regio staat op {jaar_r.gestart_in_jaar} tegen {_getal(jaar_r.pro_rata_doel)} naar rato",
        tekst,
    ), tekst[:1500]
    # How the gemeente's part was reckoned, in plain words.
    assert f"het regiodoel van {jaar_r.doel} trajecten gedeeld door de 2 gemeenten van de regio" in tekst
    # The chart: the gemeente's bar and the region's bar.
    assert f"{gemeente.naam}: {koers.gestart} gestart" in tekst
    assert f"Regio {w.a.regio.naam}: {jaar_r.gestart_in_jaar} gestart" in tekst
    # The old tile ("x% van het regiodoel") meant nothing to a wethouder.
    assert "van het regiodoel van" not in tekst
