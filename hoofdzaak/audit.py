"""The NEN 7513 audit log (DESIGN.md §4): writing rows, the hash chain, login and denial events.

Every read, search, create, change, export and print of participant data, every denied attempt
and every login event gets one `AuditRegel`, written with `log(...)`:

    audit.log(actie=AuditActie.LEZEN, request=request, deelnemer_nummer=deelnemer.nummer,
              grondslag="beheer_deelnemer", object_type="deelnemer", object_id=deelnemer.pk)

`log` joins the caller's transaction, so a rolled-back action leaves no row. It holds a
transaction-scoped lock until that transaction ends (that keeps the chain linear), so call it as
late as possible inside a long action.

Rows are append-only, by the database's own rules (hoofdzaak/rechten.py): the application role
has only SELECT and INSERT on the table and owns nothing, so it cannot UPDATE, DELETE, TRUNCATE,
ALTER it or disable its trigger; the trigger (migration 0003) refuses UPDATE and DELETE for the
owner too. The only delete is the retention purge (`purge_oude_auditregels`), through a SECURITY
DEFINER function of the owner that removes nothing younger than five years; it leaves an
'opgeschoond' row naming the range it removed and the last removed hash.

Each row's `hash` is an HMAC-SHA256, with the key PORTAAL_AUDIT_SLEUTEL (never in the database),
over a canonical JSON form of its fields including the previous row's hash. `veranker()`
(`manage.py veranker_auditlog`, beat every 5 minutes) writes the newest row's id and hash and the
row count to an append-only file in PORTAAL_AUDIT_ANCHOR_DIR and to the log.
`controleer_keten` (`manage.py controleer_auditlog`) recomputes the chain and holds it against
the anchors: a changed row, a row deleted in the middle, rows deleted at the end (up to the newest
anchor) or at the start (other than by a recorded purge), an emptied table and a chain recomputed
without the key all make it fail, naming the first bad row.

Denied attempts on region URLs (403 from `access.rol_vereist`, 404 from the tenancy middleware or
from an `access.py` fetch function, which cannot tell missing from forbidden) are logged by
`DenialAuditMiddleware`; views need not log them themselves.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import ipaddress
import json
import logging
import os
import re
import uuid
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connections, models, router, transaction
from django.db.models import signals
from django.db.models.sql import InsertQuery
from django.http import HttpRequest
from django.utils import timezone

from .models import AuditActie, AuditRegel, Lidmaatschap, Regio, Rol

__all__ = [
    "AuditActie",
    "AuditRegel",
    "DenialAuditMiddleware",
    "RequestIdMiddleware",
    "client_ip",
    "controleer_keten",
    "gelezen_lijst",
    "lees",
    "log",
    "purge_oude_auditregels",
    "veranker",
]

logger = logging.getLogger(__name__)

# The hash a chain starts from.
BEGIN_HASH = "0" * 64
# Bumped if the canonical form ever changes; verification then needs to know both forms.
# 2: HMAC with PORTAAL_AUDIT_SLEUTEL, client request id and search term apart.
HASH_VERSIE = 2
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
        "client_request_id": regel.client_request_id,
        "zoekterm": regel.zoekterm,
        "getoonde_nummers": regel.getoonde_nummers,
    }
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def bereken_hash(regel: AuditRegel, sleutel: str | None = None) -> str:
    sleutel = settings.PORTAAL_AUDIT_SLEUTEL if sleutel is None else sleutel
    return hmac.new(sleutel.encode(), canonieke_vorm(regel), hashlib.sha256).hexdigest()


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
    zoekterm: str = "",
    getoonde_nummers: list[str] | tuple[str, ...] = (),
) -> AuditRegel:
    """Append one row to the audit log, inside the caller's transaction (or a new one).

    With `request`, the user, region, organisation and role acted for, IP and request id come from
    the request (`request.user`, `request.regio_ctx`); explicit arguments win. Without a request
    (Celery tasks) pass `gebruiker` and `regio`, or `lidmaatschap` for the organisation and role.
    What the user typed into a search goes in `zoekterm`, never in `omschrijving`: the audit page
    shows it only to roles that may see names.
    """
    if actie not in AuditActie.values:
        raise ValueError(f"unknown audit action {actie!r}")
    # IP and request id of the request being served, also when the caller (an access function) has no request.
    bron = request if request is not None else _huidig_verzoek.get()
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
        ip=client_ip(bron) if bron is not None else None,
        request_id=_tekst(getattr(bron, "request_id", ""), _maxlen("request_id")),
        client_request_id=_tekst(getattr(bron, "client_request_id", ""), _maxlen("client_request_id")),
        zoekterm=_tekst(zoekterm, _maxlen("zoekterm")),
        getoonde_nummers=_tekst(" ".join(getoonde_nummers), 100_000),
    )
    return _voeg_toe(regel)


def _voeg_toe(regel: AuditRegel) -> AuditRegel:
    """Link the row to the current head of the chain and insert it, one writer at a time."""
    using = router.db_for_write(AuditRegel)
    with transaction.atomic(using=using, savepoint=False):
        connection = connections[using]
        if connection.vendor == "postgresql":
            vorige = _kop_onder_slot(connection)
        else:
            vorige = AuditRegel.objects.using(using).order_by("-id").values_list("hash", flat=True).first()
        regel.vorige_hash = vorige or BEGIN_HASH
        regel.tijdstip = timezone.now()
        regel.hash = bereken_hash(regel)
        _bewaar(regel, using, connection)
    return regel


# The head of the chain: the newest row's hash (names from the model's metadata).
_KOP_SQL = 'SELECT "{kolom}" FROM "{tabel}" ORDER BY "{pk}" DESC LIMIT 1'.format(  # noqa: S608
    kolom=AuditRegel._meta.get_field("hash").column, tabel=AuditRegel._meta.db_table, pk=AuditRegel._meta.pk.column
)


def _kop_onder_slot(connection) -> str | None:
    """Take the chain's lock, then read its head, in one round trip (two statements: in READ COMMITTED each gets its
    own snapshot, so the head is read after the lock is held). The lock is held until the caller's transaction ends:
    the next writer reads this row as its head only once it is committed, so two writers can never link to the same
    predecessor."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT pg_advisory_xact_lock(%s); {_KOP_SQL}", [KETEN_LOCK])
        cursor.nextset()
        rij = cursor.fetchone()
    return rij[0] if rij else None


