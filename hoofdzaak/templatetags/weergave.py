"""`{{ object|weergave:"veld" }}`: the label of a choice field's value, what `object.get_veld_display()` gives.

Django's `get_FOO_display()` rebuilds a dict of all the field's choices on every call, and hashing the lazy
labels translates each of them: on the participant page (a timeline, the access log) that was dozens of
calls and a few milliseconds per request. This filter builds the dict once per field and returns the lazy
label, which is translated when the template renders it, in the language of that request.
"""

from __future__ import annotations

from functools import cache

from django import template
from django.db.models import Field
from django.utils.hashable import make_hashable

register = template.Library()


@cache
def _labels(field: Field) -> dict:
    return {make_hashable(waarde): label for waarde, label in field.flatchoices}


@register.filter
def weergave(obj, veld: str):
    field = obj._meta.get_field(veld)
    waarde = getattr(obj, field.attname)
    return _labels(field).get(make_hashable(waarde), waarde)
