"""The NEN 7513 audit log (DESIGN.md §4): writing rows, the hash chain, login and denial events.

Every read, search, create, change, export and print of participant data, every denied attempt
and every login event gets one `AuditRegel`, written with `log(...)`:

    audit.log(actie=AuditActie.LEZEN, request=request, deelnemer_nummer=deelnemer.nummer,
              grondslag="beheer_deelnemer", object_type="deelnemer", object_id=deelnemer.pk)

`log` joins the caller's transaction, so a rolled-back action leaves no row. It holds a
transaction-scoped lock until that transaction ends (that keeps the chain linear), so call it as
late as possible inside a long action.

Rows are append-only: on PostgreSQL a trigger (migration 0003) refuses UPDATE and DELETE. The only
exception is `purge_oude_auditregels`, for rows older than the retention floor of five years,
which the trigger enforces as well. Each row's `hash` is sha256 over a canonical JSON form of its
fields including the previous row's hash; `controleer_keten` (`manage.py controleer_auditlog`)
recomputes the chain.

Denied attempts on region URLs (403 from `access.rol_vereist`, 404 from the tenancy middleware or
from an `access.py` fetch function, which cannot tell missing from forbidden) are logged by
`DenialAuditMiddleware`; views need not log them themselves.
"""

from __future__ import annotations

import datetime
import hashlib
import ipaddress
import json
import re
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connections, router, transaction
from django.http import HttpRequest
from django.utils import timezone

from .models import AuditActie, AuditRegel, Lidmaatschap, Regio

__all__ = [
    "AuditActie",
    "AuditRegel",
    "DenialAuditMiddleware",
    "RequestIdMiddleware",
    "client_ip",
    "controleer_keten",
    "log",
    "purge_oude_auditregels",
]

# The hash a chain starts from.
BEGIN_HASH = "0" * 64
# Bumped if the canonical form ever changes; verification then needs to know both forms.
HASH_VERSIE = 1
# Key of the PostgreSQL advisory lock that serialises appends ("NEN7513" as a number).
KETEN_LOCK = 0x4E454E37353133
# Rows younger than this are never purged; the database trigger enforces the same floor.
BEWAARTERMIJN_JAREN = 5

DEELNEMERNUMMER = re.compile(r"[A-Z]{2,4}-\d{4}-\d{4,}")
REQUEST_ID = re.compile(r"[A-Za-z0-9-]{1,64}")


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as the audit log and the login lockout (AXES_CLIENT_IP_CALLABLE) see it.

    X-Forwarded-For is written by whoever sends the request, so it is only read behind a known
    number of reverse proxies (PORTAAL_TRUSTED_PROXIES, default 0). With N trusted proxies, each
    appends the address it received the request from, so the client is the Nth address from the
    right; anything to the left of it was sent by the client itself and is ignored. With 0, or when
    the header has fewer than N addresses (the request did not come through all proxies), only
    REMOTE_ADDR counts.
    """
    adres = request.META.get("REMOTE_ADDR", "")
    proxies = int(getattr(settings, "PORTAAL_TRUSTED_PROXIES", 0) or 0)
    if proxies > 0:
        doorgestuurd = [deel.strip() for deel in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        doorgestuurd = [deel for deel in doorgestuurd if deel]
        if len(doorgestuurd) >= proxies:
            adres = doorgestuurd[-proxies]
    try:
        return str(ipaddress.ip_address(adres))
    except ValueError:
        return None


def _tekst(value: object, max_length: int) -> str:
    # PostgreSQL refuses NUL characters; a too-long value must never make the audit write fail.
    return str(value).replace("\x00", "")[:max_length]


def _maxlen(field: str) -> int:
    return AuditRegel._meta.get_field(field).max_length


def canonieke_vorm(regel: AuditRegel) -> bytes:
    """The bytes the row's hash covers: sorted-key compact JSON of every field but id and hash."""
    ip = str(ipaddress.ip_address(regel.ip)) if regel.ip else None
    data = {
        "v": HASH_VERSIE,
        "vorige_hash": regel.vorige_hash,
        "tijdstip": regel.tijdstip.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "gebruiker_id": regel.gebruiker_id,
        "gebruiker_email": regel.gebruiker_email,
        "organisatie_id": regel.organisatie_id,
        "organisatie_naam": regel.organisatie_naam,
        "rol": regel.rol,
        "regio_id": regel.regio_id,
        "actie": regel.actie,
        "deelnemer_nummer": regel.deelnemer_nummer,
        "grondslag": regel.grondslag,
        "object_type": regel.object_type,
        "object_id": regel.object_id,
        "omschrijving": regel.omschrijving,
        "ip": ip,
        "request_id": regel.request_id,
    }
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def bereken_hash(regel: AuditRegel) -> str:
    return hashlib.sha256(canonieke_vorm(regel)).hexdigest()


