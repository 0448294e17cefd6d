"""hoofdzaak/wsgi.py: each web worker freezes its long-lived objects after its first requests (docs/performance.md)."""

import gc

from hoofdzaak.wsgi import BEVRIEZEN_VOOR, BevriesNaOpwarmen, application, bevries


def test_bevriest_voor_de_genummerde_verzoeken_en_geeft_het_antwoord_door():
    momenten = []
    app = BevriesNaOpwarmen(
        lambda environ, start_response: [environ["PATH_INFO"].encode()],
        voor=frozenset({2, 4}),
        bevries=lambda: momenten.append(app.aantal),
    )
    antwoorden = [app({"PATH_INFO": f"/{i}/"}, None) for i in range(1, 6)]
    assert momenten == [2, 4]
    assert antwoorden == [[f"/{i}/".encode()] for i in range(1, 6)]


def test_de_portaalapplicatie_bevriest_na_het_opwarmen():
    assert isinstance(application, BevriesNaOpwarmen)
    assert min(application.voor) > 1 and application.voor == BEVRIEZEN_VOOR


def test_bevries_haalt_de_overlevenden_uit_het_zicht_van_de_gc():
    try:
        gc.unfreeze()
        bevries()
        assert gc.get_freeze_count() > 1000
    finally:
        gc.unfreeze()


def test_de_views_zijn_geladen_als_de_worker_opstart():
    import subprocess
    import sys

    code = (
        "import sys, hoofdzaak.wsgi; "
        "print('trajecten.views.deelnemer' in sys.modules, 'rapportage.views' in sys.modules or "
        "any(m.startswith('rapportage.views') for m in sys.modules))"
    )
    uit = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert uit.stdout.split() == ["True", "True"]
