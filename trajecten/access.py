"""The only way views reach participant data.

Each function filters by region **and** grant in one query and raises `Http404` for missing and
forbidden alike. Which grant counts depends on the role the user acts in:

| role              | sees                                                                     |
|-------------------|--------------------------------------------------------------------------|
| trajectbegeleider | full record, where its organisation holds `beheer_deelnemer`; after a     |
|                   | handover to another provider, its own trajectories' history, read only,  |
|                   | while it holds `historie_deelnemer` and the period has not passed        |
| klantmanager      | progress, where its organisation holds `beheer_`/`volg_deelnemer` and a   |
|                   | consent for that organisation is valid today                             |
| peer_supporter    | name, contact details, peer sessions, where it holds `peer_deelnemer`     |
| projectleider     | the region's trajectories pseudonymised: no names, contact data or notes |
| others            | nothing                                                                  |

Every function that hands out participant data writes the NEN 7513 read row itself (DESIGN.md §4), so
a new view cannot forget it: one participant's data (`deelnemer_voor`, `pseudoniem_dossier_voor`,
`beheerbaar_traject_voor`, `gedeelde_voordracht_voor`) gives one 'lezen' row for that number; a list
(`deelnemers_voor`, `caseload_voor`, `aanmeldingen_van`, `regio_trajecten_voor`, `kandidaten_voor`,
`overdraagbare_trajecten_voor`) is a queryset that, when its page is fetched, writes one 'lezen' row naming
the numbers shown (`hoofdzaak.audit.gelezen_lijst`); the intake's duplicate check one 'zoeken'
row per participant found.
The AVG export writes an 'export' row as it is handed out (`deelnemer_voor_inzage` for the JSON,
`klare_inzage_export_voor` for the PDF the worker built, to the membership that asked for it only).

Sections further down: work (proposals, placements, suggestions), the worklist as each role may see it,
and what a begeleider may hand over and to whom.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum
from functools import partial
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from hoofdzaak import achtergrond, audit
from hoofdzaak.models import (
    AuditActie,
    AuditRegel,
    Gebruiker,
    Lidmaatschap,
    Organisatie,
    Regio,
    Rol,
    Soort,
    naam_van,
)
from hoofdzaak.tenancy import RegioContext
from hoofdzaak.vaste_query import QuerySjabloon, zet_voorgeladen
from werkgevers.models import Vacature

from . import werklijst
from .models import (
    OPEN_VOORDRACHT,
    Contactmoment,
    Deelnemer,
    DeelnemerGroupObjectPermission,
    DeelnemerUserObjectPermission,
    Eindreden,
    InzageExport,
    Koppeling,
    Methode,
    Plaatsing,
    Toestemming,
    Traject,
    TrajectStatus,
    TrajectStatusWijziging,
    Voordracht,
    VoordrachtStatus,
)
from .passend import (
    redenen_voor_vacature,
    trajecten_passend_bij,
    vacatures_passend_bij,
    vacatures_passend_bij_wensen,
    wensen_van,
)
from .toegang import BEHEER, HISTORIE, PEER, VOLG, historie_sinds


class Niveau(StrEnum):
    """How much of a participant the current user may see; also the grant logged in the audit trail."""

    BEHEER = BEHEER
    VOLG = VOLG
    PEER = PEER
    PSEUDONIEM = "projectleider"
    # The old provider after a handover: its own trajectories' history, read only, for a period.
    HISTORIE = HISTORIE


def _groepsrecht(groep_id: int, *codenames: str) -> Exists:
    return Exists(
        DeelnemerGroupObjectPermission.objects.filter(
            content_object=OuterRef("pk"), group_id=groep_id, permission__codename__in=codenames
        )
    )


def _geldige_toestemming(organisatie_id: int, vandaag: datetime.date) -> Exists:
    return Exists(
        Toestemming.objects.geldig_op(vandaag).filter(deelnemer=OuterRef("pk"), organisatie_id=organisatie_id)
    )


def _overgedragen_historie(organisatie_id: int, historie_vanaf: datetime.date) -> Exists:
    """The participant has a trajectory of the user's organisation that ended in a handover within the history
    period (checked here at read time, like consent: the stored grant may be older than today)."""
    return Exists(
        Traject.objects.filter(
            deelnemer=OuterRef("pk"),
            aanbieder_id=organisatie_id,
            status=TrajectStatus.BEEINDIGD,
            eindreden=Eindreden.OVERGEDRAGEN,
            einddatum__gte=historie_vanaf,
        )
    )


def niveau_van(ctx: RegioContext) -> Niveau | None:
    return {
        Rol.TRAJECTBEGELEIDER: Niveau.BEHEER,
        Rol.KLANTMANAGER: Niveau.VOLG,
        Rol.PEER_SUPPORTER: Niveau.PEER,
        Rol.PROJECTLEIDER: Niveau.PSEUDONIEM,
    }.get(ctx.rol)


# Which participants each level sees, from plain values (so the single participant's query below can be compiled
# once); `_toegangswaarden` gives them for the user acting.
_ZICHTBAAR = {
    Niveau.BEHEER: lambda groep_id, organisatie_id, historie_vanaf: (
        _groepsrecht(groep_id, BEHEER)
        | (_groepsrecht(groep_id, HISTORIE) & _overgedragen_historie(organisatie_id, historie_vanaf))
    ),
    Niveau.VOLG: lambda groep_id, organisatie_id, vandaag: (
        _groepsrecht(groep_id, BEHEER) | (_groepsrecht(groep_id, VOLG) & _geldige_toestemming(organisatie_id, vandaag))
    ),
    Niveau.PEER: lambda gebruiker_id: Exists(
        DeelnemerUserObjectPermission.objects.filter(
            content_object=OuterRef("pk"), user_id=gebruiker_id, permission__codename=PEER
        )
    ),
}


def _toegangswaarden(ctx: RegioContext, niveau: Niveau) -> dict[str, Any]:
    vandaag, organisatie = timezone.localdate(), ctx.organisatie
    if niveau is Niveau.BEHEER:
        return {
            "groep_id": organisatie.groep_id,
            "organisatie_id": organisatie.pk,
            "historie_vanaf": historie_sinds(vandaag),
        }
    if niveau is Niveau.VOLG:
        return {"groep_id": organisatie.groep_id, "organisatie_id": organisatie.pk, "vandaag": vandaag}
    return {"gebruiker_id": ctx.gebruiker.pk}


def _deelnemers_voor(ctx: RegioContext) -> QuerySet[Deelnemer]:
    niveau = niveau_van(ctx)
    if niveau not in _ZICHTBAAR:
        return Deelnemer.objects.none()
    return Deelnemer.objects.filter(_ZICHTBAAR[niveau](**_toegangswaarden(ctx, niveau)), regio=ctx.regio)


def deelnemers_voor(ctx: RegioContext) -> QuerySet[Deelnemer]:
    """Participants of the region this user may open (empty for roles without participant access).

    Fetching its rows writes one read row naming the participants fetched."""
    return audit.gelezen_lijst(_deelnemers_voor(ctx), ctx, grondslag=niveau_van(ctx) or "", lijst="deelnemers")


def _een_deelnemer(niveau: Niveau, regio_id: int, nummer: str, **toegang) -> QuerySet[Deelnemer]:
    """The participant numbered `nummer` of the region if this level's grant shows it (at most one row)."""
    deelnemers = Deelnemer.objects.filter(_ZICHTBAAR[niveau](**toegang), regio_id=regio_id, nummer=nummer)
    if niveau is Niveau.BEHEER:
        # A trajectbegeleider's organisation holds the full record, or only its own history after a handover.
        deelnemers = deelnemers.annotate(volledig=_groepsrecht(toegang["groep_id"], BEHEER))
    return deelnemers.select_related("woongemeente", "peer_supporter").order_by("pk")[:1]


