"""The work section of the participant page: placements, proposals and fitting vacancies.

An inclusion tag that only lays out what the participant view fetched (`werk`, from
`trajecten.views.deelnemer._werk`, through `trajecten.access`); it never queries.
"""

from __future__ import annotations

from django import template

register = template.Library()


@register.inclusion_tag("trajecten/werk/_deelnemer.html", takes_context=True)
def werk_van_deelnemer(context, werk: dict) -> dict:
    return {"regio_ctx": context["regio_ctx"], "deelnemer": context["deelnemer"], **werk}
