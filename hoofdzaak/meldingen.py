"""Notifications: a list in the portal per user, and e-mail for the kinds a user opted in to.

`meld` is called from inside an action's transaction: the notification rows commit (or roll back) with
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

from collections import Counter
from collections.abc import Iterable

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import (
    Gebruiker,
    Lidmaatschap,
    Melding,
    MeldingSoort,
    MeldingVoorkeur,
    MeldingWijze,
    OnbestelbaarAdres,
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


def meld(
    *, regio: Regio, ontvangers: Iterable[Gebruiker | int | None], soort: str, tekst: str, url: str = ""
) -> list[Melding]:
    """Store one notification per active recipient (duplicates and None skipped) and queue their e-mails."""
    ids = {o.pk if isinstance(o, Gebruiker) else o for o in ontvangers} - {None}
    actief = list(Gebruiker.objects.filter(pk__in=ids, is_active=True).values_list("pk", flat=True))
    meldingen = Melding.objects.bulk_create(
        Melding(regio=regio, ontvanger_id=pk, soort=soort, tekst=tekst[:500], url=url) for pk in sorted(actief)
    )
    direct = set(
        MeldingVoorkeur.objects.filter(gebruiker_id__in=actief, soort=soort, wijze=MeldingWijze.DIRECT).values_list(
            "gebruiker_id", flat=True
        )
    )
    te_mailen = [m.pk for m in meldingen if m.ontvanger_id in direct]
    if te_mailen:
        transaction.on_commit(lambda: _plan_mails(te_mailen), robust=True)
    return meldingen


def begeleiders_van(organisatie_id: int) -> list[int]:
    """Users acting as trajectbegeleider for this organisation (active memberships)."""
    return list(
        Lidmaatschap.objects.actief()
        .filter(organisatie_id=organisatie_id, rol=Rol.TRAJECTBEGELEIDER)
        .values_list("gebruiker_id", flat=True)
    )


def met_rol(regio: Regio, rol: str) -> list[int]:
    return list(Lidmaatschap.objects.actief().filter(regio=regio, rol=rol).values_list("gebruiker_id", flat=True))


def _plan_mails(melding_ids: list[int]) -> None:
    for pk in melding_ids:
        mail_melding_taak.delay(pk)


def lijst_url(regio: Regio) -> str:
    return settings.PORTAAL_URL + reverse("meldingen", kwargs={"regio": regio.slug})


def mail_melding(*, melding_id: int) -> bool:
    """Send the e-mail of one notification if its recipient wants it now and it was not sent yet."""
    with transaction.atomic():
        melding = (
            Melding.objects.select_for_update(of=("self",))
            .select_related("regio", "ontvanger")
            .filter(pk=melding_id, gemaild_op__isnull=True, ontvanger__is_active=True)
            .first()
        )
        if melding is None:
            return False
        if not MeldingVoorkeur.objects.filter(
            gebruiker_id=melding.ontvanger_id, soort=melding.soort, wijze=MeldingWijze.DIRECT
        ).exists():
            return False
        if OnbestelbaarAdres.objects.filter(email=melding.ontvanger.email).exists():
            # The address bounces: nothing is sent (the notification stays in the portal).
            return False
        context = {"soort": melding.get_soort_display(), "regio": melding.regio, "link": lijst_url(melding.regio)}
        send_mail(
            subject=render_to_string("hoofdzaak/email/melding_onderwerp.txt", context).strip(),
            message=render_to_string("hoofdzaak/email/melding.txt", context),
            from_email=None,
            recipient_list=[melding.ontvanger.email],
        )
        Melding.objects.filter(pk=melding.pk).update(gemaild_op=timezone.now())
    return True


def mail_dagoverzichten() -> int:
    """One e-mail per user and region with the counts per kind of the notifications not mailed yet whose
    kind the user wants daily. Each user's mail is its own transaction: a retry continues with the rest."""
    dagelijks = MeldingVoorkeur.objects.filter(
        gebruiker_id=OuterRef("ontvanger_id"), soort=OuterRef("soort"), wijze=MeldingWijze.DAGELIJKS
    )
    onbestelbaar = OnbestelbaarAdres.objects.filter(email=OuterRef("ontvanger__email"))
    paren = (
        Melding.objects.filter(
            Exists(dagelijks), ~Exists(onbestelbaar), gemaild_op__isnull=True, ontvanger__is_active=True
        )
        .order_by()
        .values_list("ontvanger_id", "regio_id")
        .distinct()
    )
    verstuurd = 0
    for ontvanger_id, regio_id in list(paren):
        verstuurd += _mail_dagoverzicht(ontvanger_id=ontvanger_id, regio_id=regio_id)
    return verstuurd


def _mail_dagoverzicht(*, ontvanger_id: int, regio_id: int) -> int:
    with transaction.atomic():
        soorten = MeldingVoorkeur.objects.filter(gebruiker_id=ontvanger_id, wijze=MeldingWijze.DAGELIJKS).values(
            "soort"
        )
        meldingen = list(
            Melding.objects.select_for_update()
            .filter(ontvanger_id=ontvanger_id, regio_id=regio_id, gemaild_op__isnull=True, soort__in=soorten)
            .only("pk", "soort")
        )
        if not meldingen:
            return 0
        regio = Regio.objects.get(pk=regio_id)
        ontvanger = Gebruiker.objects.get(pk=ontvanger_id)
        aantallen = Counter(m.soort for m in meldingen)
        context = {
            "regels": [(MeldingSoort(s).label, n) for s, n in sorted(aantallen.items())],
            "regio": regio,
            "link": lijst_url(regio),
        }
        send_mail(
            subject=render_to_string("hoofdzaak/email/dagoverzicht_onderwerp.txt", context).strip(),
            message=render_to_string("hoofdzaak/email/dagoverzicht.txt", context),
            from_email=None,
            recipient_list=[ontvanger.email],
        )
        Melding.objects.filter(pk__in=[m.pk for m in meldingen]).update(gemaild_op=timezone.now())
    return 1


# The worker's tasks (registered through hoofdzaak.tasks). Thin: they take ids and call the functions above.


@shared_task(
    name="hoofdzaak.tasks.mail_melding", acks_late=True, autoretry_for=(OSError,), retry_backoff=30, max_retries=5
)
def mail_melding_taak(melding_id: int) -> bool:
    """One notification's e-mail; idempotent (`mail_melding`), so a retry never sends twice."""
    return mail_melding(melding_id=melding_id)


@shared_task(name="hoofdzaak.tasks.mail_dagoverzichten", acks_late=True)
def mail_dagoverzichten_taak() -> int:
    """Daily (settings.CELERY_BEAT_SCHEDULE "meldingen-dagoverzicht"): the digests of every user."""
    return mail_dagoverzichten()