_INSERT: dict[str, tuple[str, list]] = {}


def _bewaar(regel: AuditRegel, using: str, connection) -> None:
    """`regel.save(force_insert=True)`, with the INSERT's SQL compiled by Django once per database alias: the values
    prepared as Django prepares them, the SQL checked against Django's with PORTAAL_QUERYSJABLONEN_CONTROLEREN. With
    a pre_save or post_save receiver on AuditRegel (none today), or a database without INSERT … RETURNING, it is
    Django's save."""
    if (
        signals.pre_save.has_listeners(AuditRegel)
        or signals.post_save.has_listeners(AuditRegel)
        or not connection.features.can_return_columns_from_insert
    ):
        regel.save(using=using, force_insert=True)
        return
    controle = settings.PORTAAL_QUERYSJABLONEN_CONTROLEREN
    if using not in _INSERT or controle:
        velden = [veld for veld in AuditRegel._meta.local_concrete_fields if not (veld.primary_key or veld.generated)]
        query = InsertQuery(AuditRegel)
        query.insert_values(velden, [regel])
        compiler = query.get_compiler(using=using)
        compiler.returning_fields = [AuditRegel._meta.pk]
        [(django_sql, django_params)] = compiler.as_sql()
        _INSERT.setdefault(using, (django_sql, velden))
    sql, velden = _INSERT[using]
    params = [veld.get_db_prep_save(veld.pre_save(regel, True), connection) for veld in velden]
    if controle and (sql, params) != (django_sql, list(django_params)):
        raise RuntimeError(f"INSERT van de auditregel wijkt af van Django's:\n{sql}\n{params}\n{django_sql}")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        regel.pk = cursor.fetchone()[0]
    regel._state.adding = False
    regel._state.db = using


