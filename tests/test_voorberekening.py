"""The dashboard's first view after a change, computed ahead by the worker (rapportage/voorberekening.py, issue 17
point 3): a committed write to the data the figures read queues the task once; after it, the projectleider's first
view is read from the cache in a small fixed number of queries; a view before the worker computes the current
figures itself; another region is left alone; each reader gets the page of its own scope."""

from __future__ import annotations

import contextlib
import re

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hoofdzaak.models import Rol
from rapportage import cijfercache, voorberekening
from tests.fabriek import D, ctx_van, traject
from trajecten import actions as traject_actions
from trajecten.models import ContactSoort, Traject

NUMMER = re.compile(r"\b[A-Z]{2}-\d{4}-\d{4,}\b")

# Transactional: the task is queued once a write commits, as in production (in a test wrapped in one transaction
# nothing ever commits).
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def wachtrij(monkeypatch):
    """The tasks `plan()` hands to the broker, recorded instead of sent (and no task waiting from before)."""
    cache.delete(voorberekening.wacht_sleutel())
    gepland: list[dict] = []
    taak = voorberekening.achtergrond.taak(voorberekening.TAAK)
    monkeypatch.setattr(taak, "apply_async", lambda *args, **kwargs: gepland.append(kwargs))
    yield gepland
    cache.delete(voorberekening.wacht_sleutel())


@pytest.fixture
def vooruit(eager, monkeypatch):
    """The worker in-process (Celery eager); records the regions it computed ahead."""
    cache.delete(voorberekening.wacht_sleutel())
    berekend: list[int] = []
    echt = voorberekening.bereken_vooruit

    def bereken_vooruit(**kwargs):
        berekend.append(kwargs["regio_id"])
        return echt(**kwargs)

    monkeypatch.setattr(voorberekening, "bereken_vooruit", bereken_vooruit)
    yield berekend
    cache.delete(voorberekening.wacht_sleutel())


def _dashboard(wereld) -> str:
    return reverse("dashboard", kwargs={"regio": wereld.a.regio.slug})


