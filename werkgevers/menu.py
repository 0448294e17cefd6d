"""The menu items of werkgevers (registered in `WerkgeversConfig.ready`; order: hoofdzaak/menu.py)."""

from django.utils.translation import gettext_lazy as _

from hoofdzaak.menu import TB, WGA, item, registreer

registreer(
    item(
        100,
        "werkgevers",
        _("Werkgevers"),
        _("Werkgevers in de regio, hun contacten en vacatures."),
        WGA,
        TB,
        actief=("werkgever", "werkgever_nieuw", "werkgever_bewerken", "werkgeverscontact_nieuw"),
    ),
    item(
        110,
        "vacatures",
        _("Vacatures"),
        _("Alle vacatures van de regio: toevoegen, wijzigen, vervullen of sluiten."),
        WGA,
        actief=("vacature", "vacature_nieuw", "vacature_bewerken"),
    ),
    item(
        120,
        "vacatures",
        _("Open vacatures"),
        _("Open vacatures bij werkgevers in de regio, en welke van je deelnemers erbij passen."),
        TB,
        actief=("vacature", "vacature_kandidaten"),
    ),
)
