"""E-mail preferences per kind of notification (opt-in)."""

from __future__ import annotations

from django import forms

from .models import MeldingSoort, MeldingWijze


class MeldingVoorkeurenForm(forms.Form):
    def __init__(self, *args, soorten: tuple[str, ...], huidig: dict[str, str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for soort in soorten:
            self.fields[soort] = forms.ChoiceField(
                label=MeldingSoort(soort).label,
                choices=MeldingWijze.choices,
                initial=huidig.get(soort, MeldingWijze.GEEN),
            )
