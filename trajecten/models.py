"""Participants, their consents and trajectories: special-category personal data (AVG).

Not stored, on purpose: BSN, diagnoses, treatment details. Who may see a participant follows from
the grants in the direct-FK permission tables below, which `trajecten.toegang` derives from the
facts (provider, referrer, consents, peer assignment) and nothing else.
"""

from __future__ import annotations

import calendar
import datetime
import unicodedata
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from hoofdzaak.keuzes import Sector
from hoofdzaak.models import Organisatie, Regio
from werkgevers.models import Vacature, Werkgever

postcode_validator = RegexValidator(
    r"^[1-9][0-9]{3} ?(?!SA|SD|SS)[A-Z]{2}$", _("Vul een Nederlandse postcode in, bijvoorbeeld 2311 AB.")
)
telefoon_validator = RegexValidator(
    r"^(\+31|0031|0)[1-9][0-9 -]{7,12}$", _("Vul een Nederlands telefoonnummer in, bijvoorbeeld 06 12345678.")
)


class Uitkering(models.TextChoices):
    WW = "ww", _("WW")
    WIA_WGA = "wia_wga", _("WIA/WGA")
    WAJONG = "wajong", _("Wajong")
    PARTICIPATIEWET = "participatiewet", _("Participatiewet")
    ZW = "zw", _("Ziektewet")
    GEEN = "geen", _("Geen uitkering")


def _op_naam_of_nummer(woorden: list[str], pad: str = "") -> Q:
    """Every word must occur in the first name, last name or number: "Sanne de Vries" finds her."""
    voorwaarde = Q()
    for woord in woorden:
        voorwaarde &= (
            Q(**{f"{pad}voornaam__icontains": woord})
            | Q(**{f"{pad}achternaam__icontains": woord})
            | Q(**{f"{pad}nummer__icontains": woord})
        )
    return voorwaarde


def naamsleutel(naam: str) -> str:
    """A name as the duplicate check compares it: without diacritics, case or repeated spaces, tussenvoegsels
    as typed ("Van den  Berg" and "van den berg" are one name; "Zoë" and "Zoe" too)."""
    zonder_tekens = "".join(t for t in unicodedata.normalize("NFKD", naam) if not unicodedata.combining(t))
    return " ".join(zonder_tekens.casefold().split())


class DeelnemerQuerySet(models.QuerySet):
    def zoek(self, woorden: list[str]) -> DeelnemerQuerySet:
        return self.filter(_op_naam_of_nummer(woorden))

    def met_naam(self, *, voornaam: str, achternaam: str, geboortedatum: datetime.date) -> DeelnemerQuerySet:
        """Participants born on that day whose name equals this one by `naamsleutel`.

        The birth date narrows it down in SQL (a handful of rows per region); the names are compared in
        Python, the same on PostgreSQL and SQLite. Returns a queryset filtered on those primary keys."""
        gezocht = (naamsleutel(voornaam), naamsleutel(achternaam))
        kandidaten = self.filter(geboortedatum=geboortedatum).values_list("pk", "voornaam", "achternaam")
        return self.filter(pk__in=[pk for pk, v, a in kandidaten if (naamsleutel(v), naamsleutel(a)) == gezocht])