# Opening a participant is the portal's most frequent read of personal data; its access check, compiled once per
# process (the ORM spends more on it than PostgreSQL). The test suite compares it with `_een_deelnemer` on every call.
_EEN_DEELNEMER = {
    niveau: QuerySjabloon(partial(_een_deelnemer, niveau), {"regio_id": int, "nummer": str, **soorten})
    for niveau, soorten in (
        (Niveau.BEHEER, {"groep_id": int, "organisatie_id": int, "historie_vanaf": datetime.date}),
        (Niveau.VOLG, {"groep_id": int, "organisatie_id": int, "vandaag": datetime.date}),
        (Niveau.PEER, {"gebruiker_id": int}),
    )
}


def _deelnemer_met_niveau(ctx: RegioContext, nummer: str) -> tuple[Deelnemer, Niveau]:
    niveau = niveau_van(ctx)
    if niveau is Niveau.PSEUDONIEM:
        raise Http404("Gebruik pseudoniem_dossier_voor")
    if niveau not in _EEN_DEELNEMER:
        raise Http404("Deelnemer niet gevonden")
    gevonden = _EEN_DEELNEMER[niveau].lijst(regio_id=ctx.regio.pk, nummer=nummer, **_toegangswaarden(ctx, niveau))
    if not gevonden:
        raise Http404("Deelnemer niet gevonden")
    deelnemer = gevonden[0]
    if niveau is Niveau.BEHEER and not deelnemer.volledig:
        niveau = Niveau.HISTORIE
    return deelnemer, niveau


def deelnemer_voor(ctx: RegioContext, nummer: str) -> tuple[Deelnemer, Niveau]:
    """One participant this user may open, and how much of it; writes the read row."""
    deelnemer, niveau = _deelnemer_met_niveau(ctx, nummer)
    audit.lees(ctx, deelnemer_nummer=deelnemer.nummer, grondslag=niveau, object_id=deelnemer.pk)
    return deelnemer, niveau


def deelnemer_voor_inzage(ctx: RegioContext, nummer: str, *, formaat: str) -> Deelnemer:
    """The participant for its AVG art. 15 export, for the provider's trajectbegeleider only; writes the
    export row (not a read row: the export is what was handed out)."""
    deelnemer, niveau = _deelnemer_met_niveau(ctx, nummer)
    if niveau is not Niveau.BEHEER:
        raise Http404("Deelnemer niet gevonden")
    audit.lees(
        ctx,
        actie=AuditActie.EXPORT,
        deelnemer_nummer=deelnemer.nummer,
        grondslag=niveau,
        object_type="deelnemer",
        object_id=deelnemer.pk,
        omschrijving=f"Inzage-export (AVG art. 15) als {formaat.upper()}",
    )
    return deelnemer


def inzage_export_voor(ctx: RegioContext, nummer: str) -> InzageExport | None:
    """This membership's AVG export PDF of the participant (None when it asked for none), for the provider's
    trajectbegeleider only (everyone else: 404). Writes no row: only its status is shown, no personal data, and
    the status is polled every few seconds while it is built."""
    deelnemer, niveau = _deelnemer_met_niveau(ctx, nummer)
    if niveau is not Niveau.BEHEER:
        raise Http404("Deelnemer niet gevonden")
    return InzageExport.objects.filter(deelnemer=deelnemer, lidmaatschap=ctx.lidmaatschap).first()


def klare_inzage_export_voor(ctx: RegioContext, nummer: str) -> InzageExport:
    """The finished AVG export PDF of the participant, for the membership that asked for it while it still holds
    the provider's grant (anything else: 404); writes the export row, as the file is handed out now."""
    export = inzage_export_voor(ctx, nummer)
    if export is None or not export.is_klaar or not _bestand_bestaat(export.bestand):
        raise Http404("Geen inzage-export klaar")
    audit.lees(
        ctx,
        actie=AuditActie.EXPORT,
        deelnemer_nummer=nummer,
        grondslag=Niveau.BEHEER,
        object_type="deelnemer",
        object_id=export.deelnemer_id,
        omschrijving="Inzage-export (AVG art. 15) als PDF",
    )
    return export


def _bestand_bestaat(relatief: str) -> bool:
    try:
        return achtergrond.bestand_in_opslag(relatief).is_file()
    except (OSError, ValueError):
        return False


def deelnemer_voor_inzagebouw(ctx: RegioContext, deelnemer_id: int) -> Deelnemer:
    """The participant of an AVG export the worker builds, for the membership that asked for it: only while that
    membership is active and still its provider's trajectbegeleider with the grant (else 404). Writes no row: the
    worker reads on behalf of the request, which the action logged, and the download writes the export row."""
    lid = ctx.lidmaatschap
    if not (lid.actief and lid.gebruiker.is_active and lid.regio_id == ctx.regio.pk):
        raise Http404("Lidmaatschap niet actief")
    if niveau_van(ctx) is not Niveau.BEHEER:
        raise Http404("Geen trajectbegeleider")
    deelnemer = _deelnemers_voor(ctx).select_related("woongemeente", "peer_supporter").filter(pk=deelnemer_id).first()
    if deelnemer is None:
        raise Http404("Deelnemer niet gevonden")
    return deelnemer


