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
from urllib.parse import urlencode

from django.conf import settings

from tests.processen import BASIS, database_url, dood, vrije_poort, wacht_op

BIN = Path(sys.executable).parent


_STATIC: dict[str, Path] = {}


def statische_bestanden(tmp_path_factory) -> Path:
    """`manage.py collectstatic` into a directory of this test session, once (docker-compose's `migrate` does it
    for `web`; with DEBUG off the manifest storage needs it). About 3 s."""
    if "map" not in _STATIC:
        doel = tmp_path_factory.mktemp("static")
        env = {**os.environ, "DJANGO_DEBUG": "0", "DJANGO_STATIC_ROOT": str(doel)}
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput"],
            cwd=BASIS,
            env=env,
            check=True,
            capture_output=True,
        )
        _STATIC["map"] = doel
    return _STATIC["map"]


def omgeving(tmp_path: Path, *, static: Path, broker: str, wachtrij: str, **extra: str) -> dict[str, str]:
    """The environment of web, worker and beat: the test database, this test's broker, queue and key prefix,
    DEBUG off as in production (the client says it came through the TLS proxy, so the HTTPS redirect stays on),
    private files and logs under the test's tmp directory, the collected static files at `static`."""
    weg = ("EMAIL_HOST", "CELERY_KEY_PREFIX", "DJANGO_SECURE_SSL_REDIRECT", "PORTAAL_HOST_PREFIX_COOKIES")
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
        DJANGO_STATIC_ROOT=str(static),
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


@contextlib.contextmanager
def gunicorn(tmp_path: Path, env: dict[str, str], *, workers: int = 3):
    """gunicorn as docker-compose's `web` runs it (sync workers), on a free loopback port; yields (proces, url)."""
    poort = vrije_poort()
    opdracht = [
        str(BIN / "gunicorn"),
        "hoofdzaak.wsgi:application",
        "-b",
        f"127.0.0.1:{poort}",
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
    ]
    with proces("web", opdracht, env, tmp_path) as p:
        basis = f"http://127.0.0.1:{poort}"
        wacht_op(lambda: not p.leeft() or _antwoordt(basis + "/gezondheid/"), 60)
        assert p.leeft(), f"gunicorn stopte bij het starten:\n{p.uitvoer()}"
        yield p, basis


def _antwoordt(url: str) -> bool:
    try:
        return HttpKlant(url.rsplit("/gezondheid/", 1)[0]).get("/gezondheid/", timeout=2).status == 200
    except OSError:
        return False


@contextlib.contextmanager
def celery_worker(tmp_path: Path, env: dict[str, str], *, naam: str = "worker", vertraging: float = 0, concurrency=1):
    """`celery -A hoofdzaak worker --pool prefork` as docker-compose's `worker` runs it; with `vertraging`, started
    through tests/trage_worker.py, whose PDF rendering sleeps first (so a test can watch or kill a build)."""
    opdracht = [sys.executable, "-m", "tests.trage_worker", str(vertraging)] if vertraging else [str(BIN / "celery")]
    opdracht += [
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
    with proces(naam, opdracht, env, tmp_path) as p:
        wacht_op(lambda: "ready." in p.uitvoer(100_000) or not p.leeft(), 60)
        assert p.leeft(), f"{naam} stopte bij het starten:\n{p.uitvoer()}"
        yield p


@contextlib.contextmanager
def celery_beat(tmp_path: Path, env: dict[str, str]):
    """`celery -A hoofdzaak beat` as docker-compose's `beat` runs it, its schedule file in tmp_path."""
    opdracht = [str(BIN / "celery"), "-A", "hoofdzaak", "beat", "-l", "info", "-s", str(tmp_path / "beat-schedule")]
    with proces("beat", opdracht, env, tmp_path) as p:
        wacht_op(lambda: "beat: Starting" in p.uitvoer(100_000) or not p.leeft(), 60)
        assert p.leeft(), f"beat stopte bij het starten:\n{p.uitvoer()}"
        yield p


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
