"""Mark an e-mail address as bouncing (or, with --herstel, as working again).

The portal has no mail server integration: this is the hook for one (a bounce processor can call it with the
address from the delivery status notification) and for platform staff who hear of a dead address. While an
address bounces, the portal sends it no notification mail and its user sees why on the e-mail preferences page
(hoofdzaak.meldingen, hoofdzaak.actions `registreer_bounce`).
"""

from django.core.management.base import BaseCommand

from hoofdzaak.actions import herstel_emailadres, registreer_bounce


class Command(BaseCommand):
    help = "Markeert een e-mailadres als onbestelbaar (bounce), of met --herstel weer als bestelbaar."

    def add_arguments(self, parser) -> None:
        parser.add_argument("email", help="het e-mailadres")
        parser.add_argument("--reden", default="", help="wat de mailserver meldde (optioneel)")
        parser.add_argument("--herstel", action="store_true", help="het adres werkt weer")

    def handle(self, *args, email: str, reden: str = "", herstel: bool = False, **options) -> None:
        if herstel:
            gevonden = herstel_emailadres(email=email)
            self.stdout.write("Adres hersteld." if gevonden else "Dit adres stond niet als onbestelbaar gemarkeerd.")
            return
        adres = registreer_bounce(email=email, reden=reden)
        self.stdout.write(self.style.SUCCESS(f"Gemarkeerd als onbestelbaar sinds {adres.sinds:%Y-%m-%d %H:%M}."))
