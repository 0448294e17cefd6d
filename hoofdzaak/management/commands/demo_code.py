"""`manage.py demo_code <e-mail>`: the current second-step code of a demo account, for testers.

Only for the authenticator app that `laad_demo` gave the account (device name "Demo"); a code for any
other device is never printed.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from hoofdzaak.demo import DEMO_APP_NAAM


class Command(BaseCommand):
    help = "Toon de huidige code voor de tweede stap van een demo-account (na `manage.py laad_demo`)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("email", help="e-mailadres van het demo-account, bv. klantmanager@holland-rijnland.demo")

    def handle(self, *args, email: str, **options) -> None:
        apparaat = (
            TOTPDevice.objects.filter(user__email__iexact=email.strip(), name=DEMO_APP_NAAM, confirmed=True)
            .order_by("pk")
            .first()
        )
        if apparaat is None:
            raise CommandError(f"{email} is geen demo-account met een demo-app (draai eerst `manage.py laad_demo`).")
        totp = TOTP(apparaat.bin_key, apparaat.step, apparaat.t0, apparaat.digits, apparaat.drift)
        nu = time.time()
        totp.time = nu
        code = f"{totp.token():0{apparaat.digits}d}"
        geldig = apparaat.step - int(nu - apparaat.t0) % apparaat.step
        self.stdout.write(code)
        self.stderr.write(
            f"Nog {geldig} seconden geldig; een code werkt één keer (al gebruikt? wacht dan op de volgende)."
        )
