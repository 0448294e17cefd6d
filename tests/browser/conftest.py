"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Fixtures here:
- `browser` (session): one headless Chromium for the whole run;
- `nieuwe_pagina` (function): factory for extra pages, each in its own context (own cookies), e.g. a
  second user; `nieuwe_pagina(viewport=TELEFOON)` for a phone, `nieuwe_pagina(javascript=False)` for a
  browser with JavaScript off;
- `page` (function): a fresh page in a fresh context, 1280x900, locale nl-NL;
- `live_server` (session): pytest-django's, but serving static files through the staticfiles finders;
- `wereld`: the shared test data of tests/conftest.py, committed to the database so the live server
  thread sees it (transactional_db);
- `bouw_later`: report builds are only recorded when requested; `bouw_later()` then runs them on a
  thread, like a worker picking them up while the page polls.

Every test in this directory is marked `browser`, and skipped when the Chromium binary is missing.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from .hulp import DESKTOP

# Playwright's sync API keeps an asyncio event loop running in the main thread from the moment it
# starts until the end of the session, so Django's async-safety check would refuse every ORM call in
# the test process, also in non-browser tests that run later. Test code only, never the live server.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = os.environ.get("CHROMIUM_EXECUTABLE", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Fail fast: nothing in a local test should take seconds.
TIMEOUT_MS = 10_000

HIER = Path(__file__).parent


def pytest_collection_modifyitems(config, items):
    aanwezig = os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)
    for item in items:
        if HIER not in item.path.parents:
            continue
        item.add_marker(pytest.mark.browser)
        if not aanwezig:
            item.add_marker(
                pytest.mark.skip(
                    reason=f"Chromium ontbreekt op {CHROMIUM} (zet CHROMIUM_EXECUTABLE of draai make test)"
                )
            )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    rapport = yield
    setattr(item, f"rapport_{rapport.when}", rapport)
    return rapport


def pytest_terminal_summary(terminalreporter):
    """The number of page states the journeys checked (test_reizen.py records `paginastaten` per test)."""
    aantal = tests = 0
    for rapport in terminalreporter.stats.get("passed", []):
        for naam, waarde in getattr(rapport, "user_properties", ()):
            if naam == "paginastaten":
                aantal += int(waarde)
                tests += 1
    if tests:
        terminalreporter.write_line(
            f"Reizen: {aantal} paginastaten gecontroleerd met axe (WCAG 2.1 A/AA + best practices), op breedte "
            f"en op consolefouten, in {tests} tests"
        )


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, serving static files from the finders like runserver does.

    pytest-django only picks the finders-based handler when "django.contrib.staticfiles" is literally
    in INSTALLED_APPS; we list our subclass `hoofdzaak.apps.PortaalStaticFilesConfig`, so it would
    serve from STATIC_ROOT, which has no files without collectstatic, and every page would be unstyled.
    """
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from pytest_django.live_server_helper import LiveServer

    adres = request.config.getvalue("liveserver") or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost"
    server = LiveServer(adres, start=False)
    server.thread.static_handler = StaticFilesHandler
    server.start()
    yield server
    server.stop()


@pytest.fixture
def wereld(transactional_db, wereld):
    """tests/conftest.py's `wereld`, committed for real: the live server runs in another thread."""
    return wereld


@pytest.fixture
def nieuwe_pagina(browser: Browser, request, tmp_path) -> Iterator[Callable[..., Page]]:
    """Factory: `nieuwe_pagina()` opens a page in a new context (own cookies, so another user).

    The test fails when a page hits a JavaScript error or a static file fails to load; on failure a
    screenshot and the HTML of every open page are saved under the test's tmp_path.
    """
    contexten: list[BrowserContext] = []
    fouten: list[str] = []

    def maak(viewport: dict | None = None, *, javascript: bool = True) -> Page:
        context = browser.new_context(viewport=viewport or DESKTOP, locale="nl-NL", java_script_enabled=javascript)
        context.set_default_timeout(TIMEOUT_MS)
        contexten.append(context)
        pagina = context.new_page()
        # With JavaScript off Chromium also refuses Playwright's evaluate(): hulp.axe_controle checks a copy.
        pagina.javascript = javascript
        pagina.on("pageerror", lambda fout: fouten.append(f"JavaScript-fout: {fout}"))
        pagina.on(
            "response",
            lambda r: fouten.append(f"{r.status} op {r.url}") if "/static/" in r.url and r.status >= 400 else None,
        )
        return pagina

    yield maak

    try:
        rapport = getattr(request.node, "rapport_call", None)
        if rapport is not None and rapport.failed:
            _bewaar_schermen(contexten, tmp_path)
    finally:
        for context in contexten:
            context.close()
    assert not fouten, "fouten in de browser:\n" + "\n".join(fouten)


def _bewaar_schermen(contexten: list[BrowserContext], map_: Path) -> None:
    for i, context in enumerate(contexten):
        for j, pagina in enumerate(context.pages):
            try:
                pagina.screenshot(path=map_ / f"pagina-{i}-{j}.png", full_page=True)
                (map_ / f"pagina-{i}-{j}.html").write_text(pagina.content())
            except Exception as fout:  # a failing screenshot must not hide the test's failure
                print(f"geen schermafdruk van {pagina.url}: {fout}")
    print(f"Schermafdrukken van de browser: {map_}")


@pytest.fixture
def page(nieuwe_pagina) -> Page:
    return nieuwe_pagina()


@pytest.fixture
def bouw_later(monkeypatch):
    """bouw_rapport.delay only records the report; `bouw_later()` then builds it (eagerly) on a thread,
    like a worker picking it up while the page polls."""
    from django.db import connection

    from hoofdzaak.celery import app
    from rapportage.archief import tasks

    monkeypatch.setitem(app.conf, "task_always_eager", True)
    monkeypatch.setitem(app.conf, "task_eager_propagates", True)
    monkeypatch.setattr(tasks.meld_rapport_klaar, "delay", lambda rapport_id: None)
    wachtrij, draden = [], []
    monkeypatch.setattr(tasks.bouw_rapport, "delay", wachtrij.append)

    def start() -> None:
        def werk(rapport_id):
            try:
                tasks.bouw_rapport.apply(args=[rapport_id])
            finally:
                connection.close()

        while wachtrij:
            draad = threading.Thread(target=werk, args=[wachtrij.pop(0)])
            draden.append(draad)
            draad.start()

    yield start
    for draad in draden:
        draad.join(timeout=30)
