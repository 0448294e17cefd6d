"""Two-factor login (django-otp, TOTP): who needs it, the enforcing middleware and its writes.

Who must pass the second step after the password:
- every user with an active membership, in any region, in a role that sees participant data
  (trajectbegeleider, klantmanager, peer supporter) or steers a region (projectleider);
- platform staff (the Django admin);
- anybody who enrolled voluntarily (bestuurder, werkgeversadviseur): a second factor that is set up
  is always asked for, otherwise enrolling would protect nothing.

`TweedeStapMiddleware` (before the TenancyMiddleware) sends such a user whose session is not verified
(`request.user.is_verified()`, set by django-otp's OTPMiddleware) to /account/tweede-stap/, or to
/account/tweede-stap/instellen/ while it has no confirmed authenticator app yet; only the 2FA pages
themselves, logout, /gezondheid/, static files and the password-reset and activation pages stay
reachable. htmx requests get `HX-Redirect`.

The second factor is a `TOTPDevice` (authenticator app; django-otp refuses a code whose time step is
not after the last accepted one, so every code works once, and throttles failures exponentially,
OTP_TOTP_THROTTLE_FACTOR) plus a `StaticDevice` with ten backup codes (`StaticToken`; a used code is
deleted). Its writes (checking and using up codes, enrolment, reset, the session registry) are
actions in `hoofdzaak.actions`; each writes its audit row.
"""

from __future__ import annotations

import base64
import functools
import math
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from django.apps import apps
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Lidmaatschap, Rol
from .tenancy import VOORAF, met_lidmaatschappen
from .vaste_query import MetErbij, VasteQuery

# Roles that see participant data or steer a region: the second step is compulsory (DESIGN.md §1).
ROLLEN_MET_TWEEDE_STAP = frozenset({Rol.PROJECTLEIDER, Rol.TRAJECTBEGELEIDER, Rol.KLANTMANAGER, Rol.PEER_SUPPORTER})
AANTAL_RESERVECODES = 10
APP_NAAM = "Authenticator-app"
RESERVE_NAAM = "Reservecodes"
# Session key holding the fresh backup codes between the enrolment POST and the page that shows them once.
RESERVECODES_SESSIE = "hoofdzaak:reservecodes"

# URL names an unverified user may still reach (django-otp's own pages, leaving, and the flows that
# work without a session anyway).
VRIJE_URLS = frozenset(
    {
        "tweede_stap",
        "tweede_stap_instellen",
        "logout",
        "gezondheid",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
        "activeren",
        "admin:logout",
    }
)


# --- Who -----------------------------------------------------------------------------------------------


def tweede_stap_verplicht(gebruiker) -> bool:
    """Staff, or an active membership (any region) in a role that requires the second step."""
    if not gebruiker.is_authenticated:
        return False
    if gebruiker.is_staff:
        return True
    return Lidmaatschap.objects.actief().filter(gebruiker=gebruiker, rol__in=ROLLEN_MET_TWEEDE_STAP).exists()


def app_van(gebruiker) -> TOTPDevice | None:
    """The user's confirmed authenticator app (None while not enrolled)."""
    return TOTPDevice.objects.devices_for_user(gebruiker, confirmed=True).order_by("pk").first()


def reservecodes_over(gebruiker) -> int:
    return StaticToken.objects.filter(device__user=gebruiker, device__confirmed=True).count()


def is_geverifieerd(request: HttpRequest) -> bool:
    verified = getattr(request.user, "is_verified", None)
    return bool(verified and verified())


# --- Middleware -------------------------------------------------------------------------------------------


MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
# Per device model: `model.objects.select_related("user").get(pk=…, user_id=…)` with the user's active memberships
# (which the tenancy would read next), in one round trip; the SQL built once.
_APPARAAT_MET_GEBRUIKER: dict[type[Device], MetErbij] = {}


class GebruikerMetApparaatMiddleware(OTPMiddleware):
    """django-otp's OTPMiddleware, reading the signed-in user and its verified device in one query.

    `request.user` stays lazy. For a session as login + second step leave it (ModelBackend, a verified
    device of this user, the session's auth hash matching the user's), one query reads the device with
    its user and the user's active memberships (kept for the tenancy, `tenancy.VOORAF`); the checks are
    those of `django.contrib.auth.get_user` (active user, the session's hash against the user's current
    one) and of django-otp (device of this user, confirmed). Any other
    session — no device yet, another backend, a hash that only a fallback secret verifies, an inactive
    user or a device that is gone — takes Django's and django-otp's own path, unchanged.
    """

    def _install_lazy_accessors(self, request: HttpRequest) -> None:
        django_user = getattr(request, "user", None)
        super()._install_lazy_accessors(request)
        if django_user is not None:
            request.user = SimpleLazyObject(functools.partial(self._gebruiker, request, django_user))

    def _gebruiker(self, request: HttpRequest, django_user):
        apparaat = _geverifieerd_apparaat(request)
        if apparaat is None:
            return self._verify_user_sync(request, django_user)
        gebruiker = apparaat.user
        self._init_user_fields(gebruiker)
        gebruiker.otp_device = self._finalize_device(request, gebruiker, apparaat)
        return gebruiker


