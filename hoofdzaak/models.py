"""Core models: the region (tenant), its organisations, users, memberships and target."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, Group, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import connections, models
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# URL prefixes outside the regions; a region slug may not take one of them.
GERESERVEERDE_SLUGS = frozenset({"account", "platformbeheer", "gezondheid", "static", "media"})


def valideer_regio_slug(slug: str) -> None:
    if slug in GERESERVEERDE_SLUGS:
        raise ValidationError(_("Deze slug is gereserveerd voor het portaal zelf."))


class Regio(models.Model):
    """A labour-market region: the tenant. Nothing crosses from one region to another."""

    naam = models.CharField(_("naam"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True, validators=[valideer_regio_slug])
    code = models.CharField(
        _("code"),
        max_length=4,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{2,4}$", _("Gebruik 2 tot 4 hoofdletters, bijvoorbeeld HR."))],
        help_text=_("Voorvoegsel van de deelnemernummers, bijvoorbeeld HR in HR-2026-0042."),
    )

    class Meta:
        verbose_name = _("regio")
        verbose_name_plural = _("regio's")
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam


class Soort(models.TextChoices):
    GEMEENTE = "gemeente", _("Gemeente")
    UWV = "uwv", _("UWV")
    GGZ = "ggz", _("GGZ-aanbieder")
    PEER_SUPPORT = "peer_support", _("Peer support / ervaringsdeskundigheid")
    REINTEGRATIE = "reintegratie", _("Re-integratiebedrijf")
    WSP = "wsp", _("Werkgeversservicepunt")
    PROGRAMMABUREAU = "programmabureau", _("Programmabureau")


class Rol(models.TextChoices):
    PROJECTLEIDER = "projectleider", _("Projectleider")
    TRAJECTBEGELEIDER = "trajectbegeleider", _("Trajectbegeleider")
    KLANTMANAGER = "klantmanager", _("Klantmanager")
    PEER_SUPPORTER = "peer_supporter", _("Peer supporter")
    WERKGEVERSADVISEUR = "werkgeversadviseur", _("Werkgeversadviseur")
    BESTUURDER = "bestuurder", _("Bestuurder")


# Which roles a membership may hold at which kind of organisation (DESIGN.md §1, "works at").
ROLLEN_PER_SOORT: dict[str, frozenset[str]] = {
    Soort.GEMEENTE: frozenset({Rol.PROJECTLEIDER, Rol.KLANTMANAGER, Rol.WERKGEVERSADVISEUR, Rol.BESTUURDER}),
    Soort.UWV: frozenset({Rol.TRAJECTBEGELEIDER, Rol.KLANTMANAGER, Rol.WERKGEVERSADVISEUR, Rol.BESTUURDER}),
    Soort.GGZ: frozenset({Rol.TRAJECTBEGELEIDER, Rol.BESTUURDER}),
    Soort.PEER_SUPPORT: frozenset({Rol.PEER_SUPPORTER}),
    Soort.REINTEGRATIE: frozenset({Rol.TRAJECTBEGELEIDER}),
    Soort.WSP: frozenset({Rol.WERKGEVERSADVISEUR}),
    Soort.PROGRAMMABUREAU: frozenset({Rol.PROJECTLEIDER}),
}


class OrganisatieQuerySet(models.QuerySet):
    def in_regio(self, regio: Regio) -> OrganisatieQuerySet:
        return self.filter(regio=regio)

    def gemeenten(self) -> OrganisatieQuerySet:
        return self.filter(soort=Soort.GEMEENTE)


class Organisatie(models.Model):
    regio = models.ForeignKey(Regio, on_delete=models.PROTECT, related_name="organisaties", verbose_name=_("regio"))
    naam = models.CharField(_("naam"), max_length=150)
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices)
    cbs_code = models.CharField(
        _("CBS-gemeentecode"),
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^GM\d{4}$", _("Een CBS-gemeentecode heeft de vorm GM0546."))],
    )
    # The group of this organisation's case-handling staff; participant grants go to it.
    groep = models.OneToOneField(Group, on_delete=models.PROTECT, related_name="organisatie", editable=False)
    # A provider's own norm for the worklist (trajecten.werklijst): after how many days without contact a
    # participant shows up on its begeleider's list.
    dagen_zonder_contact = models.PositiveSmallIntegerField(
        _("dagen zonder contact"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_("Voor trajectaanbieders: na zoveel dagen zonder contact komt een deelnemer op de werklijst."),
    )

    objects = OrganisatieQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["naam"]
        constraints = [
            models.UniqueConstraint(fields=["regio", "naam"], name="organisatie_naam_uniek_per_regio"),
            models.UniqueConstraint(
                fields=["regio", "cbs_code"],
                condition=~models.Q(cbs_code=""),
                name="organisatie_cbs_code_uniek_per_regio",
            ),
            models.CheckConstraint(
                condition=models.Q(soort="gemeente") | models.Q(cbs_code=""),
                name="organisatie_cbs_code_alleen_voor_gemeente",
            ),
        ]

    def __str__(self) -> str:
        return self.naam

    @property
    def toegestane_rollen(self) -> list[tuple[str, str]]:
        allowed = ROLLEN_PER_SOORT[self.soort]
        return [(value, label) for value, label in Rol.choices if value in allowed]


class GebruikerManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("Een e-mailadres is verplicht.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username: str):
        return self.get(email__iexact=username)


class Gebruiker(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mailadres"), unique=True)
    naam = models.CharField(_("naam"), max_length=150)
    is_active = models.BooleanField(_("actief"), default=True)
    is_staff = models.BooleanField(
        _("platformbeheerder"),
        default=False,
        help_text=_("Mag inloggen in het platformbeheer (Django admin)."),
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=timezone.now)

    objects = GebruikerManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["naam"]

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["naam", "email"]

    def __str__(self) -> str:
        return self.naam or self.email

    def get_full_name(self) -> str:
        return self.naam

    def get_short_name(self) -> str:
        return self.naam.split(" ")[0] if self.naam else self.email


class LidmaatschapQuerySet(models.QuerySet):
    def actief(self) -> LidmaatschapQuerySet:
        return self.filter(actief=True, gebruiker__is_active=True)

    def in_regio(self, regio: Regio) -> LidmaatschapQuerySet:
        return self.filter(regio=regio)

    def gefilterd(
        self, *, zoek: str = "", organisatie: Organisatie | None = None, rol: str = "", status: str = ""
    ) -> LidmaatschapQuerySet:
        qs = self
        if zoek:
            qs = qs.filter(models.Q(gebruiker__naam__icontains=zoek) | models.Q(gebruiker__email__icontains=zoek))
        if organisatie:
            qs = qs.filter(organisatie=organisatie)
        if rol:
            qs = qs.filter(rol=rol)
        if status:
            qs = qs.filter(actief=status == "actief")
        return qs


class Lidmaatschap(models.Model):
    """A user's role at one organisation. Tenant-scoped: `regio` always equals `organisatie.regio`."""

    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="lidmaatschappen",
        verbose_name=_("gebruiker"),
    )
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="lidmaatschappen", verbose_name=_("organisatie")
    )
    regio = models.ForeignKey(Regio, on_delete=models.PROTECT, related_name="lidmaatschappen", editable=False)
    rol = models.CharField(_("rol"), max_length=30, choices=Rol.choices)
    actief = models.BooleanField(_("actief"), default=True)
    # A trajectbegeleider who leads its provider's team: may hand any colleague's caseload over, where a
    # begeleider hands over only its own (trajecten.actions.draag_over). A capability of the role at that
    # organisation, not a role of its own: it sees and does nothing else. Ignored for other roles.
    teamleider = models.BooleanField(
        _("teamleider"),
        default=False,
        help_text=_("Alleen voor trajectbegeleiders: mag de caseload van collega's overdragen."),
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = LidmaatschapQuerySet.as_manager()

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        ordering = ["regio", "organisatie__naam", "gebruiker__naam"]
        constraints = [
            models.UniqueConstraint(fields=["gebruiker", "organisatie", "rol"], name="lidmaatschap_uniek"),
        ]
        indexes = [models.Index(fields=["gebruiker", "regio", "actief"], name="lidmaatschap_gebruiker_regio")]

    def __str__(self) -> str:
        return f"{self.gebruiker} — {self.get_rol_display()} bij {self.organisatie}"

    @property
    def is_teamleider(self) -> bool:
        return self.teamleider and self.rol == Rol.TRAJECTBEGELEIDER


class Doelstelling(models.Model):
    """The region's yearly target of new trajectories (covenant: at least 100)."""

    regio = models.ForeignKey(Regio, on_delete=models.CASCADE, related_name="doelstellingen", verbose_name=_("regio"))
    jaar = models.PositiveSmallIntegerField(_("jaar"), validators=[MinValueValidator(2020)])
    aantal = models.PositiveIntegerField(_("aantal nieuwe trajecten"), default=100, validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("doelstelling")
        verbose_name_plural = _("doelstellingen")
        ordering = ["regio", "-jaar"]
        constraints = [models.UniqueConstraint(fields=["regio", "jaar"], name="doelstelling_uniek_per_jaar")]

    def __str__(self) -> str:
        return f"{self.regio}: {self.aantal} in {self.jaar}"


# Organisations that can take a part of the target besides the gemeenten: those that provide trajectories
# (`Traject.aanbieder`; trajecten.actions.AANBIEDER_SOORTEN). A partner's part counts the trajectories it provides.
DOELPARTNER_SOORTEN = (Soort.UWV, Soort.GGZ, Soort.REINTEGRATIE)


class DoelversieQuerySet(models.QuerySet):
    def in_regio(self, regio: Regio) -> DoelversieQuerySet:
        return self.filter(regio=regio)


class Doelversie(models.Model):
    """One setting of a region's yearly target and its split (issue 15 point 2). Never changed: every
    change by the projectleider is a new version, so earlier targets and splits stay readable with who set
    them and when. The latest version is the one in force; `Doelstelling` holds its total for the figures."""

    regio = models.ForeignKey(Regio, on_delete=models.CASCADE, related_name="doelversies", verbose_name=_("regio"))
    jaar = models.PositiveSmallIntegerField(_("jaar"), validators=[MinValueValidator(2020)])
    versie = models.PositiveIntegerField(_("versie"))
    aantal = models.PositiveIntegerField(_("doel van de regio"), validators=[MinValueValidator(1)])
    gezet_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("gezet door")
    )
    # The name as it was when the target was set: the history keeps saying who, also after the account is gone.
    gezet_door_naam = models.CharField(_("naam van wie het doel zette"), max_length=200, blank=True)
    gezet_op = models.DateTimeField(_("gezet op"), default=timezone.now)

    objects = DoelversieQuerySet.as_manager()

    class Meta:
        verbose_name = _("doelversie")
        verbose_name_plural = _("doelversies")
        ordering = ["regio", "jaar", "-versie"]
        constraints = [models.UniqueConstraint(fields=["regio", "jaar", "versie"], name="doelversie_uniek")]

    def __str__(self) -> str:
        return f"{self.regio}: {self.aantal} in {self.jaar} (versie {self.versie})"


class Doeldeel(models.Model):
    """The part of a target version taken by one gemeente or partner of the region."""

    versie = models.ForeignKey(Doelversie, on_delete=models.CASCADE, related_name="delen", verbose_name=_("versie"))
    regio = models.ForeignKey(Regio, on_delete=models.CASCADE, related_name="+", editable=False)
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="doeldelen", verbose_name=_("organisatie")
    )
    aantal = models.PositiveIntegerField(_("aantal"))

    class Meta:
        verbose_name = _("deel van het doel")
        verbose_name_plural = _("delen van het doel")
        constraints = [models.UniqueConstraint(fields=["versie", "organisatie"], name="doeldeel_uniek")]

    def __str__(self) -> str:
        return f"{self.organisatie}: {self.aantal}"


