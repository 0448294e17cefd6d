"""The architecture rules of DESIGN.md §2, checked on the source (tests/importgraaf.py): the direction in which
the apps may import (hoofdzaak <- werkgevers <- trajecten <- rapportage) and no import cycle between modules of
the portal (two modules importing each other, or a longer ring).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.importgraaf import LAGEN, cycli, graaf

BASIS = Path(__file__).resolve().parent.parent


def test_apps_importeren_alleen_naar_beneden():
    overtredingen = [
        f"{module} importeert {doel}"
        for module, doelen in graaf(BASIS).items()
        for doel in doelen
        if LAGEN.index(doel.split(".")[0]) > LAGEN.index(module.split(".")[0])
    ]
    assert not overtredingen, "imports tegen de richting hoofdzaak <- werkgevers <- trajecten <- rapportage in:\n" + (
        "\n".join(sorted(overtredingen))
    )


def test_geen_importcycli():
    gevonden = cycli(graaf(BASIS))
    assert not gevonden, "modules die elkaar (via via) importeren:\n" + "\n".join(" -> ".join(c) for c in gevonden)


def _nepportaal(tmp_path: Path, bestanden: dict[str, str]) -> Path:
    for app in LAGEN:
        (tmp_path / app).mkdir()
        (tmp_path / app / "__init__.py").write_text("")
    for pad, bron in bestanden.items():
        (tmp_path / pad).write_text(bron)
    return tmp_path


@pytest.mark.parametrize(
    ("bron", "verwacht"),
    [
        ("from rapportage import figuren\n", "hoofdzaak.x importeert rapportage.figuren"),
        ("def f():\n    from rapportage.figuren import bereken\n", "hoofdzaak.x importeert rapportage.figuren"),
    ],
)
def test_de_controle_ziet_een_import_omhoog_ook_in_een_functie(tmp_path, monkeypatch, bron, verwacht):
    """The check itself can fail: a core module importing the reports app, at the top or inside a function."""
    nep = _nepportaal(tmp_path, {"rapportage/figuren.py": "", "hoofdzaak/x.py": bron})
    monkeypatch.setattr(__import__(__name__, fromlist=["BASIS"]), "BASIS", nep)
    with pytest.raises(AssertionError, match=verwacht):
        test_apps_importeren_alleen_naar_beneden()


def test_de_controle_ziet_een_cyclus_ook_via_een_functie(tmp_path, monkeypatch):
    """The cycle check can fail: menu imports tenancy at the top, tenancy imports menu inside a function."""
    nep = _nepportaal(
        tmp_path,
        {
            "hoofdzaak/menu.py": "from hoofdzaak.tenancy import RegioContext\n",
            "hoofdzaak/tenancy.py": "def f():\n    from . import menu\n",
        },
    )
    monkeypatch.setattr(__import__(__name__, fromlist=["BASIS"]), "BASIS", nep)
    with pytest.raises(AssertionError, match="hoofdzaak.menu -> hoofdzaak.tenancy -> hoofdzaak.menu"):
        test_geen_importcycli()


def test_testmodules_importeren_elkaar_niet():
    """Shared test helpers live in the test kit (tests/fabriek.py, tests/processen.py, tests/matrix/, …), fixtures in a
    conftest.py: a test module never imports another test module, nor helpers from a conftest."""
    import ast

    overtredingen = []
    for pad in sorted((BASIS / "tests").rglob("*.py")):
        for knoop in ast.walk(ast.parse(pad.read_text(), filename=str(pad))):
            if isinstance(knoop, ast.ImportFrom):
                namen = [knoop.module or ""] + [f"{knoop.module or ''}.{a.name}".lstrip(".") for a in knoop.names]
            elif isinstance(knoop, ast.Import):
                namen = [a.name for a in knoop.names]
            else:
                continue
            for naam in namen:
                laatste = naam.rpartition(".")[2]
                if laatste.startswith("test_") or (laatste == "conftest" and pad.name != "conftest.py"):
                    overtredingen.append(f"{pad.relative_to(BASIS)}:{knoop.lineno} importeert {naam}")
    assert not overtredingen, "testmodules die uit een andere testmodule of conftest importeren:\n" + "\n".join(
        overtredingen
    )
