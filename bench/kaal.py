"""Reference row (0) of `make bench`: a bare Django WSGI application — SecurityMiddleware and
CommonMiddleware, one view, no database, no sessions, no templates — served by the same gunicorn and
wrk settings in the same run. What a page of the portal costs beyond this is the portal's own.

    gunicorn bench.kaal:application
"""

from __future__ import annotations

from django.conf import settings

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="bench-kaal-" + "x" * 50,  # noqa: S106 - signs nothing: no sessions, no forms
        ALLOWED_HOSTS=["127.0.0.1", "localhost"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[
            "django.middleware.security.SecurityMiddleware",
            "django.middleware.common.CommonMiddleware",
        ],
        INSTALLED_APPS=[],
        DATABASES={},
        USE_TZ=True,
    )

from django.core.wsgi import get_wsgi_application  # noqa: E402 - after settings.configure
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402

PAGINA = (
    "<!DOCTYPE html><html lang='nl'><head><meta charset='utf-8'><title>Kaal</title></head>"
    "<body><h1>Hoofdzaak Werk</h1><p>Een kale Django-pagina.</p></body></html>"
)


def pagina(request):
    return HttpResponse(PAGINA)


urlpatterns = [path("", pagina)]

application = get_wsgi_application()
