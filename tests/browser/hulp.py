"""Helpers for browser tests: log in, scan with axe-core, check that the page really is styled.

Use them from any test in `tests/browser/`:

    from .hulp import axe_controle, inloggen

    def test_iets(page, live_server, wereld):
        inloggen(page, live_server, wereld.a.gebruikers["projectleider"].email, WACHTWOORD)
        axe_controle(page)
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator

from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.urls import reverse
from playwright.sync_api import Page, expect

# WCAG 2.1 level A and AA, nothing else (no best practices, no AAA).
# Viewports: a desktop, a small phone (360 px) and the 375 px of the journeys (issue 11).
DESKTOP = {"width": 1280, "height": 900}
TELEFOON = {"width": 360, "height": 740}
TELEFOON_375 = {"width": 375, "height": 812}

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIES = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
# The journeys (test_reizen.py) also hold every page to axe's best practices.
AXE_OPTIES_BEST_PRACTICE = {
    "runOnly": {"type": "tag", "values": [*WCAG_TAGS, "best-practice"]},
    "resultTypes": ["violations"],
}

_axe = Axe()


def inloggen(page: Page, live_server, email: str, wachtwoord: str) -> None:
    """Log in through the login form and the second step; afterwards the page is wherever the portal sent the user.

    The second step (hoofdzaak/tweefactor.py) is passed with a code computed from the user's authenticator app; a
    user without one gets a confirmed app first (as tests/conftest.py does for `force_login`). To test the second
    step itself, see tests/browser/test_tweefactor.py.
    """
    from hoofdzaak.models import Gebruiker
    from tests.fabriek import code_voor, zorg_voor_app

    gebruiker = Gebruiker.objects.filter(email__iexact=email.strip()).first()
    apparaat = zorg_voor_app(gebruiker) if gebruiker is not None else None
    inlog_pad = reverse("login")
    page.goto(live_server.url + inlog_pad)
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(wachtwoord)
    page.get_by_role("button", name="Inloggen").click()
    expect(page, f"inloggen als {email} lukt niet").not_to_have_url(re.compile(re.escape(inlog_pad) + r"(\?.*)?$"))
    page.wait_for_load_state()
    tweede_stap = re.compile(re.escape(reverse("tweede_stap")) + r"(\?.*)?$")
    if apparaat is not None and tweede_stap.search(page.url):
        page.get_by_label("Code").fill(code_voor(apparaat))
        page.get_by_role("button", name="Controleren").click()
        expect(page, f"de tweede stap van {email} lukt niet").not_to_have_url(tweede_stap)
        page.wait_for_load_state()


def controleer_opmaak(page: Page) -> None:
    """Fail unless every stylesheet of the page loaded and has rules.

    Without CSS axe's colour-contrast check passes on black-on-white defaults and means nothing.
    """
    bladen = page.evaluate(
        """() => Array.from(document.querySelectorAll('link[rel="stylesheet"]')).map(link => {
            let regels = -1;
            try { regels = link.sheet ? link.sheet.cssRules.length : -1; } catch (e) { regels = -2; }
            return {href: link.href, regels};
        })"""
    )
    assert bladen, f"{page.url}: geen stylesheets op de pagina"
    niet_geladen = [blad["href"] for blad in bladen if blad["regels"] <= 0]
    assert not niet_geladen, f"{page.url}: stylesheets niet (goed) geladen: {niet_geladen}"


def axe_controle(page: Page, *, opmaak: bool = True, best_practice: bool = False, breedte: bool = False) -> None:
    """Run axe-core (WCAG 2.1 A/AA) on the page as it is now; fail with a readable list of violations.

    Also fails when the page's CSS did not load (`opmaak=False` skips that, for pages without CSS) and,
    at phone width (400 px or less), when the page scrolls sideways: axe cannot check reflow itself.
    `best_practice=True` adds axe's best-practice rules; `breedte=True` checks sideways scrolling at every width.
    """
    page.wait_for_load_state("load")
    if not getattr(page, "javascript", True):
        with _kopie_met_javascript(page) as kopie:
            axe_controle(kopie, opmaak=opmaak, best_practice=best_practice, breedte=breedte)
        return
    if opmaak:
        controleer_opmaak(page)
    if breedte or (page.viewport_size or {}).get("width", 1280) <= 400:
        geen_horizontaal_scrollen(page)
    resultaat = _axe.run(page, options=AXE_OPTIES_BEST_PRACTICE if best_practice else AXE_OPTIES).response
    overtredingen = resultaat["violations"]
    assert not overtredingen, f"axe: {len(overtredingen)} WCAG-overtreding(en) op {page.url}\n" + "\n".join(
        _beschrijf(v) for v in overtredingen
    )


@contextlib.contextmanager
def _kopie_met_javascript(page: Page) -> Iterator[Page]:
    """The page as the server sent it, opened in a JavaScript-enabled page of the same size, for axe and reflow.

    A context with JavaScript off refuses evaluate() (it hangs), so axe cannot run there; the copy shows the
    very same HTML and CSS.
    """
    context = page.context.browser.new_context(viewport=page.viewport_size, locale="nl-NL")
    try:
        kopie = context.new_page()
        html = page.content()
        # The page's own scripts stay off in the copy, as they were in the page: htmx would otherwise fire its
        # `load` triggers in a context without the user's session.
        kopie.route(
            "**/*", lambda route: route.abort() if route.request.resource_type == "script" else route.continue_()
        )
        # Served at the page's own address, so its stylesheets are same-origin (cssRules readable).
        kopie.route(page.url, lambda route: route.fulfill(body=html, content_type="text/html; charset=utf-8"))
        kopie.goto(page.url, wait_until="load")
        yield kopie
    finally:
        context.close()


def _beschrijf(overtreding: dict) -> str:
    regels = [
        f"- {overtreding['id']} ({overtreding.get('impact') or 'onbekend'}): {overtreding['help']}",
        f"  {overtreding['helpUrl']}",
    ]
    for node in overtreding["nodes"][:10]:
        regels.append(f"    * {' '.join(map(str, node['target']))}")
        regels.extend(f"        {regel.strip()}" for regel in (node.get("failureSummary") or "").splitlines() if regel)
    if len(overtreding["nodes"]) > 10:
        regels.append(f"    … en nog {len(overtreding['nodes']) - 10} elementen")
    return "\n".join(regels)


def geen_horizontaal_scrollen(page: Page) -> None:
    """WCAG 1.4.10 (reflow): at 320-375 CSS px wide (and wider) the page must not scroll sideways."""
    breedte = page.evaluate("() => [document.scrollingElement.scrollWidth, window.innerWidth]")
    assert breedte[0] <= breedte[1], f"{page.url}: pagina is {breedte[0]}px breed bij een venster van {breedte[1]}px"


def link_uit_mail(email: str) -> str:
    """The only link in the only e-mail sent to `email` (Django's locmem outbox)."""
    berichten = [bericht for bericht in mail.outbox if email in bericht.to]
    assert len(berichten) == 1, f"verwacht 1 e-mail aan {email}, verstuurd: {[(m.to, m.subject) for m in mail.outbox]}"
    links = re.findall(r"https?://\S+", berichten[0].body)
    assert len(links) == 1, f"verwacht 1 link in de e-mail, gevonden: {links}\n{berichten[0].body}"
    return links[0]