class AuditActie(models.TextChoices):
    LEZEN = "lezen", _("Lezen")
    ZOEKEN = "zoeken", _("Zoeken")
    AANMAKEN = "aanmaken", _("Aanmaken")
    WIJZIGEN = "wijzigen", _("Wijzigen")
    VERWIJDEREN = "verwijderen", _("Verwijderen")
    EXPORT = "export", _("Export")
    AFDRUK = "afdruk", _("Afdruk")
    GEWEIGERD = "geweigerd", _("Geweigerd")
    INLOGGEN = "inloggen", _("Inloggen")
    INLOGGEN_MISLUKT = "inloggen_mislukt", _("Inloggen mislukt")
    INLOGGEN_GEBLOKKEERD = "inloggen_geblokkeerd", _("Inloggen geblokkeerd")
    UITLOGGEN = "uitloggen", _("Uitloggen")
    OPGESCHOOND = "opgeschoond", _("Opgeschoond (bewaartermijn)")


def naam_van(model: type[models.Model], veld: str) -> models.Subquery:
    """The `naam` of the `model` row whose key is in the field `veld` of the outer query, as a subquery: for a grouped
    count that shows a name per group (a begeleider, a provider). PostgreSQL looks the name up once per group, by
    key; joining the table before grouping made it read and hash every user (or organisation) of the portal."""
    return models.Subquery(model.objects.filter(pk=models.OuterRef(veld)).order_by().values("naam")[:1])