def log(
    *,
    actie: str,
    request: HttpRequest | None = None,
    gebruiker=None,
    regio: Regio | None = None,
    lidmaatschap: Lidmaatschap | None = None,
    deelnemer_nummer: str = "",
    grondslag: str = "",
    object_type: str = "",
    object_id: str | int = "",
    omschrijving: str = "",
) -> AuditRegel:
    """Append one row to the audit log, inside the caller's transaction (or a new one).

    With `request`, the user, region, organisation and role acted for, IP and request id come from
    the request (`request.user`, `request.regio_ctx`); explicit arguments win. Without a request
    (Celery tasks) pass `gebruiker` and `regio`, or `lidmaatschap` for the organisation and role.
    """
    if actie not in AuditActie.values:
        raise ValueError(f"unknown audit action {actie!r}")
    ctx = getattr(request, "regio_ctx", None) if request is not None else None
    if gebruiker is None and request is not None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            gebruiker = user
    if regio is None:
        regio = lidmaatschap.regio if lidmaatschap is not None else (ctx.regio if ctx is not None else None)
    if lidmaatschap is None and ctx is not None and regio is not None and ctx.regio.pk == regio.pk:
        lidmaatschap = ctx.lidmaatschap
    if lidmaatschap is not None:
        if regio is not None and lidmaatschap.regio_id != regio.pk:
            raise ValueError("the membership acted for belongs to another region than the audit row")
        if gebruiker is None:
            gebruiker = lidmaatschap.gebruiker

    regel = AuditRegel(
        actie=actie,
        gebruiker_id=gebruiker.pk if gebruiker is not None else None,
        gebruiker_email=_tekst(gebruiker.email, _maxlen("gebruiker_email")) if gebruiker is not None else "",
        organisatie_id=lidmaatschap.organisatie_id if lidmaatschap is not None else None,
        organisatie_naam=_tekst(lidmaatschap.organisatie.naam, _maxlen("organisatie_naam")) if lidmaatschap else "",
        rol=lidmaatschap.rol if lidmaatschap is not None else "",
        regio=regio,
        deelnemer_nummer=_tekst(deelnemer_nummer, _maxlen("deelnemer_nummer")),
        grondslag=_tekst(grondslag, _maxlen("grondslag")),
        object_type=_tekst(object_type, _maxlen("object_type")),
        object_id=_tekst(object_id, _maxlen("object_id")),
        omschrijving=_tekst(omschrijving, _maxlen("omschrijving")),
        ip=client_ip(request) if request is not None else None,
        request_id=_tekst(getattr(request, "request_id", ""), _maxlen("request_id")),
    )
    return _voeg_toe(regel)


def _voeg_toe(regel: AuditRegel) -> AuditRegel:
    """Link the row to the current head of the chain and insert it, one writer at a time."""
    using = router.db_for_write(AuditRegel)
    with transaction.atomic(using=using, savepoint=False):
        connection = connections[using]
        if connection.vendor == "postgresql":
            # Held until the caller's transaction ends: the next writer reads this row as its head
            # only once it is committed, so two writers can never link to the same predecessor.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [KETEN_LOCK])
        vorige = AuditRegel.objects.using(using).order_by("-id").values_list("hash", flat=True).first()
        regel.vorige_hash = vorige or BEGIN_HASH
        regel.tijdstip = timezone.now()
        regel.hash = bereken_hash(regel)
        regel.save(using=using, force_insert=True)
    return regel


@dataclass(frozen=True)
class KetenControle:
    aantal: int
    eerste_id: int | None = None
    fout_id: int | None = None
    fout: str = ""

    @property
    def in_orde(self) -> bool:
        return not self.fout


def controleer_keten() -> KetenControle:
    """Walk the whole log in id order and report the first row whose hash or link is wrong.

    The first row may point at a predecessor that `purge_oude_auditregels` removed; its link cannot
    be checked, its own hash can.
    """
    aantal, eerste_id, vorige = 0, None, None
    for regel in AuditRegel.objects.order_by("id").iterator(chunk_size=2000):
        if vorige is None:
            eerste_id = regel.pk
        elif regel.vorige_hash != vorige:
            return KetenControle(aantal, eerste_id, regel.pk, "verwijst niet naar de hash van de regel ervoor")
        if bereken_hash(regel) != regel.hash:
            return KetenControle(aantal, eerste_id, regel.pk, "de hash past niet bij de inhoud")
        vorige = regel.hash
        aantal += 1
    return KetenControle(aantal, eerste_id)


