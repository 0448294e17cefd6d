"""The report archive: list, build on demand with progress, versions and sign-off, download, subscriptions.

URLs in rapportage/archief/urls.py. Only projectleider and bestuurder reach these views (403 for
the other roles); the archive's scope per role is in rapportage/archief/access.py (404 outside it).
The exports, whose form the archive page shows, are rapportage/views/exports.py.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from hoofdzaak import audit
from hoofdzaak.models import AuditActie, Rol
from hoofdzaak.paginering import lijst_response, pagineer
from hoofdzaak.views.hulp import voer_uit

from .. import access as cijfer_access
from ..forms import ExportPeriodeForm, standaard_exportperiode
from . import access, actions
from .forms import AbonnementForm, ArchiefFilterForm, ErkenningForm, RapportAanvraagForm
from .models import RapportSoort
from .opslag import bestand_pad

# htmx polls a running build's status this often.
POLL_SECONDEN = 2


@never_cache
@require_safe
@access.rapportlezer_vereist
def rapporten(request: HttpRequest, regio: str) -> HttpResponse:
    ctx = request.regio_ctx
    filters = ArchiefFilterForm(request.GET or None)
    lijst = access.rapporten_voor(ctx)
    if filters.is_valid():
        if filters.cleaned_data.get("soort"):
            lijst = lijst.filter(soort=filters.cleaned_data["soort"])
        if filters.cleaned_data.get("jaar"):
            lijst = lijst.filter(periode_van__year=filters.cleaned_data["jaar"])
    page, querystring = pagineer(request, lijst)
    gemeenten = access.gemeenten_voor(ctx)
    context = {
        "page_obj": page,
        "querystring": querystring,
        "filters": filters,
        "abonnementen": list(access.abonnementen_voor(ctx)),
        # Own id prefixes: the filter, export and subscription forms share field names on one page.
        "abonnement_form": AbonnementForm(
            gemeenten=gemeenten,
            alle_gemeenten=ctx.heeft_rol(Rol.PROJECTLEIDER),
            initial={"actie": "abonneer"},
            auto_id="abonnement_%s",
        ),
        "is_projectleider": ctx.heeft_rol(Rol.PROJECTLEIDER),
        "werkmonitor_eigen": cijfer_access.werkmonitor_van_eigen_organisatie(ctx),
    }
    if ctx.heeft_rol(Rol.PROJECTLEIDER):
        context["aanvraag_form"] = RapportAanvraagForm(gemeenten=gemeenten, partners=access.partners_voor(ctx))
        context["export_form"] = ExportPeriodeForm(initial=_export_initial(), auto_id="export_%s")
    return lijst_response(request, "rapportage/rapporten/archief.html", context)


def _export_initial() -> dict:
    periode = standaard_exportperiode()
    return {"jaar": periode.van.year, "kwartaal": periode.kwartaalnummer}


@never_cache
@access.projectleider_vereist
def rapport_nieuw(request: HttpRequest, regio: str) -> HttpResponse:
    """Build (or rebuild) one report on demand; then follow its progress on its own page."""
    ctx = request.regio_ctx
    form = RapportAanvraagForm(
        request.POST or None,
        gemeenten=access.gemeenten_voor(ctx),
        partners=access.partners_voor(ctx),
        initial=_initial_uit(request),
    )
    if request.method == "POST" and (
        uitkomst := voer_uit(
            form,
            lambda: actions.vraag_rapport_aan(
                ctx=ctx,
                soort=form.cleaned_data["soort"],
                periode=form.cleaned_data["periode"],
                scope=form.cleaned_data.get("scope"),
            ),
        )
    ):
        rapport = uitkomst.waarde
        if rapport.wacht_op_achtergronddienst:
            messages.warning(
                request,
                _(
                    "De achtergronddienst die rapporten maakt is even niet bereikbaar. Je aanvraag voor "
                    "%(titel)s is bewaard en wordt gemaakt zodra die weer bereikbaar is. Je kunt het ook over "
                    "een paar minuten opnieuw aanvragen."
                )
                % {"titel": rapport.titel},
            )
        else:
            messages.success(request, _("%(titel)s wordt gemaakt.") % {"titel": rapport.titel})
        return redirect("rapport", regio=regio, pk=rapport.pk)
    return render(request, "rapportage/rapporten/nieuw.html", {"form": form})


def _initial_uit(request: HttpRequest) -> dict | None:
    """Prefill from ?soort=&jaar=&kwartaal=&maand=&gemeente= (the "build again" link of a report)."""
    if request.method != "GET" or not request.GET:
        return None
    velden = {"soort", "jaar", "kwartaal", "maand", "gemeente", "organisatie"}
    return {k: v for k, v in request.GET.items() if k in velden}


@never_cache
@require_safe
@access.rapportlezer_vereist
def rapport(request: HttpRequest, regio: str, pk: int) -> HttpResponse:
    """One report: its status, polled by htmx while it is being built, then the download link."""
    ctx = request.regio_ctx
    rapport = access.rapport_voor(ctx, pk)
    is_projectleider = ctx.heeft_rol(Rol.PROJECTLEIDER)
    context = {
        "rapport": rapport,
        "poll_seconden": POLL_SECONDEN,
        "is_projectleider": is_projectleider,
        "opnieuw_query": _opnieuw_query(rapport),
        "opnieuw_velden": _opnieuw_velden(rapport),
        "versies": access.versies_van(ctx, rapport),
    }
    if is_projectleider and rapport.is_concept:
        context["waarschuwingen"] = waarschuwingen = rapport.waarschuwingen_met_erkenning()
        context["open_waarschuwingen"] = [w for w in waarschuwingen if w["erkenning"] is None]
    template = "rapportage/rapporten/rapport.html"
    if request.htmx and not request.htmx.boosted:
        template += "#status"
    response = TemplateResponse(request, template, context)
    if request.htmx and not request.htmx.boosted and not rapport.is_lopend:
        # The build finished while the page polled: reload it whole, with the sign-off and the versions.
        response["HX-Refresh"] = "true"
    patch_vary_headers(response, ["HX-Request"])
    return response


def _opnieuw_velden(rapport) -> dict:
    """The build request's fields for this report: the "build again" button posts them directly."""
    from urllib.parse import parse_qsl

    return dict(parse_qsl(_opnieuw_query(rapport)))