class Deelnemer(models.Model):
    regio = models.ForeignKey(Regio, on_delete=models.PROTECT, related_name="deelnemers")
    nummer = models.CharField(_("deelnemernummer"), max_length=20, editable=False)
    voornaam = models.CharField(_("voornaam"), max_length=80)
    achternaam = models.CharField(_("achternaam"), max_length=120)
    geboortedatum = models.DateField(_("geboortedatum"))
    woongemeente = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="inwoners", verbose_name=_("woongemeente")
    )
    postcode = models.CharField(_("postcode"), max_length=7, blank=True, validators=[postcode_validator])
    telefoon = models.CharField(_("telefoon"), max_length=20, blank=True, validators=[telefoon_validator])
    email = models.EmailField(_("e-mailadres"), blank=True)
    uitkering = models.CharField(_("uitkeringssituatie"), max_length=20, choices=Uitkering.choices)
    wens_sectoren = models.JSONField(_("gewenste sectoren"), default=list, blank=True)
    wens_uren = models.PositiveSmallIntegerField(
        _("gewenste uren per week"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    wens_plaats = models.CharField(_("gewenste werkplaats"), max_length=100, blank=True)
    peer_supporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="peer_deelnemers",
        verbose_name=_("peer supporter"),
    )
    # Optimistic locking: a form carries the version it was rendered with; a stale one is refused.
    versie = models.PositiveIntegerField(default=1, editable=False)
    aangemaakt_op = models.DateTimeField(default=timezone.now, editable=False)
    # Retention (trajecten/retentie.py): when the personal fields were anonymised, and how many
    # consents there were (the consent records themselves are deleted then).
    geanonimiseerd_op = models.DateTimeField(_("geanonimiseerd op"), null=True, blank=True, editable=False)
    aantal_toestemmingen = models.PositiveIntegerField(_("aantal toestemmingen"), null=True, blank=True, editable=False)
    # Whether a peer supporter was assigned when the record was anonymised (the assignment itself is
    # cleared): the share of trajectories with peer support must not change (rapportage.figuren).
    had_peer_supporter = models.BooleanField(_("had een peer supporter"), default=False, editable=False)
    # The match key (trajecten.koppeling): a keyed HMAC of region, normalised name and birth date, the same for
    # the records of one person at different organisations of the region. Cleared by anonymisation.
    koppelsleutel = models.CharField(_("koppelsleutel"), max_length=64, blank=True, default="", editable=False)
    # Which records are one person, for the figures' unique participants: shared with the record of the same
    # match key that came first, else its own. Random, so it outlives anonymisation.
    persoon = models.UUIDField(_("persoon"), default=uuid.uuid4, editable=False)

    objects = DeelnemerQuerySet.as_manager()

    class Meta:
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")
        default_permissions = ()
        permissions = [
            ("beheer_deelnemer", _("Volledig dossier (aanbieder)")),
            ("volg_deelnemer", _("Voortgang volgen (met toestemming)")),
            ("peer_deelnemer", _("Peer support (persoonlijk gekoppeld)")),
            ("historie_deelnemer", _("Eigen geschiedenis inzien (vorige aanbieder, tijdelijk)")),
        ]
        constraints = [models.UniqueConstraint(fields=["regio", "nummer"], name="deelnemer_nummer_uniek_per_regio")]
        indexes = [
            models.Index(fields=["regio", "achternaam", "geboortedatum"], name="deelnemer_dubbel_zoek"),
            models.Index(fields=["regio", "koppelsleutel"], name="deelnemer_koppelsleutel"),
        ]

    def __str__(self) -> str:
        return self.nummer

    @property
    def naam(self) -> str:
        return f"{self.voornaam} {self.achternaam}"

    @property
    def sector_labels(self) -> list[str]:
        return [Sector(waarde).label for waarde in self.wens_sectoren if waarde in Sector.values]


class DeelnemerUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Deelnemer, on_delete=models.CASCADE)


class DeelnemerGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Deelnemer, on_delete=models.CASCADE)


class DeelnemerNummerteller(models.Model):
    """The last number handed out per region and year (HR-2026-0042)."""

    regio = models.ForeignKey(Regio, on_delete=models.CASCADE)
    jaar = models.PositiveSmallIntegerField()
    laatste = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["regio", "jaar"], name="nummerteller_uniek")]

    def __str__(self) -> str:
        return f"{self.regio} {self.jaar}: {self.laatste}"


class ToestemmingQuerySet(models.QuerySet):
    def geldig_op(self, datum: datetime.date) -> ToestemmingQuerySet:
        return self.filter(gegeven_op__lte=datum, geldig_tot__gte=datum).filter(
            Q(ingetrokken_op__isnull=True) | Q(ingetrokken_op__gt=datum)
        )

    def geldig(self) -> ToestemmingQuerySet:
        return self.geldig_op(timezone.localdate())


class Toestemming(models.Model):
    """Consent to share progress with one receiving organisation. Never edited: withdrawal sets a
    date, renewal is a new record."""

    class Vorm(models.TextChoices):
        SCHRIFTELIJK = "schriftelijk", _("Schriftelijk")
        MONDELING = "mondeling", _("Mondeling")
        DIGITAAL = "digitaal", _("Digitaal")

    regio = models.ForeignKey(Regio, on_delete=models.PROTECT, related_name="+")
    deelnemer = models.ForeignKey(Deelnemer, on_delete=models.CASCADE, related_name="toestemmingen")
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="toestemmingen", verbose_name=_("ontvangende organisatie")
    )
    gegeven_op = models.DateField(_("gegeven op"))
    geldig_tot = models.DateField(_("geldig tot"))
    ingetrokken_op = models.DateField(_("ingetrokken op"), null=True, blank=True)
    vorm = models.CharField(_("vorm"), max_length=20, choices=Vorm.choices)
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("vastgelegd door")
    )
    aangemaakt_op = models.DateTimeField(default=timezone.now, editable=False)

    objects = ToestemmingQuerySet.as_manager()

    class Meta:
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")
        ordering = ["-gegeven_op", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(geldig_tot__gte=models.F("gegeven_op")), name="toestemming_data_op_volgorde"
            ),
            models.CheckConstraint(
                condition=Q(ingetrokken_op__isnull=True) | Q(ingetrokken_op__gte=models.F("gegeven_op")),
                name="toestemming_intrekking_na_geven",
            ),
        ]
        indexes = [models.Index(fields=["organisatie", "deelnemer"], name="toestemming_org_deelnemer")]

    def __str__(self) -> str:
        return f"{self.deelnemer} → {self.organisatie}"

    def is_geldig_op(self, datum: datetime.date) -> bool:
        return self.gegeven_op <= datum <= self.geldig_tot and (
            self.ingetrokken_op is None or self.ingetrokken_op > datum
        )

    @property
    def is_geldig(self) -> bool:
        return self.is_geldig_op(timezone.localdate())


