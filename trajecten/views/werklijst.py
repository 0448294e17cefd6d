"""The worklist on the start page, and putting an item of it aside."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from hoofdzaak.views.hulp import voer_uit

from .. import access, actions, werklijst
from ..forms.werklijst import UitstelForm


def startpagina_werklijst(request: HttpRequest) -> tuple[str, dict]:
    """The begeleider's own items on its start page (hoofdzaak.startpagina)."""
    punten = access.werklijst_voor(request.regio_ctx)
    return "trajecten/werklijst/vandaag.html", {"punten": punten, "tellingen": werklijst.tellingen(punten)}


def startpagina_tellingen(request: HttpRequest) -> tuple[str, dict] | None:
    """Counts only, for a provider's bestuurder and the projectleider."""
    tellingen = access.werklijst_tellingen_voor(request.regio_ctx)
    if tellingen is None:
        return None
    return "trajecten/werklijst/tellingen.html", {"tellingen": tellingen, "totaal": sum(n for _s, n in tellingen)}


@never_cache
def uitstellen(request: HttpRequest, regio: str, pk: int, soort: str) -> HttpResponse:
    ctx = request.regio_ctx
    traject, gekozen = access.werkpunt_voor(ctx, pk, soort)
    form = UitstelForm(request.POST or None)
    if request.method == "POST" and voer_uit(
        form,
        lambda: actions.stel_werkpunt_uit(
            ctx=ctx,
            request=request,
            traject=traject,
            soort=gekozen.value,
            dagen=form.cleaned_data["dagen"],
            reden=form.cleaned_data["reden"],
        ),
    ):
        messages.success(request, _("Het werkpunt is uitgesteld."))
        return redirect("regio_home", regio=regio)
    return render(
        request,
        "trajecten/werklijst/uitstellen.html",
        {"traject": traject, "soort": gekozen, "form": form},
    )