def beheerde_deelnemer_voor(ctx: RegioContext, nummer: str) -> Deelnemer:
    """The participant, for its provider's trajectbegeleider only (every other role or grant: 404).

    For the pages that change a participant's record; writes the read row (GET)."""
    deelnemer, niveau = _deelnemer_met_niveau(ctx, nummer)
    if niveau is not Niveau.BEHEER:
        raise Http404("Deelnemer niet gevonden")
    audit.lees(ctx, deelnemer_nummer=deelnemer.nummer, grondslag=niveau, object_id=deelnemer.pk)
    return deelnemer


def peer_deelnemer_voor(ctx: RegioContext, nummer: str) -> Deelnemer:
    """The participant, for the peer supporter assigned to it only (everyone else: 404); writes the read row."""
    deelnemer, niveau = _deelnemer_met_niveau(ctx, nummer)
    if niveau is not Niveau.PEER:
        raise Http404("Deelnemer niet gevonden")
    audit.lees(ctx, deelnemer_nummer=deelnemer.nummer, grondslag=niveau, object_id=deelnemer.pk)
    return deelnemer


def trajecten_voor(ctx: RegioContext, deelnemer: Deelnemer) -> QuerySet[Traject]:
    """The trajectories of a participant already fetched through `deelnemer_voor`."""
    return _trajecten_van(None, ctx.regio.pk, deelnemer.pk)


def _trajecten_van(niveau: Niveau | None, regio_id: int, deelnemer_id: int, aanbieder_id: int = 0) -> QuerySet[Traject]:
    trajecten = (
        Traject.objects.filter(regio_id=regio_id, deelnemer_id=deelnemer_id)
        .select_related("aanbieder", "verwijzer")
        .order_by("-verwijsdatum", "-pk")
    )
    if niveau is Niveau.BEHEER:
        trajecten = trajecten.select_related("financier")  # its own trajectories show their funding
    elif niveau is Niveau.HISTORIE:
        # Its own trajectories only: what the new provider does is not the old one's business.
        trajecten = trajecten.filter(aanbieder_id=aanbieder_id)
    return trajecten


def _trajectwaarden(ctx: RegioContext, deelnemer: Deelnemer, niveau: Niveau) -> dict[str, int]:
    waarden = {"regio_id": ctx.regio.pk, "deelnemer_id": deelnemer.pk}
    return waarden | {"aanbieder_id": ctx.organisatie.pk} if niveau is Niveau.HISTORIE else waarden


# A trajectory's timeline: its status changes, the contacts this grant may see and its placements (for
# `Traject.werkend`; with the employer for the provider, see `werk_van_trajecten`).
_TIJDLIJN = ("statuswijzigingen", "contactmomenten", "plaatsingen")


def _tijdlijn_rijen(niveau: Niveau, regio_id: int) -> dict[str, QuerySet]:
    # Of whoever logged a contact only the name is shown (`door_naam`).
    contacten = (
        Contactmoment.objects.filter(regio_id=regio_id).annotate(door_naam=F("door__naam")).order_by("-datum", "-pk")
    )
    plaatsingen = Plaatsing.objects.filter(regio_id=regio_id)
    if niveau is Niveau.PEER:
        contacten = contacten.zichtbaar_voor_peer()
    elif niveau in (Niveau.BEHEER, Niveau.HISTORIE):
        plaatsingen = plaatsingen.select_related("werkgever")
    else:
        contacten = contacten.none()
    return {
        "statuswijzigingen": TrajectStatusWijziging.objects.filter(regio_id=regio_id),
        "contactmomenten": contacten,
        "plaatsingen": plaatsingen,
    }


def trajecten_met_tijdlijn_voor(ctx: RegioContext, deelnemer: Deelnemer, niveau: Niveau) -> QuerySet[Traject]:
    """Trajectories with their timeline (`_tijdlijn_rijen`) prefetched."""
    return _trajecten_van(niveau, **_trajectwaarden(ctx, deelnemer, niveau)).prefetch_related(
        *(Prefetch(naam, queryset=rijen) for naam, rijen in _tijdlijn_rijen(niveau, ctx.regio.pk).items())
    )


# The participant's page reads the same rows through queries compiled once per process (hoofdzaak/vaste_query.py).
_TRAJECTEN = {
    niveau: QuerySjabloon(
        partial(_trajecten_van, niveau),
        {"regio_id": int, "deelnemer_id": int} | ({"aanbieder_id": int} if niveau is Niveau.HISTORIE else {}),
    )
    for niveau in Niveau
}


def _tijdlijnrijen_van(niveau: Niveau, naam: str, regio_id: int, traject_ids: list[int]) -> QuerySet:
    return _tijdlijn_rijen(niveau, regio_id)[naam].filter(traject_id__in=traject_ids)


_TIJDLIJN_RIJEN = {
    (niveau, naam): QuerySjabloon(partial(_tijdlijnrijen_van, niveau, naam), {"regio_id": int, "traject_ids": list})
    for niveau in Niveau
    for naam in _TIJDLIJN
    if not _tijdlijn_rijen(niveau, 0)[naam].query.is_empty()  # none(): nothing to read
}


def tijdlijn_van(ctx: RegioContext, deelnemer: Deelnemer, niveau: Niveau) -> list[Traject]:
    """The rows of `trajecten_met_tijdlijn_voor`, for the participant's page, read through queries compiled once per
    process and set as prefetch_related would (`zet_voorgeladen`)."""
    trajecten = _TRAJECTEN[niveau].lijst(**_trajectwaarden(ctx, deelnemer, niveau))
    ids = [traject.pk for traject in trajecten]
    for naam in _TIJDLIJN:
        sjabloon = _TIJDLIJN_RIJEN.get((niveau, naam))
        rijen = sjabloon.lijst(regio_id=ctx.regio.pk, traject_ids=ids) if sjabloon and ids else []
        zet_voorgeladen(trajecten, naam, rijen)
    return trajecten


def beheerbaar_traject_voor(ctx: RegioContext, pk: int) -> Traject:
    """A trajectory its provider's trajectbegeleider may change."""
    if not ctx.heeft_rol(Rol.TRAJECTBEGELEIDER):
        raise Http404
    traject = (
        Traject.objects.filter(regio=ctx.regio, aanbieder=ctx.organisatie, pk=pk)
        .select_related("deelnemer", "aanbieder", "verwijzer", "trajectbegeleider", "financier")
        .first()
    )
    if traject is None:
        raise Http404("Traject niet gevonden")
    # The participant's data comes with it only while the organisation holds the grant (a declined
    # referral grants nothing): then this is a read of it.
    if _deelnemers_voor(ctx).filter(pk=traject.deelnemer_id).exists():
        audit.lees(ctx, deelnemer_nummer=traject.deelnemer.nummer, grondslag=BEHEER, object_id=traject.pk)
    return traject


