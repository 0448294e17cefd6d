"""Models of the report archive: every built PDF (`Rapport`) and who wants an e-mail when one is ready
(`Abonnement`).

The figures themselves are not stored: `rapportage.figuren` computes them from the trajectories each
time. A `Rapport` row is the build of one (region, kind, period, scope): built again, the row and its
file are replaced, so there is never more than one per key (DESIGN.md §6).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hoofdzaak import datums
from hoofdzaak.models import Lidmaatschap, Organisatie, Regio, Rol, Soort

# Roles that see reports at all (DESIGN.md §1): the projectleider all of its region, the bestuurder
# the region's quarterly reports and its own gemeente's monthly reports.
RAPPORT_ROLLEN = (Rol.PROJECTLEIDER, Rol.BESTUURDER)


class RapportSoort(models.TextChoices):
    KWARTAAL = "kwartaal", _("Kwartaalrapportage (regio)")
    MAAND = "maand", _("Maandrapportage (gemeente)")


class RapportStatus(models.TextChoices):
    WACHTRIJ = "wachtrij", _("In de wachtrij")
    BEZIG = "bezig", _("Wordt gemaakt")
    KLAAR = "klaar", _("Klaar")
    MISLUKT = "mislukt", _("Mislukt")


LOPENDE_STATUSSEN = (RapportStatus.WACHTRIJ, RapportStatus.BEZIG)


class RapportQuerySet(models.QuerySet):
    def in_regio(self, regio: Regio) -> RapportQuerySet:
        return self.filter(regio=regio)

    def voor_bestuurder(self, organisatie: Organisatie) -> RapportQuerySet:
        """The region's quarterly reports and, for a gemeente, its own monthly reports."""
        zichtbaar = Q(soort=RapportSoort.KWARTAAL)
        if organisatie.soort == Soort.GEMEENTE:
            zichtbaar |= Q(soort=RapportSoort.MAAND, scope=organisatie)
        return self.in_regio(organisatie.regio).filter(zichtbaar)

    def zichtbaar_voor(self, lidmaatschap: Lidmaatschap) -> RapportQuerySet:
        """The archive's one access rule: what this membership may see (DESIGN.md §1).

        The projectleider every report of its region; the bestuurder the region's quarterly reports
        and, for a gemeente, its own monthly reports; an inactive membership or any other role nothing.
        Used by the views (`archief.access`) and by the e-mail to subscribers alike.
        """
        if not lidmaatschap.actief:
            return self.none()
        if lidmaatschap.rol == Rol.PROJECTLEIDER:
            return self.filter(regio_id=lidmaatschap.regio_id)
        if lidmaatschap.rol == Rol.BESTUURDER:
            return self.voor_bestuurder(lidmaatschap.organisatie)
        return self.none()

    def lopend(self) -> RapportQuerySet:
        return self.filter(status__in=LOPENDE_STATUSSEN)


