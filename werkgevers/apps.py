from django.apps import AppConfig


class WerkgeversConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "werkgevers"
    verbose_name = "Werkgevers"

    def ready(self) -> None:
        from . import menu  # noqa: F401 - registers this app's menu items (hoofdzaak/menu.py)
