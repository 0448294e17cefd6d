"""The NEN 7513 audit log: what gets a row, that rows cannot change, the hash chain, the search page."""

from __future__ import annotations

import datetime
import html
import os
import re
import sqlite3
import subprocess
import sys
import threading
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hoofdzaak import audit
from hoofdzaak import models as hoofdzaak_models
from hoofdzaak.models import AuditActie, AuditRegel, Rol
from hoofdzaak.tenancy import RegioContext
from tests.fabriek import WACHTWOORD

alleen_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the append-only trigger exists only on PostgreSQL"
)


def _log_op(monkeypatch, moment: datetime.datetime, **kwargs) -> AuditRegel:
    """Write a row as if it were `moment` (the log stamps rows with the current time itself)."""
    with monkeypatch.context() as patch:
        patch.setattr(timezone, "now", lambda: moment)
        return audit.log(**kwargs)


def _ctx(lidmaatschap) -> RegioContext:
    return RegioContext(regio=lidmaatschap.regio, lidmaatschap=lidmaatschap, lidmaatschappen=(lidmaatschap,))


# Login events --------------------------------------------------------------------------------------


def test_inloggen_schrijft_een_regel(wereld, client):
    gebruiker = wereld.a.gebruikers[Rol.KLANTMANAGER]
    response = client.post(
        reverse("login"),
        {"username": gebruiker.email, "password": WACHTWOORD},
        REMOTE_ADDR="192.0.2.10",
        HTTP_X_FORWARDED_FOR="203.0.113.99",
        HTTP_X_REQUEST_ID="inlog-42",
    )
    assert response.status_code == 302
    regel = AuditRegel.objects.get()
    assert regel.actie == AuditActie.INLOGGEN
    assert (regel.gebruiker_id, regel.gebruiker_email) == (gebruiker.pk, gebruiker.email)
    assert regel.ip == "192.0.2.10"  # X-Forwarded-For is not trusted
    # The client's X-Request-ID is kept apart, untrusted; the request id is the portal's own.
    assert regel.client_request_id == "inlog-42"
    assert re.fullmatch(r"[0-9a-f]{32}", regel.request_id) and regel.request_id == response["X-Request-ID"]
    assert regel.regio is None and regel.organisatie_id is None and regel.rol == ""


def test_mislukt_inloggen_schrijft_een_regel_zonder_wachtwoord(wereld, client):
    gebruiker = wereld.a.gebruikers[Rol.KLANTMANAGER]
    response = client.post(reverse("login"), {"username": gebruiker.email, "password": "Fout-wachtwoord-9876"})
    assert response.status_code == 200
    regel = AuditRegel.objects.get()
    assert regel.actie == AuditActie.INLOGGEN_MISLUKT
    assert gebruiker.email in regel.omschrijving
    assert regel.gebruiker_id is None and regel.gebruiker_email == ""
    assert regel.ip == "127.0.0.1" and regel.request_id
    opgeslagen = audit.canonieke_vorm(regel).decode()
    assert "Fout-wachtwoord" not in opgeslagen and "****" not in opgeslagen


def test_uitloggen_schrijft_een_regel(wereld, client):
    gebruiker = wereld.a.gebruikers[Rol.PROJECTLEIDER]
    client.force_login(gebruiker)
    assert client.post(reverse("logout")).status_code == 302
    acties = list(AuditRegel.objects.order_by("id").values_list("actie", "gebruiker_id"))
    assert acties == [(AuditActie.INLOGGEN, gebruiker.pk), (AuditActie.UITLOGGEN, gebruiker.pk)]


# Denied attempts -----------------------------------------------------------------------------------