class Methode(models.TextChoices):
    IPS = "ips", _("IPS (Individuele Plaatsing en Steun)")
    JOBCOACHING = "jobcoaching", _("Jobcoaching")
    UWV = "uwv", _("UWV-re-integratietraject")
    GEMEENTE = "gemeente", _("Gemeentelijk re-integratietraject")
    WERK_ALS_BESTE_ZORG = "werk_als_beste_zorg", _("Werk als beste zorg")
    ANDERS = "anders", _("Anders")


class Financieringsstroom(models.TextChoices):
    PARTICIPATIEWET = "participatiewet", _("Participatiewet (gemeente)")
    UWV = "uwv", _("UWV (WIA/WW/Wajong)")
    ZVW = "zvw", _("Zorgverzekeringswet (GGZ)")
    WMO = "wmo", _("Wmo")
    ESF = "esf", _("ESF / projectsubsidie")
    ANDERS = "anders", _("Anders")
    # A deliberate choice at intake or acceptance: the data-quality list flags it (and an empty legacy value).
    ONBEKEND = "onbekend", _("Onbekend (nog uitzoeken)")


class TrajectStatus(models.TextChoices):
    AANGEMELD = "aangemeld", _("Aangemeld")
    AFGEWEZEN = "afgewezen", _("Afgewezen")
    INTAKE = "intake", _("Intake")
    GESTART = "gestart", _("Gestart")
    BEEINDIGD = "beeindigd", _("Beëindigd")


ACTIEVE_STATUSSEN = (TrajectStatus.AANGEMELD, TrajectStatus.INTAKE, TrajectStatus.GESTART)


class Eindreden(models.TextChoices):
    BETAALD_WERK = "betaald_werk", _("Betaald werk gevonden")
    OPLEIDING = "opleiding", _("Opleiding gestart")
    UITVAL_GEZONDHEID = "gezondheid", _("Gestopt om gezondheidsredenen")
    EIGEN_KEUZE = "eigen_keuze", _("Gestopt op eigen verzoek")
    VERHUISD = "verhuisd", _("Verhuisd buiten de regio")
    GEEN_CONTACT = "geen_contact", _("Geen contact meer")
    OVERGEDRAGEN = "overgedragen", _("Overgedragen aan andere aanbieder")
    ANDERS = "anders", _("Anders")


class SituatieBijStart(models.TextChoices):
    ZONDER_WERK = "zonder_werk", _("Zonder betaald werk")
    MET_WERK = "met_werk", _("Met betaald werk")


# The order of a trajectory's life, for sorting and counting by status.
STATUS_VOLGORDE = (
    TrajectStatus.AANGEMELD,
    TrajectStatus.INTAKE,
    TrajectStatus.GESTART,
    TrajectStatus.BEEINDIGD,
    TrajectStatus.AFGEWEZEN,
)


class Sortering:
    """A whitelisted sort key: the columns it orders by and the direction a first click picks."""

    def __init__(self, label, *kolommen, oplopend_eerst: bool = True) -> None:
        self.label = label
        self.kolommen = kolommen
        self.oplopend_eerst = oplopend_eerst


# The caseload's sort keys (`TrajectQuerySet.gesorteerd`); "contact" needs `met_laatste_contact`.
CASELOAD_SORTERINGEN = {
    "aanmelding": Sortering(_("aanmelddatum"), models.F("verwijsdatum"), oplopend_eerst=False),
    "nummer": Sortering(_("nummer"), models.F("deelnemer__nummer")),
    "naam": Sortering(_("naam"), models.F("deelnemer__achternaam"), models.F("deelnemer__voornaam")),
    "status": Sortering(
        _("status"),
        models.Case(
            *(models.When(status=s, then=models.Value(i)) for i, s in enumerate(STATUS_VOLGORDE)),
            default=models.Value(9),
        ),
    ),
    "start": Sortering(_("startdatum"), models.F("startdatum"), oplopend_eerst=False),
    "contact": Sortering(_("laatste contact"), models.F("laatste_contact"), oplopend_eerst=False),
}
CASELOAD_STANDAARD = "-aanmelding"


