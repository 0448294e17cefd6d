"""Who hears of what happens to a trajectory (hoofdzaak.meldingen stores and mails).

Called from inside the actions, so a notification commits or rolls back with its event; the e-mails
go out on commit. The in-portal text names the participant by number and the organisation only — it
is read by its recipient alone, who may see that trajectory anyway. E-mails never carry this text.

- the referrer (the klantmanager who referred, `Traject.verwezen_door`; for a handover between providers
  the old provider's begeleider): accepted, declined (with the reason), started, placed, ended;
- the provider's begeleiders: a referral arrives (also a handover from another provider);
- the begeleiders of the participant's other running trajectories: a consent is withdrawn;
- the colleague a participant is handed over to (trajecten.overdracht);
- the begeleider of a running trajectory when the match key (trajecten.koppeling) finds an intake or referral
  of the same person elsewhere in the region, and when that organisation asks for a handover. Only the
  organisation's name and the recipient's own participant number: nothing of the other record.
"""

from __future__ import annotations

from django.urls import reverse

from hoofdzaak.actions import meld
from hoofdzaak.meldingen import begeleiders_van
from hoofdzaak.models import Gebruiker, MeldingSoort

from .models import ACTIEVE_STATUSSEN, Toestemming, Traject, TrajectStatus

VOOR_VERWIJZER = {
    MeldingSoort.AANMELDING_GEACCEPTEERD: "Aanmelding {nummer} is geaccepteerd door {aanbieder}.",
    MeldingSoort.AANMELDING_AFGEWEZEN: "Aanmelding {nummer} is afgewezen door {aanbieder}. Reden: {reden}",
    MeldingSoort.TRAJECT_GESTART: "Het traject van {nummer} bij {aanbieder} is gestart.",
    MeldingSoort.GEPLAATST: "{nummer} is aan het werk gegaan (traject bij {aanbieder}).",
    MeldingSoort.TRAJECT_BEEINDIGD: "Het traject van {nummer} bij {aanbieder} is beëindigd.",
}


def _url(naam: str, traject: Traject, **kwargs) -> str:
    return reverse(naam, kwargs={"regio": traject.regio.slug, **kwargs})


def voor_verwijzer(traject: Traject, soort: MeldingSoort) -> None:
    if not traject.verwezen_door_id:
        return
    tekst = VOOR_VERWIJZER[soort].format(
        nummer=traject.deelnemer.nummer, aanbieder=traject.aanbieder.naam, reden=traject.afwijsreden
    )
    meld(
        regio=traject.regio,
        ontvangers=[traject.verwezen_door_id],
        soort=soort,
        tekst=tekst,
        url=_url("aanmeldingen", traject),
    )


def aanmelding_ontvangen(traject: Traject, elders: list[str] = ()) -> None:
    """`elders`: the organisations where the match key found a running trajectory of this person."""
    if traject.overgedragen_van_id:
        tekst = f"{traject.verwijzer} wil {traject.deelnemer.nummer} aan jullie overdragen."
    else:
        tekst = f"Nieuwe aanmelding {traject.deelnemer.nummer} van {traject.verwijzer or 'onbekend'}."
    if elders:
        tekst += f" Let op: deze persoon heeft al een traject bij {', '.join(elders)}."
    meld(
        regio=traject.regio,
        ontvangers=begeleiders_van(traject.aanbieder_id),
        soort=MeldingSoort.AANMELDING_ONTVANGEN,
        tekst=tekst,
        url=_url("aanmelding_behandelen", traject, pk=traject.pk),
    )


def toestemming_ingetrokken(toestemming: Toestemming, door: Gebruiker) -> None:
    begeleiders = (
        Traject.objects.filter(deelnemer_id=toestemming.deelnemer_id, status__in=ACTIEVE_STATUSSEN)
        .exclude(trajectbegeleider=door)
        .values_list("trajectbegeleider_id", flat=True)
    )
    meld(
        regio=toestemming.regio,
        ontvangers=begeleiders,
        soort=MeldingSoort.TOESTEMMING_INGETROKKEN,
        tekst=f"De toestemming van {toestemming.deelnemer.nummer} voor {toestemming.organisatie.naam} is ingetrokken.",
        url=reverse("deelnemer", kwargs={"regio": toestemming.regio.slug, "nummer": toestemming.deelnemer.nummer}),
    )


def overgedragen(traject: Traject, aan: Gebruiker, door: Gebruiker) -> None:
    meld(
        regio=traject.regio,
        ontvangers=[aan],
        soort=MeldingSoort.OVERGEDRAGEN,
        tekst=f"{door.naam} heeft {traject.deelnemer.nummer} aan je overgedragen.",
        url=_url("deelnemer", traject, nummer=traject.deelnemer.nummer),
    )


def _begeleiders(traject: Traject) -> list[int]:
    """Its begeleider, or (a referral not yet accepted) every begeleider of its provider."""
    return [traject.trajectbegeleider_id] if traject.trajectbegeleider_id else begeleiders_van(traject.aanbieder_id)


def traject_elders(ander: Traject, nieuw: Traject, *, exact: bool) -> None:
    """The match key found that `nieuw` (an intake or referral at another organisation) is, or may be, the
    person of `ander`: tell `ander`'s begeleider where, nothing more."""
    nummer = ander.deelnemer.nummer
    tekst = (
        f"{nummer} heeft nu ook een traject bij {nieuw.aanbieder.naam}."
        if exact
        else f"Mogelijk dezelfde persoon als {nummer} heeft nu een traject bij {nieuw.aanbieder.naam}."
    )
    meld(
        regio=ander.regio,
        ontvangers=_begeleiders(ander),
        soort=MeldingSoort.TRAJECT_ELDERS,
        tekst=tekst,
        url=_url("deelnemer", ander, nummer=nummer),
    )


def overdracht_gevraagd(ander: Traject, door_organisatie) -> None:
    """Another organisation asks `ander`'s provider to hand the trajectory over: a link to the handover with
    that organisation chosen (or, for a referral still in the inbox, to the referral)."""
    if ander.status == TrajectStatus.AANGEMELD:
        url = _url("aanmelding_behandelen", ander, pk=ander.pk)
    else:
        url = _url("traject_overdragen", ander, pk=ander.pk) + f"?aan={door_organisatie.pk}"
    meld(
        regio=ander.regio,
        ontvangers=_begeleiders(ander),
        soort=MeldingSoort.OVERDRACHT_GEVRAAGD,
        tekst=f"{door_organisatie.naam} vraagt je {ander.deelnemer.nummer} aan hen over te dragen.",
        url=url,
    )