def test_geweigerde_rol_schrijft_een_regel(wereld, client):
    lid = wereld.a.lidmaatschappen[Rol.KLANTMANAGER]
    client.force_login(lid.gebruiker)
    url = reverse("beheer_organisaties", kwargs={"regio": wereld.a.regio.slug})
    assert client.get(url).status_code == 403
    regel = AuditRegel.objects.get(actie=AuditActie.GEWEIGERD)
    assert regel.regio == wereld.a.regio
    assert (regel.gebruiker_id, regel.organisatie_id, regel.rol) == (lid.gebruiker_id, lid.organisatie_id, lid.rol)
    assert regel.organisatie_naam == lid.organisatie.naam
    assert regel.object_type == "beheer_organisaties"
    assert url in regel.omschrijving and regel.omschrijving.startswith("403")


def test_regio_zonder_lidmaatschap_schrijft_een_regel_voor_die_regio(wereld, client):
    vreemde = wereld.b.gebruikers[Rol.PROJECTLEIDER]
    client.force_login(vreemde)
    assert client.get(reverse("regio_home", kwargs={"regio": wereld.a.regio.slug})).status_code == 404
    regel = AuditRegel.objects.get(actie=AuditActie.GEWEIGERD)
    assert regel.regio == wereld.a.regio and regel.gebruiker_id == vreemde.pk
    # It acted for no organisation in this region.
    assert regel.organisatie_id is None and regel.rol == ""
    assert regel.omschrijving.startswith("404") and "geen lidmaatschap" in regel.omschrijving


def test_csrf_weigering_op_een_regio_url_schrijft_een_regel(wereld):
    client = Client(enforce_csrf_checks=True)
    gebruiker = wereld.a.gebruikers[Rol.KLANTMANAGER]
    client.force_login(gebruiker)
    assert client.post(reverse("kies_rol", kwargs={"regio": wereld.a.regio.slug})).status_code == 403
    regel = AuditRegel.objects.get(actie=AuditActie.GEWEIGERD)
    assert regel.regio == wereld.a.regio and regel.gebruiker_id == gebruiker.pk
    assert regel.omschrijving.startswith("403 POST") and "verzoek geweigerd" in regel.omschrijving


def test_toegestaan_of_anoniem_geeft_geen_weigering(wereld, client):
    url = reverse("beheer_organisaties", kwargs={"regio": wereld.a.regio.slug})
    assert client.get(url).status_code == 302
    client.force_login(wereld.a.gebruikers[Rol.PROJECTLEIDER])
    assert client.get(url).status_code == 200
    assert not AuditRegel.objects.filter(actie=AuditActie.GEWEIGERD).exists()


# log() ---------------------------------------------------------------------------------------------


def test_log_in_teruggedraaide_transactie_laat_niets_achter(wereld):
    with pytest.raises(RuntimeError), transaction.atomic():
        audit.log(actie=AuditActie.WIJZIGEN, regio=wereld.a.regio, deelnemer_nummer="HR-2026-0042")
        raise RuntimeError("de actie mislukt")
    assert not AuditRegel.objects.exists()


def test_log_zonder_request_voor_een_taak(wereld):
    lid = wereld.a.lidmaatschappen[Rol.TRAJECTBEGELEIDER]
    regel = audit.log(
        actie=AuditActie.EXPORT,
        lidmaatschap=lid,
        deelnemer_nummer="HR-2026-0042",
        grondslag="beheer_deelnemer",
        object_type="traject",
        object_id=42,
        omschrijving="Export van het dossier",
    )
    regel.refresh_from_db()
    assert (regel.gebruiker_id, regel.gebruiker_email) == (lid.gebruiker_id, lid.gebruiker.email)
    assert (regel.regio_id, regel.organisatie_id, regel.rol) == (lid.regio_id, lid.organisatie_id, lid.rol)
    assert (regel.object_type, regel.object_id, regel.grondslag) == ("traject", "42", "beheer_deelnemer")
    assert regel.ip is None and regel.request_id == ""
    with pytest.raises(ValueError):
        audit.log(actie=AuditActie.LEZEN, lidmaatschap=lid, regio=wereld.b.regio)
    with pytest.raises(ValueError):
        audit.log(actie="bekijken")


