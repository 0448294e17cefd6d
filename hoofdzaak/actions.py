"""Every write of the core app: typed, keyword-only, atomic; side effects run on commit.

Also the rules every app's actions share: the "changed meanwhile" check (`vers`, `VEROUDERD`) and the
role check (`vereis_rol`, `GEEN_RECHT`), and the writes of login bookkeeping: codes of the second step,
enrolment and reset (`hoofdzaak.tweefactor` holds the rules), and the session registry
(`hoofdzaak.security` holds the middleware and the signal receivers that call these).
"""

from __future__ import annotations

import datetime
import logging
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, models, router, transaction
from django.db.models import Exists, OuterRef
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import achtergrond, audit, datums
from .meldingen import lijst_url
from .models import (
    DOELPARTNER_SOORTEN,
    ROLLEN_PER_SOORT,
    AuditActie,
    Doeldeel,
    Doelstelling,
    Doelversie,
    Gebruiker,
    Inzending,
    Lidmaatschap,
    Melding,
    MeldingSoort,
    MeldingVoorkeur,
    MeldingWijze,
    OnbestelbaarAdres,
    Organisatie,
    Regio,
    Rol,
    Sessie,
    Soort,
)
from .tenancy import RegioContext
from .tokens import uitnodiging_tokens
from .tweefactor import AANTAL_RESERVECODES, APP_NAAM, RESERVE_NAAM, Controle, normaliseer, reservecodes_over, wachttijd

logger = logging.getLogger(__name__)

# --- Rules every app's actions share ------------------------------------------------------------------

VEROUDERD = gettext_lazy(
    "Iemand anders heeft deze gegevens intussen gewijzigd. Bekijk de nieuwe gegevens en voer je wijziging opnieuw in."
)
GEEN_RECHT = gettext_lazy("Je rol mag deze handeling niet uitvoeren.")


def vers(model: type[models.Model], obj: models.Model, versie: int | None):
    """The row, locked, as it is now; refused when the form was rendered from an older version.

    `versie` None: no form version to compare (a write that is not an edit of what the user saw).
    The refusal is a non-field error with code "verouderd", so a view can show the current state.
    """
    actueel = model.objects.select_for_update().get(pk=obj.pk)
    if versie is not None and actueel.versie != versie:
        raise ValidationError(VEROUDERD, code="verouderd")
    return actueel


def vereis_rol(ctx: RegioContext, *rollen: str) -> None:
    """Refuse an action, as a form error with GEEN_RECHT, to a user not acting in one of `rollen`.

    (An action whose pages the role cannot reach at all raises `PermissionDenied(GEEN_RECHT)`: a 403.)"""
    if not ctx.heeft_rol(*rollen):
        raise ValidationError(GEEN_RECHT, code="geen_recht")


@dataclass(frozen=True)
class Eenmalig:
    """The outcome of `voer_eenmalig_uit`: `nieuw` False when the key had been used (no `waarde` then)."""

    nieuw: bool
    url: str
    waarde: Any = None


def voer_eenmalig_uit(
    *, ctx: RegioContext, sleutel: uuid.UUID, action: Callable[[], Any], doel: Callable[[Any], str]
) -> Eenmalig:
    """Run a create `action` once per submission key: the key and where the result is (`doel(result)`) are
    stored in the same transaction as the create.

    A second POST with the same key gets the first result. At the same time as the first, its INSERT of the
    key waits for the first transaction and then hits the unique constraint; later, the key is simply there.
    When the action refuses (ValidationError), the key is rolled back with it and may be sent again.
    """
    with transaction.atomic():
        try:
            with transaction.atomic():
                inzending = Inzending.objects.create(regio=ctx.regio, gebruiker=ctx.gebruiker, sleutel=sleutel)
        except IntegrityError:
            eerder = Inzending.objects.get(regio=ctx.regio, gebruiker=ctx.gebruiker, sleutel=sleutel)
            return Eenmalig(nieuw=False, url=eerder.resultaat_url)
        waarde = action()
        inzending.resultaat_url = doel(waarde)
        inzending.save(update_fields=["resultaat_url"])
    return Eenmalig(nieuw=True, url=inzending.resultaat_url, waarde=waarde)


def vergeet_oude_inzendingen(*, voor: datetime.datetime | None = None) -> int:
    """Delete the submission keys used before `voor` (default: PORTAAL_INZENDING_BEWAARDAGEN days ago; daily, with
    the retention run). A double submit comes within seconds, a re-sent POST of a restored tab within days; after
    that the same form creates anew. The rows name what was created (a participant's page), so they are not kept
    longer than that protection needs. Returns the number deleted."""
    if voor is None:
        voor = timezone.now() - datetime.timedelta(days=settings.PORTAAL_INZENDING_BEWAARDAGEN)
    aantal, _per_model = Inzending.objects.filter(aangemaakt_op__lt=voor).delete()
    return aantal


# --- Regions, organisations, users and memberships ---------------------------------------------------------
#
# The projectleider manages its region's organisations and memberships in the portal; platform staff set up
# regions and organisations, invite a region's first projectleider and may deactivate (not grant) in the
# Django admin (hoofdzaak/admin.py). Both go through these functions, so both get the same checks and write
# the same audit rows (issue 13 point 5). `door` is who acts; None is the system itself (demo data, the
# command line, a test's setup): no check and no row. `request` (a portal or admin request) adds the role
# acted for, the IP and the request id to the row.


