"""Known-answer tests of the IPS fidelity figures (rapportage.figuren.modeltrouw) and the Modeltrouw page:
one hand-built region in which IPS-only differs from all methods, per begeleider, team and region; the
IPS-25 anchors at their boundaries; a closed period rebuilt after later contacts (same numbers); a query
count that does not grow with the number of begeleiders; and who sees which rows."""

from __future__ import annotations

import datetime
import re
from fractions import Fraction

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hoofdzaak import actions as hoofdzaak_actions
from hoofdzaak.models import Gebruiker, Rol
from rapportage import figuren
from rapportage.figuren import Periode, Verhouding, ips25_score, modeltrouw
from tests.fabriek import (
    WACHTWOORD,
    begeleider,
    contact,
    maak_werkgever,
    plaatsing,
    traject,
    werkgeverscontact,
)
from trajecten.models import Contactmoment, ContactSoort, Plaatsing

D = datetime.date
K3 = Periode.kwartaal(2026, 3)  # 1 July – 30 September 2026: 92 days
KORT_NA_K3 = D(2026, 10, 5)
LATER = D(2026, 12, 3)
WEKEN = Fraction(92, 7)


def _contacten(t, data, soort=ContactSoort.WERKGEVERSCONTACT):
    Contactmoment.objects.bulk_create(
        Contactmoment(regio=t.regio, traject=t, datum=d, soort=soort, face_to_face=True, minuten=30, door=None)
        for d in data
    )


def bouw_regio(rw):
    """Anna and Bram at the GGZ provider, Cees at the re-integration company; Bram also runs a jobcoaching
    trajectory full of employer contacts and a job, which IPS fidelity must not see."""
    anna, bram, cees = begeleider(rw, "Anna"), begeleider(rw, "Bram"), begeleider(rw, "Cees")
    w1 = maak_werkgever(rw, "Zorggroep Oost")
    w2 = maak_werkgever(rw, "Garage West")

    t1 = traject(rw, start=D(2026, 7, 1), intake=D(2026, 6, 24), begeleider=anna)
    contact(t1, D(2026, 7, 11), ContactSoort.WERKGEVERSCONTACT)  # 10 days after the start
    contact(t1, D(2026, 7, 15), ContactSoort.UITKERINGSADVIES)
    baan1 = plaatsing(t1, D(2026, 8, 1))
    Plaatsing.objects.filter(pk=baan1.pk).update(werkgever=w1, werkgever_naam="")
    contact(t1, D(2026, 8, 10), ContactSoort.COACHING)  # follow-along in the job's first month

    t2 = traject(rw, start=D(2026, 8, 1), begeleider=anna)
    contact(t2, D(2026, 8, 5), ContactSoort.WERKGEVERSCONTACT, face_to_face=False)  # by phone: not counted

    t3 = traject(rw, start=D(2026, 1, 10), begeleider=anna)
    contact(t3, D(2026, 8, 1), ContactSoort.OVERLEG_BEHANDELAAR)
    _contacten(t3, [D(2026, 7, 1) + datetime.timedelta(days=7 * i) for i in range(10)])
    baan3 = plaatsing(t3, D(2026, 9, 15))  # first month not over on 30 September
    Plaatsing.objects.filter(pk=baan3.pk).update(werkgever=w1, werkgever_naam="")

    werkgeverscontact(rw, w2, D(2026, 8, 3), anna)
    werkgeverscontact(rw, w2, D(2026, 8, 17), anna)
    werkgeverscontact(rw, w2, D(2026, 8, 18), anna, soort="telefonisch")  # not face-to-face
    adviseur = rw.gebruikers[Rol.WERKGEVERSADVISEUR]
    for dag in (4, 5, 6):
        werkgeverscontact(rw, w2, D(2026, 8, dag), adviseur)  # not a begeleider

    t4 = traject(rw, start=D(2026, 9, 1), begeleider=bram)
    contact(t4, D(2026, 9, 1), ContactSoort.WERKGEVERSCONTACT)  # the same day: 0

    t5 = traject(rw, start=D(2026, 7, 1), begeleider=bram, methode="jobcoaching")
    _contacten(t5, [D(2026, 7, 2)] * 20)
    contact(t5, D(2026, 7, 3), ContactSoort.UITKERINGSADVIES)
    baan5 = plaatsing(t5, D(2026, 8, 1))
    Plaatsing.objects.filter(pk=baan5.pk).update(werkgever=w2, werkgever_naam="")

    t6 = traject(rw, start=D(2026, 7, 15), intake=D(2026, 7, 8), begeleider=cees, aanbieder="reintegratie")
    # 78 face-to-face employer contacts in July (the first the day before the start: 0 days) + 1 company visit
    # = 79 in 92 days: 6.01 a week.
    _contacten(t6, [D(2026, 7, 14)] + [D(2026, 7, 15 + i % 17) for i in range(77)])
    werkgeverscontact(rw, w1, D(2026, 9, 1), cees)
    plaatsing(t6, D(2026, 8, 1))  # Bakkerij De Korenschoof, outside the register; no contact in August

    traject(rw, start=D(2026, 7, 1), begeleider=None)  # IPS without a begeleider: in no row
    return anna, bram, cees


