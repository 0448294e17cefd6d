"""No stuck work: a report requested while the broker is unreachable (issue 14, point 4).

The broker is really unreachable here: the portal's Celery app publishes to a Redis port where nothing
listens, and later to a redis-server this test starts on that port (never the machine's shared Redis).
The request is kept as the outbox row (`Rapport.verstuurd_op` empty), says it waits for the background
service instead of "wordt gemaakt", may be requested again, and is handed to the broker by the beat task
`herstel_rapporten` once the broker is back.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import time

import pytest
from django.urls import reverse

from hoofdzaak.models import Rol
from rapportage.archief import actions, tasks
from rapportage.archief.models import Rapport, RapportStatus
from tests.fabriek import KWARTAAL
from tests.processen import vrije_poort


@pytest.fixture
def broker_poort(monkeypatch, settings):
    """The portal's Celery app publishes to redis://127.0.0.1:<port>/0, where nothing listens yet."""
    from hoofdzaak.celery import app

    poort = vrije_poort()
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    # Celery lets the environment's CELERY_BROKER_URL (make test sets one) win over broker_url; not this one.
    monkeypatch.setitem(app.conf, "broker_write_url", f"redis://127.0.0.1:{poort}/0")
    monkeypatch.setitem(app.conf, "broker_transport_options", {"global_keyprefix": ""})
    # Connections and producers are cached per app: start from none, and drop ours afterwards.
    monkeypatch.setattr(app, "_pool", None)
    monkeypatch.setattr(app.amqp, "_producer_pool", None)
    yield poort
    with contextlib.suppress(Exception):
        app.pool.force_close_all()


@contextlib.contextmanager
def redis_server(poort: int):
    """A redis-server of this test's own on `poort`, without persistence; stopped (by its pid) on exit."""
    programma = shutil.which("redis-server")
    if programma is None:  # pragma: no cover - `make test` installs Redis
        pytest.skip("redis-server ontbreekt")
    proces = subprocess.Popen(
        [programma, "--port", str(poort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        import redis

        client = redis.Redis(port=poort, socket_connect_timeout=1)
        eind = time.monotonic() + 20
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > eind:
                    raise
                time.sleep(0.1)
        yield client
    finally:
        proces.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proces.wait(timeout=10)
        if proces.poll() is None:
            proces.kill()


def _taken_in_wachtrij(client) -> list[tuple[str, list]]:
    """(task name, args) of every message waiting in the broker's default queue."""
    from django.conf import settings

    berichten = client.lrange(settings.CELERY_TASK_DEFAULT_QUEUE, 0, -1)
    gevonden = []
    for ruw in berichten:
        bericht = json.loads(ruw)
        gevonden.append((bericht["headers"]["task"], bericht["headers"]["argsrepr"]))
    return gevonden


# Transactional: the request commits and hands its build over right then, as in production.
@pytest.mark.django_db(transaction=True)
def test_aanvraag_zonder_broker_blijft_bewaard_en_gaat_mee_zodra_de_broker_terug_is(wereld, client, broker_poort):
    client.force_login(wereld.a.gebruikers[Rol.PROJECTLEIDER])
    url = reverse("rapport_nieuw", kwargs={"regio": wereld.a.regio.slug})
    data = {"soort": "kwartaal", "jaar": KWARTAAL.van.year, "kwartaal": KWARTAAL.kwartaalnummer}

    response = client.post(url, data, follow=True)
    rapport = Rapport.objects.get()
    assert response.status_code == 200
    pagina = response.content.decode()
    assert "De achtergronddienst die rapporten maakt is even niet bereikbaar" in pagina, pagina
    assert f"{rapport.titel} wordt gemaakt" not in pagina
    assert "Wacht tot de achtergronddienst weer bereikbaar is" in pagina
    assert (rapport.status, rapport.verstuurd_op) == (RapportStatus.WACHTRIJ, None)
    assert rapport.wacht_op_achtergronddienst

    # Asked again: accepted (nothing runs), still one row, still kept.
    response = client.post(url, data)
    assert response.status_code == 302
    assert "Er loopt al een build" not in response.content.decode()
    assert Rapport.objects.count() == 1
    assert Rapport.objects.get().verstuurd_op is None

    # The broker comes back; beat's herstel_rapporten hands the kept request over, once.
    Rapport.objects.update(bijgewerkt_op=rapport.bijgewerkt_op - actions.VASTGELOPEN_NA)
    with redis_server(broker_poort) as redis_client:
        assert tasks.herstel_rapporten() == 1
        assert _taken_in_wachtrij(redis_client) == [("rapportage.tasks.bouw_rapport", f"({rapport.pk},)")]
        rapport.refresh_from_db()
        assert rapport.verstuurd_op is not None and not rapport.wacht_op_achtergronddienst
        assert tasks.herstel_rapporten() == 0
        # Handed over and waiting for a worker: a new request is refused again.
        response = client.post(url, data)
        assert "Er loopt al een build voor dit rapport" in response.content.decode()
        assert len(_taken_in_wachtrij(redis_client)) == 1


def test_bezig_zonder_levende_build_mag_opnieuw_worden_aangevraagd(
    wereld, monkeypatch, django_capture_on_commit_callbacks
):
    from tests.fabriek import ctx_van

    gepland = []
    monkeypatch.setattr(tasks.bouw_rapport, "delay", gepland.append)
    ctx = ctx_van(wereld.a, Rol.PROJECTLEIDER)
    with django_capture_on_commit_callbacks(execute=True):
        rapport = actions.vraag_rapport_aan(ctx=ctx, soort="kwartaal", periode=KWARTAAL)
    # A worker took it and died: 'bezig', its lock released with its connection, recent sign of life.
    Rapport.objects.filter(pk=rapport.pk).update(status=RapportStatus.BEZIG)
    with django_capture_on_commit_callbacks(execute=True):
        opnieuw = actions.vraag_rapport_aan(ctx=ctx, soort="kwartaal", periode=KWARTAAL)
    assert opnieuw.pk == rapport.pk and opnieuw.status == RapportStatus.WACHTRIJ
    assert gepland == [rapport.pk, rapport.pk]
