"""The dashboard: what each role sees, the period and gemeente filters and their errors, the htmx
partial, small-cell suppression for bestuurders, the charts, and a query count that does not grow
with the data."""

from __future__ import annotations

import datetime
import re
from html import unescape

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hoofdzaak import actions
from hoofdzaak.models import Gebruiker, Rol
from hoofdzaak.tenancy import RegioContext
from rapportage import figuren, svg
from rapportage.access import dashboard_scope
from rapportage.figuren import Filters
from tests.fabriek import WACHTWOORD, D, contact, ctx_van, deelnemer, plaatsing, traject
from trajecten.models import ContactSoort

NUMMER = re.compile(r"\b[A-Z]{2}-\d{4}-\d{4,}\b")


def url(wereld, **params) -> str:
    basis = reverse("dashboard", kwargs={"regio": wereld.a.regio.slug})
    if not params:
        return basis
    from urllib.parse import urlencode

    return f"{basis}?{urlencode(params)}"


def als(client, wereld, rol: str):
    client.force_login(wereld.a.gebruikers[rol])
    return client


def tekst(response) -> str:
    html = re.sub(r"<svg\b.*?</svg>", " ", response.content.decode(), flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def tabel(response, tabel_id: str) -> dict[str, list[str]]:
    """The rows of the table whose caption has id `<tabel_id>-titel`: row header -> cells (incl. Totaal)."""
    html = response.content.decode()
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


def veldfout(response, veld: str) -> str:
    match = re.search(rf'id="id_{veld}_error"><p>(.*?)</p>', response.content.decode(), re.S)
    return unescape(match.group(1)) if match else ""


@pytest.fixture
def jaar_2025(wereld):
    """Region A in 2025: gemeente 'gemeente' has 7 started trajectories, 'gemeente2' 1; placements too."""
    a = wereld.a
    for i in range(6):
        t = traject(a, start=D(2025, 2 + i, 3), methode="ips")
        if i < 3:
            plaatsing(t, D(2025, 8, 1))
    traject(a, start=D(2025, 3, 3), methode="jobcoaching", financieringsstroom="uwv")
    traject(a, start=D(2025, 4, 3), methode="ips", gemeente="gemeente2")
    stil = traject(a, start=D(2025, 1, 10), methode="ips")
    contact(stil, D(2025, 1, 11), ContactSoort.WERKGEVERSCONTACT)
    traject(wereld.b, start=D(2025, 3, 3))  # another region: never counted
    return a


# --- Who sees what ---------------------------------------------------------------------------------------------


def test_projectleider_ziet_de_regio_met_doel_funnel_uitsplitsingen_en_datakwaliteit(wereld, client, jaar_2025):
    response = als(client, wereld, Rol.PROJECTLEIDER).get(url(wereld, jaar=2025))
    assert response.status_code == 200
    inhoud = tekst(response)
    for kop in (
        "Voortgang naar het doel van 2025",
        "Kerncijfers",
        "Van aanmelding tot duurzaam werk",
        "IPS-indicatoren",
        "Per gemeente",
        "Uitsplitsingen",
        "Datakwaliteit",
    ):
        assert kop in inhoud
    assert 'name="gemeente"' in response.content.decode()  # the projectleider may narrow to a gemeente
    assert tabel(response, "kerncijfers")["Gestart (alle methoden)"] == ["9"]
    assert tabel(response, "kerncijfers")["Plaatsingen in betaald werk"] == ["3"]
    per_gemeente = tabel(response, "per-gemeente")
    assert per_gemeente["Gemeente Holland Rijnland"] == ["8", "8", "3"]
    assert per_gemeente["Gemeente Buur Holland Rijnland"] == ["1", "1", "0"]
    assert per_gemeente["Totaal"] == ["9", "9", "3"]
    assert tabel(response, "per-methode")["Jobcoaching"] == ["1", "1", "0"]  # not suppressed
    assert tabel(response, "funnel-tabel")["Eerste betaald werk"] == ["3"]
    # Data quality: the trajectory without contact for 60 days, by its pseudonymous number.
    assert "Lopend zonder contact in 60 dagen" in inhoud
    assert NUMMER.search(inhoud)
    assert "Geen contact" in inhoud or "laatste contact" in inhoud
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]  # participant numbers on the page


