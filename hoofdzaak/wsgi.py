import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoofdzaak.settings")
application = get_wsgi_application()


def _laad_brokertransport() -> None:
    """Import the broker's transport (kombu's Redis transport and redis-py) while the web worker boots, not inside
    the first request that queues a task (an AVG export, a report): without bytecode caches that import took
    1.5 s, and three such first requests at once held every gunicorn worker."""
    from hoofdzaak.celery import app

    if app.conf.broker_url and not app.conf.task_always_eager:
        app.connection_for_write().get_transport_cls()


_laad_brokertransport()
