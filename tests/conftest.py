"""Shared fixtures: test data always has two regions and a user in every role in each."""

from __future__ import annotations

import contextlib
import os
import time
from dataclasses import dataclass, field

import dj_database_url
import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from hoofdzaak import actions
from hoofdzaak.models import Gebruiker, Lidmaatschap, Organisatie, Regio, Rol, Soort

WACHTWOORD = "Een-lang-test-wachtwoord-42"

# Which organisation of the region each role's user works at.
ORGANISATIE_PER_ROL = {
    Rol.PROJECTLEIDER: "programmabureau",
    Rol.TRAJECTBEGELEIDER: "ggz",
    Rol.KLANTMANAGER: "gemeente",
    Rol.PEER_SUPPORTER: "peer",
    Rol.WERKGEVERSADVISEUR: "wsp",
    Rol.BESTUURDER: "gemeente",
}


# --- Database roles (hoofdzaak/rechten.py) -------------------------------------------------------------------------
#
# pytest-django creates and migrates each test database as the owner (DATABASE_URL); the owner grants the application
# role (PORTAAL_DB_APP_ROLE) its rights after migrate, and then every test runs connected as that role
# (TEST_APP_DATABASE_URL), like web, worker and beat in production: a missing grant fails a test. Only what the owner
# does in production runs as the owner here: creating, flushing (after transactional tests) and dropping the database.

_APP_URL = os.environ.get("TEST_APP_DATABASE_URL", "")


def _gebruiker(user: str, password: str) -> None:
    from django.db import connections

    connection = connections["default"]
    connection.close()
    connection.settings_dict["USER"] = user
    connection.settings_dict["PASSWORD"] = password


@contextlib.contextmanager
def als_eigenaar():
    """Connected as the test database's owner for the duration (flush; tampering with the audit log in tests)."""
    from django.db import connections

    huidig = connections["default"].settings_dict
    app = (huidig["USER"], huidig["PASSWORD"])
    _gebruiker(*_EIGENAAR)
    try:
        yield
    finally:
        _gebruiker(*app)


_EIGENAAR: tuple[str, str] = ("", "")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's setup (as the owner), then the connection switched to the application role."""
    global _EIGENAAR
    if not _APP_URL:
        yield
        return
    from django.db import connections
    from django.test import TransactionTestCase

    app = dj_database_url.parse(_APP_URL)
    huidig = connections["default"].settings_dict
    _EIGENAAR = (huidig["USER"], huidig["PASSWORD"])
    origineel = TransactionTestCase._fixture_teardown

    def _fixture_teardown(self):
        # The flush after a transactional test TRUNCATEs every table, the audit table too: the owner's job.
        with als_eigenaar():
            origineel(self)

    with django_db_blocker.unblock():
        _gebruiker(app["USER"], app["PASSWORD"])
    TransactionTestCase._fixture_teardown = _fixture_teardown
    try:
        yield
    finally:
        TransactionTestCase._fixture_teardown = origineel
        with django_db_blocker.unblock():
            _gebruiker(*_EIGENAAR)


@pytest.fixture(autouse=True)
def _auditankers(settings, tmp_path_factory):
    # Audit log anchors go to a fresh directory per test, never into var/auditankers (the demo's).
    settings.PORTAAL_AUDIT_ANCHOR_DIR = tmp_path_factory.mktemp("auditankers")


@dataclass
class RegioWereld:
    regio: Regio
    organisaties: dict[str, Organisatie]
    gebruikers: dict[str, Gebruiker] = field(default_factory=dict)
    lidmaatschappen: dict[str, Lidmaatschap] = field(default_factory=dict)


@dataclass
class Wereld:
    a: RegioWereld
    b: RegioWereld


