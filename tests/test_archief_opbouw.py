"""The report archive's structure: no import cycles in `rapportage`, and only the task module imports
the actions (the actions queue tasks by name). Imports inside functions count too: a lazy import is
still a cycle."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from tests.importgraaf import cycli, graaf

BASIS = Path(settings.BASE_DIR)


def _importgraaf() -> dict[str, set[str]]:
    return {naam: doelen for naam, doelen in graaf(BASIS).items() if naam.startswith("rapportage")}


def test_rapportage_heeft_geen_importcycli():
    assert cycli(_importgraaf()) == []


def test_alleen_de_taakmodule_importeert_de_archiefacties_en_omgekeerd_niet():
    graaf = _importgraaf()
    importeert_taken = {m for m, doelen in graaf.items() if "rapportage.archief.tasks" in doelen}
    assert importeert_taken == {"rapportage.apps"}
    assert "rapportage.archief.actions" in graaf["rapportage.archief.tasks"]