def _grens(moment: datetime.date | datetime.datetime, *, tot_en_met: bool = False) -> datetime.datetime:
    """A date stands for the start of that day (or of the next, for an inclusive end) in local time."""
    if isinstance(moment, datetime.datetime):
        return moment
    if tot_en_met:
        moment += datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(moment, datetime.time.min))


class _Woorden(models.Func):
    """PostgreSQL: the space-separated numbers of `getoonde_nummers` as an array (the expression of the GIN index
    `auditregel_getoonde_nummers`, migration 0014; the query must use the same expression to use it)."""

    function = "string_to_array"
    template = "%(function)s(%(expressions)s, ' ')"

    def __init__(self, veld: str) -> None:
        from django.contrib.postgres.fields import ArrayField

        super().__init__(models.F(veld), output_field=ArrayField(models.TextField()))


def _met_index(db: str) -> bool:
    return connections[db].vendor == "postgresql"


class AuditRegelQuerySet(models.QuerySet):
    def in_regio(self, regio: Regio) -> AuditRegelQuerySet:
        return self.filter(regio=regio)

    def voor_deelnemer(self, regio: Regio, nummer: str) -> AuditRegelQuerySet:
        """The rows about one participant's record (its page, forms, exports, changes)."""
        return self.in_regio(regio).filter(deelnemer_nummer=nummer.strip().upper())

    def over_deelnemer(self, regio: Regio, nummer: str) -> AuditRegelQuerySet:
        """Every row that shows one participant was seen: those about its record and the list views that showed
        it (`getoonde_nummers`, one row per list). The participant's own access log (AVG art. 15) and the audit
        log search on a number use this."""
        return self.in_regio(regio).toont(nummer)

    def toont(self, nummer: str) -> AuditRegelQuerySet:
        nummer = nummer.strip().upper()
        if _met_index(self.db):
            in_lijst = models.Q(getoonde_lijst__contains=[nummer]) & ~models.Q(getoonde_nummers="")
            return self.alias(getoonde_lijst=_Woorden("getoonde_nummers")).filter(
                models.Q(deelnemer_nummer=nummer) | in_lijst
            )
        # SQLite (the demo): the same, by text.
        in_lijst = (
            models.Q(getoonde_nummers=nummer)
            | models.Q(getoonde_nummers__startswith=f"{nummer} ")
            | models.Q(getoonde_nummers__endswith=f" {nummer}")
            | models.Q(getoonde_nummers__contains=f" {nummer} ")
        )
        return self.filter(models.Q(deelnemer_nummer=nummer) | in_lijst)

    def gezocht(
        self,
        *,
        nummer: str = "",
        gebruiker_email: str = "",
        van: datetime.date | datetime.datetime | None = None,
        tot: datetime.date | datetime.datetime | None = None,
    ) -> AuditRegelQuerySet:
        """Filter on participant number, user and period.

        `van` is inclusive; `tot` as a date includes that whole day, as a datetime it is exclusive.
        """
        qs = self
        if nummer:
            qs = qs.toont(nummer)
        if gebruiker_email:
            email = gebruiker_email.strip().lower()
            # Rows keep the address the user had when acting; the user's current address finds them too.
            huidige = Gebruiker.objects.filter(email__iexact=email).values("pk")
            qs = qs.filter(models.Q(gebruiker_email=email) | models.Q(gebruiker_id__in=huidige))
        if van:
            qs = qs.filter(tijdstip__gte=_grens(van))
        if tot:
            qs = qs.filter(tijdstip__lt=_grens(tot, tot_en_met=True))
        return qs