def maak_regio(naam: str, slug: str, code: str, cbs_codes: tuple[str, str]) -> RegioWereld:
    regio = Regio.objects.create(naam=naam, slug=slug, code=code)
    specs = {
        "programmabureau": (f"Programmabureau {naam}", Soort.PROGRAMMABUREAU, ""),
        "gemeente": (f"Gemeente {naam}", Soort.GEMEENTE, cbs_codes[0]),
        "gemeente2": (f"Gemeente Buur {naam}", Soort.GEMEENTE, cbs_codes[1]),
        "uwv": (f"UWV {naam}", Soort.UWV, ""),
        "ggz": (f"GGZ {naam}", Soort.GGZ, ""),
        "reintegratie": (f"Re-integratie {naam}", Soort.REINTEGRATIE, ""),
        "peer": (f"Peer support {naam}", Soort.PEER_SUPPORT, ""),
        "wsp": (f"WSP {naam}", Soort.WSP, ""),
    }
    organisaties = {
        key: actions.maak_organisatie(regio=regio, naam=n, soort=s, cbs_code=c) for key, (n, s, c) in specs.items()
    }
    wereld = RegioWereld(regio=regio, organisaties=organisaties)
    for rol, org_key in ORGANISATIE_PER_ROL.items():
        gebruiker = Gebruiker.objects.create_user(
            email=f"{rol}@{slug}.test", naam=f"{Rol(rol).label} {naam}", password=WACHTWOORD
        )
        wereld.gebruikers[rol] = gebruiker
        wereld.lidmaatschappen[rol] = actions.voeg_lidmaatschap_toe(
            gebruiker=gebruiker, organisatie=organisaties[org_key], rol=rol
        )
    collega = Gebruiker.objects.create_user(email=f"collega@{slug}.test", naam=f"Collega {naam}", password=WACHTWOORD)
    wereld.gebruikers["collega"] = collega
    wereld.lidmaatschappen["collega"] = actions.voeg_lidmaatschap_toe(
        gebruiker=collega, organisatie=organisaties["gemeente2"], rol=Rol.KLANTMANAGER
    )
    return wereld


@pytest.fixture
def wereld(db) -> Wereld:
    return Wereld(
        a=maak_regio("Holland Rijnland", "holland-rijnland", "HR", ("GM0546", "GM0537")),
        b=maak_regio("Midden-Utrecht", "midden-utrecht", "MU", ("GM0344", "GM0356")),
    )


@pytest.fixture(autouse=True)
def _prive_opslag(settings, tmp_path_factory):
    # Generated reports go to a fresh directory per test, never into var/private (the demo's).
    settings.PRIVATE_STORAGE_DIR = tmp_path_factory.mktemp("private")


@pytest.fixture(autouse=True)
def _snelle_testinstellingen(settings):
    # Hashing test passwords with the production hasher would dominate the suite's run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests run with DEBUG off like production, but without a collectstatic manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


# --- Two-factor login (hoofdzaak/tweefactor.py) ---------------------------------------------------------------
#
# `client.force_login(user)` (any Client, also one made in a test) gives a session that has passed the second
# step as well: the user gets a confirmed authenticator app ("Test") if it has none. So tests about anything
# else need not care about 2FA. Tests of the 2FA flow log in through the forms, or use `alleen_wachtwoord`.

_DJANGO_FORCE_LOGIN = Client.force_login


def zorg_voor_app(gebruiker) -> TOTPDevice:
    """The user's confirmed authenticator app, created when it has none."""
    apparaat = TOTPDevice.objects.filter(user=gebruiker, confirmed=True).order_by("pk").first()
    return apparaat or TOTPDevice.objects.create(user=gebruiker, name="Test", confirmed=True)


def code_voor(apparaat: TOTPDevice) -> str:
    """A code the app would show now that the portal still accepts (each time step is accepted once)."""
    while True:
        apparaat.refresh_from_db()
        nu = time.time()
        t = (int(nu) - apparaat.t0) // apparaat.step + apparaat.drift
        # The current step, or the next one (within the tolerance of one step) when the current one was used.
        for kandidaat in (t, t + 1):
            if kandidaat > apparaat.last_t:
                return f"{hotp(apparaat.bin_key, kandidaat, digits=apparaat.digits):0{apparaat.digits}d}"
        time.sleep(apparaat.step - (int(nu) - apparaat.t0) % apparaat.step + 0.1)


def markeer_tweede_stap(client: Client, gebruiker) -> None:
    """Mark the client's session as verified with the user's app, like django_otp.login does."""
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = zorg_voor_app(gebruiker).persistent_id
    session.save()


def alleen_wachtwoord(client: Client, gebruiker, backend=None) -> None:
    """Django's own force_login: signed in, but the second step not passed."""
    _DJANGO_FORCE_LOGIN(client, gebruiker, backend)


def tweede_stap(client: Client, gebruiker, **extra):
    """Pass the second step in the client's session through the form (after the password step)."""
    from django.urls import reverse

    return client.post(reverse("tweede_stap"), {"code": code_voor(zorg_voor_app(gebruiker))}, **extra)


