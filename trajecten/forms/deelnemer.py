"""Forms about one participant: identity, consents, status moves, contacts, peer assignment."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hoofdzaak import invoer
from hoofdzaak.forms import EenmaligForm
from hoofdzaak.keuzes import Sector
from hoofdzaak.models import Organisatie, Regio
from werkgevers.models import Werkgever

from ..models import ContactSoort, Deelnemer, Eindreden, Financieringsstroom, SituatieBijStart, Toestemming

DATUM = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def een_jaar_later(datum: datetime.date) -> datetime.date:
    try:
        return datum.replace(year=datum.year + 1)
    except ValueError:  # 29 February
        return datum.replace(year=datum.year + 1, day=28)


def datumveld(label: str, **kwargs) -> forms.DateField:
    return invoer.DatumVeld(label=label, widget=DATUM, **kwargs)


class DeelnemerForm(forms.ModelForm):
    """Identity and work wishes; used by referral, intake and edit."""

    wens_sectoren = forms.MultipleChoiceField(
        label=_("Gewenste sectoren"), choices=Sector.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Deelnemer
        formfield_callback = invoer.formveld
        fields = [
            "voornaam",
            "achternaam",
            "geboortedatum",
            "woongemeente",
            "postcode",
            "telefoon",
            "email",
            "uitkering",
            "wens_sectoren",
            "wens_uren",
            "wens_plaats",
        ]
        widgets = {"geboortedatum": DATUM}

    def __init__(self, *args, regio: Regio, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["woongemeente"].queryset = Organisatie.objects.in_regio(regio).gemeenten()
        self.fields["woongemeente"].error_messages["invalid_choice"] = _("Kies een gemeente uit deze regio.")
        self.fields["postcode"].help_text = _("Bijvoorbeeld 2311 AB")

    def clean_postcode(self) -> str:
        postcode = self.cleaned_data["postcode"].strip().upper()
        if len(postcode) == 6 and " " not in postcode:
            postcode = f"{postcode[:4]} {postcode[4:]}"
        return postcode

    def clean_geboortedatum(self) -> datetime.date:
        geboortedatum = self.cleaned_data["geboortedatum"]
        vandaag = timezone.localdate()
        if geboortedatum > vandaag:
            raise forms.ValidationError(_("Een geboortedatum kan niet in de toekomst liggen."))
        if geboortedatum.year < vandaag.year - 100 or geboortedatum > vandaag.replace(year=vandaag.year - 15):
            raise forms.ValidationError(_("Deze geboortedatum is niet aannemelijk voor een deelnemer."))
        return geboortedatum

    def gegevens(self) -> dict:
        return dict(self.cleaned_data)


class VersieForm(forms.Form):
    """Carries the version a form was rendered from, to refuse stale submissions."""

    versie = forms.IntegerField(widget=forms.HiddenInput)


class DeelnemerBewerkenForm(DeelnemerForm):
    versie = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["versie"] = self.instance.versie

    def _post_clean(self) -> None:
        # Validation of the model instance happens in the action, against the locked row.
        pass


class ToestemmingForm(EenmaligForm):
    organisatie = forms.ModelChoiceField(label=_("Ontvangende organisatie"), queryset=Organisatie.objects.none())
    gegeven_op = datumveld(_("Gegeven op"))
    geldig_tot = datumveld(_("Geldig tot"))
    vorm = forms.ChoiceField(label=_("Vorm"), choices=Toestemming.Vorm.choices)

    def __init__(self, *args, regio: Regio, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisatie"].queryset = Organisatie.objects.in_regio(regio)
        if not self.is_bound:
            vandaag = timezone.localdate()
            self.initial.update(gegeven_op=vandaag, geldig_tot=een_jaar_later(vandaag))

    def clean(self):
        cleaned = super().clean()
        gegeven_op, geldig_tot = cleaned.get("gegeven_op"), cleaned.get("geldig_tot")
        if gegeven_op and gegeven_op > timezone.localdate():
            self.add_error("gegeven_op", _("Deze datum ligt in de toekomst."))
        if gegeven_op and geldig_tot and geldig_tot < gegeven_op:
            self.add_error("geldig_tot", _("De einddatum ligt vóór de datum waarop de toestemming is gegeven."))
        return cleaned


class IntrekkenForm(forms.Form):
    datum = datumveld(_("Ingetrokken op"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["datum"] = timezone.localdate()


class StartForm(VersieForm):
    startdatum = datumveld(_("Startdatum"))
    situatie_bij_start = forms.ChoiceField(label=_("Situatie bij start"), choices=SituatieBijStart.choices)


class BeeindigForm(VersieForm):
    einddatum = datumveld(_("Einddatum"))
    eindreden = forms.ChoiceField(label=_("Reden van beëindiging"), choices=Eindreden.choices)


def financierkeuze() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Financier"), queryset=Organisatie.objects.none(), required=False, empty_label=_("Onbekend")
    )


def stroomkeuze() -> forms.ChoiceField:
    """The funding stream: required, with an explicit 'Onbekend' that the data-quality list flags."""
    return forms.ChoiceField(
        label=_("Financieringsstroom"),
        choices=[("", _("Kies de financieringsstroom")), *Financieringsstroom.choices],
        help_text=_("Weet je het nog niet? Kies 'Onbekend': het traject komt dan op de lijst met datakwaliteit."),
        error_messages={
            "required": _("Kies de financieringsstroom, of 'Onbekend' als die nog moet worden uitgezocht.")
        },
    )


def beperk_financier(form: forms.Form, regio: Regio) -> None:
    form.fields["financier"].queryset = Organisatie.objects.in_regio(regio)
    form.fields["financier"].error_messages["invalid_choice"] = _("Kies een organisatie uit deze regio.")


class FinancieringForm(VersieForm):
    """A correction of the funder and the funding stream; the reason goes into the trajectory's history."""

    financier = financierkeuze()
    financieringsstroom = stroomkeuze()
    reden = forms.CharField(
        label=_("Reden van de correctie"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bijvoorbeeld: 'beschikking UWV ontvangen'. Noteer geen BSN of medische gegevens."),
        error_messages={"required": _("Geef aan waarom je de financiering aanpast.")},
    )

    def __init__(self, *args, regio: Regio, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        beperk_financier(self, regio)


class ContactForm(EenmaligForm):
    datum = datumveld(_("Datum"))
    soort = forms.ChoiceField(
        label=_("Soort contact"), choices=[c for c in ContactSoort.choices if c[0] != "peer_support"]
    )
    werkgever = forms.ModelChoiceField(
        label=_("Werkgever"),
        queryset=Werkgever.objects.none(),
        required=False,
        empty_label=_("Geen werkgever"),
        help_text=_("Verplicht bij een werkgeverscontact: met welke werkgever was het contact?"),
    )
    face_to_face = forms.BooleanField(label=_("Face-to-face"), required=False, initial=True)
    minuten = forms.IntegerField(label=_("Duur in minuten"), min_value=1, max_value=600)
    notitie = forms.CharField(
        label=_("Notitie"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, regio: Regio | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if regio is not None:
            self.fields["werkgever"].queryset = Werkgever.objects.in_regio(regio).order_by("naam")
        self.fields["werkgever"].error_messages["invalid_choice"] = _("Kies een werkgever uit deze regio.")
        if not self.is_bound:
            self.initial["datum"] = timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("soort") == ContactSoort.WERKGEVERSCONTACT:
            if not cleaned.get("werkgever") and "werkgever" not in self.errors:
                self.add_error("werkgever", _("Kies met welke werkgever het contact was."))
        elif "soort" in cleaned:
            # Only an employer contact names an employer; a choice left over from another kind is dropped.
            cleaned["werkgever"] = None
        return cleaned


class PeerGesprekForm(EenmaligForm):
    datum = datumveld(_("Datum"))
    minuten = forms.IntegerField(label=_("Duur in minuten"), min_value=1, max_value=600)
    notitie = forms.CharField(
        label=_("Notitie"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )


class PeerKoppelForm(VersieForm):
    peer_supporter = forms.ModelChoiceField(
        label=_("Peer supporter"), queryset=None, required=False, empty_label=_("Geen peer supporter")
    )

    def __init__(self, *args, peer_supporters, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["peer_supporter"].queryset = peer_supporters
