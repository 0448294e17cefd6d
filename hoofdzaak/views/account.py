"""Login, logout, password reset and account activation from an invitation."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from .. import actions
from ..forms import InlogForm
from ..models import Gebruiker
from ..tokens import uitnodiging_tokens


class InlogView(auth_views.LoginView):
    form_class = InlogForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class WachtwoordVergetenView(auth_views.PasswordResetView):
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")


class WachtwoordHerstelView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("password_reset_complete")


def _uitgenodigde(uidb64: str) -> Gebruiker | None:
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    return Gebruiker.objects.filter(pk=pk, is_active=True).first()


@sensitive_post_parameters()
@csrf_protect
@never_cache
def activeren(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """Set the first password from an invitation link; the link works once and expires."""
    gebruiker = _uitgenodigde(uidb64)
    if gebruiker is None or not uitnodiging_tokens.check_token(gebruiker, token):
        return render(request, "registration/activeren_ongeldig.html", status=400)
    form = SetPasswordForm(gebruiker, request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.stel_wachtwoord_in(gebruiker=gebruiker, wachtwoord=form.cleaned_data["new_password1"])
        messages.success(request, _("Je account is geactiveerd. Log in met je e-mailadres en nieuwe wachtwoord."))
        return redirect("login")
    return render(request, "registration/activeren.html", {"form": form, "gebruiker": gebruiker})
