"""Handing over (part of) a caseload to a colleague of the same provider."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


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