def financieringswijzigingen_van(traject: Traject) -> list:
    """The funding corrections of a trajectory `beheerbaar_traject_voor` gave (its provider's own history)."""
    return list(traject.financieringswijzigingen.select_related("oude_financier", "nieuwe_financier", "door"))


def _caseload(ctx: RegioContext) -> QuerySet[Traject]:
    # Not the referrals it declined: declining ends the provider's access to the participant
    # (trajecten/toegang.py grants `beheer` only for trajectories that are not `afgewezen`), and a list never
    # shows a name, or a link, its reader can no longer open.
    if not ctx.heeft_rol(Rol.TRAJECTBEGELEIDER):
        raise Http404
    # Nor the trajectories it handed over to another provider once the period to read their history has passed.
    return (
        Traject.objects.filter(regio=ctx.regio, aanbieder=ctx.organisatie)
        .exclude(status=TrajectStatus.AFGEWEZEN)
        .exclude(
            status=TrajectStatus.BEEINDIGD,
            eindreden=Eindreden.OVERGEDRAGEN,
            einddatum__lt=historie_sinds(timezone.localdate()),
        )
    )


def caseload_voor(ctx: RegioContext) -> QuerySet[Traject]:
    """The trajectories the user's organisation runs (trajectbegeleider); fetching rows writes the read row."""
    return audit.gelezen_lijst(_caseload(ctx), ctx, grondslag=BEHEER, lijst="caseload")


def aanmeldingen_van(ctx: RegioContext) -> QuerySet[Traject]:
    """Referrals made by the user's organisation (klantmanager): their outcome, nothing more."""
    if not ctx.heeft_rol(Rol.KLANTMANAGER):
        raise Http404
    return audit.gelezen_lijst(
        Traject.objects.filter(regio=ctx.regio, verwijzer=ctx.organisatie),
        ctx,
        grondslag="verwijzer",
        lijst="aanmeldingen",
    )


# The only participant fields a projectleider ever receives: no names, contact details or notes.
PSEUDONIEME_VELDEN = (
    "pk",
    "deelnemer__nummer",
    "deelnemer__woongemeente__naam",
    "methode",
    "aanbieder__naam",
    "verwijzer__naam",
    "status",
    "verwijsdatum",
    "intakedatum",
    "startdatum",
    "einddatum",
    "eindreden",
)


def _regio_trajecten(ctx: RegioContext) -> QuerySet:
    if not ctx.heeft_rol(Rol.PROJECTLEIDER):
        raise Http404
    return Traject.objects.filter(regio=ctx.regio).values(*PSEUDONIEME_VELDEN)


def regio_trajecten_voor(ctx: RegioContext) -> QuerySet:
    """All trajectories of the region for the projectleider, as dicts of `PSEUDONIEME_VELDEN`; fetching rows
    writes the read row (pseudonymised numbers are still personal data)."""
    return audit.gelezen_lijst(_regio_trajecten(ctx), ctx, grondslag=Niveau.PSEUDONIEM, lijst="regio_trajecten")


def pseudoniem_dossier_voor(ctx: RegioContext, nummer: str) -> list[dict]:
    """A participant's trajectories as the projectleider may see them; 404 when there are none."""
    trajecten = list(_regio_trajecten(ctx).filter(deelnemer__nummer=nummer).order_by("-verwijsdatum", "-pk"))
    if not trajecten:
        raise Http404("Deelnemer niet gevonden")
    audit.lees(ctx, deelnemer_nummer=nummer, grondslag=Niveau.PSEUDONIEM, omschrijving="Gepseudonimiseerd dossier")
    for traject in trajecten:
        traject["methode_label"] = Methode(traject["methode"]).label
        traject["status_label"] = TrajectStatus(traject["status"]).label
    return trajecten


def peer_supporters_voor(ctx: RegioContext) -> QuerySet[Gebruiker]:
    """Users acting as peer supporter in this region: who a participant can be assigned to."""
    return Gebruiker.objects.filter(
        pk__in=Lidmaatschap.objects.actief().in_regio(ctx.regio).filter(rol=Rol.PEER_SUPPORTER).values("gebruiker_id")
    ).order_by("naam")


# What the access log on a participant's page shows of each row (the hash chain stays in the database).
INZAGE_VELDEN = ("tijdstip", "gebruiker_email", "organisatie_naam", "rol", "actie", "omschrijving")


INZAGE_OP_PAGINA = 20
_LAATSTE_INZAGE = QuerySjabloon(
    lambda regio_id, nummer: (
        AuditRegel.objects.voor_deelnemer(Regio(pk=regio_id), nummer)
        .filter(actie__in=[AuditActie.LEZEN, AuditActie.WIJZIGEN, AuditActie.AANMAKEN, AuditActie.EXPORT])
        .only(*INZAGE_VELDEN)[:INZAGE_OP_PAGINA]
    ),
    {"regio_id": int, "nummer": str},
)


def laatste_inzage_voor(ctx: RegioContext, deelnemer: Deelnemer, niveau: Niveau) -> list[AuditRegel]:
    """Who opened or changed this record and when, newest first (the page's last INZAGE_OP_PAGINA): for the
    provider's trajectbegeleiders only (query compiled once per process)."""
    if niveau is not Niveau.BEHEER:
        return []
    return _LAATSTE_INZAGE.lijst(regio_id=ctx.regio.pk, nummer=deelnemer.nummer)


_TOESTEMMINGEN = QuerySjabloon(
    lambda regio_id, deelnemer_id: (
        Toestemming.objects.filter(regio_id=regio_id, deelnemer_id=deelnemer_id)
        .select_related("organisatie")
        .order_by("-gegeven_op", "-pk")
    ),
    {"regio_id": int, "deelnemer_id": int},
)


def toestemmingen_van(ctx: RegioContext, deelnemer: Deelnemer, niveau: Niveau) -> list[Toestemming]:
    """The participant's consents, newest first, for its provider's trajectbegeleider's page."""
    if niveau is not Niveau.BEHEER:
        return []
    return _TOESTEMMINGEN.lijst(regio_id=ctx.regio.pk, deelnemer_id=deelnemer.pk)


