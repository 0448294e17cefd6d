"""National-scale benchmark data: 35 regions, ~100,000 participants over five years (issue "National scale").

`genereer(schaal=1.0)` fills an empty PostgreSQL database in one transaction with bulk COPYs (psycopg 3
`cursor.copy()`), never through the actions one object at a time:

- 35 labour-market regions with 342 gemeenten, UWV, GGZ providers, re-integration companies, a
  peer-support foundation, a WSP and a programme office each; one group per organisation;
- users in every role with their memberships; the benchmark accounts (`BENCH_ACCOUNTS`) share the known
  password `BENCH_WACHTWOORD`, every other generated account has an unusable password;
- participants, trajectories in every status with their status history, consents (valid, expired,
  withdrawn), contacts, employers with contacts and vacancies, proposals and placements;
- the grants the facts imply, computed set-based by `herbereken_toegang_bulk` (the same rules as
  `trajecten.toegang.gewenste_toegang`; tests/test_generator.py compares both);
- audit rows forming one valid hash chain, hashed by `hoofdzaak.audit.bereken_hash` itself.

Provider sizes differ on purpose: in the benchmark region one provider runs ~1,000 trajectories
(`GGZ Groot`), one only ~30 (`Re-integratie Klein`). Deterministic for a given seed and date.
"""

from __future__ import annotations

import datetime
import ipaddress
import random
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.text import slugify

from hoofdzaak import audit
from hoofdzaak.keuzes import Sector
from hoofdzaak.models import (
    AuditActie,
    AuditRegel,
    Doelstelling,
    Gebruiker,
    Lidmaatschap,
    Organisatie,
    Regio,
    Rol,
    Soort,
)
from trajecten import demo
from trajecten.models import (
    Contactmoment,
    ContactSoort,
    Contractvorm,
    Deelnemer,
    DeelnemerGroupObjectPermission,
    DeelnemerNummerteller,
    DeelnemerUserObjectPermission,
    Eindreden,
    Financieringsstroom,
    Methode,
    Plaatsing,
    SituatieBijStart,
    Toestemming,
    Traject,
    TrajectStatus,
    TrajectStatusWijziging,
    Uitkering,
    Voordracht,
    VoordrachtStatus,
)
from trajecten.toegang import BEHEER, PEER, VOLG
from werkgevers.models import Betrokkenheid, Vacature, VacatureStatus, Werkgever, Werkgeverscontact

BENCH_WACHTWOORD = "Bench-landelijk-2026"
DOMEIN = "landelijk.test"
BENCH_REGIO = "Rijnmond"
GROOT = "GGZ Groot Rijnmond"
KLEIN = "Re-integratie Klein Rijnmond"

# (key, e-mail, role, organisation name or "" for a role-specific default, display name)
BENCH_ACCOUNTS = [
    ("tb_groot", f"bench-tb-groot@{DOMEIN}", Rol.TRAJECTBEGELEIDER, GROOT, "Bench Begeleider Groot"),
    ("tb_klein", f"bench-tb-klein@{DOMEIN}", Rol.TRAJECTBEGELEIDER, KLEIN, "Bench Begeleider Klein"),
    ("pl", f"bench-pl@{DOMEIN}", Rol.PROJECTLEIDER, "", "Bench Projectleider"),
    ("wga", f"bench-wga@{DOMEIN}", Rol.WERKGEVERSADVISEUR, "", "Bench Werkgeversadviseur"),
    ("km", f"bench-km@{DOMEIN}", Rol.KLANTMANAGER, "", "Bench Klantmanager"),
    ("peer", f"bench-peer@{DOMEIN}", Rol.PEER_SUPPORTER, "", "Bench Peer Supporter"),
    ("bestuurder", f"bench-bestuurder@{DOMEIN}", Rol.BESTUURDER, "", "Bench Bestuurder"),
]

# The 35 labour-market regions, with a code for the participant numbers and a relative size.
REGIOS = [
    ("Groningen", "GR", 1.0),
    ("Friesland", "FR", 1.1),
    ("Drenthe", "DR", 0.8),
    ("Regio Zwolle", "ZW", 0.9),
    ("Twente", "TW", 1.0),
    ("Stedendriehoek en Noordwest Veluwe", "SNV", 0.9),
    ("Achterhoek", "AH", 0.6),
    ("Midden-Gelderland", "MG", 1.0),
    ("Rijk van Nijmegen", "RN", 0.9),
    ("FoodValley", "FV", 0.6),
    ("Rivierenland", "RL", 0.5),
    ("Amersfoort", "AF", 0.7),
    ("Midden-Utrecht", "MU", 1.5),
    ("Flevoland", "FL", 0.7),
    ("Gooi en Vechtstreek", "GV", 0.5),
    ("Groot Amsterdam", "GA", 2.2),
    ("Zaanstreek-Waterland", "ZWL", 0.5),
    ("Noord-Holland Noord", "NHN", 1.0),
    ("Zuid-Kennemerland en IJmond", "ZKI", 0.8),
    ("Holland Rijnland", "HR", 1.0),
    ("Haaglanden", "HL", 1.9),
    ("Midden-Holland", "MH", 0.5),
    ("Zuid-Holland Centraal", "ZHC", 0.5),
    ("Rijnmond", "RM", 2.4),
    ("Drechtsteden", "DS", 0.6),
    ("Gorinchem", "GO", 0.3),
    ("Zeeland", "ZE", 0.7),
    ("West-Brabant", "WB", 1.1),
    ("Midden-Brabant", "MB", 0.9),
    ("Noordoost-Brabant", "NOB", 1.2),
    ("Zuidoost-Brabant", "ZOB", 1.4),
    ("Helmond-De Peel", "HP", 0.5),
    ("Noord-Limburg", "NL", 0.5),
    ("Midden-Limburg", "ML", 0.5),
    ("Zuid-Limburg", "ZL", 1.1),
]
GEMEENTEN_TOTAAL = 342

# The demo's names and a few more (trajecten/demo.py).
VOORNAMEN = [*demo.VOORNAMEN, "Anouk", "Jesse", "Sara", "Milan"]
ACHTERNAMEN = [*demo.ACHTERNAMEN, "Brouwer", "de Graaf"]
NOTITIES = [
    "Gesprek over werkwensen en dagritme.",
    "Samen vacatures doorgenomen; cv bijgewerkt.",
    "Werkgever bezocht, kennismaking gepland.",
    "Voortgang besproken, volgende stap afgesproken.",
    "Spanning rond sollicitatie besproken.",
    "",
]
FUNCTIES = [
    "Medewerker logistiek",
    "Kassamedewerker",
    "Hovenier",
    "Schoonmaker",
    "Administratief medewerker",
    "Zorghulp",
    "Monteur",
    "Keukenhulp",
    "Magazijnmedewerker",
    "Servicemedewerker",
]

