"""Handing over a begeleider's caseload (all or some) to a colleague of the same provider."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from hoofdzaak.views.hulp import voer_uit

from .. import access, actions
from ..forms.overdracht import OverdrachtForm


@never_cache
def overdragen(request: HttpRequest, regio: str) -> HttpResponse:
    ctx = request.regio_ctx
    collegas = access.collega_begeleiders_voor(ctx)
    # Whose caseload: the user's own unless another colleague is picked (?van=); unknown ids fall back.
    van_id = request.GET.get("van", "")
    van = collegas.filter(pk=int(van_id)).first() if van_id.isdigit() else None
    van = van or ctx.gebruiker
    trajecten = access.overdraagbare_trajecten_voor(ctx, van)
    form = OverdrachtForm(request.POST or None, trajecten=trajecten, collegas=collegas.exclude(pk=van.pk))
    if request.method == "POST" and voer_uit(
        form,
        lambda: actions.draag_over(
            ctx=ctx, request=request, trajecten=list(form.cleaned_data["trajecten"]), aan=form.cleaned_data["aan"]
        ),
    ):
        aantal = len(form.cleaned_data["trajecten"])
        messages.success(
            request,
            _("%(aantal)s deelnemer(s) overgedragen aan %(naam)s.")
            % {"aantal": aantal, "naam": form.cleaned_data["aan"].naam},
        )
        return redirect("caseload", regio=regio)
    return render(
        request,
        "trajecten/overdracht/overdragen.html",
        {"form": form, "van": van, "collegas": collegas, "heeft_trajecten": trajecten.exists()},
    )