def test_doel_en_prognose_in_woorden(wereld, client, jaar_2025):
    inhoud = tekst(als(client, wereld, Rol.PROJECTLEIDER).get(url(wereld, jaar=2025)))
    # 2025 is over: the pro-rata target is the whole target, the forecast what was reached.
    assert "Doel naar rato op 31 dec. 2025 100,0" in inhoud
    assert "Achter op schema: 91,0 minder" in inhoud
    assert "Prognose eind 2025 9" in inhoud
    assert "Haalt het doel niet" in inhoud
    # IPS indicators: judged in words, not only by colour.
    assert "Norm gehaald" in inhoud and "Norm niet gehaald" in inhoud


def test_bestuurder_ziet_eigen_gemeente_naast_de_regio_zonder_deelnemers(wereld, client, jaar_2025):
    response = als(client, wereld, Rol.BESTUURDER).get(url(wereld, jaar=2025))
    assert response.status_code == 200
    html = response.content.decode()
    inhoud = tekst(response)
    assert 'name="gemeente"' not in html  # its scope is fixed
    assert "Gemeente Holland Rijnland naast de regio" in inhoud
    kern = tabel(response, "kerncijfers")
    # Own gemeente 8, region 9: the neighbour's 1 follows from them, so the page hides what would give it away.
    assert kern["Gestart (alle methoden)"][0] in ("8", "•") and kern["Gestart (alle methoden)"][1] in ("9", "•")
    assert "•" in kern["Gestart (alle methoden)"]
    assert "Datakwaliteit" not in inhoud
    assert not NUMMER.search(html)  # no participant number anywhere, not even in a link
    assert "/deelnemers/" not in html
    assert figuren.ONDERDRUKKING_LEGENDA in inhoud  # the suppression is explained, both marks
    assert "private" in response["Cache-Control"] and "no-store" not in response["Cache-Control"]


def test_bestuurder_krijgt_kleine_cellen_onderdrukt(wereld, client, jaar_2025):
    response = als(client, wereld, Rol.BESTUURDER).get(url(wereld, jaar=2025))
    methode = tabel(response, "per-methode")
    # Own gemeente: 7 IPS, 1 jobcoaching. The 1 is "<5"; the 7 is hidden as "•" (complementary), or the
    # total is (else 8 − 7 would give the 1 away).
    assert methode["Jobcoaching"][0] == "<5"
    assert methode["IPS (Individuele Plaatsing en Steun)"][0] in ("7", "•")
    assert methode["Totaal"][0] in ("8", "•")
    assert "•" in (methode["IPS (Individuele Plaatsing en Steun)"][0], methode["Totaal"][0])
    assert methode["Anders"][0] == "0"
    financiering = tabel(response, "per-financiering")
    assert financiering["UWV (WIA/WW/Wajong)"][0] == "<5"
    # Per gemeente: its own row is the same figure as its own column of the key figures.
    per_gemeente = tabel(response, "per-gemeente")
    kern = tabel(response, "kerncijfers")
    assert per_gemeente["Gemeente Holland Rijnland"][0] == kern["Gestart (alle methoden)"][0]
    assert per_gemeente["Gemeente Buur Holland Rijnland"][:2] == ["<5", "<5"]
    # Suppressed breakdowns get no chart: bar lengths would give the numbers away.
    assert 'id="per-gemeente-grafiek-titel"' not in response.content.decode()


