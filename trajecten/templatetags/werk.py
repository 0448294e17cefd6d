"""The work section of the participant page: placements, proposals and fitting vacancies.

An inclusion tag, so the participant page gains the section without its view having to know about work:
the tag fetches through `trajecten.access` like a view would, for the provider's trajectbegeleider only
(the page it sits on is shown to nobody else), starting from the trajectories the page already fetched
(`trajecten` and `niveau` in the context). Reading it is covered by the page's own audit row.
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
    # The page's own trajectories (fetched through access.trajecten_met_tijdlijn_voor for its grant): their
    # placements come along, so only the proposals need a query.
    werk = access.werk_van_trajecten(ctx, context["niveau"], context["trajecten"])
    for plaatsing in werk.plaatsingen:
        plaatsing.stand = _stand(plaatsing, vandaag)
        plaatsing.eigen = plaatsing.traject.aanbieder_id == ctx.organisatie.pk
    for voordracht in werk.voordrachten:
        voordracht.eigen = voordracht.traject.aanbieder_id == ctx.organisatie.pk
    return {
        "regio_ctx": ctx,
        "deelnemer": deelnemer,
        "lopend": werk.lopend,
        "plaatsingen": werk.plaatsingen,
        "voordrachten": werk.voordrachten,
        "suggesties": access.passende_vacatures_voor(ctx, deelnemer, voordrachten=werk.voordrachten)
        if werk.lopend
        else [],
    }
