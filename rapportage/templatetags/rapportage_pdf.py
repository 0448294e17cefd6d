"""Template helpers of the PDF templates (templates/rapportage/pdf/)."""

from __future__ import annotations

from django import template
from django.conf import settings

from ..archief.pdf import BASIS_URL
from ..figuren import getal_tekst

register = template.Library()


@register.simple_tag
def pdf_static(pad: str) -> str:
    """`file:///static/<pad>`: the unhashed static file, which rapportage.archief.pdf's fetcher may read."""
    prefix = settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/static/"
    return BASIS_URL.rstrip("/") + prefix.rstrip("/") + "/" + pad.lstrip("/")


@register.filter
def procent(waarde, decimalen: int = 0) -> str:
    """0.423 -> "42%"; None -> "—"."""
    if waarde is None or waarde == "":
        return "—"
    try:
        getal = float(waarde) * 100
    except (TypeError, ValueError):
        return str(waarde)
    return f"{getal_tekst(getal, int(decimalen))}%"


@register.filter
def getal(waarde, decimalen: int = 0) -> str:
    """Dutch number formatting: 1234.5 -> "1.234,5"; None -> "—"; strings ("<5") unchanged."""
    if isinstance(waarde, bool):
        return str(waarde)
    try:
        return getal_tekst(waarde, int(decimalen))
    except (TypeError, ValueError, ArithmeticError):
        return str(waarde)


@register.filter
def get(mapping, sleutel):
    """mapping[sleutel] in a template; "" when missing."""
    try:
        return mapping.get(sleutel, "")
    except AttributeError:
        return ""


@register.filter
def ja_nee(waarde, teksten: str = "ja,nee,onbekend") -> str:
    """True/False/None -> one of three comma-separated texts."""
    ja, nee, onbekend = (teksten.split(",") + ["", "", ""])[:3]
    if waarde is None:
        return onbekend
    return ja if waarde else nee


@register.filter
def in_groepen(tekst: str, grootte: int = 8) -> str:
    """ "abcdef012345…" -> "abcdef01 2345…": a long checksum that can wrap on a narrow screen."""
    tekst = str(tekst or "")
    return " ".join(tekst[i : i + int(grootte)] for i in range(0, len(tekst), int(grootte)))
