"""Issue 14, point 2: no input gives a 5xx, and a rejected request writes nothing.

For every URL pattern of the access matrix (tests/matrix/), as every actor that may open it (anonymous or a role
of the region), the fuzzer
- puts bad values into the path (NUL, an undecodable `%ff`) of every text path argument;
- sends malformed query strings (NUL, `%ff`, repeated parameters, overflowing numbers and dates);
- finds the page's own forms in its HTML (method, action, fields with their default values) and submits each form
  once per field per value of a bounded corpus (NUL, 10,000 characters, RTL and emoji, `0001-01-01`, `9999-12-31`,
  `-1`, `1e309`, …), the other fields keeping their defaults, and once with every field repeated;
- posts the corpus to POST-only URLs.
Each response must be below 500. A rejected POST (anything but a redirect) must not insert, update or delete a row
in any table but the audit log, sessions and login bookkeeping (PostgreSQL's per-transaction statistics, one query
per request). The number of requests is summed over all patterns and printed at the end of the run ("fuzz: …
verzoeken"). A form that looks the same to several roles is fuzzed once per pattern; path and query string once per
role.
"""

from __future__ import annotations

import datetime
import html.parser
import itertools
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode, urlsplit

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from .matrix import ROLLEN, alle_regels

MATRIX = alle_regels()

# Values every field gets, one request each. Bounded on purpose: the test must stay quick.
CORPUS = [
    "a\x00b",
    "x" * 10_000,
    "\u202egnal\u202c \U0001f600 \u05e9\u05dc\u05d5\u05dd",
    "0001-01-01",
    "9999-12-31",
    "-1",
    "1e309",
    "99999999999999999999",
]
# Raw query strings, sent as they are (the test client does not re-encode them).
QUERIES = [
    "%00=%00",
    "q=%ff%fe&%ff=1",
    "pagina=1e309&pagina=-1&pagina=99999999999999999999",
    "periode=anders&van=0001-01-01&tot=9999-12-31",
    "van=9999-12-31&tot=0001-01-01&jaar=0&kwartaal=9&maand=13",
    "zoek=%00&status=%00&organisatie=%00&rol=%00",
    "a=1&a=2&a=3&" + "b=x&" * 50,
]
# Rows a request may write even when it is rejected: its audit row, the session, login bookkeeping.
MAG_SCHRIJVEN = ("hoofdzaak_auditregel", "django_session", "axes_", "hoofdzaak_auditanker")
# URLs the fuzzer does not submit forms to: they end the session the fuzzer walks with.
NIET_INSTUREN = {"logout"}


@dataclass
class Formulier:
    methode: str
    actie: str
    velden: list[tuple[str, str]] = field(default_factory=list)
    datums: list[str] = field(default_factory=list)  # names of the date inputs
    keuzes: dict[str, list[str]] = field(default_factory=dict)  # select name -> its option values


class _Formulieren(html.parser.HTMLParser):
    """The forms of a page: method, action and (name, default value) of every field, in document order."""

    def __init__(self, pagina: str) -> None:
        super().__init__(convert_charrefs=True)
        self.pagina = pagina
        self.formulieren: list[Formulier] = []
        self._huidig: Formulier | None = None
        self._select: str | None = None
        self._select_waarde: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            methode = (a.get("method") or "get").lower()
            actie = a.get("action") or a.get("hx-post") or a.get("hx-get") or self.pagina
            self._huidig = Formulier(methode="post" if "hx-post" in a else methode, actie=actie)
            self.formulieren.append(self._huidig)
            return
        if self._huidig is None or not a.get("name"):
            if tag == "option" and self._select is not None and self._huidig is not None:
                waarde = a.get("value", "")
                self._huidig.keuzes.setdefault(self._select, []).append(waarde)
                if self._select_waarde is None or "selected" in a:
                    self._select_waarde = waarde
            return
        naam = a["name"]
        if tag == "input":
            soort = (a.get("type") or "text").lower()
            if soort in ("checkbox", "radio") and "checked" not in a:
                return
            if soort in ("submit", "button", "image", "reset", "file"):
                return
            waarde = a.get("value") or ""
            if soort == "date":
                self._huidig.datums.append(naam)
                # An empty date keeps a form from ever passing validation: today's date gets it further.
                waarde = waarde or datetime.date.today().isoformat()
            self._huidig.velden.append((naam, waarde))
        elif tag == "select":
            self._select, self._select_waarde = naam, None
        elif tag == "textarea":
            self._textarea = naam

    def handle_endtag(self, tag):
        if tag == "form":
            self._huidig = None
        elif tag == "select" and self._select is not None and self._huidig is not None:
            self._huidig.velden.append((self._select, self._select_waarde or ""))
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._huidig is not None:
            self._huidig.velden.append((self._textarea, ""))
            self._textarea = None


