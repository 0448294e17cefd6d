"""The AVG art. 15 export of one participant, as JSON and as PDF (trajecten/inzage.py builds it).

Only the provider's trajectbegeleider may make it (everyone else: 404, logged as a denial); every
export is logged as such.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .. import access, inzage


def _export(request: HttpRequest, nummer: str, *, formaat: str, inhoud_type: str, maak) -> HttpResponse:
    ctx = request.regio_ctx
    deelnemer = access.deelnemer_voor_inzage(ctx, nummer, formaat=formaat)  # writes the export row
    inhoud = maak(inzage.verzamel(ctx, deelnemer))
    response = HttpResponse(inhoud, content_type=inhoud_type)
    response["Content-Disposition"] = f'attachment; filename="inzage-{deelnemer.nummer}.{formaat}"'
    return response


@require_GET
@never_cache
def inzage_json(request: HttpRequest, regio: str, nummer: str) -> HttpResponse:
    return _export(request, nummer, formaat="json", inhoud_type="application/json", maak=inzage.als_json)


@require_GET
@never_cache
def inzage_pdf(request: HttpRequest, regio: str, nummer: str) -> HttpResponse:
    return _export(request, nummer, formaat="pdf", inhoud_type="application/pdf", maak=inzage.als_pdf)
