"""Every write of the report archive: requesting, building and announcing reports; subscriptions.

A build is idempotent per (region, kind, period, scope): one `Rapport` row per key, requested again it
is reset to 'wachtrij' and built anew, and a build that is still queued or running is never started a
second time. `bouw` runs in the Celery worker (rapportage.tasks.bouw_rapport) and is safe against
duplicate deliveries and dead workers:

- on PostgreSQL a session-level advisory lock per report is held for the whole build. A second
  delivery of the same task finds it taken and stops; a worker that dies (SIGKILL, OOM, lost machine)
  loses its database connection and with it the lock, so the row it left in 'bezig' is taken over by
  the next delivery (`herstel_vastgelopen` re-queues such rows). Other databases (SQLite in the demo)
  run tasks in-process, one at a time, and need no lock;
- a row that is 'klaar' with a file whose SHA-256 still matches is not built again;
- the PDF is written to a temporary file in the target directory and renamed over the target, so a
  reader never sees half a file.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import logging
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hoofdzaak import audit, meldingen
from hoofdzaak.models import AuditActie, Lidmaatschap, MeldingSoort, Organisatie, Regio, Rol, Soort
from hoofdzaak.tenancy import RegioContext

from .models import Abonnement, Rapport, RapportSoort, RapportStatus
from .perioden import Rapportperiode, periode_van

logger = logging.getLogger(__name__)

EERSTE_JAAR = 2020
# A queued or running build without a sign of life for this long is considered stuck: it may be
# requested again, and `herstel_vastgelopen` re-queues it.
VASTGELOPEN_NA = datetime.timedelta(minutes=15)
# Namespace of the PostgreSQL advisory locks of report builds (two-int form: namespace, report id).
BOUWSLOT_NAMESPACE = 0x52415050  # "RAPP"

AL_BEZIG = _("Er loopt al een build voor dit rapport.")


# --- Requesting ---------------------------------------------------------------------------------------


def valideer_aanvraag(*, regio: Regio, soort: str, periode, scope: Organisatie | None, vandaag=None) -> Rapportperiode:
    """The period as a Rapportperiode if (kind, period, scope) make a report of this region; else ValidationError."""
    vandaag = vandaag or timezone.localdate()
    if soort not in RapportSoort.values:
        raise ValidationError({"soort": _("Kies een maand- of kwartaalrapportage.")})
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
        rapport, _created = Rapport.objects.get_or_create(**sleutel, defaults={"voortgang_tekst": _("In de wachtrij")})
        if rapport.status != RapportStatus.WACHTRIJ:
            Rapport.objects.filter(pk=rapport.pk).update(status=RapportStatus.WACHTRIJ, fout="", gemeld_op=None)
    bouw(rapport_id=rapport.pk)
    rapport.refresh_from_db()
    return rapport


def markeer_mislukt_sleutel(*, regio: Regio, soort: str, periode, scope: Organisatie | None, fout: str) -> None:
    periode = periode_van(periode)
    rapport = Rapport.objects.filter(**_sleutel(regio=regio, soort=soort, periode=periode, scope=scope)).first()
    if rapport is not None:
        markeer_mislukt(rapport_id=rapport.pk, fout=fout)


def _sleutel(*, regio: Regio, soort: str, periode: Rapportperiode, scope: Organisatie | None) -> dict:
    return {"regio": regio, "soort": soort, "periode_van": periode.van, "periode_tot": periode.tot, "scope": scope}


def _zet_in_wachtrij(
    *, regio: Regio, soort: str, periode: Rapportperiode, scope: Organisatie | None, door, weiger_lopend: bool
) -> Rapport:
    sleutel = _sleutel(regio=regio, soort=soort, periode=periode, scope=scope)
    rapport = Rapport.objects.select_for_update().filter(**sleutel).order_by("pk").first()
    if rapport is None:
        try:
            with transaction.atomic():
                rapport = Rapport.objects.create(**sleutel, aangevraagd_door=door, voortgang_tekst=_("In de wachtrij"))
        except IntegrityError:
            # A concurrent request created it first: treat it as the existing row (running, so refused).
            rapport = Rapport.objects.select_for_update().order_by().get(**sleutel)
        else:
            _plan_bouw(rapport.pk)
            return rapport
    if rapport.is_lopend and not is_vastgelopen(rapport):
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
        ]
    )
    _plan_bouw(rapport.pk)
    return rapport


def is_vastgelopen(rapport: Rapport, nu: datetime.datetime | None = None) -> bool:
    return rapport.is_lopend and rapport.bijgewerkt_op < (nu or timezone.now()) - VASTGELOPEN_NA


def _plan_bouw(rapport_id: int) -> None:
    """Queue the build once the row is committed; a broker that is down leaves the row for `herstel_vastgelopen`."""

    def zet_in_rij() -> None:
        from . import tasks

        tasks.bouw_rapport.delay(rapport_id)

    transaction.on_commit(zet_in_rij, robust=True)


# --- Building -----------------------------------------------------------------------------------------


@contextlib.contextmanager
def bouwslot(rapport_id: int) -> Iterator[bool]:
    """Yield whether this process may build the report: True unless another live build holds it."""
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [BOUWSLOT_NAMESPACE, rapport_id])
        vrij = cursor.fetchone()[0]
    try:
        yield vrij
    finally:
        if vrij and connection.connection is not None:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [BOUWSLOT_NAMESPACE, rapport_id])


def wordt_gebouwd(rapport_id: int) -> bool:
    """Whether a live process holds the report's build lock (PostgreSQL only; elsewhere: False)."""
    with bouwslot(rapport_id) as vrij:
        return not vrij


