"""Vacancies: the list, one vacancy, registering one for an employer and editing it (status too)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from hoofdzaak.paginering import lijst_response, pagineer
from hoofdzaak.views.hulp import voer_uit

from .. import access, actions
from ..forms import VacatureBewerkenForm, VacatureForm, VacaturesFilterForm


@require_safe
@never_cache
@access.lezer_vereist
def vacatures(request: HttpRequest, regio: str) -> HttpResponse:
    ctx = request.regio_ctx
    mag_beheren = access.mag_beheren(ctx)
    filters = VacaturesFilterForm(
        request.GET or None, plaatsen=access.vacatureplaatsen_voor(ctx), met_status=mag_beheren
    )
    page, querystring = pagineer(request, access.vacatures_voor(ctx).gefilterd(**filters.filters()).open_eerst())
    return lijst_response(
        request,
        "werkgevers/vacatures.html",
        {
            "page_obj": page,
            "querystring": querystring,
            "filters": filters,
            "gefilterd": bool(filters.filters()),
            "mag_beheren": mag_beheren,
        },
    )


@require_safe
@never_cache
@access.lezer_vereist
def vacature(request: HttpRequest, regio: str, pk: int) -> HttpResponse:
    ctx = request.regio_ctx
    return render(
        request,
        "werkgevers/vacature.html",
        {"vacature": access.vacature_voor(ctx, pk), "mag_beheren": access.mag_beheren(ctx)},
    )


@never_cache
@access.beheerder_vereist
def vacature_nieuw(request: HttpRequest, regio: str, pk: int) -> HttpResponse:
    ctx = request.regio_ctx
    werkgever = access.werkgever_voor(ctx, pk)
    form = VacatureForm(request.POST or None, werkgever=werkgever)
    if request.method == "POST" and (
        uitkomst := voer_uit(
            form,
            lambda: actions.maak_vacature(ctx=ctx, werkgever=werkgever, **form.cleaned_data),
            request=request,
            doel=lambda vacature: reverse("vacature", kwargs={"regio": regio, "pk": vacature.pk}),
        )
    ):
        if uitkomst.nieuw:
            messages.success(request, _("De vacature %(titel)s is toegevoegd.") % {"titel": uitkomst.waarde.titel})
        return redirect(uitkomst.url)
    return render(
        request,
        "werkgevers/formulier.html",
        {
            "form": form,
            "titel": _("Nieuwe vacature bij %(naam)s") % {"naam": werkgever.naam},
            "knop": _("Vacature toevoegen"),
            "terug_url": reverse("werkgever", kwargs={"regio": regio, "pk": pk}),
        },
    )


@never_cache
@access.beheerder_vereist
def vacature_bewerken(request: HttpRequest, regio: str, pk: int) -> HttpResponse:
    ctx = request.regio_ctx
    vacature = access.vacature_voor(ctx, pk)
    titel = vacature.titel
    form = VacatureBewerkenForm(request.POST or None, instance=vacature, werkgever=vacature.werkgever)
    if request.method == "POST" and voer_uit(
        form, lambda: actions.wijzig_vacature(ctx=ctx, vacature=vacature, **form.cleaned_data)
    ):
        messages.success(request, _("De vacature is opgeslagen."))
        return redirect("vacature", regio=regio, pk=pk)
    return render(
        request,
        "werkgevers/formulier.html",
        {
            "form": form,
            "titel": _("Vacature %(titel)s wijzigen") % {"titel": titel},
            "knop": _("Opslaan"),
            "terug_url": reverse("vacature", kwargs={"regio": regio, "pk": pk}),
        },
    )