def toestemming_voor(ctx: RegioContext, deelnemer: Deelnemer, pk: int) -> Toestemming:
    toestemming = (
        Toestemming.objects.filter(regio=ctx.regio, deelnemer=deelnemer, pk=pk).select_related("organisatie").first()
    )
    if toestemming is None:
        raise Http404("Toestemming niet gevonden")
    return toestemming


def mogelijke_dubbelen_voor(
    ctx: RegioContext, *, voornaam: str, achternaam: str, geboortedatum: datetime.date
) -> list[dict[str, Any]]:
    """Participants of the region with this name and birth date (`models.naamsleutel`: case, spaces and
    diacritics aside), each with
    `te_openen`: may this user open it. Of the others only the number comes back, for the audit log;
    callers show only that such a participant exists."""
    if not ctx.heeft_rol(Rol.TRAJECTBEGELEIDER):
        raise Http404
    gevonden = (
        Deelnemer.objects.filter(regio=ctx.regio)
        .met_naam(voornaam=voornaam, achternaam=achternaam, geboortedatum=geboortedatum)
        .annotate(te_openen=Exists(_deelnemers_voor(ctx).filter(pk=OuterRef("pk"))))
        .order_by("nummer")
        .values("nummer", "voornaam", "achternaam", "te_openen")
    )
    # The number stays for the audit log; names of participants this user may not open go no further.
    dubbelen = [d if d["te_openen"] else {"nummer": d["nummer"], "te_openen": False} for d in gevonden]
    for dubbel in dubbelen:
        # The check tells the user this participant exists: a row with its number (so its own access log
        # shows the check), never the name.
        audit.log(
            actie=AuditActie.ZOEKEN,
            lidmaatschap=ctx.lidmaatschap,
            regio=ctx.regio,
            deelnemer_nummer=dubbel["nummer"],
            grondslag=BEHEER if dubbel["te_openen"] else "dubbelcheck",
            object_type="deelnemer",
            omschrijving="Dubbelcheck bij intake: deelnemer met dezelfde naam en geboortedatum",
        )
    return dubbelen


# --- Work: proposals, placements and suggestions -------------------------------------------------------------

LOPENDE_STATUSSEN = (TrajectStatus.INTAKE, TrajectStatus.GESTART)


def _vereis_trajectbegeleider(ctx: RegioContext) -> None:
    if not ctx.heeft_rol(Rol.TRAJECTBEGELEIDER):
        raise Http404


def lopend_eigen_traject(ctx: RegioContext, deelnemer: Deelnemer) -> Traject | None:
    """The participant's running trajectory at the user's organisation (at most one: a constraint)."""
    _vereis_trajectbegeleider(ctx)
    return (
        Traject.objects.filter(
            regio=ctx.regio, aanbieder=ctx.organisatie, deelnemer=deelnemer, status__in=LOPENDE_STATUSSEN
        )
        .select_related("deelnemer", "aanbieder")
        .first()
    )


def werk_van_deelnemer(ctx: RegioContext, deelnemer: Deelnemer) -> tuple[list[Plaatsing], list[Voordracht]]:
    """Placements and proposals on all trajectories of a participant, for its provider's trajectbegeleider."""
    _vereis_trajectbegeleider(ctx)
    beheerd = deelnemers_voor(ctx).filter(pk=deelnemer.pk)
    plaatsingen = (
        Plaatsing.objects.filter(regio=ctx.regio, traject__deelnemer__in=beheerd)
        .select_related("werkgever", "traject__aanbieder")
        .order_by("-startdatum", "-pk")
    )
    voordrachten = (
        Voordracht.objects.filter(regio=ctx.regio, traject__deelnemer__in=beheerd)
        .select_related("vacature__werkgever", "traject", "plaatsing")
        .order_by("-voorgedragen_op", "-pk")
    )
    return list(plaatsingen), list(voordrachten)


@dataclass(frozen=True)
class Werk:
    """The work section of a participant's page (trajecten/templatetags/werk.py)."""

    plaatsingen: list[Plaatsing]
    voordrachten: list[Voordracht]
    # The participant's running trajectory at the user's organisation, as `lopend_eigen_traject` finds it.
    lopend: Traject | None


_VOORDRACHTEN = QuerySjabloon(
    lambda regio_id, traject_ids: (
        Voordracht.objects.filter(regio_id=regio_id, traject_id__in=traject_ids)
        .select_related("vacature__werkgever")
        .order_by("-voorgedragen_op", "-pk")
    ),
    {"regio_id": int, "traject_ids": list},
)


def werk_van_trajecten(ctx: RegioContext, niveau: Niveau, trajecten: list[Traject]) -> Werk:
    """`werk_van_deelnemer` and `lopend_eigen_traject` for a page that already holds the participant's
    trajectories: `trajecten` as `trajecten_met_tijdlijn_voor(ctx, deelnemer, niveau)` fetched them for the
    `niveau` that `deelnemer_voor` gave (their placements prefetched), so the grant was checked in that
    query. The same rows, with one query (the proposals) instead of three.
    """
    _vereis_trajectbegeleider(ctx)
    if niveau is not Niveau.BEHEER:
        raise Http404
    if len({traject.deelnemer_id for traject in trajecten}) > 1 or any(
        traject.regio_id != ctx.regio.pk for traject in trajecten
    ):
        raise ValueError("trajecten van meer dan een deelnemer of van een andere regio")
    per_id = {traject.pk: traject for traject in trajecten}
    plaatsingen = sorted(
        (plaatsing for traject in trajecten for plaatsing in traject.plaatsingen.all()),
        key=lambda plaatsing: (plaatsing.startdatum, plaatsing.pk),
        reverse=True,
    )
    voordrachten = _VOORDRACHTEN.lijst(regio_id=ctx.regio.pk, traject_ids=list(per_id))
    for voordracht in voordrachten:
        voordracht.traject = per_id[voordracht.traject_id]
    lopend = next(
        (
            traject
            for traject in sorted(trajecten, key=lambda traject: traject.pk)
            if traject.aanbieder_id == ctx.organisatie.pk and traject.status in LOPENDE_STATUSSEN
        ),
        None,
    )
    return Werk(plaatsingen=plaatsingen, voordrachten=voordrachten, lopend=lopend)


def open_vacatures_voor(ctx: RegioContext) -> QuerySet[Vacature]:
    """The region's open vacancies, to propose a participant for (trajectbegeleider)."""
    _vereis_trajectbegeleider(ctx)
    return Vacature.objects.in_regio(ctx.regio).open().select_related("werkgever").order_by("titel", "pk")