def test_log_neemt_context_uit_request_en_expliciete_argumenten_winnen(wereld, rf):
    lid = wereld.a.lidmaatschappen[Rol.TRAJECTBEGELEIDER]
    request = rf.get("/", REMOTE_ADDR="2001:db8::1", HTTP_X_FORWARDED_FOR="203.0.113.99")
    request.user, request.regio_ctx, request.request_id = lid.gebruiker, _ctx(lid), "abc"
    regel = audit.log(actie=AuditActie.LEZEN, request=request, deelnemer_nummer="HR-2026-0042")
    assert (regel.gebruiker_id, regel.regio_id, regel.organisatie_id, regel.rol) == (
        lid.gebruiker_id,
        lid.regio_id,
        lid.organisatie_id,
        Rol.TRAJECTBEGELEIDER,
    )
    assert (regel.ip, regel.request_id) == ("2001:db8::1", "abc")

    ander = wereld.a.gebruikers[Rol.KLANTMANAGER]
    regel = audit.log(actie=AuditActie.LEZEN, request=request, gebruiker=ander, regio=wereld.b.regio)
    assert regel.gebruiker_id == ander.pk and regel.regio_id == wereld.b.regio.pk
    # The membership from the request belongs to region A, so it is not what was acted for in B.
    assert regel.organisatie_id is None and regel.rol == ""


def test_te_lange_waarden_worden_afgekapt(wereld):
    regel = audit.log(actie=AuditActie.LEZEN, omschrijving="x" * 2000, object_id="9" * 100)
    regel.refresh_from_db()
    assert len(regel.omschrijving) == 500 and len(regel.object_id) == 64
    assert audit.controleer_keten().in_orde


# Append-only: tests/test_auditlog_keten.py (the application role cannot change rows; the purge).


# Hash chain ---------------------------------------------------------------------------------------


def _vier_regels(wereld) -> list[AuditRegel]:
    return [
        audit.log(actie=AuditActie.LEZEN, regio=wereld.a.regio, deelnemer_nummer=f"HR-2026-000{i}") for i in range(1, 5)
    ]


def _controleer() -> str:
    out = StringIO()
    call_command("controleer_auditlog", stdout=out)
    return out.getvalue()


def test_hashketen_klopt(wereld):
    regels = _vier_regels(wereld)
    assert regels[0].vorige_hash == audit.BEGIN_HASH
    for vorige, regel in zip(regels, regels[1:], strict=False):
        assert regel.vorige_hash == vorige.hash
    for regel in AuditRegel.objects.all():
        assert re.fullmatch(r"[0-9a-f]{64}", regel.hash) and audit.bereken_hash(regel) == regel.hash
    assert "Auditlog in orde: 4 regel(s)" in _controleer()


def test_controle_faalt_bij_een_ingevoegde_regel_met_verkeerde_hash(wereld):
    regels = _vier_regels(wereld)
    vals = AuditRegel.objects.create(actie=AuditActie.LEZEN, vorige_hash=regels[-1].hash, hash="f" * 64)
    with pytest.raises(CommandError, match=rf"regel {vals.pk}: de hash past niet"):
        _controleer()


@alleen_postgresql
@pytest.mark.django_db(transaction=True)
def test_gelijktijdige_schrijvers_vormen_een_keten():
    """A second writer waits for the first one's transaction, so both cannot link to the same row."""
    audit.log(actie=AuditActie.INLOGGEN_MISLUKT, omschrijving="begin")
    gestart, klaar, resultaat = threading.Event(), threading.Event(), {}

    def tweede_schrijver():
        try:
            gestart.set()
            resultaat["regel"] = audit.log(actie=AuditActie.INLOGGEN_MISLUKT, omschrijving="tweede")
        finally:
            connection.close()
            klaar.set()

    thread = threading.Thread(target=tweede_schrijver)
    try:
        with transaction.atomic():
            eerste = audit.log(actie=AuditActie.INLOGGEN_MISLUKT, omschrijving="eerste")
            thread.start()
            assert gestart.wait(5)
            assert not klaar.wait(0.5), "the second writer did not wait for the first one's transaction"
    finally:
        thread.join(10)
    assert resultaat["regel"].vorige_hash == eerste.hash
    assert audit.controleer_keten().in_orde


