"""The only way views reach tenant data of the core app.

Each function filters by the request's region (and role) in one query and raises `Http404` for
missing and forbidden objects alike, so a URL never tells whether something exists elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from .models import (
    DOELPARTNER_SOORTEN,
    AuditRegel,
    Doeldeel,
    Doelstelling,
    Doelversie,
    Inzending,
    Lidmaatschap,
    Melding,
    MeldingVoorkeur,
    OnbestelbaarAdres,
    Organisatie,
    Rol,
    Soort,
)
from .tenancy import RegioContext


def rol_vereist(*rollen: str) -> Callable:
    """Let a region view run only for users acting in one of `rollen`; others get 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            ctx: RegioContext | None = getattr(request, "regio_ctx", None)
            if ctx is None or not ctx.heeft_rol(*rollen):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.rollen = rollen  # type: ignore[attr-defined]
        return wrapped

    return decorator


beheerder_vereist = rol_vereist(Rol.PROJECTLEIDER)


def _vereis_beheerder(ctx: RegioContext) -> None:
    if not ctx.heeft_rol(Rol.PROJECTLEIDER):
        raise PermissionDenied


def organisaties_voor(ctx: RegioContext) -> QuerySet[Organisatie]:
    _vereis_beheerder(ctx)
    return (
        Organisatie.objects.in_regio(ctx.regio)
        .annotate(
            aantal_leden=Count(
                "lidmaatschappen", filter=Q(lidmaatschappen__actief=True, lidmaatschappen__gebruiker__is_active=True)
            )
        )
        .order_by("naam")
    )


def organisatie_voor(ctx: RegioContext, pk: int) -> Organisatie:
    _vereis_beheerder(ctx)
    return get_object_or_404(Organisatie.objects.in_regio(ctx.regio), pk=pk)


def lidmaatschappen_voor(ctx: RegioContext) -> QuerySet[Lidmaatschap]:
    _vereis_beheerder(ctx)
    return Lidmaatschap.objects.in_regio(ctx.regio).select_related("gebruiker", "organisatie")


def lidmaatschap_voor(ctx: RegioContext, pk: int) -> Lidmaatschap:
    _vereis_beheerder(ctx)
    return get_object_or_404(lidmaatschappen_voor(ctx), pk=pk)


def auditregels_voor(ctx: RegioContext) -> QuerySet[AuditRegel]:
    """The region's audit log, for its projectleider only."""
    _vereis_beheerder(ctx)
    return AuditRegel.objects.in_regio(ctx.regio)


def eerdere_inzending(ctx: RegioContext, sleutel) -> str | None:
    """Where the result of an earlier submission with this one-time key is, for this user in this region."""
    return (
        Inzending.objects.filter(regio=ctx.regio, gebruiker=ctx.gebruiker, sleutel=sleutel)
        .exclude(resultaat_url="")
        .values_list("resultaat_url", flat=True)
        .first()
    )


def meldingen_voor(ctx: RegioContext) -> QuerySet[Melding]:
    """The user's own notifications in this region; nobody sees another's."""
    return Melding.objects.filter(regio=ctx.regio, ontvanger=ctx.gebruiker)


def melding_voor(ctx: RegioContext, pk: int) -> Melding:
    return get_object_or_404(meldingen_voor(ctx), pk=pk)


def meldingvoorkeuren_van(ctx: RegioContext) -> dict[str, str]:
    """The user's e-mail choice per kind of notification (kinds without a row: no e-mail)."""
    return dict(MeldingVoorkeur.objects.filter(gebruiker=ctx.gebruiker).values_list("soort", "wijze"))


def onbestelbaar_adres_van(ctx: RegioContext) -> OnbestelbaarAdres | None:
    """Whether mail to the user's own address bounces (and since when)."""
    return OnbestelbaarAdres.objects.filter(email=ctx.gebruiker.email).first()


# --- The region's target and its split (issue 15 point 2) ----------------------------------------------------


def doelversies_voor(ctx: RegioContext, jaar: int) -> QuerySet[Doelversie]:
    """Every version of the region's target for `jaar`, newest first, with its parts: for the projectleider."""
    _vereis_beheerder(ctx)
    return (
        Doelversie.objects.in_regio(ctx.regio)
        .filter(jaar=jaar)
        .prefetch_related(
            Prefetch("delen", Doeldeel.objects.select_related("organisatie").order_by("organisatie__naam"))
        )
        .order_by("-versie")
    )


def doelorganisaties_voor(ctx: RegioContext) -> QuerySet[Organisatie]:
    """The gemeenten and partners of the region that can take a part of its target."""
    _vereis_beheerder(ctx)
    return (
        Organisatie.objects.in_regio(ctx.regio)
        .filter(soort__in=(Soort.GEMEENTE, *DOELPARTNER_SOORTEN))
        .order_by("naam", "pk")
    )


def doel_voor(ctx: RegioContext, jaar: int) -> int | None:
    """The region's target for `jaar` as the figures read it (None: none set, the figures use 100)."""
    _vereis_beheerder(ctx)
    return Doelstelling.objects.filter(regio=ctx.regio, jaar=jaar).values_list("aantal", flat=True).first()
