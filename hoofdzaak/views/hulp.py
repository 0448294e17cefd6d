"""Small helpers shared by the views of every app: the one way a view writes."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from .. import access, actions
from ..forms import INZENDSLEUTEL


@dataclass(frozen=True)
class Uitkomst:
    """What `voer_uit` did: `gelukt` (also its truth value) and the action's result in `waarde`.

    On a refusal the errors are on the forms, which the view renders again with what the user typed.
    """

    gelukt: bool
    waarde: Any = None
    # With `doel`: where the result is; `nieuw` False when this was a repeat of an earlier submission.
    url: str = ""
    nieuw: bool = True

    def __bool__(self) -> bool:
        return self.gelukt


MISLUKT = Uitkomst(gelukt=False)


def alle_geldig(formulieren: Iterable[forms.Form | forms.BaseFormSet]) -> bool:
    """Validate every form (a list, not a generator: all errors show at once)."""
    return all([formulier.is_valid() for formulier in formulieren])


def _inzendsleutel(formulieren: list[forms.Form]) -> uuid.UUID | None:
    """The one-time key a create form was sent with (`EenmaligForm`); None when it carries none."""
    for formulier in formulieren:
        if INZENDSLEUTEL in formulier.fields and formulier.is_bound:
            try:
                return uuid.UUID(str(formulier.data.get(formulier.add_prefix(INZENDSLEUTEL), "")))
            except ValueError:
                return None
    return None


def _herhaald(request: HttpRequest, url: str) -> Uitkomst:
    messages.info(request, _("Dit was al opgeslagen; je ziet het resultaat van de eerste keer."))
    return Uitkomst(gelukt=True, url=url, nieuw=False)


def voer_uit(
    formulieren: forms.Form | list[forms.Form],
    action: Callable[[], Any],
    *,
    ook: Iterable[forms.Form | forms.BaseFormSet] = (),
    request: HttpRequest | None = None,
    doel: Callable[[Any], str] | None = None,
) -> Uitkomst:
    """Run `action` once every form (and every formset in `ook`) is valid; return its result.

    Forms check what they can see; actions check against the locked, current database state (stale
    versions, uniqueness, dates of related records). An action's field error lands on the first form
    that has that field; anything else is a non-field error of the first form, so nothing the action
    says is lost. Either way the user sees the message next to the field, with what it typed kept, and
    nothing is saved.

    Creating something: pass `request` and `doel` (result -> the URL to go to). When a form carries a one-time
    key (`EenmaligForm`), a repeat of the same submission — sent twice at once or again later — runs nothing and
    answers with the first result's URL (`nieuw` False) and the notice that it was already saved.
    """
    if isinstance(formulieren, forms.BaseForm):
        formulieren = [formulieren]
    sleutel = _inzendsleutel(formulieren) if request is not None and doel is not None else None
    if sleutel is not None and (eerder := access.eerdere_inzending(request.regio_ctx, sleutel)):
        return _herhaald(request, eerder)
    if not alle_geldig([*formulieren, *ook]):
        return MISLUKT
    for formulier in formulieren:
        # The key is the form's business, not the action's (`**form.cleaned_data`).
        formulier.cleaned_data.pop(INZENDSLEUTEL, None)
    try:
        if sleutel is not None:
            eenmalig = actions.voer_eenmalig_uit(ctx=request.regio_ctx, sleutel=sleutel, action=action, doel=doel)
            if not eenmalig.nieuw:
                return _herhaald(request, eenmalig.url)
            return Uitkomst(gelukt=True, waarde=eenmalig.waarde, url=eenmalig.url)
        waarde = action()
        return Uitkomst(gelukt=True, waarde=waarde, url=doel(waarde) if doel is not None else "")
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            formulieren[0].add_error(None, error)
            return MISLUKT
        for veld, fouten in error.error_dict.items():
            doel_form = next((f for f in formulieren if veld in f.fields), None)
            if doel_form is not None:
                doel_form.add_error(veld, fouten)
            else:
                formulieren[0].add_error(None, fouten)
        return MISLUKT
