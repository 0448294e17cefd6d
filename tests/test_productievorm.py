"""The production shape, exercised (issue 14, point 7): the portal started the way docker-compose.yml runs it.

As native processes (tests/productie.py): `manage.py migrate` connected as the database owner (compose's one-off
`migrate`; it re-grants the application role its rights), then gunicorn with 3 workers, a Celery worker
(prefork, concurrency 2) and beat, all with DEBUG off and connected as the application role, against this test's
PostgreSQL database and a redis-server of the test's own (broker and cache, as compose's `redis`). The test is
a projectleider's browser behind the TLS proxy: it logs in over HTTP with password and authenticator code,
requests last quarter's report, waits for the worker to build it and downloads a valid PDF. Then it restarts
Redis, and shows that the portal answers throughout (health check and the dashboard, which reads the figures
cache in Redis) and that the next report is built.

Marked `productie` (`make test PYTEST_ARGS="-m productie"` runs only this); `make test` runs it with the rest.
"""

from __future__ import annotations

import os
import re
import subprocess
import threading
import time

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.utils import timezone

from hoofdzaak.models import Rol
from rapportage.archief.models import Rapport, RapportStatus
from rapportage.perioden import Rapportperiode
from tests import productie
from tests.fabriek import EIGENAAR, WACHTWOORD, code_voor, maak_dossier, zorg_voor_app
from tests.processen import wacht_op

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.productie]

BOUW_TIMEOUT = 60


