from django.apps import AppConfig
from django.contrib.staticfiles.apps import StaticFilesConfig


class HoofdzaakConfig(AppConfig):
    # apps.py holds two configs; without this Django would use neither and ready() would never run.
    default = True
    default_auto_field = "django.db.models.BigAutoField"
    name = "hoofdzaak"
    verbose_name = "Hoofdzaak Werk"

    def ready(self) -> None:
        from django.contrib.auth import signals

        from . import audit

        signals.user_logged_in.connect(audit.bij_inloggen, dispatch_uid="hoofdzaak.audit.inloggen")
        signals.user_logged_out.connect(audit.bij_uitloggen, dispatch_uid="hoofdzaak.audit.uitloggen")
        signals.user_login_failed.connect(audit.bij_mislukt_inloggen, dispatch_uid="hoofdzaak.audit.mislukt")

        from django.db.models.signals import post_migrate

        from . import rechten

        post_migrate.connect(rechten.na_migreren, dispatch_uid="hoofdzaak.rechten.na_migreren")

        from axes.signals import user_locked_out

        # Registers the core's tasks under their names in every process: the actions queue them by name
        # (hoofdzaak.achtergrond), since the task module imports the actions.
        from . import security, tasks  # noqa: F401

        signals.user_logged_in.connect(security.bij_inloggen, dispatch_uid="hoofdzaak.security.inloggen")
        signals.user_logged_out.connect(security.bij_uitloggen, dispatch_uid="hoofdzaak.security.uitloggen")
        user_locked_out.connect(security.bij_blokkade, dispatch_uid="hoofdzaak.security.blokkade")


class PortaalStaticFilesConfig(StaticFilesConfig):
    # The design-tokens package ships a stylesheet that points at icons it does not contain; we do
    # not use it, and the manifest storage would refuse to collect it.
    ignore_patterns = [*StaticFilesConfig.ignore_patterns, "background-image-icon.css", "*.scss", "*.less"]