class TrajectQuerySet(models.QuerySet):
    def actief(self) -> TrajectQuerySet:
        return self.filter(status__in=ACTIEVE_STATUSSEN)

    def gefilterd(
        self,
        *,
        woorden: list[str] | None = None,
        nummer_bevat: str = "",
        status: str = "",
        methode: str = "",
        begeleider_id: int | None = None,
        zonder_begeleider: bool = False,
        woongemeente: Organisatie | None = None,
        aanbieder: Organisatie | None = None,
    ) -> TrajectQuerySet:
        """The trajectories that meet every criterion given; an empty criterion does not filter.

        The lists' filter forms turn what the user chose into these keywords (`CaseloadFilterForm.criteria`)."""
        qs = self.zoek(woorden) if woorden else self
        voorwaarden = {
            "deelnemer__nummer__icontains": nummer_bevat,
            "status": status,
            "methode": methode,
            "trajectbegeleider_id": begeleider_id,
            "deelnemer__woongemeente": woongemeente,
            "aanbieder": aanbieder,
        }
        qs = qs.filter(**{veld: waarde for veld, waarde in voorwaarden.items() if waarde})
        return qs.filter(trajectbegeleider__isnull=True) if zonder_begeleider else qs

    def gesorteerd(self, waarde: str, sorteringen: dict[str, Sortering] = CASELOAD_SORTERINGEN) -> TrajectQuerySet:
        """Ordered by a whitelisted key ("naam", "-start"; the forms already replaced unknown keys).

        Empty dates sort last either way; pk keeps pages stable when the keys tie."""
        aflopend = waarde.startswith("-")
        sortering = sorteringen[waarde.removeprefix("-")]
        volgorde = [k.desc(nulls_last=True) if aflopend else k.asc(nulls_last=True) for k in sortering.kolommen]
        return self.order_by(*volgorde, "-pk" if aflopend else "pk")

    def zoek(self, woorden: list[str]) -> TrajectQuerySet:
        """Trajectories of participants found by name or number (see `DeelnemerQuerySet.zoek`)."""
        return self.filter(_op_naam_of_nummer(woorden, pad="deelnemer__"))

    def aantal_per_status(self) -> dict[str, int]:
        """How many trajectories each status has, in one aggregate query."""
        return dict(self.order_by().values_list("status").annotate(aantal=models.Count("pk")))

    def met_laatste_contact(self) -> TrajectQuerySet:
        """`laatste_contact`: the date of the newest contact, or None.

        A correlated subquery (one backward step on the index contact_traject_datum_soort per row) rather
        than Max over a join: with a LIMIT, PostgreSQL evaluates it only for the rows of the page, and
        the paginator's COUNT needs no join at all (docs/performance.md)."""
        nieuwste = Contactmoment.objects.filter(traject=models.OuterRef("pk")).order_by("-datum").values("datum")[:1]
        return self.annotate(laatste_contact=models.Subquery(nieuwste, output_field=models.DateField()))


class Traject(models.Model):
    regio = models.ForeignKey(Regio, on_delete=models.PROTECT, related_name="trajecten")
    deelnemer = models.ForeignKey(Deelnemer, on_delete=models.CASCADE, related_name="trajecten")
    methode = models.CharField(_("methode"), max_length=30, choices=Methode.choices)
    aanbieder = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="trajecten_als_aanbieder", verbose_name=_("aanbieder")
    )
    trajectbegeleider = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trajecten",
        verbose_name=_("trajectbegeleider"),
    )
    verwijzer = models.ForeignKey(
        Organisatie,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trajecten_als_verwijzer",
        verbose_name=_("verwijzer"),
    )
    verwezen_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    financier = models.ForeignKey(
        Organisatie,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trajecten_als_financier",
        verbose_name=_("financier"),
    )
    financieringsstroom = models.CharField(
        _("financieringsstroom"), max_length=20, choices=Financieringsstroom.choices, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=TrajectStatus.choices, default=TrajectStatus.AANGEMELD
    )
    verwijsdatum = models.DateField(_("aanmelddatum"))
    verwijs_toelichting = models.TextField(_("toelichting bij de aanmelding"), blank=True)
    afwijsreden = models.TextField(_("reden van afwijzing"), blank=True)
    intakedatum = models.DateField(_("intakedatum"), null=True, blank=True)
    startdatum = models.DateField(_("startdatum"), null=True, blank=True)
    einddatum = models.DateField(_("einddatum"), null=True, blank=True)
    eindreden = models.CharField(_("reden van beëindiging"), max_length=20, choices=Eindreden.choices, blank=True)
    situatie_bij_start = models.CharField(
        _("situatie bij start"), max_length=20, choices=SituatieBijStart.choices, default=SituatieBijStart.ZONDER_WERK
    )
    # A warm handover to another provider (trajecten.actions `draag_over_aan_aanbieder`): this trajectory is the
    # new provider's, referred by the old one; accepting it ends the old one ("overgedragen").
    overgedragen_van = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="overdrachten_naar",
        verbose_name=_("overgedragen van"),
    )
    versie = models.PositiveIntegerField(default=1, editable=False)
    aangemaakt_op = models.DateTimeField(default=timezone.now, editable=False)

    objects = TrajectQuerySet.as_manager()

    class Meta:
        verbose_name = _("traject")
        verbose_name_plural = _("trajecten")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["deelnemer", "aanbieder"],
                condition=Q(status__in=["aangemeld", "intake", "gestart"]),
                name="een_actief_traject_per_aanbieder",
            ),
            models.CheckConstraint(
                condition=Q(intakedatum__isnull=True) | Q(intakedatum__gte=models.F("verwijsdatum")),
                name="traject_intake_na_aanmelding",
            ),
            models.CheckConstraint(
                condition=Q(startdatum__isnull=True) | Q(startdatum__gte=models.F("verwijsdatum")),
                name="traject_start_na_aanmelding",
            ),
            models.CheckConstraint(
                condition=Q(einddatum__isnull=True) | Q(einddatum__gte=models.F("verwijsdatum")),
                name="traject_einde_na_aanmelding",
            ),
            models.CheckConstraint(
                condition=Q(einddatum__isnull=True)
                | Q(startdatum__isnull=True)
                | Q(einddatum__gte=models.F("startdatum")),
                name="traject_einde_na_start",
            ),
        ]
        indexes = [
            models.Index(fields=["aanbieder", "status"], name="traject_aanbieder_status"),
            models.Index(fields=["regio", "startdatum"], name="traject_regio_start"),
        ]

    def __str__(self) -> str:
        return f"{self.deelnemer} · {self.get_methode_display()} bij {self.aanbieder}"

    @property
    def is_actief(self) -> bool:
        return self.status in ACTIEVE_STATUSSEN

    def werkend_op(self, datum: datetime.date) -> bool:
        """A paid placement runs on `datum`; uses prefetched `plaatsingen` when the caller has them."""
        return any(plaatsing.betaald and plaatsing.loopt_op(datum) for plaatsing in self.plaatsingen.all())

    @property
    def werkend(self) -> bool:
        return self.werkend_op(timezone.localdate())


