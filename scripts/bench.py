#!/usr/bin/env python
"""`make bench`: the national-scale benchmark (docs/performance.md).

Against the database `hoofdzaak_landelijk` (generated first with `python -m bench.genereer_landelijk` when it
holds no regions), in one go:

1. pages over loopback only (127.0.0.1), gunicorn with 2 sync workers and persistent connections
   (DATABASE_CONN_MAX_AGE=600), load by wrk: (0) a bare Django application (bench/kaal.py, the
   reference), (a) the region home page, (b)/(c) the caseload of the provider with ~1,000 / ~30
   trajectories, (d) a participant page, (e) the projectleider dashboard, (f) the employer list, and
   (h) the begeleider's start page with its worklist, and (g) 20 connections over all these pages of
   five users at once; SQL queries per request measured
   in-process (test client + CaptureQueriesContext), and in-process each page with the figures cache
   emptied, and the dashboard's first view after a committed (no-op) write in its region once the worker
   (Celery eager, in-process, as without a broker) computed it ahead (`na_wijziging`);
2. the quarterly and monthly PDF, built in-process, split into figures, template and WeasyPrint;
3. the monthly batch of every gemeente of the country with 2 worker processes vs 1, and the RSS of a
   worker process after 500 builds;
4. granting for 1,000 participants (set-based, and the per-participant herbereken_toegang for reference),
   against a reference write of the same rows.

Every budget is a ratio to a reference measured in the same run ((0), (a), WeasyPrint, a plain write),
so the result says something about the code, not about the machine; absolute numbers are shown for
information. Prints a table with PASS/FAIL per budget, writes var/bench.json and exits 1 when a budget
fails.
Sign-in: sessions are created directly in the session store for the benchmark accounts
(`sessie_voor`); if a second factor is added to the login flow, add its session key there.
"""

# ruff: noqa: S603, S607 - runs our own fixed commands (manage.py, gunicorn, wrk, psql) with fixed arguments

from __future__ import annotations

import argparse
import datetime
import json
import multiprocessing
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BASIS = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASIS))
PYTHON = str(BASIS / ".venv/bin/python") if (BASIS / ".venv/bin/python").exists() else sys.executable
VAR = BASIS / "var"
HOST = "127.0.0.1"  # loopback only, never anything else

DB_NAAM = os.environ.get("BENCH_DB", "hoofdzaak_landelijk")
if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", DB_NAAM):
    raise SystemExit(f"ongeldige databasenaam: {DB_NAAM!r}")
PG = {"host": HOST, "port": "5432", "user": "hoofdzaak", "password": os.environ.get("PGPASSWORD", "hoofdzaak")}
OMGEVING = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": os.environ.get("BENCH_SECRET_KEY", "bench-" + "x" * 50),
    "PORTAAL_AUDIT_SLEUTEL": os.environ.get("BENCH_AUDIT_SLEUTEL", "bench-auditlog-" + "x" * 40),
    "PORTAAL_KOPPEL_SLEUTEL": os.environ.get("BENCH_KOPPEL_SLEUTEL", "bench-koppel-" + "x" * 40),
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    # Plain-http loopback run: the __Host- cookie prefix needs HTTPS (see .env.example).
    "PORTAAL_HOST_PREFIX_COOKIES": "0",
    # jit=off: PostgreSQL's JIT compiler costs ~80 ms per dashboard/report query at this size and wins
    # nothing on queries of a few ms (docs/performance.md); dj-database-url passes `options` to libpq.
    "DATABASE_URL": f"postgres://{PG['user']}:{PG['password']}@{HOST}:{PG['port']}/{DB_NAAM}"
    + os.environ.get("BENCH_DB_OPTIES", "?options=-c%20jit%3Doff"),
    "DATABASE_CONN_MAX_AGE": "600",
    # The figures cache in Redis, as in production (docker-compose.yml); its own database, emptied
    # before every measurement that should start cold.
    "CACHE_URL": f"redis://{HOST}:6379/" + os.environ.get("BENCH_CACHE_DB", "3"),
    "DJANGO_STATIC_ROOT": str(VAR / "bench-static"),
    "PORTAAL_PRIVATE_STORAGE": str(VAR / "bench-private"),
    "DJANGO_LOG_LEVEL": "WARNING",
}
WEG_UIT_OMGEVING = ("CELERY_BROKER_URL", "CACHE_URL", "EMAIL_HOST")

# Budgets (issues "National scale" and "Per-request cost"), each a ratio to a reference of the same run.
# Cost of a page relative to a reference = rps(reference) / rps(page).
BUDGET = {
    "ratio_kaal": 8.0,  # (a) against (0), the bare Django application
    "queries_home": 4,  # (a)
    "ratio_lijst": 10.0,  # (b), (c), (d), (f) against (a)
    "ratio_dashboard": 20.0,  # (e) against (a)
    # (e) in-process, the first view after a change of the region's data (the worker computes ahead), against (a)
    "ratio_dashboard_koud": 5.0,
    # p99 of (b), (c), (d) against the p50 of (0): 100 ms on the machine where 0.77 ms was measured.
    "p99_per_p50_kaal": 130.0,
    "queries_max": 30,  # every page
    "pdf_overhead": 0.20,  # quarterly: (figures + template) / WeasyPrint render, figures computed
    "pdf_overhead_maand": 0.20,  # monthly gemeente report, likewise
    "batch_speedup": 1.7,
    # The monthly batch on 2 processes against (gemeenten × WeasyPrint time of one monthly report):
    # 240 s for 341 gemeenten on the machine where WeasyPrint took 0.233 s per monthly report ≈ 3.0.
    "batch_per_weasyprint": 3.0,
    "rss_groei": 2.0,  # worker RSS after 500 builds against its RSS after 10
    # Recomputing the grants of 1,000 participants against writing the same rows with one bulk INSERT.
    "rechten_per_schrijven": 4.0,
}


def log(tekst: str) -> None:
    print(tekst, flush=True)


def omgeving() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in WEG_UIT_OMGEVING}
    env.update(OMGEVING)
    env["PGPASSWORD"] = PG["password"]
    return env


