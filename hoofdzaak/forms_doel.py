"""The projectleider's form for the region's yearly target and its split (issue 15 point 2).

The form only reads what was typed; the rules (not negative, not for a past year, a split adds up to the
target) are the action's (`actions.stel_doel_vast`), so the portal and any other caller get the same."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Doelversie, Organisatie, Soort


def deelveld(organisatie: Organisatie) -> str:
    return f"deel_{organisatie.pk}"


class DoelForm(forms.Form):
    versie = forms.IntegerField(widget=forms.HiddenInput, required=False)
    aantal = forms.IntegerField(
        label=_("Doel van de regio"),
        help_text=_("Het aantal trajecten dat dit jaar moet starten."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "hzw-getal-invoer"}),
    )

    def __init__(
        self, *args, organisaties: Sequence[Organisatie], huidig: Doelversie | None, doel: int | None, **kwargs
    ) -> None:
        delen = {deel.organisatie_id: deel.aantal for deel in huidig.delen.all()} if huidig else {}
        kwargs.setdefault(
            "initial",
            {
                "versie": huidig.versie if huidig else 0,
                "aantal": huidig.aantal if huidig else doel,
                **{f"deel_{pk}": aantal for pk, aantal in delen.items()},
            },
        )
        super().__init__(*args, **kwargs)
        self.organisaties = list(organisaties)
        for organisatie in self.organisaties:
            self.fields[deelveld(organisatie)] = forms.IntegerField(
                label=organisatie.naam,
                required=False,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "hzw-getal-invoer"}),
            )

    def velden(self, gemeenten: bool) -> list[forms.BoundField]:
        return [self[deelveld(o)] for o in self.organisaties if (o.soort == Soort.GEMEENTE) == gemeenten]

    @property
    def gemeentevelden(self) -> list[forms.BoundField]:
        return self.velden(True)

    @property
    def partnervelden(self) -> list[forms.BoundField]:
        return self.velden(False)

    def voor_actie(self) -> dict:
        """The keywords of `actions.stel_doel_vast` from what was typed."""
        data = self.cleaned_data
        return {
            "aantal": data["aantal"],
            "delen": {o.pk: data.get(deelveld(o)) for o in self.organisaties},
            "gezien_versie": data.get("versie") or 0,
        }
