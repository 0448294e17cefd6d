"""The report archive's structure: no import cycles in `rapportage`, and only the task module imports
the actions (the actions queue tasks by name). Imports inside functions count too: a lazy import is
still a cycle."""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings

PAKKET = Path(settings.BASE_DIR) / "rapportage"


def _modulenaam(pad: Path) -> str:
    delen = list(pad.relative_to(PAKKET.parent).with_suffix("").parts)
    if delen[-1] == "__init__":
        delen.pop()
    return ".".join(delen)


def _importgraaf() -> dict[str, set[str]]:
    modules = {_modulenaam(p): p for p in PAKKET.rglob("*.py") if "migrations" not in p.parts}
    graaf: dict[str, set[str]] = {naam: set() for naam in modules}
    for naam, pad in modules.items():
        pakket = naam if pad.name == "__init__.py" else naam.rsplit(".", 1)[0]
        for knoop in ast.walk(ast.parse(pad.read_text())):
            doelen: list[str] = []
            if isinstance(knoop, ast.Import):
                doelen = [alias.name for alias in knoop.names]
            elif isinstance(knoop, ast.ImportFrom):
                basis = knoop.module or ""
                if knoop.level:
                    basis = ".".join(
                        pakket.split(".")[: len(pakket.split(".")) - knoop.level + 1] + ([basis] if basis else [])
                    )
                doelen = [f"{basis}.{alias.name}" for alias in knoop.names] + [basis]
            for doel in doelen:
                # `from x import y` names a module y or an attribute of x: take the longest known module.
                while doel and doel not in modules:
                    doel = doel.rpartition(".")[0]
                if doel and doel != naam and not naam.startswith(doel + "."):
                    graaf[naam].add(doel)
    return graaf


def _cycli(graaf: dict[str, set[str]]) -> list[list[str]]:
    gevonden, pad, klaar = [], [], set()

    def bezoek(module: str) -> None:
        if module in pad:
            gevonden.append([*pad[pad.index(module) :], module])
            return
        if module in klaar:
            return
        pad.append(module)
        for doel in sorted(graaf[module]):
            bezoek(doel)
        pad.pop()
        klaar.add(module)

    for module in sorted(graaf):
        bezoek(module)
    return gevonden


def test_rapportage_heeft_geen_importcycli():
    assert _cycli(_importgraaf()) == []


def test_alleen_de_taakmodule_importeert_de_archiefacties_en_omgekeerd_niet():
    graaf = _importgraaf()
    importeert_taken = {m for m, doelen in graaf.items() if "rapportage.archief.tasks" in doelen}
    assert importeert_taken == {"rapportage.apps"}
    assert "rapportage.archief.actions" in graaf["rapportage.archief.tasks"]