def _is_staf(gebruiker: Gebruiker | None) -> bool:
    return gebruiker is not None and gebruiker.is_active and gebruiker.is_staff


def _vereis_staf(door: Gebruiker | None) -> None:
    if door is not None and not _is_staf(door):
        raise ValidationError(GEEN_RECHT, code="geen_recht")


def _vereis_beheerder(door: Gebruiker | None, regio: Regio, *, staf: bool = False) -> None:
    """Refuse (GEEN_RECHT) unless `door` is an active projectleider of `regio`, or, where `staf`, platform staff."""
    if door is None or (staf and _is_staf(door)):
        return
    if not Lidmaatschap.objects.actief().filter(gebruiker_id=door.pk, regio=regio, rol=Rol.PROJECTLEIDER).exists():
        raise ValidationError(GEEN_RECHT, code="geen_recht")


def _log_beheer(
    *,
    actie: str,
    door: Gebruiker | None,
    request: HttpRequest | None,
    regio: Regio | None,
    object_type: str,
    object_id: int | str,
    omschrijving: str,
) -> None:
    """The audit row of a management act by a person (none for the system itself: demo data, a test's setup).
    No participant data: names and addresses of users and organisations."""
    if door is None:
        return
    audit.log(
        actie=actie,
        request=request,
        gebruiker=door,
        regio=regio,
        object_type=object_type,
        object_id=object_id,
        omschrijving=omschrijving,
    )


def _lid_tekst(lidmaatschap: Lidmaatschap) -> str:
    return f"{lidmaatschap.gebruiker.email} als {lidmaatschap.rol} bij {lidmaatschap.organisatie.naam}"


def verwijder_bezwaar(obj: Regio | Organisatie) -> str:
    """Why a region or organisation cannot be deleted ("" when it can): only one that holds nothing yet, so a
    mistake just made can be undone; anything with memberships, data or audit history stays."""
    if isinstance(obj, Regio) and obj.organisaties.exists():
        return _("Deze regio heeft organisaties. Een regio wordt alleen verwijderd zolang ze leeg is.")
    if isinstance(obj, Organisatie) and obj.lidmaatschappen.exists():
        return _("Deze organisatie heeft (gehad) lidmaatschappen en wordt daarom niet verwijderd.")
    collector = Collector(using=router.db_for_write(type(obj)), origin=obj)
    try:
        collector.collect([obj])
    except (ProtectedError, RestrictedError):
        return _("Hier hangen al gegevens of een geschiedenis in het auditlog aan; dit wordt niet verwijderd.")
    return ""


@transaction.atomic
def maak_regio(*, naam: str, slug: str, code: str, door: Gebruiker | None = None, request=None) -> Regio:
    """A new region (platform staff). Its rows in the audit log name no region, so an empty one can go again."""
    _vereis_staf(door)
    regio = Regio(naam=naam, slug=slug, code=code)
    regio.full_clean()
    regio.save()
    _log_beheer(
        actie=AuditActie.AANMAKEN,
        door=door,
        request=request,
        regio=None,
        object_type="regio",
        object_id=regio.pk,
        omschrijving=f"Regio aangemaakt: {regio.naam} ({regio.slug}, {regio.code})",
    )
    return regio


@transaction.atomic
def wijzig_regio(*, regio: Regio, naam: str, door: Gebruiker | None = None, request=None) -> Regio:
    """Rename a region. Its slug (every URL) and code (every participant number) stay as they were made."""
    _vereis_staf(door)
    regio = Regio.objects.select_for_update().get(pk=regio.pk)
    oud, regio.naam = regio.naam, naam
    regio.full_clean()
    regio.save(update_fields=["naam"])
    _log_beheer(
        actie=AuditActie.WIJZIGEN,
        door=door,
        request=request,
        regio=None,
        object_type="regio",
        object_id=regio.pk,
        omschrijving=f"Regio gewijzigd: naam {oud} → {regio.naam}",
    )
    return regio


@transaction.atomic
def verwijder_regio(*, regio: Regio, door: Gebruiker | None = None, request=None) -> None:
    _vereis_staf(door)
    regio = Regio.objects.select_for_update().get(pk=regio.pk)
    if bezwaar := verwijder_bezwaar(regio):
        raise ValidationError(bezwaar)
    pk, tekst = regio.pk, f"{regio.naam} ({regio.slug}, {regio.code})"
    regio.delete()
    _log_beheer(
        actie=AuditActie.VERWIJDEREN,
        door=door,
        request=request,
        regio=None,
        object_type="regio",
        object_id=pk,
        omschrijving=f"Regio verwijderd: {tekst}",
    )


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
    *,
    regio: Regio,
    naam: str,
    soort: str,
    cbs_code: str = "",
    dagen_zonder_contact: int = 14,
    door: Gebruiker | None = None,
    request=None,
) -> Organisatie:
    _vereis_beheerder(door, regio, staf=True)
    groep = Group.objects.create(name=f"organisatie-{uuid.uuid4().hex}")
    organisatie = Organisatie(
        regio=regio, naam=naam, soort=soort, cbs_code=cbs_code, groep=groep, dagen_zonder_contact=dagen_zonder_contact
    )
    organisatie.full_clean()
    organisatie.save()
    _log_beheer(
        actie=AuditActie.AANMAKEN,
        door=door,
        request=request,
        regio=regio,
        object_type="organisatie",
        object_id=organisatie.pk,
        omschrijving=f"Organisatie aangemaakt: {organisatie.naam} ({organisatie.get_soort_display()})",
    )
    return organisatie