class Rapport(models.Model):
    regio = models.ForeignKey(Regio, on_delete=models.PROTECT, related_name="rapporten", verbose_name=_("regio"))
    soort = models.CharField(_("soort"), max_length=10, choices=RapportSoort.choices)
    periode_van = models.DateField(_("periode vanaf"))
    # Inclusive: the last day of the month or quarter.
    periode_tot = models.DateField(_("periode tot en met"))
    # The gemeente of a monthly report; empty for the region's quarterly report.
    scope = models.ForeignKey(
        Organisatie,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rapporten",
        verbose_name=_("gemeente"),
    )
    status = models.CharField(_("status"), max_length=10, choices=RapportStatus.choices, default=RapportStatus.WACHTRIJ)
    # Relative to settings.PRIVATE_STORAGE_DIR (outside the web root); starts with the region's slug.
    bestand = models.CharField(_("bestand"), max_length=300, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    grootte = models.PositiveIntegerField(_("grootte in bytes"), null=True, blank=True)
    aangevraagd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aangevraagd door"),
    )
    aangevraagd_op = models.DateTimeField(_("aangevraagd op"), default=timezone.now)
    gestart_op = models.DateTimeField(_("gestart op"), null=True, blank=True)
    klaar_op = models.DateTimeField(_("klaar op"), null=True, blank=True)
    # Last sign of life of the build, for the takeover of rows whose worker died (see actions.bouw).
    bijgewerkt_op = models.DateTimeField(_("bijgewerkt op"), default=timezone.now)
    fout = models.TextField(_("foutmelding"), blank=True)
    pogingen = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    voortgang = models.PositiveSmallIntegerField(_("voortgang (%)"), default=0, validators=[MaxValueValidator(100)])
    voortgang_tekst = models.CharField(_("voortgang"), max_length=200, blank=True)
    gemeld_op = models.DateTimeField(_("abonnees gemaild op"), null=True, blank=True)
    # When the build's task was handed to the broker; empty while it could not be (broker unreachable):
    # the row is then the outbox entry that `herstel_rapporten` (beat, every minute) hands over later.
    verstuurd_op = models.DateTimeField(_("aan de achtergronddienst gegeven op"), null=True, blank=True)

    objects = RapportQuerySet.as_manager()

    class Meta:
        verbose_name = _("rapport")
        verbose_name_plural = _("rapporten")
        ordering = ["-periode_van", "soort", "scope__naam", "-pk"]
        constraints = [
            # One row per (region, kind, period, scope). Two partial constraints instead of one with
            # nulls_distinct=False, which SQLite (the demo) does not support: NULL scopes would
            # otherwise never collide.
            models.UniqueConstraint(
                fields=["regio", "soort", "periode_van", "periode_tot", "scope"],
                condition=Q(scope__isnull=False),
                name="rapport_uniek_per_gemeente",
            ),
            models.UniqueConstraint(
                fields=["regio", "soort", "periode_van", "periode_tot"],
                condition=Q(scope__isnull=True),
                name="rapport_uniek_per_regio",
            ),
            models.CheckConstraint(
                condition=Q(soort="kwartaal", scope__isnull=True) | Q(soort="maand", scope__isnull=False),
                name="rapport_scope_past_bij_soort",
            ),
            models.CheckConstraint(
                condition=Q(periode_tot__gte=models.F("periode_van")), name="rapport_periode_op_volgorde"
            ),
            models.CheckConstraint(condition=Q(voortgang__lte=100), name="rapport_voortgang_max_100"),
        ]
        indexes = [models.Index(fields=["regio", "soort", "periode_van"], name="rapport_regio_soort_periode")]

    def __str__(self) -> str:
        return self.titel

    @property
    def periode_label(self) -> str:
        if self.soort == RapportSoort.KWARTAAL:
            return f"K{(self.periode_van.month - 1) // 3 + 1} {self.periode_van.year}"
        return datums.maand_voluit(self.periode_van)

    @property
    def titel(self) -> str:
        if self.soort == RapportSoort.KWARTAAL:
            return f"Kwartaalrapportage {self.regio.naam} {self.periode_label}"
        return f"Maandrapportage {self.scope.naam if self.scope_id else ''} {self.periode_label}".replace("  ", " ")

    @property
    def is_lopend(self) -> bool:
        return self.status in LOPENDE_STATUSSEN

    @property
    def wacht_op_achtergronddienst(self) -> bool:
        """Queued, but the broker could not be reached yet: nothing is building it right now."""
        return self.status == RapportStatus.WACHTRIJ and self.verstuurd_op is None

    @property
    def is_klaar(self) -> bool:
        return self.status == RapportStatus.KLAAR and bool(self.bestand)

    @property
    def downloadnaam(self) -> str:
        return self.bestand.rsplit("/", 1)[-1] if self.bestand else ""


class AbonnementQuerySet(models.QuerySet):
    def voor_rapport(self, rapport: Rapport) -> AbonnementQuerySet:
        """Subscriptions that cover this report: same region and kind, and its gemeente or all of them."""
        return self.filter(regio_id=rapport.regio_id, soort=rapport.soort).filter(
            Q(scope__isnull=True) | Q(scope_id=rapport.scope_id)
        )


class Abonnement(models.Model):
    """An e-mail when a report of this kind (and gemeente, or any) is ready. Only a link, never the file."""

    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rapportabonnementen"
    )
    regio = models.ForeignKey(Regio, on_delete=models.CASCADE, related_name="+")
    soort = models.CharField(_("soort"), max_length=10, choices=RapportSoort.choices)
    # Monthly reports: one gemeente, or empty for all gemeenten of the region (projectleider).
    scope = models.ForeignKey(
        Organisatie, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("gemeente")
    )
    aangemaakt_op = models.DateTimeField(default=timezone.now, editable=False)

    objects = AbonnementQuerySet.as_manager()

    class Meta:
        verbose_name = _("abonnement")
        verbose_name_plural = _("abonnementen")
        ordering = ["soort", "scope__naam"]
        constraints = [
            models.UniqueConstraint(
                fields=["gebruiker", "regio", "soort", "scope"],
                condition=Q(scope__isnull=False),
                name="abonnement_uniek_per_gemeente",
            ),
            models.UniqueConstraint(
                fields=["gebruiker", "regio", "soort"],
                condition=Q(scope__isnull=True),
                name="abonnement_uniek_per_regio",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.gebruiker} — {self.get_soort_display()} {self.scope or ''}".strip()
