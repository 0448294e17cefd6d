"""Helpers for tests that run the portal the way docker-compose.yml does, as native processes: gunicorn, a Celery
worker and beat, and a redis-server of the test's own; plus a small HTTP client that talks to gunicorn as the
TLS-terminating proxy would pass a browser's requests on.

The basics (the test database's URL, free ports, waiting, killing a process group) are tests/processen.py's.
Every process gets the test's PostgreSQL database as the connection of the test process has it (pytest-django's
test database, connected as the application role under `make test`), DEBUG off, a free port, and files (logs,
private storage, beat schedule) under the test's tmp directory. Each runs in its own process group, killed as a
whole on exit, so a prefork pool child never outlives its test. Nothing here is imported by the portal.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode

from django.conf import settings
from django.db import connection

from tests.processen import BASIS, database_url, dood, vrije_poort, wacht_op

BIN = Path(sys.executable).parent


@dataclass
class Voorbereid:
    """What the processes of one test session share: collected static files and a bytecode cache."""

    static: Path
    bytecode: Path
    _collectstatic: subprocess.Popen | None = None

    def wacht(self) -> None:
        """Until collectstatic is done (web needs it; migrate, worker and beat do not)."""
        if self._collectstatic is not None:
            uitvoer, _ = self._collectstatic.communicate(timeout=300)
            assert self._collectstatic.returncode == 0, uitvoer
            self._collectstatic = None


_VOORBEREID: dict[str, Voorbereid] = {}


def voorbereid(tmp_path_factory) -> Voorbereid:
    """Once per test session: `manage.py collectstatic` into a directory of the session (docker-compose's `migrate`
    does it for `web`; with DEBUG off the manifest storage needs it), started in the background, and a bytecode
    cache for the processes (PYTHONPYCACHEPREFIX): the image compiles its bytecode at build time, and without one
    every process here would compile the whole portal and its dependencies again (about 5 s each on a busy
    machine)."""
    if "mappen" not in _VOORBEREID:
        mappen = Voorbereid(static=tmp_path_factory.mktemp("static"), bytecode=tmp_path_factory.mktemp("pycache"))
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env.update(DJANGO_DEBUG="0", DJANGO_STATIC_ROOT=str(mappen.static), PYTHONPYCACHEPREFIX=str(mappen.bytecode))
        mappen._collectstatic = subprocess.Popen(
            [sys.executable, "manage.py", "collectstatic", "--noinput"],
            cwd=BASIS,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        _VOORBEREID["mappen"] = mappen
    return _VOORBEREID["mappen"]


def omgeving(tmp_path: Path, *, mappen: Voorbereid, broker: str, wachtrij: str, **extra: str) -> dict[str, str]:
    """The environment of web, worker and beat: the test database, this test's broker, queue and key prefix,
    DEBUG off as in production (the client says it came through the TLS proxy, so the HTTPS redirect stays on),
    private files and logs under the test's tmp directory, the session's static files and bytecode cache."""
    weg = (
        "EMAIL_HOST",
        "CELERY_KEY_PREFIX",
        "DJANGO_SECURE_SSL_REDIRECT",
        "PORTAAL_HOST_PREFIX_COOKIES",
        "PYTHONDONTWRITEBYTECODE",
    )
    env = {k: v for k, v in os.environ.items() if k not in weg}
    env.update(
        DATABASE_URL=database_url(),
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=os.environ.get("DJANGO_SECRET_KEY") or "test-productie-secret",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        PORTAAL_AUDIT_SLEUTEL=os.environ.get("PORTAAL_AUDIT_SLEUTEL") or "test-only-auditlog-sleutel",
        PORTAAL_AUDIT_ANCHOR_DIR=str(tmp_path / "auditankers"),
        PORTAAL_PRIVATE_STORAGE=str(settings.PRIVATE_STORAGE_DIR),
        PORTAAL_URL="https://127.0.0.1",
        CELERY_BROKER_URL=broker,
        CELERY_TASK_DEFAULT_QUEUE=wachtrij,
        # Every broker key of this test under its own prefix, so tests sharing one Redis never meet.
        CELERY_KEY_PREFIX=f"{wachtrij}:",
        DJANGO_STATIC_ROOT=str(mappen.static),
        PYTHONPYCACHEPREFIX=str(mappen.bytecode),
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


@dataclass
class Proces:
    naam: str
    popen: subprocess.Popen
    log: Path

    def uitvoer(self, staart: int = 4000) -> str:
        return self.log.read_text(errors="replace")[-staart:] if self.log.exists() else ""

    def leeft(self) -> bool:
        return self.popen.poll() is None


@contextlib.contextmanager
def proces(naam: str, opdracht: list[str], env: dict[str, str], tmp_path: Path):
    log = tmp_path / f"{naam}.log"
    with log.open("wb") as uitvoer:
        popen = subprocess.Popen(
            opdracht, cwd=BASIS, env=env, stdout=uitvoer, stderr=subprocess.STDOUT, start_new_session=True
        )
    p = Proces(naam, popen, log)
    try:
        yield p
    finally:
        dood(popen)


def _static_klaar() -> None:
    if "mappen" in _VOORBEREID:
        _VOORBEREID["mappen"].wacht()


def gunicorn_opdracht(poort: int, workers: int = 3) -> list[str]:
    """docker-compose's `web`: gunicorn with sync workers (there on 0.0.0.0:8000, here on a loopback port, without
    the control socket)."""
    return [
        str(BIN / "gunicorn"),
        "hoofdzaak.wsgi:application",
        "-b",
        f"127.0.0.1:{poort}",
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
        # This gunicorn (27) opens a control socket at one path in the home directory; two runs on one machine would
        # share it. Nothing here uses it.
        "--no-control-socket",
    ]


def worker_opdracht(naam: str = "worker", *, vertraging: float = 0, concurrency: int = 1) -> list[str]:
    """docker-compose's `worker`: `celery -A hoofdzaak worker --pool prefork`; with `vertraging`, started through
    tests/trage_worker.py, whose PDF rendering sleeps first (so a test can watch or kill a build)."""
    opdracht = [sys.executable, "-m", "tests.trage_worker", str(vertraging)] if vertraging else [str(BIN / "celery")]
    return [
        *opdracht,
        "-A",
        "hoofdzaak",
        "worker",
        "--pool=prefork",
        "-c",
        str(concurrency),
        "-l",
        "info",
        "-n",
        f"{naam}-{uuid.uuid4().hex[:6]}@%h",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]


def beat_opdracht(tmp_path: Path) -> list[str]:
    """docker-compose's `beat`, its schedule file in tmp_path."""
    return [str(BIN / "celery"), "-A", "hoofdzaak", "beat", "-l", "info", "-s", str(tmp_path / "beat-schedule")]


