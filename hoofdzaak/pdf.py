"""The smallest safe way to turn one of our own templates into a PDF, for apps below rapportage.

WeasyPrint is imported lazily (only the process that renders pays for Pango). Its URL fetcher here
allows `data:` URLs and nothing else: no http(s), no `file:`, no redirects, so a value that ends up
in a template can never make the server read a local file or call an internal address. Styles go
inline in the PDF template (`<style>`; such templates are never served to a browser) and images as
`data:` URLs. rapportage/archief/pdf.py has a richer fetcher that also serves our static files.
"""

from __future__ import annotations

import functools
import logging

from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

# Relative URLs resolve against a base no fetcher here will open.
BASIS_URL = "data:,"


class GeweigerdeURL(ValueError):
    """A template asked for something other than a `data:` URL."""


@functools.cache
def _fetcher_klasse():
    from weasyprint.urls import URLFetcher

    class AlleenDataFetcher(URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols=("data",), allow_redirects=False, timeout=5)
            self.geweigerd: list[str] = []

        def fetch(self, url, headers=None):
            if url.split(":", 1)[0].strip().lower() != "data":
                self.geweigerd.append(url[:200])
                logger.warning("PDF: URL geweigerd: %.200s", url)
                raise GeweigerdeURL(f"niet toegestaan: {url[:200]}")
            return super().fetch(url, headers)

    return AlleenDataFetcher


def maak_fetcher():
    """A fresh fetcher per document; `.geweigerd` lists what it refused."""
    return _fetcher_klasse()()


def html_naar_pdf(html: str, *, fetcher=None) -> bytes:
    """HTML we rendered ourselves to PDF/UA-1 bytes, fetching nothing but `data:` URLs."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=BASIS_URL, url_fetcher=fetcher or maak_fetcher())
    return document.write_pdf(pdf_variant="pdf/ua-1")


def render_pdf(template: str, context: dict, *, fetcher=None) -> bytes:
    return html_naar_pdf(render_to_string(template, context), fetcher=fetcher)
