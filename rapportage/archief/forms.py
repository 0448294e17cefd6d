"""Forms of the report archive: filter, build on demand, subscriptions."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..forms import KWARTALEN, MAANDEN, jaarkeuzes
from ..perioden import Rapportperiode
from .models import RapportSoort


class ArchiefFilterForm(forms.Form):
    soort = forms.ChoiceField(
        label=_("Soort"), required=False, choices=[("", _("Alle soorten")), *RapportSoort.choices]
    )
    jaar = forms.TypedChoiceField(label=_("Jaar"), required=False, coerce=int, empty_value=None, choices=())

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["jaar"].choices = [("", _("Alle jaren")), *jaarkeuzes()]


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
        help_text=_("Bij een maandrapportage (gemeente): de gemeente waarover het rapport gaat."),
    )
    organisatie = forms.ModelChoiceField(
        label=_("Partner"),
        required=False,
        queryset=None,
        empty_label="—",
        help_text=_(
            "Bij een maandrapportage (partner): UWV, een GGZ-aanbieder, een re-integratiebedrijf of peer support."
        ),
    )

    def __init__(self, *args, gemeenten, partners=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = gemeenten
        self.fields["organisatie"].queryset = partners if partners is not None else gemeenten.none()
        self.fields["jaar"].choices = jaarkeuzes()
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
            data["gemeente"] = data["scope"] = None
        elif soort == RapportSoort.ORGANISATIE:
            if not data.get("maand"):
                self.add_error("maand", _("Kies de maand."))
            if not data.get("organisatie"):
                self.add_error("organisatie", _("Kies de partner."))
            if self.errors:
                return data
            data["periode"] = Rapportperiode.maand(jaar, data["maand"])
            data["scope"] = data["organisatie"]
        else:
            if not data.get("maand"):
                self.add_error("maand", _("Kies de maand."))
            if not data.get("gemeente"):
                self.add_error("gemeente", _("Kies de gemeente."))
            if self.errors:
                return data
            data["periode"] = Rapportperiode.maand(jaar, data["maand"])
            data["scope"] = data["gemeente"]
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


class ErkenningForm(forms.Form):
    """Acknowledge one data-quality warning; which warnings a report has is the action's to check."""

    code = forms.SlugField(max_length=40, widget=forms.HiddenInput)
    toelichting = forms.CharField(
        label=_("Toelichting (niet verplicht)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Waarom het rapport toch zo de deur uit kan, of wat eraan wordt gedaan. Geen namen."),
    )
