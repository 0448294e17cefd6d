"""Who may see the figures, and of what (DESIGN.md §1).

| role          | dashboard scope                                                                    |
|---------------|------------------------------------------------------------------------------------|
| projectleider | the whole region; may narrow it to one gemeente; sees the data-quality list with   |
|               | (pseudonymous) participant numbers                                                  |
| bestuurder    | its own organisation's scope next to the region's figures, aggregates only,       |
|               | every count of the page suppressed together (`figuren.Document`, "<5" and "•"):  |
|               |   gemeente → its residents (woongemeente), UWV → the trajectories it referred,     |
|               |   GGZ → the trajectories it provides                                               |
| others        | 403                                                                                |

The Modeltrouw page (IPS fidelity, `modeltrouw_scope`): projectleider, a GGZ provider's bestuurder, and
trajectbegeleiders of a provider (their own row and their team's total).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from hoofdzaak.models import Organisatie, Regio, Rol, Soort
from hoofdzaak.tenancy import RegioContext
from trajecten.actions import AANBIEDER_SOORTEN

from . import figuren
from .figuren import Filters, Modeltrouw, Periode


@dataclass(frozen=True)
class DashboardScope:
    regio: Regio
    # Filters every figure of the scope gets; empty for the whole region.
    filters: Filters
    # The bestuurder's organisation whose scope this is (None: the region).
    organisatie: Organisatie | None
    # May choose a gemeente on the dashboard (the projectleider; a bestuurder's scope is fixed).
    gemeente_kiezen: bool
    # Every count of the page suppressed as one document (bestuurders).
    onderdrukken: bool
    # May see participant numbers (pseudonymous) in the data-quality list.
    deelnemernummers: bool

    @property
    def naam(self) -> str:
        return self.organisatie.naam if self.organisatie else self.regio.naam


# What a bestuurder's organisation is responsible for, as filters on the figures.
_BESTUURDER_FILTERS = {
    Soort.GEMEENTE: lambda org: Filters(gemeente_id=org.pk),
    Soort.UWV: lambda org: Filters(verwijzer_id=org.pk),
    Soort.GGZ: lambda org: Filters(aanbieder_id=org.pk),
}


def regio_scope(regio: Regio) -> DashboardScope:
    """The projectleider's scope: the whole region, every count as it is, the data-quality lists. Also the scope
    whose first view the worker computes ahead after a change (`rapportage.voorberekening`)."""
    return DashboardScope(
        regio=regio,
        filters=Filters(),
        organisatie=None,
        gemeente_kiezen=True,
        onderdrukken=False,
        deelnemernummers=True,
    )


def dashboard_scope(ctx: RegioContext) -> DashboardScope:
    """The scope of the dashboard for the role the user acts in; PermissionDenied for other roles."""
    if ctx.heeft_rol(Rol.PROJECTLEIDER):
        return regio_scope(ctx.regio)
    if ctx.heeft_rol(Rol.BESTUURDER):
        maak_filters = _BESTUURDER_FILTERS.get(ctx.organisatie.soort)
        if maak_filters is None:
            raise PermissionDenied
        return DashboardScope(
            regio=ctx.regio,
            filters=maak_filters(ctx.organisatie),
            organisatie=ctx.organisatie,
            gemeente_kiezen=False,
            onderdrukken=True,
            deelnemernummers=False,
        )
    raise PermissionDenied


def gemeenten_voor(scope: DashboardScope) -> QuerySet[Organisatie]:
    """The gemeenten of the scope's region, for the dashboard's gemeente filter."""
    return Organisatie.objects.in_regio(scope.regio).gemeenten().order_by("naam", "pk")


def werkmonitor_aanbieder(ctx: RegioContext) -> Organisatie | None:
    """Whose Werkmonitor rows the user downloads: the region's (None) for the projectleider, its own organisation's
    for a bestuurder or trajectbegeleider of a provider (GGZ, re-integration, UWV); PermissionDenied otherwise."""
    if ctx.heeft_rol(Rol.PROJECTLEIDER):
        return None
    if werkmonitor_van_eigen_organisatie(ctx):
        return ctx.organisatie
    raise PermissionDenied


def werkmonitor_van_eigen_organisatie(ctx: RegioContext) -> bool:
    return (ctx.heeft_rol(Rol.BESTUURDER) or ctx.heeft_rol(Rol.TRAJECTBEGELEIDER)) and (
        ctx.organisatie.soort in AANBIEDER_SOORTEN
    )


# --- IPS fidelity (Modeltrouw) ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ModeltrouwScope:
    regio: Regio
    # Whose IPS trajectories are counted: one provider (None: the whole region).
    aanbieder: Organisatie | None
    # A trajectbegeleider sees its own row and its team's, never a colleague's (names and figures of staff).
    alleen_begeleider_id: int | None


def modeltrouw_scope(ctx: RegioContext) -> ModeltrouwScope:
    """The projectleider: every begeleider of the region, per team and region. A GGZ provider's bestuurder:
    its own provider's begeleiders and team. A trajectbegeleider: its own row and its team's total. Every
    other role (a gemeente's or UWV's bestuurder included: IPS is run by the GGZ providers): PermissionDenied."""
    if ctx.heeft_rol(Rol.PROJECTLEIDER):
        return ModeltrouwScope(regio=ctx.regio, aanbieder=None, alleen_begeleider_id=None)
    if ctx.heeft_rol(Rol.BESTUURDER) and ctx.organisatie.soort == Soort.GGZ:
        return ModeltrouwScope(regio=ctx.regio, aanbieder=ctx.organisatie, alleen_begeleider_id=None)
    if ctx.heeft_rol(Rol.TRAJECTBEGELEIDER) and ctx.organisatie.soort in AANBIEDER_SOORTEN:
        return ModeltrouwScope(regio=ctx.regio, aanbieder=ctx.organisatie, alleen_begeleider_id=ctx.gebruiker.pk)
    raise PermissionDenied


def modeltrouw_voor(scope: ModeltrouwScope, periode: Periode, peildatum=None) -> Modeltrouw:
    """The fidelity figures the scope may see: a begeleider's own row only (its team's total stays)."""
    uitkomst = figuren.modeltrouw(
        regio=scope.regio,
        periode=periode,
        aanbieder_id=scope.aanbieder.pk if scope.aanbieder else None,
        peildatum=peildatum,
    )
    if scope.alleen_begeleider_id is None:
        return uitkomst
    eigen = f"begeleider-{scope.alleen_begeleider_id}"
    return dataclasses.replace(
        uitkomst,
        teams=tuple(
            dataclasses.replace(team, begeleiders=tuple(rij for rij in team.begeleiders if rij.sleutel == eigen))
            for team in uitkomst.teams
        ),
    )
