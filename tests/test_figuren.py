"""Known-answer tests of rapportage.figuren: hand-built trajectories, placements and contacts on fixed
dates, and the figures they must give (DESIGN.md §5), including the edge cases at the borders of
years, periods and the six-month rule, the small-cell suppression, and a query count that does not
grow with the data."""

from __future__ import annotations

import dataclasses
import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hoofdzaak.models import Doelstelling
from rapportage import figuren
from rapportage.figuren import Filters, Periode, bereken, maandtrend, onderdruk
from tests.fabriek import begeleider, contact, deelnemer, plaatsing, traject
from trajecten.models import (
    ContactSoort,
    Deelnemer,
    Plaatsing,
    TrajectStatus,
)

D = datetime.date
JAAR_2025 = Periode.jaar(2025)
# Figures of a past year, looked at long after: nothing of that year is still "to come".
LATER = D(2026, 6, 30)


def figuren_2025(rw, **kwargs):
    return bereken(
        regio=rw.regio, periode=kwargs.pop("periode", JAAR_2025), peildatum=kwargs.pop("peildatum", LATER), **kwargs
    )


# --- Periode, Filters ---------------------------------------------------------------------------------------


def test_periode_constructoren():
    assert Periode.jaar(2025) == Periode(D(2025, 1, 1), D(2025, 12, 31))
    assert Periode.kwartaal(2024, 1) == Periode(D(2024, 1, 1), D(2024, 3, 31))
    assert Periode.kwartaal(2025, 4) == Periode(D(2025, 10, 1), D(2025, 12, 31))
    assert Periode.maand(2024, 2) == Periode(D(2024, 2, 1), D(2024, 2, 29))
    assert Periode.maand(2025, 2) == Periode(D(2025, 2, 1), D(2025, 2, 28))
    assert Periode.jaar_tot_en_met(D(2025, 3, 15)) == Periode(D(2025, 1, 1), D(2025, 3, 15))
    assert Periode(D(2025, 5, 5), D(2025, 5, 5)).dagen == 1
    assert Periode.jaar(2024).dagen == 366
    assert Periode.jaar(2025).bevat(D(2025, 12, 31)) and not Periode.jaar(2025).bevat(D(2026, 1, 1))


def test_periode_labels():
    assert Periode.jaar(2025).label == "2025"
    assert Periode.kwartaal(2025, 2).label == "2e kwartaal 2025"
    assert Periode.maand(2025, 3).label == "maart 2025"
    assert Periode(D(2025, 1, 1), D(2025, 3, 15)).label == "1 januari 2025 t/m 15 maart 2025"


@pytest.mark.parametrize(
    "maak",
    [
        lambda: Periode(D(2025, 2, 1), D(2025, 1, 31)),
        lambda: Periode.kwartaal(2025, 5),
        lambda: Periode.kwartaal(2025, 0),
        lambda: Periode.maand(2025, 13),
        lambda: Periode(datetime.datetime(2025, 1, 1, 12, 0), D(2025, 2, 1)),
        lambda: Periode("2025-01-01", D(2025, 2, 1)),
        lambda: Filters(methode="toveren"),
        lambda: Filters(financieringsstroom="loterij"),
    ],
)
def test_ongeldige_periode_of_filter_geeft_valueerror(maak):
    with pytest.raises(ValueError):
        maak()


def test_filters_actief():
    assert not Filters().actief
    assert Filters(gemeente_id=3).actief
    assert Filters(methode="ips").actief
    assert Filters(methode="ips", gemeente_id=4, verwijzer_id=5).werkzaamheden == Filters(methode="ips")


# --- Gestart, lopend, the year border --------------------------------------------------------------------------


def test_start_op_31_december_telt_voor_dat_jaar_en_1_januari_voor_het_volgende(wereld):
    a = wereld.a
    traject(a, start=D(2025, 12, 31))
    traject(a, start=D(2026, 1, 1))

    f2025 = figuren_2025(a)
    f2026 = bereken(regio=a.regio, periode=Periode.jaar(2026), peildatum=D(2026, 12, 31))
    assert (f2025.gestart, f2026.gestart) == (1, 1)
    assert [k.aantal for k in f2025.per_kwartaal] == [0, 0, 0, 1]
    assert [k.aantal for k in f2026.per_kwartaal] == [1, 0, 0, 0]
    assert bereken(regio=a.regio, periode=Periode.kwartaal(2025, 4), peildatum=LATER).gestart == 1
    assert bereken(regio=a.regio, periode=Periode.maand(2026, 1), peildatum=LATER).gestart == 1
    # Both run on 1 January 2026; on 31 December 2025 only the first.
    assert f2025.lopend == 1
    assert f2026.lopend == 2


def test_beeindigd_en_nieuw_traject_voor_dezelfde_deelnemer(wereld):
    a = wereld.a
    wie = deelnemer(a)
    eerste = traject(a, wie, start=D(2025, 2, 1), eind=D(2025, 5, 31))
    tweede = traject(a, wie, start=D(2025, 7, 1))
    plaatsing(tweede, D(2025, 9, 1))

    f = figuren_2025(a)
    assert f.gestart == 2  # the target counts trajectories
    assert f.lopend == 1  # only the second runs on 31 December
    assert f.ips_werkpercentage == figuren.Verhouding(teller=1, noemer=1)  # the participant counts once
    assert f.funnel.eerste_betaald_werk == 1
    # On the day it ends a trajectory still runs ("not ended before"); the day after it does not.
    assert figuren_2025(a, periode=Periode.maand(2025, 5)).lopend == 1
    assert figuren_2025(a, periode=Periode(D(2025, 6, 1), D(2025, 6, 1))).lopend == 0
    assert [e.aantal for e in f.eindredenen if e.sleutel == eerste.eindreden] == [1]


def test_lopend_telt_niet_gestarte_en_afgewezen_trajecten_niet(wereld):
    a = wereld.a
    traject(a, intake=D(2025, 3, 1))
    traject(a, verwijs=D(2025, 3, 1))
    traject(a, verwijs=D(2025, 3, 1), status=TrajectStatus.AFGEWEZEN)
    traject(a, start=D(2025, 3, 1))
    f = figuren_2025(a)
    assert (f.gestart, f.lopend) == (1, 1)
    assert f.funnel.aangemeld == 4
    assert f.funnel.intake == 2


# --- Placements ------------------------------------------------------------------------------------------------


