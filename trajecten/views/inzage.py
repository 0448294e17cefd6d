"""The AVG art. 15 export of one participant (trajecten/inzage.py makes its content).

Only the provider's trajectbegeleider may make it (everyone else: 404, logged as a denial).

- `inzage_json`: the JSON, made in the request (a few queries, no rendering), logged as an export.
- `inzage`: the page of the PDF. A POST asks for it: the request only queues it (trajecten.actions
  `vraag_inzage_aan`; a repeat while it is queued or running queues nothing new), the Celery worker renders it.
  A GET shows its progress: htmx polls the status part every POLL_SECONDEN seconds; without JavaScript the
  "Status vernieuwen" link does the same. Only the status is shown, so the page writes no read row.
- `inzage_pdf`: the finished PDF, for the membership that asked for it only; the access function writes the
  export row.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_safe

from hoofdzaak import achtergrond
from hoofdzaak.views.hulp import voer_uit

from .. import access, actions
from .. import inzage as inhoud
from ..forms.inzage import InzageAanvraagForm

# htmx polls a running export's status this often.
POLL_SECONDEN = 2


@require_GET
@never_cache
def inzage_json(request: HttpRequest, regio: str, nummer: str) -> HttpResponse:
    ctx = request.regio_ctx
    deelnemer = access.deelnemer_voor_inzage(ctx, nummer, formaat="json")  # writes the export row
    response = HttpResponse(inhoud.als_json(inhoud.verzamel(ctx, deelnemer)), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="inzage-{deelnemer.nummer}.json"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def inzage(request: HttpRequest, regio: str, nummer: str) -> HttpResponse:
    ctx = request.regio_ctx
    form = InzageAanvraagForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        deelnemer = access.beheerde_deelnemer_voor(ctx, nummer)
        if uitkomst := voer_uit(
            form,
            lambda: actions.vraag_inzage_aan(ctx=ctx, request=request, deelnemer=deelnemer),
            request=request,
            doel=lambda _export: reverse("inzage", kwargs={"regio": regio, "nummer": nummer}),
        ):
            if uitkomst.nieuw and uitkomst.waarde.wacht_op_achtergronddienst:
                messages.warning(
                    request,
                    _(
                        "De achtergronddienst die de PDF maakt is even niet bereikbaar. Je aanvraag is bewaard en "
                        "wordt gemaakt zodra die weer bereikbaar is."
                    ),
                )
            elif uitkomst.nieuw:
                messages.success(request, _("De PDF wordt op de achtergrond gemaakt."))
            return redirect(uitkomst.url)
    export = access.inzage_export_voor(ctx, nummer)
    context = {
        "nummer": nummer,
        "export": export,
        "form": form,
        "poll_seconden": POLL_SECONDEN,
        "bewaaruren": settings.PORTAAL_INZAGE_BEWAARUREN,
    }
    template = "trajecten/inzage/inzage.html"
    if request.htmx and not request.htmx.boosted:
        template += "#status"
    response = TemplateResponse(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_safe
def inzage_pdf(request: HttpRequest, regio: str, nummer: str) -> FileResponse:
    export = access.klare_inzage_export_voor(request.regio_ctx, nummer)  # writes the export row
    try:
        bestand = achtergrond.bestand_in_opslag(export.bestand).open("rb")
    except (OSError, ValueError) as fout:
        raise Http404 from fout
    response = FileResponse(
        bestand, as_attachment=True, filename=f"inzage-{nummer}.pdf", content_type="application/pdf"
    )
    add_never_cache_headers(response)
    patch_cache_control(response, private=True, no_store=True)
    return response