def python(*args: str, logbestand: Path | None = None) -> None:
    uit = logbestand.open("a") if logbestand else None
    try:
        subprocess.run([PYTHON, *args], cwd=BASIS, env=omgeving(), check=True, stdout=uit, stderr=uit)
    finally:
        if uit:
            uit.close()


def manage(*args: str, logbestand: Path | None = None) -> None:
    python("manage.py", *args, logbestand=logbestand)


def zorg_voor_database(schaal: float) -> None:
    env = omgeving()
    psql = ["psql", "-h", HOST, "-U", PG["user"], "-d", "postgres", "-tAc"]
    vraag = f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAAM}'"  # noqa: S608 - name checked above
    bestaat = subprocess.run([*psql, vraag], env=env, capture_output=True, text=True)
    if bestaat.returncode != 0:
        raise SystemExit(f"PostgreSQL op {HOST} niet bereikbaar: {bestaat.stderr.strip()}")
    if bestaat.stdout.strip() != "1":
        log(f"database {DB_NAAM} aanmaken")
        subprocess.run(["createdb", "-h", HOST, "-U", PG["user"], DB_NAAM], env=env, check=True)
    manage("migrate", "--noinput", "-v", "0")
    manage("collectstatic", "--noinput", "-v", "0")


# --- Django in-process -------------------------------------------------------------------------------------


def django_opzetten() -> None:
    for sleutel in WEG_UIT_OMGEVING:
        os.environ.pop(sleutel, None)
    os.environ.update(OMGEVING)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoofdzaak.settings")
    import django

    django.setup()


def genereer_zo_nodig(schaal: float) -> None:
    from hoofdzaak.models import Regio

    if Regio.objects.exists():
        return
    logbestand = VAR / "genereer_landelijk.log"
    log(f"geen regio's in {DB_NAAM}: python -m bench.genereer_landelijk --schaal {schaal} (log: {logbestand})")
    start = time.monotonic()
    python("-m", "bench.genereer_landelijk", "--schaal", str(schaal), logbestand=logbestand)
    log(f"  gegenereerd in {time.monotonic() - start:.0f} s")


def sessie_voor(gebruiker) -> str:
    """A signed-in session for `gebruiker`, as login + second step would leave it.

    hoofdzaak.security reads INGELOGD_OP (absolute lifetime) and keeps a Sessie registry row; django-otp
    reads the verified device. To go through the real login views instead: POST e-mail and password to
    /account/inloggen/, then the code of `manage.py demo_code <e-mail>` to /account/tweede-stap/."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    SessionStore = import_module(settings.SESSION_ENGINE).SessionStore  # noqa: N806

    from hoofdzaak import security
    from hoofdzaak.models import Sessie

    sessie = SessionStore()
    sessie[SESSION_KEY] = str(gebruiker.pk)
    sessie[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    sessie[HASH_SESSION_KEY] = gebruiker.get_session_auth_hash()
    sessie[security.INGELOGD_OP] = time.time()
    # Second step (hoofdzaak/tweefactor.py, django-otp): the session is verified with the user's
    # authenticator app, as django_otp.login() leaves it after a correct code.
    try:
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice
    except ImportError:  # no 2FA installed
        pass
    else:
        apparaat = TOTPDevice.objects.filter(user=gebruiker, confirmed=True).order_by("pk").first()
        if apparaat is None:
            apparaat = TOTPDevice.objects.create(user=gebruiker, name="Bench", confirmed=True)
        sessie[DEVICE_ID_SESSION_KEY] = apparaat.persistent_id
    sessie.create()
    Sessie.objects.create(gebruiker=gebruiker, sessie_sleutel=sessie.session_key)
    return sessie.session_key


def pagina_s() -> list[dict]:
    """The pages: key, label, user, path. (a) is the region home of a role whose start page has no parts
    of its own (the klantmanager): the fixed cost of every region page and nothing else. (h) is the
    begeleider's start page with its worklist (hoofdzaak/startpagina.py, trajecten/werklijst.py)."""
    from django.db.models import Count, Q

    from bench import landelijk
    from hoofdzaak.models import Gebruiker, Regio
    from trajecten.models import ACTIEVE_STATUSSEN, Deelnemer

    regio = Regio.objects.get(naam=landelijk.BENCH_REGIO)
    groot = Gebruiker.objects.get(email=f"bench-tb-groot@{landelijk.DOMEIN}")
    # A participant of the big provider with an active trajectory, at the 90th percentile of contacts.
    kandidaten = list(
        Deelnemer.objects.filter(
            regio=regio,
            trajecten__aanbieder__naam=landelijk.GROOT,
            trajecten__status__in=ACTIEVE_STATUSSEN,
        )
        .annotate(n=Count("trajecten__contactmomenten", filter=Q(trajecten__aanbieder__naam=landelijk.GROOT)))
        .order_by("n", "pk")
        .values_list("nummer", "n")
    )
    nummer, aantal_contacten = kandidaten[int(len(kandidaten) * 0.9)]
    s = regio.slug

    def g(sleutel: str):
        return Gebruiker.objects.get(email=f"bench-{sleutel}@{landelijk.DOMEIN}")

    return [
        {"sleutel": "a", "label": "regio-home (triviaal)", "gebruiker": g("km"), "pad": f"/{s}/"},
        {"sleutel": "b", "label": "caseload ~1000", "gebruiker": groot, "pad": f"/{s}/caseload/"},
        {"sleutel": "c", "label": "caseload ~30", "gebruiker": g("tb-klein"), "pad": f"/{s}/caseload/"},
        {
            "sleutel": "d",
            "label": f"deelnemer ({aantal_contacten} contacten)",
            "gebruiker": groot,
            "pad": f"/{s}/deelnemers/{nummer}/",
        },
        {"sleutel": "e", "label": "dashboard projectleider", "gebruiker": g("pl"), "pad": f"/{s}/dashboard/"},
        {"sleutel": "f", "label": "werkgeverslijst", "gebruiker": g("wga"), "pad": f"/{s}/werkgevers/"},
        {"sleutel": "h", "label": "startpagina begeleider (werklijst)", "gebruiker": groot, "pad": f"/{s}/"},
    ]