def test_plaatsingen_over_periodegrenzen(wereld):
    a = wereld.a
    voor = traject(a, start=D(2024, 9, 1))
    plaatsing(voor, D(2024, 11, 1))  # started before 2025, still running: work in 2025, no 2025 start
    eind_van_het_jaar = traject(a, start=D(2025, 6, 1))
    plaatsing(eind_van_het_jaar, D(2025, 12, 15), D(2026, 1, 31))
    tweede_baan = traject(a, start=D(2024, 3, 1))
    plaatsing(tweede_baan, D(2024, 5, 1), D(2024, 12, 31))
    plaatsing(tweede_baan, D(2025, 2, 1))  # its first paid job was in 2024

    f = figuren_2025(a)
    assert f.plaatsingen == 2
    assert f.funnel.eerste_betaald_werk == 1  # only the trajectory whose first job started in 2025
    assert f.ips_werkpercentage == figuren.Verhouding(3, 3)

    f2026 = bereken(regio=a.regio, periode=Periode.jaar(2026), peildatum=D(2026, 12, 31))
    assert f2026.plaatsingen == 0
    assert f2026.funnel.eerste_betaald_werk == 0
    assert f2026.ips_werkpercentage == figuren.Verhouding(3, 3)  # the December job ran into January

    q1 = figuren_2025(a, periode=Periode.kwartaal(2025, 1))
    assert q1.plaatsingen == 1
    # Ended on 31 December 2024: no work in 2025 for that job, but the second job started in February.
    assert q1.ips_werkpercentage == figuren.Verhouding(2, 2)


def test_onbetaalde_plaatsingen_tellen_nergens_mee(wereld):
    a = wereld.a
    t = traject(a, start=D(2025, 1, 10))
    plaatsing(t, D(2025, 2, 1), betaald=False)  # unpaid trial placement running for over a year
    f = figuren_2025(a, peildatum=D(2026, 12, 31))
    assert f.plaatsingen == 0
    assert f.duurzame_plaatsingen == 0
    assert f.funnel.eerste_betaald_werk == 0
    assert f.funnel.duurzaam == 0
    assert f.ips_werkpercentage == figuren.Verhouding(0, 1)
    assert [r.plaatsingen for r in f.per_gemeente] == [0, 0]


def test_werk_bij_start_valt_buiten_de_noemer_van_het_werkpercentage(wereld):
    a = wereld.a
    met_werk = traject(a, start=D(2025, 2, 1), situatie="met_werk")
    plaatsing(met_werk, D(2025, 3, 1))
    zonder_werk = traject(a, start=D(2025, 2, 1))
    plaatsing(zonder_werk, D(2025, 4, 1))
    traject(a, start=D(2025, 2, 1))
    traject(a, start=D(2026, 2, 1))  # not active in 2025

    f = figuren_2025(a)
    assert f.ips_werkpercentage == figuren.Verhouding(1, 2)
    assert f.ips_werkpercentage.percentage == 50.0
    assert f.ips_gehaald is True
    assert f.plaatsingen == 2  # placements count whatever the situation at the start


def test_duurzaam_precies_na_zes_maanden(wereld, settings):
    settings.DUURZAAM_MAANDEN = 6
    a = wereld.a
    precies = traject(a, start=D(2025, 1, 2))
    plaatsing(precies, D(2025, 1, 15), D(2025, 7, 15))  # exactly six months: lasting
    een_dag_te_kort = traject(a, start=D(2025, 1, 2))
    plaatsing(een_dag_te_kort, D(2025, 1, 15), D(2025, 7, 14))
    loopt_nog = traject(a, start=D(2025, 1, 2))
    plaatsing(loopt_nog, D(2025, 1, 15))

    assert figuren_2025(a).duurzame_plaatsingen == 2
    assert figuren_2025(a).funnel.duurzaam == 2
    # The running one becomes lasting on 15 July: in the third quarter, not the second.
    assert figuren_2025(a, periode=Periode.kwartaal(2025, 2)).duurzame_plaatsingen == 0
    assert figuren_2025(a, periode=Periode.kwartaal(2025, 3)).duurzame_plaatsingen == 2
    # Looked at on 14 July nothing has lasted six months yet; on 15 July both have.
    assert figuren_2025(a, peildatum=D(2025, 7, 14)).duurzame_plaatsingen == 0
    assert figuren_2025(a, peildatum=D(2025, 7, 15)).duurzame_plaatsingen == 2
    # The quarters add up to the year: each lasting placement counts in one period only.
    kwartalen = [figuren_2025(a, periode=Periode.kwartaal(2025, k)).duurzame_plaatsingen for k in (1, 2, 3, 4)]
    assert sum(kwartalen) == figuren_2025(a).duurzame_plaatsingen


def test_duurzaam_aan_het_eind_van_de_maand(wereld, settings):
    settings.DUURZAAM_MAANDEN = 6
    a = wereld.a
    t = traject(a, start=D(2025, 8, 1))
    # 31 August + 6 months does not exist: the last day of February counts (28 February 2026).
    plaatsing(t, D(2025, 8, 31))
    plaatsing(t, D(2025, 8, 30), D(2026, 2, 28))
    februari = Periode.maand(2026, 2)
    assert bereken(regio=a.regio, periode=februari, peildatum=D(2026, 2, 27)).duurzame_plaatsingen == 0
    assert bereken(regio=a.regio, periode=februari, peildatum=D(2026, 2, 28)).duurzame_plaatsingen == 2


@pytest.mark.parametrize("maanden", [6, 3])
def test_duurzaam_komt_overeen_met_plaatsing_duurzaam_op(wereld, settings, maanden):
    """The SQL rule against the model's Python rule, for starts and ends around every month's end."""
    settings.DUURZAAM_MAANDEN = maanden
    a = wereld.a
    t = traject(a, start=D(2023, 1, 1))
    starts = [D(2024, m, d) for m in (1, 2, 3, 5, 8, 11) for d in (1, 15, 28, 29, 30, 31) if _bestaat(2024, m, d)]
    plaatsingen = []
    for i, start in enumerate(starts):
        eind = None if i % 4 == 0 else start + datetime.timedelta(days=(maanden * 30) + (i % 9) - 5)
        plaatsingen.append(plaatsing(t, start, eind))
    for periode in [Periode.maand(2024, m) for m in range(1, 13)] + [Periode.maand(2025, m) for m in range(1, 9)]:
        for peildatum in (periode.tot, periode.van + datetime.timedelta(days=10)):
            stand = min(periode.tot, peildatum)
            verwacht = sum(
                1
                for p in plaatsingen
                if p.duurzaam_op(stand) and not p.duurzaam_op(periode.van - datetime.timedelta(days=1))
            )
            gekregen = bereken(regio=a.regio, periode=periode, peildatum=peildatum).duurzame_plaatsingen
            assert gekregen == verwacht, f"{periode} op {peildatum}"


@pytest.mark.parametrize("maanden", [6, 3])
def test_duur_lang_genoeg_op_postgresql_zoals_de_draagbare_vorm(wereld, maanden):
    """The placement's own part of "lasting": PostgreSQL's date + interval (one comparison) selects exactly the
    placements the portable year/month/day form (SQLite) and `_maanden_later` select, around every month's end."""
    from trajecten.models import _maanden_later

    a = wereld.a
    t = traject(a, start=D(2023, 1, 1))
    verwacht = set()
    for start in [D(2024, m, d) for m in range(1, 13) for d in (1, 27, 28, 29, 30, 31) if _bestaat(2024, m, d)]:
        grens = _maanden_later(start, maanden)
        for eind in (None, grens - datetime.timedelta(days=1), grens, grens + datetime.timedelta(days=1)):
            p = plaatsing(t, start, eind)
            if eind is None or eind >= grens:
                verwacht.add(p.pk)
    plaatsingen = Plaatsing.objects.filter(traject=t)
    assert set(plaatsingen.filter(figuren._duur_lang_genoeg_q(maanden)).values_list("pk", flat=True)) == verwacht
    assert set(plaatsingen.filter(figuren._duur_lang_genoeg_draagbaar_q(maanden)).values_list("pk", flat=True)) == (
        verwacht
    )