def test_projectleider_kiest_een_gemeente(wereld, client, jaar_2025):
    buur = wereld.a.organisaties["gemeente2"]
    response = als(client, wereld, Rol.PROJECTLEIDER).get(url(wereld, jaar=2025, gemeente=buur.pk))
    assert response.status_code == 200
    kern = tabel(response, "kerncijfers")
    assert kern["Gestart (alle methoden)"] == ["1", "9"]
    assert "Gemeente Buur Holland Rijnland naast de regio" in tekst(response)
    # The region's per-gemeente table stays whole for comparison.
    assert tabel(response, "per-gemeente")["Gemeente Holland Rijnland"] == ["8", "8", "3"]


@pytest.mark.parametrize("rol", [Rol.TRAJECTBEGELEIDER, Rol.KLANTMANAGER, Rol.PEER_SUPPORTER, Rol.WERKGEVERSADVISEUR])
def test_andere_rollen_krijgen_403(wereld, client, rol):
    assert als(client, wereld, rol).get(url(wereld)).status_code == 403


def test_alleen_lezen(wereld, client):
    assert als(client, wereld, Rol.PROJECTLEIDER).post(url(wereld)).status_code == 405


@pytest.mark.parametrize(
    ("soort", "veld"),
    [("uwv", "verwijzer_id"), ("ggz", "aanbieder_id"), ("gemeente", "gemeente_id")],
)
def test_scope_van_een_bestuurder_volgt_zijn_organisatie(wereld, soort, veld):
    org = wereld.a.organisaties[soort]
    gebruiker = Gebruiker.objects.create_user(email=f"bestuur-{soort}@x.test", naam="Bestuurder", password=WACHTWOORD)
    lid = actions.voeg_lidmaatschap_toe(gebruiker=gebruiker, organisatie=org, rol=Rol.BESTUURDER)
    scope = dashboard_scope(RegioContext(regio=wereld.a.regio, lidmaatschap=lid, lidmaatschappen=(lid,)))
    assert scope.filters == Filters(**{veld: org.pk})
    assert scope.organisatie == org
    assert (scope.gemeente_kiezen, scope.onderdrukken, scope.deelnemernummers) == (False, True, False)


def test_scope_van_projectleider_en_weigering_voor_anderen(wereld):
    scope = dashboard_scope(ctx_van(wereld.a, Rol.PROJECTLEIDER))
    assert scope.filters == Filters() and scope.gemeente_kiezen and scope.deelnemernummers
    assert not scope.onderdrukken
    for rol in (Rol.TRAJECTBEGELEIDER, Rol.KLANTMANAGER, Rol.PEER_SUPPORTER, Rol.WERKGEVERSADVISEUR):
        with pytest.raises(PermissionDenied):
            dashboard_scope(ctx_van(wereld.a, rol))


def test_bestuurder_van_uwv_ziet_de_trajecten_die_uwv_verwees(wereld, client):
    a = wereld.a
    traject(a, start=D(2025, 3, 1), verwijzer="uwv")
    traject(a, start=D(2025, 3, 1), verwijzer="gemeente")
    gebruiker = Gebruiker.objects.create_user(email="bestuur-uwv@x.test", naam="Bestuurder UWV", password=WACHTWOORD)
    actions.voeg_lidmaatschap_toe(gebruiker=gebruiker, organisatie=a.organisaties["uwv"], rol=Rol.BESTUURDER)
    client.force_login(gebruiker)
    response = client.get(url(wereld, jaar=2025))
    assert response.status_code == 200
    assert tabel(response, "kerncijfers")["Gestart (alle methoden)"] == ["<5", "<5"]  # 1 of the region's 2
    assert "Per woongemeente: UWV Holland Rijnland" in tekst(response)


# --- Filters and their errors ------------------------------------------------------------------------------------


def test_zonder_filters_het_lopende_jaar(wereld, client):
    response = als(client, wereld, Rol.PROJECTLEIDER).get(url(wereld))
    jaar = datetime.date.today().year
    assert f"Periode: {jaar}" in tekst(response)
    assert re.search(rf'<option value="{jaar}" selected>', response.content.decode())