# Request id ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_request_id_gaat_heen_en_terug(client):
    url = reverse("gezondheid")
    # A client's id is never the request id: two requests sending the same one still get two ids.
    een, twee = (client.get(url, HTTP_X_REQUEST_ID="abc-123-DEF")["X-Request-ID"] for _ in range(2))
    assert een != twee and "abc-123-DEF" not in (een, twee)
    for onzin in ["abc-123-DEF", "kwaad<script>", "a" * 65, "met spatie", ""]:
        assert re.fullmatch(r"[0-9a-f]{32}", client.get(url, HTTP_X_REQUEST_ID=onzin)["X-Request-ID"])
    assert client.get(url)["X-Request-ID"] != client.get(url)["X-Request-ID"]


# The search page ----------------------------------------------------------------------------------


def _moment(dag: int, uur: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2026, 3, dag, uur, 0))


@pytest.fixture
def logboek(wereld, monkeypatch):
    a, b = wereld.a.lidmaatschappen, wereld.b.lidmaatschappen
    return {
        "lezen": _log_op(
            monkeypatch,
            _moment(1),
            actie=AuditActie.LEZEN,
            lidmaatschap=a[Rol.TRAJECTBEGELEIDER],
            deelnemer_nummer="HR-2026-0001",
            grondslag="beheer_deelnemer",
        ),
        "wijzigen": _log_op(
            monkeypatch,
            _moment(5),
            actie=AuditActie.WIJZIGEN,
            lidmaatschap=a[Rol.KLANTMANAGER],
            deelnemer_nummer="HR-2026-0002",
            grondslag="volg_deelnemer",
        ),
        # The same number in the other region never shows up in region A.
        "andere_regio": _log_op(
            monkeypatch,
            _moment(1),
            actie=AuditActie.LEZEN,
            lidmaatschap=b[Rol.TRAJECTBEGELEIDER],
            deelnemer_nummer="HR-2026-0001",
        ),
    }


def _zoek(client, wereld, **params):
    client.force_login(wereld.a.gebruikers[Rol.PROJECTLEIDER])
    return client.get(reverse("beheer_auditlog", kwargs={"regio": wereld.a.regio.slug}), params)


def _gevonden(response) -> list[int]:
    return [regel.pk for regel in response.context["page_obj"]]


def test_zoeken_toont_de_eigen_regio_nieuwste_eerst(wereld, client, logboek):
    response = _zoek(client, wereld)
    assert response.status_code == 200
    assert _gevonden(response) == [logboek["wijzigen"].pk, logboek["lezen"].pk]
    assert "no-store" in response["Cache-Control"]
    assert "HR-2026-0002" in response.content.decode()


def test_zoeken_op_deelnemernummer_wordt_gelogd(wereld, client, logboek):
    response = _zoek(client, wereld, nummer=" hr-2026-0001 ")
    zoekregel = AuditRegel.objects.get(actie=AuditActie.ZOEKEN)
    assert _gevonden(response) == [zoekregel.pk, logboek["lezen"].pk]
    projectleider = wereld.a.lidmaatschappen[Rol.PROJECTLEIDER]
    assert (zoekregel.regio_id, zoekregel.gebruiker_id, zoekregel.organisatie_id) == (
        wereld.a.regio.pk,
        projectleider.gebruiker_id,
        projectleider.organisatie_id,
    )
    assert (zoekregel.deelnemer_nummer, zoekregel.grondslag) == ("HR-2026-0001", "projectleider")
    assert zoekregel.request_id == response["X-Request-ID"]


