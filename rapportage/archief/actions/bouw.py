"""Building one report's PDF, in the Celery worker (`rapportage.tasks.bouw_rapport`).

Safe against duplicate deliveries and dead workers:

- the report's advisory lock (`..bouwslot`) is held for the whole build: a second delivery finds it
  taken and stops; a row left in 'bezig' by a worker that died is taken over by the next delivery
  (`aanvragen.herstel_vastgelopen` re-queues such rows);
- a row that is 'klaar' with a file whose SHA-256 still matches is not built again;
- the PDF is written atomically (`..opslag.schrijf_atomisch`), so a reader never sees half a file;
- an approved version is never built again (its file and checksum are frozen; a rebuild is a new
  version, see `aanvragen`).

A build records what its sign-off needs (`..inhoud`): the region's data version and a fingerprint of the
figures (approval refuses when they changed), the data-quality warnings, and the headline figures with
what changed since the previous approved version (printed in the PDF). A monthly report without
data-quality warnings is approved at once; any other finished build waits for a projectleider.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hoofdzaak.models import Soort

from ...cijfercache import versie as cijferversie
from .. import inhoud, pdf
from ..bouwslot import bouwslot
from ..models import PARTNER_SOORTEN, Rapport, RapportSoort, RapportStatus
from ..opslag import bestand_klopt, bestand_pad, relatief_pad, ruim_tijdelijke_bestanden_op, schrijf_atomisch
from .melding import meld_goedgekeurd, meld_ter_goedkeuring

logger = logging.getLogger(__name__)


def _zet_voortgang(rapport: Rapport, voortgang: int, tekst: str, **velden) -> None:
    nu = timezone.now()
    Rapport.objects.filter(pk=rapport.pk).update(voortgang=voortgang, voortgang_tekst=tekst, bijgewerkt_op=nu, **velden)
    rapport.voortgang, rapport.voortgang_tekst, rapport.bijgewerkt_op = voortgang, tekst, nu
    for veld, waarde in velden.items():
        setattr(rapport, veld, waarde)


def _scope_klopt(rapport: Rapport) -> bool:
    """Re-checked by the worker: the gemeente or partner of a monthly report belongs to the report's region."""
    if rapport.soort == RapportSoort.KWARTAAL:
        return rapport.scope_id is None
    scope = rapport.scope
    soorten = PARTNER_SOORTEN if rapport.soort == RapportSoort.ORGANISATIE else (Soort.GEMEENTE,)
    return scope is not None and scope.regio_id == rapport.regio_id and scope.soort in soorten


class ScopeFout(Exception):
    """The report's scope does not (or no longer) belong to its region: never built, never retried."""


def bouw(*, rapport_id: int, stap: Callable[[str], None] | None = None) -> Rapport | None:
    """Build the report's PDF (see the module docstring). Returns the row, or None when skipped."""
    with bouwslot(rapport_id) as vrij:
        if not vrij:
            logger.info("rapport %s: wordt al gebouwd door een ander proces; overgeslagen", rapport_id)
            return None
        rapport = Rapport.objects.select_related("regio", "scope").filter(pk=rapport_id).first()
        if rapport is None:
            logger.warning("rapport %s bestaat niet (meer); overgeslagen", rapport_id)
            return None
        if rapport.goedgekeurd_op is not None:
            logger.info("rapport %s is goedgekeurd en bevroren; overgeslagen", rapport_id)
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

        _zet_voortgang(
            rapport,
            5,
            _("Cijfers berekenen"),
            status=RapportStatus.BEZIG,
            gestart_op=timezone.now(),
            pogingen=rapport.pogingen + 1,
            fout="",
        )

        gemaakt_op = timezone.now()
        # Read before the figures: a write after this point changes the version, so approval re-checks.
        stand = cijferstand_nu(rapport.regio_id)
        template, context = inhoud.context_voor(rapport, gemaakt_op=gemaakt_op)
        kerncijfers = inhoud.kerncijfers_van(rapport, context)
        vorige = (
            Rapport.objects.met_sleutel_van(rapport)
            .goedgekeurd()
            .filter(versie__lt=rapport.versie)
            .order_by("-versie")
            .first()
        )
        wijzigingen = inhoud.wijzigingen_tussen(vorige.kerncijfers, kerncijfers) if vorige is not None else []
        context.update(vorige_versie=vorige, wijzigingen=wijzigingen)
        waarschuwingen = inhoud.waarschuwingen_van(rapport, context)
        _zet_voortgang(rapport, 40, _("PDF opmaken"))
        pdfbytes = pdf.render_pdf(template, context, titel=rapport.titel)
        _zet_voortgang(rapport, 85, _("Bestand opslaan"))

        rapport.bestand = relatief_pad(rapport)
        pad = bestand_pad(rapport)
        ruim_tijdelijke_bestanden_op(pad)
        schrijf_atomisch(pad, pdfbytes)
        with transaction.atomic():
            klaar_op = timezone.now()
            # Approved at once: a monthly report without data-quality warnings (issue 15 point 5).
            automatisch = rapport.soort != RapportSoort.KWARTAAL and not waarschuwingen
            _zet_voortgang(
                rapport,
                100,
                _("Klaar"),
                status=RapportStatus.KLAAR,
                bestand=rapport.bestand,
                sha256=hashlib.sha256(pdfbytes).hexdigest(),
                grootte=len(pdfbytes),
                klaar_op=klaar_op,
                fout="",
                cijfers_op=gemaakt_op,
                cijferstand=stand,
                vingerafdruk=inhoud.vingerafdruk_van(context),
                waarschuwingen=waarschuwingen,
                kerncijfers=kerncijfers,
                wijzigingen=wijzigingen,
                vorige_versie=vorige.versie if vorige is not None else None,
                goedgekeurd_op=klaar_op if automatisch else None,
                automatisch_goedgekeurd=automatisch,
            )
            if automatisch:
                meld_goedgekeurd(rapport)
            else:
                meld_ter_goedkeuring(rapport)
        return rapport


def cijferstand_nu(regio_id: int) -> str:
    """The region's data version (PostgreSQL keeps it by trigger); empty where there is none (SQLite)."""
    if connection.vendor != "postgresql":
        return ""
    return cijferversie(regio_id)


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