def test_bekende_uitkomsten_per_begeleider_team_en_regio(wereld):
    anna, bram, cees = bouw_regio(wereld.a)
    bouw_regio(wereld.b)  # another region's data changes nothing

    uitkomst = modeltrouw(regio=wereld.a.regio, periode=K3, peildatum=KORT_NA_K3)

    assert uitkomst.stand == D(2026, 9, 30)
    ggz_naam, reintegratie_naam = (wereld.a.organisaties[k].naam for k in ("ggz", "reintegratie"))
    assert [team.totaal.label for team in uitkomst.teams] == [ggz_naam, reintegratie_naam]
    ggz, reintegratie = uitkomst.teams
    assert [rij.label for rij in ggz.begeleiders] == ["Anna", "Bram"]
    a, b = ggz.begeleiders
    (c,) = reintegratie.begeleiders

    assert (a.caseload, a.trajecten, a.dagen_tot_werkgeverscontact, a.dagen_aantal) == (3, 3, 10, 1)
    assert (a.werkgeverscontacten, a.werkgeverscontacten_algemeen) == (13, 2)
    assert a.werkgeverscontacten_per_week == 1.0  # 13 / (92 / 7) = 0.99
    assert (a.nazorg, a.uitkeringsadvies, a.behandelteam) == (Verhouding(1, 1), Verhouding(1, 3), Verhouding(1, 3))
    assert (a.banen, a.werkgevers) == (2, 1)
    assert a.scores == {
        "caseload": 5,
        "dagen_tot_werkgeverscontact": 5,
        "werkgeverscontacten": 1,
        "verschillende_werkgevers": 2,
    }

    # IPS only: Bram's jobcoaching trajectory (20 employer contacts, benefits advice, a job) is not counted.
    assert (b.caseload, b.trajecten, b.dagen_tot_werkgeverscontact, b.werkgeverscontacten) == (1, 1, 0, 1)
    assert (b.uitkeringsadvies, b.banen, b.werkgeverscontacten_per_week) == (Verhouding(0, 1), 0, 0.1)

    assert (c.caseload, c.dagen_tot_werkgeverscontact, c.werkgeverscontacten, c.werkgeverscontacten_per_week) == (
        1,
        0,
        79,
        6.0,
    )
    assert c.scores["werkgeverscontacten"] == 5
    assert (c.nazorg, c.banen, c.werkgevers) == (Verhouding(0, 1), 1, 1)

    team = ggz.totaal
    assert (team.begeleiders, team.caseload, team.caseload_maximum, team.dagen_tot_werkgeverscontact) == (2, 2, 3, 5)
    assert team.werkgeverscontacten_per_week == 0.5  # 14 / 2 / (92 / 7) = 0.53
    assert (team.uitkeringsadvies, team.behandelteam) == (Verhouding(1, 4), Verhouding(1, 4))

    regio = uitkomst.regio
    assert (regio.begeleiders, regio.caseload, regio.dagen_tot_werkgeverscontact) == (3, 1.7, 3.3)
    assert regio.werkgeverscontacten == 93
    assert regio.werkgeverscontacten_per_week == 2.4  # 93 / 3 / (92 / 7) = 2.36
    assert regio.weken == WEKEN
    assert (regio.nazorg, regio.uitkeringsadvies, regio.behandelteam) == (
        Verhouding(1, 2),
        Verhouding(1, 5),
        Verhouding(1, 5),
    )
    assert (regio.banen, regio.werkgevers, regio.verschillende_werkgevers.percentage) == (3, 2, 66.7)
    assert regio.scores == {
        "caseload": 5,
        "dagen_tot_werkgeverscontact": 5,
        "werkgeverscontacten": 2,
        "verschillende_werkgevers": 3,
    }
    # Every figure is shown through getal_tekst with its precision; the score beside it.
    assert dict(regio.cellen)["werkgeverscontacten"] == "2,4 (score 2)"
    assert dict(regio.cellen)["uitkeringsadvies"] == "20,0% (1 van 5)"

    # The dashboard's IPS indicator is the same figure (one source): 93 contacts, 3 begeleiders.
    dashboard = figuren.bereken(regio=wereld.a.regio, periode=K3, peildatum=KORT_NA_K3)
    contacten = dashboard.werkgeverscontacten_per_begeleider_per_week
    assert (contacten.contacten, contacten.algemeen, contacten.begeleiders) == (93, 3, 3)
    assert contacten.per_begeleider_per_week == regio.werkgeverscontacten_per_week

    # One provider only (its bestuurder and begeleiders): the same team row, no other team.
    eigen = modeltrouw(
        regio=wereld.a.regio, periode=K3, aanbieder_id=wereld.a.organisaties["ggz"].pk, peildatum=KORT_NA_K3
    )
    assert [t.totaal.label for t in eigen.teams] == [ggz_naam]
    assert eigen.teams[0].totaal == ggz.totaal
    assert eigen.begeleider(anna.pk)[1] == a and eigen.begeleider(cees.pk) is None


