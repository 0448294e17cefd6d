"""Shared fixtures: test data always has two regions and a user in every role in each."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

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
def _snelle_testinstellingen(settings):
    # Hashing test passwords with the production hasher would dominate the suite's run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests run with DEBUG off like production, but without a collectstatic manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
