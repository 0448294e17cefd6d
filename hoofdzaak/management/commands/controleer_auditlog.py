"""Check the audit log: its HMAC chain and the anchors outside the database; exits non-zero naming the first bad row.

Works on any database the settings point at, also the demo's SQLite (`DATABASE_URL=sqlite:///var/portaal.sqlite3`),
with the key of the environment that wrote the rows (PORTAAL_AUDIT_SLEUTEL).
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hoofdzaak.audit import controleer_keten, lees_ankers


class Command(BaseCommand):
    help = (
        "Controleert het auditlog (NEN 7513): de HMAC-hashketen en de ankers buiten de database. "
        "Eindigt met een foutcode en noemt de eerste foute regel als er iets is gewijzigd of verwijderd."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--ankers",
            type=Path,
            default=None,
            help="map met de ankers (standaard PORTAAL_AUDIT_ANCHOR_DIR)",
        )

    def handle(self, *args, ankers: Path | None = None, **options) -> None:
        map_ = ankers or Path(settings.PORTAAL_AUDIT_ANCHOR_DIR)
        try:
            gelezen = lees_ankers(map_)
        except ValueError as fout:
            raise CommandError(f"Auditlog niet te controleren: {fout}") from fout
        controle = controleer_keten(ankers=gelezen)
        if not controle.in_orde:
            raise CommandError(
                f"Auditlog beschadigd bij regel {controle.fout_id}: {controle.fout}. "
                f"{controle.aantal} regel(s) daarvoor zijn in orde. "
                'Wat je nu doet: docs/security.md, "When the check fails".'
            )
        if not gelezen:
            self.stderr.write(
                f"Let op: geen ankers gevonden in {map_}; verwijderde regels aan het eind zijn zo niet te zien."
            )
        if controle.aantal == 0:
            self.stdout.write(self.style.SUCCESS("Auditlog in orde: er zijn nog geen regels."))
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Auditlog in orde: {controle.aantal} regel(s) gecontroleerd, de hashketen is onbroken "
                f"(vanaf regel {controle.eerste_id}) en klopt met {controle.ankers} anker(s)."
            )
        )