@transaction.atomic
def wijzig_organisatie(
    *,
    organisatie: Organisatie,
    naam: str,
    soort: str,
    cbs_code: str = "",
    dagen_zonder_contact: int | None = None,
    door: Gebruiker | None = None,
    request=None,
) -> Organisatie:
    organisatie = Organisatie.objects.select_for_update().get(pk=organisatie.pk)
    _vereis_beheerder(door, organisatie.regio, staf=True)
    if soort != organisatie.soort:
        allowed = ROLLEN_PER_SOORT[soort]
        if organisatie.lidmaatschappen.filter(actief=True).exclude(rol__in=allowed).exists():
            raise ValidationError(
                {"soort": _("Er zijn nog actieve lidmaatschappen met rollen die niet bij deze soort passen.")}
            )
    velden = ["naam", "soort", "cbs_code", "dagen_zonder_contact"]
    voor = {veld: getattr(organisatie, veld) for veld in velden}
    organisatie.naam, organisatie.soort, organisatie.cbs_code = naam, soort, cbs_code
    if dagen_zonder_contact is not None:
        organisatie.dagen_zonder_contact = dagen_zonder_contact
    organisatie.full_clean()
    organisatie.save(update_fields=velden)
    gewijzigd = [
        f"{veld} {voor[veld]} → {getattr(organisatie, veld)}"
        for veld in velden
        if voor[veld] != getattr(organisatie, veld)
    ]
    _log_beheer(
        actie=AuditActie.WIJZIGEN,
        door=door,
        request=request,
        regio=organisatie.regio,
        object_type="organisatie",
        object_id=organisatie.pk,
        omschrijving=f"Organisatie {organisatie.naam} gewijzigd: {'; '.join(gewijzigd) or 'niets veranderd'}",
    )
    return organisatie


@transaction.atomic
def verwijder_organisatie(*, organisatie: Organisatie, door: Gebruiker | None = None, request=None) -> None:
    """Delete an organisation that holds nothing yet (platform staff); its grant group goes with it."""
    _vereis_staf(door)
    organisatie = Organisatie.objects.select_for_update().select_related("regio", "groep").get(pk=organisatie.pk)
    if bezwaar := verwijder_bezwaar(organisatie):
        raise ValidationError(bezwaar)
    pk, regio, groep, tekst = organisatie.pk, organisatie.regio, organisatie.groep, organisatie.naam
    organisatie.delete()
    groep.delete()
    _log_beheer(
        actie=AuditActie.VERWIJDEREN,
        door=door,
        request=request,
        regio=regio,
        object_type="organisatie",
        object_id=pk,
        omschrijving=f"Organisatie verwijderd: {tekst}",
    )


def _maak_lidmaatschap(*, gebruiker: Gebruiker, organisatie: Organisatie, rol: str) -> Lidmaatschap:
    _controleer_rol(organisatie, rol)
    lidmaatschap, _created = Lidmaatschap.objects.update_or_create(
        gebruiker=gebruiker,
        organisatie=organisatie,
        rol=rol,
        defaults={"regio": organisatie.regio, "actief": True},
    )
    return lidmaatschap


@transaction.atomic
def voeg_lidmaatschap_toe(
    *, gebruiker: Gebruiker, organisatie: Organisatie, rol: str, door: Gebruiker | None = None, request=None
) -> Lidmaatschap:
    """Give an existing account a role at an organisation (the region's projectleider; never platform staff)."""
    _vereis_beheerder(door, organisatie.regio)
    lidmaatschap = _maak_lidmaatschap(gebruiker=gebruiker, organisatie=organisatie, rol=rol)
    _log_beheer(
        actie=AuditActie.AANMAKEN,
        door=door,
        request=request,
        regio=organisatie.regio,
        object_type="lidmaatschap",
        object_id=lidmaatschap.pk,
        omschrijving=f"Lidmaatschap toegevoegd: {_lid_tekst(lidmaatschap)}",
    )
    return lidmaatschap


def _nodig_uit(*, organisatie: Organisatie, email: str, naam: str, rol: str, basis_url: str) -> Lidmaatschap:
    email = Gebruiker.objects.normalize_email(email).lower()
    _controleer_rol(organisatie, rol)
    if Gebruiker.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("Er bestaat al een account met dit e-mailadres.")})
    gebruiker = Gebruiker.objects.create_user(email=email, naam=naam)
    lidmaatschap = _maak_lidmaatschap(gebruiker=gebruiker, organisatie=organisatie, rol=rol)
    transaction.on_commit(lambda: verstuur_uitnodiging(lidmaatschap=lidmaatschap, basis_url=basis_url))
    return lidmaatschap


