"""Every write on participant data: typed, keyword-only, atomic, audited, and followed by the grant
recomputation whenever a fact that grants depend on changes."""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hoofdzaak import achtergrond, audit, datums
from hoofdzaak.actions import GEEN_RECHT, vereis_rol, vergeet_oude_inzendingen, vers
from hoofdzaak.models import AuditActie, Gebruiker, Lidmaatschap, MeldingSoort, Organisatie, Rol, Soort
from hoofdzaak.tenancy import RegioContext
from werkgevers.models import Vacature, VacatureStatus, Werkgever

from . import access, inzage, koppeling, notificaties, retentie
from .models import (
    ACTIEVE_STATUSSEN,
    OPEN_VOORDRACHT,
    Contactmoment,
    ContactSoort,
    Contractvorm,
    Deelnemer,
    DeelnemerNummerteller,
    Eindreden,
    Financieringsstroom,
    Financieringswijziging,
    InzageExport,
    InzageStatus,
    Koppeling,
    Overdracht,
    Plaatsing,
    Toestemming,
    Traject,
    TrajectStatus,
    TrajectStatusWijziging,
    Uitstel,
    Voordracht,
    VoordrachtStatus,
    naamsleutel,
)
from .toegang import BEHEER, herbereken_toegang
from .werklijst import soort_van

logger = logging.getLogger(__name__)

AANBIEDER_SOORTEN = (Soort.GGZ, Soort.REINTEGRATIE, Soort.UWV)

DEELNEMER_VELDEN = (
    "voornaam",
    "achternaam",
    "geboortedatum",
    "woongemeente",
    "postcode",
    "telefoon",
    "email",
    "uitkering",
    "wens_sectoren",
    "wens_uren",
    "wens_plaats",
)


def _log(
    ctx: RegioContext,
    request: HttpRequest | None,
    actie: str,
    deelnemer: Deelnemer,
    *,
    grondslag: str = BEHEER,
    object_type: str = "deelnemer",
    object_id: Any = "",
    omschrijving: str = "",
) -> None:
    audit.log(
        actie=actie,
        request=request,
        gebruiker=ctx.gebruiker,
        regio=ctx.regio,
        lidmaatschap=ctx.lidmaatschap,
        deelnemer_nummer=deelnemer.nummer,
        grondslag=grondslag,
        object_type=object_type,
        object_id=object_id or deelnemer.pk,
        omschrijving=omschrijving,
    )


def _niet_in_de_toekomst(datum: datetime.date, veld: str) -> None:
    if datum > timezone.localdate():
        raise ValidationError({veld: _("Deze datum ligt in de toekomst.")})


DUBBEL = gettext_lazy(
    "Er is al een deelnemer met deze naam en geboortedatum. Vink dit aan als het om een andere persoon gaat."
)