def _passende_vacatures(
    aantal: int, regio_id: int, vandaag: datetime.date, *, uitgesloten=(), sectoren=(), uren=None, plaats=""
) -> QuerySet[Vacature]:
    vacatures = Vacature.objects.filter(regio_id=regio_id).open(vandaag).select_related("werkgever")
    if uitgesloten:
        vacatures = vacatures.exclude(pk__in=uitgesloten)
    return vacatures_passend_bij_wensen(vacatures, sectoren=list(sectoren), uren=uren, plaats=plaats)[:aantal]


_PASSEND_SOORTEN = {"regio_id": int, "vandaag": datetime.date, "uitgesloten": list, "sectoren": list[str]}
_PASSEND_SOORTEN |= {"uren": int, "plaats": str}
_PASSENDE_VACATURES: dict[tuple[frozenset[str], int], QuerySjabloon] = {}


def _passende_vacatures_sjabloon(namen: frozenset[str], aantal: int) -> QuerySjabloon:
    """One compiled-once query per combination of the wishes a participant has (and proposals to leave out)."""
    sleutel = (namen, aantal)
    if sleutel not in _PASSENDE_VACATURES:
        soorten = {naam: soort for naam, soort in _PASSEND_SOORTEN.items() if naam in namen}
        _PASSENDE_VACATURES[sleutel] = QuerySjabloon(partial(_passende_vacatures, aantal), soorten)
    return _PASSENDE_VACATURES[sleutel]


def passende_vacatures_voor(
    ctx: RegioContext, deelnemer: Deelnemer, aantal: int = 5, *, voordrachten: list[Voordracht] | None = None
) -> list[Vacature]:
    """The open vacancies that fit the participant's wishes best, each with `redenen`; vacancies it already
    has an open proposal for are left out. A caller that holds all the participant's proposals (from
    `werk_van_trajecten`) passes them as `voordrachten`, which saves a subquery."""
    if voordrachten is None:
        voorgedragen = Voordracht.objects.filter(
            regio=ctx.regio, traject__deelnemer=deelnemer, status__in=OPEN_VOORDRACHT
        ).values("vacature_id")
        vacatures = open_vacatures_voor(ctx).exclude(pk__in=voorgedragen)
        vacatures = list(vacatures_passend_bij(vacatures, deelnemer)[:aantal])
    else:
        _vereis_trajectbegeleider(ctx)
        waarden = {"regio_id": ctx.regio.pk, "vandaag": timezone.localdate(), **wensen_van(deelnemer)}
        waarden["uitgesloten"] = sorted({voordracht.vacature_id for voordracht in voordrachten if voordracht.is_open})
        waarden = {naam: waarde for naam, waarde in waarden.items() if waarde or naam == "regio_id"}
        vacatures = _passende_vacatures_sjabloon(frozenset(waarden), aantal).lijst(**waarden)
    for vacature in vacatures:
        vacature.redenen = redenen_voor_vacature(vacature, deelnemer)
    return vacatures


def eigen_voordracht_voor(ctx: RegioContext, deelnemer: Deelnemer, pk: int) -> Voordracht:
    """A proposal of this participant made on a trajectory of the user's organisation."""
    _vereis_trajectbegeleider(ctx)
    voordracht = (
        Voordracht.objects.filter(
            regio=ctx.regio, traject__deelnemer=deelnemer, traject__aanbieder=ctx.organisatie, pk=pk
        )
        .select_related("vacature__werkgever")
        .first()
    )
    if voordracht is None:
        raise Http404("Voordracht niet gevonden")
    return voordracht


def eigen_plaatsing_voor(ctx: RegioContext, pk: int) -> Plaatsing:
    """A placement on a trajectory of the user's organisation."""
    _vereis_trajectbegeleider(ctx)
    plaatsing = (
        Plaatsing.objects.filter(regio=ctx.regio, traject__aanbieder=ctx.organisatie, pk=pk)
        .select_related("traject__deelnemer", "traject__aanbieder", "werkgever")
        .first()
    )
    if plaatsing is None:
        raise Http404("Plaatsing niet gevonden")
    audit.lees(ctx, deelnemer_nummer=plaatsing.traject.deelnemer.nummer, grondslag=BEHEER, object_id=plaatsing.pk)
    return plaatsing


def vacature_voor(ctx: RegioContext, pk: int) -> Vacature:
    """A vacancy of the region (vacancies hold no participant data)."""
    vacature = Vacature.objects.in_regio(ctx.regio).select_related("werkgever").filter(pk=pk).first()
    if vacature is None:
        raise Http404("Vacature niet gevonden")
    return vacature


def kandidaten_voor(ctx: RegioContext, vacature: Vacature) -> QuerySet[Traject]:
    """The running trajectories of the user's organisation whose participant's wishes fit the vacancy,
    best first, each with `score`, the match flags and `al_voorgedragen`."""
    trajecten = _caseload(ctx).filter(status__in=LOPENDE_STATUSSEN)  # 404 for all but trajectbegeleider
    open_voordracht = Voordracht.objects.filter(traject=OuterRef("pk"), vacature=vacature, status__in=OPEN_VOORDRACHT)
    kandidaten = (
        trajecten_passend_bij(trajecten, vacature)
        .annotate(al_voorgedragen=Exists(open_voordracht))
        .select_related("deelnemer", "trajectbegeleider")
    )
    return audit.gelezen_lijst(kandidaten, ctx, grondslag=BEHEER, lijst=f"vacature_kandidaten {vacature.pk}")


# What a werkgeversadviseur gets of a proposal: never the participant's name, number, contact details or
# notes. Who to call to arrange an interview is the trajectbegeleider, named in the detail.
GEDEELDE_VOORDRACHT_VELDEN = (
    "pk",
    "status",
    "voorgedragen_op",
    "status_sinds",
    "vacature_id",
    "vacature__titel",
    "vacature__plaats",
    "vacature__werkgever_id",
    "vacature__werkgever__naam",
)
GEDEELDE_VOORDRACHT_DETAILS = (
    "profiel",
    "afwijsreden",
    "versie",
    "contact_naam",
    "contact_email",
    "contact_organisatie",
    "plaatsing__functie",
    "plaatsing__startdatum",
)


@dataclass(frozen=True)
class GedeeldeVoordracht:
    """One proposal as the werkgeversadviseur sees it. `deelnemer_nummer` is for the audit row only:
    views never put it in a template's context."""

    gegevens: dict[str, Any]
    deelnemer_nummer: str