class Rollenteller(threading.Thread):
    """The database roles of every other connection to the test database (web, worker and beat), sampled while
    the test runs: Django closes its connection after each request and task, so one look could see nobody."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.gezien: set[str] = set()
        self.stop = threading.Event()

    def run(self) -> None:
        try:
            while not self.stop.is_set():
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT DISTINCT usename FROM pg_stat_activity "
                        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )
                    self.gezien.update(rij[0] for rij in cursor.fetchall())
                time.sleep(0.1)
        finally:
            connection.close()


def _pad(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1] if "://" in url else url


def _vraag_rapport_aan(klant: productie.HttpKlant, regio: str, periode: Rapportperiode) -> str:
    nieuw = f"/{regio}/rapporten/nieuw/"
    velden = klant.formulier(nieuw)
    antwoord = klant.post(
        nieuw, {**velden, "soort": "kwartaal", "jaar": periode.van.year, "kwartaal": periode.kwartaalnummer}
    )
    assert antwoord.status == 302, antwoord.tekst[:3000]
    pagina = _pad(antwoord.location)
    assert re.fullmatch(rf"/{regio}/rapporten/\d+/", pagina), pagina
    return pagina


def _wacht_op_pdf(klant: productie.HttpKlant, pagina: str, portaal: productie.Portaal) -> bytes:
    """Poll the report's status as the page's htmx does, then download the PDF."""

    def klaar() -> bool:
        status = klant.get(pagina, headers={"HX-Request": "true"})
        assert status.status == 200, status.tekst[:2000]
        assert "Mislukt" not in status.tekst, status.tekst
        return "Download PDF" in status.tekst

    try:
        wacht_op(klaar, BOUW_TIMEOUT, stap=0.5)
    except AssertionError as fout:
        rijen = list(Rapport.objects.values("pk", "status", "voortgang_tekst", "verstuurd_op", "fout"))
        raise AssertionError(f"{rijen}\nworker:\n{portaal.worker.uitvoer()}\nbeat:\n{portaal.beat.uitvoer()}") from fout
    pdf = klant.get(pagina + "download/")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf", pdf.tekst[:500]
    return pdf.inhoud


def _controleer_pdf(inhoud: bytes, tmp_path, *, regio: str, periode: Rapportperiode) -> None:
    assert inhoud.startswith(b"%PDF-"), inhoud[:20]
    bestand = tmp_path / f"rapport-{periode.van:%Y%m}.pdf"
    bestand.write_bytes(inhoud)
    controle = subprocess.run(["qpdf", "--check", str(bestand)], capture_output=True, text=True)
    assert controle.returncode == 0, controle.stdout + controle.stderr
    tekst = subprocess.run(["pdftotext", str(bestand), "-"], capture_output=True, text=True, check=True).stdout
    tekst = " ".join(tekst.split())
    for verwacht in ("Kwartaalrapportage", regio, f"K{periode.kwartaalnummer} {periode.van.year}", "Gestart"):
        assert verwacht in tekst, (verwacht, tekst[:1500])


def test_het_portaal_zoals_docker_compose_het_draait(wereld, tmp_path, tmp_path_factory, record_property):
    begin = time.monotonic()
    for _ in range(3):
        maak_dossier(wereld.a)
    projectleider = wereld.a.gebruikers[Rol.PROJECTLEIDER]
    # Hashed as production does (the test process hashes with MD5 for speed, which gunicorn does not accept).
    hasher = PBKDF2PasswordHasher()
    projectleider.password = hasher.encode(WACHTWOORD, hasher.salt())
    projectleider.save(update_fields=["password"])
    app = zorg_voor_app(projectleider)
    regio = wereld.a.regio
    vorig = Rapportperiode.vorig_kwartaal(timezone.localdate())
    daarvoor = Rapportperiode.vorig_kwartaal(vorig.van)

    redis = productie.RedisServer(tmp_path)
    redis.start()
    wachtrij = f"productie-{os.getpid()}-{time.monotonic_ns()}"
    env = productie.omgeving(
        tmp_path,
        mappen=productie.voorbereid(tmp_path_factory),
        broker=redis.url,
        wachtrij=wachtrij,
        CACHE_URL=f"redis://127.0.0.1:{redis.poort}/1",
        CACHE_KEY_PREFIX=wachtrij,
    )
    app_rol = connection.settings_dict["USER"]
    # Under `make test` the owner's credentials are kept aside (tests/conftest.py); by hand the test may run as it.
    eigenaar = (
        (EIGENAAR["USER"], EIGENAAR["PASSWORD"])
        if EIGENAAR["USER"]
        else (app_rol, connection.settings_dict["PASSWORD"])
    )
    try:
        uitvoer = productie.migreer_als_eigenaar(env, eigenaar)
        assert "No migrations to apply" in uitvoer, uitvoer
        rollen = Rollenteller()
        rollen.start()
        with productie.portaal(tmp_path, env) as portaal:
            opgestart = time.monotonic() - begin

            # Log in over HTTP: password, then the code of the authenticator app.
            klant = productie.HttpKlant(portaal.basis)
            velden = klant.formulier("/account/inloggen/")
            antwoord = klant.post(
                "/account/inloggen/", {**velden, "username": projectleider.email, "password": WACHTWOORD}
            )
            assert antwoord.status == 302, antwoord.tekst[:2000]
            assert _pad(klant.volg(antwoord, max_stappen=1).location).startswith("/account/tweede-stap/")
            velden = klant.formulier("/account/tweede-stap/")
            antwoord = klant.post("/account/tweede-stap/", {**velden, "code": code_voor(app)})
            assert antwoord.status == 302, antwoord.tekst[:2000]
            thuis = klant.volg(antwoord)
            assert thuis.status == 200 and regio.naam in thuis.tekst, thuis.tekst[:2000]

            # Last quarter's report, built by the worker, downloaded as a valid PDF.
            eerste = _vraag_rapport_aan(klant, regio.slug, vorig)
            _controleer_pdf(_wacht_op_pdf(klant, eerste, portaal), tmp_path, regio=regio.naam, periode=vorig)
            eerste_klaar = time.monotonic() - begin

            # Redis restarts; the portal keeps answering: the health check and a page that reads the cache.
            metingen: list[tuple[float, str, int, float]] = []
            stop = threading.Event()

            def meet() -> None:
                meter = productie.HttpKlant(portaal.basis, koekjes=dict(klant.koekjes))
                while not stop.is_set():
                    for pad in ("/gezondheid/", f"/{regio.slug}/dashboard/"):
                        try:
                            antwoord = meter.get(pad, timeout=20)
                            metingen.append((time.monotonic(), pad, antwoord.status, antwoord.duur))
                        except OSError as fout:
                            metingen.append((time.monotonic(), pad, 0, 0.0))
                            print(f"{pad}: {fout}")
                    time.sleep(0.1)

            meter = threading.Thread(target=meet, daemon=True)
            meter.start()
            time.sleep(0.5)
            weg = time.monotonic()
            redis.stop()
            time.sleep(2)
            redis.start()
            terug = time.monotonic()

            # The next report: asked for after the restart, built by the same worker.
            tweede = _vraag_rapport_aan(klant, regio.slug, daarvoor)
            _controleer_pdf(_wacht_op_pdf(klant, tweede, portaal), tmp_path, regio=regio.naam, periode=daarvoor)
            stop.set()
            meter.join(timeout=30)

            tijdens = [m for m in metingen if weg <= m[0] <= terug]
            fout = [m for m in metingen if m[2] != 200]
            assert not fout, fout
            assert {pad for _t, pad, _s, _d in tijdens} == {"/gezondheid/", f"/{regio.slug}/dashboard/"}, metingen
            assert all(p.leeft() for p in (portaal.web, portaal.worker, portaal.beat))
            # Web, worker and beat were connected as the application role, never as the owner.
            rollen.stop.set()
            rollen.join(timeout=10)
            assert rollen.gezien == {app_rol}, rollen.gezien
            if EIGENAAR["USER"]:
                assert app_rol != EIGENAAR["USER"]
            assert set(Rapport.objects.values_list("status", flat=True)) == {RapportStatus.KLAAR}
            samenvatting = (
                f"productievorm: opgestart in {opgestart:.1f} s, eerste rapport klaar na {eerste_klaar:.1f} s; "
                f"Redis {terug - weg:.1f} s weg: {len(tijdens)} antwoorden in die tijd, alle {len(metingen)} "
                f"antwoorden 200 (langste {max(d for *_x, d in metingen) * 1000:.0f} ms); "
                f"tweede rapport klaar, totaal {time.monotonic() - begin:.1f} s"
            )
            record_property("productievorm", samenvatting)
            print(samenvatting)
    finally:
        redis.stop()
