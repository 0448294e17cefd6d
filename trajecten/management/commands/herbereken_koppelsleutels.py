"""Recompute every participant's match key (trajecten/koppeling.py) with the current PORTAAL_KOPPEL_SLEUTEL.

Needed after the key changed (rotation): keys made with the old one no longer meet new ones, so an intake of a
person already registered elsewhere would not be recognised. Migration trajecten 0010 did the same once for the
participants that existed then.
"""

from django.core.management.base import BaseCommand

from trajecten.actions import herbereken_koppelsleutels


class Command(BaseCommand):
    help = "Berekent de koppelsleutels van alle deelnemers opnieuw met de huidige PORTAAL_KOPPEL_SLEUTEL."

    def handle(self, *args, **options) -> None:
        aantal = herbereken_koppelsleutels()
        self.stdout.write(self.style.SUCCESS(f"Koppelsleutels van {aantal} deelnemer(s) opnieuw berekend."))
