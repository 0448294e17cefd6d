"""The only way views reach participant data.

Each function filters by region **and** grant in one query and raises `Http404` for missing and
forbidden alike. Which grant counts depends on the role the user acts in:

| role              | sees                                                                     |
|-------------------|--------------------------------------------------------------------------|
| trajectbegeleider | full record, where its organisation holds `beheer_deelnemer`              |
| klantmanager      | progress, where its organisation holds `beheer_`/`volg_deelnemer` and a   |
|                   | consent for that organisation is valid today                             |
| peer_supporter    | name, contact details, peer sessions, where it holds `peer_deelnemer`     |
| projectleider     | the region's trajectories pseudonymised: no names, contact data or notes |
| others            | nothing                                                                  |
"""

from __future__ import annotations

import datetime
from enum import StrEnum
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from hoofdzaak.models import AuditActie, AuditRegel, Gebruiker, Lidmaatschap, Rol
from hoofdzaak.tenancy import RegioContext

from .models import (
    Contactmoment,
    Deelnemer,
    DeelnemerGroupObjectPermission,
    DeelnemerUserObjectPermission,
    Methode,
    Toestemming,
    Traject,
    TrajectStatus,
    TrajectStatusWijziging,
)
from .toegang import BEHEER, PEER, VOLG


class Niveau(StrEnum):
    """How much of a participant the current user may see; also the grant logged in the audit trail."""

    BEHEER = BEHEER
    VOLG = VOLG
    PEER = PEER
    PSEUDONIEM = "projectleider"


def _groepsrecht(ctx: RegioContext, *codenames: str) -> Exists:
    return Exists(
        DeelnemerGroupObjectPermission.objects.filter(
            content_object=OuterRef("pk"), group_id=ctx.organisatie.groep_id, permission__codename__in=codenames
        )
    )


def _geldige_toestemming(ctx: RegioContext) -> Exists:
    return Exists(
        Toestemming.objects.geldig_op(timezone.localdate()).filter(
            deelnemer=OuterRef("pk"), organisatie_id=ctx.organisatie.pk
        )
    )


def niveau_van(ctx: RegioContext) -> Niveau | None:
    return {
        Rol.TRAJECTBEGELEIDER: Niveau.BEHEER,
        Rol.KLANTMANAGER: Niveau.VOLG,
        Rol.PEER_SUPPORTER: Niveau.PEER,
        Rol.PROJECTLEIDER: Niveau.PSEUDONIEM,
    }.get(ctx.rol)


def _zichtbaar(ctx: RegioContext) -> Exists | Q | None:
    niveau = niveau_van(ctx)
    if niveau is Niveau.BEHEER:
        return _groepsrecht(ctx, BEHEER)
    if niveau is Niveau.VOLG:
        return _groepsrecht(ctx, BEHEER) | (_groepsrecht(ctx, VOLG) & _geldige_toestemming(ctx))
    if niveau is Niveau.PEER:
        return Exists(
            DeelnemerUserObjectPermission.objects.filter(
                content_object=OuterRef("pk"), user_id=ctx.gebruiker.pk, permission__codename=PEER
            )
        )
    return None


def deelnemers_voor(ctx: RegioContext) -> QuerySet[Deelnemer]:
    """Participants of the region this user may open (empty for roles without participant access)."""
    zichtbaar = _zichtbaar(ctx)
    if zichtbaar is None:
        return Deelnemer.objects.none()
    return Deelnemer.objects.filter(zichtbaar, regio=ctx.regio)


def deelnemer_voor(ctx: RegioContext, nummer: str) -> tuple[Deelnemer, Niveau]:
    niveau = niveau_van(ctx)
    if niveau is Niveau.PSEUDONIEM:
        raise Http404("Gebruik pseudoniem_dossier_voor")
    deelnemer = deelnemers_voor(ctx).select_related("woongemeente", "peer_supporter").filter(nummer=nummer).first()
    if deelnemer is None or niveau is None:
        raise Http404("Deelnemer niet gevonden")
    return deelnemer, niveau


def trajecten_voor(ctx: RegioContext, deelnemer: Deelnemer) -> QuerySet[Traject]:
    """The trajectories of a participant already fetched through `deelnemer_voor`."""
    return (
        Traject.objects.filter(regio=ctx.regio, deelnemer=deelnemer)
        .select_related("aanbieder", "verwijzer", "trajectbegeleider", "financier")
        .order_by("-verwijsdatum", "-pk")
    )