def test_kwartaal_en_eigen_periode(wereld, client, jaar_2025):
    client = als(client, wereld, Rol.PROJECTLEIDER)
    kwartaal = client.get(url(wereld, jaar=2025, periode="k2"))
    assert "Periode: 2e kwartaal 2025" in tekst(kwartaal)
    assert tabel(kwartaal, "kerncijfers")["Gestart (alle methoden)"] == ["4"]  # April (2), May and June
    eigen = client.get(url(wereld, periode="anders", van="2025-03-01", tot="2025-03-31"))
    assert "Periode: maart 2025" in tekst(eigen)
    assert tabel(eigen, "kerncijfers")["Gestart (alle methoden)"] == ["2"]


def test_omgekeerde_periode_geeft_fout_bij_het_veld(wereld, client):
    response = als(client, wereld, Rol.PROJECTLEIDER).get(
        url(wereld, periode="anders", van="2025-06-01", tot="2025-05-01")
    )
    assert response.status_code == 200
    assert veldfout(response, "tot") == "De einddatum ligt vóór de begindatum. Kies een latere datum."
    assert 'aria-invalid="true"' in response.content.decode()
    assert 'href="#id_tot"' in response.content.decode()  # the error summary links to the field
    assert "Kerncijfers" not in tekst(response)


def test_periode_in_de_toekomst_geeft_fout_bij_het_veld(wereld, client):
    morgen = datetime.date.today() + datetime.timedelta(days=1)
    response = als(client, wereld, Rol.PROJECTLEIDER).get(
        url(wereld, periode="anders", van=datetime.date.today().isoformat(), tot=morgen.isoformat())
    )
    assert veldfout(response, "tot") == "Deze datum ligt in de toekomst. Kies uiterlijk vandaag."
    volgend_jaar = datetime.date.today().year + 1
    response = als(client, wereld, Rol.PROJECTLEIDER).get(url(wereld, jaar=volgend_jaar))
    assert "Selecteer een geldige keuze" in veldfout(response, "jaar")


def test_kwartaal_dat_nog_niet_begon(wereld, client, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: datetime.date(2026, 2, 10))
    response = als(client, wereld, Rol.PROJECTLEIDER).get(url(wereld, jaar=2026, periode="k3"))
    assert (
        veldfout(response, "periode") == "3e kwartaal 2026 is nog niet begonnen. Kies een periode tot en met vandaag."
    )
    lopend = als(client, wereld, Rol.PROJECTLEIDER).get(url(wereld, jaar=2026, periode="k1"))
    assert "Periode: 1e kwartaal 2026" in tekst(lopend)


def test_eigen_periode_vraagt_beide_datums(wereld, client):
    response = als(client, wereld, Rol.PROJECTLEIDER).get(url(wereld, periode="anders", van="2025-01-01"))
    assert veldfout(response, "tot") == "Vul de laatste dag van de periode in."
    response = als(client, wereld, Rol.PROJECTLEIDER).get(
        url(wereld, periode="anders", van="gisteren", tot="2025-01-01")
    )
    assert veldfout(response, "van") == "Voer een geldige datum in."


def test_gemeente_buiten_de_regio_geeft_fout(wereld, client):
    vreemd = wereld.b.organisaties["gemeente"]
    response = als(client, wereld, Rol.PROJECTLEIDER).get(url(wereld, gemeente=vreemd.pk))
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in veldfout(response, "gemeente")
    assert vreemd.naam not in tekst(response)


def test_bestuurder_kan_zijn_scope_niet_verruimen(wereld, client, jaar_2025):
    buur = wereld.a.organisaties["gemeente2"]
    response = als(client, wereld, Rol.BESTUURDER).get(url(wereld, jaar=2025, gemeente=buur.pk))
    assert response.status_code == 200
    eigen = als(client, wereld, Rol.BESTUURDER).get(url(wereld, jaar=2025))
    assert tabel(response, "kerncijfers") == tabel(eigen, "kerncijfers")  # still its own gemeente


