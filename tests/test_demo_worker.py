"""`make demo` runs a real Celery worker: an on-demand report is built in the background, with progress shown.

The test starts `scripts/demo.sh` (what `make demo` runs after migrate and laad_demo) as it is, with the
environment `make demo` gives it: no CELERY_BROKER_URL (so kombu's filesystem transport, in a folder of this
test), no cache server, DEBUG on, and PORT set to a free port. Only the database is the test's PostgreSQL
database instead of var/portaal.sqlite3, so the test can put data in. The test process plays the browser and
the web process: it posts the request form through the view, which queues the build on the same
filesystem broker, and then reads the status page while the demo's worker builds the report.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from hoofdzaak.models import Rol
from rapportage.archief import tasks
from rapportage.archief.models import Rapport, RapportStatus
from tests.fabriek import KWARTAAL
from tests.processen import BASIS, database_url, vrije_poort, wacht_op

pytestmark = pytest.mark.django_db(transaction=True)


@contextlib.contextmanager
def demo(tmp_path: Path, poort: int):
    """scripts/demo.sh in its own process group (web server, worker, beat); killed as a whole afterwards."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("CELERY_BROKER_URL", "CELERY_KEY_PREFIX", "CACHE_URL", "CACHE_KEY_PREFIX", "EMAIL_HOST")
    }
    env.update(
        DJANGO_DEBUG="1",
        DJANGO_SECRET_KEY="demo-test-secret",
        DATABASE_URL=database_url(),
        PORT=str(poort),
        CELERY_BROKER_FOLDER=str(tmp_path / "broker"),
        DEMO_LOGMAP=str(tmp_path / "log"),
        DEMO_BEAT_SCHEDULE=str(tmp_path / "celerybeat-schedule"),
        PORTAAL_PRIVATE_STORAGE=str(settings.PRIVATE_STORAGE_DIR),
        PYTHONUNBUFFERED="1",
    )
    uitvoer = (tmp_path / "demo.log").open("wb")
    proces = subprocess.Popen(
        ["bash", "scripts/demo.sh"],
        cwd=BASIS,
        env=env,
        stdout=uitvoer,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        yield proces, tmp_path / "log" / "worker.log"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proces.pid, signal.SIGTERM)
        try:
            proces.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proces.pid, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proces.pid, signal.SIGKILL)
        uitvoer.close()


@pytest.fixture
def via_demobroker(tmp_path, monkeypatch):
    """The web side queues on the demo's broker: kombu's filesystem transport in this test's folder."""
    from celery import Celery

    map_ = str(tmp_path / "broker")
    Path(map_).mkdir()
    client = Celery("democlient", broker="filesystem://", set_as_current=False)
    # make test sets CELERY_BROKER_URL (Redis), which Celery would let win over `broker`; not here.
    client.conf.broker_write_url = "filesystem://"
    client.conf.broker_transport_options = {"data_folder_in": map_, "data_folder_out": map_, "store_processed": False}
    monkeypatch.setattr(
        tasks.bouw_rapport, "delay", lambda rapport_id: client.send_task("rapportage.tasks.bouw_rapport", [rapport_id])
    )
    yield
    client.close()


def test_demo_bouwt_een_rapport_in_de_worker_en_de_statuspagina_toont_de_voortgang(
    cijfers,  # noqa: F811
    via_demobroker,
    client,
    tmp_path,
):
    w = cijfers
    poort = vrije_poort()
    with demo(tmp_path, poort) as (proces, worker_log):
        wacht_op(lambda: worker_log.exists() and "ready." in worker_log.read_text(errors="replace"), 60)
        # The demo serves on PORT, and says so.
        wacht_op(lambda: _antwoordt(f"http://127.0.0.1:{poort}/account/inloggen/"), 60)
        assert f"http://127.0.0.1:{poort}/" in (tmp_path / "demo.log").read_text()

        client.force_login(w.a.gebruikers[Rol.PROJECTLEIDER])
        url = reverse("rapport_nieuw", kwargs={"regio": w.a.regio.slug})
        data = {"soort": "kwartaal", "jaar": KWARTAAL.van.year, "kwartaal": KWARTAAL.kwartaalnummer}
        response = client.post(url, data)
        rapport = Rapport.objects.get()
        assert response.status_code == 302
        # Not built inside the request: the worker has it.
        assert rapport.status != RapportStatus.KLAAR

        status_url = reverse("rapport", kwargs={"regio": w.a.regio.slug, "pk": rapport.pk})
        gezien: list[str] = []

        def klaar() -> bool:
            html = client.get(status_url, headers={"HX-Request": "true"}).content.decode()
            if m := re.search(r'<progress id="voortgang" max="100" value="(\d+)"', html):
                gezien.append(m.group(1))
            return "Download PDF" in html

        wacht_op(klaar, 90, stap=0.3)
        assert proces.poll() is None, "de demo stopte"
        log = worker_log.read_text(errors="replace")
        assert re.search(r"rapportage\.tasks\.bouw_rapport\[[^\]]+\] succeeded", log), log[-3000:]
        # Before it was done, the status page showed the build's progress bar.
        assert gezien, "de statuspagina toonde geen voortgang"
    rapport.refresh_from_db()
    assert rapport.status == RapportStatus.KLAAR


def _antwoordt(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as antwoord:
            return antwoord.status == 200
    except OSError:
        return False