# Contact kinds and their weights.
CONTACTSOORTEN = [
    (ContactSoort.COACHING, 55),
    (ContactSoort.WERKGEVERSCONTACT, 25),
    (ContactSoort.PEER_SUPPORT, 10),
    (ContactSoort.UITKERINGSADVIES, 5),
    (ContactSoort.OVERLEG_BEHANDELAAR, 5),
]
AUDITACTIES = [
    (AuditActie.LEZEN, 55),
    (AuditActie.ZOEKEN, 10),
    (AuditActie.WIJZIGEN, 12),
    (AuditActie.AANMAKEN, 8),
    (AuditActie.INLOGGEN, 10),
    (AuditActie.UITLOGGEN, 4),
    (AuditActie.GEWEIGERD, 1),
]
GRONDSLAG = {
    Rol.TRAJECTBEGELEIDER: BEHEER,
    Rol.KLANTMANAGER: VOLG,
    Rol.PEER_SUPPORTER: PEER,
    Rol.PROJECTLEIDER: "projectleider",
}


class RegiosBestaanAl(Exception):
    """The database already holds regions and --opnieuw was not given."""


# --- Set-based grants ---------------------------------------------------------------------------------------

_GROEPSRECHTEN_SQL = """
INSERT INTO {groep_tabel} (permission_id, group_id, content_object_id)
SELECT %(beheer)s, o.groep_id, t.deelnemer_id
  FROM {traject} t JOIN {organisatie} o ON o.id = t.aanbieder_id
 WHERE t.deelnemer_id = ANY(%(ids)s) AND t.status <> %(afgewezen)s
UNION
SELECT %(volg)s, o.groep_id, ts.deelnemer_id
  FROM {toestemming} ts
  JOIN {organisatie} o ON o.id = ts.organisatie_id
  JOIN {deelnemer} d ON d.id = ts.deelnemer_id
 WHERE ts.deelnemer_id = ANY(%(ids)s)
   AND ts.gegeven_op <= %(vandaag)s AND ts.geldig_tot >= %(vandaag)s
   AND (ts.ingetrokken_op IS NULL OR ts.ingetrokken_op > %(vandaag)s)
   AND (o.soort = %(uwv)s OR o.id = d.woongemeente_id
        OR EXISTS (SELECT 1 FROM {traject} t2 WHERE t2.deelnemer_id = ts.deelnemer_id AND t2.verwijzer_id = o.id))
"""
_PEERRECHTEN_SQL = """
INSERT INTO {gebruiker_tabel} (permission_id, user_id, content_object_id)
SELECT %(peer)s, d.peer_supporter_id, d.id FROM {deelnemer} d
 WHERE d.id = ANY(%(ids)s) AND d.peer_supporter_id IS NOT NULL
"""


def _tabellen() -> dict[str, str]:
    return {
        "groep_tabel": DeelnemerGroupObjectPermission._meta.db_table,
        "gebruiker_tabel": DeelnemerUserObjectPermission._meta.db_table,
        "traject": Traject._meta.db_table,
        "organisatie": Organisatie._meta.db_table,
        "toestemming": Toestemming._meta.db_table,
        "deelnemer": Deelnemer._meta.db_table,
    }


def permissie_ids() -> dict[str, int]:
    return dict(
        Permission.objects.filter(content_type__app_label="trajecten", codename__in=[BEHEER, VOLG, PEER]).values_list(
            "codename", "pk"
        )
    )


@transaction.atomic
def herbereken_toegang_bulk(deelnemer_ids: Sequence[int], vandaag: datetime.date | None = None) -> int:
    """`trajecten.toegang.herbereken_toegang` for many participants at once, in three statements.

    The same rules as `gewenste_toegang` (beheer for every provider of a trajectory that was not
    declined; volg for a consenting referrer, woongemeente or UWV organisation while the consent is
    valid on `vandaag`; peer for the assigned peer supporter), expressed as one INSERT … SELECT per
    permission table after deleting the participants' current grants. PostgreSQL only. Returns the
    number of grants written.
    """
    ids = list(deelnemer_ids)
    if not ids:
        return 0
    vandaag = vandaag or timezone.localdate()
    perms = permissie_ids()
    t = _tabellen()
    params = {
        "ids": ids,
        "vandaag": vandaag,
        "beheer": perms[BEHEER],
        "volg": perms[VOLG],
        "peer": perms[PEER],
        "afgewezen": TrajectStatus.AFGEWEZEN.value,
        "uwv": Soort.UWV.value,
    }
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {t['groep_tabel']} WHERE content_object_id = ANY(%(ids)s)", params)  # noqa: S608
        cursor.execute(f"DELETE FROM {t['gebruiker_tabel']} WHERE content_object_id = ANY(%(ids)s)", params)  # noqa: S608
        cursor.execute(_GROEPSRECHTEN_SQL.format(**t), params)
        aantal = cursor.rowcount
        cursor.execute(_PEERRECHTEN_SQL.format(**t), params)
        aantal += cursor.rowcount
    return aantal


# --- Bulk writing -------------------------------------------------------------------------------------------


class Schrijver:
    """Ids handed out in Python and rows streamed into PostgreSQL with COPY."""

    def __init__(self) -> None:
        self.volgende: dict[type[Model], int] = {}

    def begin(self, model: type[Model]) -> None:
        if model not in self.volgende:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {model._meta.db_table}")  # noqa: S608
                self.volgende[model] = cursor.fetchone()[0] + 1

    def id(self, model: type[Model]) -> int:
        if model not in self.volgende:
            self.begin(model)
        waarde = self.volgende[model]
        self.volgende[model] = waarde + 1
        return waarde

    def copy(self, model: type[Model], kolommen: Sequence[str], rijen: Iterable[Sequence]) -> int:
        """COPY `rijen` (tuples in the order of `kolommen`, db column names) into the model's table."""
        # Ids are handed out while the rows stream; no other query may run on the connection during COPY.
        self.begin(model)
        tabel = model._meta.db_table
        kolomlijst = ", ".join(f'"{k}"' for k in kolommen)
        aantal = 0
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {tabel} ({kolomlijst}) FROM STDIN") as copy:
            for rij in rijen:
                copy.write_row(rij)
                aantal += 1
        return aantal

    def zet_sequences(self) -> None:
        with connection.cursor() as cursor:
            for model in self.volgende:
                tabel = model._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{tabel}', 'id'), "  # noqa: S608
                    f"GREATEST((SELECT COALESCE(MAX(id), 0) FROM {tabel}), 1))"
                )


# --- The generator ------------------------------------------------------------------------------------------


@dataclass
class Org:
    id: int
    regio: int
    naam: str
    soort: str
    groep: int
    gewicht: float = 1.0


@dataclass
class Lid:
    gebruiker: int
    email: str
    organisatie: Org
    rol: str


@dataclass
class RegioData:
    id: int
    naam: str
    slug: str
    code: str
    gewicht: float
    orgs: list[Org] = field(default_factory=list)
    leden: list[Lid] = field(default_factory=list)
    begeleiders: dict[int, list[int]] = field(default_factory=dict)  # provider org id -> user ids
    werkgevers: list[int] = field(default_factory=list)
    vacatures: list[int] = field(default_factory=list)
    deelnemers: list[tuple[int, str]] = field(default_factory=list)

    def van_soort(self, *soorten: str) -> list[Org]:
        return [o for o in self.orgs if o.soort in soorten]


