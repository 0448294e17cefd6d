"""About 1,000,000 audit rows forming one valid hash chain, hashed by `hoofdzaak.audit.bereken_hash`
itself and linked to the current head under the chain's own lock."""

from __future__ import annotations

import datetime
import ipaddress
from collections.abc import Iterator

from django.db import connection

from hoofdzaak import audit
from hoofdzaak.models import AuditActie, AuditRegel

from .constanten import AUDITACTIES, GRONDSLAG
from .stand import Lid, RegioData, Stand

KOLOMMEN = [
    "id",
    "tijdstip",
    "gebruiker_id",
    "gebruiker_email",
    "organisatie_id",
    "organisatie_naam",
    "rol",
    "regio_id",
    "actie",
    "deelnemer_nummer",
    "grondslag",
    "object_type",
    "object_id",
    "omschrijving",
    "ip",
    "request_id",
    "client_request_id",
    "zoekterm",
    "getoonde_nummers",
    "vorige_hash",
    "hash",
]
OVER_DEELNEMER = (AuditActie.LEZEN, AuditActie.WIJZIGEN, AuditActie.AANMAKEN)
# (object type, description) of the other actions.
OVERIG = {
    AuditActie.ZOEKEN: ("caseload", "Zoekopdracht in de lijst caseload"),
    AuditActie.INLOGGEN: ("", "Ingelogd"),
    AuditActie.UITLOGGEN: ("", "Uitgelogd"),
    AuditActie.GEWEIGERD: ("", "404 GET: niet gevonden of geen toegang"),
}


class _Regel:
    """Just the attributes `audit.canonieke_vorm` reads: 1M model instances would cost more than the hashing."""

    __slots__ = tuple(k for k in KOLOMMEN if k not in ("id", "hash"))


def _regel(st: Stand, actie: str, tijdstip: datetime.datetime, regio: RegioData, lid: Lid) -> _Regel:
    rnd = st.rnd
    r = _Regel()
    r.tijdstip = tijdstip
    r.gebruiker_id, r.gebruiker_email = lid.gebruiker, lid.email
    r.organisatie_id, r.organisatie_naam, r.rol = lid.organisatie.id, lid.organisatie.naam, lid.rol
    r.regio_id, r.actie = regio.id, actie
    r.deelnemer_nummer = r.grondslag = r.object_type = r.object_id = r.omschrijving = ""
    r.client_request_id = r.getoonde_nummers = ""
    r.zoekterm = "de Vries" if actie == AuditActie.ZOEKEN else ""
    if actie in OVER_DEELNEMER and regio.deelnemers:
        pk, nummer = regio.deelnemers[rnd.randrange(len(regio.deelnemers))]
        r.deelnemer_nummer, r.object_type, r.object_id = nummer, "deelnemer", str(pk)
        r.grondslag = GRONDSLAG.get(lid.rol, "")
    elif actie in OVERIG:
        r.object_type, r.omschrijving = OVERIG[actie]
    r.ip = str(ipaddress.IPv4Address(0x0A000000 + rnd.randrange(1 << 16)))
    r.request_id = f"{rnd.getrandbits(128):032x}"
    return r


def maak_auditlog(st: Stand) -> None:
    rnd = st.rnd
    totaal = st.aantal(1_000_000)
    with connection.cursor() as cursor:
        # The same lock as hoofdzaak.audit._voeg_toe: no other writer links to the head meanwhile.
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [audit.KETEN_LOCK])
    vorige = AuditRegel.objects.order_by("-id").values_list("hash", flat=True).first() or audit.BEGIN_HASH
    leden = [(regio, lid) for regio in st.regios for lid in regio.leden]
    eerste = datetime.datetime.combine(st.begin + datetime.timedelta(days=2), datetime.time(8), tzinfo=datetime.UTC)
    stap = (st.nu - datetime.timedelta(minutes=5) - eerste) / totaal
    acties = rnd.choices([a for a, _g in AUDITACTIES], weights=[g for _a, g in AUDITACTIES], k=totaal)

    def rijen() -> Iterator[tuple]:
        nonlocal vorige
        for i, actie in enumerate(acties):
            r = _regel(st, actie, eerste + stap * i, *leden[rnd.randrange(len(leden))])
            r.vorige_hash = vorige
            vorige = audit.bereken_hash(r)
            yield (st.w.id(AuditRegel), *(getattr(r, k) for k in _Regel.__slots__), vorige)

    st.tellingen["auditregels"] = st.w.copy(AuditRegel, KOLOMMEN, rijen())
