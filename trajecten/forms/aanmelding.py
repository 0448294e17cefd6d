"""Forms of the referral, inbox and intake pages. The participant part is `DeelnemerForm`.

The rules here repeat the actions' rules so errors appear next to the right field; the actions stay
the authority and check again inside their transaction.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hoofdzaak import datums, invoer
from hoofdzaak.forms import EenmaligForm
from hoofdzaak.models import Organisatie, Regio

from ..actions import AANBIEDER_SOORTEN
from ..models import Methode, SituatieBijStart, Toestemming
from .deelnemer import (
    ToestemmingForm,
    VersieForm,
    beperk_financier,
    datumveld,
    een_jaar_later,
    financierkeuze,
    stroomkeuze,
)

IN_DE_TOEKOMST = _("Deze datum ligt in de toekomst.")
GEEN_GEVOELIGE_GEGEVENS = _("Noteer geen BSN, diagnoses of behandelgegevens.")


def _niet_in_de_toekomst(datum: datetime.date | None) -> datetime.date | None:
    if datum and datum > timezone.localdate():
        raise forms.ValidationError(IN_DE_TOEKOMST)
    return datum


def _methodekeuze(**kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(label=_("Methode"), choices=[("", _("Kies een methode")), *Methode.choices], **kwargs)


class VerwijzingForm(EenmaligForm):
    """The referral part of `aanmelden`: to whom, how and when."""

    aanbieder = forms.ModelChoiceField(
        label=_("Trajectaanbieder"), queryset=Organisatie.objects.none(), empty_label=_("Kies een trajectaanbieder")
    )
    methode = _methodekeuze()
    verwijsdatum = datumveld(_("Aanmelddatum"))
    toelichting = forms.CharField(
        label=_("Toelichting voor de aanbieder"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=GEEN_GEVOELIGE_GEGEVENS,
    )

    def __init__(self, *args, regio: Regio, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        aanbieder = self.fields["aanbieder"]
        aanbieder.queryset = Organisatie.objects.in_regio(regio).filter(soort__in=AANBIEDER_SOORTEN)
        aanbieder.error_messages["invalid_choice"] = _("Kies een trajectaanbieder uit deze regio.")
        if not self.is_bound:
            self.initial["verwijsdatum"] = timezone.localdate()

    def clean_verwijsdatum(self) -> datetime.date:
        return _niet_in_de_toekomst(self.cleaned_data["verwijsdatum"])


class AanmeldToestemmingForm(forms.Form):
    """Optional consent, at referral, for the referring organisation to follow progress."""

    VELDEN = ("gegeven_op", "geldig_tot", "vorm")

    toestemming = forms.BooleanField(required=False)
    gegeven_op = datumveld(_("Gegeven op"), required=False)
    geldig_tot = datumveld(_("Geldig tot"), required=False)
    vorm = forms.ChoiceField(
        label=_("Vorm"),
        choices=[("", _("Kies hoe de toestemming is gegeven")), *Toestemming.Vorm.choices],
        required=False,
    )

    def __init__(self, *args, organisatie: Organisatie, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["toestemming"].label = _(
            "De deelnemer geeft toestemming dat %(organisatie)s de voortgang volgt"
        ) % {"organisatie": organisatie.naam}
        self.fields["toestemming"].help_text = _(
            "Zonder toestemming zie je alleen of de aanmelding is geaccepteerd of afgewezen."
        )
        for veld in self.VELDEN:
            self.fields[veld].help_text = _("Verplicht als de deelnemer toestemming geeft.")
        if not self.is_bound:
            vandaag = timezone.localdate()
            self.initial.update(gegeven_op=vandaag, geldig_tot=een_jaar_later(vandaag))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("toestemming"):
            # Nothing of this part is saved, so what was typed in it must not block the referral.
            for veld in self.VELDEN:
                self._errors.pop(veld, None)
            return cleaned
        for veld in self.VELDEN:
            if veld not in self._errors and not cleaned.get(veld):
                self.add_error(veld, _("Vul dit in als de deelnemer toestemming geeft."))
        gegeven_op, geldig_tot = cleaned.get("gegeven_op"), cleaned.get("geldig_tot")
        if gegeven_op and gegeven_op > timezone.localdate():
            self.add_error("gegeven_op", IN_DE_TOEKOMST)
        if gegeven_op and geldig_tot and geldig_tot < gegeven_op:
            self.add_error("geldig_tot", _("De einddatum ligt vóór de datum waarop de toestemming is gegeven."))
        elif geldig_tot and geldig_tot < timezone.localdate():
            self.add_error("geldig_tot", _("Deze toestemming is al verlopen. Kies een datum vanaf vandaag."))
        return cleaned

    def gegevens(self) -> dict[str, Any] | None:
        """The consent as `meld_aan` takes it, or None when the participant gave none."""
        if not self.cleaned_data.get("toestemming"):
            return None
        return {veld: self.cleaned_data[veld] for veld in self.VELDEN}


class AccepteerForm(VersieForm):
    intakedatum = datumveld(_("Intakedatum"))
    financier = financierkeuze()
    financieringsstroom = stroomkeuze()

    def __init__(self, *args, verwijsdatum: datetime.date, regio: Regio, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.verwijsdatum = verwijsdatum
        beperk_financier(self, regio)
        if not self.is_bound:
            self.initial.setdefault("intakedatum", timezone.localdate())

    def clean_intakedatum(self) -> datetime.date:
        intakedatum = _niet_in_de_toekomst(self.cleaned_data["intakedatum"])
        if intakedatum < self.verwijsdatum:
            raise forms.ValidationError(
                _("De intakedatum ligt vóór de aanmelddatum (%(datum)s).") % {"datum": datums.datum(self.verwijsdatum)}
            )
        return intakedatum


class AfwijsForm(VersieForm):
    reden = forms.CharField(
        label=_("Reden van afwijzing"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("De verwijzer ziet deze reden. Noteer geen BSN, diagnoses of behandelgegevens."),
        error_messages={"required": _("Geef aan waarom je de aanmelding afwijst.")},
    )

    def clean_reden(self) -> str:
        reden = self.cleaned_data["reden"].strip()
        if not reden:
            raise forms.ValidationError(_("Geef aan waarom je de aanmelding afwijst."))
        return reden


class IntakeForm(EenmaligForm):
    """The trajectory part of `intake`; the provider is the user's own organisation."""

    methode = _methodekeuze()
    intakedatum = datumveld(_("Intakedatum"))
    startdatum = datumveld(
        _("Startdatum"), required=False, help_text=_("Leeg laten als het traject nog niet is gestart.")
    )
    situatie_bij_start = forms.ChoiceField(
        label=_("Situatie bij start"),
        choices=SituatieBijStart.choices,
        initial=SituatieBijStart.ZONDER_WERK,
        widget=forms.RadioSelect,
    )
    verwijzer = forms.ModelChoiceField(
        label=_("Verwijzer"), queryset=Organisatie.objects.none(), required=False, empty_label=_("Geen verwijzer")
    )
    financier = financierkeuze()
    financieringsstroom = stroomkeuze()

    def __init__(self, *args, regio: Regio, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for veld in ("verwijzer", "financier"):
            self.fields[veld].queryset = Organisatie.objects.in_regio(regio)
            self.fields[veld].error_messages["invalid_choice"] = _("Kies een organisatie uit deze regio.")
        if not self.is_bound:
            self.initial["intakedatum"] = timezone.localdate()

    def clean_intakedatum(self) -> datetime.date:
        return _niet_in_de_toekomst(self.cleaned_data["intakedatum"])

    def clean_startdatum(self) -> datetime.date | None:
        return _niet_in_de_toekomst(self.cleaned_data["startdatum"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        intakedatum, startdatum = cleaned.get("intakedatum"), cleaned.get("startdatum")
        if intakedatum and startdatum and startdatum < intakedatum:
            self.add_error("startdatum", _("De startdatum ligt vóór de intakedatum."))
        return cleaned


class IntakeToestemmingForm(ToestemmingForm):
    """One consent row of the intake. A row without an organisation is an empty row and is ignored
    (its dates are pre-filled, so they say nothing about whether the user meant to fill it)."""

    inzendsleutel = None  # the intake form carries the page's one-time key

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisatie"].error_messages["invalid_choice"] = _("Kies een organisatie uit deze regio.")

    def has_changed(self) -> bool:
        return bool(self.is_bound and self.data.get(self.add_prefix("organisatie")))

    def clean_gegeven_op(self) -> datetime.date:
        return _niet_in_de_toekomst(self.cleaned_data["gegeven_op"])


class BaseToestemmingenFormSet(forms.BaseFormSet):
    def gegevens(self) -> list[dict[str, Any]]:
        """The filled rows, as `registreer_intake` takes them."""
        return [form.cleaned_data for form in self.forms if form.has_changed() and form.cleaned_data]


ToestemmingenFormSet = forms.formset_factory(
    IntakeToestemmingForm, formset=BaseToestemmingenFormSet, extra=3, max_num=10, validate_max=True
)


class DubbelcheckForm(forms.Form):
    """The GET parameters of the duplicate check."""

    voornaam = forms.CharField(max_length=80)
    achternaam = forms.CharField(max_length=120)
    geboortedatum = invoer.DatumVeld()


class BevestigDubbelForm(forms.Form):
    toch_registreren = forms.BooleanField(
        label=_("Toch een nieuwe deelnemer registreren"),
        required=False,
        help_text=_("Alleen als je zeker weet dat het om een andere persoon gaat."),
    )