def _bekijk(client, adres: str):
    """The page and its queries; a PREPARE is not the page's: a connection prepares each compiled-once statement at
    its first use outside a transaction (hoofdzaak/vaste_query.py), whichever page that is."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(adres)
    assert response.status_code == 200
    return response, len([q for q in queries.captured_queries if not q["sql"].startswith("PREPARE ")])


def _vaste_kosten(wereld, regio=None) -> int:
    """The queries every region page makes (the region home of a klantmanager: nothing of its own)."""
    from django.test import Client

    regio = regio or wereld.a
    client = Client()
    client.force_login(regio.gebruikers[Rol.KLANTMANAGER])
    return _bekijk(client, reverse("regio_home", kwargs={"regio": regio.regio.slug}))[1]


def _gestart_in_jaar(response) -> str:
    html = response.content.decode()
    kaart = re.search(r"Gestart in \d{4}</h3>\s*<p[^>]*><strong>([^<]*)</strong>", html)
    return kaart.group(1)


def _contact(wereld, t) -> None:
    """A begeleider logs a contact: a real action, in its own transaction."""
    traject_actions.log_contact(
        ctx=ctx_van(wereld.a, Rol.TRAJECTBEGELEIDER),
        traject=t,
        datum=timezone.localdate(),
        soort=ContactSoort.COACHING,
        minuten=30,
    )


# --- Scheduling ------------------------------------------------------------------------------------------------


def _plannen() -> int:
    return sum(1 for _ids, functie, _robuust in connection.run_on_commit if functie is voorberekening.plan)


def test_een_schrijfactie_plant_de_taak_eenmaal_na_de_commit(wereld, wachtrij):
    t = traject(wereld.a, start=D(2026, 1, 5))
    wachtrij.clear()
    cache.delete(voorberekening.wacht_sleutel())
    with transaction.atomic():
        _contact(wereld, t)
        _contact(wereld, t)  # a second write in the same transaction
        assert _plannen() == 1
        assert wachtrij == []  # nothing before the commit
    assert len(wachtrij) == 1


def test_twee_schrijfacties_na_elkaar_geven_een_taak(wereld, wachtrij):
    t = traject(wereld.a, start=D(2026, 1, 5))
    voorberekening.bereken_gewijzigde()  # the worker took the setup's task
    wachtrij.clear()
    _contact(wereld, t)
    _contact(wereld, t)
    assert len(wachtrij) == 1  # the second finds the first still waiting
    # Once the task has started (it clears the mark before it reads the versions), the next write queues again.
    voorberekening.bereken_gewijzigde()
    _contact(wereld, t)
    assert len(wachtrij) == 2


def test_lezen_en_schrijven_buiten_de_cijfers_plannen_niets(wereld, client, wachtrij):
    traject(wereld.a, start=D(2026, 1, 5))
    client.force_login(wereld.a.gebruikers[Rol.PROJECTLEIDER])
    voorberekening.bereken_gewijzigde()
    wachtrij.clear()
    with transaction.atomic():
        client.get(_dashboard(wereld))  # reads; the session and audit tables are not the figures'
        assert _plannen() == 0
    assert wachtrij == []


class Teruggedraaid(Exception):
    pass


def test_een_teruggedraaide_wijziging_plant_niets(wereld, wachtrij):
    voorberekening.bereken_gewijzigde()
    wachtrij.clear()
    with transaction.atomic():
        with contextlib.suppress(Teruggedraaid), transaction.atomic():
            traject(wereld.a, start=D(2026, 1, 5))
            assert _plannen() == 1
            raise Teruggedraaid
        assert _plannen() == 0
    assert wachtrij == []


# --- The first view after a change -----------------------------------------------------------------------------


def test_na_de_worker_kost_de_eerste_weergave_een_vast_klein_aantal_queries(wereld, client, vooruit):
    traject(wereld.a, start=D(2026, 1, 5))
    client.force_login(wereld.a.gebruikers[Rol.PROJECTLEIDER])
    adres = _dashboard(wereld)
    vooruit.clear()
    with transaction.atomic():
        traject(wereld.a, start=D(2026, 2, 5))  # a change: one more start this year
        # Forced before the worker: computed in the request (the task waits for the commit).
        _response, berekend_in_het_verzoek = _bekijk(client, adres)
    assert vooruit == [wereld.a.regio.pk]  # the worker (eager) ran once, after the commit
    assert voorberekening.vooruit_berekend(wereld.a.regio.pk)

    response, eerste = _bekijk(client, adres)
    _response, herhaald = _bekijk(client, adres)
    # The request's own (as every region page) and the region's data version: figures and form rendered, cached.
    assert eerste == herhaald == _vaste_kosten(wereld) + 1
    assert berekend_in_het_verzoek > 20
    assert _gestart_in_jaar(response) == "2"  # the new start is on it
    assert NUMMER.search(response.content.decode())  # the projectleider's data-quality list
    assert "no-store" in response["Cache-Control"]


def test_een_weergave_voor_de_worker_berekent_de_actuele_cijfers_zelf(wereld, client, wachtrij):
    traject(wereld.a, start=D(2026, 1, 5))
    client.force_login(wereld.a.gebruikers[Rol.PROJECTLEIDER])
    adres = _dashboard(wereld)
    voorberekening.bereken_gewijzigde()
    assert _bekijk(client, adres)[1] == _vaste_kosten(wereld) + 1 and _gestart_in_jaar(_bekijk(client, adres)[0]) == "1"

    traject(wereld.a, start=D(2026, 3, 5))  # queued, but the worker has not run yet
    assert wachtrij
    response, queries = _bekijk(client, adres)
    assert _gestart_in_jaar(response) == "2"  # current, never the figures of the older version
    assert queries > 20  # computed in the request


def test_een_andere_regio_blijft_onaangeroerd(wereld, client, vooruit):
    traject(wereld.a, start=D(2026, 1, 5))
    traject(wereld.b, start=D(2026, 1, 5))
    voorberekening.bereken_gewijzigde()  # as the beat does: both regions computed ahead
    vooruit.clear()
    versie_b = cijfercache.versie(wereld.b.regio.pk)

    traject(wereld.a, start=D(2026, 2, 5))
    assert set(vooruit) == {wereld.a.regio.pk}
    assert cijfercache.versie(wereld.b.regio.pk) == versie_b
    assert voorberekening.bereken_gewijzigde() == []  # nothing left to do, for either region

    client.force_login(wereld.b.gebruikers[Rol.PROJECTLEIDER])
    dashboard_b = reverse("dashboard", kwargs={"regio": wereld.b.regio.slug})
    assert _bekijk(client, dashboard_b)[1] == _vaste_kosten(wereld, wereld.b) + 1


def test_de_beat_vangt_een_wijziging_buiten_django_op(wereld, wachtrij):
    traject(wereld.a, start=D(2026, 1, 5))
    voorberekening.bereken_gewijzigde()
    import psycopg
    from django.conf import settings

    gegevens = settings.DATABASES["default"]
    with psycopg.connect(  # as psql would: the trigger renews the version, Django never sees the statement
        host=gegevens["HOST"],
        port=gegevens["PORT"] or 5432,
        dbname=connection.settings_dict["NAME"],
        user=gegevens["USER"],
        password=gegevens["PASSWORD"],
        autocommit=True,
    ) as buiten:
        buiten.execute("UPDATE trajecten_traject SET methode = methode WHERE regio_id = %s", [wereld.a.regio.pk])
    assert voorberekening.bereken_gewijzigde() == [wereld.a.regio.pk]
    assert voorberekening.bereken_gewijzigde() == []


# --- Each reader its own page --------------------------------------------------------------------------------------


def test_een_bestuurder_krijgt_nooit_de_pagina_van_de_projectleider(wereld, client, vooruit):
    for i in range(4):
        traject(wereld.a, start=D(2026, 1 + i, 5))
    assert wereld.a.regio.pk in vooruit

    client.force_login(wereld.a.gebruikers[Rol.BESTUURDER])
    response, queries = _bekijk(client, _dashboard(wereld))
    html = response.content.decode()
    assert queries > _vaste_kosten(wereld) + 1  # its own scope: computed, not the projectleider's page
    assert not NUMMER.search(html)
    assert "Datakwaliteit" not in html
    assert "&lt;5" in html  # suppressed: four starts in the region
    assert "no-store" not in response["Cache-Control"]


def test_de_pagina_uit_de_cache_is_dezelfde_als_de_berekende(wereld, client, wachtrij):
    """Form and figures rendered ahead (without the request) are the ones the request renders itself."""
    traject(wereld.a, start=D(2026, 1, 5))
    client.force_login(wereld.a.gebruikers[Rol.PROJECTLEIDER])
    adres = _dashboard(wereld)
    berekend, _n = _bekijk(client, adres)
    voorberekening.bereken_gewijzigde()  # same version: the worker finds the page already there
    uit_de_cache, queries = _bekijk(client, adres)
    Traject.objects.filter(regio=wereld.a.regio).update(methode=F("methode"))  # a new version, the same data
    voorberekening.bereken_gewijzigde()  # rendered by the worker alone
    vooruit_berekend, queries_vooruit = _bekijk(client, adres)
    assert queries == queries_vooruit == _vaste_kosten(wereld) + 1

    def deel(response) -> str:
        html = response.content.decode()
        return html[html.index('<div id="dashboard">') : html.index("</main>")]

    assert deel(berekend) == deel(uit_de_cache) == deel(vooruit_berekend)
    assert 'name="gemeente"' in deel(vooruit_berekend) and "Datakwaliteit" in deel(vooruit_berekend)


def test_de_taak_staat_in_het_beatschema_en_is_geregistreerd(settings):
    regel = settings.CELERY_BEAT_SCHEDULE["dashboard-vooruit"]
    assert regel["task"] == voorberekening.TAAK
    assert voorberekening.achtergrond.taak(voorberekening.TAAK).name == voorberekening.TAAK
    assert regel["schedule"].minute == set(range(60))


def test_de_tabellen_waarop_gelet_wordt_zijn_die_met_de_versietrigger(db):
    """The wrapper watches exactly the tables whose writes renew a region's data version (the triggers)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT event_object_table FROM information_schema.triggers "
            "WHERE action_statement LIKE '%%rapportage_cijfers_gewijzigd%%'"
        )
        met_trigger = {rij[0] for rij in cursor.fetchall()}
    assert met_trigger == voorberekening.BRONTABELLEN
