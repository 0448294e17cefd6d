from django.core.paginator import Page, Paginator
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.cache import patch_vary_headers

PER_PAGINA = 25


def pagineer(
    request: HttpRequest, queryset, per_pagina: int = PER_PAGINA, *, aantal: int | None = None
) -> tuple[Page, str]:
    """The requested page (out-of-range numbers give the nearest page) and the other GET parameters.

    `aantal`: the number of rows of `queryset` when the page already counted them (the caseload's counts per
    status), instead of the paginator's own COUNT query."""
    paginator = Paginator(queryset, per_pagina)
    if aantal is not None:
        paginator.count = aantal  # a cached_property: set, it is never computed
    page = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return page, params.urlencode()


def lijst_response(request: HttpRequest, template: str, context: dict, partial: str = "resultaten") -> TemplateResponse:
    """Render a list page, or only its results partial for an htmx request from the same URL."""
    name = f"{template}#{partial}" if request.htmx and not request.htmx.boosted else template
    response = TemplateResponse(request, name, context)
    patch_vary_headers(response, ["HX-Request"])
    return response