def trajecten_met_tijdlijn_voor(ctx: RegioContext, deelnemer: Deelnemer, niveau: Niveau) -> QuerySet[Traject]:
    """Trajectories with their status changes and the contacts this grant may see, prefetched."""
    contacten = Contactmoment.objects.select_related("door").order_by("-datum", "-pk")
    if niveau is Niveau.PEER:
        contacten = contacten.zichtbaar_voor_peer()
    elif niveau is not Niveau.BEHEER:
        contacten = contacten.none()
    return trajecten_voor(ctx, deelnemer).prefetch_related(
        Prefetch("statuswijzigingen", queryset=TrajectStatusWijziging.objects.select_related("door")),
        Prefetch("contactmomenten", queryset=contacten),
    )


def beheerbaar_traject_voor(ctx: RegioContext, pk: int) -> Traject:
    """A trajectory its provider's trajectbegeleider may change."""
    if not ctx.heeft_rol(Rol.TRAJECTBEGELEIDER):
        raise Http404
    traject = (
        Traject.objects.filter(regio=ctx.regio, aanbieder=ctx.organisatie, pk=pk)
        .select_related("deelnemer", "aanbieder", "verwijzer", "trajectbegeleider")
        .first()
    )
    if traject is None:
        raise Http404("Traject niet gevonden")
    return traject


def caseload_voor(ctx: RegioContext) -> QuerySet[Traject]:
    """The trajectories the user's organisation runs (trajectbegeleider)."""
    if not ctx.heeft_rol(Rol.TRAJECTBEGELEIDER):
        raise Http404
    return Traject.objects.filter(regio=ctx.regio, aanbieder=ctx.organisatie)


def aanmeldingen_van(ctx: RegioContext) -> QuerySet[Traject]:
    """Referrals made by the user's organisation (klantmanager): their outcome, nothing more."""
    if not ctx.heeft_rol(Rol.KLANTMANAGER):
        raise Http404
    return Traject.objects.filter(regio=ctx.regio, verwijzer=ctx.organisatie)


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


def regio_trajecten_voor(ctx: RegioContext) -> QuerySet:
    """All trajectories of the region for the projectleider, as dicts of `PSEUDONIEME_VELDEN`."""
    if not ctx.heeft_rol(Rol.PROJECTLEIDER):
        raise Http404
    return Traject.objects.filter(regio=ctx.regio).values(*PSEUDONIEME_VELDEN)


def pseudoniem_dossier_voor(ctx: RegioContext, nummer: str) -> list[dict]:
    """A participant's trajectories as the projectleider may see them; 404 when there are none."""
    trajecten = list(regio_trajecten_voor(ctx).filter(deelnemer__nummer=nummer).order_by("-verwijsdatum", "-pk"))
    if not trajecten:
        raise Http404("Deelnemer niet gevonden")
    for traject in trajecten:
        traject["methode_label"] = Methode(traject["methode"]).label
        traject["status_label"] = TrajectStatus(traject["status"]).label
    return trajecten


def peer_supporters_voor(ctx: RegioContext) -> QuerySet[Gebruiker]:
    """Users acting as peer supporter in this region: who a participant can be assigned to."""
    return Gebruiker.objects.filter(
        pk__in=Lidmaatschap.objects.actief().in_regio(ctx.regio).filter(rol=Rol.PEER_SUPPORTER).values("gebruiker_id")
    ).order_by("naam")


def inzage_voor(ctx: RegioContext, deelnemer: Deelnemer, niveau: Niveau) -> QuerySet[AuditRegel]:
    """Who opened or changed this record and when: for the provider's trajectbegeleiders only."""
    if niveau is not Niveau.BEHEER:
        return AuditRegel.objects.none()
    return AuditRegel.objects.voor_deelnemer(ctx.regio, deelnemer.nummer).filter(
        actie__in=[AuditActie.LEZEN, AuditActie.WIJZIGEN, AuditActie.AANMAKEN, AuditActie.EXPORT]
    )


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
    """Participants of the region with this name and birth date (case-insensitive), each with
    `te_openen`: may this user open it. Of the others only the number comes back, for the audit log;
    callers show only that such a participant exists."""
    if not ctx.heeft_rol(Rol.TRAJECTBEGELEIDER):
        raise Http404
    gevonden = (
        Deelnemer.objects.filter(
            regio=ctx.regio,
            geboortedatum=geboortedatum,
            voornaam__iexact=voornaam.strip(),
            achternaam__iexact=achternaam.strip(),
        )
        .annotate(te_openen=Exists(deelnemers_voor(ctx).filter(pk=OuterRef("pk"))))
        .order_by("nummer")
        .values("nummer", "voornaam", "achternaam", "te_openen")
    )
    # The number stays for the audit log; names of participants this user may not open go no further.
    return [d if d["te_openen"] else {"nummer": d["nummer"], "te_openen": False} for d in gevonden]