def _web_klaar(basis: str) -> bool:
    try:
        return HttpKlant(basis).get("/gezondheid/", timeout=2).status == 200
    except OSError:
        return False


def _wacht_tot_klaar(p: Proces, klaar) -> None:
    wacht_op(lambda: not p.leeft() or klaar(), 90)
    assert p.leeft(), f"{p.naam} stopte bij het starten:\n{p.uitvoer()}"


@contextlib.contextmanager
def gunicorn(tmp_path: Path, env: dict[str, str], *, workers: int = 3):
    """docker-compose's `web` on a free loopback port; yields (proces, base URL) once /gezondheid/ answers."""
    _static_klaar()
    poort = vrije_poort()
    basis = f"http://127.0.0.1:{poort}"
    with proces("web", gunicorn_opdracht(poort, workers), env, tmp_path) as p:
        _wacht_tot_klaar(p, lambda: _web_klaar(basis))
        yield p, basis


@contextlib.contextmanager
def celery_worker(tmp_path: Path, env: dict[str, str], *, naam: str = "worker", vertraging: float = 0, concurrency=1):
    with proces(naam, worker_opdracht(naam, vertraging=vertraging, concurrency=concurrency), env, tmp_path) as p:
        _wacht_tot_klaar(p, lambda: "ready." in p.uitvoer(100_000))
        yield p


@dataclass
class Portaal:
    web: Proces
    worker: Proces
    beat: Proces
    basis: str


@contextlib.contextmanager
def portaal(tmp_path: Path, env: dict[str, str], *, web_workers: int = 3, concurrency: int = 2):
    """web, worker and beat as docker-compose.yml runs them (3 gunicorn workers, worker concurrency 2, one beat),
    started together and yielded once all three are ready; killed, each as a process group, on exit."""
    _static_klaar()
    poort = vrije_poort()
    basis = f"http://127.0.0.1:{poort}"
    with (
        proces("web", gunicorn_opdracht(poort, web_workers), env, tmp_path) as web,
        proces("worker", worker_opdracht(concurrency=concurrency), env, tmp_path) as worker,
        proces("beat", beat_opdracht(tmp_path), env, tmp_path) as beat,
    ):
        _wacht_tot_klaar(web, lambda: _web_klaar(basis))
        _wacht_tot_klaar(worker, lambda: "ready." in worker.uitvoer(100_000))
        _wacht_tot_klaar(beat, lambda: "beat: Starting" in beat.uitvoer(100_000))
        yield Portaal(web=web, worker=worker, beat=beat, basis=basis)


