"""Forms of the second login step and of the security page (hoofdzaak/views/tweefactor.py).

The forms only check their fields; the code itself is checked (and used up) by the view through
`hoofdzaak.actions.controleer_code`, after everything else on the form is valid, so a typo in a new
password never costs the user its one-time code.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordChangeForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .tweefactor import Controle

CODE_FOUT = _(
    "Deze code klopt niet of is al gebruikt. Vul de code in die je app nu toont (elke code werkt maar één keer) "
    "of een reservecode die je nog niet hebt gebruikt."
)
WACHTWOORD_FOUT = _("Dit is niet je huidige wachtwoord.")


def code_fout(controle: Controle) -> str:
    """The error shown at the code field: wrong or used code, or too many wrong codes in a row."""
    if controle.wacht_seconden:
        return ngettext(
            "Te veel verkeerde codes achter elkaar. Wacht %(seconden)d seconde en probeer het dan opnieuw met de "
            "code die je app op dat moment toont.",
            "Te veel verkeerde codes achter elkaar. Wacht %(seconden)d seconden en probeer het dan opnieuw met de "
            "code die je app op dat moment toont.",
            controle.wacht_seconden,
        ) % {"seconden": controle.wacht_seconden}
    return str(CODE_FOUT)


def _codeveld(label: str, help_text: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=32,
        error_messages={"required": _("Vul de code in.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "off",
                "spellcheck": "false",
                "size": "12",
            }
        ),
    )


class CodeForm(forms.Form):
    """The second step at login: a code from the app or a backup code."""

    code = _codeveld(
        _("Code"),
        _("De zes cijfers die je authenticator-app nu toont, of een van je reservecodes."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs["autofocus"] = True


class AppBevestigenForm(forms.Form):
    """Enrolment: the first code of the newly added app proves it was set up right."""

    code = _codeveld(
        _("Code uit je app"),
        _("Na het toevoegen toont je app elke 30 seconden een nieuwe code van zes cijfers. Vul de huidige in."),
    )


class HerauthenticatieMixin:
    """The current password, checked through `authenticate()` so the login lockout (axes) counts it."""

    request = None
    user = None

    def _controleer_wachtwoord(self, wachtwoord: str) -> str:
        gebruiker = authenticate(self.request, username=self.user.email, password=wachtwoord)
        if gebruiker is None or gebruiker.pk != self.user.pk:
            raise forms.ValidationError(WACHTWOORD_FOUT, code="password_incorrect")
        return wachtwoord


def _codeveld_herauthenticatie() -> forms.CharField:
    return _codeveld(
        _("Code uit je app of een reservecode"),
        _("Een code die je net hebt gebruikt, werkt niet nog een keer: wacht dan op de volgende code in je app."),
    )


class WachtwoordWijzigenForm(HerauthenticatieMixin, PasswordChangeForm):
    """Django's password change, with the current password and (when enrolled) a current code."""

    field_order = ["old_password", "code", "new_password1", "new_password2"]

    def __init__(self, user, *args, request, met_code: bool, **kwargs) -> None:
        self.request = request
        super().__init__(user, *args, **kwargs)
        self.fields["old_password"].label = _("Huidig wachtwoord")
        self.fields["old_password"].widget.attrs.pop("autofocus", None)
        if met_code:
            self.fields["code"] = _codeveld_herauthenticatie()
            self.order_fields(self.field_order)

    def clean_old_password(self) -> str:
        return self._controleer_wachtwoord(self.cleaned_data["old_password"])


class TweedeStapResetForm(HerauthenticatieMixin, forms.Form):
    """Remove the app and backup codes, to set up the second step again (e.g. on a new phone)."""

    wachtwoord = forms.CharField(
        label=_("Huidig wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, request, user, **kwargs) -> None:
        self.request = request
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["code"] = _codeveld_herauthenticatie()

    def clean_wachtwoord(self) -> str:
        return self._controleer_wachtwoord(self.cleaned_data["wachtwoord"])
