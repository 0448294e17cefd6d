"""Handing over (part of) a caseload to a colleague of the same provider, and one trajectory to another
provider."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hoofdzaak.forms import EenmaligForm
from hoofdzaak.models import Organisatie

from ..models import Toestemming
from .deelnemer import datumveld, een_jaar_later


class TrajectKeuze(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.deelnemer.naam} ({obj.deelnemer.nummer})"


class OverdrachtForm(forms.Form):
    trajecten = TrajectKeuze(
        label=_("Deelnemers"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies minstens één deelnemer om over te dragen.")},
    )
    aan = forms.ModelChoiceField(
        label=_("Overdragen aan"),
        queryset=None,
        empty_label=_("Kies een collega"),
        error_messages={
            "required": _("Kies de collega die de deelnemers overneemt."),
            "invalid_choice": _("Draag alleen over aan een actieve trajectbegeleider van je organisatie."),
        },
    )

    def __init__(self, *args, trajecten, collegas, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["trajecten"].queryset = trajecten
        self.fields["aan"].queryset = collegas


class AanbiederOverdrachtForm(EenmaligForm):
    """A warm handover of one trajectory to another provider, with the participant's consent for it first."""

    aanbieder = forms.ModelChoiceField(
        label=_("Nieuwe aanbieder"),
        queryset=Organisatie.objects.none(),
        empty_label=_("Kies een aanbieder"),
        error_messages={
            "required": _("Kies de aanbieder die het traject overneemt."),
            "invalid_choice": _("Kies een trajectaanbieder uit deze regio."),
        },
    )
    toelichting = forms.CharField(
        label=_("Toelichting voor de nieuwe aanbieder"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Waarom deze overdracht, en wat moet de nieuwe aanbieder weten? "
            "Noteer geen BSN, diagnoses of behandelgegevens."
        ),
    )
    toestemming = forms.BooleanField(
        label=_("De deelnemer geeft toestemming om het dossier te delen met de nieuwe aanbieder"),
        required=False,
        help_text=_("Vraag dit eerst. Alleen niet nodig als er al een geldige toestemming voor die aanbieder is."),
    )
    gegeven_op = datumveld(_("Toestemming gegeven op"), required=False)
    geldig_tot = datumveld(_("Toestemming geldig tot"), required=False)
    vorm = forms.ChoiceField(
        label=_("Vorm van de toestemming"),
        choices=[("", _("Kies hoe de toestemming is gegeven")), *Toestemming.Vorm.choices],
        required=False,
    )
    versie = forms.IntegerField(widget=forms.HiddenInput)

    TOESTEMMING = ("gegeven_op", "geldig_tot", "vorm")

    def __init__(self, *args, aanbieders, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["aanbieder"].queryset = aanbieders
        if not self.is_bound:
            vandaag = timezone.localdate()
            self.initial.update(gegeven_op=vandaag, geldig_tot=een_jaar_later(vandaag))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("toestemming"):
            for veld in self.TOESTEMMING:
                if not cleaned.get(veld) and veld not in self.errors:
                    self.add_error(veld, _("Vul dit in: de deelnemer geeft toestemming."))
        return cleaned

    def gegevens(self) -> dict[str, Any]:
        """The keywords of `actions.draag_over_aan_aanbieder`."""
        data = self.cleaned_data
        return {
            "aanbieder": data["aanbieder"],
            "toelichting": data["toelichting"],
            "toestemming": {veld: data[veld] for veld in self.TOESTEMMING} if data["toestemming"] else None,
            "versie": data["versie"],
        }
