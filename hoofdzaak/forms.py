from __future__ import annotations

import uuid

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .models import Gebruiker, Lidmaatschap, Organisatie, Regio, Rol, Soort

INZENDSLEUTEL = "inzendsleutel"


class EenmaligForm(forms.Form):
    """A form that creates something carries a one-time submission key (a hidden field, fresh on every new
    form; kept when the form comes back with errors), so `hoofdzaak.views.hulp.voer_uit` saves it once however
    often it is sent. Put it first among the bases: `class XForm(EenmaligForm, forms.ModelForm)`."""

    inzendsleutel = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4, required=False, label=_("Formulier"))


class InlogForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mailadres"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        # One message for unknown e-mail, wrong password and inactive account alike.
        "invalid_login": _(
            "Dit e-mailadres en wachtwoord horen niet bij een actief account. Controleer ze en probeer het opnieuw."
        ),
        "inactive": _(
            "Dit e-mailadres en wachtwoord horen niet bij een actief account. Controleer ze en probeer het opnieuw."
        ),
    }


class OrganisatieForm(forms.ModelForm):
    class Meta:
        model = Organisatie
        fields = ["naam", "soort", "cbs_code", "dagen_zonder_contact"]
        help_texts = {"cbs_code": _("Alleen voor gemeenten, bijvoorbeeld GM0546 voor Leiden.")}

    def __init__(self, *args, regio: Regio, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.regio = regio
        self.fields["dagen_zonder_contact"].required = False

    def clean_dagen_zonder_contact(self) -> int:
        # Left empty: keep what the organisation has (a new one: the default of 14 days).
        return self.cleaned_data.get("dagen_zonder_contact") or self.instance.dagen_zonder_contact

    def clean_naam(self) -> str:
        naam = self.cleaned_data["naam"].strip()
        andere = Organisatie.objects.in_regio(self.regio).filter(naam__iexact=naam).exclude(pk=self.instance.pk)
        if andere.exists():
            raise forms.ValidationError(_("Er is al een organisatie met deze naam in de regio."))
        return naam

    def clean_cbs_code(self) -> str:
        return self.cleaned_data["cbs_code"].strip().upper()

    def clean(self):
        cleaned = super().clean()
        soort, cbs_code = cleaned.get("soort"), cleaned.get("cbs_code", "")
        if soort == Soort.GEMEENTE and not cbs_code and "cbs_code" not in self.errors:
            self.add_error("cbs_code", _("Vul de CBS-gemeentecode in, bijvoorbeeld GM0546."))
        elif soort and soort != Soort.GEMEENTE and cbs_code:
            self.add_error("cbs_code", _("Alleen een gemeente heeft een CBS-gemeentecode."))
        elif cbs_code and (
            Organisatie.objects.in_regio(self.regio).filter(cbs_code=cbs_code).exclude(pk=self.instance.pk).exists()
        ):
            self.add_error("cbs_code", _("Er is al een gemeente met deze CBS-code in de regio."))
        return cleaned


class UitnodigingForm(forms.Form):
    naam = forms.CharField(label=_("Naam"), max_length=150)
    email = forms.EmailField(label=_("E-mailadres"), max_length=254)
    organisatie = forms.ModelChoiceField(label=_("Organisatie"), queryset=Organisatie.objects.none())
    rol = forms.ChoiceField(label=_("Rol"), choices=Rol.choices)

    def __init__(self, *args, organisaties, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisatie"].queryset = organisaties

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if Gebruiker.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("Er bestaat al een account met dit e-mailadres."))
        return email


class RolForm(forms.ModelForm):
    class Meta:
        model = Lidmaatschap
        fields = ["rol"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rol"].choices = self.instance.organisatie.toegestane_rollen


class GebruikersFilterForm(forms.Form):
    zoek = forms.CharField(
        label=_("Zoek op naam of e-mail"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    organisatie = forms.ModelChoiceField(
        label=_("Organisatie"),
        queryset=Organisatie.objects.none(),
        required=False,
        empty_label=_("Alle organisaties"),
    )
    rol = forms.ChoiceField(label=_("Rol"), choices=[("", _("Alle rollen")), *Rol.choices], required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Alle")), ("actief", _("Actief")), ("inactief", _("Gedeactiveerd"))],
        required=False,
    )

    def __init__(self, *args, organisaties, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisatie"].queryset = organisaties
