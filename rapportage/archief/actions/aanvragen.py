"""Requesting reports: on demand (projectleider), on schedule (beat), now (demo); and re-queueing.

A build is idempotent per (region, kind, period, scope): its latest version is the row a request acts
on. Requested again, a concept (or failed) version is reset to 'wachtrij' and built anew in place; an
approved version is frozen, so the request makes version n+1 beside it (the schedule leaves an approved
report alone). A build that is still queued or running is never started a second time (`bouw` holds
the report's advisory lock while it runs; see `..bouwslot`).
"""

from __future__ import annotations

import datetime
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hoofdzaak import audit
from hoofdzaak.models import AuditActie, Organisatie, Regio, Rol, Soort
from hoofdzaak.tenancy import RegioContext

from ...perioden import EERSTE_JAAR, Rapportperiode, periode_van
from .. import wachtrij
from ..bouwslot import wordt_gebouwd
from ..models import PARTNER_SOORTEN, Rapport, RapportSoort, RapportStatus
from .bouw import bouw, markeer_mislukt

logger = logging.getLogger(__name__)

# A queued or running build without a sign of life for this long is considered stuck: it may be
# requested again, and `herstel_vastgelopen` re-queues it.
VASTGELOPEN_NA = datetime.timedelta(minutes=15)

AL_BEZIG = _("Er loopt al een build voor dit rapport.")
WACHT_OP_ACHTERGRONDDIENST = _("Wacht tot de achtergronddienst weer bereikbaar is")
# A row never handed to the broker is handed over by `herstel_vastgelopen` after this long (sooner would
# race the request's own attempt right after its commit; a duplicate would be harmless, only wasteful).
VERSTUREN_NA = datetime.timedelta(seconds=30)


def valideer_aanvraag(*, regio: Regio, soort: str, periode, scope: Organisatie | None, vandaag=None) -> Rapportperiode:
    """The period as a Rapportperiode if (kind, period, scope) make a report of this region; else ValidationError."""
    vandaag = vandaag or timezone.localdate()
    if soort not in RapportSoort.values:
        raise ValidationError({"soort": _("Kies een soort rapportage.")})
    try:
        periode = periode_van(periode)
    except (TypeError, ValueError, AttributeError) as fout:
        raise ValidationError({"periode": _("Dit is geen geldige periode.")}) from fout
    if periode.tot < periode.van:
        raise ValidationError({"periode": _("De periode loopt achterstevoren: het einde ligt vóór het begin.")})
    if periode.van > vandaag:
        raise ValidationError({"periode": _("Deze periode ligt in de toekomst.")})
    if periode.tot >= vandaag:
        raise ValidationError(
            {
                "periode": _(
                    "Deze periode is nog niet voorbij; het rapport kan vanaf de dag na het einde worden gemaakt."
                )
            }
        )
    if periode.van.year < EERSTE_JAAR:
        raise ValidationError({"periode": _("Rapporten beginnen in %(jaar)s.") % {"jaar": EERSTE_JAAR}})
    if soort == RapportSoort.KWARTAAL:
        if not periode.is_heel_kwartaal:
            raise ValidationError({"periode": _("Een kwartaalrapportage gaat over een heel kwartaal.")})
        if scope is not None:
            raise ValidationError(
                {"gemeente": _("Een kwartaalrapportage gaat over de hele regio, niet over één gemeente.")}
            )
    elif soort == RapportSoort.ORGANISATIE:
        if not periode.is_hele_maand:
            raise ValidationError({"periode": _("Een maandrapportage gaat over een hele kalendermaand.")})
        if scope is None:
            raise ValidationError({"organisatie": _("Kies de partner van de maandrapportage.")})
        if scope.regio_id != regio.pk or scope.soort not in PARTNER_SOORTEN:
            raise ValidationError(
                {
                    "organisatie": _(
                        "Kies een partner van deze regio: UWV, een GGZ-aanbieder, een re-integratiebedrijf "
                        "of de organisatie voor peer support."
                    )
                }
            )
    else:
        if not periode.is_hele_maand:
            raise ValidationError({"periode": _("Een maandrapportage gaat over een hele kalendermaand.")})
        if scope is None:
            raise ValidationError({"gemeente": _("Kies de gemeente van de maandrapportage.")})
        if scope.regio_id != regio.pk or scope.soort != Soort.GEMEENTE:
            raise ValidationError({"gemeente": _("Kies een gemeente van deze regio.")})
    return periode