class TrajectStatusWijziging(models.Model):
    regio = models.ForeignKey(Regio, on_delete=models.PROTECT, related_name="+")
    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="statuswijzigingen")
    van_status = models.CharField(max_length=20, choices=TrajectStatus.choices, blank=True)
    naar_status = models.CharField(max_length=20, choices=TrajectStatus.choices)
    datum = models.DateField()
    toelichting = models.TextField(blank=True)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    tijdstip = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["tijdstip", "pk"]

    def __str__(self) -> str:
        return f"{self.traject_id}: {self.van_status} → {self.naar_status}"


class Financieringswijziging(models.Model):
    """A correction of a trajectory's funding: what it was, what it became, who changed it, when and why."""

    regio = models.ForeignKey(Regio, on_delete=models.PROTECT, related_name="+")
    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="financieringswijzigingen")
    oude_financier = models.ForeignKey(Organisatie, on_delete=models.PROTECT, null=True, related_name="+")
    oude_stroom = models.CharField(max_length=20, choices=Financieringsstroom.choices, blank=True)
    nieuwe_financier = models.ForeignKey(Organisatie, on_delete=models.PROTECT, null=True, related_name="+")
    nieuwe_stroom = models.CharField(max_length=20, choices=Financieringsstroom.choices)
    reden = models.TextField()
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    tijdstip = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["tijdstip", "pk"]
        verbose_name = _("financieringswijziging")
        verbose_name_plural = _("financieringswijzigingen")

    def __str__(self) -> str:
        return f"{self.traject_id}: {self.oude_stroom or '—'} → {self.nieuwe_stroom}"


class ContactSoort(models.TextChoices):
    COACHING = "coaching", _("Coachingsgesprek")
    WERKGEVERSCONTACT = "werkgeverscontact", _("Werkgeverscontact")
    PEER_SUPPORT = "peer_support", _("Peer support")
    UITKERINGSADVIES = "uitkeringsadvies", _("Uitkeringsadvies")
    OVERLEG_BEHANDELAAR = "overleg_behandelaar", _("Overleg met het behandelteam")


class ContactmomentQuerySet(models.QuerySet):
    def zichtbaar_voor_peer(self) -> ContactmomentQuerySet:
        return self.filter(soort=ContactSoort.PEER_SUPPORT)


