"""PDF rendering with WeasyPrint: our own templates only, nothing fetched from anywhere else.

- WeasyPrint is imported inside the functions (as Open Forms does): importing it loads Pango and
  friends, which the web process needs only when it renders.
- The URL fetcher allows `data:` URLs and files found by the staticfiles finders under our own static
  directories, compared by resolved real path so `../` and symlinks cannot leave them. Everything else
  (http, https, ftp, `file:` outside the static directories, anything that would redirect) is
  refused, so a template can never make the worker read a local file or call an internal address
  (e.g. a cloud metadata endpoint), and `<link rel="attachment">` cannot smuggle a file into the PDF.
- The output is PDF/UA-1 (tagged, with language and title), A4; fonts are DejaVu Sans from the Debian
  package fonts-dejavu-core, found by fontconfig, never downloaded.

Static files are referenced as `{% pdf_static "img/x.svg" %}`-style absolute URLs under STATIC_URL on
the `file:` base (`file:///static/...`): `{% static %}` would give the hashed name of the production
manifest, which only exists in STATIC_ROOT.
"""

from __future__ import annotations

import functools
import logging
import mimetypes
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

# Relative URLs in our templates resolve against this: `/static/x.css` becomes `file:///static/x.css`,
# which the fetcher maps onto the static directories (and only there).
BASIS_URL = "file:///"


class GeweigerdeURL(ValueError):
    """The template asked for something outside `data:` and our own static files."""


def _static_prefix() -> str:
    prefix = urlsplit(settings.STATIC_URL).path or "/static/"
    return prefix if prefix.endswith("/") else prefix + "/"


def _static_wortels() -> list[Path]:
    """Real paths of every directory the staticfiles finders search."""
    wortels: list[Path] = []
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            locatie = getattr(storage, "location", None)
            if locatie:
                wortels.append(Path(locatie).resolve())
    return wortels


def static_bestand(url: str) -> Path:
    """The real path of the static file a `file:///static/...` URL names; GeweigerdeURL otherwise."""
    delen = urlsplit(url)
    if delen.scheme != "file" or delen.netloc not in ("", "localhost"):
        raise GeweigerdeURL(f"niet toegestaan: {url}")
    pad = unquote(delen.path)
    prefix = _static_prefix()
    if not pad.startswith(prefix):
        raise GeweigerdeURL(f"buiten de statische bestanden: {url}")
    relatief = pad[len(prefix) :]
    if not relatief or "\x00" in relatief or any(deel == ".." for deel in relatief.split("/")):
        raise GeweigerdeURL(f"ongeldig pad: {url}")
    try:
        gevonden = finders.find(relatief)
    except Exception as fout:  # SuspiciousFileOperation and the like: refuse, never fetch
        raise GeweigerdeURL(f"ongeldig pad: {url}") from fout
    if not gevonden:
        raise GeweigerdeURL(f"niet gevonden: {url}")
    echt = Path(gevonden).resolve()
    if not echt.is_file() or not any(echt.is_relative_to(wortel) for wortel in _static_wortels()):
        raise GeweigerdeURL(f"buiten de statische bestanden: {url}")
    return echt


@functools.cache
def _fetcher_klasse():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class VeiligeFetcher(URLFetcher):
        """WeasyPrint's fetcher, reduced to `data:` and our static files. Never follows a redirect."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols=("data", "file"), allow_redirects=False, timeout=5)
            self.opgehaald: list[str] = []
            self.geweigerd: list[str] = []

        def fetch(self, url, headers=None):
            schema = url.split(":", 1)[0].lower()
            try:
                if schema == "data":
                    # urllib's DataHandler decodes it; nothing leaves the process.
                    antwoord = super().fetch(url, headers)
                else:
                    pad = static_bestand(url)
                    soort = mimetypes.guess_type(pad.name)[0] or "application/octet-stream"
                    antwoord = URLFetcherResponse(
                        url=pad.as_uri(), body=pad.open("rb"), headers={"Content-Type": soort}
                    )
            except Exception:
                self.geweigerd.append(url)
                logger.warning("PDF: URL geweigerd: %.200s", url)
                raise
            self.opgehaald.append(url[:100])
            return antwoord

    return VeiligeFetcher


def maak_fetcher():
    """A fresh fetcher per document: it records what it fetched and refused."""
    return _fetcher_klasse()()


def render_pdf(template: str, context: dict, *, titel: str, fetcher=None) -> bytes:
    """Render one of our templates (templates/rapportage/pdf/) to PDF/UA-1 bytes."""
    return html_naar_pdf(render_to_string(template, {**context, "pdf_titel": titel}), fetcher=fetcher)


def html_naar_pdf(html: str, *, fetcher=None) -> bytes:
    """HTML that we rendered ourselves to PDF/UA-1 bytes, through the restricted fetcher."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=BASIS_URL, url_fetcher=fetcher or maak_fetcher())
    return document.write_pdf(pdf_variant="pdf/ua-1", font_config=_lettertypen())


_LETTERTYPEN: dict[int, object] = {}


def _lettertypen():
    """One WeasyPrint FontConfiguration per process. A new one per document (WeasyPrint's default) leaves
    ~0.3 MB of fontconfig/Pango memory behind each time: a worker grew from 120 to 280 MB over 500 monthly
    reports; with one shared configuration it stays flat (docs/performance.md). Keyed by process id, so a
    forked worker child makes its own instead of sharing its parent's."""
    from weasyprint.text.fonts import FontConfiguration

    pid = os.getpid()
    if pid not in _LETTERTYPEN:
        _LETTERTYPEN.clear()
        _LETTERTYPEN[pid] = FontConfiguration()
    return _LETTERTYPEN[pid]
