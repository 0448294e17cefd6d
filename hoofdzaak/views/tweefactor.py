"""The second login step (TOTP), its enrolment with backup codes, and the account security page.

The rules (who must, what is enforced where) are in hoofdzaak/tweefactor.py.
"""

from __future__ import annotations

import base64
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp.plugins.otp_static.models import StaticDevice

from .. import actions, tweefactor
from ..forms_tweefactor import AppBevestigenForm, CodeForm, TweedeStapResetForm, WachtwoordWijzigenForm, code_fout


def _volgende(request: HttpRequest) -> str:
    """Where to go after the second step: `next` when it stays on this site, else the start page."""
    doel = request.POST.get("next") or request.GET.get("next") or ""
    if doel and url_has_allowed_host_and_scheme(
        doel, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return doel
    return resolve_url("start")


def _met_volgende(naam: str, request: HttpRequest) -> str:
    doel = request.POST.get("next") or request.GET.get("next") or ""
    return reverse(naam) + (f"?{urlencode({'next': doel})}" if doel else "")


@sensitive_post_parameters("code")
@never_cache
@login_required
def tweede_stap(request: HttpRequest) -> HttpResponse:
    """After the password: a code from the authenticator app or a backup code."""
    if tweefactor.app_van(request.user) is None:
        return redirect(_met_volgende("tweede_stap_instellen", request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        controle = actions.controleer_code(gebruiker=request.user, code=form.cleaned_data["code"])
        if controle.gelukt:
            actions.verifieer_sessie(request=request, controle=controle)
            if isinstance(controle.apparaat, StaticDevice):
                over = tweefactor.reservecodes_over(request.user)
                messages.warning(
                    request,
                    _(
                        "Je bent ingelogd met een reservecode; je hebt er nog %(aantal)d. Ben je je telefoon kwijt? "
                        "Stel de tweede stap dan opnieuw in via Beveiliging."
                    )
                    % {"aantal": over},
                )
            return redirect(_volgende(request))
        actions.log_mislukt(request=request, controle=controle)
        form.add_error("code", code_fout(controle))
    return render(request, "registration/tweede_stap.html", {"form": form, "next": _volgende_veld(request)})


def _volgende_veld(request: HttpRequest) -> str:
    """The `next` value to carry along in the form (validated only when it is used)."""
    return request.POST.get("next") or request.GET.get("next") or ""


@sensitive_post_parameters("code")
@never_cache
@login_required
def tweede_stap_instellen(request: HttpRequest) -> HttpResponse:
    """Enrol: add the app with the QR code or the key, confirm with a code, get ten backup codes once."""
    codes = request.session.pop(tweefactor.RESERVECODES_SESSIE, None) if request.method == "GET" else None
    if codes:
        return render(
            request, "registration/tweede_stap_reservecodes.html", {"codes": codes, "verder": _volgende(request)}
        )
    app = tweefactor.app_van(request.user)
    if app is not None:
        if not tweefactor.is_geverifieerd(request):
            # Setting up a new app needs the current one first (or a reset through Beveiliging).
            return redirect(_met_volgende("tweede_stap", request))
        return render(request, "registration/tweede_stap_ingesteld.html", {"app": app})

    apparaat = actions.nieuwe_app(gebruiker=request.user)
    form = AppBevestigenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        controle, codes = actions.bevestig_app(request=request, apparaat=apparaat, code=form.cleaned_data["code"])
        if controle.gelukt:
            request.session[tweefactor.RESERVECODES_SESSIE] = codes
            return redirect(_met_volgende("tweede_stap_instellen", request))
        form.add_error("code", code_fout(controle))
    svg = tweefactor.qr_svg(tweefactor.otpauth_uri(apparaat))
    geheim = tweefactor.geheim_base32(apparaat)
    context = {
        "form": form,
        "next": _volgende_veld(request),
        "qr_data_uri": "data:image/svg+xml;base64," + base64.b64encode(svg).decode(),
        "geheim": geheim,
        "geheim_groepen": " ".join(geheim[i : i + 4] for i in range(0, len(geheim), 4)),
        "verplicht": tweefactor.tweede_stap_verplicht(request.user),
    }
    return render(request, "registration/tweede_stap_instellen.html", context)


@sensitive_post_parameters()
@never_cache
@login_required
def beveiliging(request: HttpRequest) -> HttpResponse:
    """Change the password or reset the second factor; both ask for the password and a current code."""
    gebruiker = request.user
    app = tweefactor.app_van(gebruiker)
    actie = request.POST.get("actie") if request.method == "POST" else None
    wachtwoord_form = WachtwoordWijzigenForm(
        gebruiker,
        request.POST if actie == "wachtwoord" else None,
        request=request,
        met_code=app is not None,
        auto_id="wachtwoord_%s",
    )
    reset_form = (
        TweedeStapResetForm(
            request.POST if actie == "tweede_stap" else None, request=request, user=gebruiker, auto_id="reset_%s"
        )
        if app is not None
        else None
    )

    if actie == "wachtwoord" and wachtwoord_form.is_valid() and _code_klopt(request, wachtwoord_form, app):
        return _wijzig_wachtwoord(request, wachtwoord_form.cleaned_data["new_password1"])
    if (
        actie == "tweede_stap"
        and reset_form is not None
        and reset_form.is_valid()
        and _code_klopt(request, reset_form, app)
    ):
        return _reset_tweede_stap(request)

    context = {
        "wachtwoord_form": wachtwoord_form,
        "reset_form": reset_form,
        "app": app,
        "reservecodes_over": tweefactor.reservecodes_over(gebruiker) if app is not None else 0,
        "verplicht": tweefactor.tweede_stap_verplicht(gebruiker),
    }
    return render(request, "registration/beveiliging.html", context)


def _wijzig_wachtwoord(request: HttpRequest, wachtwoord: str) -> HttpResponse:
    actions.wijzig_eigen_wachtwoord(request=request, wachtwoord=wachtwoord)
    messages.success(request, _("Je wachtwoord is gewijzigd. Op andere apparaten ben je uitgelogd."))
    return redirect("beveiliging")


def _reset_tweede_stap(request: HttpRequest) -> HttpResponse:
    actions.reset_tweede_stap(request=request)
    if tweefactor.tweede_stap_verplicht(request.user):
        messages.success(request, _("Je oude app en reservecodes werken niet meer. Stel de tweede stap nu opnieuw in."))
        return redirect("tweede_stap_instellen")
    messages.success(request, _("Je tweede stap is verwijderd. Je kunt hem hier opnieuw instellen."))
    return redirect("beveiliging")


def _code_klopt(request: HttpRequest, form, app) -> bool:
    """Re-authentication's second half: a current code (skipped for a user without a second factor)."""
    if app is None:
        return True
    controle = actions.controleer_code(gebruiker=request.user, code=form.cleaned_data["code"])
    if controle.gelukt:
        return True
    actions.log_mislukt(request=request, controle=controle, waar="herauthenticatie op Beveiliging")
    form.add_error("code", code_fout(controle))
    return False