def _bestaat(jaar, maand, dag) -> bool:
    try:
        D(jaar, maand, dag)
    except ValueError:
        return False
    return True


# --- Target, pro rata, forecast --------------------------------------------------------------------------------


def test_pro_rata_en_prognose_op_vaste_datum(wereld):
    a = wereld.a
    Doelstelling.objects.create(regio=a.regio, jaar=2026, aantal=73)
    for dag in range(10):
        traject(a, start=D(2026, 1, 5) + datetime.timedelta(days=dag * 9))
    traject(a, start=D(2026, 4, 11))  # after the peildatum: not yet "so far"

    # 10 April 2026 is day 100 of 365: pro rata 73 × 100/365 = 20; forecast 10/100 × 365 = 36.5, a whole
    # number of trajectories rounded half up: 37.
    f = bereken(regio=a.regio, periode=Periode.jaar(2026), peildatum=D(2026, 4, 10))
    assert f.doel == 73
    assert f.gestart_in_jaar == 10
    assert f.pro_rata_doel == 20.0
    assert f.prognose == 37.0
    assert f.op_schema is False  # 10 started, 20 due
    assert f.verschil_met_pro_rata == -10.0
    assert f.prognose_haalt_doel is False


def test_pro_rata_in_een_schrikkeljaar_en_standaarddoel(wereld):
    a = wereld.a
    traject(a, start=D(2024, 1, 1))
    traject(a, start=D(2024, 2, 29))
    # No Doelstelling for 2024: 100. 29 February is day 60 of 366.
    f = bereken(regio=a.regio, periode=Periode.jaar(2024), peildatum=D(2024, 2, 29))
    assert f.doel == figuren.DOEL_STANDAARD == 100
    assert f.pro_rata_doel == round(100 * 60 / 366, 1) == 16.4
    assert f.prognose == 12.0  # 2 / 60 × 366 = 12.2


def test_verleden_jaar_heeft_volledig_doel_en_prognose_is_de_uitkomst(wereld):
    a = wereld.a
    Doelstelling.objects.create(regio=a.regio, jaar=2025, aantal=120)
    for maand in range(1, 13):
        traject(a, start=D(2025, maand, 10))
    f = figuren_2025(a)
    assert f.stand == D(2025, 12, 31)
    assert (f.doel, f.pro_rata_doel, f.prognose, f.gestart_in_jaar) == (120, 120.0, 12.0, 12)


def test_prognose_voor_het_jaar_begon_is_er_niet(wereld):
    f = bereken(regio=wereld.a.regio, periode=Periode.jaar(2026), peildatum=D(2025, 12, 31))
    assert f.pro_rata_doel == 0.0
    assert f.prognose is None


def test_kwartaal_meet_voortgang_over_het_jaar_tot_en_met_het_kwartaal(wereld):
    a = wereld.a
    traject(a, start=D(2025, 2, 1))
    traject(a, start=D(2025, 5, 1))
    traject(a, start=D(2025, 8, 1))
    q2 = figuren_2025(a, periode=Periode.kwartaal(2025, 2))
    assert q2.gestart == 1
    assert q2.gestart_in_jaar == 2  # 1 January to 30 June
    assert q2.pro_rata_doel == round(100 * 181 / 365, 1)


# --- Breakdowns ----------------------------------------------------------------------------------------------


def test_gemeente_zonder_trajecten_staat_er_met_nullen(wereld):
    a = wereld.a
    t = traject(a, start=D(2025, 3, 1))
    plaatsing(t, D(2025, 6, 1))
    f = figuren_2025(a)
    rijen = {r.label: (r.gestart, r.lopend, r.plaatsingen) for r in f.per_gemeente}
    assert rijen == {"Gemeente Holland Rijnland": (1, 1, 1), "Gemeente Buur Holland Rijnland": (0, 0, 0)}
    # Under a gemeente filter only that gemeente, also when it has nothing.
    buur = a.organisaties["gemeente2"]
    gefilterd = figuren_2025(a, filters=Filters(gemeente_id=buur.pk))
    assert [(r.sleutel, r.gestart) for r in gefilterd.per_gemeente] == [(str(buur.pk), 0)]
    assert gefilterd.gestart == 0


def test_uitsplitsingen_en_filters(wereld):
    a = wereld.a
    traject(a, start=D(2025, 3, 1), methode="ips", aanbieder="ggz", financieringsstroom="zvw")
    traject(a, start=D(2025, 4, 1), methode="jobcoaching", aanbieder="reintegratie", verwijzer="uwv")
    t = traject(
        a,
        start=D(2025, 5, 1),
        methode="uwv",
        aanbieder="uwv",
        verwijzer=None,
        financieringsstroom="uwv",
        gemeente="gemeente2",
    )
    plaatsing(t, D(2025, 7, 1))
    traject(a, start=D(2021, 5, 1), eind=D(2021, 12, 1), aanbieder="reintegratie")  # long gone

    f = figuren_2025(a)
    assert {r.sleutel: r.gestart for r in f.per_methode} == {
        "ips": 1,
        "jobcoaching": 1,
        "uwv": 1,
        "gemeente": 0,
        "werk_als_beste_zorg": 0,
        "anders": 0,
    }
    assert [(r.label, r.gestart, r.plaatsingen) for r in f.per_aanbieder] == [
        ("GGZ Holland Rijnland", 1, 0),
        ("Re-integratie Holland Rijnland", 1, 0),
        ("UWV Holland Rijnland", 1, 1),
    ]
    assert [(r.label, r.gestart) for r in f.per_verwijzer] == [
        ("Gemeente Holland Rijnland", 1),
        ("UWV Holland Rijnland", 1),
        ("Zonder verwijzer", 1),
    ]
    assert {r.sleutel: r.gestart for r in f.per_financieringsstroom if r.gestart} == {"zvw": 1, "uwv": 1, "": 1}
    assert f.per_financieringsstroom[-1].label == "Niet vastgelegd"

    org = a.organisaties
    assert figuren_2025(a, filters=Filters(methode="jobcoaching")).gestart == 1
    assert figuren_2025(a, filters=Filters(aanbieder_id=org["uwv"].pk)).plaatsingen == 1
    assert figuren_2025(a, filters=Filters(verwijzer_id=org["uwv"].pk)).gestart == 1
    assert figuren_2025(a, filters=Filters(financieringsstroom="zvw")).gestart == 1
    assert figuren_2025(a, filters=Filters(gemeente_id=org["gemeente2"].pk)).plaatsingen == 1
    assert figuren_2025(a, filters=Filters(gemeente_id=org["gemeente"].pk, methode="uwv")).gestart == 0
    gefilterd = figuren_2025(a, filters=Filters(methode="ips"))
    assert [r.sleutel for r in gefilterd.per_methode] == ["ips"]


