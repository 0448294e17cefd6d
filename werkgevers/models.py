"""Employers, their contacts and vacancies: the region's demand side. No participant data here."""

from __future__ import annotations

import datetime
import operator
from functools import reduce

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hoofdzaak.keuzes import Sector
from hoofdzaak.models import Regio

kvk_validator = RegexValidator(
    r"^(?!0{8})\d{8}$", _("Een KvK-nummer bestaat uit precies 8 cijfers, bijvoorbeeld 12345678.")
)


class Betrokkenheid(models.TextChoices):
    BENADERD = "benaderd", _("Benaderd")
    IN_GESPREK = "in_gesprek", _("In gesprek")
    INCLUSIEF = "inclusief", _("Inclusieve werkgever (committed)")
    NIET_GEINTERESSEERD = "niet_geinteresseerd", _("Niet geïnteresseerd")


# How many words of a search term are used; more only make the query slower.
MAX_ZOEKWOORDEN = 5


def _zoek(qs: models.QuerySet, zoekterm: str, *velden: str) -> models.QuerySet:
    """Every word must occur in at least one of `velden` (case-insensitive)."""
    for woord in zoekterm.split()[:MAX_ZOEKWOORDEN]:
        qs = qs.filter(reduce(operator.or_, (Q(**{f"{veld}__icontains": woord}) for veld in velden)))
    return qs


def _aantal(queryset: models.QuerySet) -> models.Subquery:
    """The number of rows of `queryset` (filtered on an OuterRef) as a scalar subquery: COUNT without GROUP BY
    gives 0 for none."""
    return models.Subquery(
        queryset.order_by().annotate(aantal=models.Func(models.F("pk"), function="COUNT")).values("aantal"),
        output_field=models.IntegerField(),
    )


class WerkgeverQuerySet(models.QuerySet):
    def in_regio(self, regio: Regio) -> WerkgeverQuerySet:
        return self.filter(regio=regio)

    def met_tellingen(self) -> WerkgeverQuerySet:
        """Open vacancies and placements (all, and paid work only) per employer, in the same query.

        Each count is a correlated subquery on the foreign key's index rather than a COUNT DISTINCT over two
        joins: with the list's LIMIT, PostgreSQL evaluates them for the 25 rows of the page only (it
        postpones expensive output columns past the sort), where the joins grouped all of a region's
        employers with their vacancies and placements first; and the paginator's COUNT leaves them out.
        `plaatsingen` is the reverse name of trajecten.Plaatsing.werkgever: its model is taken from the
        relation so this app does not import trajecten.
        """
        plaatsing = self.model._meta.get_field("plaatsingen").related_model
        open_vacatures = Vacature.objects.filter(werkgever=models.OuterRef("pk")).open()
        plaatsingen = plaatsing.objects.filter(werkgever=models.OuterRef("pk"))
        return self.annotate(
            aantal_open_vacatures=_aantal(open_vacatures),
            aantal_plaatsingen=_aantal(plaatsingen),
            aantal_betaalde_plaatsingen=_aantal(plaatsingen.filter(betaald=True)),
        )

    def gefilterd(
        self, *, zoek: str = "", betrokkenheid: str = "", sector: str = "", plaats: str = ""
    ) -> WerkgeverQuerySet:
        qs = _zoek(self, zoek, "naam", "kvk_nummer", "contactpersoon")
        if betrokkenheid:
            qs = qs.filter(betrokkenheid=betrokkenheid)
        if sector:
            qs = qs.filter(sector=sector)
        if plaats:
            qs = qs.filter(plaats=plaats)
        return qs


class Werkgever(models.Model):
    regio = models.ForeignKey(Regio, on_delete=models.PROTECT, related_name="werkgevers")
    naam = models.CharField(_("naam"), max_length=150)
    kvk_nummer = models.CharField(_("KvK-nummer"), max_length=8, validators=[kvk_validator])
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    plaats = models.CharField(_("plaats"), max_length=100)
    contactpersoon = models.CharField(_("contactpersoon"), max_length=150, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    telefoon = models.CharField(_("telefoon"), max_length=20, blank=True)
    betrokkenheid = models.CharField(
        _("betrokkenheid"), max_length=20, choices=Betrokkenheid.choices, default=Betrokkenheid.BENADERD
    )
    accountmanager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="werkgevers",
        verbose_name=_("accountmanager"),
    )
    versie = models.PositiveIntegerField(default=1, editable=False)
    aangemaakt_op = models.DateTimeField(default=timezone.now, editable=False)

    objects = WerkgeverQuerySet.as_manager()

    class Meta:
        verbose_name = _("werkgever")
        verbose_name_plural = _("werkgevers")
        ordering = ["naam"]
        constraints = [models.UniqueConstraint(fields=["regio", "kvk_nummer"], name="werkgever_kvk_uniek_per_regio")]
        indexes = [models.Index(fields=["regio", "naam"], name="werkgever_regio_naam")]

    def __str__(self) -> str:
        return self.naam