class AuditRegel(models.Model):
    """One NEN 7513 audit log row (DESIGN.md §4). Written only through `hoofdzaak.audit.log`.

    Append-only: on PostgreSQL a trigger refuses UPDATE and DELETE (migration 0003); each row's
    `hash` covers its fields and the previous row's hash, so `manage.py controleer_auditlog` finds
    any change. Users and organisations are kept as plain ids plus a readable copy, so rows outlive
    them and never block their deletion.
    """

    tijdstip = models.DateTimeField(_("tijdstip"), default=timezone.now, db_default=Now())
    gebruiker_id = models.BigIntegerField(_("gebruiker-id"), null=True, blank=True)
    gebruiker_email = models.CharField(_("e-mailadres gebruiker"), max_length=254, blank=True)
    organisatie_id = models.BigIntegerField(_("organisatie-id"), null=True, blank=True)
    organisatie_naam = models.CharField(_("organisatie"), max_length=150, blank=True)
    rol = models.CharField(_("rol"), max_length=30, choices=Rol.choices, blank=True)
    regio = models.ForeignKey(
        Regio,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("regio"),
    )
    actie = models.CharField(_("actie"), max_length=20, choices=AuditActie.choices)
    deelnemer_nummer = models.CharField(_("deelnemernummer"), max_length=30, blank=True)
    grondslag = models.CharField(_("grondslag"), max_length=40, blank=True)
    object_type = models.CharField(_("soort object"), max_length=40, blank=True)
    object_id = models.CharField(_("object-id"), max_length=64, blank=True)
    omschrijving = models.CharField(_("omschrijving"), max_length=500, blank=True)
    ip = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    request_id = models.CharField(_("request-id"), max_length=64, blank=True)
    # Sent by the client (X-Request-ID): kept for correlating with its logs, never trusted as an identifier.
    client_request_id = models.CharField(_("request-id van de client (niet vertrouwd)"), max_length=64, blank=True)
    # What the user typed into a search, apart from the description: shown only to roles that may see names.
    zoekterm = models.CharField(_("zoekterm"), max_length=200, blank=True)
    # The participant numbers a list view showed (space-separated): one row per list, not one per participant.
    getoonde_nummers = models.TextField(_("getoonde deelnemernummers"), blank=True)
    vorige_hash = models.CharField(_("vorige hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64)

    objects = AuditRegelQuerySet.as_manager()

    class Meta:
        verbose_name = _("auditregel")
        verbose_name_plural = _("auditregels")
        ordering = ["-tijdstip", "-id"]
        indexes = [
            models.Index(fields=["regio", "tijdstip"], name="auditregel_regio_tijdstip"),
            # With id, the newest rows of one record (ordering -tijdstip, -id) are read in index order.
            models.Index(fields=["regio", "deelnemer_nummer", "tijdstip", "id"], name="auditregel_regio_dn_tijd_id"),
            models.Index(fields=["regio", "gebruiker_id", "tijdstip"], name="auditregel_regio_gebruiker"),
        ]

    def __str__(self) -> str:
        return f"{self.tijdstip:%Y-%m-%d %H:%M:%S} {self.actie} {self.gebruiker_email or '-'}"


class Sessie(models.Model):
    """A signed-in session of a user (hoofdzaak.security).

    The session store cannot be searched by user, so this registry is what lets deactivating a user
    or revoking a membership end that user's sessions at once. Filled on login, pruned on logout.
    """

    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sessies", verbose_name=_("gebruiker")
    )
    sessie_sleutel = models.CharField(_("sessiesleutel"), max_length=40, unique=True)
    ingelogd_op = models.DateTimeField(_("ingelogd op"), default=timezone.now)

    class Meta:
        verbose_name = _("sessie")
        verbose_name_plural = _("sessies")
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.gebruiker_id} sinds {self.ingelogd_op:%Y-%m-%d %H:%M}"


