"""Exports of the figures (projectleider): aggregated figures only, no personal data.

Their form is shown on the report archive's page; the URLs stay under /<regio>/rapporten/.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.http import require_safe

from hoofdzaak import audit
from hoofdzaak.access import rol_vereist
from hoofdzaak.models import AuditActie, Rol

from .. import access, exports, figuren
from ..forms import ExportPeriodeForm, standaard_exportperiode

projectleider_vereist = rol_vereist(Rol.PROJECTLEIDER)


def _exportperiode(request: HttpRequest):
    form = ExportPeriodeForm(request.GET or None)
    if request.GET and not form.is_valid():
        raise Http404
    return form.cleaned_data["periode"] if request.GET else standaard_exportperiode()


def _export_response(request: HttpRequest, inhoud: bytes, *, naam: str, content_type: str, soort: str) -> HttpResponse:
    audit.log(
        actie=AuditActie.EXPORT,
        request=request,
        object_type=soort,
        omschrijving=f"Export {naam}",
    )
    response = HttpResponse(inhoud, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{naam}"'
    add_never_cache_headers(response)
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_safe
@projectleider_vereist
def export_csv(request: HttpRequest, regio: str) -> HttpResponse:
    ctx = request.regio_ctx
    periode = _exportperiode(request)
    inhoud = exports.cijfers_csv(regio=ctx.regio, periode=periode)
    naam = exports.bestandsnaam(ctx.regio, periode, "cijfers", "csv")
    return _export_response(request, inhoud, naam=naam, content_type="text/csv; charset=utf-8", soort="export_csv")


@require_safe
@projectleider_vereist
def export_xlsx(request: HttpRequest, regio: str) -> HttpResponse:
    ctx = request.regio_ctx
    periode = _exportperiode(request)
    inhoud = exports.cijfers_xlsx(regio=ctx.regio, periode=periode)
    naam = exports.bestandsnaam(ctx.regio, periode, "cijfers", "xlsx")
    return _export_response(
        request,
        inhoud,
        naam=naam,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        soort="export_xlsx",
    )


@require_safe
def werkmonitor(request: HttpRequest, regio: str) -> HttpResponse:
    """The page from which the Werkmonitor CSV of a quarter is downloaded (whose rows: `export_werkmonitor`)."""
    aanbieder = access.werkmonitor_aanbieder(request.regio_ctx)
    periode = standaard_exportperiode()
    form = ExportPeriodeForm(initial={"jaar": periode.van.year, "kwartaal": periode.kwartaalnummer})
    legenda = "" if request.regio_ctx.heeft_rol(Rol.PROJECTLEIDER) else figuren.ONDERDRUKKING_LEGENDA
    return render(request, "rapportage/werkmonitor.html", {"form": form, "aanbieder": aanbieder, "legenda": legenda})


@require_safe
def export_werkmonitor(request: HttpRequest, regio: str) -> HttpResponse:
    """The projectleider: every provider of the region; a provider's bestuurder or begeleider: its own rows."""
    ctx = request.regio_ctx
    aanbieder = access.werkmonitor_aanbieder(ctx)
    periode = _exportperiode(request)
    # Only the projectleider reads exact small counts (DESIGN.md §5); a provider's own rows come suppressed.
    inhoud = exports.werkmonitor_csv(
        regio=ctx.regio, periode=periode, aanbieder=aanbieder, onderdrukken=not ctx.heeft_rol(Rol.PROJECTLEIDER)
    )
    naam = exports.bestandsnaam(
        ctx.regio, periode, f"werkmonitor-{aanbieder.pk}" if aanbieder else "werkmonitor", "csv"
    )
    return _export_response(
        request, inhoud, naam=naam, content_type="text/csv; charset=utf-8", soort="export_werkmonitor"
    )