def test_een_gesloten_periode_blijft_gelijk_na_latere_contacten(wereld):
    anna, bram, cees = bouw_regio(wereld.a)
    voor = modeltrouw(regio=wereld.a.regio, periode=K3, peildatum=KORT_NA_K3)

    t1, t2 = (t for t in anna.trajecten.order_by("startdatum") if t.startdatum >= D(2026, 7, 1))
    contact(t2, D(2026, 10, 2), ContactSoort.WERKGEVERSCONTACT)  # t2's first employer contact, after K3
    contact(t2, D(2026, 10, 3), ContactSoort.UITKERINGSADVIES)
    contact(t1, D(2026, 10, 3), ContactSoort.OVERLEG_BEHANDELAAR)
    werkgeverscontact(wereld.a, maak_werkgever(wereld.a, "Later BV"), D(2026, 10, 4), bram)

    na = modeltrouw(regio=wereld.a.regio, periode=K3, peildatum=LATER)
    assert na == voor
    # The current quarter does see them.
    k4 = modeltrouw(regio=wereld.a.regio, periode=Periode.kwartaal(2026, 4), peildatum=LATER)
    assert k4.begeleider(anna.pk)[1].dagen_aantal == 0  # t2 started in K3, not K4
    assert k4.begeleider(bram.pk)[1].werkgeverscontacten_algemeen == 1


@pytest.mark.parametrize(
    ("waarde", "grenzen", "hoger", "score"),
    [
        (20, figuren.IPS25_CASELOAD, False, 5),
        (20.1, figuren.IPS25_CASELOAD, False, 4),
        (25, figuren.IPS25_CASELOAD, False, 4),
        (25.1, figuren.IPS25_CASELOAD, False, 3),
        (30, figuren.IPS25_CASELOAD, False, 3),
        (30.1, figuren.IPS25_CASELOAD, False, 2),
        (40, figuren.IPS25_CASELOAD, False, 2),
        (40.1, figuren.IPS25_CASELOAD, False, 1),
        (30, figuren.IPS25_DAGEN_TOT_WERKGEVERSCONTACT, False, 5),
        (30.1, figuren.IPS25_DAGEN_TOT_WERKGEVERSCONTACT, False, 4),
        (60, figuren.IPS25_DAGEN_TOT_WERKGEVERSCONTACT, False, 4),
        (60.1, figuren.IPS25_DAGEN_TOT_WERKGEVERSCONTACT, False, 3),
        (150, figuren.IPS25_DAGEN_TOT_WERKGEVERSCONTACT, False, 3),
        (270, figuren.IPS25_DAGEN_TOT_WERKGEVERSCONTACT, False, 2),
        (270.1, figuren.IPS25_DAGEN_TOT_WERKGEVERSCONTACT, False, 1),
        (6, figuren.IPS25_WERKGEVERSCONTACTEN_PER_WEEK, True, 5),
        (5.9, figuren.IPS25_WERKGEVERSCONTACTEN_PER_WEEK, True, 4),
        (5, figuren.IPS25_WERKGEVERSCONTACTEN_PER_WEEK, True, 4),
        (4.9, figuren.IPS25_WERKGEVERSCONTACTEN_PER_WEEK, True, 3),
        (3, figuren.IPS25_WERKGEVERSCONTACTEN_PER_WEEK, True, 3),
        (2.9, figuren.IPS25_WERKGEVERSCONTACTEN_PER_WEEK, True, 2),
        (2, figuren.IPS25_WERKGEVERSCONTACTEN_PER_WEEK, True, 2),
        (1.9, figuren.IPS25_WERKGEVERSCONTACTEN_PER_WEEK, True, 1),
        (85, figuren.IPS25_VERSCHILLENDE_WERKGEVERS, True, 5),
        (84.9, figuren.IPS25_VERSCHILLENDE_WERKGEVERS, True, 4),
        (70, figuren.IPS25_VERSCHILLENDE_WERKGEVERS, True, 4),
        (69.9, figuren.IPS25_VERSCHILLENDE_WERKGEVERS, True, 3),
        (60, figuren.IPS25_VERSCHILLENDE_WERKGEVERS, True, 3),
        (59.9, figuren.IPS25_VERSCHILLENDE_WERKGEVERS, True, 2),
        (50, figuren.IPS25_VERSCHILLENDE_WERKGEVERS, True, 2),
        (49.9, figuren.IPS25_VERSCHILLENDE_WERKGEVERS, True, 1),
        (None, figuren.IPS25_CASELOAD, False, None),
    ],
)
def test_ips25_ankers_op_hun_grenzen(waarde, grenzen, hoger, score):
    assert ips25_score(waarde, grenzen, hoger_is_beter=hoger) == score