def bestand_pad(rapport: Rapport) -> Path:
    """Absolute path of the report's file, checked to stay inside PRIVATE_STORAGE_DIR."""
    basis = Path(settings.PRIVATE_STORAGE_DIR).resolve()
    pad = (basis / rapport.bestand).resolve()
    if not rapport.bestand or not pad.is_relative_to(basis):
        raise ValueError(f"rapport {rapport.pk}: bestand buiten de opslag")
    return pad


def relatief_pad(rapport: Rapport) -> str:
    """rapporten/<regio>/<soort>/<jaar>/<name>.pdf: the region's slug is part of every stored path."""
    regio = rapport.regio.slug
    if rapport.soort == RapportSoort.KWARTAAL:
        naam = f"kwartaalrapportage-{regio}-{rapport.periode_van.year}-k{(rapport.periode_van.month - 1) // 3 + 1}"
    else:
        gemeente = (rapport.scope.cbs_code or f"org{rapport.scope_id}").lower()
        naam = f"maandrapportage-{regio}-{gemeente}-{rapport.periode_van:%Y-%m}"
    return f"rapporten/{regio}/{rapport.soort}/{rapport.periode_van.year}/{naam}.pdf"


def bestand_klopt(rapport: Rapport) -> bool:
    try:
        pad = bestand_pad(rapport)
        return bool(rapport.sha256) and pad.is_file() and sha256_van(pad) == rapport.sha256
    except (OSError, ValueError):
        return False


def sha256_van(pad: Path) -> str:
    digest = hashlib.sha256()
    with pad.open("rb") as bestand:
        for blok in iter(lambda: bestand.read(1 << 16), b""):
            digest.update(blok)
    return digest.hexdigest()