def test_andere_regio_telt_nooit_mee(wereld):
    b = wereld.b
    t = traject(b, start=D(2025, 3, 1))
    plaatsing(t, D(2025, 4, 1))
    contact(t, D(2025, 4, 1), ContactSoort.WERKGEVERSCONTACT)
    f = figuren_2025(wereld.a)
    assert (f.gestart, f.lopend, f.plaatsingen, f.funnel.aangemeld) == (0, 0, 0, 0)
    assert f.caseload_per_begeleider.begeleiders == 0
    assert f.werkgeverscontacten_per_begeleider_per_week.contacten == 0
    assert all(r.gestart == 0 for r in f.per_gemeente)
    assert f.per_aanbieder == f.per_verwijzer == ()
    # Even with a filter that names region B's gemeente.
    andere = figuren_2025(wereld.a, filters=Filters(gemeente_id=b.organisaties["gemeente"].pk))
    assert andere.gestart == 0 and andere.per_gemeente == ()


def test_eindredenen(wereld):
    a = wereld.a
    traject(a, start=D(2025, 1, 5), eind=D(2025, 3, 1), eindreden="betaald_werk")
    traject(a, start=D(2025, 1, 5), eind=D(2025, 4, 1), eindreden="betaald_werk")
    traject(a, start=D(2025, 1, 5), eind=D(2025, 5, 1), eindreden="gezondheid")
    traject(a, start=D(2024, 1, 5), eind=D(2024, 5, 1), eindreden="gezondheid")
    f = figuren_2025(a)
    aantallen = {e.sleutel: e.aantal for e in f.eindredenen}
    assert aantallen["betaald_werk"] == 2
    assert aantallen["gezondheid"] == 1
    assert sum(aantallen.values()) == 3


# --- Funnel ----------------------------------------------------------------------------------------------------


def test_funnel(wereld):
    a = wereld.a
    traject(a, verwijs=D(2024, 12, 20), intake=D(2025, 1, 5), start=D(2025, 1, 20))
    traject(a, verwijs=D(2025, 2, 1), intake=D(2025, 2, 10))
    traject(a, verwijs=D(2025, 11, 1))
    met_werk = traject(a, verwijs=D(2025, 3, 1), intake=D(2025, 3, 5), start=D(2025, 3, 10))
    plaatsing(met_werk, D(2025, 4, 1))
    f = figuren_2025(a)
    assert f.funnel == figuren.Funnel(aangemeld=3, intake=3, gestart=2, eerste_betaald_werk=1, duurzaam=1)
    assert [label for label, _ in f.funnel.stappen()] == [
        "Aangemeld",
        "Intake",
        "Gestart",
        "Eerste betaald werk",
        "Duurzaam werk",
    ]


# --- Operational IPS indicators ----------------------------------------------------------------------------------


def test_caseload_per_begeleider(wereld):
    a = wereld.a
    jan, piet = begeleider(a, "jan"), begeleider(a, "piet")
    for _ in range(3):
        traject(a, start=D(2025, 3, 1), begeleider=jan)
    traject(a, intake=D(2025, 11, 1), begeleider=jan)  # in intake: on the caseload too
    traject(a, start=D(2025, 3, 1), eind=D(2025, 6, 1), begeleider=jan)  # ended before 31 December
    traject(a, verwijs=D(2025, 3, 1), status=TrajectStatus.AFGEWEZEN, begeleider=jan)
    traject(a, verwijs=D(2025, 12, 1), begeleider=jan)  # still a referral in the inbox
    traject(a, start=D(2025, 3, 1), begeleider=piet)
    traject(a, start=D(2025, 3, 1), begeleider=None)  # not assigned: no begeleider to count

    caseload = figuren_2025(a).caseload_per_begeleider
    assert caseload == figuren.Caseload(gemiddeld=2.5, maximum=4, begeleiders=2, trajecten=5, boven_norm=0)
    assert caseload.gehaald is True
    # The caseload is about the begeleider's work: a gemeente filter does not shrink it.
    assert (
        figuren_2025(a, filters=Filters(gemeente_id=a.organisaties["gemeente2"].pk)).caseload_per_begeleider == caseload
    )


def test_caseload_boven_de_norm(wereld):
    a = wereld.a
    vol = begeleider(a, "vol")
    for _ in range(figuren.NORM_CASELOAD + 1):
        traject(a, start=D(2025, 3, 1), begeleider=vol)
    caseload = figuren_2025(a).caseload_per_begeleider
    assert (caseload.maximum, caseload.boven_norm, caseload.gehaald) == (21, 1, False)


def test_dagen_tot_eerste_werkgeverscontact(wereld):
    a = wereld.a
    for dagen in (10, 20, 40):
        t = traject(a, start=D(2025, 3, 1))
        contact(t, D(2025, 3, 1) + datetime.timedelta(days=dagen), ContactSoort.WERKGEVERSCONTACT)
        contact(t, D(2025, 3, 1) + datetime.timedelta(days=dagen + 5), ContactSoort.WERKGEVERSCONTACT)
    vooraf = traject(a, start=D(2025, 3, 1))
    contact(vooraf, D(2025, 2, 25), ContactSoort.WERKGEVERSCONTACT)  # during the intake: 0 days
    telefonisch = traject(a, start=D(2025, 3, 1))
    contact(telefonisch, D(2025, 3, 2), ContactSoort.WERKGEVERSCONTACT, face_to_face=False)  # not counted
    geen = traject(a, start=D(2025, 3, 1))
    contact(geen, D(2025, 3, 2), ContactSoort.COACHING)
    eerder = traject(a, start=D(2024, 3, 1))  # started in another year
    contact(eerder, D(2025, 3, 2), ContactSoort.WERKGEVERSCONTACT)

    dagen = figuren_2025(a).dagen_tot_eerste_werkgeverscontact
    # 0, 10, 20, 40: median (10 + 20) / 2 = 15, mean 70 / 4 = 17.5, three within 30 days.
    assert dagen == figuren.DagenTotWerkgeverscontact(mediaan=15.0, gemiddeld=17.5, aantal=4, binnen_norm=3)
    assert dagen.gehaald is True
    oneven = figuren_2025(a, filters=Filters(methode="ips"), periode=Periode.maand(2025, 3))
    # In March alone the 40-day trajectory's first contact (10 April) came after the period: not counted.
    assert oneven.dagen_tot_eerste_werkgeverscontact.aantal == 3
    leeg = figuren_2025(a, periode=Periode.maand(2025, 7)).dagen_tot_eerste_werkgeverscontact
    assert (leeg.mediaan, leeg.gemiddeld, leeg.aantal, leeg.gehaald) == (None, None, 0, None)


def test_mediaan_bij_oneven_aantal(wereld):
    a = wereld.a
    for dagen in (3, 50, 7):
        t = traject(a, start=D(2025, 5, 1))
        contact(t, D(2025, 5, 1) + datetime.timedelta(days=dagen), ContactSoort.WERKGEVERSCONTACT)
    dagen = figuren_2025(a).dagen_tot_eerste_werkgeverscontact
    assert (dagen.mediaan, dagen.gemiddeld, dagen.binnen_norm) == (7.0, 20.0, 2)