def vraag_rapport_aan(*, ctx: RegioContext, soort: str, periode, scope: Organisatie | None = None) -> Rapport:
    """A projectleider (re)builds one report of its region on demand. Refused while one is running."""
    if not ctx.heeft_rol(Rol.PROJECTLEIDER):
        raise PermissionDenied
    periode = valideer_aanvraag(regio=ctx.regio, soort=soort, periode=periode, scope=scope)
    with transaction.atomic():
        rapport = _zet_in_wachtrij(
            regio=ctx.regio, soort=soort, periode=periode, scope=scope, door=ctx.gebruiker, weiger_lopend=True
        )
        audit.log(
            actie=AuditActie.AANMAKEN,
            gebruiker=ctx.gebruiker,
            lidmaatschap=ctx.lidmaatschap,
            object_type="rapport",
            object_id=rapport.pk,
            omschrijving=f"Rapport aangevraagd: {rapport.titel}",
        )
    return rapport


def plan_rapport(*, regio: Regio, soort: str, periode, scope: Organisatie | None = None) -> Rapport:
    """The schedule's request: like `vraag_rapport_aan`, but a report that is done or running is left alone."""
    periode = valideer_aanvraag(regio=regio, soort=soort, periode=periode, scope=scope)
    with transaction.atomic():
        return _zet_in_wachtrij(regio=regio, soort=soort, periode=periode, scope=scope, door=None, weiger_lopend=False)


def maak_rapport_nu(*, regio: Regio, soort: str, periode, scope: Organisatie | None = None) -> Rapport:
    """Build one report in this process, now, without the queue (demo data, management use)."""
    periode = valideer_aanvraag(regio=regio, soort=soort, periode=periode, scope=scope)
    sleutel = _sleutel(regio=regio, soort=soort, periode=periode, scope=scope)
    with transaction.atomic():
        rapport = Rapport.objects.select_for_update().filter(**sleutel).order_by("-versie").first()
        if rapport is None or rapport.is_goedgekeurd:
            rapport = Rapport.objects.create(
                **sleutel,
                versie=rapport.versie + 1 if rapport is not None else 1,
                voortgang_tekst=_("In de wachtrij"),
            )
        elif rapport.status != RapportStatus.WACHTRIJ:
            Rapport.objects.filter(pk=rapport.pk).update(status=RapportStatus.WACHTRIJ, fout="", gemeld_op=None)
    bouw(rapport_id=rapport.pk)
    rapport.refresh_from_db()
    return rapport


def markeer_mislukt_sleutel(*, regio: Regio, soort: str, periode, scope: Organisatie | None, fout: str) -> None:
    periode = periode_van(periode)
    sleutel = _sleutel(regio=regio, soort=soort, periode=periode, scope=scope)
    rapport = Rapport.objects.filter(**sleutel).order_by("-versie").first()
    if rapport is not None:
        markeer_mislukt(rapport_id=rapport.pk, fout=fout)


def _sleutel(*, regio: Regio, soort: str, periode: Rapportperiode, scope: Organisatie | None) -> dict:
    return {"regio": regio, "soort": soort, "periode_van": periode.van, "periode_tot": periode.tot, "scope": scope}


def _zet_in_wachtrij(
    *, regio: Regio, soort: str, periode: Rapportperiode, scope: Organisatie | None, door, weiger_lopend: bool
) -> Rapport:
    sleutel = _sleutel(regio=regio, soort=soort, periode=periode, scope=scope)
    rapport = Rapport.objects.select_for_update().filter(**sleutel).order_by("-versie").first()
    if rapport is not None and rapport.is_goedgekeurd and not weiger_lopend:
        return rapport  # the schedule: an approved report stays as it is
    if rapport is None or rapport.is_goedgekeurd:
        # The first version, or version n+1 beside the approved (frozen) version n.
        versie = rapport.versie + 1 if rapport is not None else 1
        try:
            with transaction.atomic():
                rapport = Rapport.objects.create(
                    **sleutel, versie=versie, aangevraagd_door=door, voortgang_tekst=_("In de wachtrij")
                )
        except IntegrityError:
            # A concurrent request created it first: treat it as the existing row (running, so refused).
            rapport = Rapport.objects.select_for_update().order_by().get(**sleutel, versie=versie)
        else:
            _plan_bouw(rapport)
            return rapport
    if heeft_levende_build(rapport):
        if weiger_lopend:
            raise ValidationError(AL_BEZIG)
        return rapport
    if not weiger_lopend and rapport.status == RapportStatus.KLAAR:
        return rapport
    nu = timezone.now()
    rapport.status = RapportStatus.WACHTRIJ
    rapport.aangevraagd_door = door
    rapport.aangevraagd_op = nu
    rapport.bijgewerkt_op = nu
    rapport.gestart_op = None
    rapport.fout = ""
    rapport.pogingen = 0
    rapport.verstuurd_op = None
    rapport.voortgang = 0
    rapport.voortgang_tekst = _("In de wachtrij")
    rapport.gemeld_op = None
    rapport.save(
        update_fields=[
            "status",
            "aangevraagd_door",
            "aangevraagd_op",
            "bijgewerkt_op",
            "gestart_op",
            "fout",
            "pogingen",
            "voortgang",
            "voortgang_tekst",
            "gemeld_op",
            "verstuurd_op",
        ]
    )
    _plan_bouw(rapport)
    return rapport


