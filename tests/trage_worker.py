"""`python -m tests.trage_worker <seconds> <celery arguments>`: a Celery worker whose PDF rendering
first sleeps, so tests/test_worker.py can kill it in the middle of a build.

The delay is injected here, by patching `rapportage.archief.pdf.render_pdf` in the worker's main
process before Celery starts (the prefork pool children inherit it); production code has no hook.
"""

from __future__ import annotations

import os
import sys
import time


def main() -> None:
    seconden = float(sys.argv[1])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoofdzaak.settings")
    import django

    django.setup()
    from rapportage.archief import pdf

    echte_render = pdf.render_pdf

    def trage_render(*args, **kwargs):
        time.sleep(seconden)
        return echte_render(*args, **kwargs)

    pdf.render_pdf = trage_render

    from celery.bin.celery import main as celery_main

    sys.argv = ["celery", *sys.argv[2:]]
    celery_main()


if __name__ == "__main__":
    main()