class _Regel:
    """Just the attributes `audit.canonieke_vorm` reads: 1M model instances would cost more than the hashing."""

    __slots__ = (
        "vorige_hash",
        "tijdstip",
        "gebruiker_id",
        "gebruiker_email",
        "organisatie_id",
        "organisatie_naam",
        "rol",
        "regio_id",
        "actie",
        "deelnemer_nummer",
        "grondslag",
        "object_type",
        "object_id",
        "omschrijving",
        "ip",
        "request_id",
        "client_request_id",
        "zoekterm",
        "getoonde_nummers",
    )


@dataclass
class Resultaat:
    tellingen: dict[str, int]
    accounts: list[tuple[str, str, str, str]]  # (email, role, organisation, region slug)
    seconden: float
    groot: int = 0
    klein: int = 0


class Generator:
    def __init__(
        self,
        schaal: float = 1.0,
        *,
        seed: int = 20260101,
        vandaag: datetime.date | None = None,
        aantal_regios: int = len(REGIOS),
        log=None,
    ) -> None:
        self.schaal = schaal
        self.rnd = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
        self.vandaag = vandaag or timezone.localdate()
        self.aantal_regios = aantal_regios
        self.log = log or (lambda tekst: None)
        self.w = Schrijver()
        self.regios: list[RegioData] = []
        self.tellingen: dict[str, int] = defaultdict(int)
        self.accounts: list[tuple[str, str, str, str]] = []
        self.nu = timezone.now()
        self.begin = self.vandaag - datetime.timedelta(days=5 * 365)
        self.bench_wachtwoord = make_password(BENCH_WACHTWOORD)
        self.deelnemer_peer: dict[int, int | None] = {}

    def aantal(self, basis: float, minimum: int = 1) -> int:
        return max(minimum, round(basis * self.schaal))

    def _stap(self, tekst: str, start: float) -> None:
        self.log(f"  {tekst} ({time.monotonic() - start:.1f} s)")

    # -- structure --

    def maak_structuur(self) -> None:
        rnd, w = self.rnd, self.w
        specs = REGIOS[: self.aantal_regios]
        totaal_gewicht = sum(g for _n, _c, g in specs)
        gemeenten_per_regio = [max(3, round(GEMEENTEN_TOTAAL * g / totaal_gewicht)) for _n, _c, g in specs]
        groepen, orgs, regios_rijen = [], [], []
        cbs = 0
        for (naam, code, gewicht), n_gemeenten in zip(specs, gemeenten_per_regio, strict=True):
            regio = RegioData(id=w.id(Regio), naam=naam, slug=slugify(naam), code=code, gewicht=gewicht)
            self.regios.append(regio)
            regios_rijen.append((regio.id, naam, regio.slug, code))
            specs_org = [(f"Programmabureau Hoofdzaak Werk {naam}", Soort.PROGRAMMABUREAU, "", 0)]
            for i in range(n_gemeenten):
                cbs += 1
                specs_org.append((f"Gemeente {naam} {i + 1:02d}", Soort.GEMEENTE, f"GM{cbs:04d}", 0))
            specs_org.append((f"UWV {naam}", Soort.UWV, "", rnd.uniform(0.5, 1.0)))
            for i in range(rnd.randint(1, 3)):
                specs_org.append((f"GGZ {naam} {i + 1}", Soort.GGZ, "", rnd.uniform(0.6, 1.5)))
            for i in range(rnd.randint(2, 5)):
                specs_org.append((f"Re-integratie {naam} {i + 1}", Soort.REINTEGRATIE, "", rnd.uniform(0.4, 1.3)))
            if naam == BENCH_REGIO:
                specs_org.append((GROOT, Soort.GGZ, "", 0))
                specs_org.append((KLEIN, Soort.REINTEGRATIE, "", 0))
            specs_org.append((f"Peer support {naam}", Soort.PEER_SUPPORT, "", 0))
            specs_org.append((f"Werkgeversservicepunt {naam}", Soort.WSP, "", 0))
            for org_naam, soort, cbs_code, org_gewicht in specs_org:
                groep = w.id(Group)
                groepen.append((groep, f"organisatie-landelijk-{groep}"))
                org = Org(w.id(Organisatie), regio.id, org_naam, soort, groep, org_gewicht)
                regio.orgs.append(org)
                orgs.append((org.id, regio.id, org_naam, soort, cbs_code, groep))
        w.copy(Regio, ["id", "naam", "slug", "code"], regios_rijen)
        w.copy(Group, ["id", "name"], groepen)
        w.copy(Organisatie, ["id", "regio_id", "naam", "soort", "cbs_code", "groep_id"], orgs)
        doelen = [
            (w.id(Doelstelling), r.id, jaar, rnd.choice([100, 100, 120, 150]))
            for r in self.regios
            for jaar in range(self.begin.year, self.vandaag.year + 1)
        ]
        w.copy(Doelstelling, ["id", "regio_id", "jaar", "aantal"], doelen)
        self.tellingen.update(regios=len(regios_rijen), organisaties=len(orgs), doelstellingen=len(doelen))

    def verdeel_deelnemers(self) -> None:
        totaal_d = self.aantal(100_000, minimum=2 * len(self.regios))
        totaal_t = self.aantal(120_000, minimum=2 * len(self.regios))
        gewicht = sum(r.gewicht for r in self.regios)
        self.per_regio = {}
        for regio in self.regios:
            n_d = max(2, round(totaal_d * regio.gewicht / gewicht))
            n_t = max(n_d, round(totaal_t * regio.gewicht / gewicht))
            self.per_regio[regio.id] = (n_d, n_t)

    def maak_gebruikers(self) -> None:
        rnd, w = self.rnd, self.w
        gebruikers, leden = [], []
        nu = self.nu

        def gebruiker(email: str, naam: str, wachtwoord: str) -> int:
            pk = w.id(Gebruiker)
            gebruikers.append((pk, email, naam, wachtwoord, True, False, False, nu, nu))
            return pk

        def lid(regio: RegioData, pk: int, email: str, org: Org, rol: str) -> None:
            leden.append((w.id(Lidmaatschap), pk, org.id, regio.id, rol, True, nu, nu))
            regio.leden.append(Lid(pk, email, org, rol))

        onbruikbaar = make_password(None)  # unusable: only the benchmark accounts can log in
        volgnummer = 0
        for regio in self.regios:
            n_d, n_t = self.per_regio[regio.id]
            # Active trajectories are roughly a quarter; IPS norm: ≤ 20 per begeleider.
            aanbieders = regio.van_soort(Soort.GGZ, Soort.REINTEGRATIE, Soort.UWV)
            gewicht = sum(o.gewicht for o in aanbieders) or 1
            for org in regio.orgs:
                rollen: list[tuple[str, int]] = []
                if org.soort == Soort.PROGRAMMABUREAU:
                    rollen = [(Rol.PROJECTLEIDER, 2)]
                elif org.soort == Soort.GEMEENTE:
                    rollen = [(Rol.KLANTMANAGER, self.aantal(3, 1)), (Rol.BESTUURDER, 1)]
                elif org.soort == Soort.PEER_SUPPORT:
                    rollen = [(Rol.PEER_SUPPORTER, max(2, round(n_d * 0.06 / 25)))]
                elif org.soort == Soort.WSP:
                    rollen = [(Rol.WERKGEVERSADVISEUR, 3)]
                if org.soort == Soort.UWV:
                    rollen += [(Rol.KLANTMANAGER, 2), (Rol.WERKGEVERSADVISEUR, 1), (Rol.BESTUURDER, 1)]
                if org.soort == Soort.GGZ:
                    rollen += [(Rol.BESTUURDER, 1)]
                if org.soort in (Soort.GGZ, Soort.REINTEGRATIE, Soort.UWV):
                    aandeel = org.gewicht / gewicht if org.gewicht else 0
                    if org.naam == GROOT:
                        n_traj = self.aantal(1000)
                    elif org.naam == KLEIN:
                        n_traj = self.aantal(30)
                    else:
                        n_traj = n_t * aandeel
                    rollen += [(Rol.TRAJECTBEGELEIDER, max(1, round(n_traj * 0.27 / 18)))]
                for rol, aantal in rollen:
                    for _i in range(aantal):
                        volgnummer += 1
                        email = f"{rol}.{volgnummer}@{regio.slug}.{DOMEIN}"
                        pk = gebruiker(email, f"{rnd.choice(VOORNAMEN)} {rnd.choice(ACHTERNAMEN)}", onbruikbaar)
                        lid(regio, pk, email, org, rol)
                        if rol == Rol.TRAJECTBEGELEIDER:
                            regio.begeleiders.setdefault(org.id, []).append(pk)
            if regio.naam == BENCH_REGIO:
                for _sleutel, email, rol, org_naam, naam in BENCH_ACCOUNTS:
                    org = self._bench_org(regio, rol, org_naam)
                    pk = gebruiker(email, naam, self.bench_wachtwoord)
                    lid(regio, pk, email, org, rol)
                    if rol == Rol.TRAJECTBEGELEIDER:
                        regio.begeleiders.setdefault(org.id, []).insert(0, pk)
                    self.accounts.append((email, Rol(rol).label, org.naam, regio.slug))
        w.copy(
            Gebruiker,
            ["id", "email", "naam", "password", "is_active", "is_staff", "is_superuser", "aangemaakt_op", "last_login"],
            gebruikers,
        )
        w.copy(
            Lidmaatschap,
            ["id", "gebruiker_id", "organisatie_id", "regio_id", "rol", "actief", "aangemaakt_op", "gewijzigd_op"],
            leden,
        )
        self.tellingen.update(gebruikers=len(gebruikers), lidmaatschappen=len(leden))
        self._tweede_stap_voor_bench()

    def _tweede_stap_voor_bench(self) -> None:
        """Benchmark accounts get the demo authenticator app (fixed key from the e-mail address), so
        `manage.py demo_code <e-mail>` gives the code for the second login step."""
        try:
            from django_otp.plugins.otp_totp.models import TOTPDevice

            from hoofdzaak.demo import DEMO_APP_NAAM, demo_totp_sleutel
        except ImportError:  # no two-factor login in this version
            return
        for gebruiker in Gebruiker.objects.filter(email__in=[a[1] for a in BENCH_ACCOUNTS]):
            TOTPDevice.objects.create(
                user=gebruiker, name=DEMO_APP_NAAM, key=demo_totp_sleutel(gebruiker.email).hex(), confirmed=True
            )

    @staticmethod
    def _bench_org(regio: RegioData, rol: str, org_naam: str) -> Org:
        if org_naam:
            return next(o for o in regio.orgs if o.naam == org_naam)
        soort = {
            Rol.PROJECTLEIDER: Soort.PROGRAMMABUREAU,
            Rol.WERKGEVERSADVISEUR: Soort.WSP,
            Rol.KLANTMANAGER: Soort.GEMEENTE,
            Rol.PEER_SUPPORTER: Soort.PEER_SUPPORT,
            Rol.BESTUURDER: Soort.GEMEENTE,
        }[rol]
        return regio.van_soort(soort)[0]

    def maak_werkgevers(self) -> None:
        rnd, w = self.rnd, self.w
        werkgevers, contacten, vacatures = [], [], []
        sectoren = Sector.values
        for regio in self.regios:
            adviseurs = [lid.gebruiker for lid in regio.leden if lid.rol == Rol.WERKGEVERSADVISEUR]
            n = self.aantal(100 * regio.gewicht, 2)
            for i in range(n):
                pk = w.id(Werkgever)
                regio.werkgevers.append(pk)
                aangemaakt = self.nu - datetime.timedelta(days=rnd.randint(1, 5 * 365))
                werkgevers.append(
                    (
                        pk,
                        regio.id,
                        f"Werkgever {i + 1} {regio.naam}",
                        f"{10_000_000 + regio.id * 10_000 + i:08d}",
                        rnd.choice(sectoren),
                        f"Plaats {rnd.randint(1, 12)} {regio.naam}",
                        rnd.choice(ACHTERNAMEN),
                        f"info{pk}@werkgever.test",
                        "",
                        rnd.choice(Betrokkenheid.values),
                        rnd.choice(adviseurs),
                        1,
                        aangemaakt,
                    )
                )
                for _c in range(rnd.randint(3, 14)):
                    datum = self.vandaag - datetime.timedelta(days=rnd.randint(0, 5 * 365))
                    contacten.append(
                        (
                            w.id(Werkgeverscontact),
                            regio.id,
                            pk,
                            datum,
                            rnd.choice(Werkgeverscontact.Soort.values),
                            rnd.choice(adviseurs),
                            rnd.choice(NOTITIES),
                            self._moment(datum),
                        )
                    )
                for _v in range(rnd.randint(1, 5)):
                    vpk = w.id(Vacature)
                    status = rnd.choices(VacatureStatus.values, weights=[45, 30, 25])[0]
                    uren_van = rnd.choice([8, 12, 16, 20, 24, 32])
                    sluiting = (
                        self.vandaag + datetime.timedelta(days=rnd.randint(-400, 120)) if rnd.random() < 0.7 else None
                    )
                    vacatures.append(
                        (
                            vpk,
                            regio.id,
                            pk,
                            rnd.choice(FUNCTIES),
                            "Een fijne werkplek.",
                            rnd.choice(sectoren),
                            uren_van,
                            min(60, uren_van + rnd.choice([0, 4, 8, 16])),
                            f"Plaats {rnd.randint(1, 12)} {regio.naam}",
                            status,
                            sluiting,
                            "Rustige werkplek, begeleiding mogelijk.",
                            1,
                            aangemaakt,
                        )
                    )
                    regio.vacatures.append(vpk)
        w.copy(
            Werkgever,
            [
                "id",
                "regio_id",
                "naam",
                "kvk_nummer",
                "sector",
                "plaats",
                "contactpersoon",
                "email",
                "telefoon",
                "betrokkenheid",
                "accountmanager_id",
                "versie",
                "aangemaakt_op",
            ],
            werkgevers,
        )
        w.copy(
            Werkgeverscontact,
            ["id", "regio_id", "werkgever_id", "datum", "soort", "door_id", "notitie", "aangemaakt_op"],
            contacten,
        )
        w.copy(
            Vacature,
            [
                "id",
                "regio_id",
                "werkgever_id",
                "titel",
                "omschrijving",
                "sector",
                "uren_van",
                "uren_tot",
                "plaats",
                "status",
                "sluitingsdatum",
                "wat_past",
                "versie",
                "aangemaakt_op",
            ],
            vacatures,
        )
        self.tellingen.update(werkgevers=len(werkgevers), werkgeverscontacten=len(contacten), vacatures=len(vacatures))

    def _moment(self, datum: datetime.date) -> datetime.datetime:
        return datetime.datetime.combine(datum, datetime.time(12, 0), tzinfo=datetime.UTC)

    def _levensloop(self, verwijs: datetime.date, uiterlijk_einde: datetime.date | None = None) -> dict:
        """Status and dates of one trajectory referred on `verwijs`; ended by `uiterlijk_einde` when given."""
        rnd, vandaag = self.rnd, self.vandaag
        d = datetime.timedelta
        uit = {
            "status": TrajectStatus.AANGEMELD,
            "intakedatum": None,
            "startdatum": None,
            "einddatum": None,
            "eindreden": "",
            "afwijsreden": "",
        }
        if rnd.random() < 0.07:
            uit.update(status=TrajectStatus.AFGEWEZEN, afwijsreden="Past niet bij het aanbod van deze aanbieder.")
            return uit
        intake = verwijs + d(days=rnd.randint(5, 35))
        grens = uiterlijk_einde or vandaag
        if intake > grens:
            if uiterlijk_einde:
                uit.update(status=TrajectStatus.AFGEWEZEN, afwijsreden="Overgedragen voor de intake.")
            return uit
        uit.update(status=TrajectStatus.INTAKE, intakedatum=intake)
        start = intake + d(days=rnd.randint(5, 30))
        if rnd.random() < 0.05 or start > grens:
            if uiterlijk_einde or rnd.random() < 0.05:
                eind = min(grens, intake + d(days=rnd.randint(5, 40)))
                if eind <= grens and (uiterlijk_einde or eind <= vandaag):
                    uit.update(status=TrajectStatus.BEEINDIGD, einddatum=eind, eindreden=Eindreden.EIGEN_KEUZE)
            return uit
        uit.update(status=TrajectStatus.GESTART, startdatum=start)
        eind = start + d(days=rnd.randint(90, 800))
        if uiterlijk_einde:
            eind = min(eind, uiterlijk_einde)
        if eind <= vandaag:
            reden = rnd.choices(Eindreden.values, weights=[35, 8, 15, 12, 5, 10, 10, 5])[0]
            if uiterlijk_einde:
                reden = Eindreden.OVERGEDRAGEN
            uit.update(status=TrajectStatus.BEEINDIGD, einddatum=eind, eindreden=reden)
        return uit

    def maak_deelnemers(self) -> None:
        rnd, w, d = self.rnd, self.w, datetime.timedelta
        deelnemers, trajecten, wijzigingen, toestemmingen, tellers = [], [], [], [], []
        self.trajectinfo: list[tuple] = []  # for contacts, proposals, placements
        dagen = (self.vandaag - self.begin).days
        for regio in self.regios:
            n_d, n_t = self.per_regio[regio.id]
            gemeenten = regio.van_soort(Soort.GEMEENTE)
            uwv = regio.van_soort(Soort.UWV)[0]
            peers = [lid.gebruiker for lid in regio.leden if lid.rol == Rol.PEER_SUPPORTER]
            klantmanagers = defaultdict(list)
            for lid in regio.leden:
                if lid.rol == Rol.KLANTMANAGER:
                    klantmanagers[lid.organisatie.id].append(lid.gebruiker)
            aanbieders = regio.van_soort(Soort.GGZ, Soort.REINTEGRATIE, Soort.UWV)
            slots = self._aanbieder_slots(aanbieders, n_t)
            tweede = set(rnd.sample(range(n_d), n_t - n_d))
            teller: dict[int, int] = defaultdict(int)
            s = 0
            bench_km = next((lid for lid in regio.leden if lid.email == f"bench-km@{DOMEIN}"), None)
            for i in range(n_d):
                twee = i in tweede
                verwijs = self.begin + d(days=rnd.randint(0, dagen - (200 if twee else 1)))
                woon = gemeenten[0] if (bench_km and rnd.random() < 0.1) else rnd.choice(gemeenten)
                teller[verwijs.year] += 1
                pk = w.id(Deelnemer)
                nummer = f"{regio.code}-{verwijs.year}-{teller[verwijs.year]:04d}"
                regio.deelnemers.append((pk, nummer))
                plan = [verwijs]
                if twee:
                    plan.append(None)
                eerste_aanbieder = None
                heeft_gestart = False
                vorige_einde = None
                for j, _ in enumerate(plan):
                    aanbieder = slots[s]
                    if eerste_aanbieder is not None and aanbieder.id == eerste_aanbieder:
                        # Swap with the next slot of another provider: one trajectory per provider here.
                        k = next((k for k in range(s + 1, len(slots)) if slots[k].id != eerste_aanbieder), None)
                        if k is not None:
                            slots[s], slots[k] = slots[k], slots[s]
                            aanbieder = slots[s]
                    s += 1
                    if j == 0:
                        eerste_aanbieder = aanbieder.id
                        limiet = self.vandaag - d(days=60) if twee else None
                        loop = self._levensloop(verwijs, limiet)
                        if twee and loop["status"] != TrajectStatus.AFGEWEZEN and loop["einddatum"] is None:
                            # The first trajectory must be over before the second starts.
                            eind = max(loop["startdatum"] or loop["intakedatum"] or verwijs, verwijs) + d(days=30)
                            loop.update(
                                status=TrajectStatus.BEEINDIGD,
                                einddatum=min(eind, limiet),
                                eindreden=Eindreden.OVERGEDRAGEN,
                            )
                            if loop["startdatum"] and loop["einddatum"] < loop["startdatum"]:
                                loop["einddatum"] = loop["startdatum"]
                        vorige_einde = loop["einddatum"] or (loop["intakedatum"] or verwijs)
                    else:
                        tv = min(self.vandaag - d(days=1), vorige_einde + d(days=rnd.randint(1, 60)))
                        tv = max(tv, vorige_einde)
                        loop = self._levensloop(tv)
                        verwijs = tv
                    verwijzer = rnd.choices([woon, uwv, None], weights=[60, 25, 15])[0]
                    verwezen_door = (
                        rnd.choice(klantmanagers[verwijzer.id]) if verwijzer and klantmanagers[verwijzer.id] else None
                    )
                    begeleiders = regio.begeleiders.get(aanbieder.id) or [None]
                    begeleider = rnd.choice(begeleiders)
                    if loop["status"] in (TrajectStatus.AANGEMELD, TrajectStatus.AFGEWEZEN) and rnd.random() < 0.5:
                        begeleider = None
                    methode = {Soort.GGZ: Methode.IPS, Soort.UWV: Methode.UWV}.get(
                        aanbieder.soort,
                        rnd.choice([Methode.JOBCOACHING, Methode.GEMEENTE, Methode.WERK_ALS_BESTE_ZORG]),
                    )
                    stroom = {Soort.GGZ: Financieringsstroom.ZVW, Soort.UWV: Financieringsstroom.UWV}.get(
                        aanbieder.soort, Financieringsstroom.PARTICIPATIEWET
                    )
                    tpk = w.id(Traject)
                    situatie = SituatieBijStart.ZONDER_WERK if rnd.random() < 0.85 else SituatieBijStart.MET_WERK
                    trajecten.append(
                        (
                            tpk,
                            regio.id,
                            pk,
                            methode,
                            aanbieder.id,
                            begeleider,
                            verwijzer.id if verwijzer else None,
                            verwezen_door,
                            verwijzer.id if verwijzer else None,
                            stroom,
                            loop["status"],
                            verwijs,
                            "Aangemeld via het regionale loket.",
                            loop["afwijsreden"],
                            loop["intakedatum"],
                            loop["startdatum"],
                            loop["einddatum"],
                            loop["eindreden"],
                            situatie,
                            1,
                            self._moment(verwijs),
                        )
                    )
                    self.trajectinfo.append((tpk, regio, pk, begeleider, loop, verwijs))
                    heeft_gestart = heeft_gestart or loop["startdatum"] is not None
                    # Status history
                    stappen = [("", TrajectStatus.AANGEMELD, verwijs)]
                    if loop["status"] == TrajectStatus.AFGEWEZEN:
                        stappen.append((TrajectStatus.AANGEMELD, TrajectStatus.AFGEWEZEN, verwijs))
                    if loop["intakedatum"]:
                        stappen.append((TrajectStatus.AANGEMELD, TrajectStatus.INTAKE, loop["intakedatum"]))
                    if loop["startdatum"]:
                        stappen.append((TrajectStatus.INTAKE, TrajectStatus.GESTART, loop["startdatum"]))
                    if loop["einddatum"]:
                        stappen.append((stappen[-1][1], TrajectStatus.BEEINDIGD, loop["einddatum"]))
                    for van, naar, datum in stappen:
                        wijzigingen.append(
                            (
                                w.id(TrajectStatusWijziging),
                                regio.id,
                                tpk,
                                van,
                                naar,
                                datum,
                                "",
                                begeleider,
                                self._moment(datum),
                            )
                        )
                    # Consents: gemeente and referrer mostly, UWV sometimes; some expired, some withdrawn.
                    ontvangers = {woon.id} if rnd.random() < 0.8 else set()
                    if verwijzer and rnd.random() < 0.85:
                        ontvangers.add(verwijzer.id)
                    if rnd.random() < 0.2:
                        ontvangers.add(uwv.id)
                    for org_id in sorted(ontvangers):
                        gegeven = verwijs
                        geldig_tot = gegeven + d(days=rnd.choice([365, 730, 1095]))
                        ingetrokken = None
                        if rnd.random() < 0.08:
                            ingetrokken = min(self.vandaag, gegeven + d(days=rnd.randint(10, 300)))
                        toestemmingen.append(
                            (
                                w.id(Toestemming),
                                regio.id,
                                pk,
                                org_id,
                                gegeven,
                                geldig_tot,
                                ingetrokken,
                                rnd.choice(Toestemming.Vorm.values),
                                begeleider or verwezen_door or regio.leden[0].gebruiker,
                                self._moment(gegeven),
                            )
                        )
                peer = rnd.choice(peers) if (peers and heeft_gestart and rnd.random() < 0.25) else None
                self.deelnemer_peer[pk] = peer
                geboren = datetime.date(rnd.randint(1962, 2004), rnd.randint(1, 12), rnd.randint(1, 28))
                deelnemers.append(
                    (
                        pk,
                        regio.id,
                        nummer,
                        rnd.choice(VOORNAMEN),
                        rnd.choice(ACHTERNAMEN),
                        geboren,
                        woon.id,
                        f"{rnd.randint(1000, 9999)} AB",
                        f"06 {rnd.randint(10000000, 99999999)}",
                        f"deelnemer{pk}@voorbeeld.test",
                        rnd.choice(Uitkering.values),
                        '["' + '", "'.join(rnd.sample(Sector.values, 2)) + '"]',
                        rnd.choice([None, 16, 24, 32]),
                        "",
                        peer,
                        1,
                        self._moment(verwijs),
                        None,
                        None,
                        False,
                    )
                )
            for jaar, laatste in teller.items():
                tellers.append((w.id(DeelnemerNummerteller), regio.id, jaar, laatste))
        # Bench peer supporter: give it a handful of participants of the bench region.
        self._koppel_bench_peer(deelnemers)
        w.copy(
            Deelnemer,
            [
                "id",
                "regio_id",
                "nummer",
                "voornaam",
                "achternaam",
                "geboortedatum",
                "woongemeente_id",
                "postcode",
                "telefoon",
                "email",
                "uitkering",
                "wens_sectoren",
                "wens_uren",
                "wens_plaats",
                "peer_supporter_id",
                "versie",
                "aangemaakt_op",
                "geanonimiseerd_op",
                "aantal_toestemmingen",
                "had_peer_supporter",
            ],
            deelnemers,
        )
        w.copy(
            Traject,
            [
                "id",
                "regio_id",
                "deelnemer_id",
                "methode",
                "aanbieder_id",
                "trajectbegeleider_id",
                "verwijzer_id",
                "verwezen_door_id",
                "financier_id",
                "financieringsstroom",
                "status",
                "verwijsdatum",
                "verwijs_toelichting",
                "afwijsreden",
                "intakedatum",
                "startdatum",
                "einddatum",
                "eindreden",
                "situatie_bij_start",
                "versie",
                "aangemaakt_op",
            ],
            trajecten,
        )
        w.copy(
            TrajectStatusWijziging,
            [
                "id",
                "regio_id",
                "traject_id",
                "van_status",
                "naar_status",
                "datum",
                "toelichting",
                "door_id",
                "tijdstip",
            ],
            wijzigingen,
        )
        w.copy(
            Toestemming,
            [
                "id",
                "regio_id",
                "deelnemer_id",
                "organisatie_id",
                "gegeven_op",
                "geldig_tot",
                "ingetrokken_op",
                "vorm",
                "vastgelegd_door_id",
                "aangemaakt_op",
            ],
            toestemmingen,
        )
        w.copy(DeelnemerNummerteller, ["id", "regio_id", "jaar", "laatste"], tellers)
        self.tellingen.update(
            deelnemers=len(deelnemers),
            trajecten=len(trajecten),
            statuswijzigingen=len(wijzigingen),
            toestemmingen=len(toestemmingen),
        )
        # Providers' trajectory counts (for the report of the bench providers)
        per_aanbieder = defaultdict(int)
        for rij in trajecten:
            per_aanbieder[rij[4]] += 1
        self.per_aanbieder = per_aanbieder

    def _koppel_bench_peer(self, deelnemers: list[list]) -> None:
        regio = next((r for r in self.regios if r.naam == BENCH_REGIO), None)
        if regio is None:
            return
        peer = next((lid.gebruiker for lid in regio.leden if lid.email == f"bench-peer@{DOMEIN}"), None)
        kandidaten = [i for i, rij in enumerate(deelnemers) if rij[1] == regio.id]
        for i in self.rnd.sample(kandidaten, min(len(kandidaten), self.aantal(25, 2))):
            rij = list(deelnemers[i])
            rij[14] = peer
            deelnemers[i] = tuple(rij)
            self.deelnemer_peer[rij[0]] = peer

    def _aanbieder_slots(self, aanbieders: list[Org], n_t: int) -> list[Org]:
        """A shuffled list of n_t providers: the bench providers get their fixed sizes, the rest by weight."""
        slots: list[Org] = []
        vast = [o for o in aanbieders if o.naam in (GROOT, KLEIN)]
        for org in vast:
            slots += [org] * (self.aantal(1000) if org.naam == GROOT else self.aantal(30))
        overig = [o for o in aanbieders if o not in vast]
        rest = max(0, n_t - len(slots))
        gewicht = sum(o.gewicht for o in overig)
        for org in overig:
            slots += [org] * round(rest * org.gewicht / gewicht)
        while len(slots) < n_t:
            slots.append(self.rnd.choice(overig))
        self.rnd.shuffle(slots)
        # Safety margin for the swap in maak_deelnemers: one spare slot of each other provider at the end.
        return slots + overig

    def maak_contacten(self) -> None:
        rnd, w, d = self.rnd, self.w, datetime.timedelta
        totaal = self.aantal(1_000_000)
        gewichten = []
        for *_rest, loop, _verwijs in self.trajectinfo:
            if loop["intakedatum"] is None:
                gewichten.append(0)
                continue
            eind = loop["einddatum"] or self.vandaag
            gewichten.append(max(1, (eind - loop["intakedatum"]).days))
        som = sum(gewichten) or 1
        soorten = [s for s, _g in CONTACTSOORTEN]
        soort_gewichten = [g for _s, g in CONTACTSOORTEN]
        per_traject = totaal / som

        def rijen():
            rest = 0.0
            for (tpk, regio, dpk, begeleider, loop, _verwijs), gewicht in zip(self.trajectinfo, gewichten, strict=True):
                if not gewicht:
                    continue
                exact = gewicht * per_traject + rest
                n = int(exact)
                rest = exact - n
                begin = loop["intakedatum"]
                lengte = gewicht
                peer = self.deelnemer_peer.get(dpk)
                for soort in rnd.choices(soorten, weights=soort_gewichten, k=n):
                    datum = begin + d(days=rnd.randint(0, lengte))
                    if datum > self.vandaag:
                        datum = self.vandaag
                    door = begeleider
                    werkgever = None
                    if soort == ContactSoort.PEER_SUPPORT:
                        if peer is None:
                            soort = ContactSoort.COACHING
                        else:
                            door = peer
                    elif soort == ContactSoort.WERKGEVERSCONTACT and regio.werkgevers:
                        werkgever = rnd.choice(regio.werkgevers)
                    yield (
                        w.id(Contactmoment),
                        regio.id,
                        tpk,
                        datum,
                        soort,
                        rnd.random() < 0.7,
                        werkgever,
                        rnd.choice((30, 45, 60, 90)),
                        rnd.choice(NOTITIES),
                        door,
                        self._moment(datum),
                    )

        aantal = w.copy(
            Contactmoment,
            [
                "id",
                "regio_id",
                "traject_id",
                "datum",
                "soort",
                "face_to_face",
                "werkgever_id",
                "minuten",
                "notitie",
                "door_id",
                "aangemaakt_op",
            ],
            rijen(),
        )
        self.tellingen["contactmomenten"] = aantal

    def maak_werk(self) -> None:
        rnd, w, d = self.rnd, self.w, datetime.timedelta
        voordrachten, plaatsingen = [], []
        for tpk, regio, _dpk, begeleider, loop, _verwijs in self.trajectinfo:
            start = loop["startdatum"]
            if start is None or start >= self.vandaag:
                continue
            eind = min(loop["einddatum"] or self.vandaag, self.vandaag)
            voordracht = None
            if regio.vacatures and rnd.random() < 0.2:
                vpk = w.id(Voordracht)
                op = start + d(days=rnd.randint(0, max(0, (eind - start).days)))
                status = rnd.choices(VoordrachtStatus.values, weights=[20, 15, 25, 30, 10])[0]
                if loop["status"] != TrajectStatus.GESTART and status in (
                    VoordrachtStatus.VOORGEDRAGEN,
                    VoordrachtStatus.GESPREK,
                ):
                    status = VoordrachtStatus.AFGEWEZEN
                voordrachten.append(
                    (
                        vpk,
                        regio.id,
                        tpk,
                        rnd.choice(regio.vacatures),
                        "Betrouwbaar, werkt graag met de handen, wil 20 uur per week.",
                        status,
                        "Andere kandidaat gekozen." if status == VoordrachtStatus.AFGEWEZEN else "",
                        op,
                        op,
                        begeleider,
                        1,
                        self._moment(op),
                    )
                )
                if status == VoordrachtStatus.AANGENOMEN:
                    voordracht = (vpk, op)
            if voordracht is None and rnd.random() > 0.25:
                continue
            pstart = voordracht[1] if voordracht else start + d(days=rnd.randint(0, max(0, (eind - start).days)))
            peind = None
            if rnd.random() < 0.4:
                peind = min(self.vandaag, pstart + d(days=rnd.randint(30, 500)))
            vorm = rnd.choices(Contractvorm.values, weights=[50, 20, 20, 10])[0]
            betaald = vorm != Contractvorm.PROEFPLAATSING
            werkgever = rnd.choice(regio.werkgevers) if regio.werkgevers and rnd.random() < 0.8 else None
            plaatsingen.append(
                (
                    w.id(Plaatsing),
                    regio.id,
                    tpk,
                    werkgever,
                    "" if werkgever else "Bedrijf buiten register",
                    voordracht[0] if voordracht else None,
                    rnd.choice(FUNCTIES),
                    pstart,
                    peind,
                    "Contract afgelopen" if peind else "",
                    rnd.choice([12, 16, 20, 24, 32]),
                    vorm,
                    betaald,
                    betaald and rnd.random() < 0.2,
                    self._moment(pstart),
                )
            )
        w.copy(
            Voordracht,
            [
                "id",
                "regio_id",
                "traject_id",
                "vacature_id",
                "profiel",
                "status",
                "afwijsreden",
                "voorgedragen_op",
                "status_sinds",
                "voorgedragen_door_id",
                "versie",
                "aangemaakt_op",
            ],
            voordrachten,
        )
        w.copy(
            Plaatsing,
            [
                "id",
                "regio_id",
                "traject_id",
                "werkgever_id",
                "werkgever_naam",
                "voordracht_id",
                "functie",
                "startdatum",
                "einddatum",
                "eindreden",
                "uren_per_week",
                "contractvorm",
                "betaald",
                "loonkostensubsidie",
                "aangemaakt_op",
            ],
            plaatsingen,
        )
        self.tellingen.update(voordrachten=len(voordrachten), plaatsingen=len(plaatsingen))

    def maak_rechten(self) -> None:
        ids = [pk for regio in self.regios for pk, _n in regio.deelnemers]
        aantal = 0
        for i in range(0, len(ids), 20_000):
            aantal += herbereken_toegang_bulk(ids[i : i + 20_000], self.vandaag)
        self.tellingen["rechten"] = aantal

    def maak_auditlog(self) -> None:
        rnd, w = self.rnd, self.w
        totaal = self.aantal(1_000_000)
        with connection.cursor() as cursor:
            # The same lock as hoofdzaak.audit._voeg_toe: no other writer links to the head meanwhile.
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [audit.KETEN_LOCK])
        vorige = AuditRegel.objects.order_by("-id").values_list("hash", flat=True).first() or audit.BEGIN_HASH
        leden = [(regio, lid) for regio in self.regios for lid in regio.leden]
        acties = [a for a, _g in AUDITACTIES]
        gewichten = [g for _a, g in AUDITACTIES]
        eerste = datetime.datetime.combine(
            self.begin + datetime.timedelta(days=2), datetime.time(8), tzinfo=datetime.UTC
        )
        laatste = self.nu - datetime.timedelta(minutes=5)
        stap = (laatste - eerste) / totaal

        def rijen():
            nonlocal vorige
            for i, actie in enumerate(rnd.choices(acties, weights=gewichten, k=totaal)):
                regio, lid = leden[rnd.randrange(len(leden))]
                r = _Regel()
                r.tijdstip = eerste + stap * i
                r.gebruiker_id, r.gebruiker_email = lid.gebruiker, lid.email
                r.organisatie_id, r.organisatie_naam, r.rol = lid.organisatie.id, lid.organisatie.naam, lid.rol
                r.regio_id, r.actie = regio.id, actie
                r.deelnemer_nummer = r.grondslag = r.object_type = r.object_id = r.omschrijving = ""
                r.client_request_id = r.zoekterm = r.getoonde_nummers = ""
                if actie in (AuditActie.LEZEN, AuditActie.WIJZIGEN, AuditActie.AANMAKEN) and regio.deelnemers:
                    pk, nummer = regio.deelnemers[rnd.randrange(len(regio.deelnemers))]
                    r.deelnemer_nummer, r.object_type, r.object_id = nummer, "deelnemer", str(pk)
                    r.grondslag = GRONDSLAG.get(lid.rol, "")
                elif actie == AuditActie.ZOEKEN:
                    r.object_type, r.omschrijving = "caseload", "Zoekopdracht in de lijst caseload"
                    r.zoekterm = "de Vries"
                elif actie == AuditActie.INLOGGEN:
                    r.omschrijving = "Ingelogd"
                elif actie == AuditActie.UITLOGGEN:
                    r.omschrijving = "Uitgelogd"
                elif actie == AuditActie.GEWEIGERD:
                    r.omschrijving = "404 GET: niet gevonden of geen toegang"
                r.ip = str(ipaddress.IPv4Address(0x0A000000 + rnd.randrange(1 << 16)))
                r.request_id = f"{rnd.getrandbits(128):032x}"
                r.vorige_hash = vorige
                vorige = audit.bereken_hash(r)
                yield (
                    w.id(AuditRegel),
                    r.tijdstip,
                    r.gebruiker_id,
                    r.gebruiker_email,
                    r.organisatie_id,
                    r.organisatie_naam,
                    r.rol,
                    r.regio_id,
                    r.actie,
                    r.deelnemer_nummer,
                    r.grondslag,
                    r.object_type,
                    r.object_id,
                    r.omschrijving,
                    r.ip,
                    r.request_id,
                    r.client_request_id,
                    r.zoekterm,
                    r.getoonde_nummers,
                    r.vorige_hash,
                    vorige,
                )

        aantal = w.copy(
            AuditRegel,
            [
                "id",
                "tijdstip",
                "gebruiker_id",
                "gebruiker_email",
                "organisatie_id",
                "organisatie_naam",
                "rol",
                "regio_id",
                "actie",
                "deelnemer_nummer",
                "grondslag",
                "object_type",
                "object_id",
                "omschrijving",
                "ip",
                "request_id",
                "client_request_id",
                "zoekterm",
                "getoonde_nummers",
                "vorige_hash",
                "hash",
            ],
            rijen(),
        )
        self.tellingen["auditregels"] = aantal

    def run(self) -> Resultaat:
        start = time.monotonic()
        with transaction.atomic():
            for naam, stap in [
                ("regio's, organisaties en groepen", self.maak_structuur),
                ("verdeling", self.verdeel_deelnemers),
                ("gebruikers en lidmaatschappen", self.maak_gebruikers),
                ("werkgevers, contacten en vacatures", self.maak_werkgevers),
                ("deelnemers, trajecten, statushistorie en toestemmingen", self.maak_deelnemers),
                ("contactmomenten", self.maak_contacten),
                ("voordrachten en plaatsingen", self.maak_werk),
                ("rechten (set-based)", self.maak_rechten),
                ("auditlog met hashketen", self.maak_auditlog),
            ]:
                stap()
                self._stap(naam, start)
            self.w.zet_sequences()
        groot = klein = 0
        for regio in self.regios:
            for org in regio.orgs:
                if org.naam == GROOT:
                    groot = self.per_aanbieder.get(org.id, 0)
                elif org.naam == KLEIN:
                    klein = self.per_aanbieder.get(org.id, 0)
        return Resultaat(dict(self.tellingen), self.accounts, time.monotonic() - start, groot, klein)