@transaction.atomic
def nodig_uit(
    *,
    organisatie: Organisatie,
    email: str,
    naam: str,
    rol: str,
    basis_url: str,
    door: Gebruiker | None = None,
    request=None,
) -> Lidmaatschap:
    """Create an account without a password and a membership, and mail a set-password link (the region's
    projectleider; platform staff only through `nodig_eerste_projectleider_uit`)."""
    _vereis_beheerder(door, organisatie.regio)
    lidmaatschap = _nodig_uit(organisatie=organisatie, email=email, naam=naam, rol=rol, basis_url=basis_url)
    _log_beheer(
        actie=AuditActie.AANMAKEN,
        door=door,
        request=request,
        regio=organisatie.regio,
        object_type="lidmaatschap",
        object_id=lidmaatschap.pk,
        omschrijving=f"Uitgenodigd: {_lid_tekst(lidmaatschap)}",
    )
    return lidmaatschap


def eerste_projectleider_bezwaar(organisatie: Organisatie) -> str:
    """Why platform staff cannot invite a projectleider at this organisation ("" when they can)."""
    if Rol.PROJECTLEIDER not in ROLLEN_PER_SOORT[organisatie.soort]:
        return _("Bij deze soort organisatie hoort geen projectleider.")
    if Lidmaatschap.objects.actief().filter(regio=organisatie.regio, rol=Rol.PROJECTLEIDER).exists():
        return _("Deze regio heeft al een projectleider; die nodigt de andere gebruikers uit in het portaal.")
    return ""


@transaction.atomic
def nodig_eerste_projectleider_uit(
    *, organisatie: Organisatie, email: str, naam: str, basis_url: str, door: Gebruiker, request=None
) -> Lidmaatschap:
    """Platform staff invite a region's first projectleider: a role that sees no names (DESIGN.md §1); every
    other membership is granted inside the region by its projectleider. Refused once the region has one."""
    _vereis_staf(door)
    Regio.objects.select_for_update().get(pk=organisatie.regio_id)  # one first projectleider at a time
    if bezwaar := eerste_projectleider_bezwaar(organisatie):
        raise ValidationError(bezwaar)
    lidmaatschap = _nodig_uit(
        organisatie=organisatie, email=email, naam=naam, rol=Rol.PROJECTLEIDER, basis_url=basis_url
    )
    _log_beheer(
        actie=AuditActie.AANMAKEN,
        door=door,
        request=request,
        regio=organisatie.regio,
        object_type="lidmaatschap",
        object_id=lidmaatschap.pk,
        omschrijving=f"Eerste projectleider uitgenodigd door platformbeheer: {_lid_tekst(lidmaatschap)}",
    )
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
def nodig_opnieuw_uit(
    *, lidmaatschap: Lidmaatschap, basis_url: str, door: Gebruiker | None = None, request=None
) -> Lidmaatschap:
    """Send the invitation again (the region's projectleider), for an account not activated yet."""
    _vereis_beheerder(door, lidmaatschap.regio)
    verstuur_uitnodiging(lidmaatschap=lidmaatschap, basis_url=basis_url)
    _log_beheer(
        actie=AuditActie.WIJZIGEN,
        door=door,
        request=request,
        regio=lidmaatschap.regio,
        object_type="lidmaatschap",
        object_id=lidmaatschap.pk,
        omschrijving=f"Uitnodiging opnieuw verstuurd: {_lid_tekst(lidmaatschap)}",
    )
    return lidmaatschap


@transaction.atomic
def wijzig_rol(*, lidmaatschap: Lidmaatschap, rol: str, door: Gebruiker, request=None) -> Lidmaatschap:
    """Change a membership's role (the region's projectleider; never platform staff)."""
    _vereis_beheerder(door, lidmaatschap.regio)
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
    oud = Lidmaatschap.objects.select_for_update().values_list("rol", flat=True).get(pk=lidmaatschap.pk)
    lidmaatschap.rol = rol
    lidmaatschap.save(update_fields=["rol", "gewijzigd_op"])
    _log_beheer(
        actie=AuditActie.WIJZIGEN,
        door=door,
        request=request,
        regio=lidmaatschap.regio,
        object_type="lidmaatschap",
        object_id=lidmaatschap.pk,
        omschrijving=f"Rol gewijzigd van {oud} naar {rol}: {_lid_tekst(lidmaatschap)}",
    )
    return lidmaatschap


@transaction.atomic
def zet_lidmaatschap_actief(*, lidmaatschap: Lidmaatschap, actief: bool, door: Gebruiker, request=None) -> Lidmaatschap:
    """Deactivate a membership (the region's projectleider, or platform staff) or make it active again (the
    projectleider only: that grants a role again)."""
    _vereis_beheerder(door, lidmaatschap.regio, staf=not actief)
    if lidmaatschap.gebruiker_id == door.pk:
        raise ValidationError(_("Je kunt je eigen lidmaatschap niet (de)activeren."))
    if actief:
        _controleer_rol(lidmaatschap.organisatie, lidmaatschap.rol)
    lidmaatschap.actief = actief
    lidmaatschap.save(update_fields=["actief", "gewijzigd_op"])
    if not actief:
        # A revoked membership ends the user's sessions at once, not at their next request.
        beeindig_sessies_na_commit(gebruiker_id=lidmaatschap.gebruiker_id)
    _log_beheer(
        actie=AuditActie.WIJZIGEN,
        door=door,
        request=request,
        regio=lidmaatschap.regio,
        object_type="lidmaatschap",
        object_id=lidmaatschap.pk,
        omschrijving=f"Lidmaatschap {'weer actief' if actief else 'gedeactiveerd'}: {_lid_tekst(lidmaatschap)}",
    )
    return lidmaatschap


