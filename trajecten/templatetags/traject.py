"""The status badge of a trajectory, as a filter: `{{ traject|statusbadge }}` in a list row costs one call
instead of an `{% include %}` with a chain of `{% if %}` per row; `trajecten/includes/status.html` uses
the same colours (`statusklasse`)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from hoofdzaak.keuzes import keuzelabel

from ..models import TrajectStatus

register = template.Library()

_KLASSEN = {
    TrajectStatus.GESTART: "hzw-badge--info",
    TrajectStatus.BEEINDIGD: "hzw-badge--grijs",
    TrajectStatus.AFGEWEZEN: "hzw-badge--gevaar",
    TrajectStatus.AANGEMELD: "hzw-badge--waarschuwing",
}


@register.filter
def statusklasse(status: str) -> str:
    return _KLASSEN.get(status, "hzw-badge--succes")


@register.filter
def statusbadge(traject) -> SafeString:
    return format_html(
        '<span class="hzw-badge {}">{}</span>', statusklasse(traject.status), keuzelabel(traject, "status")
    )
