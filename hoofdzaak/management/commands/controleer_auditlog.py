"""Check the audit log's hash chain; exits non-zero and names the first broken row."""

from django.core.management.base import BaseCommand, CommandError

from hoofdzaak.audit import controleer_keten


class Command(BaseCommand):
    help = "Controleert de hashketen van het auditlog (NEN 7513) en noemt de eerste beschadigde regel."

    def handle(self, *args, **options) -> None:
        controle = controleer_keten()
        if not controle.in_orde:
            raise CommandError(
                f"Auditlog beschadigd bij regel {controle.fout_id}: {controle.fout}. "
                f"{controle.aantal} regel(s) daarvoor zijn in orde."
            )
        if controle.aantal == 0:
            self.stdout.write(self.style.SUCCESS("Auditlog in orde: er zijn nog geen regels."))
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Auditlog in orde: {controle.aantal} regel(s) gecontroleerd, de hashketen is onbroken "
                f"(vanaf regel {controle.eerste_id})."
            )
        )