def formulieren(pagina: str, inhoud: str) -> list[Formulier]:
    parser = _Formulieren(pagina)
    parser.feed(inhoud)
    return parser.formulieren


def _schrijfteller() -> int:
    """Rows inserted, updated or deleted so far in this test's transaction, outside the tables any request may
    write (PostgreSQL's pg_stat_xact_user_tables)."""
    uitzonderingen = " AND ".join(f"relname NOT LIKE '{t}%%'" for t in MAG_SCHRIJVEN)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_user_tables "  # noqa: S608
            f"WHERE {uitzonderingen}"
        )
        return int(cursor.fetchone()[0])


class Fuzzer:
    def __init__(self, client: Client) -> None:
        self.client = client
        self.verzoeken = 0
        self.fouten: list[str] = []
        self.gezien: set[tuple] = set()

    def _stuur(self, methode: str, url: str, data=None, *, query: str | None = None) -> object:
        self.verzoeken += 1
        if query is not None:
            url = f"{url}?{query}"
        voor = _schrijfteller() if methode == "post" else None
        beschrijving = f"{methode.upper()} {url[:200]!r} {str(data)[:200] if data else ''}"
        try:
            response = getattr(self.client, methode)(url, data or {})
        except Exception as fout:  # noqa: BLE001 — every exception is the finding
            self.fouten.append(f"{beschrijving}: {type(fout).__name__}: {str(fout)[:200]}")
            return None
        if response.status_code >= 500:
            self.fouten.append(f"{beschrijving}: {response.status_code}")
        elif voor is not None and not (300 <= response.status_code < 400 or response.get("HX-Redirect")):
            geschreven = _schrijfteller() - voor
            if geschreven:
                self.fouten.append(f"{beschrijving}: afgewezen ({response.status_code}) maar {geschreven} rij(en)")
        return response

    def pad(self, naam: str, kwargs: dict) -> None:
        for sleutel, waarde in kwargs.items():
            if not isinstance(waarde, str):
                continue
            for slecht in ("%00", "%ff", "%00x", quote("\u202e\U0001f600")):
                url = reverse(naam, kwargs={**kwargs, sleutel: "PLEK"}).replace("PLEK", waarde + slecht)
                self._stuur("get", url)

    def queries(self, url: str) -> None:
        for query in QUERIES:
            self._stuur("get", url, query=query)

    def formulier(self, form: Formulier) -> None:
        actie = urlsplit(form.actie)
        if not actie.path or actie.netloc:
            return
        sleutel = (form.methode, actie.path, tuple(naam for naam, _ in form.velden))
        if sleutel in self.gezien:
            return
        self.gezien.add(sleutel)
        basis = dict(form.velden)
        namen = [naam for naam, _ in form.velden if naam != "csrfmiddlewaretoken"]
        for naam, waarde in itertools.product(namen, CORPUS):
            self._stuur(form.methode, actie.path, {**basis, naam: waarde})
        # Every field twice: once with its default, once with bytes that are no UTF-8 (`%ff`).
        herhaald = urlencode(form.velden) + "".join(f"&{quote(n)}=%ff%00" for n in namen)
        if form.methode == "get":
            self._stuur("get", actie.path, query=herhaald)
        else:
            self._stuur_ruw_post(actie.path, herhaald)

        # Dates only reach the code that computes with them when the choices around them are right (the
        # dashboard's own period only reads its dates with periode=anders): every option of every choice, with
        # each date at either end of the calendar.
        for (keuze, opties), datum, slecht in itertools.product(
            form.keuzes.items(), form.datums, ("0001-01-01", "9999-12-31")
        ):
            for optie in opties:
                self._stuur(form.methode, actie.path, {**basis, keuze: optie, datum: slecht})

    def _stuur_ruw_post(self, url: str, body: str) -> None:
        self.verzoeken += 1
        voor = _schrijfteller()
        try:
            response = self.client.generic("POST", url, body, content_type="application/x-www-form-urlencoded")
        except Exception as fout:  # noqa: BLE001
            self.fouten.append(f"POST {url} {body[:200]}: {type(fout).__name__}: {str(fout)[:200]}")
            return
        if response.status_code >= 500:
            self.fouten.append(f"POST {url} {body[:200]}: {response.status_code}")
        elif not 300 <= response.status_code < 400 and _schrijfteller() != voor:
            self.fouten.append(f"POST {url} {body[:200]}: afgewezen ({response.status_code}) maar rijen geschreven")

    def post_zonder_formulier(self, url: str) -> None:
        for waarde in CORPUS:
            self._stuur("post", url, {"actie": waarde, "versie": waarde, "pk": waarde, "id": waarde})