def test_zoeken_op_gebruiker(wereld, client, logboek):
    email = wereld.a.gebruikers[Rol.KLANTMANAGER].email
    assert _gevonden(_zoek(client, wereld, gebruiker_email=email.upper())) == [logboek["wijzigen"].pk]
    # Only a search by participant number is itself a logged search.
    assert not AuditRegel.objects.filter(actie=AuditActie.ZOEKEN).exists()


def test_zoeken_op_periode(wereld, client, logboek):
    assert _gevonden(_zoek(client, wereld, van="2026-03-02")) == [logboek["wijzigen"].pk]
    # The end date counts as a whole day.
    assert _gevonden(_zoek(client, wereld, tot="2026-03-01")) == [logboek["lezen"].pk]
    assert _gevonden(_zoek(client, wereld, van="2026-03-01", tot="2026-03-05")) == [
        logboek["wijzigen"].pk,
        logboek["lezen"].pk,
    ]


def test_omgekeerde_datums_geven_een_fout_bij_het_veld(wereld, client, logboek):
    response = _zoek(client, wereld, van="2026-03-05", tot="2026-03-01")
    assert response.status_code == 200
    assert _gevonden(response) == []
    assert list(response.context["filters"].errors) == ["tot"]
    inhoud = response.content.decode()
    fout = re.search(r'id="id_tot_error">(.*?)</div>', inhoud, re.S)
    assert fout and "De einddatum ligt voor de begindatum" in fout.group(1)
    assert 'aria-invalid="true"' in inhoud


def test_resultaten_per_vijftig_en_htmx_krijgt_alleen_de_resultaten(wereld, client):
    lid = wereld.a.lidmaatschappen[Rol.TRAJECTBEGELEIDER]
    regels = [audit.log(actie=AuditActie.LEZEN, lidmaatschap=lid, deelnemer_nummer="HR-2026-0042") for _ in range(51)]
    eerste = _zoek(client, wereld, gebruiker_email=lid.gebruiker.email)
    assert len(_gevonden(eerste)) == 50 and _gevonden(eerste)[0] == regels[-1].pk
    # Follow the page's own "next" link, as a user would (with and without htmx).
    volgende = html.unescape(re.search(r'rel="next"\s+href="([^"]+)"', eerste.content.decode()).group(1))
    url = reverse("beheer_auditlog", kwargs={"regio": wereld.a.regio.slug}) + volgende
    assert _gevonden(client.get(url)) == [regels[0].pk]
    fragment = client.get(url, HTTP_HX_REQUEST="true")
    assert _gevonden(fragment) == [regels[0].pk]
    inhoud = fragment.content.decode()
    assert inhoud.lstrip().startswith('<div id="resultaten">') and "<h1" not in inhoud
    assert "no-store" in fragment["Cache-Control"] and "HX-Request" in fragment["Vary"]


def test_aantal_queries_hangt_niet_af_van_het_aantal_regels(wereld, client):
    lid = wereld.a.lidmaatschappen[Rol.TRAJECTBEGELEIDER]
    url = reverse("beheer_auditlog", kwargs={"regio": wereld.a.regio.slug})
    client.force_login(wereld.a.gebruikers[Rol.PROJECTLEIDER])

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    audit.log(actie=AuditActie.LEZEN, lidmaatschap=lid, deelnemer_nummer="HR-2026-0001")
    weinig = queries()
    for i in range(40):
        audit.log(actie=AuditActie.LEZEN, lidmaatschap=lid, deelnemer_nummer=f"HR-2026-{i:04d}")
    assert queries() == weinig


def test_queryset_voor_deelnemer(wereld, logboek):
    gevonden = AuditRegel.objects.voor_deelnemer(wereld.a.regio, "HR-2026-0001")
    assert list(gevonden.values_list("pk", flat=True)) == [logboek["lezen"].pk]