def _met_label(rij: dict[str, Any]) -> dict[str, Any]:
    rij["status_label"] = VoordrachtStatus(rij["status"]).label
    return rij


def _voordrachten_in_regio(ctx: RegioContext) -> QuerySet[Voordracht]:
    if not ctx.heeft_rol(Rol.WERKGEVERSADVISEUR):
        raise Http404
    return Voordracht.objects.filter(regio=ctx.regio, vacature__regio=ctx.regio)


def voordrachten_voor(ctx: RegioContext) -> QuerySet:
    """The proposals for the region's vacancies, as dicts of `GEDEELDE_VOORDRACHT_VELDEN`."""
    return _voordrachten_in_regio(ctx).values(*GEDEELDE_VOORDRACHT_VELDEN)


def met_statuslabels(rijen) -> list[dict[str, Any]]:
    return [_met_label(rij) for rij in rijen]


def gedeelde_voordracht_voor(ctx: RegioContext, pk: int) -> GedeeldeVoordracht:
    rij = (
        _voordrachten_in_regio(ctx)
        .filter(pk=pk)
        .annotate(
            # The trajectory's current begeleider, else whoever proposed: the werkgeversadviseur's contact.
            contact_naam=Coalesce(F("traject__trajectbegeleider__naam"), F("voorgedragen_door__naam")),
            contact_email=Coalesce(F("traject__trajectbegeleider__email"), F("voorgedragen_door__email")),
            contact_organisatie=F("traject__aanbieder__naam"),
        )
        .values(*GEDEELDE_VOORDRACHT_VELDEN, *GEDEELDE_VOORDRACHT_DETAILS, "traject__deelnemer__nummer")
        .first()
    )
    if rij is None:
        raise Http404("Voordracht niet gevonden")
    nummer = rij.pop("traject__deelnemer__nummer")
    audit.lees(
        ctx,
        deelnemer_nummer=nummer,
        grondslag="voordracht",
        object_type="voordracht",
        object_id=rij["pk"],
        omschrijving="Voordracht ingezien (gedeeld profiel)",
    )
    return GedeeldeVoordracht(gegevens=_met_label(rij), deelnemer_nummer=nummer)


def voordracht_ter_beoordeling_voor(ctx: RegioContext, pk: int) -> Voordracht:
    """The proposal itself, to hand to `actions.zet_voordracht_status` (never to a template)."""
    voordracht = _voordrachten_in_regio(ctx).only("pk", "regio", "status", "versie").filter(pk=pk).first()
    if voordracht is None:
        raise Http404("Voordracht niet gevonden")
    return voordracht


def vacatures_met_voordrachten_voor(ctx: RegioContext) -> QuerySet[Vacature]:
    """The region's vacancies that have proposals: the werkgeversadviseur's vacancy filter."""
    return (
        Vacature.objects.in_regio(ctx.regio)
        .filter(pk__in=_voordrachten_in_regio(ctx).values("vacature_id"))
        .select_related("werkgever")
        .order_by("titel", "pk")
    )


def begeleiders_van(trajecten: QuerySet[Traject]) -> list[tuple[int, str]]:
    """(id, name) of the trajectbegeleiders of trajectories already fetched through an access function."""
    return list(
        Gebruiker.objects.filter(pk__in=trajecten.values("trajectbegeleider_id"))
        .order_by("naam")
        .values_list("pk", "naam")
    )


def begeleiders_en_statussen_van(trajecten: QuerySet[Traject]) -> tuple[list[tuple[int, str]], dict[str, int]]:
    """`begeleiders_van(trajecten)` (by name) and `trajecten.aantal_per_status()`, from one grouped query: the
    caseload's filter choices and, while no filter is chosen, its counts per status. Grouped per (status,
    begeleider) over the trajectories alone, each group's name looked up by key (`naam_van`)."""
    begeleiders: dict[int, str] = {}
    aantallen: dict[str, int] = {}
    for status, begeleider_id, aantal, naam in (
        trajecten.order_by()
        .values_list("status", "trajectbegeleider_id")
        .annotate(aantal=Count("pk"))
        .annotate(naam=naam_van(Gebruiker, "trajectbegeleider_id"))
    ):
        aantallen[status] = aantallen.get(status, 0) + aantal
        if begeleider_id is not None:
            begeleiders[begeleider_id] = naam
    return sorted(begeleiders.items(), key=lambda begeleider: (begeleider[1], begeleider[0])), aantallen


def met_voortgang(ctx: RegioContext, deelnemers: QuerySet[Deelnemer]) -> QuerySet[Deelnemer]:
    """Participants from `deelnemers_voor` with only progress fields, and their trajectories newest first
    as `trajecten_nieuwste_eerst` (one extra query per page): no contact details, no notes."""
    trajecten = (
        Traject.objects.filter(regio=ctx.regio)
        .select_related("aanbieder")
        .only("deelnemer", "status", "methode", "verwijsdatum", "startdatum", "einddatum", "aanbieder__naam")
        .order_by("-verwijsdatum", "-pk")
    )
    return (
        deelnemers.select_related("woongemeente")
        .prefetch_related(Prefetch("trajecten", queryset=trajecten, to_attr="trajecten_nieuwste_eerst"))
        .only("pk", "nummer", "voornaam", "achternaam", "woongemeente__naam")
    )


# --- The worklist (trajecten.werklijst) as each role may see it ------------------------------------------------
#
# A trajectbegeleider gets its own items, with names and links: the trajectories it runs for its organisation
# and the referrals waiting in its organisation's inbox. A provider's bestuurder and the projectleider get the
# counts per kind only, computed by the same rules; no name or number leaves this module for them. Other roles
# get nothing. The begeleider's list and an item to snooze write their read row here.

AANBIEDER_SOORTEN = (Soort.GGZ, Soort.REINTEGRATIE, Soort.UWV)


def _eigen_werklijst_trajecten(ctx: RegioContext) -> QuerySet[Traject]:
    return Traject.objects.filter(regio=ctx.regio, aanbieder=ctx.organisatie).filter(
        Q(trajectbegeleider=ctx.gebruiker) | Q(status=TrajectStatus.AANGEMELD)
    )