@dataclass(frozen=True)
class KetenControle:
    aantal: int
    eerste_id: int | None = None
    fout_id: int | None = None
    fout: str = ""
    ankers: int = 0

    @property
    def in_orde(self) -> bool:
        return not self.fout


@dataclass(frozen=True)
class Anker:
    laatste_id: int
    hash: str
    aantal: int
    tijdstip: str
    bron: str


OPSCHOON_ID = re.compile(r"(\d+)-(\d+)")
OPSCHOON_HASH = re.compile(r"laatste verwijderde hash ([0-9a-f]{64})")


def lees_ankers(map_: Path | None = None) -> list[Anker]:
    """Every anchor in the anchor directory (`*.jsonl`, one JSON object a line), oldest first.

    A line that cannot be read is itself a finding: the files are append-only and written only by
    `veranker`, so the check fails on it rather than skipping it.
    """
    map_ = Path(map_ or settings.PORTAAL_AUDIT_ANCHOR_DIR)
    ankers = []
    for bestand in sorted(map_.glob("*.jsonl")) if map_.is_dir() else []:
        for nummer, regel in enumerate(bestand.read_text(encoding="utf-8").splitlines(), start=1):
            if not regel.strip():
                continue
            bron = f"{bestand.name}:{nummer}"
            try:
                data = json.loads(regel)
                ankers.append(
                    Anker(int(data["laatste_id"]), str(data["hash"]), int(data["aantal"]), str(data["tijdstip"]), bron)
                )
            except (ValueError, KeyError, TypeError) as fout:
                raise ValueError(f"anker {bron} is onleesbaar: {fout}") from fout
    return sorted(ankers, key=lambda anker: anker.laatste_id)


def controleer_keten(*, ankers: list[Anker] | None = None, sleutel: str | None = None) -> KetenControle:
    """Walk the whole log in id order and report the first thing wrong, naming the row.

    - every row's HMAC must match its content (a changed row; a chain recomputed without the key);
    - every row must point at the hash of the row before it (a row deleted in the middle);
    - every anchor's row must still be there with the anchored hash (rows deleted at the end, up to
      the newest anchor; an emptied table);
    - a first row that points at a predecessor is fine only when a recorded purge ('opgeschoond' row)
      removed exactly up to it (rows deleted at the start).
    """
    ankers = lees_ankers() if ankers is None else ankers
    per_id = {anker.laatste_id: anker for anker in ankers}
    aantal, eerste, vorige, laatste_id = 0, None, None, None
    opschoningen: list[tuple[int, int, str]] = []
    gezien: set[int] = set()

    def fout(regel_id, tekst):
        return KetenControle(aantal, eerste.pk if eerste else None, regel_id, tekst, len(ankers))

    for regel in AuditRegel.objects.order_by("id").iterator(chunk_size=2000):
        if eerste is None:
            eerste = regel
        elif regel.vorige_hash != vorige:
            return fout(
                regel.pk, "verwijst niet naar de hash van de regel ervoor (regel(s) ervoor verwijderd of gewijzigd)"
            )
        if not hmac.compare_digest(bereken_hash(regel, sleutel), regel.hash):
            return fout(regel.pk, "de hash past niet bij de inhoud (gewijzigd, of herberekend zonder de sleutel)")
        anker = per_id.get(regel.pk)
        if anker is not None:
            if anker.hash != regel.hash:
                return fout(regel.pk, f"de hash verschilt van het anker {anker.bron} ({anker.tijdstip})")
            gezien.add(regel.pk)
        if regel.actie == AuditActie.OPGESCHOOND:
            bereik, laatste_hash = OPSCHOON_ID.fullmatch(regel.object_id), OPSCHOON_HASH.search(regel.omschrijving)
            if bereik and laatste_hash:
                opschoningen.append((int(bereik[1]), int(bereik[2]), laatste_hash[1]))
        vorige, laatste_id = regel.hash, regel.pk
        aantal += 1

    if eerste is not None and eerste.vorige_hash != BEGIN_HASH:
        verklaard = any(tot < eerste.pk and h == eerste.vorige_hash for _, tot, h in opschoningen)
        if not verklaard:
            return fout(
                eerste.pk,
                "de eerste regel verwijst naar een voorganger die er niet meer is, en geen vastgelegde "
                "opschoning verklaart dat (regels aan het begin verwijderd)",
            )
    eerste_id = eerste.pk if eerste is not None else None
    for anker in ankers:
        if anker.laatste_id in gezien:
            continue
        if eerste_id is not None and anker.laatste_id < eerste_id:
            if any(tot >= anker.laatste_id for _, tot, _ in opschoningen):
                continue  # removed by a recorded purge
            return fout(anker.laatste_id, f"regel uit anker {anker.bron} ontbreekt (regels aan het begin verwijderd)")
        if laatste_id is None:
            return fout(
                anker.laatste_id, f"het auditlog is leeg, maar anker {anker.bron} noemt {anker.aantal} regel(s)"
            )
        if anker.laatste_id > laatste_id:
            return fout(
                anker.laatste_id,
                f"regel uit anker {anker.bron} ({anker.tijdstip}) ontbreekt: "
                f"regels na {laatste_id} aan het eind verwijderd",
            )
        return fout(anker.laatste_id, f"regel uit anker {anker.bron} ontbreekt (verwijderd in het midden)")
    return KetenControle(aantal, eerste_id, ankers=len(ankers))


