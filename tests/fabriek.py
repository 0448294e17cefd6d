"""The test kit: factories for test data and test doubles that every test module shares.

Every factory takes the region it works in (a `RegioWereld` of the `wereld` fixture, or an object of a region),
so test data never floats outside a tenant. Two kinds:

- built through the portal's own actions (`maak_regio`, `maak_dossier`, `maak_traject`, `registreer_werkgever`,
  `registreer_vacature`, `vraag_aan`): data as a user would leave it;
- created directly (`deelnemer`, `traject`, `plaatsing`, `contact`, `maak_werkgever`, `maak_vacature`,
  `maak_trajecten` in bulk, `klaar_rapport`): for fixed dates in the past or future that the actions rightly
  refuse, e.g. for the known-answer tests of the figures, or for a thousand trajectories in a few queries.

Besides: POST data as a user fills in the forms (`intake_data`, `aanmelding_data`, `werkgever_gegevens`, …),
report periods (`KWARTAAL`, `MAAND`) and `pdf_tekst`, and the demo data (`laad_demo`).

`KLOK` is the controllable clock of the second login step: tests that need a fresh TOTP step move it on
(`KLOK.verzet(seconden)`) instead of sleeping; conftest.py installs it for every test and resets it afterwards.
Fixtures stay in conftest.py; shared helpers live here, not in other test modules.
"""

from __future__ import annotations

import datetime
import hashlib
import itertools
import subprocess
import time
from dataclasses import dataclass, field
from io import StringIO

from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from hoofdzaak import actions
from hoofdzaak.keuzes import Sector
from hoofdzaak.models import Gebruiker, Lidmaatschap, Organisatie, Regio, Rol, Soort
from hoofdzaak.tenancy import RegioContext
from rapportage.archief import actions as rapport_actions
from rapportage.archief import opslag as archiefopslag
from rapportage.archief.models import Rapport, RapportSoort, RapportStatus
from rapportage.perioden import Rapportperiode
from trajecten import actions as traject_actions
from trajecten.models import (
    Contactmoment,
    ContactSoort,
    Deelnemer,
    DeelnemerGroupObjectPermission,
    DeelnemerUserObjectPermission,
    Methode,
    Plaatsing,
    Toestemming,
    Traject,
    TrajectStatus,
)
from trajecten.toegang import BEHEER, PEER, VOLG, gewenste_toegang, toegang_van
from werkgevers import actions as werkgever_actions
from werkgevers.models import Betrokkenheid, Vacature, Werkgever, Werkgeverscontact

D = datetime.date

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


# --- The clock of the second login step ------------------------------------------------------------------------


class Klok:
    """Real time plus an offset that tests move forward; django-otp reads it through `django_otp.oath.time`."""

    def __init__(self) -> None:
        self.verschuiving = 0.0

    def __call__(self) -> float:
        return time.time() + self.verschuiving

    def verzet(self, seconden: float) -> None:
        self.verschuiving += seconden

    def terug(self) -> None:
        self.verschuiving = 0.0


KLOK = Klok()


# --- Two-factor login (hoofdzaak/tweefactor.py) ---------------------------------------------------------------

_DJANGO_FORCE_LOGIN = Client.force_login


def zorg_voor_app(gebruiker) -> TOTPDevice:
    """The user's confirmed authenticator app, created when it has none."""
    apparaat = TOTPDevice.objects.filter(user=gebruiker, confirmed=True).order_by("pk").first()
    return apparaat or TOTPDevice.objects.create(user=gebruiker, name="Test", confirmed=True)


def code_voor(apparaat: TOTPDevice) -> str:
    """A code the app would show now that the portal still accepts (each time step is accepted once).

    When the current step and the next (the portal's tolerance) were both used, the test clock moves on to the
    next step instead of the test sleeping up to 30 seconds for it.
    """
    while True:
        apparaat.refresh_from_db()
        t = (int(KLOK()) - apparaat.t0) // apparaat.step + apparaat.drift
        # The current step, or the next one (within the tolerance of one step) when the current one was used.
        for kandidaat in (t, t + 1):
            if kandidaat > apparaat.last_t:
                return f"{hotp(apparaat.bin_key, kandidaat, digits=apparaat.digits):0{apparaat.digits}d}"
        KLOK.verzet(apparaat.step)


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