# --- htmx ----------------------------------------------------------------------------------------------------


def test_htmx_krijgt_alleen_het_deel(wereld, client, jaar_2025):
    gemeente = wereld.a.organisaties["gemeente"]
    response = als(client, wereld, Rol.PROJECTLEIDER).get(
        url(wereld, jaar=2025, gemeente=gemeente.pk), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="dashboard">')
    assert "<html" not in html and "<h1" not in html
    assert 'hx-swap-oob="innerHTML"' in html
    assert "Dashboard bijgewerkt: 2025, Gemeente Holland Rijnland." in tekst(response)
    assert "HX-Request" in response["Vary"]
    assert "private" in response["Cache-Control"]
    assert tabel(response, "kerncijfers")["Gestart (alle methoden)"] == ["8", "9"]


def test_htmx_met_fout_toont_de_fout_in_het_deel(wereld, client):
    response = als(client, wereld, Rol.PROJECTLEIDER).get(
        url(wereld, periode="anders", van="2025-06-01", tot="2025-05-01"), headers={"HX-Request": "true"}
    )
    assert veldfout(response, "tot")
    assert 'role="alert"' in response.content.decode()
    assert "de cijfers zijn niet bijgewerkt" in tekst(response)


def test_volledige_pagina_heeft_formulier_dat_zonder_javascript_werkt(wereld, client):
    response = als(client, wereld, Rol.PROJECTLEIDER).get(url(wereld))
    html = response.content.decode()
    formulier = re.search(r'<form method="get" action="([^"]+)"[^>]*hx-get="([^"]+)"', html, re.S)
    assert formulier and formulier.group(1) == formulier.group(2) == url(wereld)
    assert 'type="submit"' in html
    assert "HX-Request" in response["Vary"]
    assert " style=" not in html and "<style" not in html  # the CSP allows no inline styles


# --- Charts --------------------------------------------------------------------------------------------------


def test_grafieken_zijn_toegankelijk_en_ook_als_tabel(wereld, client, jaar_2025):
    html = als(client, wereld, Rol.PROJECTLEIDER).get(url(wereld, jaar=2025)).content.decode()
    grafieken = re.findall(r"<svg\b[^>]*>.*?</svg>", html, re.S)
    assert len(grafieken) == 4  # progress, funnel, trend, per gemeente
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), f"dubbele id's: {sorted({i for i in ids if ids.count(i) > 1})}"
    for grafiek in grafieken:
        naam = re.search(r'aria-labelledby="([a-z-]+)-titel"', grafiek).group(1)
        assert 'role="img"' in grafiek
        assert f'<title id="{naam}-titel">' in grafiek
        assert f'<desc id="{naam}-beschrijving">' in grafiek
        assert 'font-family="' in grafiek
    assert html.count("<summary>Toon de cijfers als tabel</summary>") == 4


def test_svg_ontsnapt_tekst_en_beschrijft_de_gegevens():
    grafiek = svg.staafdiagram(naam="test", titel="A & B <x>", reeks=[("Gemeente <Leiden>", 3), ("Katwijk", 12.5)])
    assert "<Leiden>" not in grafiek and "&lt;Leiden&gt;" in grafiek
    assert "A &amp; B &lt;x&gt;" in grafiek
    assert "Gemeente &lt;Leiden&gt;: 3; Katwijk: 12,5." in grafiek
    assert " style=" not in grafiek
    leeg = svg.kolomdiagram(naam="leeg", titel="Niets", reeks=[])
    assert "Geen gegevens." in leeg
    balk = svg.voortgangsbalk(
        naam="balk",
        titel="Voortgang",
        waarde=42,
        doel=100,
        markeringen=[svg.Markering("pro rata", 45.26), svg.Markering("prognose", 129.96, stippel=True)],
    )
    assert "42 van het doel 100; pro rata: 45,3; prognose: 130." in balk  # rounded, not cut off
    assert 'stroke-dasharray="5 3"' in balk
    with pytest.raises(ValueError):
        svg.staafdiagram(naam="Ongeldig id!", titel="x", reeks=[])


