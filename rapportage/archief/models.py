"""Models of the report archive: every built PDF (`Rapport`) and who wants an e-mail when one is ready
(`Abonnement`).

The figures themselves are not stored: `rapportage.figuren` computes them from the trajectories each
time. A `Rapport` row is one version of the report on a (region, kind, period, scope) (issue 15 point 5,
DESIGN.md §6): built as a concept, approved by a projectleider (or automatically, for a monthly report
whose data-quality list is empty), and then frozen: its file and checksum never change again. Built
again, a concept is replaced in place; an approved version stays, and the rebuild makes version n+1
beside it. Bestuurders and subscribers see approved versions only. Each data-quality warning of a
concept must be acknowledged (`Waarschuwingserkenning`) before it can be approved.
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
# the region's quarterly reports and its own gemeente's or partner's monthly reports.
RAPPORT_ROLLEN = (Rol.PROJECTLEIDER, Rol.BESTUURDER)
# Partners whose bestuurder gets a monthly report of its own scope (issue 15 point 7).
PARTNER_SOORTEN = (Soort.UWV, Soort.GGZ, Soort.REINTEGRATIE, Soort.PEER_SUPPORT)


class RapportSoort(models.TextChoices):
    KWARTAAL = "kwartaal", _("Kwartaalrapportage (regio)")
    MAAND = "maand", _("Maandrapportage (gemeente)")
    ORGANISATIE = "organisatie", _("Maandrapportage (partner)")


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
        """The region's quarterly reports and, for a gemeente or a partner, its own monthly reports."""
        zichtbaar = Q(soort=RapportSoort.KWARTAAL)
        if organisatie.soort == Soort.GEMEENTE:
            zichtbaar |= Q(soort=RapportSoort.MAAND, scope=organisatie)
        if organisatie.soort in PARTNER_SOORTEN:
            zichtbaar |= Q(soort=RapportSoort.ORGANISATIE, scope=organisatie)
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
            # Approved versions only: a concept is the projectleider's until it is approved.
            return self.voor_bestuurder(lidmaatschap.organisatie).goedgekeurd()
        return self.none()

    def goedgekeurd(self) -> RapportQuerySet:
        return self.filter(goedgekeurd_op__isnull=False)

    def met_sleutel_van(self, rapport: Rapport) -> RapportQuerySet:
        """Every version of the same report: same region, kind, period and scope."""
        return self.filter(
            regio_id=rapport.regio_id,
            soort=rapport.soort,
            periode_van=rapport.periode_van,
            periode_tot=rapport.periode_tot,
            scope_id=rapport.scope_id,
        )

    def lopend(self) -> RapportQuerySet:
        return self.filter(status__in=LOPENDE_STATUSSEN)


