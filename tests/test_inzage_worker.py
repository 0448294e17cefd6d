"""Heavy work off the web (issue 14, point 5), with real processes: gunicorn as docker-compose's `web` runs it
(3 sync workers), a Celery worker and a redis-server of this test's own (tests/productie.py).

Three trajectbegeleiders' clicks on "PDF laten maken" at the same moment come back at once with the export queued,
while the worker builds the three PDFs; all that time the health check answers within 100 ms. Before, the PDF was
rendered inside the gunicorn worker: three at once and the health check waited for them (11 s in the issue).
The worker is started through tests/trage_worker.py, whose rendering first sleeps, so the builds last long enough
to measure during them however fast this machine renders.
"""

from __future__ import annotations

import statistics
import threading
import time

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from hoofdzaak.models import Rol
from tests import productie
from tests.fabriek import maak_dossier
from tests.processen import wacht_op
from trajecten.models import InzageExport, InzageStatus

pytestmark = pytest.mark.django_db(transaction=True)

VERTRAGING = 3.0
GEZOND_BINNEN = 0.100


def _sessie(gebruiker) -> dict[str, str]:
    """A session of the user as login and the second step leave it, in the database gunicorn reads."""
    client = Client()
    client.force_login(gebruiker)
    return {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}


def test_gezondheid_blijft_snel_terwijl_de_worker_drie_inzage_pdfs_maakt(
    wereld, tmp_path, tmp_path_factory, record_property
):
    deelnemers = [maak_dossier(wereld.a) for _ in range(3)]
    gebruiker = wereld.a.gebruikers[Rol.TRAJECTBEGELEIDER]
    redis = productie.RedisServer(tmp_path)
    redis.start()
    mappen = productie.voorbereid(tmp_path_factory)
    env = productie.omgeving(tmp_path, mappen=mappen, broker=redis.url, wachtrij=f"inzage-{time.monotonic_ns()}")
    try:
        with (
            productie.celery_worker(tmp_path, env, vertraging=VERTRAGING) as worker,
            productie.gunicorn(tmp_path, env, workers=3) as (web, basis),
        ):
            klanten = [productie.HttpKlant(basis, koekjes=_sessie(gebruiker)) for _ in deelnemers]
            paden = [reverse("inzage", kwargs={"regio": wereld.a.regio.slug, "nummer": d.nummer}) for d in deelnemers]
            formulieren = [klant.formulier(pad) for klant, pad in zip(klanten, paden, strict=True)]

            metingen: list[float] = []
            stop = threading.Event()

            def meet() -> None:
                gezond = productie.HttpKlant(basis)
                while not stop.is_set():
                    antwoord = gezond.get("/gezondheid/", timeout=30)
                    assert antwoord.status == 200
                    metingen.append(antwoord.duur)
                    time.sleep(0.05)

            meter = threading.Thread(target=meet, daemon=True)
            meter.start()
            antwoorden: list = [None] * 3

            def klik(i: int) -> None:
                antwoorden[i] = klanten[i].post(paden[i], formulieren[i])

            kliks = [threading.Thread(target=klik, args=(i,)) for i in range(3)]
            for draad in kliks:
                draad.start()
            for draad in kliks:
                draad.join(timeout=30)
            # Queued, not built, when the answer came: the request did not render anything.
            na_de_klik = {e.status for e in InzageExport.objects.all()}
            assert [a.status for a in antwoorden] == [302, 302, 302], [a.tekst[:500] for a in antwoorden]
            assert InzageExport.objects.count() == 3 and InzageStatus.KLAAR not in na_de_klik, na_de_klik
            klik_duur = max(a.duur for a in antwoorden)

            def klaar() -> bool:
                return set(InzageExport.objects.values_list("status", flat=True)) == {InzageStatus.KLAAR}

            try:
                wacht_op(klaar, 90, stap=0.3)
            except AssertionError as fout:
                raise AssertionError(f"{list(InzageExport.objects.values())}\n{worker.uitvoer()}") from fout
            stop.set()
            meter.join(timeout=35)

            # The three builds took their time in the worker; the health check did not wait for them.
            assert len(metingen) >= 10, metingen
            mediaan, hoogste = statistics.median(metingen), max(metingen)
            traag = sum(m >= GEZOND_BINNEN for m in metingen)
            samenvatting = (
                f"gezondheid tijdens 3 inzage-exports: {len(metingen)} metingen, mediaan {mediaan * 1000:.1f} ms, "
                f"p90 {statistics.quantiles(metingen, n=10)[-1] * 1000:.1f} ms, max {hoogste * 1000:.1f} ms, "
                f"{traag} >= 100 ms; aanvragen beantwoord in {klik_duur * 1000:.0f} ms"
            )
            record_property("gezondheid", samenvatting)
            print(samenvatting)
            assert mediaan < GEZOND_BINNEN, sorted(metingen)
            # This machine is shared: a single check may wait for the scheduler; nine in ten may not.
            assert traag <= len(metingen) // 10, samenvatting
            assert klik_duur < VERTRAGING, klik_duur

            # The requester downloads its PDF through gunicorn.
            pdf = klanten[0].get(paden[0].replace("/inzage/", "/inzage.pdf"))
            assert pdf.status == 200 and pdf.inhoud.startswith(b"%PDF-"), pdf.tekst[:500]
            assert "bouw_inzage" in worker.uitvoer(100_000) and web.leeft()
    finally:
        redis.stop()
