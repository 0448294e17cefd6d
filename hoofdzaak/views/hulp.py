"""Small helpers shared by the views of every app: the one way a view writes."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class Uitkomst:
    """What `voer_uit` did: `gelukt` (also its truth value) and the action's result in `waarde`.

    On a refusal the errors are on the forms, which the view renders again with what the user typed.
    """

    gelukt: bool
    waarde: Any = None

    def __bool__(self) -> bool:
        return self.gelukt


MISLUKT = Uitkomst(gelukt=False)


def alle_geldig(formulieren: Iterable[forms.Form | forms.BaseFormSet]) -> bool:
    """Validate every form (a list, not a generator: all errors show at once)."""
    return all([formulier.is_valid() for formulier in formulieren])


def voer_uit(
    formulieren: forms.Form | list[forms.Form],
    action: Callable[[], Any],
    *,
    ook: Iterable[forms.Form | forms.BaseFormSet] = (),
) -> Uitkomst:
    """Run `action` once every form (and every formset in `ook`) is valid; return its result.

    Forms check what they can see; actions check against the locked, current database state (stale
    versions, uniqueness, dates of related records). An action's field error lands on the first form
    that has that field; anything else is a non-field error of the first form, so nothing the action
    says is lost. Either way the user sees the message next to the field, with what it typed kept, and
    nothing is saved.
    """
    if isinstance(formulieren, forms.BaseForm):
        formulieren = [formulieren]
    if not alle_geldig([*formulieren, *ook]):
        return MISLUKT
    try:
        return Uitkomst(gelukt=True, waarde=action())
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            formulieren[0].add_error(None, error)
            return MISLUKT
        for veld, fouten in error.error_dict.items():
            doel = next((f for f in formulieren if veld in f.fields), None)
            if doel is not None:
                doel.add_error(veld, fouten)
            else:
                formulieren[0].add_error(None, fouten)
        return MISLUKT
