"""Rendering helpers that stand in for slower Django defaults: the `weergave` filter, `Keuzelijst`, the status
badge filter and `hoofdzaak.links` (one reverse() per list instead of one per row)."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.template import engines, loader
from django.urls import reverse

from hoofdzaak import links
from hoofdzaak.models import AuditActie, AuditRegel, Rol
from hoofdzaak.widgets import Keuzelijst
from trajecten.models import Traject, TrajectStatus


def _weergave(obj, veld: str) -> str:
    return engines["django"].from_string(f'{{% load weergave %}}{{{{ obj|weergave:"{veld}" }}}}').render({"obj": obj})


@pytest.mark.parametrize(
    ("model", "veld", "waarden"),
    [
        (AuditRegel, "rol", Rol.values),
        (AuditRegel, "actie", AuditActie.values),
        (Traject, "status", TrajectStatus.values),
    ],
)
def test_weergave_geeft_hetzelfde_label_als_get_display(model, veld, waarden):
    for waarde in [*waarden, "onbekend", ""]:
        obj = model(**{veld: waarde})
        assert _weergave(obj, veld) == str(getattr(obj, f"get_{veld}_display")())


def _zonder_witruimte(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


class Formulier(forms.Form):
    keuze = forms.ChoiceField(
        choices=[("", "Alle"), ("a", 'A & "a"'), ("Groep", [("b", "<B>"), ("c", "C")])],
        required=False,
        help_text="Uitleg",
        widget=Keuzelijst(attrs={"data-x": "1", "disabled": True, "hidden": False}),
    )
    model = forms.ModelChoiceField(queryset=None, required=False, empty_label="Geen", widget=Keuzelijst)


@pytest.mark.django_db
@pytest.mark.parametrize("data", [None, {"keuze": "c"}, {"keuze": "x", "model": "999"}])
def test_keuzelijst_schrijft_wat_djangos_select_schrijft(data, wereld):
    from hoofdzaak.models import Organisatie

    formulier = Formulier(data)
    formulier.fields["model"].queryset = Organisatie.objects.filter(regio=wereld.a.regio).order_by("pk")
    formulier.is_valid()
    for naam in ("keuze", "model"):
        snel = str(formulier[naam])
        formulier.fields[naam].widget.__class__ = forms.Select
        django = str(formulier[naam])
        formulier.fields[naam].widget.__class__ = Keuzelijst
        assert _zonder_witruimte(snel) == _zonder_witruimte(django)
        assert "<option" in snel


@pytest.mark.parametrize("status", [*TrajectStatus.values, "onbekend"])
def test_statusbadge_schrijft_wat_de_include_schrijft(status):
    traject = Traject(status=status)
    filter_ = engines["django"].from_string("{% load traject %}{{ traject|statusbadge }}").render({"traject": traject})
    include = loader.render_to_string(
        "trajecten/includes/status.html", {"status": status, "label": traject.get_status_display()}
    )
    assert filter_ == include.strip()
    assert "hzw-badge--" in filter_


@pytest.mark.parametrize(
    ("viewnaam", "vast", "open_", "waarden"),
    [
        ("deelnemer", ["holland-rijnland"], [links.TEKST], [["HR-2026-0042"], ["a b&c?é%"], ["x:y@z~"]]),
        ("contact_nieuw", ["zuid-holland-zuid"], [links.GETAL], [[1], [98765], [0]]),
        (
            "werkpunt_uitstellen",
            ["holland-rijnland"],
            [links.GETAL, links.TEKST],
            [[7, "geen_contact"], [9876543210, "aanmelding_wacht"]],
        ),
    ],
)
def test_sjabloon_geeft_wat_reverse_geeft(viewnaam, vast, open_, waarden):
    url = links.sjabloon(viewnaam, *vast, *open_)
    for rij in waarden:
        assert url(*rij) == reverse(viewnaam, args=[*vast, *rij])
    with pytest.raises(TypeError):
        url()
