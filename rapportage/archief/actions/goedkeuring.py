"""Sign-off of a report version (issue 15 point 5): acknowledge its data-quality warnings, then approve it.

Approval freezes the version: its file and checksum never change again (`bouw` skips it, a rebuild makes
version n+1), and only then do bestuurders see it and subscribers get their e-mail. It is refused when
the figures changed since the concept was built — the region's data version moved and the figures,
recomputed at the concept's own moment, no longer give its fingerprint — with a rebuild offered.

Both actions are idempotent (a double click approves once, acknowledges once, and writes one audit row)
and run in one transaction with the report's row locked.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from hoofdzaak import audit
from hoofdzaak.models import AuditActie, Rol
from hoofdzaak.tenancy import RegioContext

from .. import inhoud
from ..models import Rapport, Waarschuwingserkenning
from ..opslag import bestand_klopt
from .bouw import cijferstand_nu
from .melding import meld_goedgekeurd

NIET_KLAAR = _("Dit rapport is nog niet klaar; goedkeuren kan zodra het gemaakt is.")
BESTAND_KLOPT_NIET = _("Het bestand van dit rapport klopt niet meer met zijn controlegetal. Maak het opnieuw.")
CIJFERS_GEWIJZIGD = _(
    "De cijfers zijn veranderd sinds dit concept is gemaakt: er zijn daarna gegevens over deze periode "
    "ingevoerd of gecorrigeerd. Dit concept kan daarom niet meer worden goedgekeurd. Maak het rapport "
    "opnieuw en keur de nieuwe versie goed."
)
WAARSCHUWINGEN_OPEN = _(
    "Bevestig eerst elke datakwaliteitswaarschuwing (of los het probleem op en maak het rapport opnieuw): "
    "nog open: %(open)s."
)
GEEN_WAARSCHUWING = _("Deze waarschuwing hoort niet bij dit rapport.")
AL_GOEDGEKEURD = _("Deze versie is al goedgekeurd en kan niet meer veranderen.")


def _vergrendel(ctx: RegioContext, rapport_id: int) -> Rapport:
    if not ctx.heeft_rol(Rol.PROJECTLEIDER):
        raise PermissionDenied
    rapport = (
        Rapport.objects.select_for_update(of=("self",))
        .select_related("regio", "scope")
        .filter(pk=rapport_id, regio=ctx.regio)
        .first()
    )
    if rapport is None:
        raise PermissionDenied
    return rapport


def cijfers_gewijzigd(rapport: Rapport) -> bool:
    """Whether the figures of the report differ from those its concept was built from.

    Unchanged data version (PostgreSQL's trigger-kept `Cijferstand`): the same figures, nothing to compute.
    Otherwise (a write in the region since, or no data version at all): the figures are computed again at
    the concept's own moment and compared by fingerprint, so a write elsewhere in the region that does not
    touch this report's figures does not block its approval."""
    if rapport.cijferstand and rapport.cijferstand == cijferstand_nu(rapport.regio_id):
        return False
    _template, context = inhoud.context_voor(rapport, gemaakt_op=rapport.cijfers_op)
    return inhoud.vingerafdruk_van(context) != rapport.vingerafdruk


@transaction.atomic
def erken_waarschuwing(
    *, ctx: RegioContext, rapport_id: int, code: str, toelichting: str = "", request: HttpRequest | None = None
) -> Waarschuwingserkenning:
    """The projectleider acknowledges one data-quality warning of a concept (audited; once per figures)."""
    rapport = _vergrendel(ctx, rapport_id)
    if rapport.is_goedgekeurd:
        raise ValidationError(AL_GOEDGEKEURD, code="goedgekeurd")
    if not rapport.is_klaar:
        raise ValidationError(NIET_KLAAR, code="niet_klaar")
    waarschuwing = next((w for w in rapport.waarschuwingen if w["code"] == code), None)
    if waarschuwing is None:
        raise ValidationError({"code": GEEN_WAARSCHUWING}, code="onbekend")
    erkenning, nieuw = Waarschuwingserkenning.objects.get_or_create(
        rapport=rapport,
        code=code,
        vingerafdruk=rapport.vingerafdruk,
        defaults={
            "regio": rapport.regio,
            "aantal": waarschuwing["aantal"],
            "toelichting": toelichting.strip()[:1000],
            "erkend_door": ctx.gebruiker,
            "erkend_door_naam": ctx.gebruiker.naam or ctx.gebruiker.email,
        },
    )
    if nieuw:
        audit.log(
            actie=AuditActie.WIJZIGEN,
            request=request,
            gebruiker=ctx.gebruiker,
            regio=ctx.regio,
            lidmaatschap=ctx.lidmaatschap,
            object_type="rapport",
            object_id=rapport.pk,
            omschrijving=(
                f"Datakwaliteitswaarschuwing bevestigd bij {rapport.titel} versie {rapport.versie}: "
                f"{waarschuwing['tekst']} ({waarschuwing['aantal']})"
            ),
        )
    return erkenning


@transaction.atomic
def keur_goed(*, ctx: RegioContext, rapport_id: int, request: HttpRequest | None = None) -> tuple[Rapport, bool]:
    """Approve a concept: (report, True), or (report, False) when it was already approved (a double click).

    Refused (ValidationError, nothing saved) while it is not finished, while a warning is open, when its file
    no longer matches its checksum, and when its figures changed since it was built (code "gewijzigd")."""
    rapport = _vergrendel(ctx, rapport_id)
    if rapport.is_goedgekeurd:
        return rapport, False
    if not rapport.is_klaar:
        raise ValidationError(NIET_KLAAR, code="niet_klaar")
    if open_ := rapport.open_waarschuwingen:
        raise ValidationError(
            WAARSCHUWINGEN_OPEN % {"open": "; ".join(f"{w['tekst']} ({w['aantal']})" for w in open_)},
            code="waarschuwingen",
        )
    if not bestand_klopt(rapport):
        raise ValidationError(BESTAND_KLOPT_NIET, code="bestand")
    if cijfers_gewijzigd(rapport):
        raise ValidationError(CIJFERS_GEWIJZIGD, code="gewijzigd")
    rapport.goedgekeurd_op = timezone.now()
    rapport.goedgekeurd_door = ctx.gebruiker
    rapport.goedgekeurd_door_naam = ctx.gebruiker.naam or ctx.gebruiker.email
    rapport.automatisch_goedgekeurd = False
    rapport.save(
        update_fields=["goedgekeurd_op", "goedgekeurd_door", "goedgekeurd_door_naam", "automatisch_goedgekeurd"]
    )
    audit.log(
        actie=AuditActie.WIJZIGEN,
        request=request,
        gebruiker=ctx.gebruiker,
        regio=ctx.regio,
        lidmaatschap=ctx.lidmaatschap,
        object_type="rapport",
        object_id=rapport.pk,
        omschrijving=f"Rapport goedgekeurd: {rapport.titel} versie {rapport.versie} (sha256 {rapport.sha256})",
    )
    meld_goedgekeurd(rapport)
    return rapport, True
