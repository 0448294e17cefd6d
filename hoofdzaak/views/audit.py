"""The projectleider searches its region's audit log (NEN 7513)."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import access, audit, datums, invoer
from ..models import AuditActie, Rol
from ..paginering import lijst_response, pagineer

PER_PAGINA = 50


class AuditFilterForm(forms.Form):
    nummer = forms.CharField(
        label=_("Deelnemernummer"),
        required=False,
        max_length=30,
        help_text=_("Bijvoorbeeld HR-2026-0042."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    gebruiker_email = forms.EmailField(
        label=_("E-mailadres gebruiker"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    van = invoer.DatumVeld(
        label=_("Van"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    tot = invoer.DatumVeld(
        label=_("Tot en met"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean_nummer(self) -> str:
        return self.cleaned_data["nummer"].strip().upper()

    def clean(self):
        cleaned = super().clean()
        van, tot = cleaned.get("van"), cleaned.get("tot")
        if van and tot and tot < van:
            self.add_error(
                "tot",
                gettext("De einddatum ligt voor de begindatum. Kies een datum op of na %(van)s.")
                % {"van": datums.datum(van)},
            )
        return cleaned


@access.beheerder_vereist
def auditlog(request: HttpRequest, regio: str) -> HttpResponse:
    ctx = request.regio_ctx
    filters = AuditFilterForm(request.GET or None)
    regels = access.auditregels_voor(ctx)
    if filters.is_bound and not filters.is_valid():
        regels = regels.none()
    elif filters.is_bound:
        regels = regels.gezocht(**filters.cleaned_data)
        if nummer := filters.cleaned_data["nummer"]:
            audit.log(
                actie=AuditActie.ZOEKEN,
                request=request,
                deelnemer_nummer=nummer,
                grondslag=Rol.PROJECTLEIDER,
                object_type="auditlog",
                omschrijving="Auditlog doorzocht op deelnemernummer",
            )
    page, querystring = pagineer(request, regels, per_pagina=PER_PAGINA)
    # What the reader's role may see of each row: no typed search terms for a projectleider.
    page.object_list = audit.voor_lezer(list(page.object_list), rol=ctx.rol)
    response = lijst_response(
        request,
        "hoofdzaak/audit/auditlog.html",
        {"page_obj": page, "querystring": querystring, "filters": filters},
    )
    patch_cache_control(response, no_store=True, private=True)
    return response
