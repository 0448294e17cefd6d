"""The worklist (trajecten.werklijst) as each role may see it.

A trajectbegeleider gets its own items, with names and links: the trajectories it runs for its
organisation and the referrals waiting in its organisation's inbox. A provider's bestuurder and the
projectleider get the counts per kind only, computed by the same rules; no name or number leaves this
module for them. Other roles get nothing. The begeleider's list and an item to snooze write their
read row here (hoofdzaak.audit; DESIGN.md §4), like trajecten/access.py.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from hoofdzaak import audit
from hoofdzaak.models import AuditActie, Rol, Soort
from hoofdzaak.tenancy import RegioContext

from . import werklijst
from .models import Traject, TrajectStatus

AANBIEDER_SOORTEN = (Soort.GGZ, Soort.REINTEGRATIE, Soort.UWV)


def _eigen_trajecten(ctx: RegioContext) -> QuerySet[Traject]:
    return Traject.objects.filter(regio=ctx.regio, aanbieder=ctx.organisatie).filter(
        Q(trajectbegeleider=ctx.gebruiker) | Q(status=TrajectStatus.AANGEMELD)
    )


def werklijst_voor(ctx: RegioContext) -> list[werklijst.Werkpunt]:
    """The begeleider's own worklist, most urgent first."""
    if not ctx.heeft_rol(Rol.TRAJECTBEGELEIDER):
        raise Http404
    punten = werklijst.werkpunten(
        _eigen_trajecten(ctx), regio_slug=ctx.regio.slug, vandaag=timezone.localdate(), met_namen=True
    )
    nummers = list(dict.fromkeys(punt.nummer for punt in punten))
    if nummers:
        # Names are shown: one read row naming the participants on the list.
        audit.log(
            actie=AuditActie.LEZEN,
            lidmaatschap=ctx.lidmaatschap,
            regio=ctx.regio,
            grondslag="beheer_deelnemer",
            object_type="werklijst",
            omschrijving=f"Lijst werklijst: {len(nummers)} deelnemer(s) getoond",
            getoonde_nummers=nummers,
        )
    return punten


def werklijst_tellingen_voor(ctx: RegioContext) -> list[tuple[werklijst.Soort, int]] | None:
    """Counts per kind for a provider's bestuurder (its organisation) or the projectleider (the region);
    None for every other role."""
    if ctx.heeft_rol(Rol.PROJECTLEIDER):
        trajecten = Traject.objects.filter(regio=ctx.regio)
    elif ctx.heeft_rol(Rol.BESTUURDER) and ctx.organisatie.soort in AANBIEDER_SOORTEN:
        trajecten = Traject.objects.filter(regio=ctx.regio, aanbieder=ctx.organisatie)
    else:
        return None
    punten = werklijst.werkpunten(trajecten, regio_slug=ctx.regio.slug, vandaag=timezone.localdate())
    return werklijst.tellingen(punten)


def werkpunt_voor(ctx: RegioContext, traject_pk: int, soort: str) -> tuple[Traject, werklijst.Soort]:
    """A trajectory on the begeleider's own list and a known kind of item, to snooze; 404 otherwise."""
    gekozen = werklijst.soort_van(soort)
    if not ctx.heeft_rol(Rol.TRAJECTBEGELEIDER) or gekozen is None:
        raise Http404
    traject = _eigen_trajecten(ctx).select_related("deelnemer").filter(pk=traject_pk).first()
    if traject is None:
        raise Http404("Traject niet gevonden")
    audit.lees(ctx, deelnemer_nummer=traject.deelnemer.nummer, grondslag="beheer_deelnemer", object_id=traject.pk)
    return traject, gekozen
