"""Forms of the rapportage app shared by its rooms: the export period, and year/quarter/month choices."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hoofdzaak.datums import MAANDEN as MAANDNAMEN

from .perioden import EERSTE_JAAR, Rapportperiode

KWARTALEN = [(k, _("Kwartaal %(k)s") % {"k": k}) for k in range(1, 5)]
MAANDEN = [(m, naam.capitalize()) for m, naam in enumerate(MAANDNAMEN, start=1)]


def jaarkeuzes(tot: int | None = None) -> list[tuple[int, str]]:
    """(year, label) from this year (or `tot`) back to the first year of reports."""
    laatste = tot or timezone.localdate().year
    return [(jaar, str(jaar)) for jaar in range(laatste, EERSTE_JAAR - 1, -1)]


class ExportPeriodeForm(forms.Form):
    """GET form of the exports: a year, optionally narrowed to a quarter or a month."""

    jaar = forms.TypedChoiceField(label=_("Jaar"), coerce=int, choices=())
    kwartaal = forms.TypedChoiceField(
        label=_("Kwartaal"), required=False, coerce=int, empty_value=None, choices=[("", _("Heel jaar")), *KWARTALEN]
    )
    maand = forms.TypedChoiceField(
        label=_("Maand"), required=False, coerce=int, empty_value=None, choices=[("", "—"), *MAANDEN]
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["jaar"].choices = jaarkeuzes()

    def clean(self):
        data = super().clean()
        jaar = data.get("jaar")
        if not jaar:
            return data
        if data.get("maand") and data.get("kwartaal"):
            raise ValidationError(_("Kies een kwartaal of een maand, niet allebei."))
        if data.get("maand"):
            data["periode"] = Rapportperiode.maand(jaar, data["maand"])
        elif data.get("kwartaal"):
            data["periode"] = Rapportperiode.kwartaal(jaar, data["kwartaal"])
        else:
            data["periode"] = Rapportperiode(datetime.date(jaar, 1, 1), datetime.date(jaar, 12, 31))
        return data


def standaard_exportperiode() -> Rapportperiode:
    return Rapportperiode.vorig_kwartaal(timezone.localdate())
