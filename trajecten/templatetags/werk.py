"""The work section of the participant page: placements, proposals and fitting vacancies.

An inclusion tag, so the participant page gains the section without its view having to know about work:
the tag fetches through `trajecten.access` like a view would, for the provider's trajectbegeleider only
(the page it sits on is shown to nobody else). Reading it is covered by the page's own audit row.
"""

from __future__ import annotations

from django import template
from django.utils import timezone

from .. import access

register = template.Library()


def _stand(plaatsing, vandaag) -> str:
    if plaatsing.startdatum > vandaag:
        return "gepland"
    return "loopt" if plaatsing.loopt_op(vandaag) else "beeindigd"


@register.inclusion_tag("trajecten/werk/_deelnemer.html", takes_context=True)
def werk_van_deelnemer(context) -> dict:
    ctx, deelnemer = context["regio_ctx"], context["deelnemer"]
    vandaag = timezone.localdate()
    plaatsingen, voordrachten = access.werk_van_deelnemer(ctx, deelnemer)
    for plaatsing in plaatsingen:
        plaatsing.stand = _stand(plaatsing, vandaag)
        plaatsing.eigen = plaatsing.traject.aanbieder_id == ctx.organisatie.pk
    for voordracht in voordrachten:
        voordracht.eigen = voordracht.traject.aanbieder_id == ctx.organisatie.pk
    lopend = access.lopend_eigen_traject(ctx, deelnemer)
    return {
        "regio_ctx": ctx,
        "deelnemer": deelnemer,
        "lopend": lopend,
        "plaatsingen": plaatsingen,
        "voordrachten": voordrachten,
        "suggesties": access.passende_vacatures_voor(ctx, deelnemer) if lopend else [],
    }
