"""The menu items of rapportage (registered in `RapportageConfig.ready`; order: hoofdzaak/menu.py)."""

from django.utils.translation import gettext_lazy as _

from hoofdzaak.menu import BEST, PL, TB, item, registreer

registreer(
    item(
        10,
        "dashboard",
        _("Dashboard"),
        _("De voortgang van de regio ten opzichte van het doel van 100 nieuwe trajecten."),
        PL,
        BEST,
    ),
    # IPS fidelity: a GGZ provider's bestuurder finds it on its dashboard (a gemeente's bestuurder has none).
    item(
        145,
        "modeltrouw",
        _("Modeltrouw"),
        _("IPS-modeltrouw uit de registratie: caseload, werkgeverscontacten en meer, per begeleider en team."),
        PL,
        TB,
    ),
    item(
        140,
        "rapporten",
        _("Rapportages"),
        _("Maand- en kwartaalrapportages als PDF, en exports."),
        PL,
        BEST,
        actief=("rapport", "rapport_nieuw"),
    ),
    # Begeleiders work at providers: the Werkmonitor of their own organisation (bestuurders find it under
    # Rapportages, the projectleider under its exports).
    item(
        150,
        "werkmonitor",
        _("Werkmonitor"),
        _("De kwartaalcijfers van je organisatie voor de landelijke Werkmonitor (CSV)."),
        TB,
    ),
)