def _actoren(regel) -> list[str | None]:
    """Who may use the URL: anonymous when it answers them 200, and every role it answers 200 or takes POSTs from."""
    actoren: list[str | None] = [None] if regel.anoniem == 200 else []
    actoren += [rol for rol in ROLLEN if regel.rollen.get(rol) == 200 or regel.post.get(rol) not in (None, 403, 404)]
    # A URL nobody opens with 200 (redirects, token links): still no 5xx for an anonymous visitor.
    return actoren or [None]


def test_schrijfteller_ziet_elke_nieuwe_rij(wereld):
    from hoofdzaak import actions

    voor = _schrijfteller()
    actions.maak_organisatie(regio=wereld.a.regio, naam="Nieuwe partner", soort="reintegratie", cbs_code="")
    assert _schrijfteller() > voor


@pytest.mark.parametrize("naam", sorted(MATRIX))
def test_geen_5xx_en_geen_rij_van_afgewezen_invoer(naam, wereld, client, request, record_property):
    regel = MATRIX[naam]
    if regel.varianten or regel.dossiers:
        wereld.dossiers = request.getfixturevalue("dossiers")
    kwargs = regel.kwargs(wereld)
    url = reverse(naam, kwargs=kwargs)
    fuzzer = Fuzzer(client)
    for actor in _actoren(regel):
        client.logout()
        if actor is not None:
            client.force_login(wereld.a.gebruikers[actor])
        fuzzer.pad(naam, kwargs)
        fuzzer.queries(url)
        pagina = client.get(url)
        fuzzer.verzoeken += 1
        if naam in NIET_INSTUREN:
            continue
        if pagina.status_code == 200 and "text/html" in pagina.get("Content-Type", ""):
            for form in formulieren(url, pagina.content.decode()):
                fuzzer.formulier(form)
        if regel.post and regel.rollen.get(actor) != 200:
            fuzzer.post_zonder_formulier(url)
    # Summed over all patterns by tests/conftest.py's pytest_terminal_summary ("fuzz: … verzoeken").
    record_property("fuzz_verzoeken", fuzzer.verzoeken)
    assert fuzzer.verzoeken >= len(QUERIES)
    assert not fuzzer.fouten, f"{len(fuzzer.fouten)} van {fuzzer.verzoeken} verzoeken fout:\n" + "\n".join(
        fuzzer.fouten[:40]
    )