MENGSEL_VERBINDINGEN = 20


def tel_queries(pagina_s_: list[dict]) -> None:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    for pagina in pagina_s_:
        client = Client(HTTP_HOST=HOST)
        client.cookies[settings.SESSION_COOKIE_NAME] = pagina["sessie"]
        client.get(pagina["pad"])  # warm: first-request work (menu, templates) is not what we count
        with CaptureQueriesContext(connection) as vastgelegd:
            antwoord = client.get(pagina["pad"])
        pagina["status"] = antwoord.status_code
        pagina["queries"] = len(vastgelegd.captured_queries)
        pagina["sql_ms"] = round(sum(float(q["time"]) for q in vastgelegd.captured_queries) * 1000, 1)
        # In-process, the cache emptied first: what the first view after a change of the data costs.
        cache_leeg()
        with CaptureQueriesContext(connection) as vastgelegd:
            client.get(pagina["pad"])
        pagina["queries_koud"] = len(vastgelegd.captured_queries)
        pagina["koud_ms"] = round(1000 * _mediaan(lambda c=client, pad=pagina["pad"]: c.get(pad), 3, koud=True), 1)
        pagina["warm_ms"] = round(1000 * _mediaan(lambda c=client, pad=pagina["pad"]: c.get(pad), 3), 1)
        if pagina["sleutel"] == "e":
            na_wijziging(pagina, client)
        if antwoord.status_code != 200:
            raise SystemExit(f"{pagina['pad']} gaf {antwoord.status_code} voor {pagina['gebruiker'].email}")


def na_wijziging(pagina: dict, client, keer: int = 3) -> None:
    """The dashboard's first view after a change of the region's data, as users meet it: a write to a table the
    figures read commits (its trigger gives the region a new data version), the worker computes the first view
    ahead (rapportage/voorberekening.py; Celery eager here, in-process, as without a broker), then the view.
    The write changes nothing: it sets the programme office's name to itself. Median of `keer`; the view only."""
    from django.db import connection, transaction
    from django.db.models import F
    from django.test.utils import CaptureQueriesContext

    from hoofdzaak.models import Organisatie
    from rapportage import voorberekening

    regio = pagina["gebruiker"].lidmaatschappen.filter(actief=True).values_list("regio_id", flat=True).first()
    bureau = Organisatie.objects.filter(regio_id=regio, soort="programmabureau").values_list("pk", flat=True).first()
    tijden = []
    for _ in range(keer):
        with transaction.atomic():
            Organisatie.objects.filter(pk=bureau).update(naam=F("naam"))
        if not voorberekening.vooruit_berekend(regio):
            raise SystemExit("de worker rekende de eerste weergave na de wijziging niet vooruit")
        with CaptureQueriesContext(connection) as vastgelegd:
            start = time.perf_counter()
            antwoord = client.get(pagina["pad"])
            tijden.append(time.perf_counter() - start)
        if antwoord.status_code != 200:
            raise SystemExit(f"{pagina['pad']} gaf {antwoord.status_code} na een wijziging")
    pagina["na_wijziging_ms"] = round(1000 * statistics.median(tijden), 1)
    pagina["queries_na_wijziging"] = len(vastgelegd.captured_queries)


# --- Web load ------------------------------------------------------------------------------------------------


def vrije_poort() -> int:
    import socket

    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_gunicorn(poort: int, app: str = "hoofdzaak.wsgi:application", pad: str = "/gezondheid/") -> subprocess.Popen:
    proces = subprocess.Popen(
        [
            str(BASIS / ".venv/bin/gunicorn"),
            app,
            "--workers",
            "2",
            "--bind",
            f"{HOST}:{poort}",
            "--log-level",
            "warning",
            "--error-logfile",
            str(VAR / "bench-gunicorn.log"),
        ],
        cwd=BASIS,
        env=omgeving(),
    )
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://{HOST}:{poort}{pad}", timeout=2) as antwoord:
                if antwoord.status == 200:
                    return proces
        except OSError:
            time.sleep(0.2)
    proces.terminate()
    raise SystemExit("gunicorn kwam niet op")


def kinderen(pid: int) -> list[int]:
    pids = []
    for taak in Path(f"/proc/{pid}/task").iterdir():
        tekst = (taak / "children").read_text().split()
        pids += [int(p) for p in tekst]
    return pids