@transaction.atomic
def zet_teamleider(
    *, lidmaatschap: Lidmaatschap, teamleider: bool, door: Gebruiker, request: HttpRequest | None = None
) -> Lidmaatschap:
    """Make a trajectbegeleider its provider's team lead, or no longer (`Lidmaatschap.teamleider`)."""
    _vereis_beheerder(door, lidmaatschap.regio)
    if lidmaatschap.rol != Rol.TRAJECTBEGELEIDER:
        raise ValidationError(_("Alleen een trajectbegeleider kan teamleider zijn."))
    if lidmaatschap.gebruiker_id == door.pk:
        raise ValidationError(_("Je kunt je eigen lidmaatschap niet wijzigen; vraag een andere projectleider."))
    lidmaatschap.teamleider = teamleider
    lidmaatschap.save(update_fields=["teamleider", "gewijzigd_op"])
    audit.log(
        actie=AuditActie.WIJZIGEN,
        request=request,
        gebruiker=door,
        regio=lidmaatschap.regio,
        object_type="lidmaatschap",
        object_id=lidmaatschap.pk,
        omschrijving=f"Teamleider {'aan' if teamleider else 'uit'}: {lidmaatschap.gebruiker.email}",
    )
    return lidmaatschap


@transaction.atomic
def zet_gebruiker_actief(*, gebruiker: Gebruiker, actief: bool, door: Gebruiker, request=None) -> Gebruiker:
    """(De)activate an account (platform staff: an account may hold memberships in several regions);
    deactivation ends all its sessions once committed."""
    _vereis_staf(door)
    if gebruiker.pk == door.pk:
        raise ValidationError(_("Je kunt je eigen account niet (de)activeren."))
    gebruiker.is_active = actief
    gebruiker.save(update_fields=["is_active"])
    if not actief:
        beeindig_sessies_na_commit(gebruiker_id=gebruiker.pk)
    _log_beheer(
        actie=AuditActie.WIJZIGEN,
        door=door,
        request=request,
        regio=None,
        object_type="gebruiker",
        object_id=gebruiker.pk,
        omschrijving=f"Account {'weer actief' if actief else 'gedeactiveerd'}: {gebruiker.email}",
    )
    return gebruiker


@transaction.atomic
def wis_tweede_stap(*, gebruiker: Gebruiker, door: Gebruiker, request=None) -> Gebruiker:
    """Platform staff help a user who lost both phone and backup codes: the app and backup codes go, the user's
    sessions end, and the next login (with the user's own password) sets the second step up again."""
    _vereis_staf(door)
    if gebruiker.pk == door.pk:
        raise ValidationError(_("Je kunt je eigen tweede stap hier niet wissen; gebruik Beveiliging."))
    TOTPDevice.objects.filter(user=gebruiker).delete()
    StaticDevice.objects.filter(user=gebruiker).delete()
    beeindig_sessies_na_commit(gebruiker_id=gebruiker.pk)
    _log_beheer(
        actie=AuditActie.WIJZIGEN,
        door=door,
        request=request,
        regio=None,
        object_type="tweede_stap",
        object_id=gebruiker.pk,
        omschrijving=f"Tweede stap gewist door platformbeheer: {gebruiker.email}",
    )
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


# --- Second login step: codes, enrolment, reset ---------------------------------------------------------


def controleer_code(*, gebruiker, code: str, apparaat: TOTPDevice | None = None) -> Controle:
    """Check a TOTP code (6 digits) or a backup code against the user's devices; use it up if it fits.

    `apparaat`: check only this (possibly unconfirmed) app, for enrolment. The devices are locked for
    the check, so the same code can never be accepted twice by two requests at once.
    """
    code = normaliseer(code)
    with transaction.atomic():
        if apparaat is not None:
            kandidaten = list(TOTPDevice.objects.select_for_update().filter(pk=apparaat.pk, user=gebruiker))
        elif len(code) == 6 and code.isdigit():
            kandidaten = list(TOTPDevice.objects.devices_for_user(gebruiker, confirmed=True).select_for_update())
        else:
            kandidaten = list(StaticDevice.objects.devices_for_user(gebruiker, confirmed=True).select_for_update())
        wacht = 0
        for kandidaat in kandidaten:
            wacht = max(wacht, wachttijd(kandidaat))
            if wacht:
                continue
            if code and kandidaat.verify_token(code):
                return Controle(apparaat=kandidaat)
        return Controle(wacht_seconden=wacht)


def log_mislukt(*, request: HttpRequest, controle: Controle, waar: str = "") -> None:
    reden = "te veel pogingen, even geblokkeerd" if controle.wacht_seconden else "verkeerde of al gebruikte code"
    omschrijving = f"Tweede stap mislukt{f' ({waar})' if waar else ''}: {reden}"
    audit.log(actie=AuditActie.INLOGGEN_MISLUKT, request=request, omschrijving=omschrijving)


