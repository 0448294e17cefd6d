from django.apps import AppConfig
from django.contrib.staticfiles.apps import StaticFilesConfig


class HoofdzaakConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "hoofdzaak"
    verbose_name = "Hoofdzaak Werk"


class PortaalStaticFilesConfig(StaticFilesConfig):
    # The design-tokens package ships a stylesheet that points at icons it does not contain; we do
    # not use it, and the manifest storage would refuse to collect it.
    ignore_patterns = [*StaticFilesConfig.ignore_patterns, "background-image-icon.css", "*.scss", "*.less"]
