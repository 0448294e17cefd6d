"""Access to work: proposals, placements, suggestions.

- the werkgeversadviseur's proposal pages: its own region's proposals only, every other role 403;
- writes about one participant (propose, withdraw, register or end a placement): the provider's
  trajectbegeleider only, everyone else 404, like every participant-specific write page;
- suggested candidates for a vacancy: trajectbegeleiders only (403 for the other roles), 404 for a vacancy
  of another region.

`werk(w)` builds an employer, an open vacancy, a proposal and a placement per region (and for the other
provider's participant) once per world; tests/test_werk.py and the browser test use its helpers too.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

from hoofdzaak.models import Rol
from tests.fabriek import begeleider_ctx, maak_vacature, maak_werkgever
from werkgevers.models import Vacature, Werkgever

from . import GEEN, Regel, alleen, deelnemer_kwargs, regio
from .trajecten_deelnemer import BEHEER_ALLEEN, BEHEER_VARIANTEN, TRAJECT_VARIANTEN, eerste_traject

TB, WGA = Rol.TRAJECTBEGELEIDER, Rol.WERKGEVERSADVISEUR
PROFIEL = "Ervaren in de bediening, sterk in klantcontact, zoekt een rustige werkplek."


@dataclass
class Werk:
    werkgever: Werkgever
    vacature: Vacature
    voordracht: object
    plaatsing: object


def _bouw(regio_wereld, deelnemer, organisatie: str = "ggz") -> Werk:
    from trajecten import actions

    ctx = begeleider_ctx(regio_wereld, organisatie)
    werkgever = maak_werkgever(regio_wereld, f"Werkgever {deelnemer.nummer}")
    vacature = maak_vacature(werkgever)
    traject = deelnemer.trajecten.get()
    voordracht = actions.draag_voor(ctx=ctx, traject=traject, vacature=vacature, profiel=PROFIEL, toestemming=True)
    plaatsing = actions.registreer_plaatsing(
        ctx=ctx,
        traject=traject,
        werkgever_naam="Buurtsuper Om de Hoek",
        functie="Vakkenvuller",
        startdatum=traject.startdatum,
        einddatum=None,
        uren_per_week=12,
        contractvorm="tijdelijk",
        betaald=True,
    )
    return Werk(werkgever, vacature, voordracht, plaatsing)


def werk(w) -> SimpleNamespace:
    """Per region a proposal and a placement for the `eigen` participant; in region A also for the
    participant of another provider (`zonder_toestemming`). Built once per world."""
    if not hasattr(w, "werk"):
        w.werk = SimpleNamespace(
            a=_bouw(w.a, w.dossiers.eigen),
            ander=_bouw(w.a, w.dossiers.zonder_toestemming, "reintegratie"),
            b=_bouw(w.b, w.dossiers.andere_regio),
        )
    return w.werk


def _voordracht(waar: str, van: str = "eigen"):
    return lambda w: {**deelnemer_kwargs(van)(w), "pk": getattr(werk(w), waar).voordracht.pk}


def _plaatsing(waar: str):
    return lambda w: {**regio(w), "pk": getattr(werk(w), waar).plaatsing.pk}


def _vacature(waar: str):
    return lambda w: {**regio(w), "pk": getattr(werk(w), waar).vacature.pk}


def _gedeelde_voordracht(waar: str, naar: str | None = None):
    return lambda w: {**regio(w), "pk": getattr(werk(w), waar).voordracht.pk, **({"naar": naar} if naar else {})}


ALLEEN_WGA = alleen(WGA)

MATRIX: dict[str, Regel] = {
    "voordragen": Regel(
        kwargs=deelnemer_kwargs("eigen"), rollen=BEHEER_ALLEEN, varianten=BEHEER_VARIANTEN, post=BEHEER_ALLEEN
    ),
    "voordracht_terugtrekken": Regel(
        kwargs=_voordracht("a"),
        rollen=BEHEER_ALLEEN,
        dossiers=True,
        varianten={
            "voordracht van een andere aanbieder": (_voordracht("ander", van="zonder_toestemming"), GEEN),
            "voordracht van een andere deelnemer": (_voordracht("ander"), GEEN),
            "voordracht van een andere regio": (_voordracht("b", van="andere_regio"), GEEN),
        },
        post=BEHEER_ALLEEN,
    ),
    "plaatsing_nieuw": Regel(
        kwargs=eerste_traject("eigen"),
        rollen=BEHEER_ALLEEN,
        dossiers=True,
        varianten=TRAJECT_VARIANTEN,
        post=BEHEER_ALLEEN,
    ),
    "plaatsing_beeindigen": Regel(
        kwargs=_plaatsing("a"),
        rollen=BEHEER_ALLEEN,
        dossiers=True,
        varianten={
            "plaatsing van een andere aanbieder": (_plaatsing("ander"), GEEN),
            "plaatsing van een andere regio": (_plaatsing("b"), GEEN),
        },
        post=BEHEER_ALLEEN,
    ),
    "vacature_kandidaten": Regel(kwargs=_vacature("a"), rollen=alleen(TB), dossiers=True, vreemd_object=_vacature("b")),
    "voordrachten": Regel(kwargs=regio, rollen=ALLEEN_WGA, dossiers=True),
    "voordracht": Regel(
        kwargs=_gedeelde_voordracht("a"), rollen=ALLEEN_WGA, dossiers=True, vreemd_object=_gedeelde_voordracht("b")
    ),
    "voordracht_status": Regel(
        kwargs=_gedeelde_voordracht("a", "aangenomen"),
        rollen=ALLEEN_WGA,
        dossiers=True,
        vreemd_object=_gedeelde_voordracht("b", "aangenomen"),
        post=ALLEEN_WGA,
    ),
}
