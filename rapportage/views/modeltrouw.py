"""The Modeltrouw page: IPS fidelity from routine data, per begeleider, team and region (figuren.modeltrouw).

One GET form (a year, a quarter or a custom period, as on the dashboard); a plain submit, so it works
without JavaScript. Who sees which rows is decided by `access.modeltrouw_scope`; the names of begeleiders
are staff data, shown only to the projectleider, the provider's bestuurder and (its own) the begeleider.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from .. import access
from ..figuren import MODELTROUW_KOLOMMEN
from .dashboard import DashboardFilterForm


@require_safe
def modeltrouw(request: HttpRequest, regio: str) -> HttpResponse:
    scope = access.modeltrouw_scope(request.regio_ctx)  # 403 for roles without the page
    vandaag = timezone.localdate()
    form = DashboardFilterForm(request.GET or None, vandaag=vandaag, gemeenten=None)
    context: dict = {"form": form, "scope": scope, "kolommen": list(MODELTROUW_KOLOMMEN.values())}
    if (not form.is_bound or form.is_valid()) and form.gekozen_periode is not None:
        context["periode"] = form.gekozen_periode
        context["uitkomst"] = access.modeltrouw_voor(scope, form.gekozen_periode, peildatum=vandaag)
    response = render(request, "rapportage/modeltrouw.html", context)
    # Names of staff with their figures: not for shared caches or the browser's history.
    patch_cache_control(response, private=True, no_store=True)
    return response
