"""The menu items of rapportage (registered in `RapportageConfig.ready`; order: hoofdzaak/menu.py)."""

from django.utils.translation import gettext_lazy as _

from hoofdzaak.menu import BEST, PL, item, registreer

registreer(
    item(
        10,
        "dashboard",
        _("Dashboard"),
        _("De voortgang van de regio ten opzichte van het doel van 100 nieuwe trajecten."),
        PL,
        BEST,
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
)
