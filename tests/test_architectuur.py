"""The architecture rules of DESIGN.md §2, checked on the source: the direction in which the apps may import
(hoofdzaak <- werkgevers <- trajecten <- rapportage) and no two modules of the portal importing each other.

Imports inside functions count too: a lazy import is still a dependency, and hiding a cycle in a function is
how cycles usually start. Migrations are left out (Django resolves their dependencies itself).
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

BASIS = Path(__file__).resolve().parent.parent
LAGEN = ["hoofdzaak", "werkgevers", "trajecten", "rapportage"]


def _modulenaam(pad: Path) -> str:
    delen = list(pad.relative_to(BASIS).with_suffix("").parts)
    if delen[-1] == "__init__":
        delen.pop()
    return ".".join(delen)


def _bestanden() -> list[Path]:
    return sorted(
        pad for app in LAGEN for pad in (BASIS / app).rglob("*.py") if "migrations" not in pad.relative_to(BASIS).parts
    )


def _imports(pad: Path) -> set[str]:
    """The portal's own modules that `pad` imports, anywhere in the file, resolved to module names."""
    module = _modulenaam(pad)
    pakket = module if pad.name == "__init__.py" else module.rpartition(".")[0]
    gevonden: set[str] = set()
    for knoop in ast.walk(ast.parse(pad.read_text(), filename=str(pad))):
        if isinstance(knoop, ast.Import):
            gevonden.update(alias.name for alias in knoop.names)
        elif isinstance(knoop, ast.ImportFrom):
            if knoop.level:
                basis = pakket.split(".")
                basis = basis[: len(basis) - (knoop.level - 1)]
                naam = ".".join([*basis, knoop.module] if knoop.module else basis)
            else:
                naam = knoop.module or ""
            gevonden.add(naam)
            # `from pakket import module` imports a module, not a name.
            gevonden.update(f"{naam}.{alias.name}" for alias in knoop.names)
    return {naam for naam in gevonden if naam.split(".")[0] in LAGEN}


def _graaf() -> dict[str, set[str]]:
    modules = {_modulenaam(pad): pad for pad in _bestanden()}
    graaf: dict[str, set[str]] = defaultdict(set)
    for naam, pad in modules.items():
        for doel in _imports(pad):
            # `a.b.c` as a name of module `a.b`: the longest prefix that is a module of ours.
            while doel and doel not in modules:
                doel = doel.rpartition(".")[0]
            if doel and doel != naam and not naam.startswith(doel + ".") and doel != naam.rpartition(".")[0]:
                graaf[naam].add(doel)
    return graaf


def test_apps_importeren_alleen_naar_beneden():
    overtredingen = [
        f"{module} importeert {doel}"
        for module, doelen in _graaf().items()
        for doel in doelen
        if LAGEN.index(doel.split(".")[0]) > LAGEN.index(module.split(".")[0])
    ]
    assert not overtredingen, "imports tegen de richting hoofdzaak <- werkgevers <- trajecten <- rapportage in:\n" + (
        "\n".join(sorted(overtredingen))
    )


@pytest.mark.parametrize(
    ("bron", "verwacht"),
    [
        ("from rapportage import figuren\n", "hoofdzaak.x importeert rapportage.figuren"),
        ("def f():\n    from ..rapportage.figuren import bereken\n", "hoofdzaak.x importeert rapportage.figuren"),
    ],
)
def test_de_controle_ziet_een_import_omhoog_ook_in_een_functie(tmp_path, monkeypatch, bron, verwacht):
    """The check itself can fail: a core module importing the reports app, at the top or inside a function."""
    nep_basis = tmp_path
    for app in LAGEN:
        (nep_basis / app).mkdir()
        (nep_basis / app / "__init__.py").write_text("")
    (nep_basis / "rapportage" / "figuren.py").write_text("")
    (nep_basis / "hoofdzaak" / "x.py").write_text(bron.replace("..rapportage", "rapportage"))
    monkeypatch.setattr(__import__(__name__, fromlist=["BASIS"]), "BASIS", nep_basis)
    with pytest.raises(AssertionError, match=verwacht):
        test_apps_importeren_alleen_naar_beneden()
