"""The region menu and the home-page tiles, per role, in one place.

Items name URL patterns by their name only, so the core needs no import of the apps above it;
an item whose URL pattern does not exist (a capability not built) is simply left out, so a user
never meets a dead link.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .models import Rol
from .tenancy import RegioContext


@dataclass(frozen=True)
class Item:
    url_naam: str
    label: str
    omschrijving: str
    rollen: frozenset[str]
    # URL names under which this item is the current page.
    actief: frozenset[str] = frozenset()


def _item(url_naam: str, label, omschrijving, *rollen: str, actief: tuple[str, ...] = ()) -> Item:
    return Item(url_naam, label, omschrijving, frozenset(rollen), frozenset({url_naam, *actief}))


PL, TB, KM, PEER, WGA, BEST = (
    Rol.PROJECTLEIDER,
    Rol.TRAJECTBEGELEIDER,
    Rol.KLANTMANAGER,
    Rol.PEER_SUPPORTER,
    Rol.WERKGEVERSADVISEUR,
    Rol.BESTUURDER,
)

ITEMS: tuple[Item, ...] = (
    _item(
        "dashboard",
        _("Dashboard"),
        _("De voortgang van de regio ten opzichte van het doel van 100 nieuwe trajecten."),
        PL,
        BEST,
    ),
    _item(
        "caseload",
        _("Caseload"),
        _("De trajecten van je organisatie: zoeken, filteren en openen."),
        TB,
        actief=(
            "deelnemer",
            "deelnemer_bewerken",
            "toestemming_nieuw",
            "toestemming_intrekken",
            "peer_koppelen",
            "traject_starten",
            "voordragen",
            "voordracht_terugtrekken",
            "plaatsing_nieuw",
            "plaatsing_beeindigen",
            "traject_beeindigen",
            "contact_nieuw",
        ),
    ),
    _item(
        "inbox",
        _("Aanmeldingen"),
        _("Nieuwe aanmeldingen voor je organisatie accepteren of afwijzen."),
        TB,
        actief=("aanmelding_behandelen",),
    ),
    _item("intake", _("Intake registreren"), _("Een nieuwe deelnemer met traject en toestemmingen vastleggen."), TB),
    _item("aanmelden", _("Deelnemer aanmelden"), _("Een deelnemer doorverwijzen naar een trajectaanbieder."), KM),
    _item("aanmeldingen", _("Mijn aanmeldingen"), _("De uitkomst van de aanmeldingen van je organisatie."), KM),
    _item(
        "deelnemers",
        _("Deelnemers"),
        _("De voortgang van deelnemers die daar toestemming voor gaven."),
        KM,
        actief=("deelnemer",),
    ),
    _item(
        "deelnemers",
        _("Mijn deelnemers"),
        _("De deelnemers die aan jou zijn gekoppeld en je gesprekken."),
        PEER,
        actief=("deelnemer", "peer_gesprek"),
    ),
    _item(
        "deelnemers", _("Trajecten"), _("Alle trajecten van de regio, gepseudonimiseerd."), PL, actief=("deelnemer",)
    ),
    _item(
        "werkgevers",
        _("Werkgevers"),
        _("Werkgevers in de regio, hun contacten en vacatures."),
        WGA,
        TB,
        actief=("werkgever", "werkgever_nieuw", "werkgever_bewerken", "werkgeverscontact_nieuw"),
    ),
    _item(
        "vacatures",
        _("Vacatures"),
        _("Alle vacatures van de regio: toevoegen, wijzigen, vervullen of sluiten."),
        WGA,
        actief=("vacature", "vacature_nieuw", "vacature_bewerken"),
    ),
    _item(
        "vacatures",
        _("Open vacatures"),
        _("Open vacatures bij werkgevers in de regio, en welke van je deelnemers erbij passen."),
        TB,
        actief=("vacature", "vacature_kandidaten"),
    ),
    _item(
        "voordrachten",
        _("Voordrachten"),
        _("Kandidaten die zijn voorgedragen voor vacatures in de regio."),
        WGA,
        actief=("voordracht", "voordracht_status"),
    ),
    _item(
        "rapporten",
        _("Rapportages"),
        _("Maand- en kwartaalrapportages als PDF, en exports."),
        PL,
        BEST,
        actief=("rapport", "rapport_nieuw"),
    ),
    _item(
        "beheer_organisaties",
        _("Organisaties"),
        _("De partners van de regio."),
        PL,
        actief=("beheer_organisatie", "beheer_organisatie_nieuw"),
    ),
    _item(
        "beheer_gebruikers",
        _("Gebruikers"),
        _("Collega's uitnodigen, rollen wijzigen of deactiveren."),
        PL,
        actief=("beheer_uitnodigen", "beheer_lidmaatschap", "beheer_lidmaatschap_actief"),
    ),
    _item("beheer_auditlog", _("Auditlog"), _("Wie welke deelnemergegevens inzag of wijzigde."), PL),
)


@dataclass(frozen=True)
class MenuRegel:
    url: str
    label: str
    omschrijving: str
    actief: bool


def menu_voor(ctx: RegioContext, url_naam: str | None) -> list[MenuRegel]:
    regels = []
    for item in ITEMS:
        if ctx.rol not in item.rollen:
            continue
        try:
            url = reverse(item.url_naam, kwargs={"regio": ctx.regio.slug})
        except NoReverseMatch:
            continue
        regels.append(MenuRegel(url, str(item.label), str(item.omschrijving), url_naam in item.actief))
    return regels