def verifieer_sessie(*, request: HttpRequest, controle: Controle) -> None:
    """Mark this session as having passed the second step with the device that accepted the code."""
    otp_login(request, controle.apparaat)
    if isinstance(controle.apparaat, StaticDevice):
        over = reservecodes_over(request.user)
        omschrijving = f"Tweede stap geslaagd met een reservecode (nog {over} over)"
    else:
        omschrijving = "Tweede stap geslaagd met de authenticator-app"
    audit.log(actie=AuditActie.INLOGGEN, request=request, omschrijving=omschrijving)


def nieuwe_app(*, gebruiker) -> TOTPDevice:
    """The unconfirmed app being enrolled (the same one on a reload, so the QR code stays valid)."""
    bestaand = TOTPDevice.objects.devices_for_user(gebruiker, confirmed=False).order_by("-pk").first()
    if bestaand is not None:
        return bestaand
    return TOTPDevice.objects.create(user=gebruiker, name=APP_NAAM, confirmed=False)


@transaction.atomic
def maak_reservecodes(*, gebruiker) -> list[str]:
    """Ten fresh backup codes; earlier ones stop working."""
    StaticDevice.objects.filter(user=gebruiker).delete()
    apparaat = StaticDevice.objects.create(user=gebruiker, name=RESERVE_NAAM, confirmed=True)
    codes = []
    while len(codes) < AANTAL_RESERVECODES:
        code = StaticToken.random_token()
        if code not in codes:
            codes.append(code)
    StaticToken.objects.bulk_create(StaticToken(device=apparaat, token=code) for code in codes)
    return codes


@transaction.atomic
def bevestig_app(*, request: HttpRequest, apparaat: TOTPDevice, code: str) -> tuple[Controle, list[str]]:
    """Confirm the app being enrolled with its first code: the session is verified, backup codes made.

    Returns the check and, when it succeeded, the new backup codes (shown once, never again).
    """
    gebruiker = request.user
    controle = controleer_code(gebruiker=gebruiker, code=code, apparaat=apparaat)
    if not controle.gelukt:
        log_mislukt(request=request, controle=controle, waar="instellen")
        return controle, []
    app = controle.apparaat
    app.confirmed = True
    app.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=gebruiker, confirmed=False).delete()
    codes = maak_reservecodes(gebruiker=gebruiker)
    otp_login(request, app)
    audit.log(
        actie=AuditActie.WIJZIGEN,
        request=request,
        object_type="tweede_stap",
        object_id=gebruiker.pk,
        omschrijving=f"Tweede stap ingesteld: authenticator-app en {len(codes)} reservecodes",
    )
    return controle, codes


@transaction.atomic
def reset_tweede_stap(*, request: HttpRequest) -> None:
    """Remove the user's app and backup codes (after re-authentication); other sessions end."""
    gebruiker = request.user
    TOTPDevice.objects.filter(user=gebruiker).delete()
    StaticDevice.objects.filter(user=gebruiker).delete()
    audit.log(
        actie=AuditActie.WIJZIGEN,
        request=request,
        object_type="tweede_stap",
        object_id=gebruiker.pk,
        omschrijving="Tweede stap verwijderd om opnieuw in te stellen",
    )
    eigen = request.session.session_key
    transaction.on_commit(lambda: beeindig_sessies(gebruiker_id=gebruiker.pk, behalve=eigen))


def _hernoem_sessie(oude_sleutel: str | None, request: HttpRequest) -> None:
    """Keep the session registry right when the session key is cycled (password change)."""
    nieuwe = request.session.session_key
    if oude_sleutel and nieuwe and oude_sleutel != nieuwe:
        Sessie.objects.filter(sessie_sleutel=oude_sleutel).update(sessie_sleutel=nieuwe)


def wijzig_eigen_wachtwoord(*, request: HttpRequest, wachtwoord: str) -> None:
    """The signed-in user's new password (after re-authentication): this session stays, with a new key;
    every other session of the user ends."""
    gebruiker = request.user
    oude_sleutel = request.session.session_key
    stel_wachtwoord_in(gebruiker=gebruiker, wachtwoord=wachtwoord)
    update_session_auth_hash(request, gebruiker)
    _hernoem_sessie(oude_sleutel, request)
    beeindig_sessies(gebruiker_id=gebruiker.pk, behalve=request.session.session_key)
    audit.log(
        actie=AuditActie.WIJZIGEN,
        request=request,
        object_type="wachtwoord",
        object_id=gebruiker.pk,
        omschrijving="Wachtwoord gewijzigd via Beveiliging (na herauthenticatie)",
    )


# --- Session registry ------------------------------------------------------------------------------------


def _session_store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def registreer_sessie(*, gebruiker: Gebruiker, sessie_sleutel: str) -> None:
    """On login: register the (new) session key, and drop rows of sessions that can no longer live."""
    Sessie.objects.update_or_create(
        sessie_sleutel=sessie_sleutel, defaults={"gebruiker": gebruiker, "ingelogd_op": timezone.now()}
    )
    grens = timezone.now() - datetime.timedelta(hours=settings.PORTAAL_SESSIE_MAX_UREN)
    Sessie.objects.filter(gebruiker_id=gebruiker.pk, ingelogd_op__lt=grens).delete()
    store = _session_store()()
    weg = [s.pk for s in Sessie.objects.filter(gebruiker_id=gebruiker.pk) if not store.exists(s.sessie_sleutel)]
    if weg:
        Sessie.objects.filter(pk__in=weg).delete()


