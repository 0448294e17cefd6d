import gc
import os
from collections.abc import Callable

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoofdzaak.settings")

# Before these requests of a worker process (counted from 1) its long-lived objects are moved out of the garbage
# collector's sight: by then the first requests have imported the views, compiled the templates and filled the
# per-process caches, and later ones add little. Between two requests of a sync worker nothing of a request is alive.
BEVRIEZEN_VOOR = frozenset({21, 201, 2001})


def bevries() -> None:
    """Collect what is garbage now, then freeze the survivors (gc.freeze): CPython's full collection no longer walks
    the ~115,000 objects of Django, the URL resolver, the templates and the per-process caches. That walk took 75 ms
    every few hundred requests on the benchmark machine: a stall in the middle of a request, the tail of p99
    (docs/performance.md). Frozen objects stay in memory as they would anyway; cyclic garbage among them later is
    not freed, which for these process-lifetime objects is nothing."""
    gc.collect()
    gc.freeze()


class BevriesNaOpwarmen:
    """WSGI wrapper: call `bevries` before the requests numbered in `voor` of this process."""

    def __init__(self, app, voor: frozenset[int] = BEVRIEZEN_VOOR, bevries: Callable[[], None] = bevries) -> None:
        self.app = app
        self.voor = voor
        self.bevries = bevries
        self.aantal = 0

    def __call__(self, environ, start_response):
        self.aantal += 1
        if self.aantal in self.voor:
            self.bevries()
        return self.app(environ, start_response)


application = BevriesNaOpwarmen(get_wsgi_application())


def _laad_brokertransport() -> None:
    """Import the broker's transport (kombu's Redis transport and redis-py) while the web worker boots, not inside
    the first request that queues a task (an AVG export, a report): without bytecode caches that import took
    1.5 s, and three such first requests at once held every gunicorn worker."""
    from hoofdzaak.celery import app

    if app.conf.broker_url and not app.conf.task_always_eager:
        app.connection_for_write().get_transport_cls()


def _laad_urls() -> None:
    """Import every view (and the forms, access functions and models they import) and build the URL resolver's
    lookup tables while the worker boots, not in its first requests."""
    from django.urls import get_resolver

    get_resolver().reverse_dict  # noqa: B018 - the property imports the URLconf and fills the tables


_laad_brokertransport()
_laad_urls()
