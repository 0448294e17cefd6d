"""Security rules that hold for every request: headers, session lifetime, the session registry,
brute-force lockout and the CSRF failure page (docs/security.md lists every rule and its test).

- `BeveiligingsheadersMiddleware`: Content-Security-Policy, Permissions-Policy,
  Cross-Origin-Resource-Policy, and `Cache-Control: no-store` on every response to a signed-in
  user that does not set its own Cache-Control (pages of signed-in users carry personal data).
- `SessieduurMiddleware`: the absolute session lifetime (12 hours after login, however active the
  user was); the idle timeout is SESSION_COOKIE_AGE, moved on by the session store (hoofdzaak/sessies.py).
- The session registry (`Sessie`): filled on login, pruned on logout (the writes are actions in
  `hoofdzaak.actions`), so that `actions.beeindig_sessies` can end every session of a user that was
  deactivated or lost a membership.
- django-axes glue: the username as the lockout key (case-insensitive), the Dutch lockout page
  and the audit row for a lockout. The client IP comes from `hoofdzaak.audit.client_ip`.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.utils.functional import LazyObject
from django.utils.translation import gettext as _

from . import actions

logger = logging.getLogger("hoofdzaak.security")

# Session key holding the moment of login (seconds since the epoch) for the absolute lifetime.
INGELOGD_OP = "hoofdzaak:ingelogd_op"


# --- Headers ------------------------------------------------------------------------------------


class BeveiligingsheadersMiddleware:
    """Security headers on every response; no-store on every response to a signed-in user.

    Placed right after Django's SecurityMiddleware, so it sees the final response of every other
    middleware (the lockout page of axes, the CSRF failure page, redirects).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.PORTAAL_CSP)
        response.headers.setdefault("Permissions-Policy", settings.PORTAAL_PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response.headers:
            # Browsers and proxies must not keep a copy of a page with personal data; a view that
            # knows better (never_cache, a cached public file) sets its own header.
            response.headers["Cache-Control"] = "no-store"
        return response


# --- Session lifetime -----------------------------------------------------------------------------


class SessieduurMiddleware:
    """Log a user out 12 hours (PORTAAL_SESSIE_MAX_UREN) after login, however active the session.

    Sits after the authentication and message middleware. A session without a login moment (older
    than this rule) starts counting now.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The first to read `request.user` (session, user and verified device are loaded here). Every page
        # reads it again and again — middleware, views, templates — so it keeps the loaded user itself
        # rather than the lazy wrappers of django.contrib.auth and django-otp (each access through them
        # costs several attribute lookups).
        gebruiker = request.user
        while isinstance(gebruiker, LazyObject):
            gebruiker.is_authenticated  # noqa: B018 - loads it
            gebruiker = gebruiker._wrapped
        request.user = gebruiker
        if request.user.is_authenticated:
            nu = time.time()
            ingelogd_op = request.session.get(INGELOGD_OP)
            if not isinstance(ingelogd_op, int | float):
                request.session[INGELOGD_OP] = nu
            elif nu - ingelogd_op > settings.PORTAAL_SESSIE_MAX_UREN * 3600:
                return self._verlopen(request)
        return self.get_response(request)

    def _verlopen(self, request: HttpRequest) -> HttpResponse:
        request.uitlog_reden = "Sessie verlopen: maximale duur bereikt"
        logout(request)
        messages.warning(
            request,
            _("Je bent automatisch uitgelogd omdat je langer dan %(uren)d uur was ingelogd. Log opnieuw in.")
            % {"uren": settings.PORTAAL_SESSIE_MAX_UREN},
        )
        login_url = resolve_url(settings.LOGIN_URL)
        if request.headers.get("HX-Request") == "true":
            # An htmx request would swap the login page into a fragment; let the browser navigate.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = login_url
            return response
        if request.method == "GET":
            return redirect_to_login(request.get_full_path(), login_url)
        # A form posted after the lifetime is not replayed after the new login.
        return HttpResponseRedirect(login_url)


# --- Session registry -----------------------------------------------------------------------------


def bij_inloggen(sender, request, user, **kwargs) -> None:
    """Receiver of user_logged_in: stamp the login moment and register the (new) session key."""
    session = getattr(request, "session", None)
    if session is None:
        return
    session[INGELOGD_OP] = time.time()
    if session.session_key is None:
        session.save()
    actions.registreer_sessie(gebruiker=user, sessie_sleutel=session.session_key)


def bij_uitloggen(sender, request, user, **kwargs) -> None:
    """Receiver of user_logged_out (sent before the session is flushed)."""
    session = getattr(request, "session", None)
    if session is not None and session.session_key:
        actions.vergeet_sessie(sessie_sleutel=session.session_key)


# --- django-axes ----------------------------------------------------------------------------------


def axes_gebruikersnaam(request: HttpRequest, credentials: dict | None) -> str | None:
    """The lockout key's username: the e-mail address as typed, trimmed and lower-cased.

    Login is case-insensitive, so without this `A@x.nl` and `a@x.nl` would count separately.
    """
    bron = credentials if credentials else getattr(request, "POST", {})
    waarde = bron.get(settings.AXES_USERNAME_FORM_FIELD) if bron else None
    if not waarde:
        return None
    return str(waarde).strip().lower()[:254]


def geblokkeerd(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """The lockout page: the same for existing and unknown e-mail addresses."""
    minuten = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "registration/geblokkeerd.html",
        {"minuten": minuten},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


def bij_blokkade(sender, request, username=None, ip_address=None, **kwargs) -> None:
    """Receiver of axes' user_locked_out: one audit row per refused attempt during a lockout."""
    pogingen = getattr(request, "axes_failures_since_start", None)
    reden = f"na {pogingen} mislukte pogingen" if pogingen == settings.AXES_FAILURE_LIMIT else "poging tijdens blokkade"
    actions.log_blokkade(request=request, omschrijving=f"Inloggen geblokkeerd voor {username or 'onbekend'} ({reden})")


# --- CSRF failure -----------------------------------------------------------------------------------


def csrf_mislukt(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a plain Dutch page, never Django's technical one.

    The reason goes to the log only; DenialAuditMiddleware writes the audit row for region URLs.
    """
    logger.warning("CSRF-controle mislukt: %s %s (%s)", request.method, request.path, reason)
    return render(request, "403_csrf.html", status=403)