def vergeet_sessie(*, sessie_sleutel: str) -> None:
    """On logout (before the session is flushed)."""
    Sessie.objects.filter(sessie_sleutel=sessie_sleutel).delete()


def beeindig_sessies(*, gebruiker_id: int, behalve: str | None = None) -> int:
    """End every session of a user now (deactivation, revoked membership), or every one but `behalve` (the
    user's own, after a password change or a reset of the second step). Returns how many."""
    store = _session_store()
    sleutels = list(
        Sessie.objects.filter(gebruiker_id=gebruiker_id)
        .exclude(sessie_sleutel=behalve or "")
        .values_list("sessie_sleutel", flat=True)
    )
    for sleutel in sleutels:
        store(session_key=sleutel).delete()
    Sessie.objects.filter(sessie_sleutel__in=sleutels).delete()
    return len(sleutels)


def beeindig_sessies_na_commit(*, gebruiker_id: int) -> None:
    """For actions: end the sessions once the change that calls for it is committed."""
    transaction.on_commit(lambda: beeindig_sessies(gebruiker_id=gebruiker_id))


def log_blokkade(*, request: HttpRequest, omschrijving: str) -> None:
    """django-axes refused a login attempt (lockout): its audit row."""
    audit.log(actie=AuditActie.INLOGGEN_GEBLOKKEERD, request=request, omschrijving=omschrijving)


# --- Notifications (who hears of what: trajecten.notificaties, rapportage; lists and roles: hoofdzaak.meldingen) -

# The worker's task that mails one notification (hoofdzaak/tasks.py), queued by name: tasks import this module.
MAIL_MELDING = "hoofdzaak.tasks.mail_melding"


@transaction.atomic
def markeer_gelezen(*, ontvanger: Gebruiker, regio: Regio, melding: Melding | None = None) -> int:
    """Mark one notification (or, without `melding`, all of the user's in this region) as read."""
    meldingen = Melding.objects.filter(ontvanger=ontvanger, regio=regio, gelezen_op__isnull=True)
    if melding is not None:
        meldingen = meldingen.filter(pk=melding.pk)
    return meldingen.update(gelezen_op=timezone.now())


@transaction.atomic
def stel_meldingvoorkeuren_in(*, gebruiker: Gebruiker, voorkeuren: dict[str, str]) -> None:
    """Per kind of notification: no e-mail, an e-mail at once, or a daily digest (opt-in)."""
    for soort, wijze in voorkeuren.items():
        if soort not in MeldingSoort.values or wijze not in MeldingWijze.values:
            raise ValidationError(_("Kies voor elke soort melding of je een e-mail wilt."))
    onbestelbaar = OnbestelbaarAdres.objects.filter(email=gebruiker.email.lower()).first()
    if onbestelbaar is not None and any(wijze != MeldingWijze.GEEN for wijze in voorkeuren.values()):
        raise ValidationError(ONBESTELBAAR % {"email": gebruiker.email, "sinds": datums.datum(onbestelbaar.sinds)})
    for soort, wijze in voorkeuren.items():
        MeldingVoorkeur.objects.update_or_create(gebruiker=gebruiker, soort=soort, defaults={"wijze": wijze})


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


def _plan_mails(melding_ids: list[int]) -> None:
    for pk in melding_ids:
        achtergrond.taak(MAIL_MELDING).delay(pk)


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
        context = {
            "soort": melding.get_soort_display(),
            "regio": melding.regio,
            "link": lijst_url(melding.regio),
        }
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


ONBESTELBAAR = gettext_lazy(
    "E-mail naar %(email)s komt niet aan (onbestelbaar sinds %(sinds)s). Kies 'Geen e-mail' of vraag "
    "platformbeheer je e-mailadres te herstellen; je meldingen blijven in het portaal staan."
)


@transaction.atomic
def registreer_bounce(*, email: str, reden: str = "") -> OnbestelbaarAdres:
    """Record that mail to this address bounced (the first time counts as `sinds`). There is no mail server
    integration: `manage.py registreer_bounce` is the hook for one, or for platform staff."""
    adres, _nieuw = OnbestelbaarAdres.objects.get_or_create(email=email.strip().lower())
    if reden:
        adres.reden = reden[:500]
        adres.save(update_fields=["reden"])
    logger.info("E-mailadres als onbestelbaar gemarkeerd (id %s)", adres.pk)
    return adres


@transaction.atomic
def herstel_emailadres(*, email: str) -> bool:
    """The address works again: mail to it resumes with the preferences the user had."""
    return OnbestelbaarAdres.objects.filter(email=email.strip().lower()).delete()[0] > 0


# --- The region's target and its split over gemeenten and partners (issue 15 point 2) ---------------------
# One block, kept at the end of the module so concurrent changes above merge cleanly.


