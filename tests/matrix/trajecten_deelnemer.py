"""Access to one participant: per role, per grant situation (own, no consent, withdrawn, other region)."""

from hoofdzaak.models import Rol

from . import GEEN, Regel, alleen, deelnemer_kwargs, regio

TB, KM, PEER, PL = Rol.TRAJECTBEGELEIDER, Rol.KLANTMANAGER, Rol.PEER_SUPPORTER, Rol.PROJECTLEIDER

# Only the provider's trajectbegeleider may change a participant; everyone else gets 404.
BEHEER_ALLEEN = alleen(TB, anders=404)
BEHEER_VARIANTEN = {
    "zonder toestemming, andere aanbieder": (deelnemer_kwargs("zonder_toestemming"), GEEN),
    "toestemming ingetrokken": (deelnemer_kwargs("ingetrokken"), BEHEER_ALLEEN),
    "deelnemer van een andere regio": (deelnemer_kwargs("andere_regio"), GEEN),
}


def eerste_traject(situatie: str):
    return lambda w: {**regio(w), "pk": getattr(w.dossiers, situatie).trajecten.get().pk}


def toestemming(situatie: str, van: str = "eigen"):
    return lambda w: {
        **deelnemer_kwargs(van)(w),
        "pk": getattr(w.dossiers, situatie).toestemmingen.get().pk,
    }


TRAJECT_VARIANTEN = {
    "traject van een andere aanbieder": (eerste_traject("zonder_toestemming"), GEEN),
    "traject van een andere regio": (eerste_traject("andere_regio"), GEEN),
}

MATRIX = {
    "deelnemer": Regel(
        kwargs=deelnemer_kwargs("eigen"),
        rollen=alleen(TB, KM, PEER, PL, anders=404),
        varianten={
            "zonder toestemming, andere aanbieder": (deelnemer_kwargs("zonder_toestemming"), alleen(PL, anders=404)),
            "toestemming ingetrokken": (deelnemer_kwargs("ingetrokken"), alleen(TB, PEER, PL, anders=404)),
            "deelnemer van een andere regio": (deelnemer_kwargs("andere_regio"), GEEN),
        },
    ),
    "deelnemer_bewerken": Regel(
        kwargs=deelnemer_kwargs("eigen"), rollen=BEHEER_ALLEEN, varianten=BEHEER_VARIANTEN, post=BEHEER_ALLEEN
    ),
    "toestemming_nieuw": Regel(
        kwargs=deelnemer_kwargs("eigen"), rollen=BEHEER_ALLEEN, varianten=BEHEER_VARIANTEN, post=BEHEER_ALLEEN
    ),
    "toestemming_intrekken": Regel(
        kwargs=toestemming("eigen"),
        rollen=BEHEER_ALLEEN,
        dossiers=True,
        varianten={
            "toestemming van een andere deelnemer": (toestemming("andere_regio"), GEEN),
            "deelnemer van een andere regio": (toestemming("andere_regio", van="andere_regio"), GEEN),
        },
        post=BEHEER_ALLEEN,
    ),
    "peer_koppelen": Regel(
        kwargs=deelnemer_kwargs("eigen"), rollen=BEHEER_ALLEEN, varianten=BEHEER_VARIANTEN, post=BEHEER_ALLEEN
    ),
    "peer_gesprek": Regel(
        kwargs=deelnemer_kwargs("eigen"),
        rollen=alleen(PEER, anders=404),
        varianten={
            "niet gekoppeld": (deelnemer_kwargs("zonder_toestemming"), GEEN),
            "toestemming ingetrokken (gekoppeld)": (deelnemer_kwargs("ingetrokken"), alleen(PEER, anders=404)),
            "deelnemer van een andere regio": (deelnemer_kwargs("andere_regio"), GEEN),
        },
        post=alleen(PEER, anders=404),
    ),
    "traject_starten": Regel(
        kwargs=eerste_traject("eigen"),
        rollen=BEHEER_ALLEEN,
        dossiers=True,
        varianten=TRAJECT_VARIANTEN,
        post=BEHEER_ALLEEN,
    ),
    "traject_beeindigen": Regel(
        kwargs=eerste_traject("eigen"),
        rollen=BEHEER_ALLEEN,
        dossiers=True,
        varianten=TRAJECT_VARIANTEN,
        post=BEHEER_ALLEEN,
    ),
    "financiering_corrigeren": Regel(
        kwargs=eerste_traject("eigen"),
        rollen=BEHEER_ALLEEN,
        dossiers=True,
        varianten=TRAJECT_VARIANTEN,
        post=BEHEER_ALLEEN,
    ),
    "contact_nieuw": Regel(
        kwargs=eerste_traject("eigen"),
        rollen=BEHEER_ALLEEN,
        dossiers=True,
        varianten=TRAJECT_VARIANTEN,
        post=BEHEER_ALLEEN,
    ),
}
