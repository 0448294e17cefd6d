"""Forms of the report archive: filter, build on demand, subscriptions, export period."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .actions import EERSTE_JAAR
from .models import MAANDNAMEN, RapportSoort
from .perioden import Rapportperiode

KWARTALEN = [(k, _("Kwartaal %(k)s") % {"k": k}) for k in range(1, 5)]
MAANDEN = [(m, naam.capitalize()) for m, naam in enumerate(MAANDNAMEN, start=1)]


def _jaren(tot: int | None = None) -> list[tuple[int, str]]:
    laatste = tot or timezone.localdate().year
    return [(jaar, str(jaar)) for jaar in range(laatste, EERSTE_JAAR - 1, -1)]


class ArchiefFilterForm(forms.Form):
    soort = forms.ChoiceField(
        label=_("Soort"), required=False, choices=[("", _("Alle soorten")), *RapportSoort.choices]
    )
    jaar = forms.TypedChoiceField(label=_("Jaar"), required=False, coerce=int, empty_value=None, choices=())

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["jaar"].choices = [("", _("Alle jaren")), *_jaren()]


class RapportAanvraagForm(forms.Form):
    """Which report to (re)build. The period and gemeente rules themselves live in the action."""

    soort = forms.ChoiceField(label=_("Soort rapportage"), choices=RapportSoort.choices, widget=forms.RadioSelect)
    jaar = forms.TypedChoiceField(label=_("Jaar"), coerce=int, choices=())
    kwartaal = forms.TypedChoiceField(
        label=_("Kwartaal"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), *KWARTALEN],
        help_text=_("Bij een kwartaalrapportage."),
    )
    maand = forms.TypedChoiceField(
        label=_("Maand"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), *MAANDEN],
        help_text=_("Bij een maandrapportage."),
    )
    gemeente = forms.ModelChoiceField(
        label=_("Gemeente"),
        required=False,
        queryset=None,
        empty_label="—",
        help_text=_("Bij een maandrapportage: de gemeente waarover het rapport gaat."),
    )

    def __init__(self, *args, gemeenten, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = gemeenten
        self.fields["jaar"].choices = _jaren()
        if not self.is_bound and not self.initial:
            vandaag = timezone.localdate()
            kwartaal = Rapportperiode.vorig_kwartaal(vandaag)
            maand = Rapportperiode.vorige_maand(vandaag)
            self.initial = {
                "soort": RapportSoort.KWARTAAL,
                "jaar": kwartaal.van.year,
                "kwartaal": kwartaal.kwartaalnummer,
                "maand": maand.van.month,
            }

    def clean(self):
        data = super().clean()
        soort, jaar = data.get("soort"), data.get("jaar")
        if not soort or not jaar:
            return data
        if soort == RapportSoort.KWARTAAL:
            if not data.get("kwartaal"):
                self.add_error("kwartaal", _("Kies het kwartaal."))
                return data
            data["periode"] = Rapportperiode.kwartaal(jaar, data["kwartaal"])
            data["gemeente"] = None
        else:
            if not data.get("maand"):
                self.add_error("maand", _("Kies de maand."))
            if not data.get("gemeente"):
                self.add_error("gemeente", _("Kies de gemeente."))
            if self.errors:
                return data
            data["periode"] = Rapportperiode.maand(jaar, data["maand"])
        return data


class AbonnementForm(forms.Form):
    actie = forms.ChoiceField(
        choices=[("abonneer", _("Aanmelden")), ("zeg_op", _("Afmelden"))], widget=forms.HiddenInput
    )
    soort = forms.ChoiceField(label=_("Soort"), choices=RapportSoort.choices)
    gemeente = forms.ModelChoiceField(
        label=_("Gemeente"), required=False, queryset=None, empty_label=_("Alle gemeenten")
    )

    def __init__(self, *args, gemeenten, alle_gemeenten: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = gemeenten
        if not alle_gemeenten:
            # A bestuurder follows its own gemeente's monthly reports only: no "all gemeenten" choice.
            self.fields["gemeente"].empty_label = None


class ExportPeriodeForm(forms.Form):
    """GET form of the exports: a year, optionally narrowed to a quarter or a month."""

    jaar = forms.TypedChoiceField(label=_("Jaar"), coerce=int, choices=())
    kwartaal = forms.TypedChoiceField(
        label=_("Kwartaal"), required=False, coerce=int, empty_value=None, choices=[("", _("Heel jaar")), *KWARTALEN]
    )
    maand = forms.TypedChoiceField(
        label=_("Maand"), required=False, coerce=int, empty_value=None, choices=[("", "—"), *MAANDEN]
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["jaar"].choices = _jaren()

    def clean(self):
        data = super().clean()
        jaar = data.get("jaar")
        if not jaar:
            return data
        if data.get("maand") and data.get("kwartaal"):
            raise ValidationError(_("Kies een kwartaal of een maand, niet allebei."))
        if data.get("maand"):
            data["periode"] = Rapportperiode.maand(jaar, data["maand"])
        elif data.get("kwartaal"):
            data["periode"] = Rapportperiode.kwartaal(jaar, data["kwartaal"])
        else:
            data["periode"] = Rapportperiode(datetime.date(jaar, 1, 1), datetime.date(jaar, 12, 31))
        return data


def standaard_exportperiode() -> Rapportperiode:
    return Rapportperiode.vorig_kwartaal(timezone.localdate())