def is_vastgelopen(rapport: Rapport, nu: datetime.datetime | None = None) -> bool:
    return rapport.is_lopend and rapport.bijgewerkt_op < (nu or timezone.now()) - VASTGELOPEN_NA


def heeft_levende_build(rapport: Rapport, nu: datetime.datetime | None = None) -> bool:
    """Whether a queued or running build will finish by itself; only then is a new request refused.

    Not when its task never reached the broker, nor when it is 'bezig' without a process holding its
    build lock (the worker died), nor when it shows no sign of life for VASTGELOPEN_NA.
    """
    if rapport.status == RapportStatus.BEZIG and connection.vendor == "postgresql":
        return wordt_gebouwd(rapport.pk)
    if rapport.status == RapportStatus.WACHTRIJ and rapport.verstuurd_op is None:
        return False
    return rapport.is_lopend and not is_vastgelopen(rapport, nu)


def _plan_bouw(rapport: Rapport) -> None:
    """Hand the build to the broker once the row is committed (the row is the outbox entry until then)."""

    def geef_door() -> None:
        rapport.verstuurd_op = geef_bouw_door(rapport_id=rapport.pk)

    transaction.on_commit(geef_door, robust=True)


def geef_bouw_door(*, rapport_id: int) -> datetime.datetime | None:
    """Queue the build's task and note when; None when the broker cannot be reached.

    Then the row stays 'wachtrij' without `verstuurd_op`, says so, may be requested again, and
    `herstel_vastgelopen` (beat, every minute) hands it over once the broker is back.
    """
    try:
        wachtrij.taak(wachtrij.BOUW_RAPPORT).delay(rapport_id)
    except Exception:  # kombu raises OperationalError, ConnectionError, TimeoutError … per transport
        logger.warning(
            "rapport %s: achtergronddienst onbereikbaar; de aanvraag blijft bewaard", rapport_id, exc_info=True
        )
        Rapport.objects.filter(pk=rapport_id, status=RapportStatus.WACHTRIJ, verstuurd_op__isnull=True).update(
            voortgang_tekst=WACHT_OP_ACHTERGRONDDIENST
        )
        return None
    nu = timezone.now()
    Rapport.objects.filter(pk=rapport_id).update(verstuurd_op=nu)
    Rapport.objects.filter(pk=rapport_id, status=RapportStatus.WACHTRIJ, voortgang=0).update(
        voortgang_tekst=_("In de wachtrij"), bijgewerkt_op=nu
    )
    return nu


def herstel_vastgelopen(*, nu: datetime.datetime | None = None) -> list[int]:
    """Ids of rows to hand to the broker (again): never handed over (the outbox), 'bezig' without a live
    build, or queued/running without a sign of life."""
    nu = nu or timezone.now()
    opnieuw = []
    for rapport in Rapport.objects.lopend().only("pk", "status", "bijgewerkt_op", "verstuurd_op"):
        if rapport.status == RapportStatus.WACHTRIJ and rapport.verstuurd_op is None:
            dood = rapport.bijgewerkt_op < nu - VERSTUREN_NA
        elif connection.vendor == "postgresql" and rapport.status == RapportStatus.BEZIG:
            dood = not wordt_gebouwd(rapport.pk)
        else:
            dood = is_vastgelopen(rapport, nu)
        if dood:
            opnieuw.append(rapport.pk)
    return opnieuw
