"""`{{ object|weergave:"veld" }}`: the label of a choice field's value, what `object.get_veld_display()` gives.

Django's `get_FOO_display()` rebuilds a dict of all the field's choices on every call, and hashing the lazy
labels translates each of them: on the participant page (a timeline, the access log) that was dozens of
calls and a few milliseconds per request. `hoofdzaak.keuzes.keuzelabel` builds the dict once per field and
returns the lazy label, which is translated when the template renders it, in the language of that request.
"""

from __future__ import annotations

from django import template

from hoofdzaak import datums
from hoofdzaak.keuzes import keuzelabel

register = template.Library()


@register.filter
def weergave(obj, veld: str):
    return keuzelabel(obj, veld)


# Dates in Dutch through hoofdzaak.datums: `{{ d|datum }}` "27 nov. 2026", `{{ d|maand }}` "mrt. 2026",
# `{{ d|dag_maand }}` "2 dec.", `{{ moment|datum_tijd }}` "27 nov. 2026, 14:05" (`|datum_tijd:"seconden"` with
# seconds). Empty values stay empty, so `|default:"—"` works after them.
def _of_leeg(functie):
    def filter_(waarde, argument=None):
        if not waarde:
            return ""
        return functie(waarde) if argument is None else functie(waarde, bool(argument))

    filter_.__name__ = functie.__name__
    return filter_


for _functie in (datums.datum, datums.maand, datums.dag_maand, datums.datum_tijd):
    register.filter(_functie.__name__, _of_leeg(_functie))