def test_werkgeverscontacten_per_begeleider_per_week(wereld):
    a = wereld.a
    jan, piet = begeleider(a, "jan"), begeleider(a, "piet")
    twee_weken = Periode(D(2025, 3, 3), D(2025, 3, 16))
    t_jan = traject(a, start=D(2025, 1, 6), begeleider=jan)
    t_piet = traject(a, start=D(2025, 1, 6), begeleider=piet)
    for i in range(12):
        contact(t_jan, twee_weken.van + datetime.timedelta(days=i % 14), ContactSoort.WERKGEVERSCONTACT)
        contact(t_piet, twee_weken.van + datetime.timedelta(days=i % 14), ContactSoort.WERKGEVERSCONTACT)
    contact(t_jan, D(2025, 3, 4), ContactSoort.WERKGEVERSCONTACT, face_to_face=False)  # phone: not counted
    contact(t_jan, D(2025, 3, 17), ContactSoort.WERKGEVERSCONTACT)  # after the period
    contact(t_jan, D(2025, 3, 5), ContactSoort.COACHING)

    tempo = figuren_2025(a, periode=twee_weken).werkgeverscontacten_per_begeleider_per_week
    assert (tempo.contacten, tempo.begeleiders, tempo.weken) == (24, 2, 2.0)
    assert tempo.per_begeleider_per_week == 6.0
    assert tempo.gehaald is True
    # Looked at after the first week: 12 contacts in 1 week by 2 begeleiders... fewer were made by then.
    halverwege = figuren_2025(a, periode=twee_weken, peildatum=D(2025, 3, 9))
    assert halverwege.werkgeverscontacten_per_begeleider_per_week.weken == 1.0
    assert halverwege.werkgeverscontacten_per_begeleider_per_week.contacten == 14


def test_aandeel_peer_support(wereld):
    a = wereld.a
    traject(a, deelnemer(a, peer=True), start=D(2025, 2, 1))
    met_gesprek = traject(a, start=D(2025, 2, 1))
    contact(met_gesprek, D(2025, 3, 1), ContactSoort.PEER_SUPPORT)
    traject(a, start=D(2025, 2, 1))
    traject(a, start=D(2025, 2, 1), eind=D(2025, 8, 1))
    traject(a, deelnemer(a, peer=True), start=D(2026, 2, 1))  # not active in 2025
    peer = figuren_2025(a).aandeel_peer_support
    assert peer == figuren.Verhouding(2, 4)
    assert peer.percentage == 50.0
    # Anonymised after the retention period: the assignment is gone, the fact stays and still counts.
    geanonimiseerd = deelnemer(a)
    Deelnemer.objects.filter(pk=geanonimiseerd.pk).update(had_peer_supporter=True)
    traject(a, geanonimiseerd, start=D(2025, 2, 1), eind=D(2025, 3, 1))
    assert figuren_2025(a).aandeel_peer_support == figuren.Verhouding(3, 5)


def test_ips_indicatoren_tonen_norm_in_tekst(wereld):
    a = wereld.a
    t = traject(a, start=D(2025, 2, 1))
    plaatsing(t, D(2025, 3, 1))
    traject(a, start=D(2025, 2, 1))
    traject(a, start=D(2025, 2, 1))
    indicatoren = {i.sleutel: i for i in figuren_2025(a).ips_indicatoren}
    werk = indicatoren["werkpercentage"]
    assert werk.waarde == "33,3% (1 van 3)"
    assert werk.norm == "≥\u00a040%"
    assert (werk.gehaald, werk.oordeel) == (False, "Norm niet gehaald")
    assert indicatoren["caseload"].oordeel == "Norm gehaald"
    assert indicatoren["dagen_tot_werkgeverscontact"].oordeel == "Geen gegevens"
    assert (indicatoren["peer_support"].heeft_norm, indicatoren["peer_support"].oordeel) == (False, "Geen norm")


# --- Data quality --------------------------------------------------------------------------------------------


def test_datakwaliteit(wereld):
    a = wereld.a
    peil = D(2025, 12, 31)
    zonder_start = traject(a, intake=D(2025, 3, 1), status=TrajectStatus.GESTART)
    stil = traject(a, start=D(2025, 3, 1))
    contact(stil, peil - datetime.timedelta(days=61))
    net_op_tijd = traject(a, start=D(2025, 3, 1))
    contact(net_op_tijd, peil - datetime.timedelta(days=59))
    nooit = traject(a, intake=D(2025, 6, 1))
    traject(a, intake=peil - datetime.timedelta(days=10))  # new: no contact yet is fine
    klaar = traject(a, start=D(2025, 3, 1), eind=D(2025, 6, 1))  # ended: nothing to chase
    contact(klaar, D(2025, 3, 2))
    traject(a, verwijs=D(2025, 3, 1))  # still waiting in the inbox: not in guidance yet

    dk = bereken(regio=a.regio, periode=JAAR_2025, peildatum=peil).datakwaliteit
    assert dk.zonder_startdatum == 1
    assert [v.traject_id for v in dk.zonder_startdatum_trajecten] == [zonder_start.pk]
    assert dk.zonder_startdatum_trajecten[0].deelnemernummer == zonder_start.deelnemer.nummer
    assert dk.geen_contact == 3  # `zonder_start` has had no contact either
    gevonden = {v.traject_id: v.laatste_contact for v in dk.geen_contact_trajecten}
    assert gevonden == {stil.pk: peil - datetime.timedelta(days=61), nooit.pk: None, zonder_start.pk: None}
    # Every trajectory here was made without a funding stream: the five in intake or started are flagged too.
    assert dk.financiering_onbekend == 5
    assert dk.totaal == 1 + 3 + 5

    # Reports ask without the lists: same counts, no participant numbers, one query fewer per list.
    with CaptureQueriesContext(connection) as met:
        figuren._bereken(regio=a.regio, periode=JAAR_2025, filters=Filters(), peildatum=peil)
    with CaptureQueriesContext(connection) as zonder:
        kaal = figuren._bereken(regio=a.regio, periode=JAAR_2025, filters=Filters(), peildatum=peil, lijsten=False)
    dk_kaal = kaal.datakwaliteit
    assert (dk_kaal.zonder_startdatum, dk_kaal.geen_contact) == (1, 3)
    assert dk_kaal.zonder_startdatum_trajecten == dk_kaal.geen_contact_trajecten == ()
    assert dk_kaal.financiering_onbekend_trajecten == ()
    assert len(zonder.captured_queries) == len(met.captured_queries) - 3


# --- Month trend -------------------------------------------------------------------------------------------


