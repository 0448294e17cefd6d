"""Notifications: a list in the portal per user, and e-mail for the kinds a user opted in to.

`hoofdzaak.actions.meld` is called from inside an action's transaction: the notification rows commit (or roll back) with
the event, and the e-mail is queued with `transaction.on_commit`. The apps decide who hears of what
(trajecten.notificaties, rapportage); this module only stores and sends.

E-mail never carries personal data: subject and body say the kind of event and link to the portal list,
nothing else — not the notification's text, not a participant number, name, birth date or reason.
Sending is idempotent: the task locks the row, sends, and sets `gemaild_op` in one transaction, so a
retried or duplicated task finds it set and sends nothing (one mail per event and recipient).

An address that bounces (`OnbestelbaarAdres`, recorded by `manage.py registreer_bounce`) gets nothing, neither
at once nor in the digest, until it is restored; its user cannot choose e-mail meanwhile and sees why.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from .models import (
    Lidmaatschap,
    MeldingSoort,
    Regio,
    Rol,
)

# Which kinds of notification reach a user acting in each role (the e-mail preferences offered).
SOORTEN_PER_ROL: dict[str, tuple[str, ...]] = {
    Rol.KLANTMANAGER: (
        MeldingSoort.AANMELDING_GEACCEPTEERD,
        MeldingSoort.AANMELDING_AFGEWEZEN,
        MeldingSoort.TRAJECT_GESTART,
        MeldingSoort.GEPLAATST,
        MeldingSoort.TRAJECT_BEEINDIGD,
    ),
    Rol.TRAJECTBEGELEIDER: (
        MeldingSoort.AANMELDING_ONTVANGEN,
        MeldingSoort.TOESTEMMING_INGETROKKEN,
        MeldingSoort.OVERGEDRAGEN,
        MeldingSoort.TRAJECT_ELDERS,
        MeldingSoort.OVERDRACHT_GEVRAAGD,
    ),
    Rol.PROJECTLEIDER: (MeldingSoort.RAPPORT_TER_GOEDKEURING,),
}


def begeleiders_van(organisatie_id: int) -> list[int]:
    """Users acting as trajectbegeleider for this organisation (active memberships)."""
    return list(
        Lidmaatschap.objects.actief()
        .filter(organisatie_id=organisatie_id, rol=Rol.TRAJECTBEGELEIDER)
        .values_list("gebruiker_id", flat=True)
    )


def met_rol(regio: Regio, rol: str) -> list[int]:
    return list(Lidmaatschap.objects.actief().filter(regio=regio, rol=rol).values_list("gebruiker_id", flat=True))


def lijst_url(regio: Regio) -> str:
    return settings.PORTAAL_URL + reverse("meldingen", kwargs={"regio": regio.slug})
