"""Report builds in a real Celery worker process, on Redis and the test database.

Each test starts `celery -A hoofdzaak worker --pool=prefork -c 1` as a subprocess (its own process
group, so the pool child dies with it) with:

- CELERY_BROKER_URL=redis://127.0.0.1:6379/5 (this module's own Redis database) and a queue of its
  own (CELERY_TASK_DEFAULT_QUEUE), so parallel test runs (pytest-xdist) never take each other's tasks;
  what the test leaves in Redis is removed afterwards;
- DATABASE_URL pointing at pytest-django's test database (test_<name>), which is why these tests are
  transactional: the worker only sees committed rows;
- PORTAAL_PRIVATE_STORAGE = the test's private storage directory.

The test process plays the web process: it requests a report through the action, whose queueing is
redirected to a Celery client on the same broker. Subprocesses are always killed in `finally`.

Killing mid-build: `worker(..., vertraging=<seconds>)` starts the worker through tests/trage_worker.py,
which patches the PDF rendering to sleep first; production code has no test hook.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from hoofdzaak import datums
from rapportage import figuren
from rapportage.archief import inhoud, opslag, tasks
from rapportage.archief.models import Rapport, RapportStatus
from rapportage.figuren import Periode
from tests.fabriek import KWARTAAL, pdf_tekst, vraag_aan
from tests.processen import BASIS, database_url, dood, wacht_op

BROKER = os.environ.get("RAPPORTAGE_TEST_BROKER", "redis://127.0.0.1:6379/5")
CELERY = str(Path(sys.executable).with_name("celery"))
START_TIMEOUT = 30
BOUW_TIMEOUT = 40

pytestmark = pytest.mark.django_db(transaction=True)


def _redis():
    import redis

    return redis.Redis.from_url(BROKER, socket_connect_timeout=2)


@pytest.fixture
def wachtrij():
    """A queue of this test's own on the test broker; removed (with unacknowledged leftovers) afterwards."""
    try:
        _redis().ping()
    except Exception as fout:  # pragma: no cover - `make test` starts Redis
        pytest.skip(f"Redis niet bereikbaar op {BROKER}: {fout}")
    naam = f"rapportage-test-{uuid.uuid4().hex[:10]}"
    yield naam
    _ruim_wachtrij_op(naam)


def _ruim_wachtrij_op(naam: str) -> None:
    """Delete the queue and the messages a killed worker left unacknowledged on it (kombu's Redis layout)."""
    import json

    r = _redis()
    r.delete(naam, f"_kombu.binding.{naam}", f"_kombu.binding_permanent.{naam}")
    for lid in r.zrange("_kombu.binding_deadlines", 0, -1):
        if naam.encode() in lid:
            r.zrem("_kombu.binding_deadlines", lid)
    for tag, bericht in r.hgetall("unacked").items():
        with contextlib.suppress(ValueError, TypeError, IndexError):
            inhoud = json.loads(bericht)
            if naam in (inhoud[2], inhoud[1]):  # [message, exchange, routing_key]
                r.hdel("unacked", tag)
                r.zrem("unacked_index", tag)


@pytest.fixture
def via_broker(wachtrij, monkeypatch):
    """Queue builds on the real broker, on this test's queue, instead of running them here."""
    from celery import Celery

    # Not the current app: shared tasks would resolve to this client in this thread from now on.
    client = Celery("testclient", broker=BROKER, set_as_current=False)
    # Celery lets the environment's CELERY_BROKER_URL (make test sets one) win over `broker`; not this one.
    client.conf.broker_write_url = BROKER
    verstuurd = []

    def verstuur(rapport_id):
        verstuurd.append(rapport_id)
        client.send_task("rapportage.tasks.bouw_rapport", args=[rapport_id], queue=wachtrij, routing_key=wachtrij)

    monkeypatch.setattr(tasks.bouw_rapport, "delay", verstuur)
    monkeypatch.setattr(tasks.meld_rapport_klaar, "delay", lambda rapport_id: None)
    yield verstuurd
    client.close()


