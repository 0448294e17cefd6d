from django.apps import AppConfig


class TrajectenConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "trajecten"
    verbose_name = "Deelnemers en trajecten"

    def ready(self) -> None:
        from . import menu  # noqa: F401 - registers this app's menu items (hoofdzaak/menu.py)
