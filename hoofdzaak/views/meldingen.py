"""The user's notifications: the list, opening one, the unread count for the menu, e-mail preferences.

Pages work without JavaScript; with htmx the menu loads the unread count after the page (so no page
pays a query for it)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .. import access, actions
from ..forms_meldingen import MeldingVoorkeurenForm
from ..meldingen import SOORTEN_PER_ROL
from .hulp import voer_uit

LIJST_LENGTE = 50


@never_cache
def meldingen(request: HttpRequest, regio: str) -> HttpResponse:
    ctx = request.regio_ctx
    if request.method == "POST":
        actions.markeer_gelezen(ontvanger=ctx.gebruiker, regio=ctx.regio)
        messages.success(request, _("Alle meldingen staan op gelezen."))
        return redirect("meldingen", regio=regio)
    lijst = list(access.meldingen_voor(ctx)[:LIJST_LENGTE])
    return render(
        request,
        "hoofdzaak/meldingen/lijst.html",
        {"meldingen": lijst, "ongelezen": sum(1 for m in lijst if m.gelezen_op is None)},
    )


@require_GET
@never_cache
def melding_openen(request: HttpRequest, regio: str, pk: int) -> HttpResponse:
    ctx = request.regio_ctx
    melding = access.melding_voor(ctx, pk)
    actions.markeer_gelezen(ontvanger=ctx.gebruiker, regio=ctx.regio, melding=melding)
    if melding.url and url_has_allowed_host_and_scheme(melding.url, allowed_hosts=None):
        return redirect(melding.url)
    return redirect("meldingen", regio=regio)


@require_GET
@never_cache
def meldingen_aantal(request: HttpRequest, regio: str) -> HttpResponse:
    aantal = access.meldingen_voor(request.regio_ctx).filter(gelezen_op__isnull=True).count()
    return render(request, "hoofdzaak/meldingen/aantal.html", {"aantal": aantal})


@never_cache
def meldingvoorkeuren(request: HttpRequest, regio: str) -> HttpResponse:
    ctx = request.regio_ctx
    soorten = SOORTEN_PER_ROL.get(ctx.rol, ())
    huidig = access.meldingvoorkeuren_van(ctx)
    form = MeldingVoorkeurenForm(request.POST or None, soorten=soorten, huidig=huidig)
    if request.method == "POST" and voer_uit(
        form, lambda: actions.stel_meldingvoorkeuren_in(gebruiker=ctx.gebruiker, voorkeuren=form.cleaned_data)
    ):
        messages.success(request, _("Je e-mailvoorkeuren zijn opgeslagen."))
        return redirect("meldingen", regio=regio)
    return render(
        request,
        "hoofdzaak/meldingen/voorkeuren.html",
        {"form": form, "soorten": soorten, "onbestelbaar": access.onbestelbaar_adres_van(ctx)},
    )