@contextlib.contextmanager
def worker(tmp_path: Path, naam: str, wachtrij: str, vertraging: float = 0):
    """A Celery worker subprocess; yields (process, log file). Killed (whole process group) on exit."""
    log = tmp_path / f"worker-{naam}.log"
    env = {
        **os.environ,
        "CELERY_BROKER_URL": BROKER,
        "CELERY_TASK_DEFAULT_QUEUE": wachtrij,
        "DATABASE_URL": database_url(),
        "PORTAAL_PRIVATE_STORAGE": str(settings.PRIVATE_STORAGE_DIR),
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or "test-worker-secret",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "PORTAAL_URL": "https://portaal.test",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("EMAIL_HOST", None)
    # This module's broker keys carry no run prefix: the queue name (one per test) keeps runs apart.
    env.pop("CELERY_KEY_PREFIX", None)
    # A slow worker is the same worker started through a wrapper that patches the rendering to sleep.
    opdracht = [sys.executable, "-m", "tests.trage_worker", str(vertraging)] if vertraging else [CELERY]
    opdracht += [
        "-A",
        "hoofdzaak",
        "worker",
        "--pool=prefork",
        "-c",
        "1",
        "-l",
        "info",
        "-n",
        f"test-{naam}-{uuid.uuid4().hex[:6]}@%h",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    with log.open("wb") as uitvoer:
        proces = subprocess.Popen(
            opdracht, cwd=BASIS, env=env, stdout=uitvoer, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        wacht_op(lambda: "ready." in log.read_text(errors="replace") or proces.poll() is not None, START_TIMEOUT)
        assert proces.poll() is None, f"worker stopte bij het starten:\n{log.read_text(errors='replace')[-4000:]}"
        yield proces, log
    finally:
        dood(proces)


def _rapport(pk: int) -> Rapport:
    return Rapport.objects.select_related("regio").get(pk=pk)


def _wacht_tot_klaar(pk: int, log: Path) -> Rapport:
    try:
        wacht_op(lambda: _rapport(pk).status in (RapportStatus.KLAAR, RapportStatus.MISLUKT), BOUW_TIMEOUT)
    except AssertionError as fout:
        staat = _rapport(pk).__dict__
        raise AssertionError(f"rapport niet klaar: {staat}\n{log.read_text(errors='replace')[-4000:]}") from fout
    rapport = _rapport(pk)
    assert rapport.status == RapportStatus.KLAAR, f"{rapport.fout}\n{log.read_text(errors='replace')[-4000:]}"
    return rapport


def _controleer_bestand(rapport: Rapport) -> bytes:
    pad = opslag.bestand_pad(rapport)
    assert opslag.sha256_van(pad) == rapport.sha256
    controle = subprocess.run(["qpdf", "--check", str(pad)], capture_output=True, text=True)
    assert controle.returncode == 0, controle.stdout + controle.stderr
    assert [p.name for p in pad.parent.iterdir()] == [pad.name], "tijdelijke bestanden achtergebleven"
    return pad.read_bytes()


def test_worker_bouwt_kwartaalrapport_met_de_cijfers_van_figuren(cijfers, via_broker, wachtrij, tmp_path):  # noqa: F811
    w = cijfers
    with worker(tmp_path, "e2e", wachtrij) as (_proces, log):
        rapport = vraag_aan(w)
        assert via_broker == [rapport.pk]
        rapport = _wacht_tot_klaar(rapport.pk, log)
    assert (rapport.voortgang, rapport.pogingen) == (100, 1)
    tekst = pdf_tekst(_controleer_bestand(rapport))

    periode = Periode(KWARTAAL.van, KWARTAAL.tot)
    f = figuren.bereken(regio=w.a.regio, periode=periode)
    j = figuren.bereken(regio=w.a.regio, periode=Periode.jaar_tot_en_met(periode.tot))
    assert re.search(rf"Gestart in het kwartaal\s+{f.gestart}\b", tekst)
    assert re.search(rf"Gestart in {periode.tot.year} t/m K{KWARTAAL.kwartaalnummer}\s+{j.gestart_in_jaar}\b", tekst)
    assert re.search(rf"Doelstelling {periode.tot.year}\s+{j.doel}\b", tekst)
    # Every count as the document's suppression prints it (1-4 is "<5"; see test_rapporten).
    pdf_context = inhoud.kwartaal_context(w.a.regio, periode, timezone.localdate())
    c = pdf_context["c"]
    # The date as hoofdzaak.datums writes it ("30 sep. 2026"); "(alle methoden)" may wrap onto the next line.
    stand = re.escape(datums.datum(rapport.periode_tot))
    assert re.search(rf"Lopend op {stand}(?:\s*\(alle(?:\s+methoden\))?)?\s+{re.escape(c['lopend'])}\b", tekst)
    assert re.search(
        rf"Plaatsingen in betaald werk\s+{re.escape(c['k.plaatsingen'])}\s+{re.escape(c['j.plaatsingen'])}", tekst
    )
    assert re.search(
        rf"Duurzaam geworden plaatsingen\s+{re.escape(c['k.duurzame_plaatsingen'])}\s+"
        rf"{re.escape(c['j.duurzame_plaatsingen'])}",
        tekst,
    )
    for label, kwartaal_tekst, _jaar_tekst in pdf_context["funnel"]:
        assert re.search(rf"{re.escape(label)}\s+{re.escape(kwartaal_tekst)}", tekst), label
    assert f"({c['k.ips_teller']} van {c['k.ips_noemer']})" in tekst


def test_worker_die_sneuvelt_laat_precies_een_klaar_rapport_achter(wereld, via_broker, wachtrij, tmp_path):
    with worker(tmp_path, "a", wachtrij, vertraging=8) as (proces, log_a):
        rapport = vraag_aan(wereld)
        # Mid-build: 'bezig' and at least one slow step done.
        wacht_op(lambda: _rapport(rapport.pk).status == RapportStatus.BEZIG and _rapport(rapport.pk).voortgang >= 7, 25)
        os.killpg(proces.pid, signal.SIGKILL)
        proces.wait(timeout=10)
    halverwege = _rapport(rapport.pk)
    assert halverwege.status == RapportStatus.BEZIG
    assert not halverwege.bestand

    # A new worker finds the row its dead predecessor left and builds it (herstel_rapporten at start-up).
    with worker(tmp_path, "b", wachtrij) as (_proces, log_b):
        klaar = _wacht_tot_klaar(rapport.pk, log_b)
        time.sleep(1)
        assert _rapport(rapport.pk).pogingen == 2
    assert Rapport.objects.count() == 1
    assert klaar.pogingen == 2
    assert _controleer_bestand(klaar).startswith(b"%PDF-1.7")
    assert "overgenomen" in log_b.read_text(errors="replace")