class Contactmoment(models.Model):
    regio = models.ForeignKey(Regio, on_delete=models.PROTECT, related_name="+")
    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="contactmomenten")
    datum = models.DateField(_("datum"))
    soort = models.CharField(_("soort contact"), max_length=30, choices=ContactSoort.choices)
    face_to_face = models.BooleanField(_("face-to-face"), default=True)
    # For employer contacts: with which employer (IPS counts employer contacts per begeleider per week).
    werkgever = models.ForeignKey(
        Werkgever,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trajectcontacten",
        verbose_name=_("werkgever"),
    )
    minuten = models.PositiveSmallIntegerField(
        _("duur in minuten"), validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    notitie = models.TextField(_("notitie"), blank=True, max_length=5000)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    aangemaakt_op = models.DateTimeField(default=timezone.now, editable=False)

    objects = ContactmomentQuerySet.as_manager()

    class Meta:
        verbose_name = _("contactmoment")
        verbose_name_plural = _("contactmomenten")
        ordering = ["-datum", "-pk"]
        indexes = [
            # A trajectory's contacts by date; with kind and face-to-face in the key, the figures' per-trajectory
            # lookups (the first employer contact, a contact in a job's first month: rapportage.figuren) are
            # answered from the index alone.
            models.Index(fields=["traject", "datum", "soort", "face_to_face"], name="contact_traject_datum_soort"),
            # The region's contacts of one kind in a period (rapportage.figuren: employer contacts, peer
            # support), answered from the index alone. Key columns rather than INCLUDE, which SQLite lacks.
            models.Index(
                fields=["regio", "soort", "datum", "face_to_face", "traject"], name="contact_regio_soort_datum"
            ),
            # The region's contacts of any kind in a period (rapportage.figuren: trajectories without a recent
            # contact), from the index alone.
            models.Index(fields=["regio", "datum", "traject"], name="contact_regio_datum"),
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} op {self.datum}"


class VoordrachtStatus(models.TextChoices):
    VOORGEDRAGEN = "voorgedragen", _("Voorgedragen")
    GESPREK = "gesprek", _("Sollicitatiegesprek")
    AANGENOMEN = "aangenomen", _("Aangenomen")
    AFGEWEZEN = "afgewezen", _("Afgewezen")
    TERUGGETROKKEN = "teruggetrokken", _("Teruggetrokken")


OPEN_VOORDRACHT = (VoordrachtStatus.VOORGEDRAGEN, VoordrachtStatus.GESPREK)


class Voordracht(models.Model):
    """A participant proposed for a vacancy. `profiel` is what the participant agreed to share: the only
    participant data a werkgeversadviseur ever sees."""

    regio = models.ForeignKey(Regio, on_delete=models.PROTECT, related_name="+")
    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="voordrachten")
    # PROTECT: a proposal is part of a participant's record and of the figures; a vacancy that has
    # proposals is closed, never deleted.
    vacature = models.ForeignKey(Vacature, on_delete=models.PROTECT, related_name="voordrachten")
    profiel = models.TextField(
        _("profiel"),
        max_length=2000,
        help_text=_("Alleen wat de deelnemer wil delen met de werkgeversadviseur: ervaring, kwaliteiten, wensen."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=VoordrachtStatus.choices, default=VoordrachtStatus.VOORGEDRAGEN
    )
    afwijsreden = models.TextField(_("reden"), blank=True, max_length=1000)
    voorgedragen_op = models.DateField(_("voorgedragen op"))
    status_sinds = models.DateField(_("status sinds"), default=timezone.localdate)
    voorgedragen_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    versie = models.PositiveIntegerField(default=1, editable=False)
    aangemaakt_op = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("voordracht")
        verbose_name_plural = _("voordrachten")
        ordering = ["-voorgedragen_op", "-pk"]
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["traject", "vacature"],
                condition=Q(status__in=["voorgedragen", "gesprek"]),
                name="een_open_voordracht_per_vacature",
            ),
        ]
        indexes = [models.Index(fields=["regio", "status"], name="voordracht_regio_status")]

    def __str__(self) -> str:
        return f"Voordracht {self.pk} voor {self.vacature}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_VOORDRACHT


class Contractvorm(models.TextChoices):
    TIJDELIJK = "tijdelijk", _("Tijdelijk contract")
    VAST = "vast", _("Vast contract")
    UITZEND = "uitzend", _("Uitzendcontract")
    PROEFPLAATSING = "proefplaatsing", _("Proefplaatsing zonder loon")


class PlaatsingQuerySet(models.QuerySet):
    def betaald(self) -> PlaatsingQuerySet:
        return self.filter(betaald=True)

    def lopend_op(self, datum: datetime.date) -> PlaatsingQuerySet:
        return self.filter(startdatum__lte=datum).filter(Q(einddatum__isnull=True) | Q(einddatum__gte=datum))


