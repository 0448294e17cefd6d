"""`python -m tests.trage_worker <seconds> <celery arguments>`: a Celery worker whose PDF rendering
first sleeps, so tests/test_worker.py can kill it in the middle of a build, and tests/test_inzage_worker.py
can watch the health check while AVG exports are being built.

The delay is injected here, by patching `rapportage.archief.pdf.render_pdf` (reports) and
`trajecten.inzage.als_pdf` (the AVG export) in the worker's main process before Celery starts (the
prefork pool children inherit it); production code has no hook.
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
    from trajecten import inzage

    def traag(echt):
        def trage_render(*args, **kwargs):
            time.sleep(seconden)
            return echt(*args, **kwargs)

        return trage_render

    pdf.render_pdf = traag(pdf.render_pdf)
    inzage.als_pdf = traag(inzage.als_pdf)

    from celery.bin.celery import main as celery_main

    sys.argv = ["celery", *sys.argv[2:]]
    celery_main()


if __name__ == "__main__":
    main()
