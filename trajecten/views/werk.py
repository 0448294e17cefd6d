"""Work: proposing participants for vacancies, the werkgeversadviseur's view of proposals, placements and
suggestions.

Two audiences with very different rights:
- the provider's trajectbegeleider sees its participants in full and proposes them, registers and ends
  placements, and sees which of its participants fit a vacancy (404 for everyone else, like every
  participant-specific write page);
- the werkgeversadviseur sees the proposals for the region's vacancies through
  `access.voordrachten_voor` / `access.gedeelde_voordracht_voor`, which return only the shared profile
  and the proposal's own facts as plain dicts; it never receives a participant object, name, number,
  contact details or notes. Every view of a profile and every change is audited with the number the
  audit row needs, which stays out of the template.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from hoofdzaak import datums
from hoofdzaak.access import rol_vereist
from hoofdzaak.models import Rol
from hoofdzaak.paginering import lijst_response, pagineer
from hoofdzaak.views.hulp import voer_uit

from .. import access, actions
from ..forms.deelnemer import VersieForm
from ..forms.werk import (
    LOPEND,
    AangenomenForm,
    AfgewezenForm,
    PlaatsingBeeindigenForm,
    PlaatsingForm,
    TerugtrekkenForm,
    VoordrachtFilterForm,
    VoordragenForm,
)
from ..models import OPEN_VOORDRACHT, VoordrachtStatus
from ..passend import redenen_voor_kandidaat


def _naar_deelnemer(regio: str, nummer: str) -> HttpResponse:
    return redirect("deelnemer", regio=regio, nummer=nummer)


# --- The trajectbegeleider: proposing, withdrawing, placements --------------------------------------------


@never_cache
def voordragen(request: HttpRequest, regio: str, nummer: str) -> HttpResponse:
    ctx = request.regio_ctx
    deelnemer = access.beheerde_deelnemer_voor(ctx, nummer)
    traject = access.lopend_eigen_traject(ctx, deelnemer)
    vacatures = access.open_vacatures_voor(ctx)
    initial = {}
    if request.method == "GET" and request.GET.get("vacature", "").isdigit():
        initial["vacature"] = int(request.GET["vacature"])
    form = VoordragenForm(request.POST or None, vacatures=vacatures, initial=initial)
    if (
        traject is not None
        and request.method == "POST"
        and (
            uitkomst := voer_uit(
                form,
                lambda: actions.draag_voor(ctx=ctx, request=request, traject=traject, **form.cleaned_data),
                request=request,
                doel=lambda _voordracht: reverse("deelnemer", kwargs={"regio": regio, "nummer": nummer}),
            )
        )
    ):
        if uitkomst.nieuw:
            messages.success(
                request,
                _("%(naam)s is voorgedragen voor %(vacature)s. De werkgeversadviseur ziet alleen het profiel.")
                % {"naam": deelnemer.naam, "vacature": form.cleaned_data["vacature"].titel},
            )
        return redirect(uitkomst.url)
    return render(
        request,
        "trajecten/werk/voordragen.html",
        {"deelnemer": deelnemer, "traject": traject, "form": form, "geen_vacatures": not vacatures.exists()},
    )


@never_cache
def voordracht_terugtrekken(request: HttpRequest, regio: str, nummer: str, pk: int) -> HttpResponse:
    ctx = request.regio_ctx
    deelnemer = access.beheerde_deelnemer_voor(ctx, nummer)
    voordracht = access.eigen_voordracht_voor(ctx, deelnemer, pk)
    form = TerugtrekkenForm(request.POST or None, initial={"versie": voordracht.versie})
    if request.method == "POST" and voer_uit(
        form,
        lambda: actions.trek_voordracht_in(
            ctx=ctx,
            request=request,
            voordracht=voordracht,
            versie=form.cleaned_data["versie"],
            reden=form.cleaned_data["reden"],
        ),
    ):
        messages.success(request, _("De voordracht is teruggetrokken."))
        return _naar_deelnemer(regio, nummer)
    return render(
        request,
        "trajecten/deelnemer/formulier.html",
        {
            "deelnemer": deelnemer,
            "form": form,
            "titel": _("Voordracht terugtrekken"),
            "uitleg": _("De voordracht voor %(vacature)s bij %(werkgever)s stopt; de werkgeversadviseur ziet dat.")
            % {"vacature": voordracht.vacature.titel, "werkgever": voordracht.vacature.werkgever.naam},
            "knop": _("Voordracht terugtrekken"),
            "gevaar": True,
        },
    )


@never_cache
def plaatsing_nieuw(request: HttpRequest, regio: str, pk: int) -> HttpResponse:
    ctx = request.regio_ctx
    traject = access.beheerbaar_traject_voor(ctx, pk)
    form = PlaatsingForm(request.POST or None, regio=ctx.regio)
    if request.method == "POST" and (
        uitkomst := voer_uit(
            form,
            lambda: actions.registreer_plaatsing(ctx=ctx, request=request, traject=traject, **form.gegevens()),
            request=request,
            doel=lambda _plaatsing: reverse("deelnemer", kwargs={"regio": regio, "nummer": traject.deelnemer.nummer}),
        )
    ):
        if uitkomst.nieuw:
            messages.success(request, _("De plaatsing is vastgelegd."))
        return redirect(uitkomst.url)
    return render(
        request,
        "trajecten/deelnemer/formulier.html",
        {
            "deelnemer": traject.deelnemer,
            "traject": traject,
            "form": form,
            "titel": _("Plaatsing vastleggen"),
            "uitleg": _(
                "Kies de werkgever uit het register, of vul de naam in als die er (nog) niet in staat. "
                "Een plaatsing begint niet vóór de start van het traject."
            ),
            "knop": _("Plaatsing vastleggen"),
        },
    )


@never_cache
def plaatsing_beeindigen(request: HttpRequest, regio: str, pk: int) -> HttpResponse:
    ctx = request.regio_ctx
    plaatsing = access.eigen_plaatsing_voor(ctx, pk)
    form = PlaatsingBeeindigenForm(request.POST or None)
    if request.method == "POST" and voer_uit(
        form, lambda: actions.beeindig_plaatsing(ctx=ctx, request=request, plaatsing=plaatsing, **form.cleaned_data)
    ):
        messages.success(request, _("De plaatsing is beëindigd."))
        return _naar_deelnemer(regio, plaatsing.traject.deelnemer.nummer)
    return render(
        request,
        "trajecten/deelnemer/formulier.html",
        {
            "deelnemer": plaatsing.traject.deelnemer,
            "traject": plaatsing.traject,
            "form": form,
            "titel": _("Plaatsing beëindigen"),
            "uitleg": _("%(functie)s bij %(werkgever)s, sinds %(start)s.")
            % {
                "functie": plaatsing.functie,
                "werkgever": plaatsing.werkgever_weergave,
                "start": datums.datum(plaatsing.startdatum),
            },
            "knop": _("Plaatsing beëindigen"),
            "gevaar": True,
        },
    )


@require_safe
@never_cache
@rol_vereist(Rol.TRAJECTBEGELEIDER)
def vacature_kandidaten(request: HttpRequest, regio: str, pk: int) -> HttpResponse:
    """The organisation's participants with a running trajectory whose wishes fit the vacancy, ranked.

    Scored in SQL (trajecten.passend) over the organisation's caseload and paginated, so the page costs
    the same few queries however large the caseload is; reasons are built for the rows of one page only.
    """
    ctx = request.regio_ctx
    vacature = access.vacature_voor(ctx, pk)
    page, querystring = pagineer(request, access.kandidaten_voor(ctx, vacature))
    kandidaten = list(page.object_list)
    for traject in kandidaten:
        traject.redenen = redenen_voor_kandidaat(traject, vacature)
    page.object_list = kandidaten
    return lijst_response(
        request,
        "trajecten/werk/kandidaten.html",
        {"vacature": vacature, "page_obj": page, "querystring": querystring},
    )


# --- The werkgeversadviseur: proposals for the region's vacancies -----------------------------------------


@require_safe
@never_cache
@rol_vereist(Rol.WERKGEVERSADVISEUR)
def voordrachten(request: HttpRequest, regio: str) -> HttpResponse:
    """The proposals for the region's vacancies. No profile here, so no audit row: only the proposal's
    own facts (number, vacancy, employer, status, dates)."""
    ctx = request.regio_ctx
    filters = VoordrachtFilterForm(request.GET or None, vacatures=access.vacatures_met_voordrachten_voor(ctx))
    filters.is_valid()
    gekozen = getattr(filters, "cleaned_data", {})
    rijen = access.voordrachten_voor(ctx)
    status = gekozen.get("status", "")
    if status == LOPEND:
        rijen = rijen.filter(status__in=OPEN_VOORDRACHT)
    elif status:
        rijen = rijen.filter(status=status)
    if vacature := gekozen.get("vacature"):
        rijen = rijen.filter(vacature=vacature)
    page, querystring = pagineer(request, rijen.order_by("-voorgedragen_op", "-pk"))
    page.object_list = access.met_statuslabels(page.object_list)
    return lijst_response(
        request,
        "trajecten/werk/voordrachten.html",
        {"page_obj": page, "querystring": querystring, "filters": filters},
    )


def _overgangen(status: str) -> list[tuple[str, str]]:
    """(url value, button text) for the moves the werkgeversadviseur can make from `status`."""
    knoppen = {
        VoordrachtStatus.GESPREK: _("Uitnodigen voor gesprek"),
        VoordrachtStatus.AANGENOMEN: _("Aangenomen"),
        VoordrachtStatus.AFGEWEZEN: _("Afgewezen"),
    }
    return [(naar.value, knoppen[naar]) for naar in actions.VOORDRACHT_OVERGANGEN.get(status, ())]


@require_safe
@never_cache
@rol_vereist(Rol.WERKGEVERSADVISEUR)
def voordracht(request: HttpRequest, regio: str, pk: int) -> HttpResponse:
    gedeeld = access.gedeelde_voordracht_voor(request.regio_ctx, pk)
    return render(
        request,
        "trajecten/werk/voordracht.html",
        {"voordracht": gedeeld.gegevens, "overgangen": _overgangen(gedeeld.gegevens["status"])},
    )


STATUS_FORMULIEREN = {
    VoordrachtStatus.GESPREK: (VersieForm, _("Uitnodigen voor een sollicitatiegesprek")),
    VoordrachtStatus.AANGENOMEN: (AangenomenForm, _("Kandidaat aangenomen")),
    VoordrachtStatus.AFGEWEZEN: (AfgewezenForm, _("Kandidaat afgewezen")),
}


@never_cache
@rol_vereist(Rol.WERKGEVERSADVISEUR)
def voordracht_status(request: HttpRequest, regio: str, pk: int, naar: str) -> HttpResponse:
    """Move a proposal on: gesprek (a confirmation), aangenomen (with the placement) or afgewezen (reason)."""
    if naar not in STATUS_FORMULIEREN:
        raise Http404
    ctx = request.regio_ctx
    form_class, titel = STATUS_FORMULIEREN[naar]
    gedeeld = access.gedeelde_voordracht_voor(ctx, pk)
    gegevens = gedeeld.gegevens
    initial = {"versie": gegevens["versie"]}
    if naar == VoordrachtStatus.AANGENOMEN:
        initial["functie"] = gegevens["vacature__titel"]
    form = form_class(request.POST or None, initial=initial)

    def wijzig():
        extra = {}
        if naar == VoordrachtStatus.AANGENOMEN:
            extra = {"plaatsing": form.plaatsing(), "vacature_vervuld": form.cleaned_data["vacature_vervuld"]}
        elif naar == VoordrachtStatus.AFGEWEZEN:
            extra = {"reden": form.cleaned_data["reden"]}
        actions.zet_voordracht_status(
            ctx=ctx,
            request=request,
            voordracht=access.voordracht_ter_beoordeling_voor(ctx, pk),
            status=naar,
            versie=form.cleaned_data["versie"],
            **extra,
        )

    if request.method == "POST" and voer_uit(form, wijzig):
        messages.success(
            request,
            _("Voordracht %(pk)s staat nu op ‘%(status)s’.") % {"pk": pk, "status": VoordrachtStatus(naar).label},
        )
        return redirect("voordracht", regio=regio, pk=pk)
    return render(
        request,
        "trajecten/werk/status.html",
        {"voordracht": gegevens, "form": form, "titel": titel, "naar": naar},
    )