def geheugen_kb(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) in kB."""
    waarden = {}
    for regel in Path(f"/proc/{pid}/status").read_text().splitlines():
        if regel.startswith(("VmRSS:", "VmHWM:")):
            sleutel, waarde = regel.split(":", 1)
            waarden[sleutel] = int(waarde.split()[0])
    return waarden.get("VmRSS", 0), waarden.get("VmHWM", 0)


def _ms(waarde: str) -> float:
    getal, eenheid = re.fullmatch(r"([\d.]+)(us|ms|s|m)", waarde).groups()
    return float(getal) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[eenheid]


def wrk(url: str, cookie: str | None, seconden: int, verbindingen: int, script: Path | None = None) -> dict:
    extra = ["-H", f"Cookie: {cookie}"] if cookie else []
    if script:
        extra += ["-s", str(script)]
    uit = subprocess.run(
        [
            "wrk",
            "-t",
            "2",
            "-c",
            str(verbindingen),
            "-d",
            f"{seconden}s",
            "--latency",
            "--timeout",
            "10s",
            *extra,
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconden + 30,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", uit).group(1))
    latentie = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", uit, re.M))
    fouten = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", uit)
    socket_fouten = re.search(r"Socket errors: (.*)", uit)
    return {
        "rps": rps,
        "p50_ms": _ms(latentie["50"]),
        "p99_ms": _ms(latentie["99"]),
        "fouten": int(fouten.group(1)) if fouten else 0,
        "socketfouten": socket_fouten.group(1) if socket_fouten else "",
        "aantal": int(re.search(r"(\d+) requests in", uit).group(1)),
    }


def warm_workers(url: str, cookie: str | None) -> None:
    """Two requests at once, twice: each sync worker serves the page at least once before wrk measures.

    A worker's first request of a page pays lazy imports (the Redis client, the charts, …) — seconds on a
    loaded machine, longer than wrk's warm-up — which is process start cost, not the page's."""
    from concurrent.futures import ThreadPoolExecutor

    def een(_i: int) -> None:
        verzoek = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310 - loopback
        with urllib.request.urlopen(verzoek, timeout=120) as antwoord:  # noqa: S310 - our own loopback URL
            antwoord.read()

    with ThreadPoolExecutor(2) as pool:
        for _ronde in range(2):
            list(pool.map(een, range(2)))


def _log_rij(rij: dict) -> None:
    log(
        f"  ({rij['sleutel']}) {rij['label']:<32} {rij['rps']:8.1f} req/s  "
        f"p50 {rij['p50_ms']:6.1f} ms  p99 {rij['p99_ms']:6.1f} ms"
    )
    if rij["fouten"] or rij["socketfouten"]:
        log(f"      LET OP: {rij['fouten']} antwoorden anders dan 2xx/3xx; socketfouten: {rij['socketfouten']}")


PAREN = 5  # paired 2-second slices of (0) and (a) for the ratio (a)/(0)


def kaal_belasting(seconden: int, verbindingen: int, a_url: str, a_cookie: str) -> dict:
    """(0): the bare Django application of bench/kaal.py on the same gunicorn and wrk settings.

    Besides its own row, (0) and (a) are measured in `PAREN` alternating 2-second slices while both
    servers run (only one under load at a time), and the budget takes the median of the per-pair
    ratios: other work on the machine that comes and goes then weighs on both sides alike."""
    poort = vrije_poort()
    proces = start_gunicorn(poort, "bench.kaal:application", "/")
    try:
        url = f"http://{HOST}:{poort}/"
        wrk(url, None, 2, verbindingen)  # warm-up
        rij = {"sleutel": "0", "label": "kale Django-app (referentie)", **wrk(url, None, seconden, verbindingen)}
        rij["load_1m"] = round(os.getloadavg()[0], 2)
        _log_rij(rij)
        warm_workers(a_url, a_cookie)
        paren = []
        for _ in range(PAREN):
            nul = wrk(url, None, 2, verbindingen)["rps"]
            a = wrk(a_url, a_cookie, 2, verbindingen)["rps"]
            paren.append(round(nul / max(a, 1e-9), 2))
        rij["paren_a_per_0"] = paren
        rij["ratio_a_gepaard"] = statistics.median(paren)
        log(f"      (a)/(0) in {PAREN} paren van 2 s: {paren} → mediaan {rij['ratio_a_gepaard']}×")
    finally:
        proces.terminate()
        proces.wait(timeout=30)
    return rij


def _mengsel_script(pagina_s_: list[dict]) -> Path:
    """A wrk script that sends each connection's requests round the pages, each with its own user's
    session, starting at a different page per connection."""
    from django.conf import settings

    verzoeken = [(p["pad"], f"{settings.SESSION_COOKIE_NAME}={p['sessie']}") for p in pagina_s_]
    lua_lijst = ",\n".join(f'  {{"{pad}", "{cookie}"}}' for pad, cookie in verzoeken)
    script = VAR / "bench-mengsel.lua"
    script.write_text(
        "local verzoeken = {\n" + lua_lijst + "\n}\n"
        "local teller = 0\n"
        "function init(args)\n  teller = math.random(#verzoeken)\nend\n"
        "function request()\n"
        "  teller = teller % #verzoeken + 1\n"
        "  local v = verzoeken[teller]\n"
        '  return wrk.format("GET", v[1], {["Cookie"] = v[2]})\n'
        "end\n"
    )
    return script


def web_belasting(pagina_s_: list[dict], seconden: int, verbindingen: int) -> dict:
    from django.db import connections

    connections.close_all()
    from django.conf import settings

    poort = vrije_poort()
    proces = start_gunicorn(poort)
    try:
        a = next(p for p in pagina_s_ if p["sleutel"] == "a")
        kaal = kaal_belasting(
            seconden,
            verbindingen,
            f"http://{HOST}:{poort}{a['pad']}",
            f"{settings.SESSION_COOKIE_NAME}={a['sessie']}",
        )
        for pagina in pagina_s_:
            url = f"http://{HOST}:{poort}{pagina['pad']}"
            cookie = f"{settings.SESSION_COOKIE_NAME}={pagina['sessie']}"
            warm_workers(url, cookie)
            wrk(url, cookie, 2, verbindingen)  # warm-up: connections, caches, PostgreSQL buffers
            pagina.update(wrk(url, cookie, seconden, verbindingen))
            pagina["load_1m"] = round(os.getloadavg()[0], 2)
            _log_rij(pagina)
        # (g): 20 connections on the 2 workers, every page of every benchmark user mixed.
        script = _mengsel_script(pagina_s_)
        url = f"http://{HOST}:{poort}/"
        wrk(url, None, 2, MENGSEL_VERBINDINGEN, script)
        gebruikers = len({p["gebruiker"].pk for p in pagina_s_})
        mengsel = {
            "sleutel": "g",
            "label": f"mengsel a–f, {gebruikers} gebruikers, {MENGSEL_VERBINDINGEN} verb.",
            **wrk(url, None, seconden, MENGSEL_VERBINDINGEN, script),
            "load_1m": round(os.getloadavg()[0], 2),
        }
        _log_rij(mengsel)
        workers = kinderen(proces.pid)
        web_rss = {str(pid): round(geheugen_kb(pid)[1] / 1024, 1) for pid in workers}
    finally:
        proces.terminate()
        proces.wait(timeout=30)
    return {"web_piek_rss_mb": web_rss, "kaal": kaal, "mengsel": mengsel}


# --- PDFs --------------------------------------------------------------------------------------------------


def cache_leeg() -> None:
    """Empty the figures cache: the next figures are computed, not read. The sessions' copies
    (hoofdzaak/sessies.py, same Redis database) stay: a cold first view of the figures is not a new login."""
    from django.core.cache import cache

    from hoofdzaak.sessies import SLEUTEL_PREFIX

    client = cache._cache.get_client(write=True)
    weg = [sleutel for sleutel in client.scan_iter(count=1000) if SLEUTEL_PREFIX.encode() not in sleutel]
    for begin in range(0, len(weg), 1000):
        client.delete(*weg[begin : begin + 1000])


def _mediaan(meting, keer: int, *, koud: bool = False) -> float:
    """Median seconds of `meting()`; with `koud`, the cache is emptied before each run (not timed)."""
    tijden = []
    for _ in range(keer):
        if koud:
            cache_leeg()
        start = time.perf_counter()
        meting()
        tijden.append(time.perf_counter() - start)
    return statistics.median(tijden)


def pdf_metingen(keer: int) -> dict:
    from django.utils import timezone

    from bench import landelijk
    from hoofdzaak.models import Organisatie, Regio
    from rapportage.models import RapportSoort
    from rapportage.perioden import Rapportperiode

    vandaag = timezone.localdate()
    regio = Regio.objects.get(naam=landelijk.BENCH_REGIO)
    gemeente = Organisatie.objects.gemeenten().filter(regio=regio).order_by("naam").first()
    uit = {}
    for soort, periode, scope in (
        (RapportSoort.KWARTAAL, Rapportperiode.vorig_kwartaal(vandaag), None),
        (RapportSoort.MAAND, Rapportperiode.vorige_maand(vandaag), gemeente),
    ):
        uit[str(soort)] = _meet_pdf(regio, soort, periode, scope, keer)
    return uit


def _meet_pdf(regio, soort, periode, scope, keer: int) -> dict:
    from django.db import connection
    from django.template.loader import render_to_string
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from rapportage.archief import actions, pdf
    from rapportage.archief import inhoud as rapporten

    def bouw():
        return actions.maak_rapport_nu(regio=regio, soort=soort, periode=periode, scope=scope)

    rapport = bouw()  # warm-up
    totaal = _mediaan(bouw, keer, koud=True)
    nu = timezone.now()
    cache_leeg()
    with CaptureQueriesContext(connection) as vastgelegd:
        template, context = rapporten.context_voor(rapport, gemaakt_op=nu)
    volledig = {**context, "pdf_titel": rapport.titel}
    html = render_to_string(template, volledig)
    t_template = _mediaan(lambda: render_to_string(template, volledig), keer)
    # The budget counts the figures as a build meets them: computed, not from the cache. Figures and WeasyPrint are
    # measured in `keer` alternating pairs and the overhead is the median of the pairs' ratios (as (a)/(0)): a
    # machine whose speed drifts between two blocks of measurements (other work, the database cleaning up after
    # the previous phase) moves both halves of a pair alike.
    paren = []
    for _ in range(keer):
        t_cijfers_i = _mediaan(lambda: rapporten.context_voor(rapport, gemaakt_op=nu), 1, koud=True)
        t_weasy_i = _mediaan(lambda: pdf.html_naar_pdf(html), 1)
        paren.append((t_cijfers_i, t_weasy_i))
    t_cijfers = statistics.median(c for c, _w in paren)
    t_weasy = statistics.median(w for _c, w in paren)
    t_cijfers_warm = _mediaan(lambda: rapporten.context_voor(rapport, gemaakt_op=nu), keer)
    meting = {
        "totaal_s": round(totaal, 3),
        "cijfers_s": round(t_cijfers, 3),
        "cijfers_uit_cache_s": round(t_cijfers_warm, 3),
        "template_s": round(t_template, 3),
        "weasyprint_s": round(t_weasy, 3),
        "overhead": round(statistics.median((c + t_template) / w for c, w in paren), 3),
        "overhead_paren": [round((c + t_template) / w, 3) for c, w in paren],
        "queries": len(vastgelegd.captured_queries),
    }
    log(
        f"  {soort}: totaal {totaal:.2f} s = cijfers {t_cijfers:.2f} + template {t_template:.3f} "
        f"+ WeasyPrint {t_weasy:.2f} (+ opslaan); overhead {meting['overhead']:.0%} (mediaan van {keer} paren: "
        f"{', '.join(f'{x:.0%}' for x in meting['overhead_paren'])}), {meting['queries']} queries"
    )
    return meting


# --- The monthly batch ------------------------------------------------------------------------------------


def _kind_start() -> None:
    from django.db import connections

    connections.close_all()


def _bouw_een(rapport_id: int) -> tuple[int, int, int, float]:
    """One build as the worker does it (actions.bouw), after putting the row back in the queue as a concept (a
    monthly report is approved automatically when its data-quality list is empty, and an approved version is
    never built again; benchmark data only)."""
    from rapportage.archief import actions
    from rapportage.models import Rapport, RapportStatus

    start = time.perf_counter()
    Rapport.objects.filter(pk=rapport_id).update(
        status=RapportStatus.WACHTRIJ,
        fout="",
        goedgekeurd_op=None,
        goedgekeurd_door=None,
        goedgekeurd_door_naam="",
        automatisch_goedgekeurd=False,
    )
    actions.bouw(rapport_id=rapport_id)
    rss, hwm = geheugen_kb(os.getpid())
    return os.getpid(), rss, hwm, time.perf_counter() - start


def maandbatch(max_gemeenten: int | None, geheugen_builds: int) -> dict:
    from django.db import connections, transaction
    from django.utils import timezone

    from hoofdzaak.models import Organisatie
    from rapportage.models import Rapport, RapportSoort, RapportStatus
    from rapportage.perioden import Rapportperiode

    periode = Rapportperiode.vorige_maand(timezone.localdate())
    gemeenten = list(Organisatie.objects.gemeenten().select_related("regio").order_by("regio_id", "naam"))
    if max_gemeenten:
        gemeenten = gemeenten[:max_gemeenten]
    ids = []
    with transaction.atomic():
        # A fresh concept per gemeente each run: a report built before is a version (approved automatically when
        # its data-quality list was empty), and a build never touches an approved version (benchmark data only).
        Rapport.objects.filter(soort=RapportSoort.MAAND, periode_van=periode.van, periode_tot=periode.tot).delete()
        for gemeente in gemeenten:
            rapport = Rapport.objects.create(
                regio=gemeente.regio,
                soort=RapportSoort.MAAND,
                periode_van=periode.van,
                periode_tot=periode.tot,
                scope=gemeente,
                status=RapportStatus.WACHTRIJ,
            )
            ids.append(rapport.pk)
    for rapport_id in ids[:4]:  # warm-up in this process: imports, fonts, PostgreSQL buffers
        _bouw_een(rapport_id)
    connections.close_all()
    cache_leeg()  # each run starts without cached figures; within a run a region's own figures are shared
    ctx = multiprocessing.get_context("fork")
    uit: dict = {"gemeenten": len(ids)}

    with ctx.Pool(2, initializer=_kind_start) as pool:
        start = time.perf_counter()
        resultaten = pool.map(_bouw_een, ids, chunksize=1)
        uit["twee_s"] = round(time.perf_counter() - start, 1)
    per_kind: dict[int, list] = {}
    for pid, rss, hwm, _s in resultaten:
        per_kind.setdefault(pid, []).append((rss, hwm))
    uit["twee_rss_mb"] = {str(pid): round(w[-1][0] / 1024, 1) for pid, w in per_kind.items()}
    uit["twee_builds_per_kind"] = {str(pid): len(w) for pid, w in per_kind.items()}
    log(f"  2 processen: {len(ids)} maandrapporten in {uit['twee_s']} s")

    cache_leeg()
    with ctx.Pool(1, initializer=_kind_start) as pool:
        start = time.perf_counter()
        resultaten = pool.map(_bouw_een, ids, chunksize=1)
        uit["een_s"] = round(time.perf_counter() - start, 1)
        log(f"  1 proces:    {len(ids)} maandrapporten in {uit['een_s']} s")
        extra = []
        while len(resultaten) + len(extra) < geheugen_builds:
            nodig = geheugen_builds - len(resultaten) - len(extra)
            extra += pool.map(_bouw_een, ids[:nodig], chunksize=1)
        laatste = (resultaten + extra)[-1]
        uit["geheugen_builds"] = len(resultaten) + len(extra)
        uit["rss_na_builds_mb"] = round(laatste[1] / 1024, 1)
        uit["piek_rss_mb"] = round(laatste[2] / 1024, 1)
        rss_reeks = [r[1] for r in resultaten + extra]
        uit["rss_na_10_mb"] = round(rss_reeks[min(9, len(rss_reeks) - 1)] / 1024, 1)
    uit["versnelling"] = round(uit["een_s"] / uit["twee_s"], 2)
    log(
        f"  versnelling {uit['versnelling']}x; RSS na {uit['geheugen_builds']} builds {uit['rss_na_builds_mb']} MB "
        f"(na 10: {uit['rss_na_10_mb']} MB, piek {uit['piek_rss_mb']} MB)"
    )
    return uit


# --- Grants ------------------------------------------------------------------------------------------------


def rechten_meting() -> dict:
    from django.db import transaction

    from bench import landelijk
    from hoofdzaak.models import Regio
    from trajecten.models import Deelnemer, DeelnemerGroupObjectPermission, DeelnemerUserObjectPermission
    from trajecten.toegang import herbereken_toegang, herbereken_toegang_bulk

    regio = Regio.objects.get(naam=landelijk.BENCH_REGIO)
    ids = list(Deelnemer.objects.filter(regio=regio).order_by("pk").values_list("pk", flat=True)[:1000])
    aantal = 0

    def bulk() -> float:
        """Every grant of the 1,000 written anew: their grants deleted first (not timed), rolled back after."""
        nonlocal aantal
        with transaction.atomic():
            for model in (DeelnemerGroupObjectPermission, DeelnemerUserObjectPermission):
                model.objects.filter(content_object_id__in=ids).delete()
            start = time.perf_counter()
            aantal, _weg = herbereken_toegang_bulk(ids)
            duur = time.perf_counter() - start
            transaction.set_rollback(True)
        return duur

    def schrijven() -> float:
        """The reference: the same grant rows, deleted first (not timed), written back with one bulk
        INSERT and nothing else; rolled back after."""
        with transaction.atomic():
            rijen = {
                model: list(model.objects.filter(content_object_id__in=ids))
                for model in (DeelnemerGroupObjectPermission, DeelnemerUserObjectPermission)
            }
            for model in rijen:
                model.objects.filter(content_object_id__in=ids).delete()
            start = time.perf_counter()
            for model, objecten in rijen.items():
                for obj in objecten:
                    obj.pk = None
                model.objects.bulk_create(objecten, batch_size=5_000)
            duur = time.perf_counter() - start
            transaction.set_rollback(True)
        return duur

    bulk()  # warm-up
    schrijven()
    bulk_s = statistics.median(bulk() for _ in range(5))
    schrijven_s = statistics.median(schrijven() for _ in range(5))
    deelnemers = list(Deelnemer.objects.filter(pk__in=ids[:100]))
    start = time.perf_counter()
    for deelnemer in deelnemers:
        herbereken_toegang(deelnemer)
    per_stuk_s = (time.perf_counter() - start) * len(ids) / len(deelnemers)
    log(
        f"  rechten voor {len(ids)} deelnemers ({aantal} grants): set-based {bulk_s * 1000:.0f} ms "
        f"(dezelfde rijen schrijven: {schrijven_s * 1000:.0f} ms); "
        f"herbereken_toegang per deelnemer ~{per_stuk_s * 1000:.0f} ms (geëxtrapoleerd uit 100)"
    )
    return {
        "deelnemers": len(ids),
        "grants": aantal,
        "bulk_ms": round(bulk_s * 1000, 1),
        "schrijven_ms": round(schrijven_s * 1000, 1),
        "ratio": round(bulk_s / schrijven_s, 2),
        "per_deelnemer_ms": round(per_stuk_s * 1000, 1),
    }


# --- Report ------------------------------------------------------------------------------------------------


def _rps(rij: dict) -> float:
    """Requests per second, never 0: a page that completed nothing within wrk's timeout costs 'infinitely' much."""
    return max(rij["rps"], 1e-9)


