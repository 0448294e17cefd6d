"""Handing over a begeleider's caseload (all or some) to a colleague of the same provider: by the begeleider
itself, or by the provider's team lead for any colleague. And one trajectory to another provider (warm)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from hoofdzaak.views.hulp import voer_uit

from .. import access, actions
from ..forms.overdracht import AanbiederOverdrachtForm, OverdrachtForm
from ..models import TrajectStatus


@never_cache
def overdragen(request: HttpRequest, regio: str) -> HttpResponse:
    ctx = request.regio_ctx
    collegas = access.collega_begeleiders_voor(ctx)
    # Whose caseload: the user's own; a team lead may pick a colleague's (?van=). Unknown ids fall back.
    van_id = request.GET.get("van", "") if ctx.is_teamleider else ""
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


@never_cache
def traject_overdragen(request: HttpRequest, regio: str, pk: int) -> HttpResponse:
    """A warm handover of one trajectory to another provider of the region: consent first, then the new
    provider finds it in its inbox; until it accepts, the trajectory stays here. `?aan=` preselects a provider
    (the link in a handover request, trajecten.notificaties)."""
    ctx = request.regio_ctx
    traject = access.beheerbaar_traject_voor(ctx, pk)
    aanbieders = access.andere_aanbieders_voor(ctx)
    aan = request.GET.get("aan", "")
    form = AanbiederOverdrachtForm(
        request.POST or None,
        aanbieders=aanbieders,
        initial={"versie": traject.versie, "aanbieder": int(aan) if aan.isdigit() else None},
    )
    if request.method == "POST" and (
        uitkomst := voer_uit(
            form,
            lambda: actions.draag_over_aan_aanbieder(ctx=ctx, request=request, traject=traject, **form.gegevens()),
            request=request,
            doel=lambda nieuw: reverse("deelnemer", kwargs={"regio": regio, "nummer": nieuw.deelnemer.nummer}),
        )
    ):
        if uitkomst.nieuw:
            messages.success(
                request,
                _(
                    "De overdracht aan %(aanbieder)s is aangevraagd. Het traject blijft bij jou tot %(aanbieder)s "
                    "de aanmelding accepteert; je krijgt daarvan een melding."
                )
                % {"aanbieder": uitkomst.waarde.aanbieder.naam},
            )
        return redirect(uitkomst.url)
    return render(
        request,
        "trajecten/overdracht/aanbieder.html",
        {
            "traject": traject,
            "form": form,
            "lopend": traject.status in (TrajectStatus.INTAKE, TrajectStatus.GESTART),
            "inzien_dagen": settings.PORTAAL_INZAGE_NA_OVERDRACHT_DAGEN,
        },
    )


@require_POST
def overdracht_vragen(request: HttpRequest, regio: str, pk: int) -> HttpResponse:
    """Ask the organisation where the match key found a running trajectory of this person for a handover."""
    ctx = request.regio_ctx
    gevonden = access.koppeling_voor(ctx, pk)
    try:
        actions.vraag_overdracht(ctx=ctx, request=request, treffer=gevonden)
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        messages.success(
            request,
            _("Je vraag om overdracht is verstuurd. De andere organisatie vraagt de deelnemer eerst om toestemming."),
        )
    traject = gevonden.traject
    if traject.status == TrajectStatus.AANGEMELD:
        return redirect("aanmelding_behandelen", regio=regio, pk=traject.pk)
    return redirect("deelnemer", regio=regio, nummer=traject.deelnemer.nummer)