def migreer_als_eigenaar(env: dict[str, str], eigenaar: tuple[str, str]) -> str:
    """docker-compose's one-off `migrate`: `manage.py migrate` connected as the database owner, which then grants
    the application role its rights (hoofdzaak/rechten.py). Returns its output."""
    db = connection.settings_dict
    gebruiker, wachtwoord = (quote(deel, safe="") for deel in eigenaar)
    url = f"postgres://{gebruiker}:{wachtwoord}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    uitkomst = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=BASIS,
        env={**env, "DATABASE_URL": url, "PORTAAL_DB_APP_ROLE": env.get("PORTAAL_DB_APP_ROLE", "")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert uitkomst.returncode == 0, uitkomst.stdout + uitkomst.stderr
    return uitkomst.stdout


class RedisServer:
    """A redis-server of the test's own on a free port, without persistence, that the test may stop and start."""

    def __init__(self, tmp_path: Path) -> None:
        self.programma = shutil.which("redis-server")
        self.poort = vrije_poort()
        self.tmp_path = tmp_path
        self.popen: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.poort}/0"

    def start(self) -> None:
        assert self.programma, "redis-server ontbreekt (make test installeert het)"
        log = (self.tmp_path / "redis.log").open("ab")
        self.popen = subprocess.Popen(
            [self.programma, "--port", str(self.poort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            cwd=self.tmp_path,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        wacht_op(self.antwoordt, 20, stap=0.05)

    def stop(self) -> None:
        if self.popen is not None:
            self.popen.terminate()
            try:
                self.popen.wait(timeout=10)
            except subprocess.TimeoutExpired:
                dood(self.popen)
            self.popen = None

    def antwoordt(self) -> bool:
        import redis

        try:
            return bool(redis.Redis(port=self.poort, socket_connect_timeout=0.5).ping())
        except redis.RedisError:
            return False


@dataclass
class Antwoord:
    status: int
    headers: dict[str, str]
    inhoud: bytes
    duur: float

    @property
    def tekst(self) -> str:
        return self.inhoud.decode(errors="replace")

    @property
    def location(self) -> str:
        return self.headers.get("location", "")


class _GeenDoorverwijzing(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class HttpKlant:
    """Requests to gunicorn as the TLS proxy passes a browser's on (`X-Forwarded-Proto: https`, `Origin`), keeping
    the cookies it is given (Secure and __Host- ones too: the browser-side connection is HTTPS). No redirects are
    followed; `volg` does that for GETs."""

    basis: str
    koekjes: dict[str, str] = field(default_factory=dict)
    # False: plain HTTP without a proxy in front (`make demo`).
    achter_tls: bool = True

    def verzoek(self, methode: str, pad: str, data: dict | None = None, *, headers=None, timeout=30) -> Antwoord:
        kop = {"User-Agent": "productietest"}
        if self.achter_tls:
            kop["X-Forwarded-Proto"] = "https"
        if self.koekjes:
            kop["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.koekjes.items())
        body = None
        if methode == "POST":
            kop["Origin"] = self.basis.replace("http://", "https://") if self.achter_tls else self.basis
            kop["Referer"] = kop["Origin"] + pad
            kop["Content-Type"] = "application/x-www-form-urlencoded"
            body = urlencode(data or {}, doseq=True).encode()
        kop.update(headers or {})
        opener = urllib.request.build_opener(_GeenDoorverwijzing)
        begin = time.monotonic()
        try:
            with opener.open(
                urllib.request.Request(self.basis + pad, data=body, headers=kop, method=methode), timeout=timeout
            ) as r:
                status, kopregels, inhoud = r.status, r.headers, r.read()
        except urllib.error.HTTPError as fout:
            status, kopregels, inhoud = fout.code, fout.headers, fout.read()
        duur = time.monotonic() - begin
        for regel in kopregels.get_all("Set-Cookie") or []:
            koekje = SimpleCookie()
            koekje.load(regel)
            for naam, morsel in koekje.items():
                if morsel["max-age"] == "0" or (morsel["expires"] and "1970" in morsel["expires"]):
                    self.koekjes.pop(naam, None)
                else:
                    self.koekjes[naam] = morsel.value
        return Antwoord(status, {k.lower(): v for k, v in kopregels.items()}, inhoud, duur)

    def get(self, pad: str, **kwargs) -> Antwoord:
        return self.verzoek("GET", pad, **kwargs)

    def post(self, pad: str, data: dict | None = None, **kwargs) -> Antwoord:
        return self.verzoek("POST", pad, data, **kwargs)

    def volg(self, antwoord: Antwoord, max_stappen: int = 5) -> Antwoord:
        for _ in range(max_stappen):
            if antwoord.status not in (301, 302, 303) or not antwoord.location:
                return antwoord
            doel = antwoord.location.split("://", 1)[-1]
            doel = "/" + doel.split("/", 1)[1] if "://" in antwoord.location else antwoord.location
            antwoord = self.get(doel)
        return antwoord

    def formulier(self, pad: str) -> dict[str, str]:
        """The hidden fields (CSRF token, one-time key) of the first POST form on the page at `pad`."""
        html = self.get(pad).tekst
        velden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
        assert "csrfmiddlewaretoken" in velden, html[:2000]
        return velden