def oordeel(resultaat: dict) -> list[tuple[str, str, bool]]:
    p = {pagina["sleutel"]: pagina for pagina in resultaat["paginas"]}
    a = p["a"]["rps"]
    kaal = resultaat["kaal"]
    regels = []
    ratio_a = kaal["ratio_a_gepaard"]
    regels.append(
        (
            f"(a) kosten ≤ {BUDGET['ratio_kaal']:.0f}× (0) (mediaan van {PAREN} paren)",
            f"{ratio_a:.1f}× (10 s-rijen: {kaal['rps'] / max(a, 1e-9):.1f}×)",
            ratio_a <= BUDGET["ratio_kaal"],
        )
    )
    regels.append(
        (f"(a) ≤ {BUDGET['queries_home']} queries", str(p["a"]["queries"]), p["a"]["queries"] <= BUDGET["queries_home"])
    )
    for sleutel in ("b", "c", "d", "f", "h"):
        ratio = a / _rps(p[sleutel])
        regels.append(
            (f"({sleutel}) kosten ≤ {BUDGET['ratio_lijst']:.0f}× (a)", f"{ratio:.1f}×", ratio <= BUDGET["ratio_lijst"])
        )
    grens = BUDGET["p99_per_p50_kaal"] * kaal["p50_ms"]
    for sleutel in ("b", "c", "d"):
        regels.append(
            (
                f"({sleutel}) p99 ≤ {BUDGET['p99_per_p50_kaal']:.0f}× p50 van (0) (= {grens:.0f} ms)",
                f"{p[sleutel]['p99_ms']:.1f} ms",
                p[sleutel]["p99_ms"] <= grens,
            )
        )
    ratio_e = a / _rps(p["e"])
    regels.append(
        (f"(e) kosten ≤ {BUDGET['ratio_dashboard']:.0f}× (a)", f"{ratio_e:.1f}×", ratio_e <= BUDGET["ratio_dashboard"])
    )
    ratio_koud = p["e"]["na_wijziging_ms"] / p["a"]["warm_ms"]
    regels.append(
        (
            f"(e) eerste weergave na een wijziging ≤ {BUDGET['ratio_dashboard_koud']:.0f}× (a), in-process",
            f"{ratio_koud:.1f}× ({p['e']['queries_na_wijziging']} queries; in het verzoek berekend: "
            f"{p['e']['koud_ms'] / p['a']['warm_ms']:.1f}×)",
            ratio_koud <= BUDGET["ratio_dashboard_koud"],
        )
    )
    hoogste = max(pagina["queries"] for pagina in resultaat["paginas"])
    regels.append(
        (
            f"queries per pagina ≤ {BUDGET['queries_max']}, (b) = (c)",
            f"max {hoogste}; b {p['b']['queries']}, c {p['c']['queries']}",
            hoogste <= BUDGET["queries_max"] and p["b"]["queries"] == p["c"]["queries"],
        )
    )
    m = resultaat["mengsel"]
    fouten = sum(pagina.get("fouten", 0) for pagina in [*resultaat["paginas"], m, kaal])
    socket = [x["socketfouten"] for x in [*resultaat["paginas"], m, kaal] if x.get("socketfouten")]
    regels.append(
        ("geen foutantwoorden onder belasting, ook (g)", f"{fouten} {socket or ''}", not fouten and not socket)
    )
    if "pdf" in resultaat:
        for soort, sleutel in (("kwartaal", "pdf_overhead"), ("maand", "pdf_overhead_maand")):
            overhead = resultaat["pdf"][soort]["overhead"]
            regels.append(
                (
                    f"{soort}-PDF: cijfers (koud) + template ≤ {BUDGET[sleutel]:.0%} van WeasyPrint",
                    f"{overhead:.0%}",
                    overhead <= BUDGET[sleutel],
                )
            )
    if "batch" in resultaat:
        b = resultaat["batch"]
        regels.append(
            (
                f"maandbatch 2 processen ≥ {BUDGET['batch_speedup']}× 1 proces",
                f"{b['versnelling']}×",
                b["versnelling"] >= BUDGET["batch_speedup"],
            )
        )
        if "pdf" in resultaat:
            weasy = resultaat["pdf"]["maand"]["weasyprint_s"]
            ratio = b["twee_s"] / (b["gemeenten"] * weasy)
            regels.append(
                (
                    f"maandbatch ({b['gemeenten']} gemeenten) ≤ {BUDGET['batch_per_weasyprint']:.0f}× "
                    "gemeenten × WeasyPrint(maand)",
                    f"{ratio:.2f}× ({b['twee_s']} s)",
                    ratio <= BUDGET["batch_per_weasyprint"],
                )
            )
        groei = b["rss_na_builds_mb"] / b["rss_na_10_mb"]
        regels.append(
            (
                f"worker-RSS na {b['geheugen_builds']} builds ≤ {BUDGET['rss_groei']:.0f}× die na 10",
                f"{groei:.2f}× ({b['rss_na_builds_mb']} MB)",
                groei <= BUDGET["rss_groei"],
            )
        )
    if "rechten" in resultaat:
        r = resultaat["rechten"]
        regels.append(
            (
                f"rechten 1.000 deelnemers ≤ {BUDGET['rechten_per_schrijven']:.0f}× dezelfde rijen schrijven",
                f"{r['ratio']}× ({r['bulk_ms']} ms)",
                r["ratio"] <= BUDGET["rechten_per_schrijven"],
            )
        )
    return regels