def test_caseload_op_de_grens_van_de_norm(wereld):
    rw = wereld.a
    for n in range(21):
        traject(rw, start=D(2026, 1, 1) + datetime.timedelta(days=n))
    rij = modeltrouw(regio=rw.regio, periode=K3, peildatum=KORT_NA_K3).regio
    assert (rij.caseload, rij.scores["caseload"]) == (21, 4)


def _begeleiders_met_werk(rw, aantal: int, eerste: int = 0) -> None:
    werkgever = maak_werkgever(rw, f"Werkgever {eerste}")
    for i in range(eerste, eerste + aantal):
        wie = begeleider(rw, f"Begeleider {i}")
        t = traject(rw, start=D(2026, 7, 1), begeleider=wie)
        contact(t, D(2026, 7, 5), ContactSoort.WERKGEVERSCONTACT)
        contact(t, D(2026, 7, 6), ContactSoort.UITKERINGSADVIES)
        contact(t, D(2026, 7, 7), ContactSoort.OVERLEG_BEHANDELAAR)
        plaatsing(t, D(2026, 7, 2))  # the employer contact of 5 July is in its first month
        werkgeverscontact(rw, werkgever, D(2026, 7, 8), wie)


def test_aantal_queries_groeit_niet_met_het_aantal_begeleiders(wereld):
    rw = wereld.a
    _begeleiders_met_werk(rw, 2)
    with CaptureQueriesContext(connection) as weinig:
        klein = modeltrouw(regio=rw.regio, periode=K3, peildatum=KORT_NA_K3)
    _begeleiders_met_werk(rw, 10, eerste=2)
    with CaptureQueriesContext(connection) as veel:
        groot = modeltrouw(regio=rw.regio, periode=K3, peildatum=KORT_NA_K3)
    assert (klein.regio.begeleiders, groot.regio.begeleiders) == (2, 12)
    assert len(veel) == len(weinig) <= 5
    assert groot.regio.nazorg == Verhouding(12, 12)
    # The names come per group by key, not from joining every user and organisation before grouping.
    gegroepeerd = [q["sql"] for q in veel if "GROUP BY" in q["sql"] and 'FROM "trajecten_traject"' in q["sql"]]
    assert gegroepeerd and not [
        sql for sql in gegroepeerd if 'JOIN "hoofdzaak_gebruiker"' in sql or 'JOIN "hoofdzaak_organisatie"' in sql
    ]


def test_lege_regio(wereld):
    uitkomst = modeltrouw(regio=wereld.a.regio, periode=K3, peildatum=KORT_NA_K3)
    assert uitkomst.leeg and uitkomst.teams == ()
    assert uitkomst.regio.caseload is None and set(uitkomst.regio.scores.values()) == {None}


# --- The page ------------------------------------------------------------------------------------------------


def _url(rw, **params) -> str:
    url = reverse("modeltrouw", kwargs={"regio": rw.regio.slug})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def _ggz_bestuurder(rw) -> Gebruiker:
    gebruiker = Gebruiker.objects.create_user(
        email=f"ggz-bestuurder@{rw.regio.slug}.test", naam="Bestuurder GGZ", password=WACHTWOORD
    )
    hoofdzaak_actions.voeg_lidmaatschap_toe(gebruiker=gebruiker, organisatie=rw.organisaties["ggz"], rol=Rol.BESTUURDER)
    return gebruiker