def _doelfouten(
    *, regio: Regio, jaar: int, aantal: int | None, delen: dict[int, int | None], vandaag: datetime.date
) -> tuple[dict[str, list[str]], dict[int, Organisatie]]:
    """Every reason to refuse a target, at once: {field: messages} ("__all__" for the form), and the
    organisations of the split by pk."""
    fouten: dict[str, list[str]] = {}

    def fout(veld: str, tekst: str) -> None:
        fouten.setdefault(veld, []).append(tekst)

    if jaar < vandaag.year:
        fout(
            "__all__",
            _("Het doel van %(jaar)s ligt in het verleden en kan niet meer worden gewijzigd. Kies %(nu)s of later.")
            % {"jaar": jaar, "nu": vandaag.year},
        )
    if aantal is None:
        fout("aantal", _("Vul het doel van de regio in: het aantal trajecten dat dit jaar moet starten."))
    elif aantal < 0:
        fout("aantal", _("Het doel kan niet negatief zijn. Vul een aantal van 1 of meer in."))
    elif aantal == 0:
        fout("aantal", _("Het doel moet minstens 1 traject zijn."))
    organisaties = {o.pk: o for o in Organisatie.objects.in_regio(regio).filter(pk__in=list(delen))}
    groepen: dict[str, list[int]] = {"gemeenten": [], "partners": []}
    for pk, deel in delen.items():
        organisatie = organisaties.get(pk)
        if organisatie is None or organisatie.soort not in (Soort.GEMEENTE, *DOELPARTNER_SOORTEN):
            fout("__all__", _("Een van de organisaties hoort niet bij de regio of kan geen deel van het doel krijgen."))
            continue
        if deel is not None and deel < 0:
            fout(f"deel_{pk}", _("Een deel van het doel kan niet negatief zijn. Vul 0 of meer in, of laat het leeg."))
        if deel is not None:
            groepen["gemeenten" if organisatie.soort == Soort.GEMEENTE else "partners"].append(deel)
    if aantal is not None and aantal > 0:
        for groep, woorden in (("gemeenten", _("de gemeenten")), ("partners", _("de partners"))):
            if groepen[groep] and sum(groepen[groep]) != aantal:
                fout(
                    "__all__",
                    _(
                        "De verdeling over %(wie)s telt op tot %(som)s, maar het doel van de regio is %(doel)s. "
                        "Maak de som gelijk aan het doel, of laat de verdeling over %(wie)s helemaal leeg."
                    )
                    % {"wie": woorden, "som": sum(groepen[groep]), "doel": aantal},
                )
    return fouten, organisaties


@transaction.atomic
def stel_doel_vast(
    *,
    regio: Regio,
    jaar: int,
    aantal: int | None,
    delen: dict[int, int | None],
    ctx: RegioContext | None = None,
    gezien_versie: int | None = None,
    vandaag: datetime.date | None = None,
    request: HttpRequest | None = None,
) -> Doelversie:
    """Set the region's target for `jaar` and its split: `delen` maps an organisation (a gemeente or a
    partner, `DOELPARTNER_SOORTEN`) to its part; None means left empty. A split per gemeente, when any
    gemeente has a part, must add up to the target; so must a split per partner. Writes a new `Doelversie`
    (earlier ones stay), the region's `Doelstelling` total the figures read, and an audit row.

    `ctx`: the projectleider acting (None only for the demo loader). `gezien_versie`: the version the form
    showed (0 when there was none); refused with VEROUDERD when another was set meanwhile."""
    vandaag = vandaag or timezone.localdate()
    if ctx is not None:
        vereis_rol(ctx, Rol.PROJECTLEIDER)
        if ctx.regio.pk != regio.pk:
            raise ValidationError(GEEN_RECHT, code="geen_recht")
    Regio.objects.select_for_update().filter(pk=regio.pk).first()  # one setter of a region's target at a time
    laatste = Doelversie.objects.in_regio(regio).filter(jaar=jaar).order_by("-versie").first()
    if gezien_versie is not None and (laatste.versie if laatste else 0) != gezien_versie:
        raise ValidationError(VEROUDERD, code="verouderd")
    fouten, organisaties = _doelfouten(regio=regio, jaar=jaar, aantal=aantal, delen=delen, vandaag=vandaag)
    if fouten:
        raise ValidationError(fouten)
    gebruiker = ctx.gebruiker if ctx is not None else None
    versie = Doelversie.objects.create(
        regio=regio,
        jaar=jaar,
        versie=(laatste.versie if laatste else 0) + 1,
        aantal=aantal,
        gezet_door=gebruiker,
        gezet_door_naam=(gebruiker.naam or gebruiker.email) if gebruiker is not None else "",
    )
    gegeven = {pk: deel for pk, deel in delen.items() if deel is not None}
    Doeldeel.objects.bulk_create(
        Doeldeel(versie=versie, regio=regio, organisatie=organisaties[pk], aantal=deel) for pk, deel in gegeven.items()
    )
    Doelstelling.objects.update_or_create(regio=regio, jaar=jaar, defaults={"aantal": aantal})
    verdeling = "; ".join(
        f"{organisaties[pk].naam} {deel}" for pk, deel in sorted(gegeven.items(), key=lambda i: organisaties[i[0]].naam)
    )
    audit.log(
        actie=AuditActie.WIJZIGEN,
        request=request,
        gebruiker=gebruiker,
        regio=regio,
        lidmaatschap=ctx.lidmaatschap if ctx is not None else None,
        object_type="doelstelling",
        object_id=versie.pk,
        omschrijving=f"Doel {jaar} versie {versie.versie}: {aantal}"
        + (f" (verdeling: {verdeling})" if verdeling else ""),
    )
    return versie