def tabel(resultaat: dict) -> str:
    p = resultaat["paginas"]
    kaal, mengsel = resultaat["kaal"], resultaat["mengsel"]
    a = next(x for x in p if x["sleutel"] == "a")["rps"]
    regels = [
        f"{'pagina':<44} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'×(0)':>6} {'×(a)':>6} {'queries':>7}"
        f" {'SQL ms':>7} {'ms':>6} {'koud ms':>8} {'q koud':>6}",
        "-" * 120,
    ]
    regels.append(
        f"(0) {kaal['label']:<40} {kaal['rps']:8.1f} {kaal['p50_ms']:7.2f} {kaal['p99_ms']:7.1f} "
        f"{1.0:6.1f} {a / _rps(kaal):6.2f} {0:7d}"
    )
    for x in p:
        regels.append(
            f"({x['sleutel']}) {x['label']:<40} {x['rps']:8.1f} {x['p50_ms']:7.1f} {x['p99_ms']:7.1f} "
            f"{kaal['rps'] / _rps(x):6.1f} {a / _rps(x):6.1f} {x['queries']:7d} {x['sql_ms']:7.1f} "
            f"{x['warm_ms']:6.1f} {x['koud_ms']:8.1f} {x['queries_koud']:6d}"
        )
    regels.append(
        f"(g) {mengsel['label']:<40} {mengsel['rps']:8.1f} {mengsel['p50_ms']:7.1f} {mengsel['p99_ms']:7.1f} "
        f"{'':>6} {'':>6}  fouten: {mengsel['fouten']} {mengsel['socketfouten']}"
    )
    regels.append(
        "×(0), ×(a): kosten = req/s van de referentie / req/s van de pagina. ms, koud ms: in-process (test client),"
    )
    regels.append("warm resp. zonder cijfercache (de cijfers in het verzoek berekend)")
    e = next(x for x in p if x["sleutel"] == "e")
    regels.append(
        f"(e) eerste weergave na een wijziging (de worker rekende vooruit): {e['na_wijziging_ms']:.1f} ms, "
        f"{e['queries_na_wijziging']} queries; in het verzoek berekend (cache leeg): {e['koud_ms']:.1f} ms"
    )
    regels.append(
        f"web-workers piek-RSS (MB): {resultaat.get('web_piek_rss_mb')}; "
        f"load average tijdens web: {[kaal.get('load_1m')] + [x.get('load_1m') for x in p] + [mengsel.get('load_1m')]}"
    )
    if "pdf" in resultaat:
        for soort, m in resultaat["pdf"].items():
            regels.append(
                f"PDF {soort:<9} totaal {m['totaal_s']:.2f} s: cijfers {m['cijfers_s']:.2f} (uit cache "
                f"{m['cijfers_uit_cache_s']:.3f}) + template {m['template_s']:.3f} + WeasyPrint "
                f"{m['weasyprint_s']:.2f}; overhead {m['overhead']:.0%}; {m['queries']} queries"
            )
    if "batch" in resultaat:
        b = resultaat["batch"]
        regels.append(
            f"maandbatch {b['gemeenten']} gemeenten: 1 proces {b['een_s']} s, 2 processen {b['twee_s']} s "
            f"({b['versnelling']}×); worker-RSS na {b['geheugen_builds']} builds {b['rss_na_builds_mb']} MB "
            f"(na 10: {b['rss_na_10_mb']} MB, piek {b['piek_rss_mb']} MB); 2-proces-RSS {b['twee_rss_mb']}"
        )
    if "rechten" in resultaat:
        r = resultaat["rechten"]
        regels.append(
            f"rechten {r['deelnemers']} deelnemers ({r['grants']} grants): set-based {r['bulk_ms']} ms, "
            f"dezelfde rijen schrijven {r['schrijven_ms']} ms ({r['ratio']}×); "
            f"herbereken_toegang per deelnemer ~{r['per_deelnemer_ms']} ms"
        )
    return "\n".join(regels)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--schaal", type=float, default=float(os.environ.get("BENCH_SCHAAL", "1.0")))
    parser.add_argument("--seconden", type=int, default=10, help="wrk-duur per pagina")
    parser.add_argument("--verbindingen", type=int, default=2, help="wrk-verbindingen (2 workers: 1 per worker)")
    parser.add_argument("--pdf-keer", type=int, default=7, help="mediaan van zoveel metingen per PDF-deel")
    parser.add_argument("--max-gemeenten", type=int, default=None, help="maandbatch inkorten (snelle run)")
    parser.add_argument("--geheugen-builds", type=int, default=500)
    parser.add_argument("--alleen-web", action="store_true", help="sla PDF, batch en rechten over")
    parser.add_argument("--uitvoer", default=str(VAR / "bench.json"))
    args = parser.parse_args()

    if not shutil.which("wrk"):
        raise SystemExit("wrk ontbreekt: apt-get install wrk (make bench installeert het)")
    VAR.mkdir(exist_ok=True)
    zorg_voor_database(args.schaal)
    django_opzetten()
    genereer_zo_nodig(args.schaal)

    resultaat: dict = {
        "datum": datetime.datetime.now().isoformat(timespec="seconds"),
        "database": DB_NAAM,
        "budget": BUDGET,
        "wrk": {"seconden": args.seconden, "verbindingen": args.verbindingen},
    }
    log("pagina's: sessies en queries per verzoek (in-process)")
    paginas = pagina_s()
    for pagina in paginas:
        pagina["sessie"] = sessie_voor(pagina["gebruiker"])
    tel_queries(paginas)
    log(f"web: gunicorn 2 workers op {HOST}, wrk {args.verbindingen} verbindingen, {args.seconden} s per pagina")
    resultaat.update(web_belasting(paginas, args.seconden, args.verbindingen))
    resultaat["paginas"] = [
        {k: v for k, v in pagina.items() if k not in ("gebruiker", "sessie")} | {"gebruiker": pagina["gebruiker"].email}
        for pagina in paginas
    ]
    if not args.alleen_web:
        log("rechten")
        resultaat["rechten"] = rechten_meting()
        log("PDF's (in-process)")
        resultaat["pdf"] = pdf_metingen(args.pdf_keer)
        log("maandbatch")
        resultaat["batch"] = maandbatch(args.max_gemeenten, args.geheugen_builds)
    resultaat["load_einde"] = [round(x, 2) for x in os.getloadavg()]
    regels = oordeel(resultaat)
    resultaat["oordeel"] = [{"budget": b, "gemeten": m, "pass": ok} for b, m, ok in regels]
    print()
    print(tabel(resultaat))
    print()
    for budget, gemeten, ok in regels:
        print(f"{'PASS' if ok else 'FAIL':<8} {budget:<72} {gemeten}")
    Path(args.uitvoer).write_text(json.dumps(resultaat, indent=2, ensure_ascii=False, default=str) + "\n")
    print(f"\nresultaat: {args.uitvoer}")
    return 0 if all(ok for _b, _m, ok in regels) else 1


if __name__ == "__main__":
    sys.exit(main())
