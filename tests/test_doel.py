"""The region's yearly target and its split over gemeenten and partners (issue 15 point 2): set by the
projectleider in the portal, through an action that keeps every earlier version and writes an audit row."""

from __future__ import annotations

import re
from html import escape as html_escape
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hoofdzaak import actions
from hoofdzaak.models import AuditRegel, Doeldeel, Doelstelling, Doelversie, Rol
from rapportage import svg
from tests.fabriek import ctx_van

JAAR = timezone.localdate().year


def adres(w, jaar=JAAR):
    return reverse("doel", kwargs={"regio": w.a.regio.slug, "jaar": jaar})


def formulier(w, aantal="100", **delen) -> dict:
    """POST data: `delen` by organisation key of the test region ("gemeente", "ggz", …)."""
    data = {"versie": str(Doelversie.objects.filter(regio=w.a.regio, jaar=JAAR).count()), "aantal": aantal}
    for sleutel, waarde in delen.items():
        data[f"deel_{w.a.organisaties[sleutel].pk}"] = waarde
    return data


def test_projectleider_legt_doel_en_verdeling_vast_met_geschiedenis(wereld, client):
    w = wereld
    client.force_login(w.a.gebruikers[Rol.PROJECTLEIDER])
    pagina = client.get(adres(w)).content.decode()
    assert f"Voor {JAAR} is nog geen doel vastgelegd" in pagina
    antwoord = client.post(adres(w), formulier(w, "100", gemeente="60", gemeente2="40", ggz="70", uwv="30"))
    assert antwoord.status_code == 302
    antwoord = client.post(adres(w), formulier(w, "120", gemeente="70", gemeente2="50"))
    assert antwoord.status_code == 302

    assert Doelstelling.objects.get(regio=w.a.regio, jaar=JAAR).aantal == 120
    eerste, tweede = Doelversie.objects.filter(regio=w.a.regio, jaar=JAAR).order_by("versie")
    assert (eerste.versie, eerste.aantal, tweede.versie, tweede.aantal) == (1, 100, 2, 120)
    assert {d.organisatie.naam: d.aantal for d in eerste.delen.all()} == {
        w.a.organisaties["gemeente"].naam: 60,
        w.a.organisaties["gemeente2"].naam: 40,
        w.a.organisaties["ggz"].naam: 70,
        w.a.organisaties["uwv"].naam: 30,
    }
    assert tweede.gezet_door == w.a.gebruikers[Rol.PROJECTLEIDER]
    regels = AuditRegel.objects.filter(regio=w.a.regio, object_type="doelstelling").order_by("pk")
    assert [r.object_id for r in regels] == [str(eerste.pk), str(tweede.pk)]
    assert regels[1].rol == Rol.PROJECTLEIDER and "120" in regels[1].omschrijving

    pagina = client.get(adres(w)).content.decode()
    assert f"Het doel voor {JAAR} is <strong>120</strong>" in pagina
    # Earlier values stay readable, with who set them.
    assert f"{w.a.organisaties['ggz'].naam}: 70" in pagina
    assert pagina.count(w.a.gebruikers[Rol.PROJECTLEIDER].naam) >= 2


@pytest.mark.parametrize(
    ("data", "melding"),
    [
        ({"aantal": "100", "gemeente": "60", "gemeente2": "30"}, "De verdeling over de gemeenten telt op tot 90"),
        ({"aantal": "100", "ggz": "120"}, "De verdeling over de partners telt op tot 120"),
        ({"aantal": "-5"}, "Het doel kan niet negatief zijn"),
        ({"aantal": "100", "gemeente": "-10", "gemeente2": "110"}, "Een deel van het doel kan niet negatief zijn"),
    ],
)
def test_foute_invoer_slaat_niets_op_en_houdt_wat_je_typte(wereld, client, data, melding):
    w = wereld
    client.force_login(w.a.gebruikers[Rol.PROJECTLEIDER])
    aantal = data.pop("aantal")
    antwoord = client.post(adres(w), formulier(w, aantal, **data))
    pagina = antwoord.content.decode()
    assert antwoord.status_code == 200
    assert melding in pagina
    assert f'value="{aantal}"' in pagina
    for waarde in data.values():
        assert f'value="{waarde}"' in pagina
    assert not Doelversie.objects.exists() and not Doelstelling.objects.filter(regio=w.a.regio).exists()
    assert not AuditRegel.objects.filter(object_type="doelstelling").exists()


