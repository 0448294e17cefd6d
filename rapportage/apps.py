from django.apps import AppConfig


class RapportageConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "rapportage"
    verbose_name = "Rapportage"

    def ready(self) -> None:
        from . import menu  # noqa: F401 - registers this app's menu items (hoofdzaak/menu.py)

        # Registers the archive's tasks under their names in every process (web, worker, beat): the
        # actions queue them by name (rapportage.archief.wachtrij), and Celery's autodiscovery only
        # looks for rapportage.tasks.
        from .archief import tasks  # noqa: F401