@pytest.mark.parametrize("met_index", [True, False], ids=["postgresql", "als_tekst"])
def test_over_deelnemer_vindt_ook_de_lijsten_die_het_nummer_toonden(wereld, monkeypatch, met_index):
    # als_tekst: the demo's SQLite way (text comparison), run here on the same database.
    monkeypatch.setattr(hoofdzaak_models, "_met_index", lambda db: met_index and connection.vendor == "postgresql")
    ctx = _ctx(wereld.a.lidmaatschappen[Rol.TRAJECTBEGELEIDER])
    eigen = audit.log(actie=AuditActie.LEZEN, lidmaatschap=ctx.lidmaatschap, deelnemer_nummer="HR-2026-0001")
    lijsten = [
        audit.log(actie=AuditActie.LEZEN, lidmaatschap=ctx.lidmaatschap, getoonde_nummers=nummers)
        for nummers in (["HR-2026-0001"], ["HR-2026-0001", "HR-2026-0002"], ["HR-2026-0003", "HR-2026-0001"])
    ]
    # Numbers that only contain or start with it, or only in the other region, are no match.
    audit.log(actie=AuditActie.LEZEN, lidmaatschap=ctx.lidmaatschap, getoonde_nummers=["HR-2026-00011", "HR-2026-0002"])
    audit.log(actie=AuditActie.LEZEN, lidmaatschap=ctx.lidmaatschap, getoonde_nummers=["XHR-2026-0001"])
    audit.log(
        actie=AuditActie.LEZEN,
        lidmaatschap=wereld.b.lidmaatschappen[Rol.TRAJECTBEGELEIDER],
        getoonde_nummers=["HR-2026-0001"],
    )
    gevonden = AuditRegel.objects.over_deelnemer(wereld.a.regio, " hr-2026-0001 ").order_by("id")
    assert list(gevonden.values_list("pk", flat=True)) == [eigen.pk, *(r.pk for r in lijsten)]
    # The audit log search on a number finds the same rows.
    gezocht = AuditRegel.objects.in_regio(wereld.a.regio).gezocht(nummer="HR-2026-0001")
    assert sorted(gezocht.values_list("pk", flat=True)) == [eigen.pk, *(r.pk for r in lijsten)]
    # The page's own log keeps to the record's rows.
    assert list(AuditRegel.objects.voor_deelnemer(wereld.a.regio, "HR-2026-0001").values_list("pk", flat=True)) == [
        eigen.pk
    ]