def test_maandtrend_in_een_query(wereld):
    a = wereld.a
    traject(a, start=D(2025, 1, 31))
    traject(a, start=D(2025, 2, 1))
    traject(a, start=D(2025, 2, 28))
    traject(a, start=D(2025, 12, 15))
    traject(a, start=D(2024, 12, 31))  # before the twelve months
    traject(a, start=D(2025, 12, 16))  # after `tot`
    with CaptureQueriesContext(connection) as queries:
        trend = maandtrend(regio=a.regio, tot=D(2025, 12, 15))
    assert len(queries.captured_queries) == 2  # the region's data version (rapportage.cijfercache) + the counts
    assert len(trend) == 12
    assert trend[0] == (D(2025, 1, 1), 1)
    assert trend[1] == (D(2025, 2, 1), 2)
    assert trend[-1] == (D(2025, 12, 1), 1)
    assert sum(n for _, n in trend) == 4
    assert maandtrend(regio=a.regio, tot=D(2025, 2, 10), maanden=3) == [
        (D(2024, 12, 1), 1),
        (D(2025, 1, 1), 1),
        (D(2025, 2, 1), 1),
    ]
    assert maandtrend(regio=a.regio, tot=D(2025, 12, 31), filters=Filters(methode="jobcoaching"))[-1] == (
        D(2025, 12, 1),
        0,
    )
    with pytest.raises(ValueError):
        maandtrend(regio=a.regio, tot=D(2025, 12, 31), maanden=0)


# --- Small-cell suppression ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cellen", "verwacht"),
    [
        # Nothing small: all shown.
        ({"a": 5, "b": 12, "c": 0}, {"a": "5", "b": "12", "c": "0"}),
        # One small cell: the smallest other non-zero cell goes too, zeros stay.
        ({"a": 3, "b": 12, "c": 7, "d": 0}, {"a": "<5", "b": "12", "c": "<5", "d": "0"}),
        # Two small cells protect each other.
        ({"a": 1, "b": 4, "c": 30}, {"a": "<5", "b": "<5", "c": "30"}),
        # Ties: the first key in sort order.
        ({"x": 2, "b": 9, "a": 9}, {"x": "<5", "b": "9", "a": "<5"}),
        # Nothing to complement with: the caller must suppress the total as well.
        ({"a": 2, "b": 0}, {"a": "<5", "b": "0"}),
        ({}, {}),
    ],
)
def test_onderdruk(cellen, verwacht):
    assert onderdruk(cellen) == verwacht
    assert list(onderdruk(cellen)) == list(cellen)  # same order


def test_onderdruk_laat_nooit_een_enkele_kleine_cel_afleiden():
    for waarden in itertools.product(range(0, 8), repeat=3):
        cellen = dict(zip("abc", waarden, strict=True))
        getoond = onderdruk(cellen)
        verborgen = [k for k, v in getoond.items() if v == figuren.ONDERDRUKT]
        assert all(getoond[k] == figuren.ONDERDRUKT for k, v in cellen.items() if 1 <= v <= 4)
        # A single hidden non-zero cell would equal total minus the shown cells.
        assert len(verborgen) != 1 or sum(v for v in cellen.values() if v) == cellen[verborgen[0]]


def test_onderdruk_weigert_negatieve_aantallen():
    with pytest.raises(ValueError):
        onderdruk({"a": -1})


# --- Query count -------------------------------------------------------------------------------------------


def _vul(rw, aantal: int) -> None:
    jan = begeleider(rw, f"bulk{aantal}")
    for i in range(aantal):
        t = traject(
            rw,
            start=D(2025, 1 + i % 12, 1 + i % 27),
            methode=("ips", "jobcoaching")[i % 2],
            begeleider=jan,
            gemeente=("gemeente", "gemeente2")[i % 2],
        )
        plaatsing(
            t,
            t.startdatum + datetime.timedelta(days=20),
            None if i % 3 else t.startdatum + datetime.timedelta(days=250),
        )
        contact(t, t.startdatum + datetime.timedelta(days=5), ContactSoort.WERKGEVERSCONTACT)
        contact(t, t.startdatum + datetime.timedelta(days=9), ContactSoort.PEER_SUPPORT)


def _aantal_queries(rw, **kwargs) -> int:
    with CaptureQueriesContext(connection) as queries:
        figuren_2025(rw, **kwargs)
    return len(queries.captured_queries)


def test_aantal_queries_hangt_niet_af_van_de_hoeveelheid_gegevens(wereld):
    a = wereld.a
    leeg = _aantal_queries(a)
    _vul(a, 2)
    weinig = _aantal_queries(a)
    _vul(a, 60)
    veel = _aantal_queries(a)
    # 17: one of them counts the begeleiders' general company visits (werkgevers.Werkgeverscontact, issue 15).
    assert leeg == weinig == veel <= 17
    gefilterd = _aantal_queries(a, filters=Filters(gemeente_id=a.organisaties["gemeente"].pk, methode="ips"))
    assert gefilterd == veel
    f = figuren_2025(a)
    assert f.gestart == 62
    assert f.plaatsingen == Plaatsing.objects.filter(regio=a.regio, startdatum__year=2025).count() > 50


# --- Several periods at once --------------------------------------------------------------------------------


def test_reeks_geeft_per_periode_dezelfde_cijfers(wereld):
    a = wereld.a
    _vul(a, 30)
    gestopt = traject(a, start=D(2025, 2, 1), eind=D(2025, 5, 20), eindreden="werk_gevonden", methode="jobcoaching")
    contact(gestopt, D(2025, 3, 1), ContactSoort.PEER_SUPPORT)
    traject(a, start=D(2024, 11, 15), eind=D(2025, 1, 10), gemeente="gemeente2", financieringsstroom="zvw")
    traject(a, intake=D(2025, 4, 1), status=TrajectStatus.GESTART)  # data quality: no start date
    Doelstelling.objects.create(regio=a.regio, jaar=2024, aantal=80)
    perioden = [
        *(Periode.kwartaal(2025, k) for k in (1, 2, 3, 4)),
        JAAR_2025,
        Periode.jaar_tot_en_met(D(2025, 9, 30)),
        Periode(D(2024, 11, 1), D(2025, 2, 28)),  # across a year boundary
        Periode.jaar(2024),
    ]
    gemeente = a.organisaties["gemeente"].pk
    for filters in (Filters(), Filters(gemeente_id=gemeente), Filters(methode="ips", aanbieder_id=None)):
        with CaptureQueriesContext(connection) as samen_queries:
            samen = figuren._bereken_perioden(
                regio=a.regio, perioden=perioden, filters=filters, peildatum=LATER, lijsten=True
            )
        los = [figuren._bereken(regio=a.regio, periode=p, filters=filters, peildatum=LATER) for p in perioden]
        assert samen == los
        # Shared queries: only the median of "days to the first employer contact" is per period.
        assert len(samen_queries.captured_queries) <= 14 + 2 * len(perioden)
    assert [f.doel for f in samen] == [100] * 6 + [100, 80]
    assert samen[0].eindredenen != samen[2].eindredenen or samen[1].funnel != samen[3].funnel


