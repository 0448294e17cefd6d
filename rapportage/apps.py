from django.apps import AppConfig


class RapportageConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "rapportage"
    verbose_name = "Rapportage"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        # menu: registers this app's menu items (hoofdzaak/menu.py). The tasks: registered under their names in
        # every process (web, worker, beat), since the actions queue them by name (rapportage.archief.wachtrij,
        # rapportage.voorberekening) and Celery's autodiscovery looks for rapportage.tasks only as a worker starts.
        from . import menu, tasks, voorberekening  # noqa: F401
        from .archief import tasks as archieftaken  # noqa: F401

        # Every connection notices the writes that change the figures, so the dashboard's first view after a
        # change is computed ahead by the worker (rapportage/voorberekening.py).
        connection_created.connect(voorberekening.installeer, dispatch_uid="rapportage.voorberekening")
