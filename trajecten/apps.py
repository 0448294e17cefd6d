from django.apps import AppConfig


class TrajectenConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "trajecten"
    verbose_name = "Deelnemers en trajecten"

    def ready(self) -> None:
        from hoofdzaak import startpagina
        from hoofdzaak.models import Rol

        # menu registers this app's menu items (hoofdzaak/menu.py); tasks registers this app's tasks under
        # their names in every process (web, worker, beat): the actions queue the AVG export's build by name
        # (hoofdzaak.achtergrond), never importing the task module.
        from . import menu, tasks  # noqa: F401
        from .views import werklijst

        startpagina.registreer(werklijst.startpagina_werklijst, rollen=(Rol.TRAJECTBEGELEIDER,))
        startpagina.registreer(werklijst.startpagina_tellingen, rollen=(Rol.BESTUURDER, Rol.PROJECTLEIDER))
