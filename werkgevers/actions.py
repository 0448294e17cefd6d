"""Every write on employers, their contacts and vacancies: typed, keyword-only, atomic.

Employer data is not participant data, so no audit rows (DESIGN.md §4 is about participants). Edits
carry the version the form was rendered from and are refused when someone saved in between. Every
rule answers with a Dutch message keyed by the form field it is about, so `hoofdzaak.views.hulp.voer_uit`
shows it next to that field; when anything is wrong nothing is saved.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hoofdzaak.actions import GEEN_RECHT, vers
from hoofdzaak.models import Gebruiker
from hoofdzaak.tenancy import RegioContext

from . import access
from .models import (
    UREN_VOLGORDE_FOUT,
    Betrokkenheid,
    Vacature,
    VacatureStatus,
    Werkgever,
    Werkgeverscontact,
    kvk_validator,
)

WERKGEVER_VELDEN = (
    "naam",
    "kvk_nummer",
    "sector",
    "plaats",
    "contactpersoon",
    "email",
    "telefoon",
    "betrokkenheid",
    "accountmanager",
)
VACATURE_VELDEN = (
    "titel",
    "omschrijving",
    "sector",
    "plaats",
    "uren_van",
    "uren_tot",
    "status",
    "sluitingsdatum",
    "wat_past",
)

Fouten = dict[str, list]


def _vereis_beheerder(ctx: RegioContext) -> None:
    if not access.mag_beheren(ctx):
        raise PermissionDenied(GEEN_RECHT)


def _vereis_regio(ctx: RegioContext, obj: models.Model) -> None:
    if obj.regio_id != ctx.regio.pk:
        raise PermissionDenied


def _fout(fouten: Fouten, veld: str, melding: str) -> None:
    fouten.setdefault(veld, []).append(ValidationError(melding))


def _bewaar(obj: models.Model, fouten: Fouten, *, update_fields: list[str] | None = None) -> None:
    """Run the model's own validation next to the rules already checked, then save or refuse it all."""
    try:
        # Fields with an error of ours are skipped, so each field shows one message, in our words.
        obj.full_clean(exclude=set(fouten))
    except ValidationError as error:
        error.update_error_dict(fouten)
    if fouten:
        raise ValidationError(fouten)
    obj.save(update_fields=update_fields)


def normaliseer_kvk(kvk_nummer: str) -> str:
    """People type KvK numbers with spaces or dots ("28 12 34 56"); store the 8 digits."""
    return "".join(teken for teken in kvk_nummer if not teken.isspace() and teken != ".")


def _controleer_kvk(ctx: RegioContext, kvk_nummer: str, fouten: Fouten, *, behalve: int | None = None) -> None:
    try:
        kvk_validator(kvk_nummer)
    except ValidationError as error:
        _fout(fouten, "kvk_nummer", error.messages[0])
        return
    anderen = Werkgever.objects.in_regio(ctx.regio).filter(kvk_nummer=kvk_nummer)
    if behalve is not None:
        anderen = anderen.exclude(pk=behalve)
    bestaand = anderen.only("naam").first()
    if bestaand is not None:
        _fout(
            fouten,
            "kvk_nummer",
            _("Dit KvK-nummer staat in deze regio al bij werkgever %(naam)s.") % {"naam": bestaand.naam},
        )


def _controleer_accountmanager(ctx: RegioContext, accountmanager: Gebruiker | None, fouten: Fouten) -> None:
    if accountmanager is not None and not access.accountmanagers_voor(ctx).filter(pk=accountmanager.pk).exists():
        _fout(fouten, "accountmanager", _("Kies een werkgeversadviseur uit deze regio."))


def _sla_werkgever_op(werkgever: Werkgever, fouten: Fouten, update_fields: list[str] | None = None) -> None:
    try:
        # A savepoint: two people registering the same KvK number at once end here, not in a 500.
        with transaction.atomic():
            _bewaar(werkgever, fouten, update_fields=update_fields)
    except IntegrityError as error:
        raise ValidationError(
            {"kvk_nummer": _("Dit KvK-nummer is zojuist bij een andere werkgever in deze regio vastgelegd.")}
        ) from error


@transaction.atomic
def maak_werkgever(
    *,
    ctx: RegioContext,
    naam: str,
    kvk_nummer: str,
    sector: str,
    plaats: str,
    contactpersoon: str = "",
    email: str = "",
    telefoon: str = "",
    betrokkenheid: str = Betrokkenheid.BENADERD,
    accountmanager: Gebruiker | None = None,
) -> Werkgever:
    _vereis_beheerder(ctx)
    fouten: Fouten = {}
    kvk_nummer = normaliseer_kvk(kvk_nummer)
    _controleer_kvk(ctx, kvk_nummer, fouten)
    _controleer_accountmanager(ctx, accountmanager, fouten)
    werkgever = Werkgever(
        regio=ctx.regio,
        naam=naam.strip(),
        kvk_nummer=kvk_nummer,
        sector=sector,
        plaats=plaats.strip(),
        contactpersoon=contactpersoon.strip(),
        email=email.strip(),
        telefoon=telefoon.strip(),
        betrokkenheid=betrokkenheid,
        accountmanager=accountmanager,
    )
    _sla_werkgever_op(werkgever, fouten)
    return werkgever