def test_doel_voor_een_voorbij_jaar_wordt_geweigerd(wereld, client):
    w = wereld
    client.force_login(w.a.gebruikers[Rol.PROJECTLEIDER])
    assert "is voorbij" in client.get(adres(w, JAAR - 1)).content.decode()
    antwoord = client.post(adres(w, JAAR - 1), {"versie": "0", "aantal": "90"})
    pagina = antwoord.content.decode()
    assert antwoord.status_code == 200
    assert f"Het doel van {JAAR - 1} ligt in het verleden" in pagina and 'value="90"' in pagina
    assert not Doelversie.objects.exists()
    # The next year may be set already.
    assert client.post(adres(w, JAAR + 1), {"versie": "0", "aantal": "110"}).status_code == 302


def test_action_weigert_organisatie_van_andere_regio_en_andere_rol(wereld):
    w = wereld
    with pytest.raises(ValidationError):
        actions.stel_doel_vast(
            regio=w.a.regio,
            jaar=JAAR,
            aantal=10,
            delen={w.b.organisaties["gemeente"].pk: 10},
            ctx=ctx_van(w.a, Rol.PROJECTLEIDER),
        )
    with pytest.raises(ValidationError):
        actions.stel_doel_vast(regio=w.a.regio, jaar=JAAR, aantal=10, delen={}, ctx=ctx_van(w.a, Rol.BESTUURDER))
    # A peer-support organisation provides no trajectories: no part of the target.
    with pytest.raises(ValidationError):
        actions.stel_doel_vast(regio=w.a.regio, jaar=JAAR, aantal=10, delen={w.a.organisaties["peer"].pk: 10}, ctx=None)
    assert not Doeldeel.objects.exists()


def test_gelijktijdige_wijziging_wordt_geweigerd(wereld, client):
    w = wereld
    client.force_login(w.a.gebruikers[Rol.PROJECTLEIDER])
    oud = formulier(w, "100")
    actions.stel_doel_vast(regio=w.a.regio, jaar=JAAR, aantal=80, delen={}, ctx=ctx_van(w.a, Rol.PROJECTLEIDER))
    pagina = client.post(adres(w), oud).content.decode()
    assert "intussen gewijzigd" in pagina
    assert Doelstelling.objects.get(regio=w.a.regio, jaar=JAAR).aantal == 80


def test_alleen_de_projectleider_en_alleen_redelijke_jaren(wereld, client):
    w = wereld
    client.force_login(w.a.gebruikers[Rol.BESTUURDER])
    assert client.get(adres(w)).status_code == 403
    client.force_login(w.a.gebruikers[Rol.PROJECTLEIDER])
    assert client.get(adres(w, 2019)).status_code == 404
    assert client.get(adres(w, JAAR + 50)).status_code == 404
    assert client.get(reverse("doel", kwargs={"regio": w.b.regio.slug, "jaar": JAAR})).status_code == 404


# --- The figures: each part's progress (rapportage.figuren.doelverdeling) -------------------------------------