class MeldingSoort(models.TextChoices):
    """What a notification (hoofdzaak.meldingen) is about; e-mail preferences are per kind."""

    AANMELDING_GEACCEPTEERD = "aanmelding_geaccepteerd", _("Je aanmelding is geaccepteerd")
    AANMELDING_AFGEWEZEN = "aanmelding_afgewezen", _("Je aanmelding is afgewezen")
    TRAJECT_GESTART = "traject_gestart", _("Een traject dat je aanmeldde is gestart")
    GEPLAATST = "geplaatst", _("Een deelnemer die je aanmeldde heeft werk")
    TRAJECT_BEEINDIGD = "traject_beeindigd", _("Een traject dat je aanmeldde is beëindigd")
    AANMELDING_ONTVANGEN = "aanmelding_ontvangen", _("Nieuwe aanmelding voor je organisatie")
    TOESTEMMING_INGETROKKEN = "toestemming_ingetrokken", _("Een toestemming is ingetrokken")
    OVERGEDRAGEN = "overgedragen", _("Er is een deelnemer aan je overgedragen")
    TRAJECT_ELDERS = "traject_elders", _("Een deelnemer van je heeft ook een traject elders")
    OVERDRACHT_GEVRAAGD = "overdracht_gevraagd", _("Een andere aanbieder vraagt om een overdracht")
    RAPPORT_TER_GOEDKEURING = "rapport_ter_goedkeuring", _("Een rapportage wacht op goedkeuring")