# --- Query count ---------------------------------------------------------------------------------------------


def _queries(client, adres: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(adres).status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize("rol", [Rol.PROJECTLEIDER, Rol.BESTUURDER])
def test_aantal_queries_hangt_niet_af_van_de_gegevens(wereld, client, rol):
    a = wereld.a
    als(client, wereld, rol)
    gemeente = a.organisaties["gemeente"].pk
    adressen = [url(wereld, jaar=2025), url(wereld, jaar=2025, gemeente=gemeente)]
    traject(a, start=D(2025, 3, 1))
    weinig = [_queries(client, adres) for adres in adressen]
    for i in range(40):
        t = traject(a, deelnemer(a, gemeente=("gemeente", "gemeente2")[i % 2]), start=D(2025, 1 + i % 12, 2))
        plaatsing(t, D(2025, 12, 1))
        contact(t, D(2025, 12, 2), ContactSoort.WERKGEVERSCONTACT)
    traject(a, intake=D(2025, 1, 1))  # no contact for 60 days: on the data-quality list
    veel = [_queries(client, adres) for adres in adressen]
    assert weinig == veel
    assert max(veel) <= 45


# --- Reproducible, exactly labelled figures (issue 15 point 6) -----------------------------------------------------


def _vandaag(monkeypatch, dag: datetime.date) -> None:
    """Today is `dag` for every surface (the dashboard's and the exports' `timezone.localdate()`)."""
    from django.utils import timezone

    echt = timezone.localdate
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: echt(*args, **kwargs) if args else dag)


def test_lopend_op_2_december_telt_op_2_december(wereld, client, monkeypatch):
    a = wereld.a
    traject(a, start=D(2026, 10, 1))  # running throughout
    traject(a, start=D(2026, 10, 1), eind=D(2026, 12, 10))  # ends between 2 and 31 December: runs on 2 December
    traject(a, start=D(2026, 11, 1), eind=D(2026, 12, 1))  # ended the day before
    _vandaag(monkeypatch, D(2026, 12, 2))
    response = als(client, wereld, Rol.PROJECTLEIDER).get(url(wereld, jaar=2026, periode="k4"))
    kaarten = {k.titel: k.waarde for k in response.context["kaarten"]}
    assert kaarten["Lopend op 2 dec. 2026"] == "2"  # on 31 December it would be 1
    assert tabel(response, "kerncijfers")["Lopend op 2 dec. 2026 (alle methoden)"] == ["2"]


