"""Announcing a report: to the projectleiders when a concept waits for their approval (a notification in the
portal), and to every subscriber who may see it once a version is approved (an e-mail with a link, never
the file). Subscribers never hear of a concept."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hoofdzaak import actions as kern_actions
from hoofdzaak import meldingen
from hoofdzaak.models import Lidmaatschap, MeldingSoort, Rol

from .. import wachtrij
from ..models import Abonnement, Rapport, RapportStatus


def mag_rapport_zien(gebruiker, rapport: Rapport) -> bool:
    """Whether one of the user's active memberships in the report's region may see it (the archive's rule)."""
    leden = Lidmaatschap.objects.actief().filter(gebruiker=gebruiker, regio_id=rapport.regio_id)
    leden = leden.select_related("organisatie__regio")
    return any(Rapport.objects.zichtbaar_voor(lid).filter(pk=rapport.pk).exists() for lid in leden)


def meld_ter_goedkeuring(rapport: Rapport) -> None:
    """A built report is a concept until a projectleider approves it (DESIGN.md §6): tell them. The
    notification links to the report's page, where the warnings are listed and the approval is."""
    kern_actions.meld(
        regio=rapport.regio,
        ontvangers=meldingen.met_rol(rapport.regio, Rol.PROJECTLEIDER),
        soort=MeldingSoort.RAPPORT_TER_GOEDKEURING,
        tekst=_("%(titel)s (versie %(versie)s) wacht op goedkeuring.")
        % {"titel": rapport.titel, "versie": rapport.versie},
        url=reverse("rapport", kwargs={"regio": rapport.regio.slug, "pk": rapport.pk}),
    )


def meld_goedgekeurd(rapport: Rapport) -> None:
    """Once the approval commits: e-mail the subscribers (a task, so a slow mail server never holds it up)."""
    wachtrij.na_commit(wachtrij.MELD_RAPPORT_KLAAR, rapport.pk)


def meld_abonnees(*, rapport_id: int) -> int:
    """E-mail every subscriber who may still see the report a link to it (never the file). Once per approved
    version; a concept is never announced."""
    with transaction.atomic():
        rapport = (
            Rapport.objects.select_for_update(of=("self",))
            .select_related("regio", "scope")
            .filter(pk=rapport_id, status=RapportStatus.KLAAR, goedgekeurd_op__isnull=False, gemeld_op__isnull=True)
            .first()
        )
        if rapport is None:
            return 0
        Rapport.objects.filter(pk=rapport.pk).update(gemeld_op=timezone.now())
    link = settings.PORTAAL_URL + reverse("rapport", kwargs={"regio": rapport.regio.slug, "pk": rapport.pk})
    aantal = 0
    abonnementen = Abonnement.objects.voor_rapport(rapport).select_related("gebruiker")
    for abonnement in abonnementen:
        gebruiker = abonnement.gebruiker
        if not mag_rapport_zien(gebruiker, rapport):
            continue
        send_mail(
            subject=_("Nieuw rapport: %(titel)s (versie %(versie)s)")
            % {"titel": rapport.titel, "versie": rapport.versie},
            message=render_to_string(
                "rapportage/email/rapport_klaar.txt", {"rapport": rapport, "link": link, "gebruiker": gebruiker}
            ),
            from_email=None,
            recipient_list=[gebruiker.email],
        )
        aantal += 1
    return aantal