def werklijst_voor(ctx: RegioContext) -> list[werklijst.Werkpunt]:
    """The begeleider's own worklist, most urgent first."""
    if not ctx.heeft_rol(Rol.TRAJECTBEGELEIDER):
        raise Http404
    punten = werklijst.werkpunten(
        _eigen_werklijst_trajecten(ctx), regio_slug=ctx.regio.slug, vandaag=timezone.localdate(), met_namen=True
    )
    nummers = list(dict.fromkeys(punt.nummer for punt in punten))
    if nummers:
        # Names are shown: one read row naming the participants on the list.
        audit.log(
            actie=AuditActie.LEZEN,
            lidmaatschap=ctx.lidmaatschap,
            regio=ctx.regio,
            grondslag=BEHEER,
            object_type="werklijst",
            omschrijving=f"Lijst werklijst: {len(nummers)} deelnemer(s) getoond",
            getoonde_nummers=nummers,
        )
    return punten


def werklijst_tellingen_voor(ctx: RegioContext) -> list[tuple[werklijst.Soort, int]] | None:
    """Counts per kind for a provider's bestuurder (its organisation) or the projectleider (the region);
    None for every other role."""
    if ctx.heeft_rol(Rol.PROJECTLEIDER):
        trajecten = Traject.objects.filter(regio=ctx.regio)
    elif ctx.heeft_rol(Rol.BESTUURDER) and ctx.organisatie.soort in AANBIEDER_SOORTEN:
        trajecten = Traject.objects.filter(regio=ctx.regio, aanbieder=ctx.organisatie)
    else:
        return None
    punten = werklijst.werkpunten(trajecten, regio_slug=ctx.regio.slug, vandaag=timezone.localdate())
    return werklijst.tellingen(punten)


def werkpunt_voor(ctx: RegioContext, traject_pk: int, soort: str) -> tuple[Traject, werklijst.Soort]:
    """A trajectory on the begeleider's own list and a known kind of item, to snooze; 404 otherwise."""
    gekozen = werklijst.soort_van(soort)
    if not ctx.heeft_rol(Rol.TRAJECTBEGELEIDER) or gekozen is None:
        raise Http404
    traject = _eigen_werklijst_trajecten(ctx).select_related("deelnemer").filter(pk=traject_pk).first()
    if traject is None:
        raise Http404("Traject niet gevonden")
    audit.lees(ctx, deelnemer_nummer=traject.deelnemer.nummer, grondslag=BEHEER, object_id=traject.pk)
    return traject, gekozen


# --- Handing over: what a trajectbegeleider may hand over, and to whom (actions.draag_over) -------------------


def collega_begeleiders_voor(ctx: RegioContext) -> QuerySet[Gebruiker]:
    """Active trajectbegeleiders of the user's organisation (the user included)."""
    if not ctx.heeft_rol(Rol.TRAJECTBEGELEIDER):
        raise Http404
    return Gebruiker.objects.filter(
        is_active=True,
        pk__in=Lidmaatschap.objects.actief()
        .filter(organisatie=ctx.organisatie, rol=Rol.TRAJECTBEGELEIDER)
        .values("gebruiker_id"),
    ).order_by("naam")


def overdraagbare_trajecten_voor(ctx: RegioContext, van: Gebruiker) -> QuerySet[Traject]:
    """The running trajectories of the organisation that `van` begeleidt.

    The hand-over form lists them by name: a read list (one row per GET naming the numbers shown)."""
    if not ctx.heeft_rol(Rol.TRAJECTBEGELEIDER):
        raise Http404
    trajecten = (
        Traject.objects.filter(
            regio=ctx.regio,
            aanbieder=ctx.organisatie,
            trajectbegeleider=van,
            status__in=(TrajectStatus.INTAKE, TrajectStatus.GESTART),
        )
        .select_related("deelnemer")
        .order_by("deelnemer__achternaam", "deelnemer__voornaam", "pk")
    )
    return audit.gelezen_lijst(trajecten, ctx, grondslag=BEHEER, lijst="overdragen")


def andere_aanbieders_voor(ctx: RegioContext) -> QuerySet[Organisatie]:
    """The region's other providers: where a trajectbegeleider can hand a trajectory over to."""
    if not ctx.heeft_rol(Rol.TRAJECTBEGELEIDER):
        raise Http404
    return (
        Organisatie.objects.in_regio(ctx.regio)
        .filter(soort__in=AANBIEDER_SOORTEN)
        .exclude(pk=ctx.organisatie.pk)
        .order_by("naam")
    )


# --- One person, known once: what the match key (trajecten.koppeling) found -----------------------------------


@dataclass(frozen=True)
class Elders:
    """A running trajectory of (possibly) the same person at another organisation, as the begeleider of a new
    trajectory may see it: the organisation's name and whether a handover was asked. Nothing of the other
    record (no number, no name, no status)."""

    pk: int
    traject_id: int
    organisatie: str
    exact: bool
    overdracht_gevraagd_op: datetime.datetime | None


_ELDERS = QuerySjabloon(
    lambda regio_id, aanbieder_id, traject_ids: (
        Koppeling.objects.filter(
            regio_id=regio_id,
            traject_id__in=traject_ids,
            traject__aanbieder_id=aanbieder_id,
            ander_traject__status__in=(TrajectStatus.AANGEMELD, *LOPENDE_STATUSSEN),
        )
        .select_related("ander_traject__aanbieder")
        .only("traject_id", "exact", "overdracht_gevraagd_op", "ander_traject__aanbieder__naam")
        .order_by("pk")
    ),
    {"regio_id": int, "aanbieder_id": int, "traject_ids": list},
)


def elders_voor(ctx: RegioContext, traject_ids: list[int]) -> list[Elders]:
    """The matches of these trajectories of the user's organisation whose other trajectory still runs."""
    if not ctx.heeft_rol(Rol.TRAJECTBEGELEIDER) or not traject_ids:
        return []
    koppelingen = _ELDERS.lijst(regio_id=ctx.regio.pk, aanbieder_id=ctx.organisatie.pk, traject_ids=traject_ids)
    return [
        Elders(k.pk, k.traject_id, k.ander_traject.aanbieder.naam, k.exact, k.overdracht_gevraagd_op)
        for k in koppelingen
    ]


def koppeling_voor(ctx: RegioContext, pk: int) -> Koppeling:
    """A match of a trajectory of the user's organisation (to ask the other organisation for a handover)."""
    if not ctx.heeft_rol(Rol.TRAJECTBEGELEIDER):
        raise Http404
    gevonden = (
        Koppeling.objects.filter(regio=ctx.regio, traject__aanbieder=ctx.organisatie, pk=pk)
        .select_related("traject__deelnemer")
        .first()
    )
    if gevonden is None:
        raise Http404("Koppeling niet gevonden")
    return gevonden
