from django.apps import AppConfig


class TrajectenConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "trajecten"
    verbose_name = "Deelnemers en trajecten"

    def ready(self) -> None:
        from hoofdzaak import startpagina
        from hoofdzaak.models import Rol

        from . import menu  # noqa: F401 - registers this app's menu items (hoofdzaak/menu.py)
        from .views import werklijst

        startpagina.registreer(werklijst.startpagina_werklijst, rollen=(Rol.TRAJECTBEGELEIDER,))
        startpagina.registreer(werklijst.startpagina_tellingen, rollen=(Rol.BESTUURDER, Rol.PROJECTLEIDER))
