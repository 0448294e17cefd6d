"""Write an anchor of the audit log (newest row id, its hash, row count, time) outside the database.

Celery beat runs this every 5 minutes (task hoofdzaak.tasks.veranker_auditlog); the command is for cron, a first
anchor by hand, or the demo's SQLite (`DATABASE_URL=sqlite:///var/portaal.sqlite3`).
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from hoofdzaak.audit import veranker


class Command(BaseCommand):
    help = "Schrijft een anker van het auditlog (laatste regel, hash, aantal, tijd) naar PORTAAL_AUDIT_ANCHOR_DIR."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--ankers", type=Path, default=None, help="map voor de ankers (standaard de instelling)")

    def handle(self, *args, ankers: Path | None = None, **options) -> None:
        map_ = ankers or Path(settings.PORTAAL_AUDIT_ANCHOR_DIR)
        anker = veranker(map_=map_)
        if not anker["aantal"]:
            self.stdout.write("Geen anker geschreven: het auditlog is nog leeg.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Anker geschreven naar {map_}: regel {anker['laatste_id']}, {anker['aantal']} regel(s), "
                f"{anker['tijdstip']}."
            )
        )
