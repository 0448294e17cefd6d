"""The region menu: registered by the apps, so the core names no URL of the apps above it; `menu` and
`tenancy` do not import each other."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from hoofdzaak.menu import items, menu_voor
from hoofdzaak.models import Rol

from .fabriek import ctx_van

KERN = Path(__file__).resolve().parent.parent / "hoofdzaak"


def _namen_per_module(patronen, module: str, uit: dict[str, set[str]]) -> dict[str, set[str]]:
    for patroon in patronen:
        if isinstance(patroon, URLResolver):
            _namen_per_module(patroon.url_patterns, getattr(patroon.urlconf_module, "__name__", module), uit)
        elif isinstance(patroon, URLPattern) and patroon.name:
            uit.setdefault(module.split(".")[0], set()).add(patroon.name)
    return uit


def _runtime_imports(module: str) -> set[str]:
    """Modules imported by hoofdzaak/<module>.py, except under `if TYPE_CHECKING:`."""
    boom = ast.parse((KERN / f"{module}.py").read_text())
    typecheck = {
        id(n)
        for knoop in ast.walk(boom)
        if isinstance(knoop, ast.If) and getattr(knoop.test, "id", "") == "TYPE_CHECKING"
        for n in ast.walk(knoop)
    }
    uit = set()
    for knoop in ast.walk(boom):
        if id(knoop) in typecheck:
            continue
        if isinstance(knoop, ast.ImportFrom):
            uit.add(("." * knoop.level) + (knoop.module or ""))
            uit.update(("." * knoop.level) + a.name for a in knoop.names if not knoop.module)
        elif isinstance(knoop, ast.Import):
            uit.update(a.name for a in knoop.names)
    return uit


def test_menu_en_tenancy_importeren_elkaar_niet():
    assert not {".menu", "hoofdzaak.menu"} & _runtime_imports("tenancy")
    assert not {".tenancy", "hoofdzaak.tenancy"} & _runtime_imports("menu")


def test_kern_noemt_geen_url_van_de_apps():
    namen = _namen_per_module(get_resolver().url_patterns, "hoofdzaak", {})
    van_apps = set().union(*(namen.get(app, set()) for app in ("werkgevers", "trajecten", "rapportage")))
    van_apps -= namen.get("hoofdzaak", set())  # a name the core defines itself may appear in it
    teksten = {
        knoop.value
        for knoop in ast.walk(ast.parse((KERN / "menu.py").read_text()))
        if isinstance(knoop, ast.Constant) and isinstance(knoop.value, str)
    }
    assert van_apps, "no URL names of the apps found"
    assert not teksten & van_apps


def test_elke_app_registreert_zijn_items_en_elk_item_bestaat():
    geregistreerd = {i.url_naam for i in items()}
    assert {"dashboard", "rapporten", "caseload", "deelnemers", "werkgevers", "vacatures"} <= geregistreerd
    assert {"beheer_organisaties", "beheer_gebruikers", "beheer_auditlog"} <= geregistreerd
    for i in items():
        reverse(i.url_naam, kwargs={"regio": "holland-rijnland"})
    assert [i.volgorde for i in items()] == sorted(i.volgorde for i in items())


@pytest.mark.django_db
def test_menu_per_rol_in_vaste_volgorde(wereld):
    labels = [r.label for r in menu_voor(ctx_van(wereld.a, Rol.TRAJECTBEGELEIDER), "caseload")]
    assert labels == [
        "Caseload",
        "Aanmeldingen",
        "Intake registreren",
        "Werkgevers",
        "Open vacatures",
        "Modeltrouw",
        "Werkmonitor",
    ]
    actief = [r.label for r in menu_voor(ctx_van(wereld.a, Rol.TRAJECTBEGELEIDER), "deelnemer") if r.actief]
    assert actief == ["Caseload"]
    labels = [r.label for r in menu_voor(ctx_van(wereld.a, Rol.PROJECTLEIDER), None)]
    assert labels == ["Dashboard", "Trajecten", "Rapportages", "Modeltrouw", "Organisaties", "Gebruikers", "Auditlog"]
