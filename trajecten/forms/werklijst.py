"""Putting a worklist item aside for a while, with the reason."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

UITSTEL_DAGEN = [(7, _("1 week")), (14, _("2 weken")), (30, _("30 dagen"))]


class UitstelForm(forms.Form):
    dagen = forms.TypedChoiceField(label=_("Uitstellen voor"), choices=UITSTEL_DAGEN, coerce=int, initial=7)
    reden = forms.CharField(
        label=_("Reden"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Schrijf op waarom je dit werkpunt uitstelt.")},
        help_text=_("Bijvoorbeeld: deelnemer is twee weken op vakantie. Zet hier geen medische gegevens."),
    )