def veranker(*, map_: Path | None = None) -> dict:
    """Write an anchor (newest row's id and hash, row count, time) to the anchor directory and the log.

    One line is appended to this month's file, opened O_APPEND and fsynced; nothing ever rewrites a
    file. The same line goes to the log (logger `hoofdzaak.audit`), so a copy lives wherever the
    logs are shipped. Returns the anchor.
    """
    laatste = AuditRegel.objects.order_by("-id").values("id", "hash").first()
    nu = timezone.now()
    anker = {
        "laatste_id": laatste["id"] if laatste else 0,
        "hash": laatste["hash"] if laatste else BEGIN_HASH,
        "aantal": AuditRegel.objects.count(),
        "tijdstip": nu.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    if laatste is None:
        logger.info("Auditlog-anker overgeslagen: het auditlog is nog leeg")
        return anker
    map_ = Path(map_ or settings.PORTAAL_AUDIT_ANCHOR_DIR)
    map_.mkdir(parents=True, exist_ok=True)
    regel = json.dumps(anker, sort_keys=True, separators=(",", ":")) + "\n"
    fd = os.open(map_ / f"ankers-{nu:%Y-%m}.jsonl", os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, regel.encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    logger.info("Auditlog-anker %s", regel.strip())
    return anker


def bewaargrens(nu: datetime.datetime | None = None) -> datetime.datetime:
    """The moment before which rows have been kept for the full retention period."""
    nu = nu or timezone.now()
    try:
        return nu.replace(year=nu.year - BEWAARTERMIJN_JAREN)
    except ValueError:  # 29 February
        return nu.replace(year=nu.year - BEWAARTERMIJN_JAREN, day=28)


def purge_oude_auditregels(*, voor: datetime.datetime) -> int:
    """Delete the rows logged before `voor`, which must lie at least five years back.

    The hook for the retention task. On PostgreSQL the delete runs in the owner's SECURITY DEFINER
    function `hoofdzaak_auditlog_opschonen` (migration 0009): the application role has no DELETE on
    the table. Only a leading run of the chain (in id order) is removed, so what stays is one
    unbroken chain; an 'opgeschoond' row then records the removed range and the last removed hash,
    which is what lets `controleer_keten` tell this purge from rows deleted at the start.
    Returns the number of rows deleted.
    """
    if voor > bewaargrens():
        raise ValueError(f"audit log rows are kept at least {BEWAARTERMIJN_JAREN} years")
    using = router.db_for_write(AuditRegel)
    connection = connections[using]
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT * FROM hoofdzaak_auditlog_opschonen(%s)", [voor])
                aantal, van, tot, laatste_hash = cursor.fetchone()
        else:
            eerste_blijvende = (
                AuditRegel.objects.using(using).filter(tijdstip__gte=voor).order_by("id").values_list("id", flat=True)
            ).first()
            weg = AuditRegel.objects.using(using).filter(tijdstip__lt=voor)
            if eerste_blijvende is not None:
                weg = weg.filter(id__lt=eerste_blijvende)
            rijen = list(weg.order_by("id").values_list("id", "hash"))
            aantal = weg.delete()[0]
            van, tot, laatste_hash = (rijen[0][0], rijen[-1][0], rijen[-1][1]) if rijen else (None, None, None)
        if aantal:
            log(
                actie=AuditActie.OPGESCHOOND,
                object_type="auditregel",
                object_id=f"{van}-{tot}",
                grondslag="bewaartermijn auditlog",
                omschrijving=(
                    f"{aantal} auditregel(s) van voor {voor:%Y-%m-%d %H:%M} verwijderd (regels {van} tot en met "
                    f"{tot}, bewaartermijn {BEWAARTERMIJN_JAREN} jaar); laatste verwijderde hash {laatste_hash}"
                ),
            )
        return aantal


# The request being served (set by RequestIdMiddleware): access functions log reads with its IP and
# request id without taking the request as an argument.
_huidig_verzoek: ContextVar[HttpRequest | None] = ContextVar("hoofdzaak_audit_verzoek", default=None)


def _paginanaam() -> str:
    verzoek = _huidig_verzoek.get()
    match = getattr(verzoek, "resolver_match", None)
    return (match.url_name or "") if match is not None else ""


def lees(
    ctx,
    *,
    deelnemer_nummer: str,
    grondslag: str,
    object_type: str = "",
    object_id: str | int = "",
    omschrijving: str = "",
    actie: str = AuditActie.LEZEN,
) -> AuditRegel | None:
    """The read row an access function writes when it hands out one participant's data (DESIGN.md §4).

    `ctx` is the RegioContext the data is fetched for; the page (URL name) is recorded as well, so the
    row says whether it was the participant page, an edit form or an export. On a POST the data is fetched
    to be changed and the action writes that row (the form was read, and logged, on its GET); then no read
    row is written. Returns None then.
    """
    verzoek = _huidig_verzoek.get()
    if actie == AuditActie.LEZEN and verzoek is not None and verzoek.method not in ("GET", "HEAD"):
        return None
    pagina = _paginanaam()
    return log(
        actie=actie,
        lidmaatschap=ctx.lidmaatschap,
        regio=ctx.regio,
        deelnemer_nummer=deelnemer_nummer,
        grondslag=grondslag,
        object_type=object_type or pagina,
        object_id=object_id,
        omschrijving=omschrijving or (f"Pagina {pagina}" if pagina else ""),
    )


def _nummer_van(rij) -> str:
    """The participant number a fetched row shows: a Deelnemer, a row with its participant loaded, a dict."""
    if isinstance(rij, dict):
        return str(rij.get("deelnemer__nummer") or rij.get("nummer") or "")
    nummer = getattr(rij, "nummer", None)
    if isinstance(nummer, str) and rij._meta.model_name == "deelnemer":
        return nummer
    veld = getattr(type(rij), "deelnemer", None)
    if veld is not None and hasattr(veld, "is_cached") and veld.is_cached(rij):
        return rij.deelnemer.nummer
    return ""


class _GelezenLijst:
    """Mixed into a QuerySet: when its rows are fetched, one audit row lists the participant numbers shown.

    The list's page is fetched once (Django caches the result), so a list view gives one row, however
    the template walks it; counts, aggregates and subqueries fetch no participant rows and log nothing.
    `.iterator()` (a form's choices: ModelChoiceIterator) fetches the whole list the same way, so it cannot
    pass the row by. Like `lees`, only a GET or HEAD writes it: on a POST the rows are fetched to be changed
    (a form's choices validated) and the action writes that row.
    """

    _audit_lijst: tuple | None = None

    def _clone(self):
        kloon = super()._clone()
        kloon._audit_lijst = self._audit_lijst
        return kloon

    def iterator(self, chunk_size=None):
        if not self._audit_lijst:
            return super().iterator(chunk_size=chunk_size)
        self._fetch_all()
        return iter(self._result_cache)

    def _fetch_all(self):
        nieuw = self._result_cache is None
        super()._fetch_all()
        if not (nieuw and self._audit_lijst):
            return
        verzoek = _huidig_verzoek.get()
        if verzoek is not None and verzoek.method not in ("GET", "HEAD"):
            return
        nummers = list(dict.fromkeys(n for n in map(_nummer_van, self._result_cache) if n))
        if nummers:
            ctx, grondslag, lijst = self._audit_lijst
            log(
                actie=AuditActie.LEZEN,
                lidmaatschap=ctx.lidmaatschap,
                regio=ctx.regio,
                grondslag=grondslag,
                object_type=lijst,
                omschrijving=f"Lijst {lijst}: {len(nummers)} deelnemer(s) getoond",
                getoonde_nummers=nummers,
            )


_lijstklassen: dict[type, type] = {}


def gelezen_lijst(queryset: models.QuerySet, ctx, *, grondslag: str, lijst: str) -> models.QuerySet:
    """`queryset`, made to write one read row naming the participant numbers of the rows it fetches."""
    basis = type(queryset)
    klasse = _lijstklassen.get(basis)
    if klasse is None:
        klasse = _lijstklassen[basis] = type(f"Gelezen{basis.__name__}", (_GelezenLijst, basis), {})
    kloon = queryset._chain()
    kloon.__class__ = klasse
    kloon._audit_lijst = (ctx, grondslag, lijst)
    return kloon


# Roles that may see participants' names (DESIGN.md §1); the others (projectleider first of all) see
# numbers and actions in the audit log, never what someone typed into a search.
ROLLEN_MET_NAMEN = frozenset({Rol.TRAJECTBEGELEIDER, Rol.KLANTMANAGER, Rol.PEER_SUPPORTER})


def voor_lezer(regels: list[AuditRegel], *, rol: str) -> list[AuditRegel]:
    """Set what a reader in `rol` may see of each row: `getoonde_omschrijving` and `getoonde_zoekterm`."""
    namen = rol in ROLLEN_MET_NAMEN
    for regel in regels:
        regel.getoonde_zoekterm = zoekterm_weergave(regel, namen_zichtbaar=namen)
        regel.getoonde_omschrijving = "" if regel.omschrijving.startswith("zoekterm: ") else regel.omschrijving
    return regels


def zoekterm_weergave(regel: AuditRegel, *, namen_zichtbaar: bool) -> str:
    """What a reader of the audit log sees of a typed search: the term only for roles that may see names."""
    term = regel.zoekterm
    if not term and regel.omschrijving.startswith("zoekterm: "):
        # Rows written before search terms were stored apart (hash version 1 never reached production).
        term = regel.omschrijving.removeprefix("zoekterm: ")
    if not term:
        return ""
    return term if namen_zichtbaar else f"zoekopdracht ({len(term)} tekens)"


class RequestIdMiddleware:
    """Give every request an id of the portal's own and echo it in the response.

    A client's X-Request-ID is anyone's to choose (two requests could share one), so it is never the
    request id; a sane one is kept apart as `client_request_id`, marked untrusted in the audit row.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = uuid.uuid4().hex
        request.client_request_id = incoming if REQUEST_ID.fullmatch(incoming) else ""
        token = _huidig_verzoek.set(request)
        try:
            response = self.get_response(request)
        finally:
            _huidig_verzoek.reset(token)
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