class Melding(models.Model):
    """One notification for one user. `tekst` is shown in the portal only, to its recipient; e-mails
    never carry it (hoofdzaak.meldingen), only the kind and a link."""

    regio = models.ForeignKey(Regio, on_delete=models.CASCADE, related_name="+")
    ontvanger = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meldingen")
    soort = models.CharField(_("soort"), max_length=40, choices=MeldingSoort.choices)
    tekst = models.CharField(_("tekst"), max_length=500)
    url = models.CharField(_("link"), max_length=300, blank=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    gelezen_op = models.DateTimeField(_("gelezen op"), null=True, blank=True)
    # Set in the same transaction that sends the e-mail: a retried task finds it set and sends nothing.
    gemaild_op = models.DateTimeField(_("gemaild op"), null=True, blank=True)

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-aangemaakt_op", "-pk"]
        default_permissions = ()
        indexes = [
            models.Index(fields=["ontvanger", "regio", "gelezen_op"], name="melding_ontvanger_gelezen"),
            models.Index(fields=["ontvanger", "regio", "aangemaakt_op"], name="melding_ontvanger_tijd"),
        ]

    def __str__(self) -> str:
        return f"{self.soort} voor {self.ontvanger_id}"


class MeldingWijze(models.TextChoices):
    GEEN = "geen", _("Geen e-mail")
    DIRECT = "direct", _("Direct een e-mail")
    DAGELIJKS = "dagelijks", _("Eén e-mail per dag")


class MeldingVoorkeur(models.Model):
    """Opt-in: a user gets e-mail for a kind of notification only with a row here saying how."""

    gebruiker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meldingvoorkeuren")
    soort = models.CharField(_("soort"), max_length=40, choices=MeldingSoort.choices)
    wijze = models.CharField(_("e-mail"), max_length=10, choices=MeldingWijze.choices, default=MeldingWijze.GEEN)

    class Meta:
        verbose_name = _("meldingsvoorkeur")
        verbose_name_plural = _("meldingsvoorkeuren")
        default_permissions = ()
        constraints = [models.UniqueConstraint(fields=["gebruiker", "soort"], name="meldingvoorkeur_uniek")]

    def __str__(self) -> str:
        return f"{self.gebruiker_id} {self.soort}: {self.wijze}"


class OnbestelbaarAdres(models.Model):
    """An e-mail address mail to which bounced (recorded by `manage.py registreer_bounce`, e.g. from the mail
    server's bounce handling): the portal sends it nothing until it is restored, and the user's e-mail
    preferences page says so (hoofdzaak.meldingen). Per address, not per user: a corrected address is clean."""

    email = models.EmailField(_("e-mailadres"), unique=True)
    sinds = models.DateTimeField(_("onbestelbaar sinds"), default=timezone.now)
    reden = models.CharField(_("reden"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("onbestelbaar e-mailadres")
        verbose_name_plural = _("onbestelbare e-mailadressen")
        default_permissions = ()

    def __str__(self) -> str:
        return self.email


class Inzending(models.Model):
    """A used one-time submission key of a form that creates something, and where its result is.

    Every such form carries a fresh key (`hoofdzaak.forms.EenmaligForm`); `hoofdzaak.actions.voer_eenmalig_uit`
    stores it in the same transaction as the create, so a second POST with the same key — a double click, a
    reload, a retry on a slow connection, at once or later — gets the first result instead of a second record.
    """

    regio = models.ForeignKey(Regio, on_delete=models.CASCADE, related_name="+")
    gebruiker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sleutel = models.UUIDField(_("inzendsleutel"))
    resultaat_url = models.CharField(_("resultaat"), max_length=500, blank=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=timezone.now)

    class Meta:
        verbose_name = _("inzending")
        verbose_name_plural = _("inzendingen")
        default_permissions = ()
        constraints = [models.UniqueConstraint(fields=["regio", "gebruiker", "sleutel"], name="inzending_eenmalig")]

    def __str__(self) -> str:
        return f"{self.sleutel} → {self.resultaat_url}"
