"""Demo data of the core: two regions from the real programme, their partners and one account per role.

Every app that has demo data has a `demo.py` with `laad(stdout)`; `manage.py laad_demo` runs them in
the order of INSTALLED_APPS, so each builds on what the apps below it created. Idempotent: a second
run keeps what is there and adds only what is missing.
"""

from __future__ import annotations

import base64
import hashlib

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import actions
from .models import Gebruiker, Lidmaatschap, Organisatie, Regio, Rol, Soort

DEMO_WACHTWOORD = "Hoofdzaak-demo-2026"
DEMO_DOMEIN = "demo"
# Name of the authenticator app every demo account is enrolled with (hoofdzaak/tweefactor.py).
DEMO_APP_NAAM = "Demo"

REGIOS = [
    {
        "naam": "Holland Rijnland",
        "slug": "holland-rijnland",
        "code": "HR",
        "organisaties": [
            ("Programmabureau Hoofdzaak Werk Holland Rijnland", Soort.PROGRAMMABUREAU, ""),
            ("Gemeente Leiden", Soort.GEMEENTE, "GM0546"),
            ("Gemeente Alphen aan den Rijn", Soort.GEMEENTE, "GM0484"),
            ("Gemeente Katwijk", Soort.GEMEENTE, "GM0537"),
            ("Gemeente Leiderdorp", Soort.GEMEENTE, "GM0547"),
            ("Gemeente Oegstgeest", Soort.GEMEENTE, "GM0579"),
            ("Gemeente Teylingen", Soort.GEMEENTE, "GM1525"),
            ("Gemeente Noordwijk", Soort.GEMEENTE, "GM0575"),
            ("UWV Holland Rijnland", Soort.UWV, ""),
            ("GGZ Rivierduinen", Soort.GGZ, ""),
            ("Stichting Lumen", Soort.PEER_SUPPORT, ""),
            ("DZB Leiden", Soort.REINTEGRATIE, ""),
            ("Rijnvicus", Soort.REINTEGRATIE, ""),
            ("Provalu", Soort.REINTEGRATIE, ""),
            ("Werkgeversservicepunt Holland Rijnland", Soort.WSP, ""),
        ],
        "accounts": {
            Rol.PROJECTLEIDER: "Programmabureau Hoofdzaak Werk Holland Rijnland",
            Rol.TRAJECTBEGELEIDER: "GGZ Rivierduinen",
            Rol.KLANTMANAGER: "Gemeente Leiden",
            Rol.PEER_SUPPORTER: "Stichting Lumen",
            Rol.WERKGEVERSADVISEUR: "Werkgeversservicepunt Holland Rijnland",
            Rol.BESTUURDER: "Gemeente Katwijk",
        },
        # Inhabitants (thousands, CBS 2024, rounded): the demo spreads its participants over the gemeenten by
        # population (trajecten/demo.py), and the target's split below follows the same shares.
        "inwoners": {
            "Gemeente Leiden": 128,
            "Gemeente Alphen aan den Rijn": 117,
            "Gemeente Katwijk": 67,
            "Gemeente Leiderdorp": 28,
            "Gemeente Oegstgeest": 25,
            "Gemeente Teylingen": 38,
            "Gemeente Noordwijk": 45,
        },
        # This year's target of 100 split over the gemeenten and over the partners (issue 15 point 2).
        "verdeling": {
            "Gemeente Leiden": 29,
            "Gemeente Alphen aan den Rijn": 26,
            "Gemeente Katwijk": 15,
            "Gemeente Leiderdorp": 6,
            "Gemeente Oegstgeest": 6,
            "Gemeente Teylingen": 8,
            "Gemeente Noordwijk": 10,
            "GGZ Rivierduinen": 60,
            "UWV Holland Rijnland": 10,
            "DZB Leiden": 10,
            "Rijnvicus": 10,
            "Provalu": 10,
        },
    },
    {
        "naam": "Midden-Utrecht",
        "slug": "midden-utrecht",
        "code": "MU",
        "organisaties": [
            ("Programmabureau Hoofdzaak Werk Midden-Utrecht", Soort.PROGRAMMABUREAU, ""),
            ("Gemeente Utrecht", Soort.GEMEENTE, "GM0344"),
            ("Gemeente Nieuwegein", Soort.GEMEENTE, "GM0356"),
            ("Gemeente Houten", Soort.GEMEENTE, "GM0321"),
            ("Gemeente Stichtse Vecht", Soort.GEMEENTE, "GM1904"),
            ("Gemeente Zeist", Soort.GEMEENTE, "GM0355"),
            ("UWV Midden-Utrecht", Soort.UWV, ""),
            ("Altrecht", Soort.GGZ, ""),
            ("Werkmaatschappij Utrecht", Soort.REINTEGRATIE, ""),
            ("Lister", Soort.REINTEGRATIE, ""),
            ("Enik Recovery College", Soort.PEER_SUPPORT, ""),
            ("Werkgeversservicepunt Midden-Utrecht", Soort.WSP, ""),
        ],
        "accounts": {
            Rol.PROJECTLEIDER: "Programmabureau Hoofdzaak Werk Midden-Utrecht",
            Rol.TRAJECTBEGELEIDER: "Altrecht",
            Rol.KLANTMANAGER: "Gemeente Utrecht",
            Rol.PEER_SUPPORTER: "Enik Recovery College",
            Rol.WERKGEVERSADVISEUR: "Werkgeversservicepunt Midden-Utrecht",
            Rol.BESTUURDER: "Gemeente Utrecht",
        },
        "inwoners": {
            "Gemeente Utrecht": 374,
            "Gemeente Nieuwegein": 65,
            "Gemeente Houten": 50,
            "Gemeente Stichtse Vecht": 66,
            "Gemeente Zeist": 66,
        },
        "verdeling": {
            "Gemeente Utrecht": 60,
            "Gemeente Nieuwegein": 10,
            "Gemeente Houten": 8,
            "Gemeente Stichtse Vecht": 11,
            "Gemeente Zeist": 11,
            "Altrecht": 60,
            "UWV Midden-Utrecht": 15,
            "Werkmaatschappij Utrecht": 15,
            "Lister": 10,
        },
    },
]

