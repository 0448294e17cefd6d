"""The caseload and the participant lists: who sees which rows, filters, search, sorting, pages,
status counts, the audit trail of searches, and a query count that does not grow with the rows."""

from __future__ import annotations

import datetime
import re
from html import unescape
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hoofdzaak import actions, datums
from hoofdzaak.models import AuditActie, AuditRegel, Gebruiker, Rol
from tests.fabriek import WACHTWOORD, ctx_van, maak_trajecten
from trajecten import actions as traject_actions
from trajecten.models import (
    Contactmoment,
    ContactSoort,
    Deelnemer,
    Methode,
    Toestemming,
    Traject,
    TrajectStatus,
)

SLUG_A = "holland-rijnland"
VANDAAG = datetime.date.today()
# What tests/conftest.py maak_dossier stores and only roles with a full or peer grant may see.
PERSOONSGEGEVENS = ("Sanne", "de Vries", "06 12345678", "sanne@example.org")
NOTITIE = "Vertrouwelijke notitie"


def url(naam: str, slug: str = SLUG_A, **kwargs) -> str:
    return reverse(naam, kwargs={"regio": slug, **kwargs})


def tekst(response) -> str:
    """The visible text of a page: tags stripped, entities decoded, whitespace collapsed."""
    html = re.sub(r"<script\b.*?</script>", " ", response.content.decode(), flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def nummers(response) -> list[str]:
    """The participant numbers in the table rows, in order (none when there is no table)."""
    body = re.search(r"<tbody.*?</tbody>", response.content.decode(), re.S)
    return nummers_in(body.group(0)) if body else []


def nummers_in(html: str) -> list[str]:
    """The participant numbers in the visible text of an HTML fragment (not in its links)."""
    return re.findall(r"\b[A-Z]{2}-\d{4}-\d{4,}\b", unescape(re.sub(r"<[^>]+>", " ", html)))


def tellingen(response) -> dict[str, int]:
    """The status counts above the caseload table ('' is the total)."""
    return {s: int(n) for s, n in re.findall(r'<span data-status="([a-z]*)">(\d+)</span>', response.content.decode())}


def zoekregels():
    return AuditRegel.objects.filter(actie=AuditActie.ZOEKEN)


def als(client, wereld, rol: str):
    client.force_login(wereld.a.gebruikers[rol])
    return client


# --- Test data in bulk -----------------------------------------------------------------------------------------


def tweede_begeleider(rw) -> Gebruiker:
    collega = Gebruiker.objects.create_user(
        email=f"begeleider2@{rw.regio.slug}.test", naam="Bram Begeleider", password=WACHTWOORD
    )
    actions.voeg_lidmaatschap_toe(gebruiker=collega, organisatie=rw.organisaties["ggz"], rol=Rol.TRAJECTBEGELEIDER)
    return collega


# --- Page structure --------------------------------------------------------------------------------------------


class Structuur(HTMLParser):
    """Collects what an accessible list page must have: one h1, captioned tables, scoped headers,
    unique ids and balanced tags."""

    LEEG = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__()
        self.stapel: list[str] = []
        self.fouten: list[str] = []
        self.h1 = 0
        self.tabellen = 0
        self.ids: list[str] = []
        self.vorige_in_tabel: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "h1":
            self.h1 += 1
        if tag == "table":
            self.tabellen += 1
            self.vorige_in_tabel = "table"
        elif self.vorige_in_tabel == "table":
            if tag != "caption":
                self.fouten.append(f"tabel zonder caption (eerste kind: {tag})")
            self.vorige_in_tabel = None
        if tag == "th" and attrs.get("scope") not in ("col", "row"):
            self.fouten.append("th zonder scope")
        if tag not in self.LEEG:
            self.stapel.append(tag)

    def handle_endtag(self, tag):
        if tag in self.LEEG:
            return
        if not self.stapel or self.stapel[-1] != tag:
            self.fouten.append(f"</{tag}> sluit {self.stapel[-1] if self.stapel else 'niets'}")
            if tag in self.stapel:
                while self.stapel.pop() != tag:
                    pass
            return
        self.stapel.pop()


def controleer_structuur(response, tabel: bool = True) -> None:
    parser = Structuur()
    parser.feed(response.content.decode())
    parser.close()
    assert parser.fouten == []
    assert parser.stapel == []
    assert parser.h1 == 1
    assert not [i for i in set(parser.ids) if parser.ids.count(i) > 1], "dubbele id's"
    if tabel:
        assert parser.tabellen == 1


def test_lijstpaginas_zijn_goed_opgebouwd_en_worden_niet_bewaard(wereld, dossiers, client):
    for rol, naam in [
        (Rol.TRAJECTBEGELEIDER, "caseload"),
        (Rol.KLANTMANAGER, "deelnemers"),
        (Rol.PEER_SUPPORTER, "deelnemers"),
        (Rol.PROJECTLEIDER, "deelnemers"),
    ]:
        response = als(client, wereld, rol).get(url(naam))
        assert response.status_code == 200, rol
        controleer_structuur(response)
        assert "no-store" in response["Cache-Control"], rol
        assert "HX-Request" in response["Vary"], rol


def test_htmx_krijgt_alleen_de_resultaten(wereld, dossiers, client):
    als(client, wereld, Rol.TRAJECTBEGELEIDER)
    response = client.get(url("caseload"), {"zoek": "Sanne"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="resultaten">')
    assert "<h1" not in html and "<form" not in html
    assert dossiers.eigen.nummer in html
    assert "no-store" in response["Cache-Control"]


def test_lege_lijsten_zeggen_dat_ze_leeg_zijn(wereld, client):
    for rol, naam, melding in [
        (Rol.TRAJECTBEGELEIDER, "caseload", "Je organisatie begeleidt nog geen trajecten"),
        (Rol.KLANTMANAGER, "deelnemers", "Er zijn (nog) geen deelnemers die je mag volgen"),
        (Rol.PEER_SUPPORTER, "deelnemers", "Er zijn nog geen deelnemers aan jou gekoppeld"),
        (Rol.PROJECTLEIDER, "deelnemers", "Er zijn nog geen trajecten in deze regio"),
    ]:
        response = als(client, wereld, rol).get(url(naam))
        assert melding in tekst(response), rol
        controleer_structuur(response, tabel=False)
    response = als(client, wereld, Rol.TRAJECTBEGELEIDER).get(url("caseload"), {"zoek": "Niemand"})
    assert "Geen trajecten gevonden met deze zoekopdracht of filters." in tekst(response)


# --- Caseload --------------------------------------------------------------------------------------------------


def test_caseload_toont_alleen_trajecten_van_de_eigen_organisatie(wereld, dossiers, client):
    response = als(client, wereld, Rol.TRAJECTBEGELEIDER).get(url("caseload"))
    assert set(nummers(response)) == {dossiers.eigen.nummer, dossiers.ingetrokken.nummer}
    pagina = tekst(response)
    assert dossiers.zonder_toestemming.nummer not in pagina  # another provider of the region
    assert dossiers.andere_regio.nummer not in pagina  # the same provider kind in region B
    assert dossiers.eigen.naam in pagina
    assert datums.datum(VANDAAG - datetime.timedelta(days=10)) in pagina  # last contact
    assert datums.datum(VANDAAG - datetime.timedelta(days=20)) in pagina  # start
    assert f'href="{url("deelnemer", nummer=dossiers.eigen.nummer)}"' in response.content.decode()


@pytest.fixture
def caseload(wereld):
    """Seven trajectories of the GGZ provider in several situations, and noise elsewhere."""
    rw = wereld.a
    bram = tweede_begeleider(rw)
    t = {
        "mijn_gestart": maak_trajecten(rw, 3, met_toegang=False),
        "bram_intake": maak_trajecten(rw, 2, begeleider=bram, status=TrajectStatus.INTAKE, methode=Methode.JOBCOACHING),
        "nieuw": maak_trajecten(rw, 1, begeleider=None, status=TrajectStatus.AANGEMELD, methode=Methode.JOBCOACHING),
        "klaar": maak_trajecten(rw, 1, status=TrajectStatus.BEEINDIGD),
    }
    maak_trajecten(rw, 2, aanbieder="reintegratie", begeleider=None)
    maak_trajecten(wereld.b, 2)
    return bram, {k: {tr.deelnemer.nummer for tr in v} for k, v in t.items()}


def test_caseload_filters_en_tellingen_per_status(wereld, caseload, client):
    bram, groepen = caseload
    als(client, wereld, Rol.TRAJECTBEGELEIDER)

    def gevonden(**params) -> set[str]:
        return set(nummers(client.get(url("caseload"), params)))

    alle = set().union(*groepen.values())
    assert gevonden() == alle
    assert gevonden(status="intake") == groepen["bram_intake"]
    assert gevonden(methode="jobcoaching") == groepen["bram_intake"] | groepen["nieuw"]
    assert gevonden(begeleider="mij") == groepen["mijn_gestart"] | groepen["klaar"]
    assert gevonden(begeleider="geen") == groepen["nieuw"]
    assert gevonden(begeleider=str(bram.pk)) == groepen["bram_intake"]
    assert gevonden(methode="jobcoaching", status="aangemeld") == groepen["nieuw"]
    # An invalid value is ignored rather than emptying the list.
    assert gevonden(status="onzin") == alle

    response = client.get(url("caseload"))
    assert tellingen(response) == {"": 7, "aangemeld": 1, "intake": 2, "gestart": 3, "beeindigd": 1, "afgewezen": 0}
    # The counts follow the other filters, and stay visible for every status when one is chosen.
    response = client.get(url("caseload"), {"methode": "jobcoaching", "status": "intake"})
    assert tellingen(response) == {"": 3, "aangemeld": 1, "intake": 2, "gestart": 0, "beeindigd": 0, "afgewezen": 0}
    # The begeleider filter offers the organisation's begeleiders, not those of other providers.
    keuzes = re.search(r'<select name="begeleider".*?</select>', response.content.decode(), re.S).group(0)
    assert "Bram Begeleider" in keuzes and "Mijn trajecten" in keuzes and "Andere begeleider" not in keuzes


def test_caseload_snelfilter_mijn_trajecten(wereld, caseload, client):
    _bram, groepen = caseload
    response = als(client, wereld, Rol.TRAJECTBEGELEIDER).get(url("caseload"))
    link = re.search(r'<a [^>]*href="([^"]+)"[^>]*>Mijn trajecten</a>', response.content.decode())
    assert link
    mijn = client.get(unescape(link.group(1)))
    assert set(nummers(mijn)) == groepen["mijn_gestart"] | groepen["klaar"]
    assert re.search(r'aria-current="true">Mijn trajecten</a>', mijn.content.decode())


def test_caseload_zoeken_op_naam_of_nummer(wereld, dossiers, client):
    rw = wereld.a
    anderen = maak_trajecten(rw, 2, namen=[("Sander", "Bakker"), ("Fatima", "de Vrieze")], met_toegang=False)
    sander, fatima = (t.deelnemer.nummer for t in anderen)
    eigen = {dossiers.eigen.nummer, dossiers.ingetrokken.nummer}
    als(client, wereld, Rol.TRAJECTBEGELEIDER)

    def gevonden(zoek: str) -> set[str]:
        return set(nummers(client.get(url("caseload"), {"zoek": zoek})))

    assert gevonden("Sanne de Vries") == eigen  # first and last name together
    assert gevonden("  sanne   DE vries ") == eigen
    assert gevonden("vrie") == eigen | {fatima}
    assert gevonden("de Vries") == eigen
    assert gevonden("San") == eigen | {sander}
    assert gevonden(dossiers.eigen.nummer) == {dossiers.eigen.nummer}
    assert gevonden(dossiers.eigen.nummer.lower()) == {dossiers.eigen.nummer}
    assert gevonden("Jansen") == set()
    # A participant of another region or provider is never found, not even by its number.
    assert gevonden(dossiers.andere_regio.nummer) == set()
    assert gevonden(dossiers.zonder_toestemming.nummer) == set()


def test_zoeken_schrijft_precies_een_auditregel(wereld, dossiers, client):
    als(client, wereld, Rol.TRAJECTBEGELEIDER)
    client.get(url("caseload"))
    client.get(url("caseload"), {"status": "gestart", "zoek": ""})
    assert zoekregels().count() == 0  # listing and filtering are not searching

    client.get(url("caseload"), {"zoek": "Sanne de Vries"})
    regel = zoekregels().get()
    # The term is stored apart from the description (the audit page shows it only to roles that see names).
    assert (regel.zoekterm, regel.omschrijving) == ("Sanne de Vries", "Zoekopdracht in de lijst caseload")
    assert regel.gebruiker_id == wereld.a.gebruikers[Rol.TRAJECTBEGELEIDER].pk
    assert regel.rol == Rol.TRAJECTBEGELEIDER
    assert regel.regio_id == wereld.a.regio.pk
    assert regel.grondslag == "beheer_deelnemer"
    assert regel.deelnemer_nummer == ""

    client.get(url("caseload"), {"zoek": dossiers.eigen.nummer})
    assert zoekregels().count() == 2
    assert zoekregels().order_by("-id").first().deelnemer_nummer == dossiers.eigen.nummer

    for rol in (Rol.KLANTMANAGER, Rol.PEER_SUPPORTER, Rol.PROJECTLEIDER):
        voor = zoekregels().count()
        als(client, wereld, rol).get(url("deelnemers"))
        assert zoekregels().count() == voor, rol
        als(client, wereld, rol).get(url("deelnemers"), {"zoek": dossiers.eigen.nummer})
        assert zoekregels().count() == voor + 1, rol
        nieuwste = zoekregels().order_by("-id").first()
        assert (nieuwste.rol, nieuwste.zoekterm) == (rol, dossiers.eigen.nummer)


def test_caseload_sorteren(wereld, client):
    rw = wereld.a
    namen = [("Anna", "Zwart"), ("Bert", "Appel"), ("Cor", "Mulder")]
    zwart, appel, mulder = (
        maak_trajecten(
            rw, 1, namen=[naam], verwijsdatum=VANDAAG - datetime.timedelta(days=d), contact=c, met_toegang=False
        )[0]
        for naam, d, c in [
            (namen[0], 50, VANDAAG - datetime.timedelta(days=3)),
            (namen[1], 40, None),
            (namen[2], 45, VANDAAG - datetime.timedelta(days=9)),
        ]
    )
    nieuw = maak_trajecten(
        rw,
        1,
        namen=[("Dirk", "Bos")],
        status=TrajectStatus.AANGEMELD,
        verwijsdatum=VANDAAG - datetime.timedelta(days=1),
        met_toegang=False,
    )[0]
    n = {t.deelnemer.naam: t.deelnemer.nummer for t in (zwart, appel, mulder, nieuw)}
    als(client, wereld, Rol.TRAJECTBEGELEIDER)

    def volgorde(sorteer: str | None) -> list[str]:
        response = client.get(url("caseload"), {"sorteer": sorteer} if sorteer is not None else {})
        return [next(k for k, v in n.items() if v == nr) for nr in nummers(response)]

    # Default: the most recent referral first.
    assert volgorde(None) == ["Dirk Bos", "Bert Appel", "Cor Mulder", "Anna Zwart"]
    assert volgorde("onzin") == volgorde(None)
    assert volgorde("naam") == ["Bert Appel", "Dirk Bos", "Cor Mulder", "Anna Zwart"]
    assert volgorde("-naam") == ["Anna Zwart", "Cor Mulder", "Dirk Bos", "Bert Appel"]
    assert volgorde("nummer") == sorted(n, key=n.get)
    assert volgorde("-nummer") == sorted(n, key=n.get, reverse=True)
    # By status in the order of a trajectory's life; ties keep the order of registration.
    assert volgorde("status") == ["Dirk Bos", "Anna Zwart", "Bert Appel", "Cor Mulder"]
    assert volgorde("-status") == ["Cor Mulder", "Bert Appel", "Anna Zwart", "Dirk Bos"]
    # Without a contact (or a start) a row goes last, in either direction.
    assert volgorde("-contact") == ["Anna Zwart", "Cor Mulder", "Dirk Bos", "Bert Appel"]
    assert volgorde("contact") == ["Cor Mulder", "Anna Zwart", "Bert Appel", "Dirk Bos"]
    assert volgorde("-start") == ["Bert Appel", "Cor Mulder", "Anna Zwart", "Dirk Bos"]
    assert volgorde("start") == ["Anna Zwart", "Cor Mulder", "Bert Appel", "Dirk Bos"]

    # The header of the sorted column says so, and its link reverses the order.
    response = client.get(url("caseload"), {"sorteer": "naam"})
    html = response.content.decode()
    kop = re.search(r'<th[^>]*aria-sort="ascending"[^>]*>\s*<a[^>]*href="([^"]+)"[^>]*>Naam', html)
    assert kop and "sorteer=-naam" in unescape(kop.group(1))
    assert html.count("aria-sort=") == 1
    # The sort order travels with the filter form.
    assert re.search(r'<input type="hidden" name="sorteer" value="naam" form="caseload-filters">', html)


def test_caseload_pagineert_met_de_tellingen_per_status_zonder_eigen_count(wereld, client):
    """The paginator's count comes from the counts per status the page shows anyway: no COUNT query of its
    own, and the same number of rows and pages as counting them would give, with and without a status or
    another filter."""
    maak_trajecten(wereld.a, 30, met_toegang=False)
    maak_trajecten(wereld.a, 3, status=TrajectStatus.INTAKE, met_toegang=False)
    maak_trajecten(wereld.a, 2, methode=Methode.JOBCOACHING, met_toegang=False)
    als(client, wereld, Rol.TRAJECTBEGELEIDER)
    for params in ({}, {"status": "intake"}, {"status": "gestart", "page": "2"}, {"methode": "ips", "page": "2"}):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url("caseload"), params)
        assert response.status_code == 200
        assert not [q["sql"] for q in queries if "COUNT(*)" in q["sql"]], params
        # The begeleiders to filter on and, while no filter but the status is chosen, the counts per status come
        # from one grouped query; then the page's rows: two queries on the trajectories, three with a filter.
        op_trajecten = [q["sql"] for q in queries if 'FROM "trajecten_traject"' in q["sql"]]
        assert len(op_trajecten) == (3 if "methode" in params else 2), (params, op_trajecten)
        # Grouped without the users' table (a begeleider's name is looked up per group): joining it first made
        # PostgreSQL hash every user of the portal (docs/performance.md, 15.).
        gegroepeerd = [sql for sql in op_trajecten if "GROUP BY" in sql]
        assert gegroepeerd and not [sql for sql in gegroepeerd if 'JOIN "hoofdzaak_gebruiker"' in sql], gegroepeerd
        getoond = tekst(response)
        geteld = Traject.objects.filter(
            regio=wereld.a.regio,
            aanbieder=wereld.a.organisaties["ggz"],
            **({"status": params["status"]} if "status" in params else {}),
            **({"methode": params["methode"]} if "methode" in params else {}),
        ).exclude(status=TrajectStatus.AFGEWEZEN)
        aantal = geteld.count()
        paginas = -(-aantal // 25)
        pagina = int(params.get("page", 1))
        assert f"{aantal} trajecten" in getoond, (params, aantal)
        assert (f"Pagina {pagina} van {paginas}" in getoond) is (paginas > 1), params
        assert len(nummers(response)) == min(25, aantal - (pagina - 1) * 25), params
    assert tellingen(client.get(url("caseload"), {"status": "afgewezen"})) and "Geen trajecten gevonden" in tekst(
        client.get(url("caseload"), {"status": "afgewezen"})
    )


def test_caseload_pagineert_per_25(wereld, client):
    maak_trajecten(wereld.a, 30, met_toegang=False)
    maak_trajecten(wereld.a, 2, methode=Methode.JOBCOACHING, met_toegang=False)
    als(client, wereld, Rol.TRAJECTBEGELEIDER)
    eerste = client.get(url("caseload"), {"methode": "ips"})
    assert len(nummers(eerste)) == 25
    assert "Pagina 1 van 2" in tekst(eerste)
    assert "30 trajecten" in tekst(eerste)
    volgende = re.search(r'<a[^>]*rel="next"[^>]*href="([^"]+)"', eerste.content.decode())
    assert volgende and "methode=ips" in volgende.group(1)
    tweede = client.get(url("caseload") + unescape(volgende.group(1)))
    assert "Pagina 2 van 2" in tekst(tweede)
    assert len(nummers(tweede)) == 5
    assert not set(nummers(eerste)) & set(nummers(tweede))
    # Sorting or picking a status starts again at the first page, keeping the other filters.
    links = [
        unescape(h) for h in re.findall(r'<a [^>]*href="(\?[^"]*(?:sorteer|status)=[^"]*)"', tweede.content.decode())
    ]
    assert links and all("page=" not in h and "methode=ips" in h for h in links)
    # An htmx page change gets the rows of that page only.
    fragment = client.get(url("caseload") + unescape(volgende.group(1)), headers={"HX-Request": "true"})
    assert nummers(fragment) == nummers(tweede) and "<h1" not in fragment.content.decode()


# --- The klantmanager's list -----------------------------------------------------------------------------------


def test_klantmanager_ziet_alleen_deelnemers_met_geldige_toestemming(wereld, dossiers, client):
    response = als(client, wereld, Rol.KLANTMANAGER).get(url("deelnemers"))
    assert nummers(response) == [dossiers.eigen.nummer]
    pagina = tekst(response)
    for weg in (dossiers.zonder_toestemming, dossiers.ingetrokken, dossiers.andere_regio):
        assert weg.nummer not in pagina
    # Progress, not the file: no contact details and no notes.
    assert dossiers.eigen.naam in pagina
    assert "06 12345678" not in pagina and "sanne@example.org" not in pagina and NOTITIE not in pagina
    for waarde in (
        "Gestart",
        "IPS (Individuele Plaatsing en Steun)",
        "GGZ Holland Rijnland",
        "Gemeente Holland Rijnland",
    ):
        assert waarde in pagina
    assert datums.datum(VANDAAG - datetime.timedelta(days=20)) in pagina


def test_klantmanager_verliest_deelnemer_bij_intrekken_en_verlopen_toestemming(wereld, dossiers, client):
    als(client, wereld, Rol.KLANTMANAGER)
    assert nummers(client.get(url("deelnemers"))) == [dossiers.eigen.nummer]
    traject_actions.trek_toestemming_in(
        ctx=ctx_van(wereld.a, Rol.TRAJECTBEGELEIDER), toestemming=dossiers.eigen.toestemmingen.get(), datum=VANDAAG
    )
    assert nummers(client.get(url("deelnemers"))) == []

    # Expiry needs no action at all: the grant is still there, the list checks the date itself.
    traject = maak_trajecten(wereld.a, 1)[0]
    assert nummers(client.get(url("deelnemers"))) == [traject.deelnemer.nummer]
    Toestemming.objects.filter(deelnemer=traject.deelnemer).update(geldig_tot=VANDAAG - datetime.timedelta(days=1))
    assert nummers(client.get(url("deelnemers"))) == []


def test_klantmanager_ziet_het_nieuwste_traject(wereld, dossiers, client):
    eerste = dossiers.eigen.trajecten.get()
    Traject.objects.create(
        regio=wereld.a.regio,
        deelnemer=dossiers.eigen,
        methode=Methode.JOBCOACHING,
        aanbieder=wereld.a.organisaties["reintegratie"],
        verwijzer=wereld.a.organisaties["gemeente"],
        status=TrajectStatus.AANGEMELD,
        verwijsdatum=VANDAAG,
    )
    pagina = tekst(als(client, wereld, Rol.KLANTMANAGER).get(url("deelnemers")))
    assert "Aangemeld Jobcoaching Re-integratie Holland Rijnland" in pagina
    assert eerste.aanbieder.naam not in pagina


def test_klantmanager_zoekt_op_naam_of_nummer(wereld, dossiers, client):
    bakker = maak_trajecten(wereld.a, 1, namen=[("Sander", "Bakker")])[0].deelnemer.nummer
    als(client, wereld, Rol.KLANTMANAGER)
    assert set(nummers(client.get(url("deelnemers"), {"zoek": "Sanne de Vries"}))) == {dossiers.eigen.nummer}
    assert set(nummers(client.get(url("deelnemers"), {"zoek": "san"}))) == {dossiers.eigen.nummer, bakker}
    assert nummers(client.get(url("deelnemers"), {"zoek": bakker})) == [bakker]
    # Searching does not widen what the klantmanager may see.
    assert nummers(client.get(url("deelnemers"), {"zoek": dossiers.ingetrokken.nummer})) == []


# --- The peer supporter's list ---------------------------------------------------------------------------------


def test_peer_supporter_ziet_alleen_gekoppelde_deelnemers_met_contactgegevens(wereld, dossiers, client):
    peer_ctx = ctx_van(wereld.a, Rol.PEER_SUPPORTER)
    traject_actions.log_peer_contact(
        ctx=peer_ctx,
        deelnemer=dossiers.eigen,
        datum=VANDAAG - datetime.timedelta(days=3),
        minuten=30,
        notitie="Peer notitie",
    )
    # A session of someone else's is not this peer supporter's last session.
    ander = Gebruiker.objects.create_user(email="peer2@holland-rijnland.test", naam="Tweede peer", password=WACHTWOORD)
    Contactmoment.objects.create(
        regio=wereld.a.regio,
        traject=dossiers.ingetrokken.trajecten.get(),
        datum=VANDAAG - datetime.timedelta(days=1),
        soort=ContactSoort.PEER_SUPPORT,
        minuten=20,
        door=ander,
    )
    response = als(client, wereld, Rol.PEER_SUPPORTER).get(url("deelnemers"))
    assert set(nummers(response)) == {dossiers.eigen.nummer, dossiers.ingetrokken.nummer}
    pagina = tekst(response)
    assert dossiers.zonder_toestemming.nummer not in pagina and dossiers.andere_regio.nummer not in pagina
    assert "06 12345678" in pagina and "sanne@example.org" in pagina
    assert NOTITIE not in pagina and "Peer notitie" not in pagina
    rijen = {
        nr: rij
        for rij in re.findall(r"<tr class=\"utrecht-table__row\">(.*?)</tr>", response.content.decode(), re.S)
        for nr in nummers_in(rij)
    }
    assert datums.datum(VANDAAG - datetime.timedelta(days=3)) in rijen[dossiers.eigen.nummer]
    assert "Nog geen gesprek" in rijen[dossiers.ingetrokken.nummer]


def test_peer_supporter_zoekt_binnen_de_eigen_deelnemers(wereld, dossiers, client):
    als(client, wereld, Rol.PEER_SUPPORTER)
    assert nummers(client.get(url("deelnemers"), {"zoek": dossiers.eigen.nummer})) == [dossiers.eigen.nummer]
    assert nummers(client.get(url("deelnemers"), {"zoek": dossiers.zonder_toestemming.nummer})) == []


# --- The projectleider's pseudonymised list --------------------------------------------------------------------


def test_projectleider_ziet_nummers_maar_geen_namen_of_contactgegevens(wereld, dossiers, client):
    response = als(client, wereld, Rol.PROJECTLEIDER).get(url("deelnemers"))
    html = response.content.decode()
    assert set(nummers(response)) == {
        dossiers.eigen.nummer,
        dossiers.zonder_toestemming.nummer,
        dossiers.ingetrokken.nummer,
    }
    assert dossiers.andere_regio.nummer not in html
    for geheim in (*PERSOONSGEGEVENS, NOTITIE):
        assert geheim not in html
    assert f'href="{url("deelnemer", nummer=dossiers.eigen.nummer)}"' in html
    pagina = tekst(response)
    assert "Re-integratie Holland Rijnland" in pagina and "GGZ Holland Rijnland" in pagina
    # The rows never carry more than the pseudonymous fields, whatever the template does with them.
    rij = response.context["page_obj"][0]
    assert not {"voornaam", "achternaam", "telefoon", "email", "deelnemer__voornaam"} & set(rij)


def test_projectleider_zoekt_alleen_op_nummer(wereld, dossiers, client):
    als(client, wereld, Rol.PROJECTLEIDER)
    # A name search would tell the projectleider who takes part: it finds nothing.
    assert nummers(client.get(url("deelnemers"), {"zoek": "Sanne"})) == []
    assert nummers(client.get(url("deelnemers"), {"zoek": "de Vries"})) == []
    assert nummers(client.get(url("deelnemers"), {"zoek": dossiers.eigen.nummer})) == [dossiers.eigen.nummer]
    assert nummers(client.get(url("deelnemers"), {"zoek": f" {dossiers.eigen.nummer.lower()} "})) == [
        dossiers.eigen.nummer
    ]


def test_projectleider_filtert(wereld, dossiers, client):
    rw = wereld.a
    buur = maak_trajecten(rw, 1, met_toegang=False)[0]
    Deelnemer.objects.filter(pk=buur.deelnemer_id).update(woongemeente=rw.organisaties["gemeente2"])
    jobcoaching = maak_trajecten(rw, 1, methode=Methode.JOBCOACHING, status=TrajectStatus.INTAKE, met_toegang=False)[0]
    als(client, wereld, Rol.PROJECTLEIDER)

    def gevonden(**params) -> set[str]:
        return set(nummers(client.get(url("deelnemers"), params)))

    assert gevonden(gemeente=rw.organisaties["gemeente2"].pk) == {buur.deelnemer.nummer}
    assert gevonden(aanbieder=rw.organisaties["reintegratie"].pk) == {dossiers.zonder_toestemming.nummer}
    assert gevonden(methode="jobcoaching") == {jobcoaching.deelnemer.nummer}
    assert gevonden(status="intake") == {jobcoaching.deelnemer.nummer}
    # An organisation of another region is no valid choice, and filters nothing away.
    assert len(gevonden(aanbieder=wereld.b.organisaties["ggz"].pk)) == 5


# --- Roles without a list --------------------------------------------------------------------------------------


@pytest.mark.parametrize("rol", [Rol.BESTUURDER, Rol.WERKGEVERSADVISEUR])
def test_rollen_zonder_deelnemerstoegang_krijgen_403(wereld, dossiers, client, rol):
    response = als(client, wereld, rol).get(url("deelnemers"), {"zoek": "Sanne"})
    assert response.status_code == 403
    assert dossiers.eigen.nummer not in response.content.decode()
    assert "Sanne" not in response.content.decode()
    assert zoekregels().count() == 0
    assert AuditRegel.objects.filter(actie=AuditActie.GEWEIGERD, gebruiker_id=wereld.a.gebruikers[rol].pk).count() == 1


def test_trajectbegeleider_gaat_naar_de_caseload(wereld, client):
    als(client, wereld, Rol.TRAJECTBEGELEIDER)
    assert client.get(url("deelnemers")).url == url("caseload")
    assert client.get(url("deelnemers"), {"zoek": "Sanne"}).url == url("caseload") + "?zoek=Sanne"


# --- Query count -----------------------------------------------------------------------------------------------


def _queries(client, pad: str, params: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(pad, params or {})
    assert response.status_code == 200
    return len(queries)


def test_lijsten_doen_evenveel_queries_bij_10_en_1000_deelnemers(wereld, client):
    rw = wereld.a
    bram = tweede_begeleider(rw)
    verzoeken = [
        (Rol.TRAJECTBEGELEIDER, "caseload", {}),
        (Rol.TRAJECTBEGELEIDER, "caseload", {"zoek": "Voornaam", "sorteer": "-contact", "methode": "ips"}),
        (Rol.TRAJECTBEGELEIDER, "caseload", {"begeleider": str(bram.pk), "page": "2"}),
        (Rol.KLANTMANAGER, "deelnemers", {}),
        (Rol.KLANTMANAGER, "deelnemers", {"zoek": "Voornaam Achternaam"}),
        (Rol.PEER_SUPPORTER, "deelnemers", {}),
        (Rol.PEER_SUPPORTER, "deelnemers", {"zoek": "voornaam"}),
        (Rol.PROJECTLEIDER, "deelnemers", {}),
        (Rol.PROJECTLEIDER, "deelnemers", {"status": "gestart", "gemeente": rw.organisaties["gemeente"].pk}),
    ]

    def meet() -> list[int]:
        return [_queries(als(client, wereld, rol), url(naam), params) for rol, naam, params in verzoeken]

    maak_trajecten(rw, 5, contact=VANDAAG)
    maak_trajecten(rw, 5, begeleider=bram)
    assert Deelnemer.objects.filter(regio=rw.regio).count() == 10
    klein = meet()

    maak_trajecten(rw, 495, contact=VANDAAG - datetime.timedelta(days=2))
    maak_trajecten(rw, 495, begeleider=bram, status=TrajectStatus.INTAKE)
    assert Deelnemer.objects.filter(regio=rw.regio).count() == 1000
    groot = meet()
    assert groot == klein, (klein, groot)
    # And the constant is small: session, user, memberships, filter choices, counts, page, the search's audit row,
    # the list's read row (chain lock, head, insert: written by the access function when the page is fetched),
    # and saving the session (SESSION_SAVE_EVERY_REQUEST, the idle timeout: savepoint, update, release).
    assert max(groot) <= 18, groot
    # And the pages really were full: the lists did show rows, 25 of them.
    response = als(client, wereld, Rol.KLANTMANAGER).get(url("deelnemers"))
    assert len(nummers(response)) == 25 and "1000 deelnemers" in tekst(response)
