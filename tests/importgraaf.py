"""The portal's import graph, read from the source (tests/test_architectuur.py, tests/test_archief_opbouw.py).

Imports inside functions count too: a lazy import is still a dependency, and hiding a cycle in a function is how
cycles usually start. Migrations are left out (Django resolves their dependencies itself).
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

LAGEN = ["hoofdzaak", "werkgevers", "trajecten", "rapportage"]


def modulenaam(basis: Path, pad: Path) -> str:
    delen = list(pad.relative_to(basis).with_suffix("").parts)
    if delen[-1] == "__init__":
        delen.pop()
    return ".".join(delen)


def _imports(basis: Path, pad: Path) -> set[str]:
    """The portal's own modules that `pad` imports, anywhere in the file, resolved to module names."""
    module = modulenaam(basis, pad)
    pakket = module if pad.name == "__init__.py" else module.rpartition(".")[0]
    gevonden: set[str] = set()
    for knoop in ast.walk(ast.parse(pad.read_text(), filename=str(pad))):
        if isinstance(knoop, ast.Import):
            gevonden.update(alias.name for alias in knoop.names)
        elif isinstance(knoop, ast.ImportFrom):
            if knoop.level:
                delen = pakket.split(".")
                delen = delen[: len(delen) - (knoop.level - 1)]
                naam = ".".join([*delen, knoop.module] if knoop.module else delen)
            else:
                naam = knoop.module or ""
            gevonden.add(naam)
            # `from pakket import module` imports a module, not a name.
            gevonden.update(f"{naam}.{alias.name}" for alias in knoop.names)
    return {naam for naam in gevonden if naam.split(".")[0] in LAGEN}


def graaf(basis: Path) -> dict[str, set[str]]:
    """module -> the modules of the portal it imports (not its own packages: importing `a.b.c` runs `a.b` anyway)."""
    modules = {
        modulenaam(basis, pad): pad
        for app in LAGEN
        for pad in sorted((basis / app).rglob("*.py"))
        if "migrations" not in pad.relative_to(basis).parts
    }
    result: dict[str, set[str]] = defaultdict(set)
    for naam, pad in modules.items():
        result[naam]  # noqa: B018 - every module is a node, also one that imports nothing
        for doel in _imports(basis, pad):
            # `a.b.c` as a name of module `a.b`: the longest prefix that is a module of ours.
            while doel and doel not in modules:
                doel = doel.rpartition(".")[0]
            if doel and doel != naam and not naam.startswith(doel + "."):
                result[naam].add(doel)
    return result


def cycli(graaf: dict[str, set[str]]) -> list[list[str]]:
    """Every import cycle found by a depth-first walk, as [a, b, …, a]."""
    gevonden: list[list[str]] = []
    pad: list[str] = []
    klaar: set[str] = set()

    def bezoek(module: str) -> None:
        if module in pad:
            gevonden.append([*pad[pad.index(module) :], module])
            return
        if module in klaar:
            return
        pad.append(module)
        for doel in sorted(graaf.get(module, ())):
            bezoek(doel)
        pad.pop()
        klaar.add(module)

    for module in sorted(graaf):
        bezoek(module)
    return gevonden