def _geverifieerd_apparaat(request: HttpRequest) -> Device | None:
    """The session's verified device with its user, when user and session pass Django's checks as they are."""
    sessie = request.session
    try:
        gebruiker_id = get_user_model()._meta.pk.to_python(sessie[SESSION_KEY])
        backend = sessie[BACKEND_SESSION_KEY]
        persistent_id = OTPMiddleware._normalize_persistent_id(sessie[DEVICE_ID_SESSION_KEY])
        sessie_hash = sessie[HASH_SESSION_KEY]
        label, apparaat_id = persistent_id.split("/", 1)
        model = apps.get_model(label)
    except (KeyError, ValidationError, ValueError, LookupError, TypeError):
        return None
    if backend != MODEL_BACKEND or backend not in settings.AUTHENTICATION_BACKENDS or not issubclass(model, Device):
        return None
    try:
        apparaat_id = model._meta.pk.to_python(apparaat_id)
    except ValidationError:
        return None
    query = _APPARAAT_MET_GEBRUIKER.get(model)
    if query is None:
        query = _APPARAAT_MET_GEBRUIKER[model] = met_lidmaatschappen(
            VasteQuery(model, ("user",), waar='t."id" = %s AND t."user_id" = %s'), "r0"
        )
    gevonden = query.lijst([apparaat_id, gebruiker_id])
    if not gevonden:
        return None
    apparaat, lidmaatschappen = gevonden[0]
    setattr(apparaat.user, VOORAF, tuple(lidmaatschappen))
    if not apparaat.confirmed:
        return None
    gebruiker = apparaat.user
    if not ModelBackend().user_can_authenticate(gebruiker) or not constant_time_compare(
        sessie_hash, gebruiker.get_session_auth_hash()
    ):
        return None
    return apparaat


class TweedeStapMiddleware:
    """Keep a signed-in user that must pass the second step on the 2FA pages until it has.

    Sits after django-otp's OTPMiddleware and before the TenancyMiddleware, so no region page (and no
    404 that would reveal whether a region exists) is reached first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or is_geverifieerd(request):
            return None
        match = request.resolver_match
        if request.path.startswith(settings.STATIC_URL) or (match is not None and match.view_name in VRIJE_URLS):
            return None
        heeft_app = app_van(user) is not None
        if not heeft_app and not tweede_stap_verplicht(user):
            return None
        return naar_tweede_stap(request, instellen=not heeft_app)


def naar_tweede_stap(request: HttpRequest, *, instellen: bool) -> HttpResponse:
    url = reverse("tweede_stap_instellen" if instellen else "tweede_stap")
    if request.headers.get("HX-Request") == "true":
        # An htmx request would swap the 2FA page into a fragment; let the browser navigate, and come
        # back to the page the fragment was on.
        terug = urlsplit(request.headers.get("HX-Current-URL", ""))
        if terug.path:
            url += "?" + urlencode({"next": terug.path + (f"?{terug.query}" if terug.query else "")})
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    if request.method == "GET":
        url += "?" + urlencode({"next": request.get_full_path()})
    return HttpResponseRedirect(url)


# --- Codes --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Controle:
    """The outcome of checking a code: the device that accepted it, or why none did."""

    apparaat: TOTPDevice | StaticDevice | None = None
    # Seconds to wait before the next try when the device is throttled after failures.
    wacht_seconden: int = 0

    @property
    def gelukt(self) -> bool:
        return self.apparaat is not None


def normaliseer(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def wachttijd(apparaat) -> int:
    """Seconds the device is still throttled after failed codes (0: it may be tried now)."""
    toegestaan, info = apparaat.verify_is_allowed()
    if toegestaan or not info or "locked_until" not in info:
        return 0
    return max(1, math.ceil((info["locked_until"] - timezone.now()).total_seconds()))


# --- Enrolment ---------------------------------------------------------------------------------


def otpauth_uri(apparaat: TOTPDevice) -> str:
    """otpauth://totp/Hoofdzaak%20Werk:<e-mail>?secret=…&issuer=Hoofdzaak%20Werk (OTP_TOTP_ISSUER)."""
    return apparaat.config_url


def geheim_base32(apparaat: TOTPDevice) -> str:
    return base64.b32encode(apparaat.bin_key).decode().rstrip("=")


def qr_svg(data: str) -> bytes:
    """The QR code of `data` as an SVG document, drawn here (no JavaScript, no external service)."""
    import qrcode
    import qrcode.image.svg

    beeld = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathFillImage, border=2)
    return beeld.to_string(encoding="unicode").encode()
