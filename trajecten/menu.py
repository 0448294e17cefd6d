"""The menu items of trajecten (registered in `TrajectenConfig.ready`; order: hoofdzaak/menu.py)."""

from django.utils.translation import gettext_lazy as _

from hoofdzaak.menu import KM, PEER, PL, TB, WGA, item, registreer

registreer(
    item(
        20,
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
    item(
        30,
        "inbox",
        _("Aanmeldingen"),
        _("Nieuwe aanmeldingen voor je organisatie accepteren of afwijzen."),
        TB,
        actief=("aanmelding_behandelen",),
    ),
    item(40, "intake", _("Intake registreren"), _("Een nieuwe deelnemer met traject en toestemmingen vastleggen."), TB),
    item(50, "aanmelden", _("Deelnemer aanmelden"), _("Een deelnemer doorverwijzen naar een trajectaanbieder."), KM),
    item(60, "aanmeldingen", _("Mijn aanmeldingen"), _("De uitkomst van de aanmeldingen van je organisatie."), KM),
    item(
        70,
        "deelnemers",
        _("Deelnemers"),
        _("De voortgang van deelnemers die daar toestemming voor gaven."),
        KM,
        actief=("deelnemer",),
    ),
    item(
        80,
        "deelnemers",
        _("Mijn deelnemers"),
        _("De deelnemers die aan jou zijn gekoppeld en je gesprekken."),
        PEER,
        actief=("deelnemer", "peer_gesprek"),
    ),
    item(
        90,
        "deelnemers",
        _("Trajecten"),
        _("Alle trajecten van de regio, gepseudonimiseerd."),
        PL,
        actief=("deelnemer",),
    ),
    item(
        130,
        "voordrachten",
        _("Voordrachten"),
        _("Kandidaten die zijn voorgedragen voor vacatures in de regio."),
        WGA,
        actief=("voordracht", "voordracht_status"),
    ),
)
