from importlib import import_module, util

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand

from hoofdzaak.demo import DEMO_WACHTWOORD, demo_totp_geheim


class Command(BaseCommand):
    help = "Laad de demodata (idempotent: een tweede keer houdt wat er al is) en toon de demo-accounts."

    def handle(self, *args, **options) -> None:
        accounts = []
        # Each app's demo builds on the apps before it; apps are looked up by name, so the core does
        # not import the apps above it.
        for config in apps.get_app_configs():
            module_name = f"{config.name}.demo"
            if util.find_spec(module_name) is None:
                continue
            result = import_module(module_name).laad(stdout=self.stdout)
            if config.name == "hoofdzaak":
                accounts = result
        self.stdout.write(self.style.SUCCESS("Demodata geladen."))
        self.stdout.write("")
        self.stdout.write(f"Demo-accounts (wachtwoord voor allemaal: {DEMO_WACHTWOORD}):")
        for email, rol, organisatie in accounts:
            self.stdout.write(f"  {email:<45} {rol:<32} {organisatie}")
        self.stdout.write("")
        self.stdout.write(
            "Tweede stap: elk demo-account heeft een vaste sleutel. Voeg die toe aan een authenticator-app"
            " (sleutel invoeren, op tijd gebaseerd) of vraag de huidige code op met"
            " `manage.py demo_code <e-mailadres>`:"
        )
        for email, _rol, _organisatie in accounts:
            self.stdout.write(f"  {email:<45} {demo_totp_geheim(email)}")
        self.stdout.write("")
        self.stdout.write(
            f"Het portaal: {settings.PORTAAL_URL}/  ·  platformbeheer: {settings.PORTAAL_URL}/platformbeheer/"
        )