ACCOUNT_NAMEN = {
    Rol.PROJECTLEIDER: "Petra Projectleider",
    Rol.TRAJECTBEGELEIDER: "Thomas Trajectbegeleider",
    Rol.KLANTMANAGER: "Karin Klantmanager",
    Rol.PEER_SUPPORTER: "Pim Peer",
    Rol.WERKGEVERSADVISEUR: "Wendy Werkgeversadviseur",
    Rol.BESTUURDER: "Bert Bestuurder",
}


def demo_email(rol: str, regio_slug: str) -> str:
    return f"{rol}@{regio_slug}.{DEMO_DOMEIN}"


def demo_totp_sleutel(email: str) -> bytes:
    """The fixed TOTP key of a demo account, derived from its e-mail address (demo only: it is public)."""
    return hashlib.sha1(f"hoofdzaak-demo-{email}".encode()).digest()[:20]  # noqa: S324 - not a password hash


def demo_totp_geheim(email: str) -> str:
    """The same key in base32, as an authenticator app asks for it."""
    return base64.b32encode(demo_totp_sleutel(email)).decode()


def _account(email: str, naam: str, **extra) -> Gebruiker:
    gebruiker = Gebruiker.objects.filter(email=email).first()
    if gebruiker is None:
        gebruiker = Gebruiker.objects.create_user(email=email, naam=naam, password=DEMO_WACHTWOORD, **extra)
    _tweede_stap(gebruiker)
    return gebruiker


def _tweede_stap(gebruiker: Gebruiker) -> None:
    """Enrol the demo account with its fixed key, so it can pass the second login step."""
    if not TOTPDevice.objects.filter(user=gebruiker, name=DEMO_APP_NAAM).exists():
        TOTPDevice.objects.create(
            user=gebruiker, name=DEMO_APP_NAAM, key=demo_totp_sleutel(gebruiker.email).hex(), confirmed=True
        )


@transaction.atomic
def laad(stdout=None) -> list[tuple[str, str, str]]:
    """Create what is missing; return (e-mail, role, organisation) of every demo account."""
    accounts = []
    jaar = timezone.localdate().year
    for spec in REGIOS:
        regio, _created = Regio.objects.get_or_create(
            slug=spec["slug"], defaults={"naam": spec["naam"], "code": spec["code"]}
        )
        bestaand = {o.naam: o for o in Organisatie.objects.in_regio(regio)}
        for naam, soort, cbs_code in spec["organisaties"]:
            if naam not in bestaand:
                bestaand[naam] = actions.maak_organisatie(regio=regio, naam=naam, soort=soort, cbs_code=cbs_code)
        for vorig_of_dit in (jaar - 1, jaar):
            if not regio.doelstellingen.filter(jaar=vorig_of_dit).exists():
                actions.stel_doelstelling_in(regio=regio, jaar=vorig_of_dit, aantal=100)
        if not regio.doelversies.filter(jaar=jaar).exists():
            actions.stel_doel_vast(
                regio=regio,
                jaar=jaar,
                aantal=100,
                delen={bestaand[naam].pk: deel for naam, deel in spec["verdeling"].items()},
            )
        for rol, organisatie_naam in spec["accounts"].items():
            email = demo_email(rol, regio.slug)
            gebruiker = _account(email, ACCOUNT_NAMEN[rol])
            organisatie = bestaand[organisatie_naam]
            if not Lidmaatschap.objects.filter(gebruiker=gebruiker, organisatie=organisatie, rol=rol).exists():
                actions.voeg_lidmaatschap_toe(gebruiker=gebruiker, organisatie=organisatie, rol=rol)
            accounts.append((email, Rol(rol).label, organisatie_naam))
    staff_email = f"platformbeheer@hoofdzaak.{DEMO_DOMEIN}"
    if not Gebruiker.objects.filter(email=staff_email).exists():
        Gebruiker.objects.create_superuser(email=staff_email, naam="Platformbeheer", password=DEMO_WACHTWOORD)
    _tweede_stap(Gebruiker.objects.get(email=staff_email))
    accounts.append((staff_email, "Platformbeheer (Django admin)", "—"))
    return accounts
