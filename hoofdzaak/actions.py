"""Every write of the core app: typed, keyword-only, atomic; side effects run on commit."""

from __future__ import annotations

import logging
import uuid

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from . import security
from .models import ROLLEN_PER_SOORT, Doelstelling, Gebruiker, Lidmaatschap, Organisatie, Regio
from .tokens import uitnodiging_tokens

logger = logging.getLogger(__name__)


def _controleer_rol(organisatie: Organisatie, rol: str) -> None:
    if rol not in ROLLEN_PER_SOORT[organisatie.soort]:
        raise ValidationError(
            {
                "rol": _("Deze rol past niet bij een organisatie van de soort %(soort)s.")
                % {"soort": organisatie.get_soort_display().lower()}
            }
        )


@transaction.atomic
def maak_organisatie(
    *, regio: Regio, naam: str, soort: str, cbs_code: str = "", dagen_zonder_contact: int = 14
) -> Organisatie:
    groep = Group.objects.create(name=f"organisatie-{uuid.uuid4().hex}")
    organisatie = Organisatie(
        regio=regio, naam=naam, soort=soort, cbs_code=cbs_code, groep=groep, dagen_zonder_contact=dagen_zonder_contact
    )
    organisatie.full_clean()
    organisatie.save()
    return organisatie


@transaction.atomic
def wijzig_organisatie(
    *, organisatie: Organisatie, naam: str, soort: str, cbs_code: str = "", dagen_zonder_contact: int | None = None
) -> Organisatie:
    organisatie = Organisatie.objects.select_for_update().get(pk=organisatie.pk)
    if soort != organisatie.soort:
        allowed = ROLLEN_PER_SOORT[soort]
        if organisatie.lidmaatschappen.filter(actief=True).exclude(rol__in=allowed).exists():
            raise ValidationError(
                {"soort": _("Er zijn nog actieve lidmaatschappen met rollen die niet bij deze soort passen.")}
            )
    organisatie.naam, organisatie.soort, organisatie.cbs_code = naam, soort, cbs_code
    if dagen_zonder_contact is not None:
        organisatie.dagen_zonder_contact = dagen_zonder_contact
    organisatie.full_clean()
    organisatie.save(update_fields=["naam", "soort", "cbs_code", "dagen_zonder_contact"])
    return organisatie


@transaction.atomic
def voeg_lidmaatschap_toe(*, gebruiker: Gebruiker, organisatie: Organisatie, rol: str) -> Lidmaatschap:
    _controleer_rol(organisatie, rol)
    lidmaatschap, _created = Lidmaatschap.objects.update_or_create(
        gebruiker=gebruiker,
        organisatie=organisatie,
        rol=rol,
        defaults={"regio": organisatie.regio, "actief": True},
    )
    return lidmaatschap


@transaction.atomic
def nodig_uit(*, organisatie: Organisatie, email: str, naam: str, rol: str, basis_url: str) -> Lidmaatschap:
    """Create an account without a password and a membership, and mail a set-password link."""
    email = Gebruiker.objects.normalize_email(email).lower()
    _controleer_rol(organisatie, rol)
    if Gebruiker.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("Er bestaat al een account met dit e-mailadres.")})
    gebruiker = Gebruiker.objects.create_user(email=email, naam=naam)
    lidmaatschap = voeg_lidmaatschap_toe(gebruiker=gebruiker, organisatie=organisatie, rol=rol)
    transaction.on_commit(lambda: verstuur_uitnodiging(lidmaatschap=lidmaatschap, basis_url=basis_url))
    return lidmaatschap


def verstuur_uitnodiging(*, lidmaatschap: Lidmaatschap, basis_url: str) -> None:
    """Mail (again) the set-password link; only for accounts that never set a password."""
    gebruiker = lidmaatschap.gebruiker
    if gebruiker.has_usable_password():
        raise ValidationError(_("Deze gebruiker heeft het account al geactiveerd."))
    pad = reverse(
        "activeren",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(gebruiker.pk)),
            "token": uitnodiging_tokens.make_token(gebruiker),
        },
    )
    context = {
        "lidmaatschap": lidmaatschap,
        "link": basis_url.rstrip("/") + pad,
        "geldig_dagen": settings.INVITE_VALID_DAYS,
    }
    send_mail(
        subject=_("Uitnodiging voor het Hoofdzaak Werk-portaal"),
        message=render_to_string("hoofdzaak/email/uitnodiging.txt", context),
        from_email=None,
        recipient_list=[gebruiker.email],
    )


@transaction.atomic
def wijzig_rol(*, lidmaatschap: Lidmaatschap, rol: str, door: Gebruiker) -> Lidmaatschap:
    if lidmaatschap.gebruiker_id == door.pk:
        raise ValidationError(_("Je kunt je eigen rol niet wijzigen; vraag een andere projectleider."))
    _controleer_rol(lidmaatschap.organisatie, rol)
    if (
        Lidmaatschap.objects.filter(
            gebruiker_id=lidmaatschap.gebruiker_id, organisatie_id=lidmaatschap.organisatie_id, rol=rol
        )
        .exclude(pk=lidmaatschap.pk)
        .exists()
    ):
        raise ValidationError({"rol": _("Deze gebruiker heeft deze rol bij deze organisatie al.")})
    lidmaatschap.rol = rol
    lidmaatschap.save(update_fields=["rol", "gewijzigd_op"])
    return lidmaatschap


@transaction.atomic
def zet_lidmaatschap_actief(*, lidmaatschap: Lidmaatschap, actief: bool, door: Gebruiker) -> Lidmaatschap:
    if lidmaatschap.gebruiker_id == door.pk:
        raise ValidationError(_("Je kunt je eigen lidmaatschap niet (de)activeren."))
    if actief:
        _controleer_rol(lidmaatschap.organisatie, lidmaatschap.rol)
    lidmaatschap.actief = actief
    lidmaatschap.save(update_fields=["actief", "gewijzigd_op"])
    if not actief:
        # A revoked membership ends the user's sessions at once, not at their next request.
        security.beeindig_sessies_na_commit(lidmaatschap.gebruiker_id)
    return lidmaatschap


@transaction.atomic
def zet_gebruiker_actief(*, gebruiker: Gebruiker, actief: bool, door: Gebruiker) -> Gebruiker:
    """(De)activate an account; deactivation ends all its sessions once committed."""
    if gebruiker.pk == door.pk:
        raise ValidationError(_("Je kunt je eigen account niet (de)activeren."))
    gebruiker.is_active = actief
    gebruiker.save(update_fields=["is_active"])
    if not actief:
        security.beeindig_sessies_na_commit(gebruiker.pk)
    return gebruiker


@transaction.atomic
def stel_wachtwoord_in(*, gebruiker: Gebruiker, wachtwoord: str) -> Gebruiker:
    gebruiker.set_password(wachtwoord)
    gebruiker.save(update_fields=["password"])
    return gebruiker


@transaction.atomic
def stel_doelstelling_in(*, regio: Regio, jaar: int, aantal: int = 100) -> Doelstelling:
    doelstelling, _created = Doelstelling.objects.update_or_create(regio=regio, jaar=jaar, defaults={"aantal": aantal})
    return doelstelling
