from django.apps import AppConfig


class WerkgeversConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "werkgevers"
    verbose_name = "Werkgevers"