def bewaargrens(nu: datetime.datetime | None = None) -> datetime.datetime:
    """The moment before which rows have been kept for the full retention period."""
    nu = nu or timezone.now()
    try:
        return nu.replace(year=nu.year - BEWAARTERMIJN_JAREN)
    except ValueError:  # 29 February
        return nu.replace(year=nu.year - BEWAARTERMIJN_JAREN, day=28)


def purge_oude_auditregels(*, voor: datetime.datetime) -> int:
    """Delete the rows logged before `voor`, which must lie at least five years back.

    The hook for the retention task: the database trigger lets a DELETE through only while the
    transaction-local setting `hoofdzaak.audit_purge` is 'on' and only for rows older than five
    years. Only a leading run of the chain (in id order) is removed, so what stays is one unbroken
    chain. Returns the number of rows deleted.
    """
    if voor > bewaargrens():
        raise ValueError(f"audit log rows are kept at least {BEWAARTERMIJN_JAREN} years")
    using = router.db_for_write(AuditRegel)
    connection = connections[using]
    with transaction.atomic(using=using):
        eerste_blijvende = (
            AuditRegel.objects.using(using).filter(tijdstip__gte=voor).order_by("id").values_list("id", flat=True)
        ).first()
        weg = AuditRegel.objects.using(using).filter(tijdstip__lt=voor)
        if eerste_blijvende is not None:
            weg = weg.filter(id__lt=eerste_blijvende)
        if connection.vendor != "postgresql":
            return weg.delete()[0]
        # Transaction-local, and switched off again at once, so nothing after this delete in the
        # same transaction inherits the permission.
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('hoofdzaak.audit_purge', 'on', true)")
            aantal = weg.delete()[0]
            cursor.execute("SELECT set_config('hoofdzaak.audit_purge', 'off', true)")
        return aantal


class RequestIdMiddleware:
    """Give every request an id (or keep a sane incoming X-Request-ID) and echo it in the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        return response


class DenialAuditMiddleware:
    """Log a 'geweigerd' row when a signed-in user is refused a region URL (403 or 404).

    It looks at the response, because the tenancy middleware's 404 is raised in process_view,
    which never reaches process_exception.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        response = self.get_response(request)
        if response.status_code in (403, 404):
            match = getattr(request, "resolver_match", None)
            if match is not None and "regio" in match.kwargs and request.user.is_authenticated:
                _log_weigering(request, response.status_code, match.kwargs)
        return response


def _log_weigering(request: HttpRequest, status: int, kwargs: dict) -> None:
    ctx = getattr(request, "regio_ctx", None)
    if ctx is None:
        # Refused before or by the tenancy check: a 404 means no membership in this region (the
        # user was told it does not exist, but the region's projectleider should see the
        # attempt); a 403 came from an earlier middleware, such as a failed CSRF check.
        regio = Regio.objects.filter(slug=kwargs["regio"]).first()
        reden = "geen lidmaatschap in deze regio" if status == 404 else "verzoek geweigerd"
    else:
        regio = ctx.regio
        reden = "geen toegang met deze rol" if status == 403 else "niet gevonden of geen toegang"
    nummer = next((str(v) for v in kwargs.values() if DEELNEMERNUMMER.fullmatch(str(v))), "")
    log(
        actie=AuditActie.GEWEIGERD,
        request=request,
        regio=regio,
        deelnemer_nummer=nummer,
        object_type=request.resolver_match.url_name or "",
        omschrijving=f"{status} {request.method} {request.path}: {reden}",
    )


# Receivers for django.contrib.auth's signals, connected in HoofdzaakConfig.ready().


def bij_inloggen(sender, request, user, **kwargs) -> None:
    log(actie=AuditActie.INLOGGEN, request=request, gebruiker=user, omschrijving="Ingelogd")


def bij_uitloggen(sender, request, user, **kwargs) -> None:
    if user is not None:
        # The session lifetime middleware sets a reason when it logs the user out itself.
        omschrijving = getattr(request, "uitlog_reden", "Uitgelogd")
        log(actie=AuditActie.UITLOGGEN, request=request, gebruiker=user, omschrijving=omschrijving)


def bij_mislukt_inloggen(sender, credentials, request=None, **kwargs) -> None:
    # Only the identifier: the password (masked by Django, but still) never goes into the log.
    veld = get_user_model().USERNAME_FIELD
    poging = credentials.get(veld) or credentials.get("username") or ""
    log(
        actie=AuditActie.INLOGGEN_MISLUKT,
        request=request,
        omschrijving=f"Mislukte inlogpoging voor {poging}" if poging else "Mislukte inlogpoging",
    )