def ctx_van(regio_wereld: RegioWereld, rol: str):
    """The RegioContext a user of `rol` acts in, as the tenancy middleware would build it."""
    from hoofdzaak.tenancy import RegioContext

    lid = Lidmaatschap.objects.select_related("regio", "organisatie", "gebruiker").get(
        pk=regio_wereld.lidmaatschappen[rol].pk
    )
    return RegioContext(regio=lid.regio, lidmaatschap=lid, lidmaatschappen=(lid,))


def bestuurder_van(regio_wereld: RegioWereld, organisatie: str):
    """A bestuurder of one of the region's organisations (the world's own bestuurder is a gemeente's): the
    user and the RegioContext it acts in. Created once per organisation."""
    from hoofdzaak.tenancy import RegioContext

    org = regio_wereld.organisaties[organisatie]
    gebruiker, _nieuw = Gebruiker.objects.get_or_create(
        email=f"bestuurder-{organisatie}@{regio_wereld.regio.slug}.test",
        defaults={"naam": f"Bestuurder {org.naam}"},
    )
    if _nieuw:
        gebruiker.set_password(WACHTWOORD)
        gebruiker.save(update_fields=["password"])
        actions.voeg_lidmaatschap_toe(gebruiker=gebruiker, organisatie=org, rol=Rol.BESTUURDER)
    lid = Lidmaatschap.objects.select_related("regio", "organisatie", "gebruiker").get(
        gebruiker=gebruiker, organisatie=org, rol=Rol.BESTUURDER
    )
    return gebruiker, RegioContext(regio=lid.regio, lidmaatschap=lid, lidmaatschappen=(lid,))


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
        begeleider_ctx = RegioContext(regio=regio_wereld.regio, lidmaatschap=lid, lidmaatschappen=(lid,))
    gemeente = regio_wereld.organisaties["gemeente"]
    traject = traject_actions.registreer_intake(
        ctx=begeleider_ctx,
        deelnemer={
            "voornaam": "Sanne",
            # Unique, and more than one typo apart, so the match key (trajecten.koppeling) sees different people.
            "achternaam": f"de Vries {hashlib.sha256(str(Gebruiker.objects.count()).encode()).hexdigest()[:10]}",
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


_nummer = itertools.count(1)


# --- Test data, created directly (the actions refuse dates in the future; these tests need fixed dates) ------


def deelnemer(rw, *, gemeente: str = "gemeente", peer: bool = False) -> Deelnemer:
    n = next(_nummer)
    return Deelnemer.objects.create(
        regio=rw.regio,
        nummer=f"{rw.regio.code}-2025-{n:04d}",
        voornaam="Test",
        achternaam=f"Deelnemer {n}",
        geboortedatum=D(1990, 1, 1),
        woongemeente=rw.organisaties[gemeente],
        uitkering="participatiewet",
        peer_supporter=rw.gebruikers[Rol.PEER_SUPPORTER] if peer else None,
    )


def traject(
    rw,
    wie: Deelnemer | None = None,
    *,
    start: datetime.date | None = None,
    eind: datetime.date | None = None,
    intake: datetime.date | None = None,
    verwijs: datetime.date | None = None,
    status: str | None = None,
    methode: str = "ips",
    aanbieder: str = "ggz",
    verwijzer: str | None = "gemeente",
    financieringsstroom: str = "",
    situatie: str = "zonder_werk",
    begeleider: Gebruiker | None | str = "standaard",
    eindreden: str = "",
    gemeente: str = "gemeente",
) -> Traject:
    wie = wie or deelnemer(rw, gemeente=gemeente)
    eerste = (
        min(d for d in (start, intake, eind, verwijs) if d is not None)
        if (start or intake or eind or verwijs)
        else None
    )
    verwijs = verwijs or eerste or D(2025, 1, 1)
    if start and intake is None:
        intake = max(verwijs, start - datetime.timedelta(days=7))
    if status is None:
        status = (
            TrajectStatus.BEEINDIGD
            if eind
            else TrajectStatus.GESTART
            if start
            else TrajectStatus.INTAKE
            if intake
            else TrajectStatus.AANGEMELD
        )
    return Traject.objects.create(
        regio=rw.regio,
        deelnemer=wie,
        methode=methode,
        aanbieder=rw.organisaties[aanbieder],
        trajectbegeleider=rw.gebruikers[Rol.TRAJECTBEGELEIDER] if begeleider == "standaard" else begeleider,
        verwijzer=rw.organisaties[verwijzer] if verwijzer else None,
        financieringsstroom=financieringsstroom,
        status=status,
        verwijsdatum=verwijs,
        intakedatum=intake,
        startdatum=start,
        einddatum=eind,
        eindreden=eindreden or ("anders" if eind else ""),
        situatie_bij_start=situatie,
    )


def plaatsing(t: Traject, start: datetime.date, eind: datetime.date | None = None, *, betaald: bool = True):
    return Plaatsing.objects.create(
        regio=t.regio,
        traject=t,
        werkgever_naam="Bakkerij De Korenschoof",
        functie="Medewerker",
        startdatum=start,
        einddatum=eind,
        uren_per_week=24,
        contractvorm="tijdelijk" if betaald else "proefplaatsing",
        betaald=betaald,
    )


def contact(
    t: Traject, datum: datetime.date, soort: str = ContactSoort.COACHING, *, face_to_face: bool = True, door=None
):
    return Contactmoment.objects.create(
        regio=t.regio,
        traject=t,
        datum=datum,
        soort=soort,
        face_to_face=face_to_face,
        minuten=30,
        door=door or t.trajectbegeleider,
    )


def werkgeverscontact(rw, werkgever: Werkgever, datum: datetime.date, door: Gebruiker, soort: str = "bezoek"):
    """A general employer contact (not about one participant), e.g. a begeleider's company visit."""
    return Werkgeverscontact.objects.create(regio=rw.regio, werkgever=werkgever, datum=datum, soort=soort, door=door)


def begeleider(rw, naam: str) -> Gebruiker:
    return Gebruiker.objects.create_user(email=f"{naam}@{rw.regio.slug}.test", naam=naam)


# --- Employers and vacancies, created directly ------------------------------------------------------------------


def maak_werkgever(
    regio_wereld, naam: str = "Strandpaviljoen De Golf", *, sector: str = Sector.HORECA, plaats="Leiden"
):
    nummer = 10_000_000 + Werkgever.objects.count() + 1
    return Werkgever.objects.create(
        regio=regio_wereld.regio, naam=naam, kvk_nummer=str(nummer), sector=sector, plaats=plaats
    )


def maak_vacature(
    werkgever,
    titel: str = "Medewerker bediening",
    *,
    sector: str | None = None,
    uren_van: int = 16,
    uren_tot: int = 32,
    plaats: str | None = None,
    **extra,
):
    return Vacature.objects.create(
        regio=werkgever.regio,
        werkgever=werkgever,
        titel=titel,
        sector=sector or werkgever.sector,
        uren_van=uren_van,
        uren_tot=uren_tot,
        plaats=plaats or werkgever.plaats,
        **extra,
    )


def begeleider_ctx(regio_wereld, organisatie: str = "ggz") -> RegioContext:
    """The context of a trajectbegeleider of `organisatie` (the other providers' one comes from maak_dossier)."""
    lid = (
        Lidmaatschap.objects.select_related("regio", "organisatie", "gebruiker")
        .filter(organisatie=regio_wereld.organisaties[organisatie], rol=Rol.TRAJECTBEGELEIDER)
        .order_by("pk")
        .first()
    )
    return RegioContext(regio=lid.regio, lidmaatschap=lid, lidmaatschappen=(lid,))


# --- A participant's whole history, through the actions (retention, AVG export) -------------------------------


def dagen(n: int) -> datetime.date:
    return datetime.date.today() - datetime.timedelta(days=n)


def oud_dossier(
    wereld_regio,
    *,
    begin: datetime.date,
    einde: datetime.date | None,
    peer: bool = True,
    peer_contact: bool = True,
    werk: bool = True,
    achternaam: str = "de Vries",
) -> Deelnemer:
    """A participant registered on `begin`, with consent, a noted contact, peer support, a proposal and a
    placement, whose trajectory ended on `einde` (None: still running). Built through the actions."""
    ctx = ctx_van(wereld_regio, Rol.TRAJECTBEGELEIDER)
    gemeente = wereld_regio.organisaties["gemeente"]
    traject = traject_actions.registreer_intake(
        ctx=ctx,
        deelnemer={
            "voornaam": "Noor",
            "achternaam": achternaam,
            "geboortedatum": datetime.date(1988, 9, 23),
            "woongemeente": gemeente,
            "postcode": "2311 AB",
            "telefoon": "06 12345678",
            "email": "noor@example.org",
            "uitkering": "participatiewet",
            "wens_sectoren": ["zorg"],
            "wens_uren": 24,
            "wens_plaats": "Leiden",
        },
        methode="ips",
        intakedatum=begin,
        startdatum=begin + datetime.timedelta(days=5),
        situatie_bij_start="zonder_werk",
        verwijzer=gemeente,
        toestemmingen=[
            {
                "organisatie": gemeente,
                "gegeven_op": begin,
                "geldig_tot": begin + datetime.timedelta(days=730),
                "vorm": "schriftelijk",
            },
            {
                "organisatie": wereld_regio.organisaties["uwv"],
                "gegeven_op": begin,
                "geldig_tot": begin + datetime.timedelta(days=365),
                "vorm": "digitaal",
            },
        ],
    )
    traject_actions.log_contact(
        ctx=ctx,
        traject=traject,
        datum=begin + datetime.timedelta(days=10),
        soort="coaching",
        minuten=45,
        notitie="Vertrouwelijk: vertelde over de opname vorig jaar",
    )
    deelnemer = traject.deelnemer
    if peer:
        deelnemer = traject_actions.koppel_peer_supporter(
            ctx=ctx,
            deelnemer=deelnemer,
            peer_supporter=wereld_regio.gebruikers[Rol.PEER_SUPPORTER],
            versie=deelnemer.versie,
        )
        if peer_contact:
            traject_actions.log_peer_contact(
                ctx=ctx_van(wereld_regio, Rol.PEER_SUPPORTER),
                deelnemer=deelnemer,
                datum=begin + datetime.timedelta(days=12),
                minuten=60,
                notitie="Ervaringen gedeeld",
            )
    if werk:
        werkgever = (
            Werkgever.objects.create(
                regio=wereld_regio.regio, naam="Bakkerij Bol", kvk_nummer="12345678", sector="zorg", plaats="Leiden"
            )
            if not Werkgever.objects.filter(regio=wereld_regio.regio).exists()
            else Werkgever.objects.filter(regio=wereld_regio.regio).first()
        )
        vacature = Vacature.objects.create(
            regio=wereld_regio.regio,
            werkgever=werkgever,
            titel="Medewerker bakkerij",
            sector="zorg",
            plaats="Leiden",
            uren_van=16,
            uren_tot=24,
        )
        traject.refresh_from_db()
        traject_actions.draag_voor(
            ctx=ctx, traject=traject, vacature=vacature, profiel="Noor werkt graag met handen", toestemming=True
        )
        traject_actions.registreer_plaatsing(
            ctx=ctx,
            traject=traject,
            werkgever=werkgever,
            functie="Bakker",
            startdatum=begin + datetime.timedelta(days=40),
            einddatum=begin + datetime.timedelta(days=300),
            uren_per_week=24,
            contractvorm="tijdelijk",
        )
        Plaatsing.objects.filter(traject=traject).update(eindreden="Uitval door terugval")
    if einde is not None:
        traject.refresh_from_db()
        traject_actions.beeindig_traject(
            ctx=ctx, traject=traject, einddatum=einde, eindreden="betaald_werk", versie=traject.versie
        )
    deelnemer.refresh_from_db()
    return deelnemer


# --- Forms as a user fills them in (POST data) -----------------------------------------------------------------

_VANDAAG = timezone.localdate()
_DAG = datetime.timedelta(days=1)


def deelnemer_data(w, **anders) -> dict:
    data = {
        "voornaam": "Noor",
        "achternaam": "Bakker",
        "geboortedatum": "1988-03-12",
        "woongemeente": w.organisaties["gemeente2"].pk,
        "postcode": "2312 CD",
        "telefoon": "06 87654321",
        "email": "noor@example.org",
        "uitkering": "participatiewet",
        "wens_sectoren": ["zorg", "groen"],
        "wens_uren": "24",
        "wens_plaats": "Leiden",
    }
    return {**data, **anders}


def aanmelding_data(w, **anders) -> dict:
    data = {
        **deelnemer_data(w),
        "aanbieder": w.organisaties["ggz"].pk,
        "methode": "ips",
        "verwijsdatum": (_VANDAAG - 2 * _DAG).isoformat(),
        "toelichting": "Wil graag weer in de zorg werken.",
        "toestemming": "on",
        "gegeven_op": (_VANDAAG - 2 * _DAG).isoformat(),
        "geldig_tot": (_VANDAAG + 365 * _DAG).isoformat(),
        "vorm": "schriftelijk",
    }
    data.update(anders)
    return {k: v for k, v in data.items() if v is not None}


def intake_data(w, **anders) -> dict:
    data = {
        **deelnemer_data(w),
        "methode": "ips",
        "intakedatum": (_VANDAAG - 5 * _DAG).isoformat(),
        "startdatum": (_VANDAAG - 2 * _DAG).isoformat(),
        "situatie_bij_start": "zonder_werk",
        "verwijzer": w.organisaties["gemeente"].pk,
        "financier": w.organisaties["gemeente"].pk,
        "financieringsstroom": "participatiewet",
        "toestemmingen-TOTAL_FORMS": "3",
        "toestemmingen-INITIAL_FORMS": "0",
        "toestemmingen-MIN_NUM_FORMS": "0",
        "toestemmingen-MAX_NUM_FORMS": "10",
        "toestemmingen-0-organisatie": w.organisaties["gemeente"].pk,
        "toestemmingen-0-gegeven_op": (_VANDAAG - 5 * _DAG).isoformat(),
        "toestemmingen-0-geldig_tot": (_VANDAAG + 365 * _DAG).isoformat(),
        "toestemmingen-0-vorm": "schriftelijk",
        "toestemmingen-1-organisatie": w.organisaties["uwv"].pk,
        "toestemmingen-1-gegeven_op": (_VANDAAG - 5 * _DAG).isoformat(),
        "toestemmingen-1-geldig_tot": (_VANDAAG + 180 * _DAG).isoformat(),
        "toestemmingen-1-vorm": "digitaal",
        # An untouched row: its dates are pre-filled, the organisation is empty.
        "toestemmingen-2-organisatie": "",
        "toestemmingen-2-gegeven_op": _VANDAAG.isoformat(),
        "toestemmingen-2-geldig_tot": (_VANDAAG + 365 * _DAG).isoformat(),
        "toestemmingen-2-vorm": "schriftelijk",
    }
    data.update(anders)
    return {k: v for k, v in data.items() if v is not None}


def werkgever_gegevens(**anders) -> dict:
    gegevens = {
        "naam": "Zorggroep Leiden-Noord",
        "kvk_nummer": "28104417",
        "sector": "zorg",
        "plaats": "Leiden",
        "contactpersoon": "Marloes de Graaf",
        "email": "marloes@zorggroep.example",
        "telefoon": "071 123 4567",
        "betrokkenheid": Betrokkenheid.IN_GESPREK,
        "accountmanager": "",
    }
    return {**gegevens, **anders}


def registreer_werkgever(rw, **anders) -> Werkgever:
    """An employer registered through the werkgeversadviseur's action (`werkgever_gegevens` + `anders`)."""
    gegevens = werkgever_gegevens(**anders)
    gegevens["accountmanager"] = gegevens["accountmanager"] or None
    return werkgever_actions.maak_werkgever(ctx=ctx_van(rw, Rol.WERKGEVERSADVISEUR), **gegevens)


def vacature_gegevens(**anders) -> dict:
    gegevens = {
        "titel": "Medewerker huishoudelijke dienst",
        "omschrijving": "Schoonmaken en koffie rondbrengen.",
        "sector": "zorg",
        "plaats": "Leiden",
        "uren_van": 12,
        "uren_tot": 20,
        "sluitingsdatum": "",
        "wat_past": "Vaste collega als aanspreekpunt.",
    }
    return {**gegevens, **anders}


def registreer_vacature(rw, werkgever: Werkgever, **anders) -> Vacature:
    gegevens = vacature_gegevens(**anders)
    if gegevens["sluitingsdatum"] == "":
        gegevens["sluitingsdatum"] = None
    return werkgever_actions.maak_vacature(ctx=ctx_van(rw, Rol.WERKGEVERSADVISEUR), werkgever=werkgever, **gegevens)


def meld_aan(w, *, achternaam: str = "Bakker", toestemming: bool = True) -> Traject:
    """A referral by the klantmanager's gemeente to the trajectbegeleider's GGZ organisation."""
    return traject_actions.meld_aan(
        ctx=ctx_van(w, Rol.KLANTMANAGER),
        deelnemer={
            "voornaam": "Noor",
            "achternaam": achternaam,
            "geboortedatum": datetime.date(1988, 3, 12),
            "woongemeente": w.organisaties["gemeente2"],
            "uitkering": "participatiewet",
        },
        aanbieder=w.organisaties["ggz"],
        methode="ips",
        verwijsdatum=_VANDAAG - 3 * _DAG,
        toelichting="Wil graag weer in de zorg werken.",
        toestemming={"gegeven_op": _VANDAAG - 3 * _DAG, "geldig_tot": _VANDAAG + 365 * _DAG, "vorm": "mondeling"}
        if toestemming
        else None,
    )


# --- Many trajectories at once (lists, worklist, handovers) -----------------------------------------------------


_volgnummer = itertools.count(1)


def maak_trajecten(
    rw,
    aantal: int,
    *,
    aanbieder: str = "ggz",
    begeleider: Gebruiker | None | str = "standaard",
    status: str = TrajectStatus.GESTART,
    methode: str = Methode.IPS,
    namen: list[tuple[str, str]] | None = None,
    verwijsdatum: datetime.date | None = None,
    contact: datetime.date | None = None,
    met_toegang: bool = True,
) -> list[Traject]:
    """`aantal` participants of `rw`'s gemeente with one trajectory each at `aanbieder`, in a few queries.

    With `met_toegang` each also has a valid consent for the gemeente, the region's peer supporter, and
    the grants `trajecten.toegang` derives from those facts (written directly: recomputing them one by
    one would make a thousand participants slow).
    """
    gemeente = rw.organisaties["gemeente"]
    peer = rw.gebruikers[Rol.PEER_SUPPORTER]
    if begeleider == "standaard":
        begeleider = rw.gebruikers[Rol.TRAJECTBEGELEIDER]
    verwijsdatum = verwijsdatum or _VANDAAG - datetime.timedelta(days=60)
    deelnemers = Deelnemer.objects.bulk_create(
        Deelnemer(
            regio=rw.regio,
            nummer=f"{rw.regio.code}-2020-{(n := next(_volgnummer)):05d}",
            voornaam=namen[i][0] if namen else f"Voornaam{n}",
            achternaam=namen[i][1] if namen else f"Achternaam{n:05d}",
            geboortedatum=datetime.date(1985, 1, 1),
            woongemeente=gemeente,
            telefoon="06 98765432",
            email=f"deelnemer{n}@example.org",
            uitkering="participatiewet",
            peer_supporter=peer if met_toegang else None,
        )
        for i in range(aantal)
    )
    gestart = status in (TrajectStatus.GESTART, TrajectStatus.BEEINDIGD)
    trajecten = Traject.objects.bulk_create(
        Traject(
            regio=rw.regio,
            deelnemer=d,
            methode=methode,
            aanbieder=rw.organisaties[aanbieder],
            trajectbegeleider=begeleider,
            verwijzer=gemeente,
            status=status,
            verwijsdatum=verwijsdatum,
            intakedatum=verwijsdatum if status != TrajectStatus.AANGEMELD else None,
            startdatum=verwijsdatum + datetime.timedelta(days=i % 30) if gestart else None,
            einddatum=_VANDAAG if status == TrajectStatus.BEEINDIGD else None,
        )
        for i, d in enumerate(deelnemers)
    )
    if contact:
        Contactmoment.objects.bulk_create(
            Contactmoment(regio=rw.regio, traject=t, datum=contact, soort=ContactSoort.COACHING, minuten=30)
            for t in trajecten
        )
    if met_toegang:
        permissies = {
            p.codename: p
            for p in Permission.objects.filter(codename__in=[BEHEER, VOLG, PEER], content_type__app_label="trajecten")
        }
        Toestemming.objects.bulk_create(
            Toestemming(
                regio=rw.regio,
                deelnemer=d,
                organisatie=gemeente,
                gegeven_op=verwijsdatum,
                geldig_tot=_VANDAAG + datetime.timedelta(days=365),
                vorm=Toestemming.Vorm.SCHRIFTELIJK,
                vastgelegd_door=peer,
            )
            for d in deelnemers
        )
        groepsrechten = [
            DeelnemerGroupObjectPermission(content_object=d, group_id=gemeente.groep_id, permission=permissies[VOLG])
            for d in deelnemers
        ]
        if status != TrajectStatus.AFGEWEZEN:
            groepsrechten += [
                DeelnemerGroupObjectPermission(
                    content_object=d, group_id=rw.organisaties[aanbieder].groep_id, permission=permissies[BEHEER]
                )
                for d in deelnemers
            ]
        DeelnemerGroupObjectPermission.objects.bulk_create(groepsrechten)
        DeelnemerUserObjectPermission.objects.bulk_create(
            DeelnemerUserObjectPermission(content_object=d, user=peer, permission=permissies[PEER]) for d in deelnemers
        )
        # The shortcut must hand out exactly what the real derivation would.
        for d in (deelnemers[0], deelnemers[-1]):
            assert toegang_van(d) == gewenste_toegang(d, _VANDAAG)
    return trajecten


# --- Reports: periods, trajectories through the actions, finished reports, PDF text ----------------------------

KWARTAAL = Rapportperiode.vorig_kwartaal(_VANDAAG)
MAAND = Rapportperiode.vorige_maand(_VANDAAG)


def maak_traject(regio_wereld, *, gemeente: str = "gemeente", start: datetime.date, methode: str = "ips", **extra):
    """One participant with a started trajectory at the GGZ provider of the region."""
    ctx = ctx_van(regio_wereld, Rol.TRAJECTBEGELEIDER)
    nummer = next(_nummer)
    return traject_actions.registreer_intake(
        ctx=ctx,
        deelnemer={
            "voornaam": "Test",
            "achternaam": f"Deelnemer {nummer}",
            "geboortedatum": datetime.date(1985, 3, 1),
            "woongemeente": regio_wereld.organisaties[gemeente],
            "uitkering": "participatiewet",
        },
        methode=methode,
        intakedatum=start,
        startdatum=start,
        situatie_bij_start="zonder_werk",
        verwijzer=regio_wereld.organisaties[gemeente],
        **extra,
    )


def plaats(regio_wereld, traject, start: datetime.date):
    return traject_actions.registreer_plaatsing(
        ctx=ctx_van(regio_wereld, Rol.TRAJECTBEGELEIDER),
        traject=traject,
        functie="Medewerker magazijn",
        startdatum=start,
        uren_per_week=24,
        contractvorm="tijdelijk",
        werkgever_naam="Bakkerij De Korenschoof",
    )


def vraag_aan(w, soort=RapportSoort.KWARTAAL, periode=KWARTAAL, scope=None):
    return rapport_actions.vraag_rapport_aan(
        ctx=ctx_van(w.a, Rol.PROJECTLEIDER), soort=soort, periode=periode, scope=scope
    )


def goedkeuren(w, rapport: Rapport, capture=None) -> Rapport:
    """The projectleider acknowledges every data-quality warning of a concept and approves it; with `capture`
    (django_capture_on_commit_callbacks) the e-mail to subscribers runs too."""
    import contextlib

    ctx = ctx_van(w.a, Rol.PROJECTLEIDER)
    with capture(execute=True) if capture else contextlib.nullcontext():
        for waarschuwing in rapport.waarschuwingen:
            rapport_actions.erken_waarschuwing(ctx=ctx, rapport_id=rapport.pk, code=waarschuwing["code"])
        rapport, _nieuw = rapport_actions.keur_goed(ctx=ctx, rapport_id=rapport.pk)
    return rapport


def pdf_tekst(inhoud: bytes) -> str:
    uit = subprocess.run(["pdftotext", "-layout", "-", "-"], input=inhoud, capture_output=True, check=True)
    return uit.stdout.decode()


def klaar_rapport(
    w, soort=RapportSoort.KWARTAAL, scope=None, periode=KWARTAAL, regio=None, *, goedgekeurd=True, versie=1
) -> Rapport:
    """A finished report with a (fake) file, without running a build; approved (automatically) unless
    `goedgekeurd` is False, then a concept only the projectleider sees."""
    rapport = Rapport.objects.create(
        regio=regio or w.a.regio,
        soort=soort,
        periode_van=periode.van,
        periode_tot=periode.tot,
        scope=scope,
        versie=versie,
    )
    rapport.bestand = archiefopslag.relatief_pad(rapport)
    inhoud = b"%PDF-1.7 test " + rapport.bestand.encode()
    archiefopslag.schrijf_atomisch(archiefopslag.bestand_pad(rapport), inhoud)
    Rapport.objects.filter(pk=rapport.pk).update(
        status=RapportStatus.KLAAR,
        bestand=rapport.bestand,
        sha256=hashlib.sha256(inhoud).hexdigest(),
        grootte=len(inhoud),
        klaar_op=timezone.now(),
        goedgekeurd_op=timezone.now() if goedgekeurd else None,
        automatisch_goedgekeurd=goedgekeurd,
    )
    rapport.refresh_from_db()
    return rapport


def haal_export(client, w, naam, **params):
    client.force_login(w.a.gebruikers[Rol.PROJECTLEIDER])
    return client.get(reverse(naam, kwargs={"regio": w.a.regio.slug}), params)


# --- The demo data ------------------------------------------------------------------------------------------------

REGIO_SLUGS = {"holland-rijnland": "Holland Rijnland", "midden-utrecht": "Midden-Utrecht"}


def laad_demo() -> str:
    uitvoer = StringIO()
    call_command("laad_demo", stdout=uitvoer)
    return uitvoer.getvalue()


# --- Database roles (hoofdzaak/rechten.py) -------------------------------------------------------------------------
#
# pytest-django creates and migrates each test database as the owner (DATABASE_URL); the owner grants the application
# role (PORTAAL_DB_APP_ROLE) its rights after migrate, and then every test runs connected as that role
# (TEST_APP_DATABASE_URL; conftest.py `django_db_setup`), like web, worker and beat in production: a missing grant
# fails a test. Only what the owner does in production runs as the owner here: creating, flushing (after
# transactional tests) and dropping the database, and what a test does as an attacker with owner rights.

EIGENAAR: dict[str, str] = {"USER": "", "PASSWORD": ""}


def wissel_databasegebruiker(user: str, password: str) -> None:
    from django.db import connections

    connection = connections["default"]
    connection.close()
    connection.settings_dict["USER"] = user
    connection.settings_dict["PASSWORD"] = password


class als_eigenaar:  # noqa: N801 - used as a context manager, like contextlib's
    """Connected as the test database's owner for the duration (flush; tampering with the audit log in tests)."""

    def __enter__(self):
        from django.db import connections

        huidig = connections["default"].settings_dict
        self._app = (huidig["USER"], huidig["PASSWORD"])
        wissel_databasegebruiker(EIGENAAR["USER"], EIGENAAR["PASSWORD"])
        return self

    def __exit__(self, *exc) -> None:
        wissel_databasegebruiker(*self._app)