@require_POST
@access.projectleider_vereist
def rapport_goedkeuren(request: HttpRequest, regio: str, pk: int) -> HttpResponse:
    """Approve a concept. A second click finds it approved and says so; a refusal says why, on the page."""
    ctx = request.regio_ctx
    rapport = access.rapport_voor(ctx, pk)
    try:
        rapport, nieuw = actions.keur_goed(ctx=ctx, rapport_id=rapport.pk, request=request)
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        if nieuw:
            messages.success(
                request,
                _("%(titel)s versie %(versie)s is goedgekeurd. Abonnees krijgen een e-mail met een link.")
                % {"titel": rapport.titel, "versie": rapport.versie},
            )
        else:
            messages.info(request, _("Deze versie was al goedgekeurd."))
    return redirect("rapport", regio=regio, pk=rapport.pk)


@require_POST
@access.projectleider_vereist
def rapport_erkennen(request: HttpRequest, regio: str, pk: int) -> HttpResponse:
    """Acknowledge one data-quality warning of a concept, with an optional explanation (audited)."""
    ctx = request.regio_ctx
    rapport = access.rapport_voor(ctx, pk)
    form = ErkenningForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(m for fouten in form.errors.values() for m in fouten))
        return redirect(reverse("rapport", kwargs={"regio": regio, "pk": rapport.pk}) + "#datakwaliteit")
    try:
        actions.erken_waarschuwing(
            ctx=ctx,
            rapport_id=rapport.pk,
            code=form.cleaned_data["code"],
            toelichting=form.cleaned_data["toelichting"],
            request=request,
        )
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        messages.success(request, _("De waarschuwing is bevestigd."))
    return redirect(reverse("rapport", kwargs={"regio": regio, "pk": rapport.pk}) + "#datakwaliteit")


def _opnieuw_query(rapport) -> str:
    from urllib.parse import urlencode

    data = {"soort": rapport.soort, "jaar": rapport.periode_van.year}
    if rapport.soort == RapportSoort.KWARTAAL:
        data["kwartaal"] = (rapport.periode_van.month - 1) // 3 + 1
    elif rapport.soort == RapportSoort.ORGANISATIE:
        data.update(maand=rapport.periode_van.month, organisatie=rapport.scope_id)
    else:
        data.update(maand=rapport.periode_van.month, gemeente=rapport.scope_id)
    return urlencode(data)


@require_safe
@access.rapportlezer_vereist
def rapport_download(request: HttpRequest, regio: str, pk: int) -> FileResponse:
    ctx = request.regio_ctx
    rapport = access.rapport_voor(ctx, pk)
    if not rapport.is_klaar:
        raise Http404
    try:
        pad = bestand_pad(rapport)
        bestand = pad.open("rb")
    except (OSError, ValueError) as fout:
        raise Http404 from fout
    audit.log(
        actie=AuditActie.AFDRUK,
        request=request,
        object_type="rapport",
        object_id=rapport.pk,
        omschrijving=f"Rapport gedownload: {rapport.titel} (sha256 {rapport.sha256[:12]}…)",
    )
    response = FileResponse(bestand, as_attachment=True, filename=rapport.downloadnaam, content_type="application/pdf")
    add_never_cache_headers(response)
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_POST
@access.rapportlezer_vereist
def rapport_abonnement(request: HttpRequest, regio: str) -> HttpResponse:
    ctx = request.regio_ctx
    form = AbonnementForm(request.POST, gemeenten=access.gemeenten_voor(ctx))
    if not form.is_valid():
        messages.error(request, _("Kies welke rapportage je wilt volgen."))
        return redirect("rapporten", regio=regio)
    soort, scope = form.cleaned_data["soort"], form.cleaned_data.get("gemeente")
    if soort == RapportSoort.KWARTAAL:
        scope = None
    elif soort == RapportSoort.ORGANISATIE:
        # A partner's bestuurder follows its own organisation's reports; a projectleider those of every partner.
        scope = None if ctx.heeft_rol(Rol.PROJECTLEIDER) else ctx.organisatie
    try:
        if form.cleaned_data["actie"] == "abonneer":
            actions.abonneer(ctx=ctx, soort=soort, scope=scope)
            messages.success(request, _("Je krijgt een e-mail zodra zo'n rapportage klaar is."))
        else:
            actions.zeg_op(ctx=ctx, soort=soort, scope=scope)
            messages.success(request, _("Je krijgt over deze rapportages geen e-mail meer."))
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    return redirect(reverse("rapporten", kwargs={"regio": regio}) + "#abonnementen")
