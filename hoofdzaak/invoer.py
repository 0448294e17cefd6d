"""Input no view ever has to defend itself against (issue 14: no 5xx from any input).

Two central guards instead of checks per view:

- `InvoerMiddleware` answers 400 ("Dit verzoek klopt niet") to a request with a NUL byte in its path, in a query
  parameter or in a form field. No person types NUL; PostgreSQL refuses it in text, so without this guard a lookup
  like `/<regio>/deelnemers/HR-2026-0042%00/` raised a DataError (500).
- `DatumVeld`, the date field of every form, accepts only 1900-01-01 … 2100-12-31 and says so in Dutch. Dates
  like 0001-01-01 or 9999-12-31 parsed fine but overflowed the period arithmetic behind them (OverflowError, 500).
  Plain forms declare `DatumVeld`; ModelForms get it for their model date fields through
  `formfield_callback = invoer.formveld`. tests/test_invoer.py fails for any form with an unbounded date field.
"""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import BadRequest, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

EERSTE_DATUM = datetime.date(1900, 1, 1)
LAATSTE_DATUM = datetime.date(2100, 12, 31)


class DatumVeld(forms.DateField):
    """A date between 1900 and 2100, typed as dd-mm-jjjj or picked in the browser's date picker."""

    widget = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    default_error_messages = {
        "buiten_bereik": _("Vul een datum tussen 1900 en 2100 in."),
    }

    def to_python(self, value):
        datum = super().to_python(value)
        if datum is not None and not EERSTE_DATUM <= datum <= LAATSTE_DATUM:
            raise ValidationError(self.error_messages["buiten_bereik"], code="buiten_bereik")
        return datum

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if getattr(widget, "input_type", None) == "date":
            attrs.setdefault("min", EERSTE_DATUM.isoformat())
            attrs.setdefault("max", LAATSTE_DATUM.isoformat())
        return attrs


def formveld(db_field: models.Field, **kwargs) -> forms.Field | None:
    """`formfield_callback` for ModelForms: model date fields become `DatumVeld`."""
    if isinstance(db_field, models.DateField) and not isinstance(db_field, models.DateTimeField):
        kwargs.setdefault("form_class", DatumVeld)
    return db_field.formfield(**kwargs)


def _bevat_nul(querydict) -> bool:
    return any("\x00" in sleutel or any("\x00" in w for w in waarden) for sleutel, waarden in querydict.lists())


class InvoerMiddleware:
    """400 for a NUL byte anywhere a view could read it: path, query string, form fields."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info or _bevat_nul(request.GET):
            raise BadRequest("NUL in pad of zoekvraag")
        if request.method == "POST" and _bevat_nul(request.POST):
            raise BadRequest("NUL in formulier")
        return self.get_response(request)