class Plaatsing(models.Model):
    """A job. Only paid placements count as "betaald werk" (IPS competitive employment)."""

    regio = models.ForeignKey(Regio, on_delete=models.PROTECT, related_name="+")
    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="plaatsingen")
    werkgever = models.ForeignKey(
        Werkgever,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plaatsingen",
        verbose_name=_("werkgever"),
    )
    werkgever_naam = models.CharField(
        _("werkgever buiten het register"),
        max_length=150,
        blank=True,
        help_text=_("Alleen als de werkgever niet in het register staat."),
    )
    voordracht = models.OneToOneField(
        Voordracht, on_delete=models.SET_NULL, null=True, blank=True, related_name="plaatsing"
    )
    functie = models.CharField(_("functie"), max_length=150)
    startdatum = models.DateField(_("startdatum"))
    einddatum = models.DateField(_("einddatum"), null=True, blank=True)
    eindreden = models.CharField(_("reden van beëindiging"), max_length=200, blank=True)
    uren_per_week = models.PositiveSmallIntegerField(
        _("uren per week"), validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    contractvorm = models.CharField(_("contractvorm"), max_length=20, choices=Contractvorm.choices)
    betaald = models.BooleanField(_("betaald werk"), default=True)
    loonkostensubsidie = models.BooleanField(_("loonkostensubsidie"), default=False)
    aangemaakt_op = models.DateTimeField(default=timezone.now, editable=False)

    objects = PlaatsingQuerySet.as_manager()

    class Meta:
        verbose_name = _("plaatsing")
        verbose_name_plural = _("plaatsingen")
        ordering = ["-startdatum", "-pk"]
        default_permissions = ()
        constraints = [
            models.CheckConstraint(
                condition=Q(einddatum__isnull=True) | Q(einddatum__gte=models.F("startdatum")),
                name="plaatsing_einde_na_start",
            ),
            # Exactly one of both: an employer from the register, or the name of one outside it.
            models.CheckConstraint(
                condition=Q(werkgever__isnull=False, werkgever_naam="")
                | (Q(werkgever__isnull=True) & ~Q(werkgever_naam="")),
                name="plaatsing_heeft_werkgever",
            ),
            models.CheckConstraint(
                condition=~Q(contractvorm="proefplaatsing") | Q(betaald=False, loonkostensubsidie=False),
                name="proefplaatsing_is_onbetaald",
            ),
        ]
        indexes = [models.Index(fields=["regio", "startdatum"], name="plaatsing_regio_start")]

    def __str__(self) -> str:
        return f"{self.functie} bij {self.werkgever or self.werkgever_naam}"

    @property
    def werkgever_weergave(self) -> str:
        return self.werkgever.naam if self.werkgever_id else self.werkgever_naam

    def loopt_op(self, datum: datetime.date) -> bool:
        return self.startdatum <= datum and (self.einddatum is None or self.einddatum >= datum)

    @property
    def is_beeindigd(self) -> bool:
        return bool(self.eindreden) or (self.einddatum is not None and self.einddatum < timezone.localdate())

    @property
    def duurzaam(self) -> bool:
        return self.duurzaam_op(timezone.localdate())

    def duurzaam_op(self, datum: datetime.date) -> bool:
        """A paid job that lasted at least DUURZAAM_MAANDEN months (default six) by `datum` (DESIGN.md §5)."""
        if not self.betaald:
            return False
        maanden = settings.DUURZAAM_MAANDEN
        grens = _maanden_later(self.startdatum, maanden)
        eind = min(self.einddatum, datum) if self.einddatum else datum
        return eind >= grens


def _maanden_later(datum: datetime.date, maanden: int) -> datetime.date:
    """The same day `maanden` months later, or the month's last day where that day does not exist."""
    jaar, maand = divmod(datum.month - 1 + maanden, 12)
    jaar, maand = datum.year + jaar, maand + 1
    return datetime.date(jaar, maand, min(datum.day, calendar.monthrange(jaar, maand)[1]))


class Uitstel(models.Model):
    """A worklist item (trajecten.werklijst) put aside by a begeleider until `tot`, with the reason why.

    The items themselves are computed from the data; only this decision to wait is stored."""

    regio = models.ForeignKey(Regio, on_delete=models.PROTECT, related_name="+")
    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="uitstellen")
    soort = models.CharField(_("soort werkpunt"), max_length=40)
    tot = models.DateField(_("uitgesteld tot en met"))
    reden = models.TextField(_("reden"), max_length=500)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    aangemaakt_op = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("uitgesteld werkpunt")
        verbose_name_plural = _("uitgestelde werkpunten")
        default_permissions = ()
        indexes = [models.Index(fields=["traject", "soort", "tot"], name="uitstel_traject_soort_tot")]

    def __str__(self) -> str:
        return f"{self.traject_id} {self.soort} tot {self.tot}"


class Overdracht(models.Model):
    """A trajectory handed from one begeleider to a colleague of the same provider (trajecten.actions
    `draag_over`). The trajectory keeps its history; this row says who had it before and since when."""

    regio = models.ForeignKey(Regio, on_delete=models.PROTECT, related_name="+")
    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="overdrachten")
    van = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    aan = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    datum = models.DateField(_("datum"), default=timezone.localdate)
    aangemaakt_op = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("overdracht")
        verbose_name_plural = _("overdrachten")
        default_permissions = ()
        indexes = [models.Index(fields=["traject", "datum"], name="overdracht_traject_datum")]

    def __str__(self) -> str:
        return f"{self.traject_id}: {self.van_id} → {self.aan_id}"


class Koppelsleutel(models.Model):
    """One match key of a participant: its exact key or one of a one-letter-out variant of its name
    (trajecten.koppeling). Compared only within its region; never shown to anyone."""

    regio = models.ForeignKey(Regio, on_delete=models.PROTECT, related_name="+")
    deelnemer = models.ForeignKey(Deelnemer, on_delete=models.CASCADE, related_name="koppelsleutels")
    sleutel = models.CharField(_("sleutel"), max_length=64)

    class Meta:
        verbose_name = _("koppelsleutel")
        verbose_name_plural = _("koppelsleutels")
        default_permissions = ()
        indexes = [models.Index(fields=["regio", "sleutel"], name="koppelsleutel_regio_sleutel")]

    def __str__(self) -> str:
        return f"{self.deelnemer_id}"