def test_doelverdeling_bekend_antwoord(wereld):
    from rapportage import figuren
    from rapportage.figuren import Filters, Periode
    from tests.fabriek import D, traject

    a = wereld.a
    actions.stel_doel_vast(
        regio=a.regio,
        jaar=2025,
        aantal=50,
        delen={
            a.organisaties["gemeente"].pk: 30,
            a.organisaties["gemeente2"].pk: 20,
            a.organisaties["ggz"].pk: 40,
            a.organisaties["reintegratie"].pk: 10,
        },
        vandaag=D(2025, 1, 1),
    )
    for maand in (1, 2, 3):
        traject(a, start=D(2025, maand, 5))  # gemeente, provided by ggz
    traject(a, start=D(2025, 5, 1))  # after the day the figures stand at
    traject(a, start=D(2024, 12, 31))  # last year
    for dag in (1, 2):
        traject(a, start=D(2025, 4, dag), gemeente="gemeente2", aanbieder="reintegratie")
    traject(wereld.b, start=D(2025, 2, 1))  # another region

    # 10 April 2025 is day 100 of 365.
    v = figuren.doelverdeling(regio=a.regio, jaar=2025, peildatum=D(2025, 4, 10))
    assert (v.versie, v.stand) == (1, D(2025, 4, 10))
    assert (v.regio.doel, v.regio.gestart, v.regio.pro_rata_doel) == (50, 5, 13.7)
    rijen = {d.label: (d.soort, d.doel, d.gestart, d.pro_rata_doel, d.prognose, d.op_schema) for d in v.delen}
    assert rijen == {
        a.organisaties["gemeente"].naam: ("gemeente", 30, 3, 8.2, 11, False),
        a.organisaties["gemeente2"].naam: ("gemeente", 20, 2, 5.5, 7, False),
        a.organisaties["ggz"].naam: ("partner", 40, 3, 11.0, 11, False),
        a.organisaties["reintegratie"].naam: ("partner", 10, 2, 2.7, 7, False),
    }
    reintegratie = v.deel_van(a.organisaties["reintegratie"].pk)
    assert (reintegratie.gestart, reintegratie.pro_rata_doel, reintegratie.op_schema) == (2, 2.7, False)
    gemeente = v.deel_van(a.organisaties["gemeente"].pk)
    assert gemeente.procent_van_pro_rata == 36.6  # 3 / 8.2
    assert gemeente.verschil_met_pro_rata == -5.2
    # The same count as bereken's under the gemeente's and the provider's filter.
    for filters, deel in (
        (Filters(gemeente_id=a.organisaties["gemeente"].pk), gemeente),
        (Filters(aanbieder_id=a.organisaties["reintegratie"].pk), reintegratie),
    ):
        f = figuren.bereken(regio=a.regio, periode=Periode.jaar(2025), filters=filters, peildatum=D(2025, 4, 10))
        assert f.gestart_in_jaar == deel.gestart

    # The monthly gemeente report passes the starts it has in its figures: that gemeente's part, the region and the
    # pipeline as in the full split, without the grouped count; no other parts.
    stand, gemeente_id = D(2025, 4, 10), a.organisaties["gemeente"].pk
    (g,), (r,) = figuren.bereken_reeksen(
        regio=a.regio,
        perioden=(Periode.jaar_tot_en_met(stand),),
        filters=(Filters(gemeente_id=gemeente_id), Filters()),
        peildatum=stand,
        volledig=False,
    )
    assert (g.gestart_in_jaar, r.gestart_in_jaar) == (3, 5)
    jaarstand = figuren.Jaarstand(
        doel=r.doel, regio_gestart=r.gestart_in_jaar, gemeente_id=gemeente_id, gemeente_gestart=g.gestart_in_jaar
    )
    with CaptureQueriesContext(connection) as vastgelegd:
        kort = figuren.doelverdeling(regio=a.regio, jaar=2025, peildatum=stand, jaarstand=jaarstand)
    assert not any("GROUP BY" in q["sql"] for q in vastgelegd.captured_queries)
    assert (kort.stand, kort.regio, kort.gemeenten, kort.partners, kort.pijplijn) == (
        v.stand,
        v.regio,
        (gemeente,),
        (),
        v.pijplijn,
    )