@pytest.fixture(autouse=True)
def _force_login_met_tweede_stap(monkeypatch):
    def force_login(self, user, backend=None):
        _DJANGO_FORCE_LOGIN(self, user, backend)
        markeer_tweede_stap(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


def ctx_van(regio_wereld: RegioWereld, rol: str):
    """The RegioContext a user of `rol` acts in, as the tenancy middleware would build it."""
    from hoofdzaak.tenancy import RegioContext

    lid = Lidmaatschap.objects.select_related("regio", "organisatie", "gebruiker").get(
        pk=regio_wereld.lidmaatschappen[rol].pk
    )
    return RegioContext(regio=lid.regio, lidmaatschap=lid, lidmaatschappen=(lid,))


@dataclass
class Dossiers:
    """Participants of region A, each in a different access situation, and one of region B.

    - `eigen`: trajectory run by the trajectbegeleider's organisation (GGZ), referred by the
      klantmanager's gemeente, lives there, valid consent for that gemeente, peer supporter assigned;
    - `zonder_toestemming`: run by another provider of the region, lives in the klantmanager's
      gemeente but no consent for it;
    - `ingetrokken`: like `eigen` but the gemeente's consent was withdrawn;
    - `andere_regio`: region B's counterpart of `eigen`.
    """

    eigen: object
    zonder_toestemming: object
    ingetrokken: object
    andere_regio: object


def maak_dossier(regio_wereld: RegioWereld, *, aanbieder: str = "ggz", toestemming: bool = True, peer: bool = True):
    import datetime

    from trajecten import actions as traject_actions

    vandaag = datetime.date.today()
    begeleider_ctx = ctx_van(regio_wereld, Rol.TRAJECTBEGELEIDER)
    if aanbieder != "ggz":
        # Another provider of the region runs this one: register it through a colleague there.
        collega = Gebruiker.objects.create_user(
            email=f"begeleider-{aanbieder}-{Gebruiker.objects.count()}@{regio_wereld.regio.slug}.test",
            naam="Andere begeleider",
            password=WACHTWOORD,
        )
        lid = actions.voeg_lidmaatschap_toe(
            gebruiker=collega, organisatie=regio_wereld.organisaties[aanbieder], rol=Rol.TRAJECTBEGELEIDER
        )
        from hoofdzaak.tenancy import RegioContext

        begeleider_ctx = RegioContext(regio=regio_wereld.regio, lidmaatschap=lid, lidmaatschappen=(lid,))
    gemeente = regio_wereld.organisaties["gemeente"]
    traject = traject_actions.registreer_intake(
        ctx=begeleider_ctx,
        deelnemer={
            "voornaam": "Sanne",
            "achternaam": f"de Vries {Gebruiker.objects.count()}",
            "geboortedatum": datetime.date(1990, 5, 17),
            "woongemeente": gemeente,
            "postcode": "2311 AB",
            "telefoon": "06 12345678",
            "email": "sanne@example.org",
            "uitkering": "participatiewet",
        },
        methode="ips",
        intakedatum=vandaag - datetime.timedelta(days=30),
        startdatum=vandaag - datetime.timedelta(days=20),
        situatie_bij_start="zonder_werk",
        verwijzer=gemeente,
        toestemmingen=[
            {
                "organisatie": gemeente,
                "gegeven_op": vandaag - datetime.timedelta(days=30),
                "geldig_tot": vandaag + datetime.timedelta(days=365),
                "vorm": "schriftelijk",
            }
        ]
        if toestemming
        else [],
    )
    traject_actions.log_contact(
        ctx=begeleider_ctx,
        traject=traject,
        datum=vandaag - datetime.timedelta(days=10),
        soort="coaching",
        minuten=45,
        notitie="Vertrouwelijke notitie over het gesprek",
    )
    deelnemer = traject.deelnemer
    if peer:
        deelnemer = traject_actions.koppel_peer_supporter(
            ctx=begeleider_ctx,
            deelnemer=deelnemer,
            peer_supporter=regio_wereld.gebruikers[Rol.PEER_SUPPORTER],
            versie=deelnemer.versie,
        )
    return deelnemer


@pytest.fixture
def dossiers(wereld) -> Dossiers:
    import datetime

    from trajecten import actions as traject_actions

    ingetrokken = maak_dossier(wereld.a)
    toestemming = ingetrokken.toestemmingen.get()
    traject_actions.trek_toestemming_in(
        ctx=ctx_van(wereld.a, Rol.TRAJECTBEGELEIDER), toestemming=toestemming, datum=datetime.date.today()
    )
    return Dossiers(
        eigen=maak_dossier(wereld.a),
        zonder_toestemming=maak_dossier(wereld.a, aanbieder="reintegratie", toestemming=False, peer=False),
        ingetrokken=ingetrokken,
        andere_regio=maak_dossier(wereld.b),
    )