def _vergrendel_naam(ctx: RegioContext, deelnemer: dict[str, Any]) -> None:
    """Until the transaction ends, no other intake of this name and birth date in this region can run its
    duplicate check (PostgreSQL advisory lock; SQLite, the demo's database, writes one at a time anyway)."""
    if connection.vendor != "postgresql":
        return
    sleutel = "|".join(
        (
            "intake",
            str(ctx.regio.pk),
            naamsleutel(deelnemer["voornaam"]),
            naamsleutel(deelnemer["achternaam"]),
            deelnemer["geboortedatum"].isoformat(),
        )
    )
    getal = int.from_bytes(hashlib.blake2b(sleutel.encode(), digest_size=8).digest(), "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [getal])


def volgend_nummer(regio, jaar: int) -> str:
    teller, _created = DeelnemerNummerteller.objects.select_for_update().get_or_create(regio=regio, jaar=jaar)
    teller.laatste += 1
    teller.save(update_fields=["laatste"])
    return f"{regio.code}-{jaar}-{teller.laatste:04d}"


def _nieuwe_deelnemer(ctx: RegioContext, gegevens: dict[str, Any]) -> Deelnemer:
    woongemeente: Organisatie = gegevens["woongemeente"]
    if woongemeente.regio_id != ctx.regio.pk or woongemeente.soort != Soort.GEMEENTE:
        raise ValidationError({"woongemeente": _("Kies een gemeente uit deze regio.")})
    deelnemer = Deelnemer(regio=ctx.regio, **{k: gegevens[k] for k in DEELNEMER_VELDEN if k in gegevens})
    deelnemer.nummer = volgend_nummer(ctx.regio, timezone.localdate().year)
    deelnemer.full_clean()
    deelnemer.save()
    koppeling.sla_op(deelnemer, nieuw=True)
    return deelnemer


def _signaleer_samenloop(ctx: RegioContext, request: HttpRequest | None, traject: Traject) -> list[Koppeling]:
    """An intake or referral of someone whom the match key (trajecten.koppeling) finds, exact or near, with a
    running trajectory at another organisation of the region: one `Koppeling` per such trajectory, an audit row
    on both participants' numbers, and the other trajectory's begeleider told where (nothing more)."""
    treffers = {treffer.deelnemer_id: treffer.exact for treffer in koppeling.zoek(traject.deelnemer)}
    if not treffers:
        return []
    anderen = (
        Traject.objects.filter(regio=ctx.regio, deelnemer_id__in=treffers, status__in=ACTIEVE_STATUSSEN)
        .exclude(aanbieder_id=traject.aanbieder_id)
        .select_related("aanbieder", "deelnemer", "regio")
        .order_by("pk")
    )
    koppelingen = []
    for ander in anderen:
        exact = treffers[ander.deelnemer_id]
        gevonden = Koppeling.objects.create(regio=ctx.regio, traject=traject, ander_traject=ander, exact=exact)
        hoe = "dezelfde persoon" if exact else "mogelijk dezelfde persoon"
        for nummer, omschrijving in (
            (traject.deelnemer.nummer, f"Koppelsleutel: {hoe} als {ander.deelnemer.nummer} ({ander.aanbieder.naam})"),
            (ander.deelnemer.nummer, f"Koppelsleutel: {hoe} als {traject.deelnemer.nummer} ({traject.aanbieder.naam})"),
        ):
            audit.log(
                actie=audit.AuditActie.ZOEKEN,
                request=request,
                lidmaatschap=ctx.lidmaatschap,
                regio=ctx.regio,
                deelnemer_nummer=nummer,
                grondslag="koppelsleutel",
                object_type="koppeling",
                object_id=gevonden.pk,
                omschrijving=omschrijving,
            )
        notificaties.traject_elders(ander, traject, exact=exact)
        koppelingen.append(gevonden)
    return koppelingen


def _statuswijziging(
    ctx: RegioContext, traject: Traject, van: str, datum: datetime.date, toelichting: str = ""
) -> None:
    TrajectStatusWijziging.objects.create(
        regio=ctx.regio,
        traject=traject,
        van_status=van,
        naar_status=traject.status,
        datum=datum,
        toelichting=toelichting,
        door=ctx.gebruiker,
    )


def _nieuwe_status(
    ctx: RegioContext,
    request: HttpRequest | None,
    traject: Traject,
    velden: list[str],
    *,
    van: str,
    datum: datetime.date,
    omschrijving: str,
    toelichting: str = "",
) -> Traject:
    """Save a status move (the caller set `status` and `velden`): new version, history row, audit row."""
    traject.versie += 1
    traject.save(update_fields=["status", *velden, "versie"])
    _statuswijziging(ctx, traject, van, datum, toelichting)
    _log(
        ctx,
        request,
        audit.AuditActie.WIJZIGEN,
        traject.deelnemer,
        object_type="traject",
        object_id=traject.pk,
        omschrijving=omschrijving,
    )
    return traject


def _nieuwe_toestemming(
    ctx: RegioContext,
    deelnemer: Deelnemer,
    *,
    organisatie: Organisatie,
    gegeven_op: datetime.date,
    geldig_tot: datetime.date,
    vorm: str,
) -> Toestemming:
    if organisatie.regio_id != ctx.regio.pk:
        raise ValidationError({"organisatie": _("Kies een organisatie uit deze regio.")})
    if geldig_tot < gegeven_op:
        raise ValidationError({"geldig_tot": _("De einddatum ligt vóór de datum waarop de toestemming is gegeven.")})
    _niet_in_de_toekomst(gegeven_op, "gegeven_op")
    toestemming = Toestemming(
        regio=ctx.regio,
        deelnemer=deelnemer,
        organisatie=organisatie,
        gegeven_op=gegeven_op,
        geldig_tot=geldig_tot,
        vorm=vorm,
        vastgelegd_door=ctx.gebruiker,
    )
    toestemming.full_clean()
    toestemming.save()
    return toestemming


@transaction.atomic
def meld_aan(
    *,
    ctx: RegioContext,
    request: HttpRequest | None = None,
    deelnemer: dict[str, Any],
    aanbieder: Organisatie,
    methode: str,
    verwijsdatum: datetime.date,
    toelichting: str = "",
    toestemming: dict[str, Any] | None = None,
) -> Traject:
    """A klantmanager refers a new participant to a provider; the provider decides in its inbox."""
    vereis_rol(ctx, Rol.KLANTMANAGER)
    if aanbieder.regio_id != ctx.regio.pk or aanbieder.soort not in AANBIEDER_SOORTEN:
        raise ValidationError({"aanbieder": _("Kies een trajectaanbieder uit deze regio.")})
    _niet_in_de_toekomst(verwijsdatum, "verwijsdatum")
    nieuw = _nieuwe_deelnemer(ctx, deelnemer)
    traject = Traject(
        regio=ctx.regio,
        deelnemer=nieuw,
        methode=methode,
        aanbieder=aanbieder,
        verwijzer=ctx.organisatie,
        verwezen_door=ctx.gebruiker,
        verwijsdatum=verwijsdatum,
        verwijs_toelichting=toelichting,
        status=TrajectStatus.AANGEMELD,
    )
    traject.full_clean()
    traject.save()
    _statuswijziging(ctx, traject, "", verwijsdatum)
    if toestemming:
        _nieuwe_toestemming(ctx, nieuw, organisatie=ctx.organisatie, **toestemming)
    herbereken_toegang(nieuw)
    _log(ctx, request, audit.AuditActie.AANMAKEN, nieuw, grondslag="verwijzer", omschrijving="Aanmelding")
    elders = _signaleer_samenloop(ctx, request, traject)
    notificaties.aanmelding_ontvangen(traject, elders=sorted({k.ander_traject.aanbieder.naam for k in elders}))
    return traject


@transaction.atomic
def registreer_intake(
    *,
    ctx: RegioContext,
    request: HttpRequest | None = None,
    deelnemer: dict[str, Any],
    methode: str,
    intakedatum: datetime.date,
    startdatum: datetime.date | None = None,
    situatie_bij_start: str,
    verwijzer: Organisatie | None = None,
    financier: Organisatie | None = None,
    financieringsstroom: str = Financieringsstroom.ONBEKEND,
    toestemmingen: list[dict[str, Any]] = (),
    weiger_dubbel: bool = False,
) -> Traject:
    """A trajectbegeleider registers participant, trajectory and consents in one go.

    `weiger_dubbel`: refuse when the region already has a participant with this name and birth date (the
    user did not confirm it is someone else). The check holds a lock on region + name + birth date until
    the transaction ends, so two intakes of one person at the same moment give one participant and one
    warning, not two participants."""
    vereis_rol(ctx, Rol.TRAJECTBEGELEIDER)
    _vergrendel_naam(ctx, deelnemer)
    if (
        weiger_dubbel
        and Deelnemer.objects.filter(regio=ctx.regio)
        .met_naam(
            voornaam=deelnemer["voornaam"], achternaam=deelnemer["achternaam"], geboortedatum=deelnemer["geboortedatum"]
        )
        .exists()
    ):
        raise ValidationError({"toch_registreren": DUBBEL})
    _niet_in_de_toekomst(intakedatum, "intakedatum")
    if startdatum:
        _niet_in_de_toekomst(startdatum, "startdatum")
    if startdatum and startdatum < intakedatum:
        raise ValidationError({"startdatum": _("De startdatum ligt vóór de intakedatum.")})
    if verwijzer is not None and verwijzer.regio_id != ctx.regio.pk:
        raise ValidationError({"verwijzer": _("Kies een organisatie uit deze regio.")})
    _controleer_financiering(ctx, financier, financieringsstroom)
    nieuw = _nieuwe_deelnemer(ctx, deelnemer)
    traject = Traject(
        regio=ctx.regio,
        deelnemer=nieuw,
        methode=methode,
        aanbieder=ctx.organisatie,
        trajectbegeleider=ctx.gebruiker,
        verwijzer=verwijzer,
        financier=financier,
        financieringsstroom=financieringsstroom,
        verwijsdatum=intakedatum,
        intakedatum=intakedatum,
        startdatum=startdatum,
        situatie_bij_start=situatie_bij_start,
        status=TrajectStatus.GESTART if startdatum else TrajectStatus.INTAKE,
    )
    traject.full_clean()
    traject.save()
    _statuswijziging(ctx, traject, "", startdatum or intakedatum, _("Intake geregistreerd"))
    for toestemming in toestemmingen:
        _nieuwe_toestemming(ctx, nieuw, **toestemming)
    herbereken_toegang(nieuw)
    _log(ctx, request, audit.AuditActie.AANMAKEN, nieuw, omschrijving="Intake")
    _signaleer_samenloop(ctx, request, traject)
    return traject


@transaction.atomic
def accepteer_aanmelding(
    *,
    ctx: RegioContext,
    request: HttpRequest | None = None,
    traject: Traject,
    intakedatum: datetime.date,
    versie: int,
    financier: Organisatie | None = None,
    financieringsstroom: str = Financieringsstroom.ONBEKEND,
) -> Traject:
    """The provider takes a referral in: intake date, its begeleider, and the funding (chosen now, issue 15)."""
    vereis_rol(ctx, Rol.TRAJECTBEGELEIDER)
    traject = vers(Traject, traject, versie)
    if traject.status != TrajectStatus.AANGEMELD:
        raise ValidationError(_("Deze aanmelding is al afgehandeld."))
    if intakedatum < traject.verwijsdatum:
        raise ValidationError({"intakedatum": _("De intakedatum ligt vóór de aanmelddatum.")})
    _niet_in_de_toekomst(intakedatum, "intakedatum")
    _controleer_financiering(ctx, financier, financieringsstroom)
    traject.status, traject.intakedatum, traject.trajectbegeleider = TrajectStatus.INTAKE, intakedatum, ctx.gebruiker
    traject.financier, traject.financieringsstroom = financier, financieringsstroom
    notificaties.voor_verwijzer(traject, MeldingSoort.AANMELDING_GEACCEPTEERD)
    traject = _nieuwe_status(
        ctx,
        request,
        traject,
        ["intakedatum", "trajectbegeleider", "financier", "financieringsstroom"],
        van=TrajectStatus.AANGEMELD,
        datum=intakedatum,
        toelichting=_("Aanmelding geaccepteerd"),
        omschrijving="Aanmelding geaccepteerd",
    )
    if traject.overgedragen_van_id:
        _beeindig_overgedragen(ctx, request, traject)
    return traject


def _beeindig_overgedragen(ctx: RegioContext, request: HttpRequest | None, nieuw: Traject) -> None:
    """A handover accepted: the old provider's trajectory ends as handed over, on the new one's intake date
    (or its own start, if that is later), and the grants follow (the old provider keeps its history for a
    period, trajecten.toegang). One that ended meanwhile is left alone."""
    vorig = (
        Traject.objects.select_for_update(of=("self",))
        .select_related("aanbieder")
        .filter(pk=nieuw.overgedragen_van_id, status__in=(TrajectStatus.INTAKE, TrajectStatus.GESTART))
        .first()
    )
    if vorig is None:
        return
    van = vorig.status
    ondergrens = vorig.startdatum or vorig.intakedatum or vorig.verwijsdatum
    vorig.status, vorig.einddatum, vorig.eindreden = (
        TrajectStatus.BEEINDIGD,
        max(nieuw.intakedatum, ondergrens),
        Eindreden.OVERGEDRAGEN,
    )
    vorig.versie += 1
    vorig.save(update_fields=["status", "einddatum", "eindreden", "versie"])
    toelichting = _("Overgedragen aan %(aanbieder)s") % {"aanbieder": nieuw.aanbieder.naam}
    _statuswijziging(ctx, vorig, van, vorig.einddatum, toelichting)
    _log(
        ctx,
        request,
        audit.AuditActie.WIJZIGEN,
        nieuw.deelnemer,
        object_type="traject",
        object_id=vorig.pk,
        omschrijving=f"Traject van {vorig.aanbieder.naam} beëindigd: overgedragen aan {nieuw.aanbieder.naam}",
    )
    herbereken_toegang(nieuw.deelnemer)


@transaction.atomic
def wijs_aanmelding_af(
    *, ctx: RegioContext, request: HttpRequest | None = None, traject: Traject, reden: str, versie: int
) -> Traject:
    vereis_rol(ctx, Rol.TRAJECTBEGELEIDER)
    traject = vers(Traject, traject, versie)
    if traject.status != TrajectStatus.AANGEMELD:
        raise ValidationError(_("Deze aanmelding is al afgehandeld."))
    if not reden.strip():
        raise ValidationError({"reden": _("Geef aan waarom je de aanmelding afwijst.")})
    traject.status, traject.afwijsreden = TrajectStatus.AFGEWEZEN, reden.strip()
    traject = _nieuwe_status(
        ctx,
        request,
        traject,
        ["afwijsreden"],
        van=TrajectStatus.AANGEMELD,
        datum=timezone.localdate(),
        toelichting=reden.strip(),
        omschrijving="Aanmelding afgewezen",
    )
    herbereken_toegang(traject.deelnemer)
    notificaties.voor_verwijzer(traject, MeldingSoort.AANMELDING_AFGEWEZEN)
    return traject


@transaction.atomic
def start_traject(
    *,
    ctx: RegioContext,
    request: HttpRequest | None = None,
    traject: Traject,
    startdatum: datetime.date,
    situatie_bij_start: str,
    versie: int,
) -> Traject:
    vereis_rol(ctx, Rol.TRAJECTBEGELEIDER)
    traject = vers(Traject, traject, versie)
    if traject.status != TrajectStatus.INTAKE:
        raise ValidationError(_("Alleen een traject in de intakefase kan starten."))
    if startdatum < traject.verwijsdatum:
        raise ValidationError({"startdatum": _("Een traject kan niet starten vóór de aanmelddatum.")})
    if traject.intakedatum and startdatum < traject.intakedatum:
        raise ValidationError({"startdatum": _("De startdatum ligt vóór de intakedatum.")})
    _niet_in_de_toekomst(startdatum, "startdatum")
    traject.status, traject.startdatum, traject.situatie_bij_start = (
        TrajectStatus.GESTART,
        startdatum,
        situatie_bij_start,
    )
    notificaties.voor_verwijzer(traject, MeldingSoort.TRAJECT_GESTART)
    return _nieuwe_status(
        ctx,
        request,
        traject,
        ["startdatum", "situatie_bij_start"],
        van=TrajectStatus.INTAKE,
        datum=startdatum,
        omschrijving="Traject gestart",
    )


def _controleer_financiering(ctx: RegioContext, financier: Organisatie | None, stroom: str) -> None:
    if financier is not None and financier.regio_id != ctx.regio.pk:
        raise ValidationError({"financier": _("Kies een organisatie uit deze regio.")})
    if stroom not in Financieringsstroom.values:
        raise ValidationError(
            {"financieringsstroom": _("Kies de financieringsstroom, of 'Onbekend' als die nog moet worden uitgezocht.")}
        )


@transaction.atomic
def corrigeer_financiering(
    *,
    ctx: RegioContext,
    request: HttpRequest | None = None,
    traject: Traject,
    financier: Organisatie | None,
    financieringsstroom: str,
    reden: str,
    versie: int,
) -> Traject:
    """Correct a trajectory's funder and funding stream; the old values stay in its history (Financieringswijziging)."""
    vereis_rol(ctx, Rol.TRAJECTBEGELEIDER)
    traject = vers(Traject, traject, versie)
    _controleer_financiering(ctx, financier, financieringsstroom)
    if not reden.strip():
        raise ValidationError({"reden": _("Geef aan waarom je de financiering aanpast.")})
    if (traject.financier_id, traject.financieringsstroom) == (getattr(financier, "pk", None), financieringsstroom):
        raise ValidationError(_("Dit is al de financiering van het traject: er is niets veranderd."))
    Financieringswijziging.objects.create(
        regio=ctx.regio,
        traject=traject,
        oude_financier_id=traject.financier_id,
        oude_stroom=traject.financieringsstroom,
        nieuwe_financier=financier,
        nieuwe_stroom=financieringsstroom,
        reden=reden.strip(),
        door=ctx.gebruiker,
    )
    traject.financier, traject.financieringsstroom = financier, financieringsstroom
    traject.versie += 1
    traject.save(update_fields=["financier", "financieringsstroom", "versie"])
    _log(
        ctx,
        request,
        audit.AuditActie.WIJZIGEN,
        traject.deelnemer,
        object_type="traject",
        object_id=traject.pk,
        omschrijving="Financiering gecorrigeerd",
    )
    return traject


@transaction.atomic
def beeindig_traject(
    *,
    ctx: RegioContext,
    request: HttpRequest | None = None,
    traject: Traject,
    einddatum: datetime.date,
    eindreden: str,
    versie: int,
) -> Traject:
    vereis_rol(ctx, Rol.TRAJECTBEGELEIDER)
    traject = vers(Traject, traject, versie)
    if traject.status not in (TrajectStatus.INTAKE, TrajectStatus.GESTART):
        raise ValidationError(_("Dit traject loopt niet (meer) en kan niet worden beëindigd."))
    ondergrens = traject.startdatum or traject.intakedatum or traject.verwijsdatum
    if einddatum < ondergrens:
        raise ValidationError(
            {
                "einddatum": _("De einddatum ligt vóór de start van het traject (%(datum)s).")
                % {"datum": datums.datum(ondergrens)}
            }
        )
    _niet_in_de_toekomst(einddatum, "einddatum")
    van = traject.status
    traject.status, traject.einddatum, traject.eindreden = TrajectStatus.BEEINDIGD, einddatum, eindreden
    notificaties.voor_verwijzer(traject, MeldingSoort.TRAJECT_BEEINDIGD)
    return _nieuwe_status(
        ctx,
        request,
        traject,
        ["einddatum", "eindreden"],
        van=van,
        datum=einddatum,
        toelichting=traject.get_eindreden_display(),
        omschrijving="Traject beëindigd",
    )


def _nieuw_contact(
    ctx: RegioContext,
    request: HttpRequest | None,
    traject: Traject,
    *,
    datum: datetime.date,
    grondslag: str = BEHEER,
    omschrijving: str = "",
    **velden: Any,
) -> Contactmoment:
    """Check the date against the trajectory, save the contact and write its audit row."""
    if datum < traject.verwijsdatum:
        raise ValidationError({"datum": _("Een contact kan niet vóór de aanmelddatum liggen.")})
    _niet_in_de_toekomst(datum, "datum")
    contact = Contactmoment(regio=ctx.regio, traject=traject, datum=datum, door=ctx.gebruiker, **velden)
    contact.full_clean()
    contact.save()
    _log(
        ctx,
        request,
        audit.AuditActie.AANMAKEN,
        traject.deelnemer,
        grondslag=grondslag,
        object_type="contactmoment",
        object_id=contact.pk,
        omschrijving=omschrijving or contact.get_soort_display(),
    )
    return contact


@transaction.atomic
def log_contact(
    *,
    ctx: RegioContext,
    request: HttpRequest | None = None,
    traject: Traject,
    datum: datetime.date,
    soort: str,
    minuten: int,
    face_to_face: bool = True,
    notitie: str = "",
    werkgever: Werkgever | None = None,
) -> Contactmoment:
    """A trajectbegeleider logs a contact on a trajectory of its organisation; an employer contact names
    the employer (IPS source data: employer contacts per begeleider per week)."""
    vereis_rol(ctx, Rol.TRAJECTBEGELEIDER)
    if traject.aanbieder_id != ctx.organisatie.pk:
        raise ValidationError(_("Dit traject hoort niet bij jouw organisatie."))
    if werkgever is not None and werkgever.regio_id != ctx.regio.pk:
        raise ValidationError({"werkgever": _("Kies een werkgever uit deze regio.")})
    if werkgever is not None and soort != ContactSoort.WERKGEVERSCONTACT:
        raise ValidationError({"werkgever": _("Een werkgever hoort alleen bij een werkgeverscontact.")})
    if traject.status in (TrajectStatus.AANGEMELD, TrajectStatus.AFGEWEZEN):
        raise ValidationError(_("Accepteer eerst de aanmelding voordat je contacten vastlegt."))
    return _nieuw_contact(
        ctx,
        request,
        traject,
        datum=datum,
        soort=soort,
        minuten=minuten,
        face_to_face=face_to_face,
        werkgever=werkgever,
        notitie=notitie,
    )


@transaction.atomic
def log_peer_contact(
    *,
    ctx: RegioContext,
    request: HttpRequest | None = None,
    deelnemer: Deelnemer,
    datum: datetime.date,
    minuten: int,
    notitie: str = "",
) -> Contactmoment:
    """The assigned peer supporter logs a session on the participant's current trajectory."""
    vereis_rol(ctx, Rol.PEER_SUPPORTER)
    if deelnemer.peer_supporter_id != ctx.gebruiker.pk:
        raise ValidationError(_("Deze deelnemer is niet aan jou gekoppeld."))
    traject = deelnemer.trajecten.actief().exclude(status=TrajectStatus.AANGEMELD).order_by("-verwijsdatum").first()
    if traject is None:
        raise ValidationError(_("Deze deelnemer heeft geen lopend traject."))
    return _nieuw_contact(
        ctx,
        request,
        traject,
        datum=datum,
        soort=ContactSoort.PEER_SUPPORT,
        minuten=minuten,
        notitie=notitie,
        grondslag="peer_deelnemer",
        omschrijving="Peer-supportgesprek",
    )


@transaction.atomic
def voeg_toestemming_toe(
    *,
    ctx: RegioContext,
    request: HttpRequest | None = None,
    deelnemer: Deelnemer,
    organisatie: Organisatie,
    gegeven_op: datetime.date,
    geldig_tot: datetime.date,
    vorm: str,
) -> Toestemming:
    vereis_rol(ctx, Rol.TRAJECTBEGELEIDER)
    toestemming = _nieuwe_toestemming(
        ctx, deelnemer, organisatie=organisatie, gegeven_op=gegeven_op, geldig_tot=geldig_tot, vorm=vorm
    )
    herbereken_toegang(deelnemer)
    _log(
        ctx,
        request,
        audit.AuditActie.AANMAKEN,
        deelnemer,
        object_type="toestemming",
        object_id=toestemming.pk,
        omschrijving=f"Toestemming voor {organisatie.naam}",
    )
    return toestemming


@transaction.atomic
def trek_toestemming_in(
    *, ctx: RegioContext, request: HttpRequest | None = None, toestemming: Toestemming, datum: datetime.date
) -> Toestemming:
    vereis_rol(ctx, Rol.TRAJECTBEGELEIDER)
    toestemming = Toestemming.objects.select_for_update().get(pk=toestemming.pk)
    if toestemming.ingetrokken_op is not None:
        raise ValidationError(_("Deze toestemming is al ingetrokken."))
    if datum < toestemming.gegeven_op:
        raise ValidationError({"datum": _("De intrekking ligt vóór de datum waarop de toestemming is gegeven.")})
    _niet_in_de_toekomst(datum, "datum")
    toestemming.ingetrokken_op = datum
    toestemming.save(update_fields=["ingetrokken_op"])
    herbereken_toegang(toestemming.deelnemer)
    _log(
        ctx,
        request,
        audit.AuditActie.WIJZIGEN,
        toestemming.deelnemer,
        object_type="toestemming",
        object_id=toestemming.pk,
        omschrijving=f"Toestemming voor {toestemming.organisatie.naam} ingetrokken",
    )
    notificaties.toestemming_ingetrokken(toestemming, ctx.gebruiker)
    return toestemming


@transaction.atomic
def koppel_peer_supporter(
    *,
    ctx: RegioContext,
    request: HttpRequest | None = None,
    deelnemer: Deelnemer,
    peer_supporter: Gebruiker | None,
    versie: int,
) -> Deelnemer:
    vereis_rol(ctx, Rol.TRAJECTBEGELEIDER)
    deelnemer = vers(Deelnemer, deelnemer, versie)
    if (
        peer_supporter is not None
        and not Lidmaatschap.objects.actief()
        .in_regio(ctx.regio)
        .filter(gebruiker=peer_supporter, rol=Rol.PEER_SUPPORTER)
        .exists()
    ):
        raise ValidationError({"peer_supporter": _("Kies een peer supporter uit deze regio.")})
    deelnemer.peer_supporter = peer_supporter
    deelnemer.versie += 1
    deelnemer.save(update_fields=["peer_supporter", "versie"])
    herbereken_toegang(deelnemer)
    _log(
        ctx,
        request,
        audit.AuditActie.WIJZIGEN,
        deelnemer,
        omschrijving=f"Peer supporter: {peer_supporter.naam if peer_supporter else 'geen'}",
    )
    return deelnemer


@transaction.atomic
def wijzig_deelnemer(
    *,
    ctx: RegioContext,
    request: HttpRequest | None = None,
    deelnemer: Deelnemer,
    versie: int,
    gegevens: dict[str, Any],
) -> Deelnemer:
    vereis_rol(ctx, Rol.TRAJECTBEGELEIDER)
    deelnemer = vers(Deelnemer, deelnemer, versie)
    woongemeente = gegevens.get("woongemeente", deelnemer.woongemeente)
    if woongemeente.regio_id != ctx.regio.pk or woongemeente.soort != Soort.GEMEENTE:
        raise ValidationError({"woongemeente": _("Kies een gemeente uit deze regio.")})
    gemeente_gewijzigd = woongemeente.pk != deelnemer.woongemeente_id
    velden = [k for k in DEELNEMER_VELDEN if k in gegevens]
    for veld in velden:
        setattr(deelnemer, veld, gegevens[veld])
    deelnemer.versie += 1
    deelnemer.full_clean()
    deelnemer.save(update_fields=[*velden, "versie"])
    # A corrected name or birth date gives another match key.
    koppeling.sla_op(deelnemer, nieuw=False)
    if gemeente_gewijzigd:
        herbereken_toegang(deelnemer)
    _log(ctx, request, audit.AuditActie.WIJZIGEN, deelnemer, omschrijving="Persoonsgegevens gewijzigd")
    return deelnemer


# --- Work: proposals (Voordracht) and placements (Plaatsing) ------------------------------------------------

# The grant recorded in the audit trail when a werkgeversadviseur reads or changes a proposal: it sees
# the shared profile only, never the participant's record.
VOORDRACHT_GRONDSLAG = "voordracht"
# Where a proposal may go next, and who moves it: the werkgeversadviseur; withdrawal is the begeleider's.
VOORDRACHT_OVERGANGEN = {
    VoordrachtStatus.VOORGEDRAGEN: (VoordrachtStatus.GESPREK, VoordrachtStatus.AANGENOMEN, VoordrachtStatus.AFGEWEZEN),
    VoordrachtStatus.GESPREK: (VoordrachtStatus.AANGENOMEN, VoordrachtStatus.AFGEWEZEN),
}
LOPEND = (TrajectStatus.INTAKE, TrajectStatus.GESTART)


def _eigen_traject(ctx: RegioContext, traject: Traject) -> Traject:
    """The trajectory, locked, provided it is run by the user's organisation in this region."""
    traject = Traject.objects.select_for_update(of=("self",)).select_related("deelnemer").get(pk=traject.pk)
    if traject.regio_id != ctx.regio.pk or traject.aanbieder_id != ctx.organisatie.pk:
        raise ValidationError(_("Dit traject hoort niet bij jouw organisatie."))
    return traject


def _nieuwe_plaatsing(
    ctx: RegioContext,
    traject: Traject,
    *,
    functie: str,
    startdatum: datetime.date,
    uren_per_week: int,
    contractvorm: str,
    betaald: bool = True,
    loonkostensubsidie: bool = False,
    werkgever: Werkgever | None = None,
    werkgever_naam: str = "",
    einddatum: datetime.date | None = None,
    voordracht: Voordracht | None = None,
    trajectdata_tonen: bool = True,
) -> Plaatsing:
    """Check and save a placement; all field errors at once, so the form shows every one of them.

    `trajectdata_tonen=False` keeps the trajectory's dates out of the messages (for the
    werkgeversadviseur, who may not see them).
    """
    fouten: dict[str, str] = {}
    werkgever_naam = werkgever_naam.strip()
    if werkgever is not None and werkgever_naam:
        fouten["werkgever_naam"] = _(
            "Kies een werkgever uit het register óf vul de naam van een werkgever buiten het register in, niet allebei."
        )
    elif werkgever is None and not werkgever_naam:
        fouten["werkgever"] = _(
            "Kies een werkgever uit het register of vul de naam van een werkgever buiten het register in."
        )
    elif werkgever is not None and werkgever.regio_id != ctx.regio.pk:
        fouten["werkgever"] = _("Kies een werkgever uit deze regio.")
    ondergrens = traject.startdatum or traject.intakedatum
    if ondergrens is None:
        raise ValidationError(_("Accepteer eerst de aanmelding voordat je een plaatsing vastlegt."))
    if startdatum < ondergrens:
        if not trajectdata_tonen:
            fouten["startdatum"] = _(
                "De startdatum ligt vóór de start van het traject van de kandidaat. Overleg met de contactpersoon."
            )
        elif traject.startdatum:
            fouten["startdatum"] = _("Een plaatsing kan niet beginnen vóór de start van het traject (%(datum)s).") % {
                "datum": datums.datum(ondergrens)
            }
        else:
            fouten["startdatum"] = _("Een plaatsing kan niet beginnen vóór de intake (%(datum)s).") % {
                "datum": datums.datum(ondergrens)
            }
    if einddatum is not None and einddatum < startdatum:
        fouten["einddatum"] = _("De einddatum ligt vóór de startdatum.")
    if contractvorm == Contractvorm.PROEFPLAATSING:
        # A trial placement without pay is never paid work (DESIGN.md §5), whatever the box said.
        betaald = False
        if loonkostensubsidie:
            fouten["loonkostensubsidie"] = _("Bij een proefplaatsing zonder loon hoort geen loonkostensubsidie.")
    if fouten:
        raise ValidationError(fouten)
    plaatsing = Plaatsing(
        regio=ctx.regio,
        traject=traject,
        werkgever=werkgever,
        werkgever_naam=werkgever_naam,
        voordracht=voordracht,
        functie=functie.strip(),
        startdatum=startdatum,
        einddatum=einddatum,
        uren_per_week=uren_per_week,
        contractvorm=contractvorm,
        betaald=betaald,
        loonkostensubsidie=loonkostensubsidie,
    )
    plaatsing.full_clean()
    plaatsing.save()
    notificaties.voor_verwijzer(traject, MeldingSoort.GEPLAATST)
    return plaatsing


@transaction.atomic
def draag_voor(
    *,
    ctx: RegioContext,
    request: HttpRequest | None = None,
    traject: Traject,
    vacature: Vacature,
    profiel: str,
    toestemming: bool,
) -> Voordracht:
    """A trajectbegeleider proposes a participant of its organisation for an open vacancy of the region,
    sharing only the profile the participant agreed to share."""
    vereis_rol(ctx, Rol.TRAJECTBEGELEIDER)
    traject = _eigen_traject(ctx, traject)
    if traject.status not in LOPEND:
        raise ValidationError(_("Voordragen kan alleen bij een lopend traject."))
    fouten: dict[str, str] = {}
    if not toestemming:
        fouten["toestemming"] = _("Draag alleen voor als de deelnemer heeft ingestemd met het delen van dit profiel.")
    profiel = profiel.strip()
    if not profiel:
        fouten["profiel"] = _("Schrijf het profiel dat de deelnemer wil delen.")
    # Locked, so the vacancy cannot be filled or closed between this check and the insert.
    vast = Vacature.objects.select_for_update().filter(regio=ctx.regio, pk=vacature.pk).first()
    if vast is None or not vast.is_open:
        fouten["vacature"] = _("Deze vacature is niet meer open.")
    elif Voordracht.objects.filter(traject=traject, vacature=vast, status__in=OPEN_VOORDRACHT).exists():
        fouten["vacature"] = _("Deze deelnemer is al voorgedragen voor deze vacature.")
    if fouten:
        raise ValidationError(fouten)
    vandaag = timezone.localdate()
    voordracht = Voordracht(
        regio=ctx.regio,
        traject=traject,
        vacature=vast,
        profiel=profiel,
        voorgedragen_op=vandaag,
        status_sinds=vandaag,
        voorgedragen_door=ctx.gebruiker,
    )
    voordracht.full_clean()
    voordracht.save()
    _log(
        ctx,
        request,
        audit.AuditActie.AANMAKEN,
        traject.deelnemer,
        object_type="voordracht",
        object_id=voordracht.pk,
        omschrijving=f"Voorgedragen voor vacature {vast.pk} ({vast.titel}), profiel gedeeld met toestemming",
    )
    return voordracht


@transaction.atomic
def zet_voordracht_status(
    *,
    ctx: RegioContext,
    request: HttpRequest | None = None,
    voordracht: Voordracht,
    status: str,
    versie: int,
    reden: str = "",
    plaatsing: dict[str, Any] | None = None,
    vacature_vervuld: bool = False,
) -> Voordracht:
    """The werkgeversadviseur moves a proposal on. Hired: the placement (`plaatsing`: functie, startdatum,
    uren_per_week, contractvorm, betaald, …) is created in the same transaction, and the vacancy is marked
    filled when `vacature_vervuld`."""
    vereis_rol(ctx, Rol.WERKGEVERSADVISEUR)
    voordracht = vers(Voordracht, voordracht, versie)
    if voordracht.regio_id != ctx.regio.pk:
        raise ValidationError(_("Deze voordracht hoort niet bij deze regio."))
    if status not in VOORDRACHT_OVERGANGEN.get(voordracht.status, ()):
        raise ValidationError(
            _("Deze voordracht staat op ‘%(van)s’ en kan niet meer naar ‘%(naar)s’.")
            % {"van": voordracht.get_status_display(), "naar": VoordrachtStatus(status).label}
        )
    reden = reden.strip()
    if status == VoordrachtStatus.AFGEWEZEN and not reden:
        raise ValidationError({"reden": _("Geef aan waarom de kandidaat is afgewezen.")})
    if status == VoordrachtStatus.AANGENOMEN and plaatsing is None:
        raise ValidationError(_("Vul de gegevens van de plaatsing in."))
    traject = Traject.objects.select_related("deelnemer").get(pk=voordracht.traject_id)
    van = voordracht.get_status_display()
    voordracht.status, voordracht.status_sinds = status, timezone.localdate()
    if status == VoordrachtStatus.AFGEWEZEN:
        voordracht.afwijsreden = reden
    voordracht.versie += 1
    voordracht.save(update_fields=["status", "status_sinds", "afwijsreden", "versie"])
    nieuwe_plaatsing = None
    if status == VoordrachtStatus.AANGENOMEN:
        vacature = Vacature.objects.select_for_update().select_related("werkgever").get(pk=voordracht.vacature_id)
        nieuwe_plaatsing = _nieuwe_plaatsing(
            ctx,
            traject,
            werkgever=vacature.werkgever,
            voordracht=voordracht,
            trajectdata_tonen=False,
            **{k: v for k, v in plaatsing.items() if k not in ("werkgever", "werkgever_naam", "voordracht")},
        )
        if vacature_vervuld and vacature.status != VacatureStatus.VERVULD:
            vacature.status = VacatureStatus.VERVULD
            vacature.versie += 1
            vacature.save(update_fields=["status", "versie"])
    _log(
        ctx,
        request,
        audit.AuditActie.WIJZIGEN,
        traject.deelnemer,
        grondslag=VOORDRACHT_GRONDSLAG,
        object_type="voordracht",
        object_id=voordracht.pk,
        omschrijving=f"Voordracht van ‘{van}’ naar ‘{voordracht.get_status_display()}’",
    )
    if nieuwe_plaatsing is not None:
        _log(
            ctx,
            request,
            audit.AuditActie.AANMAKEN,
            traject.deelnemer,
            grondslag=VOORDRACHT_GRONDSLAG,
            object_type="plaatsing",
            object_id=nieuwe_plaatsing.pk,
            omschrijving=f"Plaatsing na voordracht {voordracht.pk}"
            + (", vacature vervuld" if vacature_vervuld else ""),
        )
    return voordracht


@transaction.atomic
def trek_voordracht_in(
    *, ctx: RegioContext, request: HttpRequest | None = None, voordracht: Voordracht, versie: int, reden: str = ""
) -> Voordracht:
    """The trajectbegeleider withdraws an open proposal (the participant changed its mind, found other work…)."""
    vereis_rol(ctx, Rol.TRAJECTBEGELEIDER)
    voordracht = vers(Voordracht, voordracht, versie)
    traject = _eigen_traject(ctx, voordracht.traject)
    if voordracht.status not in OPEN_VOORDRACHT:
        raise ValidationError(_("Deze voordracht is al afgerond en kan niet meer worden teruggetrokken."))
    voordracht.status, voordracht.status_sinds = VoordrachtStatus.TERUGGETROKKEN, timezone.localdate()
    voordracht.afwijsreden = reden.strip()
    voordracht.versie += 1
    voordracht.save(update_fields=["status", "status_sinds", "afwijsreden", "versie"])
    _log(
        ctx,
        request,
        audit.AuditActie.WIJZIGEN,
        traject.deelnemer,
        object_type="voordracht",
        object_id=voordracht.pk,
        omschrijving="Voordracht teruggetrokken",
    )
    return voordracht


@transaction.atomic
def registreer_plaatsing(
    *,
    ctx: RegioContext,
    request: HttpRequest | None = None,
    traject: Traject,
    functie: str,
    startdatum: datetime.date,
    uren_per_week: int,
    contractvorm: str,
    betaald: bool = True,
    loonkostensubsidie: bool = False,
    werkgever: Werkgever | None = None,
    werkgever_naam: str = "",
    einddatum: datetime.date | None = None,
) -> Plaatsing:
    """A trajectbegeleider registers a job on a trajectory of its organisation: an employer from the register
    or one outside it (exactly one of both)."""
    vereis_rol(ctx, Rol.TRAJECTBEGELEIDER)
    traject = _eigen_traject(ctx, traject)
    if traject.status in (TrajectStatus.AANGEMELD, TrajectStatus.AFGEWEZEN):
        raise ValidationError(_("Accepteer eerst de aanmelding voordat je een plaatsing vastlegt."))
    plaatsing = _nieuwe_plaatsing(
        ctx,
        traject,
        werkgever=werkgever,
        werkgever_naam=werkgever_naam,
        functie=functie,
        startdatum=startdatum,
        einddatum=einddatum,
        uren_per_week=uren_per_week,
        contractvorm=contractvorm,
        betaald=betaald,
        loonkostensubsidie=loonkostensubsidie,
    )
    _log(
        ctx,
        request,
        audit.AuditActie.AANMAKEN,
        traject.deelnemer,
        object_type="plaatsing",
        object_id=plaatsing.pk,
        omschrijving=f"Plaatsing: {plaatsing.functie} bij {plaatsing.werkgever_weergave}",
    )
    return plaatsing


@transaction.atomic
def beeindig_plaatsing(
    *,
    ctx: RegioContext,
    request: HttpRequest | None = None,
    plaatsing: Plaatsing,
    einddatum: datetime.date,
    reden: str,
) -> Plaatsing:
    """The trajectbegeleider records that a job ended, on which date and why."""
    vereis_rol(ctx, Rol.TRAJECTBEGELEIDER)
    plaatsing = Plaatsing.objects.select_for_update().get(pk=plaatsing.pk)
    traject = _eigen_traject(ctx, plaatsing.traject)
    if plaatsing.eindreden:
        raise ValidationError(_("Deze plaatsing is al beëindigd."))
    fouten: dict[str, str] = {}
    if einddatum < plaatsing.startdatum:
        fouten["einddatum"] = _("De einddatum ligt vóór de startdatum van de plaatsing (%(datum)s).") % {
            "datum": datums.datum(plaatsing.startdatum)
        }
    elif einddatum > timezone.localdate():
        fouten["einddatum"] = _("Deze datum ligt in de toekomst.")
    if not reden.strip():
        fouten["reden"] = _("Geef aan waarom de plaatsing is beëindigd.")
    if fouten:
        raise ValidationError(fouten)
    plaatsing.einddatum, plaatsing.eindreden = einddatum, reden.strip()
    plaatsing.full_clean()
    plaatsing.save(update_fields=["einddatum", "eindreden"])
    _log(
        ctx,
        request,
        audit.AuditActie.WIJZIGEN,
        traject.deelnemer,
        object_type="plaatsing",
        object_id=plaatsing.pk,
        omschrijving="Plaatsing beëindigd",
    )
    return plaatsing


# --- Retention (the rule of who is due: trajecten/retentie.py) -----------------------------------------------


@transaction.atomic
def anonimiseer(*, deelnemer_id: int, vandaag: datetime.date | None = None) -> bool:
    """Anonymise one participant if it is (still) due. Idempotent; returns whether it changed."""
    deelnemer = Deelnemer.objects.select_for_update().filter(pk=deelnemer_id).first()
    if deelnemer is None or not retentie.te_anonimiseren(vandaag).filter(pk=deelnemer_id).exists():
        return False

    aantal_toestemmingen = deelnemer.toestemmingen.count()
    deelnemer.voornaam = retentie.GEANONIMISEERD
    deelnemer.achternaam = retentie.GEANONIMISEERD
    deelnemer.geboortedatum = datetime.date(deelnemer.geboortedatum.year, 1, 1)
    deelnemer.postcode = deelnemer.telefoon = deelnemer.email = ""
    deelnemer.wens_sectoren, deelnemer.wens_uren, deelnemer.wens_plaats = [], None, ""
    deelnemer.had_peer_supporter = deelnemer.peer_supporter_id is not None
    deelnemer.peer_supporter = None
    deelnemer.aantal_toestemmingen = aantal_toestemmingen
    deelnemer.geanonimiseerd_op = timezone.now()
    deelnemer.versie += 1
    deelnemer.save()

    trajecten = Traject.objects.filter(deelnemer=deelnemer)
    trajecten.update(verwijs_toelichting="", afwijsreden="")
    TrajectStatusWijziging.objects.filter(traject__in=trajecten).update(toelichting="")
    Contactmoment.objects.filter(traject__in=trajecten).update(notitie="")
    Voordracht.objects.filter(traject__in=trajecten).update(profiel="", afwijsreden="")
    Plaatsing.objects.filter(traject__in=trajecten).update(eindreden="")
    deelnemer.toestemmingen.all().delete()
    # The match keys are derived from name and birth date; `persoon` stays, so the unique count stays.
    koppeling.wis(deelnemer)
    # A PDF of the AVG export holds the whole dossier: it goes too.
    _verwijder_inzage_exports(InzageExport.objects.filter(deelnemer=deelnemer))
    herbereken_toegang(deelnemer)

    audit.log(
        actie=AuditActie.WIJZIGEN,
        regio=deelnemer.regio,
        deelnemer_nummer=deelnemer.nummer,
        grondslag=retentie.GRONDSLAG,
        object_type="deelnemer",
        object_id=deelnemer.pk,
        omschrijving=(
            f"Geanonimiseerd na afloop van de bewaartermijn ({settings.PORTAAL_BEWAARTERMIJN_DAGEN} dagen); "
            f"{aantal_toestemmingen} toestemming(en) verwijderd"
        ),
    )
    return True


@dataclass(frozen=True)
class BewaartermijnUitkomst:
    geanonimiseerd: int
    mislukt: int
    auditregels_verwijderd: int
    inzendingen_verwijderd: int


def pas_bewaartermijn_toe(*, vandaag: datetime.date | None = None) -> BewaartermijnUitkomst:
    """The daily run: anonymise every participant that is due, then purge old audit rows and old submission keys."""
    geanonimiseerd = mislukt = 0
    for deelnemer_id in list(retentie.te_anonimiseren(vandaag).values_list("pk", flat=True)):
        try:
            if anonimiseer(deelnemer_id=deelnemer_id, vandaag=vandaag):
                geanonimiseerd += 1
        except Exception:
            # One participant that cannot be anonymised must not stop the others; it is retried
            # the next day and the error is in the worker's log.
            logger.exception("Anonimiseren van deelnemer %s mislukt", deelnemer_id)
            mislukt += 1
    verwijderd = audit.purge_oude_auditregels(voor=audit.bewaargrens())
    inzendingen = vergeet_oude_inzendingen()
    logger.info(
        "Bewaartermijn: %s deelnemer(s) geanonimiseerd, %s mislukt, %s auditregel(s) en %s inzendsleutel(s) verwijderd",
        geanonimiseerd,
        mislukt,
        verwijderd,
        inzendingen,
    )
    return BewaartermijnUitkomst(
        geanonimiseerd=geanonimiseerd,
        mislukt=mislukt,
        auditregels_verwijderd=verwijderd,
        inzendingen_verwijderd=inzendingen,
    )


@transaction.atomic
def stel_werkpunt_uit(
    *,
    ctx: RegioContext,
    request: HttpRequest | None = None,
    traject: Traject,
    soort: str,
    dagen: int,
    reden: str,
) -> Uitstel:
    """Put a worklist item (trajecten.werklijst) aside for `dagen` days; the reason is required."""
    vereis_rol(ctx, Rol.TRAJECTBEGELEIDER)
    if traject.regio_id != ctx.regio.pk or traject.aanbieder_id != ctx.organisatie.pk:
        raise ValidationError(_("Dit traject hoort niet bij jouw organisatie."))
    if soort_van(soort) is None:
        raise ValidationError(_("Onbekend soort werkpunt."))
    if not reden.strip():
        raise ValidationError({"reden": _("Schrijf op waarom je dit werkpunt uitstelt.")})
    if not 1 <= dagen <= 90:
        raise ValidationError({"dagen": _("Stel een werkpunt ten hoogste 90 dagen uit.")})
    uitstel = Uitstel(
        regio=ctx.regio,
        traject=traject,
        soort=soort,
        tot=timezone.localdate() + datetime.timedelta(days=dagen),
        reden=reden.strip(),
        door=ctx.gebruiker,
    )
    uitstel.full_clean()
    uitstel.save()
    _log(
        ctx,
        request,
        audit.AuditActie.WIJZIGEN,
        traject.deelnemer,
        object_type="uitstel",
        object_id=uitstel.pk,
        omschrijving=f"Werkpunt uitgesteld ({soort}, {dagen} dagen)",
    )
    return uitstel


@transaction.atomic
def draag_over(
    *,
    ctx: RegioContext,
    request: HttpRequest | None = None,
    trajecten: list[Traject],
    aan: Gebruiker,
) -> list[Traject]:
    """Hand running trajectories of the user's organisation to a colleague there (all of a caseload or some):
    a begeleider its own, the provider's team lead (`Lidmaatschap.teamleider`) anyone's.

    The trajectory, its history and the figures stay as they are; only `trajectbegeleider` changes, with an
    `Overdracht` row and an audit row per trajectory. Nothing changes when any part is wrong."""
    vereis_rol(ctx, Rol.TRAJECTBEGELEIDER)
    if not trajecten:
        raise ValidationError({"trajecten": _("Kies minstens één deelnemer om over te dragen.")})
    collega = Lidmaatschap.objects.actief().filter(
        gebruiker=aan, organisatie=ctx.organisatie, rol=Rol.TRAJECTBEGELEIDER, gebruiker__is_active=True
    )
    if not aan.is_active or not collega.exists():
        raise ValidationError(
            {"aan": _("Draag alleen over aan een actieve trajectbegeleider van %(org)s.") % {"org": ctx.organisatie}}
        )
    vers = list(
        Traject.objects.select_for_update(of=("self",))
        .select_related("deelnemer", "regio")
        .filter(pk__in=[t.pk for t in trajecten], regio=ctx.regio, aanbieder=ctx.organisatie)
        .order_by("pk")
    )
    if len(vers) != len({t.pk for t in trajecten}):
        raise ValidationError({"trajecten": _("Je kunt alleen trajecten van je eigen organisatie overdragen.")})
    if not ctx.is_teamleider and any(t.trajectbegeleider_id != ctx.gebruiker.pk for t in vers):
        raise ValidationError(
            {
                "trajecten": _(
                    "Je kunt alleen je eigen deelnemers overdragen; die van een collega draagt de teamleider over."
                )
            }
        )
    for traject in vers:
        if traject.status not in (TrajectStatus.INTAKE, TrajectStatus.GESTART):
            raise ValidationError(
                {
                    "trajecten": _("Het traject van %(nummer)s loopt niet meer en kan niet worden overgedragen.")
                    % {"nummer": traject.deelnemer.nummer}
                }
            )
        if traject.trajectbegeleider_id == aan.pk:
            raise ValidationError(
                {"aan": _("%(naam)s begeleidt %(nummer)s al.") % {"naam": aan.naam, "nummer": traject.deelnemer.nummer}}
            )
    for traject in vers:
        van = traject.trajectbegeleider_id
        traject.trajectbegeleider = aan
        traject.versie += 1
        traject.save(update_fields=["trajectbegeleider", "versie"])
        Overdracht.objects.create(regio=ctx.regio, traject=traject, van_id=van, aan=aan, door=ctx.gebruiker)
        # Within one provider the grants do not change, but they are derived from the facts after every change.
        herbereken_toegang(traject.deelnemer)
        _log(
            ctx,
            request,
            audit.AuditActie.WIJZIGEN,
            traject.deelnemer,
            object_type="traject",
            object_id=traject.pk,
            omschrijving=f"Overgedragen aan {aan.naam}",
        )
        notificaties.overgedragen(traject, aan, ctx.gebruiker)
    return vers


@transaction.atomic
def draag_over_aan_aanbieder(
    *,
    ctx: RegioContext,
    request: HttpRequest | None = None,
    traject: Traject,
    aanbieder: Organisatie,
    toelichting: str = "",
    toestemming: dict[str, Any] | None = None,
    versie: int,
) -> Traject:
    """A warm handover of a running trajectory to another provider of the region, by its begeleider or the
    team lead. Returns the new provider's trajectory.

    The participant's consent for the new provider comes first: `toestemming` (gegeven_op, geldig_tot, vorm)
    records it, unless a valid one exists already; without it nothing happens. The new provider then gets a
    referral in its inbox (a trajectory 'aangemeld', referred by the old provider, `overgedragen_van` the old
    trajectory), with the grants that come with it. The old trajectory keeps running: accepting the referral
    ends it as handed over (`accepteer_aanmelding`), declining leaves it as it was, and either way its
    begeleider hears of it. History, figures and audit trail of the old trajectory stay as they are."""
    vereis_rol(ctx, Rol.TRAJECTBEGELEIDER)
    traject = vers(Traject, traject, versie)
    if traject.regio_id != ctx.regio.pk or traject.aanbieder_id != ctx.organisatie.pk:
        raise ValidationError(_("Dit traject hoort niet bij jouw organisatie."))
    if not ctx.is_teamleider and traject.trajectbegeleider_id != ctx.gebruiker.pk:
        raise ValidationError(_("Alleen de begeleider van dit traject of de teamleider kan het overdragen."))
    if traject.status not in (TrajectStatus.INTAKE, TrajectStatus.GESTART):
        raise ValidationError(_("Dit traject loopt niet meer en kan niet worden overgedragen."))
    if aanbieder.regio_id != ctx.regio.pk or aanbieder.soort not in AANBIEDER_SOORTEN:
        raise ValidationError({"aanbieder": _("Kies een trajectaanbieder uit deze regio.")})
    if aanbieder.pk == ctx.organisatie.pk:
        raise ValidationError(
            {"aanbieder": _("Kies een andere aanbieder; binnen je eigen organisatie draag je over aan een collega.")}
        )
    wachtend = (
        Traject.objects.filter(overgedragen_van=traject, status=TrajectStatus.AANGEMELD)
        .select_related("aanbieder")
        .first()
    )
    if wachtend is not None:
        raise ValidationError(
            _("De overdracht van dit traject aan %(aanbieder)s wacht nog op acceptatie.")
            % {"aanbieder": wachtend.aanbieder.naam}
        )
    deelnemer = traject.deelnemer
    if Traject.objects.filter(deelnemer=deelnemer, aanbieder=aanbieder, status__in=ACTIEVE_STATUSSEN).exists():
        raise ValidationError(
            {"aanbieder": _("%(aanbieder)s heeft al een traject met deze deelnemer.") % {"aanbieder": aanbieder.naam}}
        )
    if toestemming:
        _nieuwe_toestemming(ctx, deelnemer, organisatie=aanbieder, **toestemming)
    if not Toestemming.objects.filter(deelnemer=deelnemer, organisatie=aanbieder).geldig().exists():
        raise ValidationError(
            {
                "toestemming": _(
                    "Vraag de deelnemer eerst om toestemming om het dossier te delen met %(aanbieder)s en leg die vast."
                )
                % {"aanbieder": aanbieder.naam}
            }
        )
    vandaag = timezone.localdate()
    nieuw = Traject(
        regio=ctx.regio,
        deelnemer=deelnemer,
        methode=traject.methode,
        aanbieder=aanbieder,
        verwijzer=ctx.organisatie,
        verwezen_door=ctx.gebruiker,
        financier=traject.financier,
        financieringsstroom=traject.financieringsstroom,
        verwijsdatum=vandaag,
        verwijs_toelichting=toelichting.strip(),
        situatie_bij_start=traject.situatie_bij_start,
        status=TrajectStatus.AANGEMELD,
        overgedragen_van=traject,
    )
    nieuw.full_clean()
    nieuw.save()
    _statuswijziging(ctx, nieuw, "", vandaag, _("Overdracht van %(aanbieder)s") % {"aanbieder": ctx.organisatie.naam})
    # The old trajectory's own history says so too (its status does not change yet).
    _statuswijziging(
        ctx,
        traject,
        traject.status,
        vandaag,
        _("Overdracht aangevraagd bij %(aanbieder)s") % {"aanbieder": aanbieder.naam},
    )
    herbereken_toegang(deelnemer)
    _log(
        ctx,
        request,
        audit.AuditActie.AANMAKEN,
        deelnemer,
        object_type="traject",
        object_id=nieuw.pk,
        omschrijving=f"Overdracht aangevraagd bij {aanbieder.naam}",
    )
    notificaties.aanmelding_ontvangen(nieuw)
    return nieuw


@transaction.atomic
def vraag_overdracht(*, ctx: RegioContext, request: HttpRequest | None = None, treffer: Koppeling) -> Koppeling:
    """Ask the organisation where the match key found a running trajectory of this person to hand it over to
    the user's organisation (a notification with a link to that handover; the other side decides, and asks
    the participant's consent first). Once per match."""
    vereis_rol(ctx, Rol.TRAJECTBEGELEIDER)
    gevonden = (
        Koppeling.objects.select_for_update(of=("self",))
        .select_related(
            "traject__deelnemer", "ander_traject__aanbieder", "ander_traject__deelnemer", "ander_traject__regio"
        )
        .filter(pk=treffer.pk, regio=ctx.regio, traject__aanbieder=ctx.organisatie)
        .first()
    )
    if gevonden is None:
        raise ValidationError(_("Deze koppeling hoort niet bij jouw organisatie."))
    ander = gevonden.ander_traject
    if ander.status not in ACTIEVE_STATUSSEN:
        raise ValidationError(_("Het traject bij %(aanbieder)s loopt niet meer.") % {"aanbieder": ander.aanbieder.naam})
    if gevonden.overdracht_gevraagd_op is not None:
        raise ValidationError(
            _("Je organisatie heeft %(aanbieder)s al om overdracht gevraagd.") % {"aanbieder": ander.aanbieder.naam}
        )
    gevonden.overdracht_gevraagd_op = timezone.now()
    gevonden.overdracht_gevraagd_door = ctx.gebruiker
    gevonden.save(update_fields=["overdracht_gevraagd_op", "overdracht_gevraagd_door"])
    for nummer in (gevonden.traject.deelnemer.nummer, ander.deelnemer.nummer):
        audit.log(
            actie=AuditActie.WIJZIGEN,
            request=request,
            lidmaatschap=ctx.lidmaatschap,
            regio=ctx.regio,
            deelnemer_nummer=nummer,
            grondslag="koppelsleutel",
            object_type="koppeling",
            object_id=gevonden.pk,
            omschrijving=f"Overdracht gevraagd aan {ander.aanbieder.naam} door {ctx.organisatie.naam}",
        )
    notificaties.overdracht_gevraagd(ander, ctx.organisatie)
    return gevonden


@transaction.atomic
def herbereken_koppelsleutels() -> int:
    """Every participant's match keys again, with the current key (`manage.py herbereken_koppelsleutels`, after
    PORTAAL_KOPPEL_SLEUTEL changed). One transaction: matching never sees half old, half new keys."""
    aantal = koppeling.herbereken_alle()
    logger.info("Koppelsleutels van %s deelnemer(s) opnieuw berekend", aantal)
    return aantal


# --- The AVG export's PDF, built in the background (its content: trajecten/inzage.py) ------------------------
#
# The web request only asks (`vraag_inzage_aan`); the Celery worker builds (`bouw_inzage`, task
# `trajecten.tasks.bouw_inzage`) and the download view serves the file to the membership that asked. The row is
# the outbox of its task, as for reports (rapportage/archief): `verstuurd_op` stays empty while the broker could
# not take the task, and `herstel_inzage_exports` (beat, every minute, and when a worker starts) hands it over.

BOUW_INZAGE = "trajecten.tasks.bouw_inzage"
# Namespace of the build locks of AVG exports (hoofdzaak.achtergrond.bouwslot: namespace, export id).
INZAGE_BOUWSLOT = 0x494E5A47  # "INZG"
# A queued or running build without a sign of life for this long is stuck: it may be asked for again and is
# re-queued. A row never handed to the broker is handed over after INZAGE_VERSTUREN_NA (sooner would race the
# request's own attempt right after its commit).
INZAGE_VASTGELOPEN_NA = datetime.timedelta(minutes=15)
INZAGE_VERSTUREN_NA = datetime.timedelta(seconds=30)
WACHT_OP_ACHTERGRONDDIENST = gettext_lazy("Wacht tot de achtergronddienst weer bereikbaar is")


class InzageGeweigerd(Exception):
    """The membership that asked no longer may see the participant in full: the export is not built."""


def inzage_bestand(export: InzageExport) -> str:
    """inzage/<regio>/inzage-export-<id>.pdf under PRIVATE_STORAGE_DIR: the region's slug is in every path."""
    return f"inzage/{export.regio.slug}/inzage-export-{export.pk}.pdf"


def inzage_bestand_klopt(export: InzageExport) -> bool:
    try:
        pad = achtergrond.bestand_in_opslag(export.bestand)
        return bool(export.sha256) and pad.is_file() and achtergrond.sha256_van(pad) == export.sha256
    except (OSError, ValueError):
        return False


def inzage_heeft_levende_build(export: InzageExport, nu: datetime.datetime | None = None) -> bool:
    """Whether a queued or running build will finish by itself (then asking again changes nothing).

    A row not (yet) handed to the broker counts as live for INZAGE_VERSTUREN_NA after it was asked for: the
    request that asked hands it over right after its commit, and a second request in that moment must not queue
    it again. After that it is not live (the broker could not take it), nor when it is 'bezig' without a process
    holding its build lock (the worker died), nor when it shows no sign of life for INZAGE_VASTGELOPEN_NA."""
    nu = nu or timezone.now()
    if export.status == InzageStatus.BEZIG and connection.vendor == "postgresql":
        return achtergrond.wordt_gebouwd(INZAGE_BOUWSLOT, export.pk)
    if export.status == InzageStatus.WACHTRIJ and export.verstuurd_op is None:
        return export.bijgewerkt_op >= nu - INZAGE_VERSTUREN_NA
    return export.is_lopend and export.bijgewerkt_op >= nu - INZAGE_VASTGELOPEN_NA


@transaction.atomic
def vraag_inzage_aan(*, ctx: RegioContext, request: HttpRequest | None = None, deelnemer: Deelnemer) -> InzageExport:
    """The provider's trajectbegeleider asks for the PDF of a participant's AVG export (the participant fetched
    through `access.beheerde_deelnemer_voor`). Idempotent: while this membership's export of the participant is
    queued or running, that one is returned and nothing new is queued; otherwise its one row is reset and queued.
    Writes the audit row of the request (the download writes the export row)."""
    vereis_rol(ctx, Rol.TRAJECTBEGELEIDER)
    if deelnemer.regio_id != ctx.regio.pk:
        raise ValidationError(GEEN_RECHT, code="geen_recht")
    sleutel = {"deelnemer": deelnemer, "lidmaatschap": ctx.lidmaatschap}
    export = InzageExport.objects.select_for_update().filter(**sleutel).first()
    if export is None:
        try:
            with transaction.atomic():
                export = InzageExport.objects.create(regio=ctx.regio, **sleutel, voortgang_tekst=_("In de wachtrij"))
        except IntegrityError:
            # A concurrent request created it first and queued it: that one is the answer.
            return InzageExport.objects.select_for_update().get(**sleutel)
    elif inzage_heeft_levende_build(export):
        return export
    else:
        oud = export.bestand
        nu = timezone.now()
        InzageExport.objects.filter(pk=export.pk).update(
            status=InzageStatus.WACHTRIJ,
            bestand="",
            sha256="",
            grootte=None,
            aangevraagd_op=nu,
            verstuurd_op=None,
            gestart_op=None,
            klaar_op=None,
            bijgewerkt_op=nu,
            voortgang=0,
            voortgang_tekst=_("In de wachtrij"),
            fout="",
            pogingen=0,
        )
        export.refresh_from_db()
        if oud:
            transaction.on_commit(lambda: achtergrond.verwijder_bestand(oud), robust=True)
    _log(
        ctx,
        request,
        AuditActie.AANMAKEN,
        deelnemer,
        object_type="inzage_export",
        object_id=export.pk,
        omschrijving="Inzage-export (AVG art. 15) als PDF aangevraagd",
    )

    def geef_door() -> None:
        export.verstuurd_op = geef_inzage_door(export_id=export.pk)

    transaction.on_commit(geef_door, robust=True)
    return export


def geef_inzage_door(*, export_id: int) -> datetime.datetime | None:
    """Queue the build's task and note when; None when the broker cannot be reached (the row then says so,
    may be asked for again, and `herstel_inzage_exports` hands it over once the broker is back)."""
    try:
        achtergrond.taak(BOUW_INZAGE).delay(export_id)
    except Exception:  # kombu raises OperationalError, ConnectionError, TimeoutError … per transport
        logger.warning("inzage-export %s: achtergronddienst onbereikbaar; de aanvraag blijft bewaard", export_id)
        InzageExport.objects.filter(pk=export_id, status=InzageStatus.WACHTRIJ, verstuurd_op__isnull=True).update(
            voortgang_tekst=WACHT_OP_ACHTERGRONDDIENST
        )
        return None
    nu = timezone.now()
    InzageExport.objects.filter(pk=export_id).update(verstuurd_op=nu)
    InzageExport.objects.filter(pk=export_id, status=InzageStatus.WACHTRIJ, voortgang=0).update(
        voortgang_tekst=_("In de wachtrij"), bijgewerkt_op=nu
    )
    return nu


def _zet_inzage_voortgang(export: InzageExport, voortgang: int, tekst: str, **velden) -> None:
    nu = timezone.now()
    InzageExport.objects.filter(pk=export.pk).update(
        voortgang=voortgang, voortgang_tekst=tekst, bijgewerkt_op=nu, **velden
    )
    for veld, waarde in {"voortgang": voortgang, "voortgang_tekst": tekst, "bijgewerkt_op": nu, **velden}.items():
        setattr(export, veld, waarde)


def bouw_inzage(*, export_id: int) -> InzageExport | None:
    """Build the export's PDF, in the worker. Returns the row, or None when there was nothing to do.

    Holds the export's build lock throughout (a second delivery of the task stops; a row left 'bezig' by a worker
    that died is taken over); re-checks that the membership that asked still may see the participant in full
    (else `InzageGeweigerd`); writes the file atomically, so a download never gets half of it."""
    with achtergrond.bouwslot(INZAGE_BOUWSLOT, export_id) as vrij:
        if not vrij:
            logger.info("inzage-export %s: wordt al gemaakt door een ander proces; overgeslagen", export_id)
            return None
        export = (
            InzageExport.objects.select_related(
                "regio", "lidmaatschap__regio", "lidmaatschap__organisatie", "lidmaatschap__gebruiker"
            )
            .filter(pk=export_id)
            .first()
        )
        if export is None or export.status == InzageStatus.MISLUKT:
            return None
        if export.status == InzageStatus.KLAAR and inzage_bestand_klopt(export):
            return None
        lid = export.lidmaatschap
        ctx = RegioContext(regio=export.regio, lidmaatschap=lid, lidmaatschappen=(lid,))
        try:
            deelnemer = access.deelnemer_voor_inzagebouw(ctx, export.deelnemer_id)
        except Http404 as fout:
            raise InzageGeweigerd(f"inzage-export {export_id}: de aanvrager heeft geen toegang meer") from fout

        _zet_inzage_voortgang(
            export,
            10,
            _("Gegevens verzamelen"),
            status=InzageStatus.BEZIG,
            gestart_op=timezone.now(),
            pogingen=export.pogingen + 1,
            fout="",
        )
        gegevens = inzage.verzamel(ctx, deelnemer)
        _zet_inzage_voortgang(export, 30, _("PDF opmaken"))
        pdfbytes = inzage.als_pdf(gegevens)
        _zet_inzage_voortgang(export, 90, _("Bestand opslaan"))
        relatief = inzage_bestand(export)
        pad = achtergrond.bestand_in_opslag(relatief)
        achtergrond.ruim_tijdelijke_bestanden_op(pad)
        achtergrond.schrijf_atomisch(pad, pdfbytes)
        _zet_inzage_voortgang(
            export,
            100,
            _("Klaar"),
            status=InzageStatus.KLAAR,
            bestand=relatief,
            sha256=hashlib.sha256(pdfbytes).hexdigest(),
            grootte=len(pdfbytes),
            klaar_op=timezone.now(),
        )
        return export


def markeer_inzage_opnieuw(*, export_id: int, fout: str, over_seconden: int) -> None:
    """A transient error: back to 'wachtrij' until the retry runs."""
    InzageExport.objects.filter(pk=export_id).exclude(status=InzageStatus.KLAAR).update(
        status=InzageStatus.WACHTRIJ,
        fout=fout[:2000],
        voortgang=0,
        voortgang_tekst=_("Tijdelijke fout; nieuwe poging over %(s)s seconden") % {"s": over_seconden},
        bijgewerkt_op=timezone.now(),
    )


def markeer_inzage_mislukt(*, export_id: int, fout: str) -> None:
    InzageExport.objects.filter(pk=export_id).exclude(status=InzageStatus.KLAAR).update(
        status=InzageStatus.MISLUKT, fout=fout[:2000], voortgang_tekst=_("Mislukt"), bijgewerkt_op=timezone.now()
    )


def herstel_inzage_exports(*, nu: datetime.datetime | None = None) -> list[int]:
    """Hand to the broker (again) what is stuck: rows never handed over (the outbox), 'bezig' without a live
    build, or queued without a sign of life. Returns their ids."""
    nu = nu or timezone.now()
    opnieuw = []
    for export in InzageExport.objects.lopend().only("pk", "status", "bijgewerkt_op", "verstuurd_op"):
        if not inzage_heeft_levende_build(export, nu):
            logger.warning("inzage-export %s: nog niet verstuurd of zonder levend proces; naar de wachtrij", export.pk)
            geef_inzage_door(export_id=export.pk)
            opnieuw.append(export.pk)
    return opnieuw


def _verwijder_inzage_exports(exports) -> int:
    """Delete the rows and, once that is committed, their files."""
    bestanden = [bestand for bestand in exports.values_list("bestand", flat=True) if bestand]
    aantal, _per_model = exports.delete()
    if bestanden:
        transaction.on_commit(lambda: [achtergrond.verwijder_bestand(b) for b in bestanden], robust=True)
    return aantal


@transaction.atomic
def ruim_inzage_exports_op(*, nu: datetime.datetime | None = None) -> int:
    """Remove every AVG export PDF (row and file) made, or last touched, more than PORTAAL_INZAGE_BEWAARUREN ago,
    and stray files of that age in the export folder that no row names (a row removed with its participant or
    membership). Returns the number of rows removed."""
    nu = nu or timezone.now()
    grens = nu - datetime.timedelta(hours=settings.PORTAAL_INZAGE_BEWAARUREN)
    verlopen = InzageExport.objects.filter(
        Q(klaar_op__lt=grens) | Q(klaar_op__isnull=True, bijgewerkt_op__lt=grens)
    ).select_for_update(skip_locked=True)
    aantal = _verwijder_inzage_exports(InzageExport.objects.filter(pk__in=list(verlopen.values_list("pk", flat=True))))
    bekend = set(InzageExport.objects.exclude(bestand="").values_list("bestand", flat=True))
    map_ = Path(settings.PRIVATE_STORAGE_DIR) / "inzage"
    for pad in map_.glob("*/*") if map_.is_dir() else ():
        relatief = pad.relative_to(settings.PRIVATE_STORAGE_DIR).as_posix()
        try:
            oud = pad.stat().st_mtime < grens.timestamp()
        except OSError:
            continue
        if oud and pad.is_file() and relatief not in bekend:
            with contextlib.suppress(OSError):
                pad.unlink()
    return aantal