def test_alleen_wat_het_maandrapport_toont_geeft_dezelfde_cijfers(wereld):
    """volledig=False (the monthly gemeente report) computes the same figures by the same definitions, only
    fewer of them, in three queries: trajectories (with the reasons for ending) and placements (per methode too, for
    the breakdown), and the target."""
    a = wereld.a
    _vul(a, 30)
    traject(a, start=D(2025, 2, 1), eind=D(2025, 5, 20), eindreden="werk_gevonden", methode="jobcoaching")
    traject(a, intake=D(2025, 4, 1), status=TrajectStatus.GESTART)  # data quality: no start date
    perioden = [Periode.maand(2025, 5), Periode.jaar_tot_en_met(D(2025, 5, 31))]
    gemeente = a.organisaties["gemeente"].pk
    for filters in (Filters(), Filters(gemeente_id=gemeente)):
        volledig = figuren._bereken_perioden(
            regio=a.regio, perioden=perioden, filters=filters, peildatum=LATER, lijsten=False
        )
        with CaptureQueriesContext(connection) as queries:
            kern = figuren._bereken_perioden(
                regio=a.regio, perioden=perioden, filters=filters, peildatum=LATER, lijsten=False, volledig=False
            )
        assert len(queries.captured_queries) <= 3
        for v, k in zip(volledig, kern, strict=True):
            assert k.per_methode and k.eindredenen and k.funnel.gestart
            assert k == dataclasses.replace(
                v,
                unieke_deelnemers=None,
                caseload_per_begeleider=None,
                dagen_tot_eerste_werkgeverscontact=None,
                werkgeverscontacten_per_begeleider_per_week=None,
                werkpercentage_alle_methoden=None,
                per_gemeente=(),
                per_aanbieder=(),
                per_verwijzer=(),
                per_financieringsstroom=(),
                per_kwartaal=(),
            )
            assert k.datakwaliteit.zonder_startdatum == 1  # counted: a monthly report's approval needs it


def test_werkpercentage_in_de_kern_telt_een_persoon_met_twee_methoden_eenmaal(wereld):
    """werkpercentage=True (the Werkmonitor) adds the rate over all methods to the lean figures. It counts
    participants once (DISTINCT): one with trajectories of two methods is one person in the denominator and the
    numerator, so without a methode filter the counts are not taken from the per-methode groups."""
    a = wereld.a
    _vul(a, 12)
    twee = deelnemer(a)
    for methode, aanbieder in (("ips", "ggz"), ("jobcoaching", "reintegratie")):
        plaatsing(traject(a, twee, start=D(2025, 3, 1), methode=methode, aanbieder=aanbieder), D(2025, 4, 1))
    perioden = [Periode.kwartaal(2025, 2), JAAR_2025]
    for filters in (Filters(), Filters(methode="ips"), Filters(aanbieder_id=a.organisaties["ggz"].pk)):
        volledig = figuren._bereken_perioden(
            regio=a.regio, perioden=perioden, filters=filters, peildatum=LATER, lijsten=False
        )
        kern = figuren.bereken_reeks(
            regio=a.regio,
            perioden=perioden,
            filters=filters,
            peildatum=LATER,
            lijsten=False,
            volledig=False,
            werkpercentage=True,
        )
        for v, k in zip(volledig, kern, strict=True):
            assert k.werkpercentage_alle_methoden == v.werkpercentage_alle_methoden
            assert (k.funnel, k.plaatsingen, k.lopend, k.eindredenen) == (
                v.funnel,
                v.plaatsingen,
                v.lopend,
                v.eindredenen,
            )
            assert k.per_kwartaal == () and k.unieke_deelnemers is None
    alle = figuren._bereken_perioden(
        regio=a.regio, perioden=perioden[:1], filters=Filters(), peildatum=LATER, lijsten=False
    )
    per_methode = [
        figuren._bereken_perioden(
            regio=a.regio, perioden=perioden[:1], filters=Filters(methode=m), peildatum=LATER, lijsten=False
        )
        for m in ("ips", "jobcoaching")
    ]
    # The person with two methods is in both methods' denominators, once in the whole's.
    noemers = [f[0].werkpercentage_alle_methoden.noemer for f in per_methode]
    assert sum(noemers) == alle[0].werkpercentage_alle_methoden.noemer + 1


def test_gemeente_en_regio_uit_dezelfde_queries(wereld):
    """Filters that differ only in the gemeente (the monthly report: the gemeente beside its region) are counted
    from one set of queries over the region's rows, per woongemeente: the same Figuren as one computation per
    filters, in the queries of one. Other mixes of filters are computed one set at a time."""
    a = wereld.a
    _vul(a, 30)
    gestopt = traject(
        a,
        start=D(2025, 2, 1),
        eind=D(2025, 5, 20),
        eindreden="werk_gevonden",
        methode="jobcoaching",
        gemeente="gemeente2",
    )
    contact(gestopt, D(2025, 3, 1), ContactSoort.PEER_SUPPORT)
    traject(a, intake=D(2025, 4, 1), status=TrajectStatus.GESTART)  # data quality: no start date
    perioden = [Periode.maand(2025, 5), Periode.jaar_tot_en_met(D(2025, 5, 31))]
    gemeente, buur = a.organisaties["gemeente"].pk, a.organisaties["gemeente2"].pk
    # The last: a gemeente without a single participant here (no rows of its own).
    scopes = [
        Filters(gemeente_id=gemeente),
        Filters(),
        Filters(gemeente_id=buur),
        Filters(gemeente_id=wereld.b.organisaties["gemeente"].pk),
    ]
    for volledig, lijsten in ((False, False), (True, True)):
        los = [
            f
            for filters in scopes
            for f in figuren._bereken_perioden(
                regio=a.regio, perioden=perioden, filters=filters, peildatum=LATER, lijsten=lijsten, volledig=volledig
            )
        ]
        with CaptureQueriesContext(connection) as queries:
            samen = figuren._bereken_kolommen(
                regio=a.regio,
                kolommen=[(p, filters) for filters in scopes for p in perioden],
                peildatum=LATER,
                lijsten=lijsten,
                volledig=volledig,
            )
        assert samen == los
        assert 0 < samen[1].gestart < samen[3].gestart == samen[1].gestart + samen[5].gestart  # the years to date
        if not volledig:
            assert len(queries.captured_queries) <= 6  # as for one set of filters
    gemengd = [(perioden[0], Filters(methode="ips")), (perioden[1], Filters(gemeente_id=gemeente))]
    assert figuren._bereken_kolommen(regio=a.regio, kolommen=gemengd, peildatum=LATER, lijsten=False) == [
        figuren._bereken(regio=a.regio, periode=p, filters=f, peildatum=LATER, lijsten=False) for p, f in gemengd
    ]
    # Through the cache: what bereken_reeks gives, each (filters, period) cached on its own.
    maand_g, jaar_g = figuren.bereken_reeks(regio=a.regio, perioden=perioden, filters=scopes[0], peildatum=LATER)
    with CaptureQueriesContext(connection) as queries:
        (g, r) = figuren.bereken_reeksen(regio=a.regio, perioden=perioden, filters=scopes[:2], peildatum=LATER)
    assert g == (maand_g, jaar_g)
    assert r == tuple(
        figuren._bereken_perioden(regio=a.regio, perioden=perioden, filters=Filters(), peildatum=LATER, lijsten=True)
    )
    assert 1 < len(queries.captured_queries) < 20  # the region's computed, the gemeente's from the cache


