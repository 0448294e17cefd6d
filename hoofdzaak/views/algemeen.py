from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from ..startpagina import onderdelen_voor
from ..tenancy import kies_lidmaatschap, regios_van


@require_GET
@never_cache
def gezondheid(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """After login: straight to the only region, or let the user pick one."""
    regios = regios_van(request.user)
    if len(regios) == 1:
        return redirect("regio_home", regio=regios[0].slug)
    return render(request, "hoofdzaak/start.html", {"regios": regios})


# No never_cache: BeveiligingsheadersMiddleware sends `Cache-Control: no-store` to every signed-in user
# (test_security.test_geen_cache_van_paginas_voor_ingelogde_gebruikers), the worklist included.
def regio_home(request: HttpRequest, regio: str) -> HttpResponse:
    ctx = request.regio_ctx
    return render(
        request,
        "hoofdzaak/regio_home.html",
        {"rol_template": f"hoofdzaak/home/{ctx.rol}.html", "onderdelen": onderdelen_voor(request)},
    )


@require_POST
def kies_rol(request: HttpRequest, regio: str) -> HttpResponse:
    try:
        lidmaatschap_id = int(request.POST.get("lidmaatschap", ""))
    except ValueError:
        lidmaatschap_id = 0
    if kies_lidmaatschap(request, request.regio_ctx, lidmaatschap_id):
        messages.success(request, _("Je werkt nu in een andere rol."))
    else:
        messages.error(request, _("Deze rol hoort niet bij jouw account in deze regio."))
    return redirect("regio_home", regio=regio)
