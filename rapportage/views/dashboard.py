"""The dashboard: the region's progress towards its target, for projectleiders and bestuurders.

One page, one GET form (period and, for the projectleider, gemeente). The form works without
JavaScript (plain submit); with htmx a change replaces only the `dashboard` partial (form and
figures), and the URL is pushed so the view can be shared and reloaded. The same URL serves page and
partial, hence `Vary: HX-Request`; the figures are the user's to see only, hence `Cache-Control:
private` (and `no-store` when participant numbers are on it).

Every number comes from `rapportage.figuren`; `dashboard_weergave` turns figures into tables and
charts, and keeps the rendered figures under the region's data version (`dashboard_weergave.deel`), so a
repeat view, and the projectleider's first view after a change (computed ahead by the worker,
`rapportage.voorberekening`), costs the request's own queries, the gemeente list and the version. Computed
in the request: two `figuren.bereken` calls (region and, when narrowed, the selection), one `maandtrend`,
the target's split; never more queries with more data (tests pin it).
"""

from __future__ import annotations

import datetime
from functools import partial

from django import forms
from django.forms.models import ModelChoiceIterator
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from hoofdzaak import invoer
from hoofdzaak.models import Organisatie
from hoofdzaak.paginering import lijst_response
from hoofdzaak.widgets import Keuzelijst

from .. import access
from ..figuren import Periode
from . import dashboard_weergave

# The first year a target can be set for (`Doelstelling.jaar` ≥ 2020).
EERSTE_JAAR = 2020
HEEL_JAAR = "jaar"
EIGEN_PERIODE = "anders"


# Selects marked with this attribute refresh the dashboard as soon as they change (htmx `from:`); the
# dates only on submit, so a half-entered period does not show errors while the user is still typing.
DIRECT = {"data-direct-tonen": "true"}