def test_reeks_bewaart_elke_periode_apart(wereld):
    a = wereld.a
    _vul(a, 4)
    k1, k2 = Periode.kwartaal(2025, 1), Periode.kwartaal(2025, 2)
    f1, f2 = figuren.bereken_reeks(regio=a.regio, perioden=(k1, k2), peildatum=LATER)
    with CaptureQueriesContext(connection) as queries:
        assert bereken(regio=a.regio, periode=k2, peildatum=LATER) == f2
        assert bereken(regio=a.regio, periode=k1, peildatum=LATER) == f1
    assert len(queries.captured_queries) == 2  # the data version, twice
    with CaptureQueriesContext(connection) as queries:  # one cached, one to compute
        f1_opnieuw, f3 = figuren.bereken_reeks(regio=a.regio, perioden=(k1, Periode.kwartaal(2025, 3)), peildatum=LATER)
    assert f1_opnieuw == f1
    assert f3 == figuren._bereken(regio=a.regio, periode=Periode.kwartaal(2025, 3), filters=Filters(), peildatum=LATER)
    assert 5 < len(queries.captured_queries) < 20


# --- Reproducible, exactly labelled figures (issue 15, point 6) ---------------------------------------------


def test_lopend_op_een_dag_binnen_de_periode_telt_op_die_dag(wereld):
    a = wereld.a
    traject(a, start=D(2026, 10, 1))  # running throughout
    traject(a, start=D(2026, 10, 1), eind=D(2026, 12, 10))  # ends between 2 and 31 December: runs on 2 Dec
    traject(a, start=D(2026, 11, 1), eind=D(2026, 12, 1))  # ended the day before
    f = bereken(regio=a.regio, periode=Periode.kwartaal(2026, 4), peildatum=D(2026, 12, 2))
    assert f.stand == D(2026, 12, 2)
    assert f.lopend == 2  # on 2 December; on 31 December it would be 1
    assert sum(r.lopend for r in f.per_methode) == 2
    gesloten = bereken(regio=a.regio, periode=Periode.kwartaal(2026, 4), peildatum=D(2027, 1, 5))
    assert gesloten.lopend == 1


def test_gesloten_periode_geeft_na_latere_contacten_dezelfde_cijfers(wereld):
    a = wereld.a
    k3 = Periode.kwartaal(2026, 3)
    snel = traject(a, start=D(2026, 7, 1))
    contact(snel, D(2026, 7, 11), ContactSoort.WERKGEVERSCONTACT)
    traag = traject(a, start=D(2026, 9, 1))
    voor = bereken(regio=a.regio, periode=k3, peildatum=D(2026, 10, 5))
    # Logged later: a first employer contact of the K3 start in November, more contacts and a placement.
    contact(traag, D(2026, 11, 20), ContactSoort.WERKGEVERSCONTACT)
    contact(snel, D(2026, 10, 2), ContactSoort.WERKGEVERSCONTACT)
    plaatsing(snel, D(2026, 11, 1))
    na = bereken(regio=a.regio, periode=k3, peildatum=D(2026, 12, 2))
    assert na.dagen_tot_eerste_werkgeverscontact == voor.dagen_tot_eerste_werkgeverscontact
    assert (na.dagen_tot_eerste_werkgeverscontact.aantal, na.dagen_tot_eerste_werkgeverscontact.mediaan) == (1, 10.0)
    velden = [veld for veld in figuren.Figuren.__dataclass_fields__ if veld not in ("peildatum", "datakwaliteit")]
    assert {v: getattr(na, v) for v in velden} == {v: getattr(voor, v) for v in velden}


@pytest.mark.parametrize(
    ("waarde", "decimalen", "tekst"),
    [
        (17.49, 0, "17"),
        (17.5, 0, "18"),
        (5.25, 1, "5,3"),  # Python's round() gives 5.2 (half to even)
        (12.25, 1, "12,3"),
        (0.5, 0, "1"),
        (-4.85, 1, "-4,9"),
        (1234.5, 1, "1.234,5"),
        (None, 1, "—"),
        ("<5", 0, "<5"),
    ],
)
def test_een_afrondingsregel_half_naar_boven(waarde, decimalen, tekst):
    assert figuren.getal_tekst(waarde, decimalen) == tekst


def test_percentage_is_overal_hetzelfde(wereld):
    assert figuren.Verhouding(2, 16).percentage == 12.5
    assert figuren.Verhouding(2, 16).tekst == "12,5%"
    assert figuren.Verhouding(1, 8).tekst == "12,5%"
    assert figuren.Verhouding(1, 6).tekst == "16,7%"
    assert figuren.export_getal(figuren.Verhouding(1, 8).percentage, 1) == "12.5"
    from rapportage import svg
    from rapportage.templatetags.rapportage_pdf import getal

    # The chart, the PDF filter and the page read the forecast the same: stored rounded once.
    assert svg._getal(17.0) == getal(17.0, 0) == figuren.getal_tekst(17.0, 0) == "17"
    assert getal(5.25, 1) == "5,3"


def test_ips_indicatoren_alleen_over_ips_naast_alle_methoden(wereld):
    """Issue 15, point 1: one data set, the IPS indicators over IPS trajectories only, the employment rate
    also over every method (labelled so)."""
    a = wereld.a
    jan = begeleider(a, "jan")
    ips_met_werk = traject(a, start=D(2025, 2, 1), begeleider=jan)
    plaatsing(ips_met_werk, D(2025, 4, 1))
    contact(ips_met_werk, D(2025, 2, 11), ContactSoort.WERKGEVERSCONTACT, door=jan)  # 10 days
    traject(a, start=D(2025, 2, 1), begeleider=jan)  # IPS, no work
    for _ in range(3):  # jobcoaching, same begeleider: not in the IPS caseload or rate
        jc = traject(a, start=D(2025, 2, 1), methode="jobcoaching", begeleider=jan)
        contact(jc, D(2025, 2, 3), ContactSoort.WERKGEVERSCONTACT, door=jan)  # 2 days: not IPS
    plaatsing(jc, D(2025, 3, 1))
    f = figuren_2025(a, periode=Periode.kwartaal(2025, 1), peildatum=D(2025, 6, 30))
    assert (f.ips_werkpercentage.teller, f.ips_werkpercentage.noemer) == (0, 2)  # IPS work began in April
    assert (f.werkpercentage_alle_methoden.teller, f.werkpercentage_alle_methoden.noemer) == (1, 5)
    assert f.caseload_per_begeleider.trajecten == 2
    assert f.caseload_per_begeleider.gemiddeld == 2.0
    assert (f.dagen_tot_eerste_werkgeverscontact.aantal, f.dagen_tot_eerste_werkgeverscontact.mediaan) == (1, 10.0)
    assert f.werkgeverscontacten_per_begeleider_per_week.contacten == 1
    namen = {i.sleutel: i.naam for i in f.ips_indicatoren}
    assert "alleen IPS" in namen["caseload"] and "face-to-face" in namen["werkgeverscontacten"].lower()
    assert "alle methoden" in namen["peer_support"]