@transaction.atomic
def wijzig_werkgever(
    *,
    ctx: RegioContext,
    werkgever: Werkgever,
    versie: int,
    naam: str,
    kvk_nummer: str,
    sector: str,
    plaats: str,
    contactpersoon: str,
    email: str,
    telefoon: str,
    betrokkenheid: str,
    accountmanager: Gebruiker | None,
) -> Werkgever:
    _vereis_beheerder(ctx)
    _vereis_regio(ctx, werkgever)
    werkgever = vers(Werkgever, werkgever, versie)
    fouten: Fouten = {}
    kvk_nummer = normaliseer_kvk(kvk_nummer)
    _controleer_kvk(ctx, kvk_nummer, fouten, behalve=werkgever.pk)
    if accountmanager is not None and accountmanager.pk != werkgever.accountmanager_id:
        # Someone who left the WSP may stay on as accountmanager until it is changed.
        _controleer_accountmanager(ctx, accountmanager, fouten)
    werkgever.naam = naam.strip()
    werkgever.kvk_nummer = kvk_nummer
    werkgever.sector = sector
    werkgever.plaats = plaats.strip()
    werkgever.contactpersoon = contactpersoon.strip()
    werkgever.email = email.strip()
    werkgever.telefoon = telefoon.strip()
    werkgever.betrokkenheid = betrokkenheid
    werkgever.accountmanager = accountmanager
    werkgever.versie += 1
    _sla_werkgever_op(werkgever, fouten, update_fields=[*WERKGEVER_VELDEN, "versie"])
    return werkgever


@transaction.atomic
def log_werkgeverscontact(
    *,
    ctx: RegioContext,
    werkgever: Werkgever,
    datum: datetime.date,
    soort: str,
    notitie: str = "",
) -> Werkgeverscontact:
    if not access.mag_contact_vastleggen(ctx):
        raise PermissionDenied(GEEN_RECHT)
    _vereis_regio(ctx, werkgever)
    fouten: Fouten = {}
    if datum > timezone.localdate():
        _fout(
            fouten, "datum", _("Een contact kan niet in de toekomst liggen. Leg het vast als het heeft plaatsgevonden.")
        )
    contact = Werkgeverscontact(
        regio=ctx.regio, werkgever=werkgever, datum=datum, soort=soort, door=ctx.gebruiker, notitie=notitie.strip()
    )
    _bewaar(contact, fouten)
    return contact


def _controleer_vacature(
    vacature: Vacature, fouten: Fouten, *, oude_status: str | None, oude_sluitingsdatum: datetime.date | None
) -> None:
    if (
        isinstance(vacature.uren_van, int)
        and isinstance(vacature.uren_tot, int)
        and vacature.uren_van > vacature.uren_tot
    ):
        _fout(fouten, "uren_tot", UREN_VOLGORDE_FOUT)
    # An open vacancy with a closing date in the past is invisible to trajectbegeleiders: refuse it when
    # it is being set now, but let an open vacancy that expired on its own be edited otherwise.
    nieuw_gezet = oude_status != VacatureStatus.OPEN or vacature.sluitingsdatum != oude_sluitingsdatum
    if (
        vacature.status == VacatureStatus.OPEN
        and vacature.sluitingsdatum is not None
        and vacature.sluitingsdatum < timezone.localdate()
        and nieuw_gezet
    ):
        _fout(
            fouten,
            "sluitingsdatum",
            _(
                "Een open vacature kan geen sluitingsdatum in het verleden hebben. "
                "Kies vandaag of later, of laat de datum leeg."
            ),
        )


@transaction.atomic
def maak_vacature(
    *,
    ctx: RegioContext,
    werkgever: Werkgever,
    titel: str,
    sector: str,
    plaats: str,
    uren_van: int,
    uren_tot: int,
    omschrijving: str = "",
    sluitingsdatum: datetime.date | None = None,
    wat_past: str = "",
    status: str = VacatureStatus.OPEN,
) -> Vacature:
    _vereis_beheerder(ctx)
    _vereis_regio(ctx, werkgever)
    vacature = Vacature(
        regio=ctx.regio,
        werkgever=werkgever,
        titel=titel.strip(),
        omschrijving=omschrijving.strip(),
        sector=sector,
        plaats=plaats.strip(),
        uren_van=uren_van,
        uren_tot=uren_tot,
        status=status,
        sluitingsdatum=sluitingsdatum,
        wat_past=wat_past.strip(),
    )
    fouten: Fouten = {}
    _controleer_vacature(vacature, fouten, oude_status=None, oude_sluitingsdatum=None)
    _bewaar(vacature, fouten)
    return vacature


@transaction.atomic
def wijzig_vacature(
    *,
    ctx: RegioContext,
    vacature: Vacature,
    versie: int,
    titel: str,
    omschrijving: str,
    sector: str,
    plaats: str,
    uren_van: int,
    uren_tot: int,
    status: str,
    sluitingsdatum: datetime.date | None,
    wat_past: str,
) -> Vacature:
    """Change a vacancy, including its status: open, vervuld (filled) or gesloten (closed)."""
    _vereis_beheerder(ctx)
    _vereis_regio(ctx, vacature)
    vacature = vers(Vacature, vacature, versie)
    oude_status, oude_sluitingsdatum = vacature.status, vacature.sluitingsdatum
    vacature.titel = titel.strip()
    vacature.omschrijving = omschrijving.strip()
    vacature.sector = sector
    vacature.plaats = plaats.strip()
    vacature.uren_van = uren_van
    vacature.uren_tot = uren_tot
    vacature.status = status
    vacature.sluitingsdatum = sluitingsdatum
    vacature.wat_past = wat_past.strip()
    vacature.versie += 1
    fouten: Fouten = {}
    _controleer_vacature(vacature, fouten, oude_status=oude_status, oude_sluitingsdatum=oude_sluitingsdatum)
    _bewaar(vacature, fouten, update_fields=[*VACATURE_VELDEN, "versie"])
    return vacature
