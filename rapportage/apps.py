from django.apps import AppConfig


class RapportageConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "rapportage"
    verbose_name = "Rapportage"

    def ready(self) -> None:
        from . import menu  # noqa: F401 - registers this app's menu items (hoofdzaak/menu.py)