class Werkgeverscontact(models.Model):
    class Soort(models.TextChoices):
        BEZOEK = "bezoek", _("Bedrijfsbezoek")
        TELEFONISCH = "telefonisch", _("Telefonisch")
        EMAIL = "email", _("E-mail")
        EVENEMENT = "evenement", _("Netwerkbijeenkomst")

    regio = models.ForeignKey(Regio, on_delete=models.PROTECT, related_name="+")
    werkgever = models.ForeignKey(Werkgever, on_delete=models.CASCADE, related_name="contacten")
    datum = models.DateField(_("datum"))
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    notitie = models.TextField(_("notitie"), blank=True, max_length=5000)
    aangemaakt_op = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("werkgeverscontact")
        verbose_name_plural = _("werkgeverscontacten")
        ordering = ["-datum", "-pk"]
        # The company visits of the region's begeleiders in a period (rapportage.figuren.modeltrouw).
        indexes = [models.Index(fields=["regio", "soort", "datum", "door"], name="wgcontact_regio_soort_datum")]

    def __str__(self) -> str:
        return f"{self.werkgever} op {self.datum}"


class VacatureStatus(models.TextChoices):
    OPEN = "open", _("Open")
    VERVULD = "vervuld", _("Vervuld")
    GESLOTEN = "gesloten", _("Gesloten")


# Not a stored status: an open vacancy whose closing date has passed (filter value and badge).
VERLOPEN = "verlopen"

UREN_VOLGORDE_FOUT = _("Vul bij ‘tot en met’ minstens evenveel uren in als bij ‘vanaf’.")


class VacatureQuerySet(models.QuerySet):
    def in_regio(self, regio: Regio) -> VacatureQuerySet:
        return self.filter(regio=regio)

    def open(self, vandaag: datetime.date | None = None) -> VacatureQuerySet:
        """Open, and not closed before `vandaag` (default: today)."""
        return self.filter(status=VacatureStatus.OPEN).filter(
            Q(sluitingsdatum__isnull=True) | Q(sluitingsdatum__gte=vandaag or timezone.localdate())
        )

    def verlopen(self) -> VacatureQuerySet:
        """Still marked open, but the closing date has passed."""
        return self.filter(status=VacatureStatus.OPEN, sluitingsdatum__lt=timezone.localdate())

    def open_eerst(self) -> VacatureQuerySet:
        volgorde = models.Case(
            *(models.When(status=status, then=models.Value(i)) for i, status in enumerate(VacatureStatus.values)),
            default=models.Value(len(VacatureStatus.values)),
        )
        return self.order_by(volgorde, "-aangemaakt_op", "-pk")

    def gefilterd(self, *, zoek: str = "", status: str = "", sector: str = "", plaats: str = "") -> VacatureQuerySet:
        qs = _zoek(self, zoek, "titel", "werkgever__naam")
        if status == VacatureStatus.OPEN:
            qs = qs.open()
        elif status == VERLOPEN:
            qs = qs.verlopen()
        elif status:
            qs = qs.filter(status=status)
        if sector:
            qs = qs.filter(sector=sector)
        if plaats:
            qs = qs.filter(plaats=plaats)
        return qs


class Vacature(models.Model):
    regio = models.ForeignKey(Regio, on_delete=models.PROTECT, related_name="vacatures")
    werkgever = models.ForeignKey(Werkgever, on_delete=models.CASCADE, related_name="vacatures")
    titel = models.CharField(_("titel"), max_length=150)
    omschrijving = models.TextField(_("omschrijving"), blank=True, max_length=5000)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    uren_van = models.PositiveSmallIntegerField(
        _("uren per week vanaf"), validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    uren_tot = models.PositiveSmallIntegerField(
        _("uren per week tot en met"), validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    plaats = models.CharField(_("plaats"), max_length=100)
    status = models.CharField(_("status"), max_length=20, choices=VacatureStatus.choices, default=VacatureStatus.OPEN)
    sluitingsdatum = models.DateField(_("sluitingsdatum"), null=True, blank=True)
    wat_past = models.TextField(
        _("wat past"), blank=True, max_length=2000, help_text=_("Wat voor iemand past hier, welke aanpassingen kunnen.")
    )
    versie = models.PositiveIntegerField(default=1, editable=False)
    aangemaakt_op = models.DateTimeField(default=timezone.now, editable=False)

    objects = VacatureQuerySet.as_manager()

    class Meta:
        verbose_name = _("vacature")
        verbose_name_plural = _("vacatures")
        ordering = ["-aangemaakt_op", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(uren_tot__gte=models.F("uren_van")), name="vacature_uren_op_volgorde"),
        ]
        indexes = [models.Index(fields=["regio", "status"], name="vacature_regio_status")]

    def __str__(self) -> str:
        return f"{self.titel} bij {self.werkgever}"

    @property
    def is_verlopen(self) -> bool:
        return (
            self.status == VacatureStatus.OPEN
            and self.sluitingsdatum is not None
            and self.sluitingsdatum < timezone.localdate()
        )

    @property
    def is_open(self) -> bool:
        return self.status == VacatureStatus.OPEN and (
            self.sluitingsdatum is None or self.sluitingsdatum >= timezone.localdate()
        )