class _Gemeenten(ModelChoiceIterator):
    """The gemeenten read with one plain query. Django's iterator reads them through `QuerySet.iterator()`,
    which on PostgreSQL is a server-side cursor (DECLARE … WITH HOLD, FETCH, CLOSE) for a list of a few
    dozen rows."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for gemeente in self.queryset:
            yield self.choice(gemeente)


class _GemeenteVeld(forms.ModelChoiceField):
    iterator = _Gemeenten


class DashboardFilterForm(forms.Form):
    """Period (a year, a quarter of it, or any range up to today) and, for the projectleider, a gemeente."""

    periode = forms.ChoiceField(
        label=_("Periode"),
        required=False,
        widget=Keuzelijst(attrs=DIRECT),
        choices=[
            (HEEL_JAAR, _("Heel het jaar")),
            ("k1", _("1e kwartaal")),
            ("k2", _("2e kwartaal")),
            ("k3", _("3e kwartaal")),
            ("k4", _("4e kwartaal")),
            (EIGEN_PERIODE, _("Eigen periode (van en tot en met)")),
        ],
    )
    jaar = forms.TypedChoiceField(label=_("Jaar"), required=False, coerce=int, widget=Keuzelijst(attrs=DIRECT))
    van = invoer.DatumVeld(
        label=_("Van"),
        required=False,
        help_text=_("Alleen bij een eigen periode."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    tot = invoer.DatumVeld(
        label=_("Tot en met"),
        required=False,
        help_text=_("Alleen bij een eigen periode."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    gemeente = _GemeenteVeld(
        label=_("Gemeente"),
        required=False,
        queryset=Organisatie.objects.none(),
        empty_label=_("Hele regio"),
        widget=Keuzelijst(attrs=DIRECT),
        help_text=_("Woongemeente van de deelnemers."),
    )

    def __init__(self, *args, vandaag: datetime.date, gemeenten=None, **kwargs) -> None:
        kwargs.setdefault("initial", {"periode": HEEL_JAAR, "jaar": vandaag.year})
        super().__init__(*args, **kwargs)
        self.vandaag = vandaag
        self.fields["jaar"].choices = [(jaar, str(jaar)) for jaar in range(vandaag.year, EERSTE_JAAR - 1, -1)]
        if gemeenten is None:
            del self.fields["gemeente"]
        else:
            self.fields["gemeente"].queryset = gemeenten

    def clean(self) -> dict:
        data = super().clean()
        soort = data.get("periode") or HEEL_JAAR
        if soort == EIGEN_PERIODE:
            self._eigen_periode(data)
        elif "jaar" not in self.errors:
            jaar = data.get("jaar") or self.vandaag.year
            periode = Periode.jaar(jaar) if soort == HEEL_JAAR else Periode.kwartaal(jaar, int(soort[1]))
            if periode.van > self.vandaag:
                self.add_error(
                    "periode",
                    _("%(periode)s is nog niet begonnen. Kies een periode tot en met vandaag.")
                    % {"periode": periode.label[0].upper() + periode.label[1:]},
                )
            else:
                data["gekozen_periode"] = periode
        return data

    def _eigen_periode(self, data: dict) -> None:
        van, tot = data.get("van"), data.get("tot")
        if van is None and tot is None and not self.errors:
            # Just switched to a custom period (htmx refreshes on that): ask for the dates, no error yet.
            data["gekozen_periode"] = None
            return
        if van is None and "van" not in self.errors:
            self.add_error("van", _("Vul de eerste dag van de periode in."))
        if tot is None and "tot" not in self.errors:
            self.add_error("tot", _("Vul de laatste dag van de periode in."))
        if van and van > self.vandaag:
            self.add_error("van", _("Deze datum ligt in de toekomst. Kies uiterlijk vandaag."))
        if tot and tot > self.vandaag:
            self.add_error("tot", _("Deze datum ligt in de toekomst. Kies uiterlijk vandaag."))
        if van and tot and tot < van:
            self.add_error("tot", _("De einddatum ligt vóór de begindatum. Kies een latere datum."))
        if van and tot and not self.errors:
            data["gekozen_periode"] = Periode(van, tot)

    @property
    def gekozen_periode(self) -> Periode | None:
        """The chosen period; the current year for an unbound form; None for a custom period whose dates
        are still empty. Only after a successful is_valid()."""
        if not self.is_bound:
            return Periode.jaar(self.vandaag.year)
        return self.cleaned_data["gekozen_periode"]

    @property
    def gekozen_gemeente(self) -> Organisatie | None:
        return self.cleaned_data.get("gemeente") if self.is_bound else None


FILTERS_TEMPLATE = "rapportage/includes/dashboard_filters.html"


def standaardfilters(*, scope: access.DashboardScope, vandaag: datetime.date) -> SafeString:
    """The form of the first view, before the user chose anything (this year, the whole region), rendered."""
    form = DashboardFilterForm(
        None, vandaag=vandaag, gemeenten=access.gemeenten_voor(scope) if scope.gemeente_kiezen else None
    )
    return render_to_string(FILTERS_TEMPLATE, {"form": form, "scope": scope})


@require_safe
def dashboard(request: HttpRequest, regio: str) -> HttpResponse:
    scope = access.dashboard_scope(request.regio_ctx)  # 403 for roles without a dashboard
    vandaag = timezone.localdate()
    form = DashboardFilterForm(
        request.GET or None,
        vandaag=vandaag,
        gemeenten=access.gemeenten_voor(scope) if scope.gemeente_kiezen else None,
    )
    context: dict = {"form": form, "scope": scope}
    deel = None
    if (not form.is_bound or form.is_valid()) and form.gekozen_periode is not None:
        deel = dashboard_weergave.deel(
            scope=scope,
            periode=form.gekozen_periode,
            gemeente=form.gekozen_gemeente,
            peildatum=vandaag,
            filters=None if form.is_bound else partial(standaardfilters, scope=scope, vandaag=vandaag),
        )
        context.update(periode=form.gekozen_periode, inhoud=deel.html, selectie_naam=deel.selectie_naam)
        if not form.is_bound:  # the first view: its form rendered with the figures (without reading the gemeenten)
            context["filters"] = deel.filters
    response = lijst_response(request, "rapportage/dashboard.html", context, partial="dashboard")
    patch_cache_control(response, private=True, max_age=0)
    if deel is not None and deel.deelnemernummers:
        # Pseudonymous participant numbers are personal data: not even the browser keeps a copy.
        patch_cache_control(response, no_store=True)
    return response