def schrijf_atomisch(pad: Path, inhoud: bytes) -> None:
    """Write `inhoud` to `pad` all or nothing: a temporary file beside it, fsync, rename over it."""
    pad.parent.mkdir(parents=True, exist_ok=True, mode=0o750)
    fd, tijdelijk = tempfile.mkstemp(dir=pad.parent, prefix=f".{pad.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as bestand:
            bestand.write(inhoud)
            bestand.flush()
            os.fsync(bestand.fileno())
        os.chmod(tijdelijk, 0o640)
        os.replace(tijdelijk, pad)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tijdelijk)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable
        dir_fd = os.open(pad.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _ruim_tijdelijke_bestanden_op(pad: Path) -> None:
    """Temporary files a dead build of this same report left behind (we hold its lock)."""
    if pad.parent.is_dir():
        for oud in pad.parent.glob(f".{pad.name}.*.tmp"):
            with contextlib.suppress(OSError):
                oud.unlink()


def _zet_voortgang(rapport: Rapport, voortgang: int, tekst: str, **velden) -> None:
    nu = timezone.now()
    Rapport.objects.filter(pk=rapport.pk).update(voortgang=voortgang, voortgang_tekst=tekst, bijgewerkt_op=nu, **velden)
    rapport.voortgang, rapport.voortgang_tekst, rapport.bijgewerkt_op = voortgang, tekst, nu
    for veld, waarde in velden.items():
        setattr(rapport, veld, waarde)


def _testvertraging() -> float:
    """Seconds to sleep per build step: only with RAPPORTAGE_TEST_VERTRAGING set *and* a pytest-django
    test database (its name starts with "test_"), so a production worker can never be slowed down."""
    seconden = float(getattr(settings, "RAPPORTAGE_TEST_VERTRAGING", 0) or 0)
    if seconden <= 0:
        return 0.0
    naam = str(connection.settings_dict.get("NAME") or "")
    return seconden if Path(naam).name.startswith("test_") else 0.0


def _scope_klopt(rapport: Rapport) -> bool:
    """Re-checked by the worker: the gemeente of a monthly report belongs to the report's region."""
    if rapport.soort == RapportSoort.KWARTAAL:
        return rapport.scope_id is None
    scope = rapport.scope
    return scope is not None and scope.regio_id == rapport.regio_id and scope.soort == Soort.GEMEENTE


class ScopeFout(Exception):
    """The report's scope does not (or no longer) belong to its region: never built, never retried."""


def bouw(*, rapport_id: int, stap: Callable[[str], None] | None = None) -> Rapport | None:
    """Build the report's PDF (see the module docstring). Returns the row, or None when skipped."""
    from . import pdf, rapporten

    with bouwslot(rapport_id) as vrij:
        if not vrij:
            logger.info("rapport %s: wordt al gebouwd door een ander proces; overgeslagen", rapport_id)
            return None
        rapport = Rapport.objects.select_related("regio", "scope").filter(pk=rapport_id).first()
        if rapport is None:
            logger.warning("rapport %s bestaat niet (meer); overgeslagen", rapport_id)
            return None
        if rapport.status == RapportStatus.KLAAR and bestand_klopt(rapport):
            logger.info("rapport %s is al klaar; overgeslagen", rapport_id)
            return None
        if rapport.status == RapportStatus.MISLUKT:
            logger.info("rapport %s is mislukt; alleen een nieuwe aanvraag bouwt het opnieuw", rapport_id)
            return None
        if rapport.status == RapportStatus.BEZIG:
            logger.warning("rapport %s stond op 'bezig' zonder levende build: overgenomen", rapport_id)
        if not _scope_klopt(rapport):
            raise ScopeFout(f"rapport {rapport_id}: de gemeente hoort niet (meer) bij de regio")

        vertraging = _testvertraging()
        _zet_voortgang(
            rapport,
            5,
            _("Cijfers berekenen"),
            status=RapportStatus.BEZIG,
            gestart_op=timezone.now(),
            pogingen=rapport.pogingen + 1,
            fout="",
        )
        for i in range(10 if vertraging else 0):
            time.sleep(vertraging / 10)
            _zet_voortgang(rapport, 5 + 2 * (i + 1), _("Cijfers berekenen"))

        gemaakt_op = timezone.now()
        template, context = rapporten.context_voor(rapport, gemaakt_op=gemaakt_op)
        _zet_voortgang(rapport, 40, _("PDF opmaken"))
        inhoud = pdf.render_pdf(template, context, titel=rapport.titel)
        _zet_voortgang(rapport, 85, _("Bestand opslaan"))

        rapport.bestand = relatief_pad(rapport)
        pad = bestand_pad(rapport)
        _ruim_tijdelijke_bestanden_op(pad)
        schrijf_atomisch(pad, inhoud)
        with transaction.atomic():
            _zet_voortgang(
                rapport,
                100,
                _("Klaar"),
                status=RapportStatus.KLAAR,
                bestand=rapport.bestand,
                sha256=hashlib.sha256(inhoud).hexdigest(),
                grootte=len(inhoud),
                klaar_op=timezone.now(),
                fout="",
            )
            transaction.on_commit(lambda: _plan_melding(rapport.pk), robust=True)
            if rapport.soort == RapportSoort.KWARTAAL:
                meld_ter_goedkeuring(rapport)
        return rapport


def markeer_opnieuw(*, rapport_id: int, fout: str, over_seconden: int) -> None:
    """A transient error: the row goes back to 'wachtrij' until the retry runs."""
    Rapport.objects.filter(pk=rapport_id).exclude(status=RapportStatus.KLAAR).update(
        status=RapportStatus.WACHTRIJ,
        fout=fout[:2000],
        voortgang=0,
        voortgang_tekst=_("Tijdelijke fout; nieuwe poging over %(s)s seconden") % {"s": over_seconden},
        bijgewerkt_op=timezone.now(),
    )


def markeer_mislukt(*, rapport_id: int, fout: str) -> None:
    Rapport.objects.filter(pk=rapport_id).exclude(status=RapportStatus.KLAAR).update(
        status=RapportStatus.MISLUKT,
        fout=fout[:2000],
        voortgang_tekst=_("Mislukt"),
        bijgewerkt_op=timezone.now(),
    )


def herstel_vastgelopen(*, nu: datetime.datetime | None = None) -> list[int]:
    """Ids of rows to queue again: 'bezig' without a live build, or queued/running without a sign of life."""
    nu = nu or timezone.now()
    opnieuw = []
    for rapport in Rapport.objects.lopend().only("pk", "status", "bijgewerkt_op"):
        if connection.vendor == "postgresql" and rapport.status == RapportStatus.BEZIG:
            dood = not wordt_gebouwd(rapport.pk)
        else:
            dood = is_vastgelopen(rapport, nu)
        if dood:
            opnieuw.append(rapport.pk)
    return opnieuw


# --- Announcing ---------------------------------------------------------------------------------------


def _plan_melding(rapport_id: int) -> None:
    from . import tasks

    tasks.meld_rapport_klaar.delay(rapport_id)


def meld_ter_goedkeuring(rapport: Rapport) -> None:
    """A built quarterly report is a concept until a projectleider approves it (DESIGN.md §6): tell them.

    The hook for the approval flow; the notification links to the report's page."""
    meldingen.meld(
        regio=rapport.regio,
        ontvangers=meldingen.met_rol(rapport.regio, Rol.PROJECTLEIDER),
        soort=MeldingSoort.RAPPORT_TER_GOEDKEURING,
        tekst=_("%(titel)s wacht op goedkeuring.") % {"titel": rapport.titel},
        url=reverse("rapport", kwargs={"regio": rapport.regio.slug, "pk": rapport.pk}),
    )


def mag_rapport_zien(lidmaatschap: Lidmaatschap, rapport: Rapport) -> bool:
    """The access rule of the archive (access_rapporten.rapporten_voor) for one membership."""
    if lidmaatschap.regio_id != rapport.regio_id or not lidmaatschap.actief:
        return False
    if lidmaatschap.rol == Rol.PROJECTLEIDER:
        return True
    if lidmaatschap.rol == Rol.BESTUURDER:
        return rapport.soort == RapportSoort.KWARTAAL or rapport.scope_id == lidmaatschap.organisatie_id
    return False


def meld_abonnees(*, rapport_id: int) -> int:
    """E-mail every subscriber who may still see the report a link to it (never the file). Once per build."""
    with transaction.atomic():
        rapport = (
            Rapport.objects.select_for_update(of=("self",))
            .select_related("regio", "scope")
            .filter(pk=rapport_id, status=RapportStatus.KLAAR, gemeld_op__isnull=True)
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
        leden = Lidmaatschap.objects.actief().filter(gebruiker=gebruiker, regio_id=rapport.regio_id)
        if not any(mag_rapport_zien(lid, rapport) for lid in leden):
            continue
        send_mail(
            subject=_("Nieuw rapport: %(titel)s") % {"titel": rapport.titel},
            message=render_to_string(
                "rapportage/email/rapport_klaar.txt", {"rapport": rapport, "link": link, "gebruiker": gebruiker}
            ),
            from_email=None,
            recipient_list=[gebruiker.email],
        )
        aantal += 1
    return aantal


# --- Subscriptions ------------------------------------------------------------------------------------


def _controleer_abonnement(ctx: RegioContext, soort: str, scope: Organisatie | None) -> None:
    if soort not in RapportSoort.values:
        raise ValidationError({"soort": _("Kies een maand- of kwartaalrapportage.")})
    if scope is not None and (scope.regio_id != ctx.regio.pk or scope.soort != Soort.GEMEENTE):
        raise ValidationError({"gemeente": _("Kies een gemeente van deze regio.")})
    if soort == RapportSoort.KWARTAAL and scope is not None:
        raise ValidationError({"gemeente": _("Een kwartaalrapportage gaat over de hele regio.")})
    if ctx.heeft_rol(Rol.PROJECTLEIDER):
        return
    if not ctx.heeft_rol(Rol.BESTUURDER):
        raise PermissionDenied
    if soort == RapportSoort.MAAND and (scope is None or scope.pk != ctx.organisatie.pk):
        raise ValidationError({"gemeente": _("Je kunt alleen de maandrapportages van je eigen gemeente volgen.")})


@transaction.atomic
def abonneer(*, ctx: RegioContext, soort: str, scope: Organisatie | None = None) -> Abonnement:
    """E-mail me when a report of this kind (and gemeente; for a projectleider: or any) is ready."""
    _controleer_abonnement(ctx, soort, scope)
    abonnement, _created = Abonnement.objects.get_or_create(
        gebruiker=ctx.gebruiker, regio=ctx.regio, soort=soort, scope=scope
    )
    return abonnement


@transaction.atomic
def zeg_op(*, ctx: RegioContext, soort: str, scope: Organisatie | None = None) -> int:
    return Abonnement.objects.filter(gebruiker=ctx.gebruiker, regio=ctx.regio, soort=soort, scope=scope).delete()[0]