def test_dashboard_pdf_en_export_drukken_dezelfde_getallen_af(wereld, client, monkeypatch):
    """One data set, three surfaces, one rounding rule (half up, to the glossary's precision): on 21 March 2025
    (day 80) 40 starts give a forecast of 40 × 365 / 80 = 182,5 → 183 (Python's round() gives 182), the
    target naar rato 100 × 80 / 365 = 21,92 → 21,9, and 5 of 40 in paid work 12,5% (the chart once said 12%)."""
    from rapportage import exports
    from rapportage.archief import inhoud, pdf
    from rapportage.figuren import Periode
    from tests.fabriek import pdf_tekst

    a = wereld.a
    for i in range(40):
        t = traject(a, start=D(2025, 1, 2) + datetime.timedelta(days=2 * i), methode="ips")
        if i < 5:
            plaatsing(t, D(2025, 3, 1))
    _vandaag(monkeypatch, D(2025, 3, 21))

    # The page: cards, the progress chart's labels, the key figures and the IPS indicator.
    response = als(client, wereld, Rol.PROJECTLEIDER).get(url(wereld, jaar=2025))
    kaarten = {k.titel: k.waarde for k in response.context["kaarten"]}
    assert kaarten["Prognose eind 2025"] == "183"
    assert kaarten["Doel naar rato op 21 mrt. 2025"] == "21,9"
    voortgang = str(response.context["voortgang"].svg)
    assert "prognose 183" in voortgang and "pro rata 21,9" in voortgang
    assert tabel(response, "kerncijfers")["Werkpercentage, alleen IPS-trajecten"] == ["12,5% (5 van 40)"]
    ips = {i.sleutel: i.waarde for i in response.context["indicatoren"]}
    assert ips["werkpercentage"] == "12,5% (5 van 40)"

    # The quarterly PDF of Q1 2025 made that day: its text and its chart.
    from django.utils import timezone

    from rapportage.archief.models import Rapport, RapportSoort

    rapport = Rapport.objects.create(
        regio=a.regio, soort=RapportSoort.KWARTAAL, periode_van=D(2025, 1, 1), periode_tot=D(2025, 3, 31)
    )
    gemaakt_op = timezone.make_aware(datetime.datetime(2025, 3, 21, 12, 0))
    template, context = inhoud.context_voor(rapport, gemaakt_op=gemaakt_op)
    assert "prognose 183" in context["doel_svg"] and "naar rato 21,9" in context["doel_svg"]
    assert next(i.waarde for i in context["indicatoren"] if i.sleutel == "werkpercentage") == "12,5% (5 van 40)"
    tekst_pdf = " ".join(pdf_tekst(pdf.render_pdf(template, context, titel=rapport.titel)).split())
    assert "Prognose heel jaar 183" in tekst_pdf and "Doel naar rato 21,9" in tekst_pdf
    assert "prognose 183" in tekst_pdf and "naar rato 21,9" in tekst_pdf  # the chart's labels
    assert "12,5% (5 van 40)" in tekst_pdf and "12%" not in tekst_pdf

    # The export: the same values, machine-readable.
    regels = {(r[0], r[2]): r[3] for r in exports.cijfer_regels(regio=a.regio, periode=Periode.jaar(2025))}
    assert regels[("Kerncijfers", "prognose")] == "183"
    assert regels[("Kerncijfers", "pro_rata_doel")] == "21.9"
    assert regels[("IPS", "werkpercentage")] == "12.5"


def test_eerste_weergave_na_een_wijziging_in_een_vast_aantal_queries(wereld, client, jaar_2025):
    """A view after a change of the region's data that comes before the worker (tests/test_voorberekening.py)
    computes the figures (issue 17 point 3): a fixed, small number of queries, the request's own four included;
    afterwards the rendered figures come from the cache: the request's own, the gemeente list, the version."""
    als(client, wereld, Rol.PROJECTLEIDER)
    adres = url(wereld, jaar=2025)
    _queries(client, adres)
    traject(wereld.a, start=D(2025, 3, 1))  # a change: the region's data get a new version
    koud = _queries(client, adres)
    warm = _queries(client, adres)
    assert koud <= 27  # 26 before the rendered figures were cached (the version read once more)
    client.force_login(wereld.a.gebruikers[Rol.KLANTMANAGER])
    vast = _queries(client, reverse("regio_home", kwargs={"regio": wereld.a.regio.slug}))  # every region page's
    assert warm == vast + 2  # the gemeente list of the chosen period's form, the version


def test_datakwaliteit_linkt_naar_het_dossier(wereld, client, jaar_2025):
    html = als(client, wereld, Rol.PROJECTLEIDER).get(url(wereld, jaar=2025)).content.decode()
    nummers = NUMMER.findall(html)
    assert nummers
    for nummer in nummers:
        assert f'href="{reverse("deelnemer", args=[wereld.a.regio.slug, nummer])}"' in html