def test_veranker_en_controle_werken_ook_op_de_sqlite_van_de_demo(tmp_path):
    """Both commands on the demo's SQLite database, pointed at it with DATABASE_URL (issue 13 point 2)."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_DEBUG": "1",
        "DJANGO_SECRET_KEY": "test-only",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        "PORTAAL_AUDIT_SLEUTEL": "test-only-demo-sleutel",
        "PORTAAL_AUDIT_ANCHOR_DIR": str(tmp_path / "ankers"),
    }

    def manage(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    schrijf = "from hoofdzaak import audit\nfor i in range(3): audit.log(actie='lezen', omschrijving=f'regel {i}')"
    for opdracht in (["migrate", "-v0"], ["shell", "-c", schrijf], ["veranker_auditlog"]):
        assert manage(*opdracht).returncode == 0, opdracht
    goed = manage("controleer_auditlog")
    assert goed.returncode == 0 and "Auditlog in orde: 3 regel(s)" in goed.stdout and "1 anker(s)" in goed.stdout
    with sqlite3.connect(tmp_path / "demo.sqlite3") as db:
        db.execute("UPDATE hoofdzaak_auditregel SET omschrijving = 'gewijzigd' WHERE id = 2")
    fout = manage("controleer_auditlog")
    assert fout.returncode != 0 and "Auditlog beschadigd bij regel 2" in fout.stderr


@alleen_postgresql
def test_lijstregels_van_een_nummer_worden_via_de_index_gevonden(wereld):
    with connection.cursor() as cursor:
        # Only bitmap scans allowed: without an index that fits the list condition the plan is a sequential scan.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        sql, params = AuditRegel.objects.toont("HR-2026-0001").query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(r[0] for r in cursor.fetchall())
    assert "auditregel_getoonde_nummers" in plan, plan


def test_auditpagina_van_projectleider_bevat_geen_getypte_naam(wereld, dossiers, client):
    """Names typed into a search by a role that sees names never reach the projectleider's audit page."""
    naam = f"{dossiers.eigen.voornaam} {dossiers.eigen.achternaam}"
    client.force_login(wereld.a.gebruikers[Rol.TRAJECTBEGELEIDER])
    assert client.get(reverse("caseload", kwargs={"regio": wereld.a.regio.slug}), {"zoek": naam}).status_code == 200
    assert AuditRegel.objects.filter(actie=AuditActie.ZOEKEN, zoekterm=naam).exists()

    client.force_login(wereld.a.gebruikers[Rol.PROJECTLEIDER])
    pagina = client.get(reverse("beheer_auditlog", kwargs={"regio": wereld.a.regio.slug})).content.decode()
    assert "Zoekopdracht in de lijst caseload" in pagina and f"zoekopdracht ({len(naam)} tekens)" in pagina
    for deel in (naam, dossiers.eigen.voornaam, dossiers.eigen.achternaam):
        assert deel not in html.unescape(pagina), deel
    # Also a row written before terms were stored apart ("zoekterm: …" in the description) shows no name.
    audit.log(actie=AuditActie.ZOEKEN, regio=wereld.a.regio, omschrijving=f"zoekterm: {naam}")
    pagina = client.get(reverse("beheer_auditlog", kwargs={"regio": wereld.a.regio.slug})).content.decode()
    assert naam not in html.unescape(pagina)


# --- Writing a row: lock and head in one round trip, the INSERT compiled once ---------------------------------


def test_een_regel_kost_vier_rondgangen_en_staat_er_zoals_geschreven(wereld):
    with CaptureQueriesContext(connection) as queries:
        regel = audit.log(
            actie=AuditActie.LEZEN, gebruiker=wereld.a.gebruikers[Rol.TRAJECTBEGELEIDER], regio=wereld.a.regio
        )
    sqls = [q["sql"] for q in queries.captured_queries]
    # BEGIN, lock + head, INSERT, COMMIT (outside a transaction of the caller).
    assert len(sqls) <= 4 and sum("pg_advisory_xact_lock" in sql and "ORDER BY" in sql for sql in sqls) == 1
    opgeslagen = AuditRegel.objects.get(pk=regel.pk)
    velden = [veld.attname for veld in AuditRegel._meta.concrete_fields]
    assert [getattr(opgeslagen, v) for v in velden] == [getattr(regel, v) for v in velden]
    assert not regel._state.adding and audit.bereken_hash(opgeslagen) == opgeslagen.hash
    volgende = audit.log(
        actie=AuditActie.LEZEN, gebruiker=wereld.a.gebruikers[Rol.TRAJECTBEGELEIDER], regio=wereld.a.regio
    )
    assert volgende.vorige_hash == regel.hash and audit.controleer_keten().in_orde


def test_met_een_signaalontvanger_bewaart_django_de_regel(wereld):
    from django.db.models.signals import post_save

    gezien = []

    def ontvanger(sender, instance, created, **kwargs):
        gezien.append((instance.pk, created))

    post_save.connect(ontvanger, sender=AuditRegel)
    try:
        regel = audit.log(
            actie=AuditActie.LEZEN, gebruiker=wereld.a.gebruikers[Rol.TRAJECTBEGELEIDER], regio=wereld.a.regio
        )
    finally:
        post_save.disconnect(ontvanger, sender=AuditRegel)
    assert gezien == [(regel.pk, True)] and AuditRegel.objects.filter(pk=regel.pk, hash=regel.hash).exists()