def _pagina(client, gebruiker, rw, **params) -> str:
    client.force_login(gebruiker)
    response = client.get(_url(rw, **params))
    assert response.status_code == 200
    return response.content.decode()


K3_PARAMS = {"periode": "k3", "jaar": 2026}


@pytest.mark.usefixtures("db")
def test_wie_welke_rijen_ziet(wereld, client, settings):
    rw = wereld.a
    anna, bram, cees = bouw_regio(rw)
    # The test world's trajectbegeleider works at the GGZ provider: give it Anna's trajectories.
    ik = rw.gebruikers[Rol.TRAJECTBEGELEIDER]
    anna.trajecten.update(trajectbegeleider=ik)

    projectleider = _pagina(client, rw.gebruikers[Rol.PROJECTLEIDER], rw, **K3_PARAMS)
    ggz_naam, reintegratie_naam = (rw.organisaties[k].naam for k in ("ggz", "reintegratie"))
    for naam in ("Bram", "Cees", ik.naam, ggz_naam, reintegratie_naam, "alleen IPS", "face-to-face"):
        assert naam in projectleider

    bestuurder = _pagina(client, _ggz_bestuurder(rw), rw, **K3_PARAMS)
    assert "Bram" in bestuurder and ik.naam in bestuurder
    assert "Cees" not in bestuurder and reintegratie_naam not in bestuurder

    zelf = _pagina(client, ik, rw, **K3_PARAMS)
    assert ik.naam in zelf and ggz_naam in zelf
    assert "Bram" not in zelf and "Cees" not in zelf

    # A gemeente's bestuurder (the test world's) and the other roles: 403.
    for rol in (Rol.BESTUURDER, Rol.KLANTMANAGER, Rol.PEER_SUPPORTER, Rol.WERKGEVERSADVISEUR):
        client.force_login(rw.gebruikers[rol])
        assert client.get(_url(rw)).status_code == 403, rol


def test_lege_staat_en_foute_invoer(wereld, client):
    rw = wereld.a
    pagina = _pagina(client, rw.gebruikers[Rol.PROJECTLEIDER], rw, **K3_PARAMS)
    assert "Geen IPS-trajecten met een trajectbegeleider in deze periode" in pagina
    for params in ({"periode": "k9"}, {"jaar": "abc"}, {"periode": "anders", "van": "2026-09-01", "tot": "2026-08-01"}):
        client.force_login(rw.gebruikers[Rol.PROJECTLEIDER])
        assert client.get(_url(rw, **params)).status_code == 200


# --- The quarterly report ----------------------------------------------------------------------------------------


def test_kwartaalrapport_toont_modeltrouw_per_team_zonder_namen(wereld):
    from rapportage.archief.inhoud import context_voor  # noqa: PLC0415 - only this test builds a PDF
    from rapportage.archief.models import Rapport, RapportSoort  # noqa: PLC0415
    from rapportage.archief.pdf import render_pdf  # noqa: PLC0415
    from tests.fabriek import pdf_tekst  # noqa: PLC0415

    rw = wereld.a
    bouw_regio(rw)
    rapport = Rapport.objects.create(
        regio=rw.regio, soort=RapportSoort.KWARTAAL, periode_van=K3.van, periode_tot=K3.tot
    )
    template, context = context_voor(rapport, gemaakt_op=datetime.datetime(2026, 10, 5, 12, tzinfo=datetime.UTC))
    tekst = " ".join(pdf_tekst(render_pdf(template, context, titel="Kwartaalrapportage")).split())

    assert "Modeltrouw IPS per team" in tekst
    assert rw.organisaties["ggz"].naam in tekst and rw.organisaties["reintegratie"].naam in tekst
    for naam in ("Anna", "Bram", "Cees"):
        assert naam not in tekst
    # The region's row: caseload 1.7 (score 5), 2.4 employer contacts a week (score 2); a share over fewer than
    # 5 trajectories or jobs is "<5", over 5 it is shown without the counts.
    regio = re.search(r"Regio \(3\) (.*?) Tussen haakjes", tekst).group(1)
    assert re.fullmatch(r"1,7 \(score 3,3 \(score 2,4 \(score <5 20,0% 20,0% <5 5\) 5\) 2\)", regio), (
        regio
    )  # three lines of the same row, as pdftotext lays them out
    assert "1 van 5" not in re.sub(r"(?i)pagina \d+ van \d+", "", tekst)  # no counts (the page footer aside)
