"""Employers: the list, one employer, registering and editing, and logging a contact."""

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
from ..forms import WerkgeverBewerkenForm, WerkgeverForm, WerkgeverscontactForm, WerkgeversFilterForm

# How many of an employer's contacts its page shows.
LAATSTE_CONTACTEN = 20


@require_safe
@never_cache
@access.lezer_vereist
def werkgevers(request: HttpRequest, regio: str) -> HttpResponse:
    ctx = request.regio_ctx
    filters = WerkgeversFilterForm(request.GET or None, plaatsen=access.werkgeverplaatsen_voor(ctx))
    page, querystring = pagineer(request, access.werkgevers_voor(ctx).gefilterd(**filters.filters()))
    return lijst_response(
        request,
        "werkgevers/werkgevers.html",
        {
            "page_obj": page,
            "querystring": querystring,
            "filters": filters,
            "gefilterd": bool(filters.filters()),
            "mag_beheren": access.mag_beheren(ctx),
        },
    )


@require_safe
@never_cache
@access.lezer_vereist
def werkgever(request: HttpRequest, regio: str, pk: int) -> HttpResponse:
    ctx = request.regio_ctx
    werkgever = access.werkgever_voor(ctx, pk)
    return render(
        request,
        "werkgevers/werkgever.html",
        {
            "werkgever": werkgever,
            "vacatures": access.vacatures_voor(ctx, werkgever).open_eerst(),
            "contacten": access.contacten_voor(ctx, werkgever)[:LAATSTE_CONTACTEN],
            "laatste_contacten": LAATSTE_CONTACTEN,
            "mag_beheren": access.mag_beheren(ctx),
            "mag_contact_vastleggen": access.mag_contact_vastleggen(ctx),
        },
    )


@never_cache
@access.beheerder_vereist
def werkgever_nieuw(request: HttpRequest, regio: str) -> HttpResponse:
    ctx = request.regio_ctx
    form = WerkgeverForm(
        request.POST or None,
        accountmanagers=access.accountmanagers_voor(ctx),
        initial={"accountmanager": ctx.gebruiker.pk},
    )
    if request.method == "POST" and (
        uitkomst := voer_uit(
            form,
            lambda: actions.maak_werkgever(ctx=ctx, **form.cleaned_data),
            request=request,
            doel=lambda werkgever: reverse("werkgever", kwargs={"regio": regio, "pk": werkgever.pk}),
        )
    ):
        if uitkomst.nieuw:
            messages.success(request, _("Werkgever %(naam)s is toegevoegd.") % {"naam": uitkomst.waarde.naam})
        return redirect(uitkomst.url)
    return render(
        request,
        "werkgevers/formulier.html",
        {
            "form": form,
            "titel": _("Werkgever toevoegen"),
            "knop": _("Werkgever toevoegen"),
            "terug_url": reverse("werkgevers", kwargs={"regio": regio}),
        },
    )


@never_cache
@access.beheerder_vereist
def werkgever_bewerken(request: HttpRequest, regio: str, pk: int) -> HttpResponse:
    ctx = request.regio_ctx
    werkgever = access.werkgever_voor(ctx, pk)
    naam = werkgever.naam
    form = WerkgeverBewerkenForm(
        request.POST or None, instance=werkgever, accountmanagers=access.accountmanagers_voor(ctx)
    )
    if request.method == "POST" and voer_uit(
        form, lambda: actions.wijzig_werkgever(ctx=ctx, werkgever=werkgever, **form.cleaned_data)
    ):
        messages.success(request, _("De gegevens zijn opgeslagen."))
        return redirect("werkgever", regio=regio, pk=pk)
    return render(
        request,
        "werkgevers/formulier.html",
        {
            "form": form,
            "titel": _("%(naam)s wijzigen") % {"naam": naam},
            "knop": _("Opslaan"),
            "terug_url": reverse("werkgever", kwargs={"regio": regio, "pk": pk}),
        },
    )


@never_cache
@access.lezer_vereist
def werkgeverscontact_nieuw(request: HttpRequest, regio: str, pk: int) -> HttpResponse:
    ctx = request.regio_ctx
    werkgever = access.werkgever_voor(ctx, pk)
    form = WerkgeverscontactForm(request.POST or None)
    if request.method == "POST" and (
        uitkomst := voer_uit(
            form,
            lambda: actions.log_werkgeverscontact(ctx=ctx, werkgever=werkgever, **form.cleaned_data),
            request=request,
            doel=lambda _contact: reverse("werkgever", kwargs={"regio": regio, "pk": pk}),
        )
    ):
        if uitkomst.nieuw:
            messages.success(request, _("Het contact is vastgelegd."))
        return redirect(uitkomst.url)
    return render(
        request,
        "werkgevers/formulier.html",
        {
            "form": form,
            "titel": _("Contact met %(naam)s vastleggen") % {"naam": werkgever.naam},
            "knop": _("Contact vastleggen"),
            "terug_url": reverse("werkgever", kwargs={"regio": regio, "pk": pk}),
        },
    )