def test_doelverdeling_zonder_verdeling(wereld):
    from rapportage import figuren
    from tests.fabriek import D

    v = figuren.doelverdeling(regio=wereld.a.regio, jaar=2025, peildatum=D(2025, 12, 31))
    assert (v.versie, v.delen, v.regio.doel, v.regio.pro_rata_doel) == (None, (), 100, 100.0)
    # Without a version the target is the region's; a caller with figures of the year passes its `Figuren.doel`.
    jaarstand = figuren.Jaarstand(
        doel=77, regio_gestart=0, gemeente_id=wereld.a.organisaties["gemeente"].pk, gemeente_gestart=0
    )
    with CaptureQueriesContext(connection) as vastgelegd:
        v = figuren.doelverdeling(regio=wereld.a.regio, jaar=2025, peildatum=D(2025, 12, 31), jaarstand=jaarstand)
    assert (v.versie, v.delen, v.regio.doel) == (None, (), 77)
    sql = [q["sql"] for q in vastgelegd.captured_queries]
    assert len(sql) == 2 and not any("doelstelling" in s for s in sql)  # the version and the pipeline only


# --- The dashboard: each part's progress, suppressed for bestuurders ----------------------------------------


def _koerstabel(html: str, tabel_id: str) -> dict[str, list[str]]:
    begin = html.index(f'id="{tabel_id}-titel"')
    stuk = html[begin : html.index("</table>", begin)]
    rijen = {}
    for rij in re.findall(r"<tr\b.*?</tr>", stuk, re.S):
        kop = re.search(r'<th[^>]*scope="row"[^>]*>(.*?)</th>', rij, re.S)
        if kop:
            rijen[unescape(kop.group(1)).strip()] = [
                unescape(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", rij, re.S)
            ]
    return rijen


@pytest.fixture
def verdeeld_2025(wereld):
    """Region A, 2025: target 20 split gemeente 8 / gemeente2 12 and ggz 5 / reintegratie 15; gemeente's
    residents started 2 trajectories (ggz), gemeente2's 9 (reintegratie)."""
    from tests.fabriek import D, traject

    a = wereld.a
    o = a.organisaties
    actions.stel_doel_vast(
        regio=a.regio,
        jaar=2025,
        aantal=20,
        delen={o["gemeente"].pk: 8, o["gemeente2"].pk: 12, o["ggz"].pk: 5, o["reintegratie"].pk: 15},
        vandaag=D(2025, 1, 1),
    )
    for i in range(2):
        traject(a, start=D(2025, 3, 1 + i))
    for i in range(9):
        traject(a, start=D(2025, 4, 1 + i), gemeente="gemeente2", aanbieder="reintegratie")
    return wereld


def _dashboard(client, w, rol):
    client.force_login(w.a.gebruikers[rol])
    antwoord = client.get(reverse("dashboard", kwargs={"regio": w.a.regio.slug}) + "?periode=jaar&jaar=2025")
    assert antwoord.status_code == 200
    return antwoord.content.decode()


def test_dashboard_toont_elk_deel_tegen_zijn_doel_naar_rato(verdeeld_2025, client):
    w = verdeeld_2025
    o = w.a.organisaties
    html = _dashboard(client, w, Rol.PROJECTLEIDER)
    assert _koerstabel(html, "koers-gemeenten-tabel") == {
        o["gemeente"].naam: ["8", "8,0", "2", "25,0%", "achter op schema"],
        o["gemeente2"].naam: ["12", "12,0", "9", "75,0%", "achter op schema"],
        "Hele regio": ["20", "20,0", "11", "55,0%", "achter op schema"],
    }
    assert _koerstabel(html, "koers-partners-tabel") == {
        o["ggz"].naam: ["5", "5,0", "2", "40,0%", "achter op schema"],
        o["reintegratie"].naam: ["15", "15,0", "9", "60,0%", "achter op schema"],
        "Hele regio": ["20", "20,0", "11", "55,0%", "achter op schema"],
    }
    assert "2 gestart, 25% van het doel naar rato 8" in html  # the chart says it in words too
    assert reverse("doel", kwargs={"regio": w.a.regio.slug, "jaar": 2025}) in html


def test_dashboard_bestuurder_ziet_alleen_eigen_deel_en_geen_klein_aantal(verdeeld_2025, client):
    w = verdeeld_2025
    o = w.a.organisaties
    html = _dashboard(client, w, Rol.BESTUURDER)  # the bestuurder of "gemeente": 2 starts
    tabel = _koerstabel(html, "koers-eigen-tabel")
    # Its 2 is hidden ("<5", or "•" where the page's suppression widened it), without percentage or verdict.
    eigen = tabel[o["gemeente"].naam]
    assert eigen[:2] == ["8", "8,0"] and eigen[2] in ("<5", "•") and eigen[3:] == ["—", "—"]
    assert tabel["Hele regio"] == ["20", "20,0", "11", "55,0%", "achter op schema"]
    koers = html[html.index('aria-labelledby="koers-eigen-titel"') :]
    koers = koers[: koers.index("</svg>")]
    teksten = re.findall(r">([^<]*)</text>", koers)
    assert teksten == [
        f"{o['gemeente'].naam}: {html_escape(eigen[2])} gestart, doel naar rato 8",
        "Hele regio: 11 gestart, 55% van het doel naar rato 20",
        "doel naar rato (100%)",
    ]
    assert koers.count(f'fill="{svg.KLEUR_STAAF}"') == 1  # the region's bar only
    assert o["gemeente2"].naam not in html[html.index('id="verdeling-kop"') : html.index("Kerncijfers")]
    assert reverse("doel", kwargs={"regio": w.a.regio.slug, "jaar": 2025}) not in html


def test_demo_verdeelt_het_doel_van_elke_regio(db):
    from hoofdzaak.models import Regio
    from rapportage import figuren
    from tests.fabriek import laad_demo

    laad_demo()
    laad_demo()  # a second run adds no new version
    for regio in Regio.objects.filter(slug__in=["holland-rijnland", "midden-utrecht"]):
        assert Doelversie.objects.filter(regio=regio, jaar=JAAR).count() == 1
        v = figuren.doelverdeling(regio=regio, jaar=JAAR)
        assert sum(d.doel for d in v.gemeenten) == sum(d.doel for d in v.partners) == v.regio.doel == 100
        assert len(v.gemeenten) >= 5 and v.partners


# --- The wethouder's monthly PDF: "liggen we op koers?" (issue 11 point 5) ---------------------------------


def _maandpdf(w, gemeente_sleutel="gemeente") -> tuple[str, dict]:
    """The monthly PDF of November 2025 for a gemeente of region A, built on 3 December 2025: its text (whitespace
    collapsed) and its context."""
    import datetime as dt

    from rapportage.archief import inhoud, pdf
    from rapportage.archief.models import Rapport, RapportSoort

    rapport = Rapport.objects.create(
        regio=w.a.regio,
        soort=RapportSoort.MAAND,
        periode_van=dt.date(2025, 11, 1),
        periode_tot=dt.date(2025, 11, 30),
        scope=w.a.organisaties[gemeente_sleutel],
    )
    gemaakt_op = timezone.make_aware(dt.datetime(2025, 12, 3, 6, 0))
    template, context = inhoud.context_voor(rapport, gemaakt_op=gemaakt_op)
    from tests.fabriek import pdf_tekst

    tekst = pdf_tekst(pdf.render_pdf(template, context, titel=rapport.titel))
    return " ".join(tekst.split()), context


def _starts(w, gemeente: int, gemeente2: int) -> None:
    from tests.fabriek import D, traject

    for i in range(gemeente):
        traject(w.a, start=D(2025, 3, 3 + i))
    for i in range(gemeente2):
        traject(w.a, start=D(2025, 4, 3 + i), gemeente="gemeente2")


def _split_2025(w) -> None:
    from tests.fabriek import D

    o = w.a.organisaties
    actions.stel_doel_vast(
        regio=w.a.regio,
        jaar=2025,
        aantal=100,
        delen={o["gemeente"].pk: 30, o["gemeente2"].pk: 70},
        vandaag=D(2025, 1, 1),
    )


# 30 November is day 334 of 365: the gemeente's 30 naar rato 27,5; the region's 100 naar rato 91,5.


def test_maandpdf_zegt_of_de_gemeente_op_koers_ligt_met_eigen_doel(wereld):
    w = wereld
    _split_2025(w)
    _starts(w, 6, 5)
    tekst, context = _maandpdf(w)
    naam = w.a.organisaties["gemeente"].naam
    assert (
        f"Liggen we op koers? {naam} ligt achter op schema: inwoners begonnen in 2025 tot en met 30 nov. 6 trajecten, "
        "tegen 27,5 naar rato van het eigen doel van 30 (21,8%); de regio staat op 11 tegen 91,5 naar rato van het "
        "doel van 100 (achter op schema)."
    ) in tekst
    assert "van het regiodoel" not in tekst
    assert context["koers"].eigen_doel == 30 and "eigen doel voor 2025" in tekst and "(regio: 100)" in tekst
    # The chart: the gemeente's bar and the region's, each as a percentage of its own target naar rato.
    assert f"{naam}: 6 gestart, 21,8% van het doel naar rato 27,5" in tekst
    assert f"Regio {w.a.regio.naam}: 11 gestart, 12% van het doel naar rato 91,5" in tekst
    assert context["koers"].svg.count(f'fill="{svg.KLEUR_STAAF}"') == 2


def test_maandpdf_zonder_eigen_doel_zegt_dat_en_geeft_het_aandeel(wereld):
    w = wereld
    _starts(w, 6, 5)
    tekst, context = _maandpdf(w)
    naam = w.a.organisaties["gemeente"].naam
    assert (
        f"{naam} heeft geen eigen doel voor 2025: het doel van de regio is niet over de gemeenten verdeeld. "
        "Tot en met 30 nov. staat de regio op 11 tegen 91,5 naar rato van het doel van 100 (achter op schema); "
        f"inwoners van {naam} begonnen 6 van die 11 trajecten (54,5%, het aandeel van de gemeente)."
    ) in tekst
    assert context["koers"].eigen_doel is None and " geen " in tekst and "(regio: 100)" in tekst
    assert context["koers"].svg.count(f'fill="{svg.KLEUR_STAAF}"') == 1  # the region only


def test_maandpdf_verraadt_een_klein_aantal_niet(wereld):
    w = wereld
    _split_2025(w)
    _starts(w, 3, 8)
    tekst, context = _maandpdf(w)
    naam = w.a.organisaties["gemeente"].naam
    assert context["c"]["g.gestart"] == "<5"
    assert (
        f"Inwoners van {naam} begonnen in 2025 tot en met 30 nov. <5 trajecten, tegen 27,5 naar rato van het eigen "
        "doel van 30; bij zo'n klein aantal noemt dit rapport geen percentage of oordeel; de regio staat op 11 tegen "
        "91,5 naar rato van het doel van 100 (achter op schema)."
    ) in tekst
    # 3 / 27,5 = 10,9%: no percentage, no verdict and no bar for the hidden count.
    assert "10,9" not in tekst and f"{naam} ligt" not in tekst
    assert f"{naam}: <5 gestart, doel naar rato 27,5" in tekst
    assert context["koers"].svg.count(f'fill="{svg.KLEUR_STAAF}"') == 1  # the region's bar only


# --- The pipeline forecast with a range (DESIGN.md §5) ------------------------------------------------------


def test_pijplijnprognose_bekend_antwoord(wereld):
    from rapportage import figuren
    from tests.fabriek import D, traject

    a = wereld.a
    for i in range(6):  # referred and taken in last year, started this year
        traject(a, verwijs=D(2024, 10, 1), intake=D(2024, 10, 10), start=D(2025, 1, 10 + i))
    for _ in range(2):  # ended during the intake, never started
        traject(a, verwijs=D(2024, 11, 1), intake=D(2024, 11, 10), eind=D(2024, 12, 1))
    for _ in range(2):  # rejected
        traject(a, verwijs=D(2025, 1, 5), status="afgewezen")
    for _ in range(3):  # open referrals
        traject(a, verwijs=D(2025, 6, 1))
    for _ in range(2):  # open intakes
        traject(a, verwijs=D(2025, 5, 1), intake=D(2025, 5, 10))
    traject(a, verwijs=D(2024, 1, 1), start=D(2024, 2, 1))  # before the 12 months
    traject(wereld.b, verwijs=D(2025, 6, 1))  # another region

    # On 1 July 2025 (day 182; 183 days to go): referrals in the 12 months 15, of which 6 started (40%);
    # intakes 10, of which 6 started (60%). laag = 6 + 3 × 0.4 + 2 × 0.6 = 8.4; hoog = 8.4 + 15 × 183/365 × 0.4
    # = 11.41; the straight line 6 × 365/182 = 12.03.
    v = figuren.doelverdeling(regio=a.regio, jaar=2025, peildatum=D(2025, 7, 1))
    p = v.pijplijn
    assert (p.open_aanmeldingen, p.open_intakes, p.aanmeldingen_12_maanden) == (3, 2, 15)
    assert (p.conversie_aanmelding, p.conversie_intake) == (figuren.Verhouding(6, 15), figuren.Verhouding(6, 10))
    assert (p.laag, p.hoog, v.regio.prognose) == (8, 11, 12)
    # A closed year has no pipeline forecast.
    assert figuren.doelverdeling(regio=a.regio, jaar=2024, peildatum=D(2025, 7, 1)).pijplijn is None


def test_dashboard_toont_de_pijplijnprognose_naast_het_tempo(wereld, client):
    from tests.fabriek import traject

    a = wereld.a
    vandaag = timezone.localdate()
    traject(a, verwijs=vandaag.replace(day=1), start=vandaag.replace(day=1))
    traject(a, verwijs=vandaag.replace(day=1))
    client.force_login(a.gebruikers[Rol.PROJECTLEIDER])
    html = client.get(reverse("dashboard", kwargs={"regio": a.regio.slug})).content.decode()
    assert f"Prognose uit de pijplijn, eind {JAAR}" in html
    assert "1 open aanmeldingen en 0 open intakes" in html and f"Prognose eind {JAAR}" in html
    client.force_login(a.gebruikers[Rol.BESTUURDER])
    html = client.get(reverse("dashboard", kwargs={"regio": a.regio.slug})).content.decode()
    assert f"Prognose uit de pijplijn, eind {JAAR}" in html and "1 open aanmeldingen" not in html


# --- The split and the pipeline in the PDFs (issue 15 point 2) --------------------------------------------------


def _kwartaalpdf(w) -> tuple[str, dict]:
    """The quarterly PDF of K3 2025 of region A, built on 3 October 2025: its text and its context."""
    import datetime as dt

    from rapportage.archief import inhoud, pdf
    from rapportage.archief.models import Rapport, RapportSoort
    from tests.fabriek import pdf_tekst

    rapport = Rapport.objects.create(
        regio=w.a.regio, soort=RapportSoort.KWARTAAL, periode_van=dt.date(2025, 7, 1), periode_tot=dt.date(2025, 9, 30)
    )
    template, context = inhoud.context_voor(rapport, gemaakt_op=timezone.make_aware(dt.datetime(2025, 10, 3, 6, 0)))
    return " ".join(pdf_tekst(pdf.render_pdf(template, context, titel=rapport.titel)).split()), context


def _split_met_partners_2025(w) -> None:
    from tests.fabriek import D

    o = w.a.organisaties
    actions.stel_doel_vast(
        regio=w.a.regio,
        jaar=2025,
        aantal=100,
        delen={o["gemeente"].pk: 30, o["gemeente2"].pk: 70, o["ggz"].pk: 40, o["reintegratie"].pk: 60},
        vandaag=D(2025, 1, 1),
    )


# 30 September is day 273 of 365: 30 naar rato 22,4; 70 → 52,4; 40 → 29,9; 60 → 44,9; 100 → 74,8.


def test_kwartaalpdf_toont_elk_deel_tegen_zijn_doel_en_de_pijplijn(wereld):
    from rapportage import figuren
    from tests.fabriek import D, traject

    w = wereld
    _split_met_partners_2025(w)
    for i in range(12):  # gemeente: 12 starts (ggz)
        traject(w.a, start=D(2025, 2, 3 + i))
    for i in range(20):  # gemeente2: 20 starts (reintegratie)
        traject(w.a, start=D(2025, 5, 3 + i), gemeente="gemeente2", aanbieder="reintegratie")
    for _ in range(3):  # open referrals: the pipeline
        traject(w.a, verwijs=D(2025, 9, 1))
    tekst, context = _kwartaalpdf(w)
    o = w.a.organisaties
    v = context["doelverdeling"]
    rijen = {r.label: (r.doel, r.naar_rato, r.gestart, r.procent, r.oordeel) for r in (*v.gemeenten, *v.partners)}
    assert rijen == {
        o["gemeente"].naam: (30, "22,4", "12", "53,6%", "achter op schema"),
        o["gemeente2"].naam: (70, "52,4", "20", "38,2%", "achter op schema"),
        o["ggz"].naam: (40, "29,9", "12", "40,1%", "achter op schema"),
        o["reintegratie"].naam: (60, "44,9", "20", "44,5%", "achter op schema"),
    }
    assert (v.regio.gestart, v.regio.naar_rato) == ("32", "74,8")
    assert "Voortgang per gemeente en partner in 2025" in tekst
    assert "Eigen deel van het doel, per gemeente en partner" in tekst and "52,4 20 38,2% achter op schema" in tekst
    # The pipeline's range beside the straight line, both as the figures give them, on the quarter's last day.
    p = figuren.doelverdeling(regio=w.a.regio, jaar=2025, peildatum=D(2025, 9, 30)).pijplijn
    assert (v.pijplijn.laag, v.pijplijn.hoog) == (figuren.getal_tekst(p.laag), figuren.getal_tekst(p.hoog))
    assert "uit de pijplijn (open aanmeldingen en intakes op 30 sep. 2025" in tekst
    assert f"{v.pijplijn.laag} tot {v.pijplijn.hoog}" in tekst and "een rechte lijn) 43" in tekst  # 32 × 365 / 273


def test_kwartaalpdf_verbergt_een_klein_deel(wereld):
    from tests.fabriek import D, traject

    w = wereld
    _split_met_partners_2025(w)
    for i in range(3):  # gemeente: 3 starts, ggz
        traject(w.a, start=D(2025, 8, 3 + i))
    for i in range(20):
        traject(w.a, start=D(2025, 5, 3 + i), gemeente="gemeente2", aanbieder="reintegratie")
    tekst, context = _kwartaalpdf(w)
    o = w.a.organisaties
    v = context["doelverdeling"]
    rijen = {r.label: (r.gestart, r.procent, r.oordeel) for r in (*v.gemeenten, *v.partners)}
    assert rijen[o["gemeente"].naam] == ("<5", "—", "—")  # 3 of 22,4: no 13,4%
    assert rijen[o["ggz"].naam][1:] == ("—", "—")
    assert rijen[o["ggz"].naam][0] in ("<5", "•")
    # Every part and the region's total: no hidden part follows from the others.
    assert rijen[o["gemeente2"].naam][0] == "•" or v.regio.gestart == "•"
    assert "13,4%" not in tekst


def test_maandpdf_toont_de_pijplijnprognose_naast_de_rechte_lijn(wereld):
    from rapportage import figuren
    from tests.fabriek import D, traject

    w = wereld
    _split_2025(w)
    _starts(w, 6, 5)
    for _ in range(2):
        traject(w.a, verwijs=D(2025, 11, 10))
    tekst, context = _maandpdf(w)
    p = figuren.doelverdeling(regio=w.a.regio, jaar=2025, peildatum=D(2025, 11, 30)).pijplijn
    laag, hoog = figuren.getal_tekst(p.laag), figuren.getal_tekst(p.hoog)
    assert context["pijplijn"].laag == laag and context["pijplijn"].hoog == hoog
    assert "bij het tempo tot nu toe (een rechte lijn) 12; uit de pijplijn" in tekst  # 11 × 365 / 334 = 12,02
    assert f"{laag} tot {hoog}" in tekst
