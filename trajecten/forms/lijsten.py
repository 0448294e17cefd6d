"""Filter forms of the participant and trajectory lists (GET forms: an invalid field is ignored)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hoofdzaak.models import Organisatie, Regio
from hoofdzaak.widgets import Keuzelijst

from ..actions import AANBIEDER_SOORTEN
from ..models import Methode, TrajectStatus

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


class ZoekForm(forms.Form):
    zoek = _zoekveld(_("Zoek op naam of deelnemernummer"), _("Bijvoorbeeld Jan de Boer of HR-2026-0042."))

    def clean_zoek(self) -> str:
        # Collapse whitespace, so "  Sanne   de Vries " searches for the same words as "Sanne de Vries".
        return " ".join(self.cleaned_data["zoek"].split())

    @property
    def zoekterm(self) -> str:
        return self.cleaned_data.get("zoek", "") if hasattr(self, "cleaned_data") else ""

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


class RegioTrajectenFilterForm(forms.Form):
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