# --- Entry points -------------------------------------------------------------------------------------------


# Everything the generator writes, truncated by --opnieuw (CASCADE takes the join tables along).
def _te_legen_tabellen() -> list[str]:
    from django.apps import apps

    tabellen = [
        m._meta.db_table
        for app in ("hoofdzaak", "werkgevers", "trajecten", "rapportage")
        for m in apps.get_app_config(app).get_models()
    ]
    tabellen += [Group._meta.db_table, "django_session"]
    return tabellen


def leeg_database() -> None:
    if connection.vendor != "postgresql":
        raise RuntimeError("genereer_landelijk werkt alleen op PostgreSQL")
    with connection.cursor() as cursor:
        # Inside a transaction that just wrote rows (tests), deferred FK checks would block TRUNCATE.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE " + ", ".join(_te_legen_tabellen()) + " RESTART IDENTITY CASCADE")


def genereer(
    schaal: float = 1.0,
    *,
    opnieuw: bool = False,
    seed: int = 20260101,
    aantal_regios: int = len(REGIOS),
    vandaag: datetime.date | None = None,
    log=None,
    vacuum: bool = True,
) -> Resultaat:
    """Fill the database (see the module docstring). Refuses a database with regions unless `opnieuw`."""
    if connection.vendor != "postgresql":
        raise RuntimeError("genereer_landelijk werkt alleen op PostgreSQL (COPY)")
    if Regio.objects.exists():
        if not opnieuw:
            raise RegiosBestaanAl("De database bevat al regio's; gebruik --opnieuw om alles eerst te legen.")
        leeg_database()
    resultaat = Generator(schaal, seed=seed, vandaag=vandaag, aantal_regios=aantal_regios, log=log).run()
    if vacuum and connection.get_autocommit():
        start = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
        if log:
            log(f"  VACUUM ANALYZE ({time.monotonic() - start:.1f} s)")
    return resultaat