class Koppeling(models.Model):
    """A new trajectory whose participant is (exact) or may be (near) the same person as that of a trajectory
    running at another organisation of the region, found by the match key at intake or referral. The new
    trajectory's begeleiders see "deze persoon heeft al een traject bij <organisatie>" and may ask that
    organisation for a handover; nothing more of the other trajectory is shown."""

    regio = models.ForeignKey(Regio, on_delete=models.PROTECT, related_name="+")
    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="koppelingen")
    ander_traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="+")
    exact = models.BooleanField(_("exact"))
    gevonden_op = models.DateTimeField(_("gevonden op"), default=timezone.now)
    overdracht_gevraagd_op = models.DateTimeField(_("overdracht gevraagd op"), null=True, blank=True)
    overdracht_gevraagd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("koppeling")
        verbose_name_plural = _("koppelingen")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["traject", "ander_traject"], name="koppeling_uniek"),
        ]

    def __str__(self) -> str:
        return f"{self.traject_id} ~ {self.ander_traject_id}"


class InzageStatus(models.TextChoices):
    WACHTRIJ = "wachtrij", _("In de wachtrij")
    BEZIG = "bezig", _("Wordt gemaakt")
    KLAAR = "klaar", _("Klaar")
    MISLUKT = "mislukt", _("Mislukt")


LOPENDE_INZAGESTATUSSEN = (InzageStatus.WACHTRIJ, InzageStatus.BEZIG)


class InzageExportQuerySet(models.QuerySet):
    def lopend(self) -> InzageExportQuerySet:
        return self.filter(status__in=LOPENDE_INZAGESTATUSSEN)


class InzageExport(models.Model):
    """The PDF of one participant's AVG art. 15 export, built in the Celery worker for the trajectbegeleider
    who asked for it, and readable by that user (in that membership) only.

    One row per (participant, membership): asked again, the row is reset and built anew (trajecten.actions
    `vraag_inzage_aan`, task `trajecten.tasks.bouw_inzage`). Like a `Rapport`, the row is also the outbox of
    its task: `verstuurd_op` stays empty while the broker could not take it, and `herstel_inzage_exports`
    (beat) hands it over later. The file is kept under PRIVATE_STORAGE_DIR/inzage/<regio>/ (outside the web
    root) and removed with the row PORTAAL_INZAGE_BEWAARUREN after it was made (`ruim_inzage_exports_op`)."""

    regio = models.ForeignKey(Regio, on_delete=models.PROTECT, related_name="+")
    deelnemer = models.ForeignKey(Deelnemer, on_delete=models.CASCADE, related_name="inzage_exports")
    # Who asked, acting for which organisation and role: the only membership that may download the file.
    lidmaatschap = models.ForeignKey("hoofdzaak.Lidmaatschap", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=InzageStatus.choices, default=InzageStatus.WACHTRIJ)
    # Relative to settings.PRIVATE_STORAGE_DIR; starts with inzage/<region slug>/.
    bestand = models.CharField(_("bestand"), max_length=300, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    grootte = models.PositiveIntegerField(_("grootte in bytes"), null=True, blank=True)
    aangevraagd_op = models.DateTimeField(_("aangevraagd op"), default=timezone.now)
    verstuurd_op = models.DateTimeField(_("aan de achtergronddienst gegeven op"), null=True, blank=True)
    gestart_op = models.DateTimeField(_("gestart op"), null=True, blank=True)
    klaar_op = models.DateTimeField(_("klaar op"), null=True, blank=True)
    # Last sign of life of the build, for the takeover of rows whose worker died.
    bijgewerkt_op = models.DateTimeField(_("bijgewerkt op"), default=timezone.now)
    voortgang = models.PositiveSmallIntegerField(_("voortgang (%)"), default=0, validators=[MaxValueValidator(100)])
    voortgang_tekst = models.CharField(_("voortgang"), max_length=200, blank=True)
    fout = models.TextField(_("foutmelding"), blank=True)
    pogingen = models.PositiveSmallIntegerField(_("pogingen"), default=0)

    objects = InzageExportQuerySet.as_manager()

    class Meta:
        verbose_name = _("inzage-export")
        verbose_name_plural = _("inzage-exports")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["deelnemer", "lidmaatschap"], name="inzage_export_uniek_per_aanvrager"),
            models.CheckConstraint(condition=Q(voortgang__lte=100), name="inzage_export_voortgang_max_100"),
        ]

    def __str__(self) -> str:
        return f"inzage-export {self.pk} ({self.status})"

    @property
    def is_lopend(self) -> bool:
        return self.status in LOPENDE_INZAGESTATUSSEN

    @property
    def is_klaar(self) -> bool:
        return self.status == InzageStatus.KLAAR and bool(self.bestand)

    @property
    def wacht_op_achtergronddienst(self) -> bool:
        """Queued, but the broker could not be reached yet: nothing is building it right now."""
        return self.status == InzageStatus.WACHTRIJ and self.verstuurd_op is None
