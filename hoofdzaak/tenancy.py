"""Resolve the region from the URL and the user's memberships in it, once per request.

Every URL under `/<regio>/` passes here before its view runs: anonymous visitors go to the login
page, a user without an active membership in that region gets 404 (the region's existence is not
revealed), and everybody else gets `request.regio_ctx`.

The user's active memberships in all regions, with region and organisation, usually come with the user
itself (read with its verified device in one query, `hoofdzaak.tweefactor`; kept as `VOORAF`), else one
query here; the region of the URL is picked from them, and the others give the region switcher its list.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest

from .models import Lidmaatschap, Organisatie, Regio
from .vaste_query import MetErbij, VasteQuery

SESSION_KEY = "hoofdzaak:lidmaatschap:{regio}"

# On every region page: the user's active memberships with region and organisation, as
# `Lidmaatschap.objects.filter(gebruiker=…, actief=True).select_related("regio", "organisatie").order_by("pk")`
# with its SQL built once (hoofdzaak/vaste_query.py).
ACTIEVE_LIDMAATSCHAPPEN = VasteQuery(
    Lidmaatschap, ("regio", "organisatie"), waar='t."gebruiker_id" = %s AND t."actief"'
)
# Where the signed-in user is read, the memberships can come with it in the same round trip
# (`met_lidmaatschappen`, hoofdzaak/tweefactor.py); they are kept on the user for `regio_context`.
VOORAF = "_actieve_lidmaatschappen"


def met_lidmaatschappen(query: VasteQuery, gebruiker_alias: str) -> MetErbij:
    """`query` (which reads a user as `gebruiker_alias`) with that user's active memberships."""
    return MetErbij(query, ACTIEVE_LIDMAATSCHAPPEN, op=f'et."gebruiker_id" = {gebruiker_alias}."id" AND et."actief"')


@dataclass(frozen=True)
class RegioContext:
    regio: Regio
    lidmaatschap: Lidmaatschap
    lidmaatschappen: tuple[Lidmaatschap, ...]
    # Every region the user has an active membership in (this one included), for the region switcher.
    regios: tuple[Regio, ...] = ()

    @property
    def gebruiker(self):
        return self.lidmaatschap.gebruiker

    @property
    def rol(self) -> str:
        return self.lidmaatschap.rol

    @property
    def organisatie(self) -> Organisatie:
        return self.lidmaatschap.organisatie

    def heeft_rol(self, *rollen: str) -> bool:
        return self.rol in rollen

    @property
    def is_teamleider(self) -> bool:
        """A trajectbegeleider who leads its provider's team (`Lidmaatschap.teamleider`)."""
        return self.lidmaatschap.is_teamleider


def regio_context(request: HttpRequest, slug: str) -> RegioContext | None:
    gebruiker = request.user
    if not gebruiker.is_active:  # as Lidmaatschap.objects.actief(), without joining the user read already
        return None
    alle = getattr(gebruiker, VOORAF, None)
    if alle is None:
        alle = tuple(ACTIEVE_LIDMAATSCHAPPEN.lijst([gebruiker.pk]))
    for lidmaatschap in alle:
        lidmaatschap.gebruiker = gebruiker
    memberships = tuple(m for m in alle if m.regio.slug == slug)
    if not memberships:
        return None
    regios = tuple({m.regio_id: m.regio for m in alle}.values())
    chosen_id = request.session.get(SESSION_KEY.format(regio=memberships[0].regio_id))
    active = next((m for m in memberships if m.pk == chosen_id), memberships[0])
    return RegioContext(regio=active.regio, lidmaatschap=active, lidmaatschappen=memberships, regios=regios)


def kies_lidmaatschap(request: HttpRequest, ctx: RegioContext, lidmaatschap_id: int) -> bool:
    """Remember which of its memberships in this region the user acts for."""
    if not any(m.pk == lidmaatschap_id for m in ctx.lidmaatschappen):
        return False
    request.session[SESSION_KEY.format(regio=ctx.regio.pk)] = lidmaatschap_id
    return True


class TenancyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        request.regio_ctx = None
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        slug = view_kwargs.get("regio")
        if slug is None:
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        ctx = regio_context(request, slug)
        if ctx is None:
            raise Http404("Onbekende regio")
        request.regio_ctx = ctx
        return None


def regios_van(user) -> list[Regio]:
    if not user.is_authenticated:
        return []
    return list(
        Regio.objects.filter(lidmaatschappen__in=Lidmaatschap.objects.actief().filter(gebruiker=user)).distinct()
    )
