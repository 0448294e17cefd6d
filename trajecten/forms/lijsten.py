"""Filter forms of the participant and trajectory lists (GET forms: an invalid field is ignored)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hoofdzaak.models import Organisatie, Regio
from hoofdzaak.widgets import Keuzelijst

from ..actions import AANBIEDER_SOORTEN
from ..models import CASELOAD_SORTERINGEN, CASELOAD_STANDAARD, Methode, Sortering, TrajectStatus

# Values of the begeleider filter besides a user's id.
MIJN = "mij"
ZONDER_BEGELEIDER = "geen"

# How many words of a search term are used; more only make the query slower.
MAX_ZOEKWOORDEN = 5


def _zoekveld(label: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


def _keuzes(alle: str, choices) -> list[tuple[str, str]]:
    return [("", alle), *choices]


def sorteerkoppen(actief: str, sorteringen: dict[str, Sortering]) -> dict[str, dict]:
    """Per sortable column: the sort value its header link asks for, and its aria-sort state."""
    koppen = {}
    for sleutel, sortering in sorteringen.items():
        if actief.removeprefix("-") == sleutel:
            aflopend = actief.startswith("-")
            koppen[sleutel] = {
                "waarde": sleutel if aflopend else f"-{sleutel}",
                "aria": "descending" if aflopend else "ascending",
                "volgende": _("oplopend") if aflopend else _("aflopend"),
            }
        else:
            koppen[sleutel] = {
                "waarde": sleutel if sortering.oplopend_eerst else f"-{sleutel}",
                "aria": "",
                "volgende": _("oplopend") if sortering.oplopend_eerst else _("aflopend"),
            }
    return koppen


class FilterForm(forms.Form):
    """A GET filter form: `gekozen` holds the valid values; an invalid field is left out rather than failing
    the list."""

    @property
    def gekozen(self) -> dict:
        self.is_valid()
        return getattr(self, "cleaned_data", {})


class ZoekForm(FilterForm):
    zoek = _zoekveld(_("Zoek op naam of deelnemernummer"), _("Bijvoorbeeld Jan de Boer of HR-2026-0042."))

    def clean_zoek(self) -> str:
        # Collapse whitespace, so "  Sanne   de Vries " searches for the same words as "Sanne de Vries".
        return " ".join(self.cleaned_data["zoek"].split())

    @property
    def zoekterm(self) -> str:
        return self.gekozen.get("zoek", "")

    @property
    def zoekwoorden(self) -> list[str]:
        return self.zoekterm.split()[:MAX_ZOEKWOORDEN]


class CaseloadFilterForm(ZoekForm):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=_keuzes(_("Alle statussen"), TrajectStatus.choices),
        widget=Keuzelijst,
    )
    methode = forms.ChoiceField(
        label=_("Methode"), required=False, choices=_keuzes(_("Alle methoden"), Methode.choices), widget=Keuzelijst
    )
    begeleider = forms.ChoiceField(label=_("Trajectbegeleider"), required=False, widget=Keuzelijst)
    # Rendered by the page inside the results (it changes with every sort click), not by the filter loop.
    sorteer = forms.CharField(required=False, widget=forms.HiddenInput, max_length=20)

    def __init__(self, *args, begeleiders: list[tuple[int, str]], gebruiker_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["begeleider"].choices = [
            ("", _("Alle begeleiders")),
            (MIJN, _("Mijn trajecten")),
            (ZONDER_BEGELEIDER, _("Nog niet toegewezen")),
            *((str(pk), naam) for pk, naam in begeleiders if pk != gebruiker_id),
        ]
        self.gebruiker_id = gebruiker_id

    def clean_sorteer(self) -> str:
        # An unknown key (an old bookmark, a typed URL) falls back to the default rather than failing.
        waarde = self.cleaned_data["sorteer"]
        return waarde if waarde.removeprefix("-") in CASELOAD_SORTERINGEN else CASELOAD_STANDAARD

    @property
    def gekozen_status(self) -> str:
        return self.gekozen.get("status", "")

    @property
    def alleen_mijn(self) -> bool:
        return self.gekozen.get("begeleider", "") == MIJN

    @property
    def sortering(self) -> str:
        return self.gekozen.get("sorteer") or CASELOAD_STANDAARD

    def criteria(self) -> dict:
        """What the user chose, as keywords of `TrajectQuerySet.gefilterd`, all but the status (the page counts
        the statuses under the other filters first)."""
        begeleider = self.gekozen.get("begeleider", "")
        return {
            "woorden": self.zoekwoorden,
            "methode": self.gekozen.get("methode", ""),
            "begeleider_id": self.gebruiker_id
            if begeleider == MIJN
            else int(begeleider)
            if begeleider.isdigit()
            else None,
            "zonder_begeleider": begeleider == ZONDER_BEGELEIDER,
        }


class RegioTrajectenFilterForm(FilterForm):
    """The projectleider's filters. It searches numbers only: a name search would reveal names."""

    zoek = _zoekveld(_("Zoek op deelnemernummer"), _("Bijvoorbeeld HR-2026-0042."))
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=_keuzes(_("Alle statussen"), TrajectStatus.choices),
        widget=Keuzelijst,
    )
    methode = forms.ChoiceField(
        label=_("Methode"), required=False, choices=_keuzes(_("Alle methoden"), Methode.choices), widget=Keuzelijst
    )
    gemeente = forms.ModelChoiceField(
        label=_("Woongemeente"),
        required=False,
        queryset=Organisatie.objects.none(),
        empty_label=_("Alle gemeenten"),
        widget=Keuzelijst,
    )
    aanbieder = forms.ModelChoiceField(
        label=_("Aanbieder"),
        required=False,
        queryset=Organisatie.objects.none(),
        empty_label=_("Alle aanbieders"),
        widget=Keuzelijst,
    )

    def __init__(self, *args, regio: Regio, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = Organisatie.objects.in_regio(regio).gemeenten()
        self.fields["aanbieder"].queryset = Organisatie.objects.in_regio(regio).filter(soort__in=AANBIEDER_SOORTEN)

    def clean_zoek(self) -> str:
        return "".join(self.cleaned_data["zoek"].split()).upper()

    @property
    def zoekterm(self) -> str:
        return self.gekozen.get("zoek", "")

    def criteria(self) -> dict:
        """What the user chose, as keywords of `TrajectQuerySet.gefilterd`."""
        gekozen = self.gekozen
        return {
            "nummer_bevat": self.zoekterm,
            "status": gekozen.get("status", ""),
            "methode": gekozen.get("methode", ""),
            "woongemeente": gekozen.get("gemeente"),
            "aanbieder": gekozen.get("aanbieder"),
        }
