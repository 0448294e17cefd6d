"""The projectleider sets the region's yearly target and its split over gemeenten and partners (issue 15
point 2). Every change is a new version; the page shows the earlier ones with who set them and when."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import access, actions
from ..forms_doel import DoelForm
from .hulp import voer_uit

EERSTE_JAAR = 2020  # `Doelstelling.jaar` ≥ 2020
JAREN_VOORUIT = 5


@require_http_methods(["GET", "HEAD", "POST"])
@access.beheerder_vereist
def doel(request: HttpRequest, regio: str, jaar: int) -> HttpResponse:
    ctx = request.regio_ctx
    vandaag = timezone.localdate()
    if not EERSTE_JAAR <= jaar <= vandaag.year + JAREN_VOORUIT:
        raise Http404
    versies = list(access.doelversies_voor(ctx, jaar))
    huidig = versies[0] if versies else None
    standaard = access.doel_voor(ctx, jaar)
    form = DoelForm(
        request.POST or None,
        organisaties=access.doelorganisaties_voor(ctx),
        huidig=huidig,
        doel=standaard,
    )
    if request.method == "POST" and voer_uit(
        form,
        lambda: actions.stel_doel_vast(regio=ctx.regio, jaar=jaar, ctx=ctx, request=request, **form.voor_actie()),
    ):
        messages.success(request, _("Het doel voor %(jaar)s is opgeslagen.") % {"jaar": jaar})
        return redirect("doel", regio=regio, jaar=jaar)
    return render(
        request,
        "hoofdzaak/doel.html",
        {
            "form": form,
            "jaar": jaar,
            "huidig": huidig,
            "versies": versies,
            "voorbij": jaar < vandaag.year,
            "standaard": standaard,
            "vorig_jaar": jaar - 1 if jaar > EERSTE_JAAR else None,
            "volgend_jaar": jaar + 1 if jaar < vandaag.year + JAREN_VOORUIT else None,
        },
    )