class Rapport(models.Model):
    regio = models.ForeignKey(Regio, on_delete=models.PROTECT, related_name="rapporten", verbose_name=_("regio"))
    soort = models.CharField(_("soort"), max_length=12, choices=RapportSoort.choices)
    periode_van = models.DateField(_("periode vanaf"))
    # Inclusive: the last day of the month or quarter.
    periode_tot = models.DateField(_("periode tot en met"))
    # The gemeente (or partner) of a monthly report; empty for the region's quarterly report.
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

    # --- Versions and sign-off (issue 15 point 5) ---
    versie = models.PositiveSmallIntegerField(_("versie"), default=1)
    # The moment the figures were taken at (their peildatum); approval recomputes them at the same moment.
    cijfers_op = models.DateTimeField(_("cijfers berekend op"), null=True, blank=True)
    # The region's data version (`Cijferstand.versie`) read before the figures were computed (PostgreSQL).
    cijferstand = models.CharField(_("gegevensversie"), max_length=32, blank=True)
    # SHA-256 of every count in the document (before suppression): the figures' fingerprint.
    vingerafdruk = models.CharField(_("vingerafdruk van de cijfers"), max_length=64, blank=True)
    # The data-quality warnings of the build: [{"code", "tekst", "aantal"}]; only counts, no participants.
    waarschuwingen = models.JSONField(_("waarschuwingen"), default=list, blank=True)
    # The headline figures as printed (after suppression): {key: {"label", "tekst"}}.
    kerncijfers = models.JSONField(_("kerncijfers"), default=dict, blank=True)
    # Headline figures that differ from the previous approved version: [{"label", "oud", "nieuw"}].
    wijzigingen = models.JSONField(_("wijzigingen"), default=list, blank=True)
    vorige_versie = models.PositiveSmallIntegerField(_("vergeleken met versie"), null=True, blank=True)
    goedgekeurd_op = models.DateTimeField(_("goedgekeurd op"), null=True, blank=True)
    goedgekeurd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("goedgekeurd door"),
    )
    # Kept as text: the name stays on the version when the account is removed.
    goedgekeurd_door_naam = models.CharField(_("goedgekeurd door (naam)"), max_length=200, blank=True)
    automatisch_goedgekeurd = models.BooleanField(_("automatisch goedgekeurd"), default=False)

    objects = RapportQuerySet.as_manager()

    class Meta:
        verbose_name = _("rapport")
        verbose_name_plural = _("rapporten")
        ordering = ["-periode_van", "soort", "scope__naam", "-versie", "-pk"]
        constraints = [
            # One row per (region, kind, period, scope, version). Two partial constraints instead of one
            # with nulls_distinct=False, which SQLite (the demo) does not support: NULL scopes would
            # otherwise never collide.
            models.UniqueConstraint(
                fields=["regio", "soort", "periode_van", "periode_tot", "scope", "versie"],
                condition=Q(scope__isnull=False),
                name="rapport_uniek_per_gemeente",
            ),
            models.UniqueConstraint(
                fields=["regio", "soort", "periode_van", "periode_tot", "versie"],
                condition=Q(scope__isnull=True),
                name="rapport_uniek_per_regio",
            ),
            # Only a finished build with a checksum can be approved.
            models.CheckConstraint(
                condition=Q(goedgekeurd_op__isnull=True) | (Q(status="klaar") & ~Q(sha256="")),
                name="rapport_goedgekeurd_is_klaar",
            ),
            models.CheckConstraint(condition=Q(versie__gte=1), name="rapport_versie_vanaf_1"),
            models.CheckConstraint(
                condition=Q(soort="kwartaal", scope__isnull=True)
                | Q(soort__in=("maand", "organisatie"), scope__isnull=False),
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
    def is_maandrapport(self) -> bool:
        """A monthly report (of a gemeente or a partner): approved by itself when its data quality is clean."""
        return self.soort in (RapportSoort.MAAND, RapportSoort.ORGANISATIE)

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

    @property
    def is_goedgekeurd(self) -> bool:
        return self.goedgekeurd_op is not None

    @property
    def is_concept(self) -> bool:
        """Built, not (yet) approved: only the projectleider sees it."""
        return self.is_klaar and not self.is_goedgekeurd

    @property
    def versie_label(self) -> str:
        """ "versie 2, goedgekeurd door … op …": which version a reader has."""
        if not self.is_goedgekeurd:
            return f"versie {self.versie}, concept"
        wanneer = datums.datum_tijd(self.goedgekeurd_op)
        if self.automatisch_goedgekeurd:
            return f"versie {self.versie}, automatisch goedgekeurd op {wanneer} (geen datakwaliteitspunten)"
        door = self.goedgekeurd_door_naam or "een projectleider"
        return f"versie {self.versie}, goedgekeurd door {door} op {wanneer}"

    def waarschuwingen_met_erkenning(self) -> list[dict]:
        """The build's data-quality warnings, each with its acknowledgement for these figures (or None)."""
        erkend = {e.code: e for e in self.erkenningen.all() if e.vingerafdruk == self.vingerafdruk}
        return [{**w, "erkenning": erkend.get(w["code"])} for w in self.waarschuwingen]

    @property
    def open_waarschuwingen(self) -> list[dict]:
        """The build's data-quality warnings that nobody acknowledged yet (for these figures)."""
        return [
            {k: v for k, v in w.items() if k != "erkenning"}
            for w in self.waarschuwingen_met_erkenning()
            if w["erkenning"] is None
        ]


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
    soort = models.CharField(_("soort"), max_length=12, choices=RapportSoort.choices)
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


class Waarschuwingserkenning(models.Model):
    """A projectleider acknowledged one data-quality warning of a concept before approving it.

    Tied to the figures' fingerprint: a rebuilt concept with other figures asks again."""

    rapport = models.ForeignKey(Rapport, on_delete=models.CASCADE, related_name="erkenningen")
    regio = models.ForeignKey(Regio, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(_("waarschuwing"), max_length=40)
    aantal = models.PositiveIntegerField(_("aantal"))
    vingerafdruk = models.CharField(_("vingerafdruk van de cijfers"), max_length=64)
    toelichting = models.TextField(_("toelichting"), max_length=1000, blank=True)
    erkend_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    erkend_door_naam = models.CharField(_("erkend door (naam)"), max_length=200, blank=True)
    erkend_op = models.DateTimeField(_("erkend op"), default=timezone.now)

    class Meta:
        verbose_name = _("erkende waarschuwing")
        verbose_name_plural = _("erkende waarschuwingen")
        ordering = ["erkend_op", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["rapport", "code", "vingerafdruk"], name="erkenning_eenmaal_per_cijfers")
        ]

    def __str__(self) -> str:
        return f"{self.rapport} — {self.code}"
