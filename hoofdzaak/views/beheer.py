"""The projectleider manages its own region's organisations and users."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import access, actions
from ..forms import GebruikersFilterForm, OrganisatieForm, RolForm, UitnodigingForm
from ..paginering import lijst_response, pagineer
from .hulp import voer_uit


@access.beheerder_vereist
def organisaties(request: HttpRequest, regio: str) -> HttpResponse:
    page, querystring = pagineer(request, access.organisaties_voor(request.regio_ctx))
    return lijst_response(request, "hoofdzaak/beheer/organisaties.html", {"page_obj": page, "querystring": querystring})


@access.beheerder_vereist
def organisatie_nieuw(request: HttpRequest, regio: str) -> HttpResponse:
    ctx = request.regio_ctx
    form = OrganisatieForm(request.POST or None, regio=ctx.regio)
    if request.method == "POST" and voer_uit(
        form, lambda: actions.maak_organisatie(regio=ctx.regio, **form.cleaned_data, door=request.user, request=request)
    ):
        messages.success(request, _("Organisatie %(naam)s is toegevoegd.") % {"naam": form.cleaned_data["naam"]})
        return redirect("beheer_organisaties", regio=regio)
    return render(request, "hoofdzaak/beheer/organisatie_form.html", {"form": form})


@access.beheerder_vereist
def organisatie_bewerken(request: HttpRequest, regio: str, pk: int) -> HttpResponse:
    ctx = request.regio_ctx
    organisatie = access.organisatie_voor(ctx, pk)
    form = OrganisatieForm(request.POST or None, instance=organisatie, regio=ctx.regio)
    if request.method == "POST" and voer_uit(
        form,
        lambda: actions.wijzig_organisatie(
            organisatie=organisatie, **form.cleaned_data, door=request.user, request=request
        ),
    ):
        messages.success(request, _("De wijzigingen zijn opgeslagen."))
        return redirect("beheer_organisaties", regio=regio)
    return render(request, "hoofdzaak/beheer/organisatie_form.html", {"form": form, "organisatie": organisatie})


@access.beheerder_vereist
def gebruikers(request: HttpRequest, regio: str) -> HttpResponse:
    ctx = request.regio_ctx
    filters = GebruikersFilterForm(request.GET or None, organisaties=access.organisaties_voor(ctx))
    leden = access.lidmaatschappen_voor(ctx).order_by("gebruiker__naam", "organisatie__naam")
    if filters.is_valid():
        leden = leden.gefilterd(**filters.cleaned_data)
    page, querystring = pagineer(request, leden)
    return lijst_response(
        request,
        "hoofdzaak/beheer/gebruikers.html",
        {"page_obj": page, "querystring": querystring, "filters": filters},
    )


@access.beheerder_vereist
def gebruiker_uitnodigen(request: HttpRequest, regio: str) -> HttpResponse:
    ctx = request.regio_ctx
    form = UitnodigingForm(request.POST or None, organisaties=access.organisaties_voor(ctx))
    if request.method == "POST" and voer_uit(
        form,
        lambda: actions.nodig_uit(
            **form.cleaned_data, basis_url=request.build_absolute_uri("/"), door=request.user, request=request
        ),
    ):
        messages.success(
            request, _("De uitnodiging is verstuurd naar %(email)s.") % {"email": form.cleaned_data["email"]}
        )
        return redirect("beheer_gebruikers", regio=regio)
    return render(request, "hoofdzaak/beheer/uitnodigen.html", {"form": form})


@access.beheerder_vereist
def lidmaatschap(request: HttpRequest, regio: str, pk: int) -> HttpResponse:
    ctx = request.regio_ctx
    lid = access.lidmaatschap_voor(ctx, pk)
    form = RolForm(request.POST or None, instance=lid)
    if request.method == "POST" and voer_uit(
        form,
        lambda: actions.wijzig_rol(lidmaatschap=lid, rol=form.cleaned_data["rol"], door=request.user, request=request),
    ):
        messages.success(request, _("De rol is gewijzigd."))
        return redirect("beheer_lidmaatschap", regio=regio, pk=pk)
    return render(
        request,
        "hoofdzaak/beheer/lidmaatschap.html",
        {"lid": lid, "form": form, "is_zelf": lid.gebruiker_id == request.user.pk},
    )


@access.beheerder_vereist
def lidmaatschap_actief(request: HttpRequest, regio: str, pk: int) -> HttpResponse:
    """Deactivate (after confirmation) or reactivate a membership."""
    lid = access.lidmaatschap_voor(request.regio_ctx, pk)
    if request.method != "POST":
        return render(
            request,
            "includes/bevestig.html",
            {
                "titel": _("Lidmaatschap deactiveren"),
                "vraag": _("%(naam)s kan daarna niet meer werken als %(rol)s bij %(organisatie)s. Doorgaan?")
                % {
                    "naam": lid.gebruiker.naam,
                    "rol": lid.get_rol_display().lower(),
                    "organisatie": lid.organisatie,
                },
                "knop": _("Deactiveren"),
                "terug_url": reverse("beheer_lidmaatschap", kwargs={"regio": regio, "pk": pk}),
            },
        )
    actief = request.POST.get("actief") == "1"
    try:
        actions.zet_lidmaatschap_actief(lidmaatschap=lid, actief=actief, door=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Het lidmaatschap is weer actief.") if actief else _("Het lidmaatschap is gedeactiveerd."),
        )
    return redirect("beheer_lidmaatschap", regio=regio, pk=pk)


@require_POST
@access.beheerder_vereist
def lidmaatschap_teamleider(request: HttpRequest, regio: str, pk: int) -> HttpResponse:
    """Make a trajectbegeleider team lead of its provider (may hand over colleagues' caseloads), or no longer."""
    lid = access.lidmaatschap_voor(request.regio_ctx, pk)
    teamleider = request.POST.get("teamleider") == "1"
    try:
        actions.zet_teamleider(lidmaatschap=lid, teamleider=teamleider, door=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(naam)s is nu teamleider.") % {"naam": lid.gebruiker.naam}
            if teamleider
            else _("%(naam)s is geen teamleider meer.") % {"naam": lid.gebruiker.naam},
        )
    return redirect("beheer_lidmaatschap", regio=regio, pk=pk)


@require_POST
@access.beheerder_vereist
def uitnodiging_opnieuw(request: HttpRequest, regio: str, pk: int) -> HttpResponse:
    lid = access.lidmaatschap_voor(request.regio_ctx, pk)
    try:
        actions.nodig_opnieuw_uit(
            lidmaatschap=lid, basis_url=request.build_absolute_uri("/"), door=request.user, request=request
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("De uitnodiging is opnieuw verstuurd naar %(email)s.") % {"email": lid.gebruiker.email}
        )
    return redirect("beheer_lidmaatschap", regio=regio, pk=pk)
