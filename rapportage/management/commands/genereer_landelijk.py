"""`manage.py genereer_landelijk [--schaal 1.0] [--opnieuw]`: national benchmark data (rapportage/landelijk.py)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from rapportage import landelijk


class Command(BaseCommand):
    help = (
        "Vult een lege PostgreSQL-database met landelijke benchmarkdata: 35 regio's, ~100.000 deelnemers, "
        "~120.000 trajecten, ~1.000.000 contactmomenten en ~1.000.000 auditregels (bij --schaal 1.0)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--schaal", type=float, default=1.0, help="1.0 = landelijk; 0.01 voor tests.")
        parser.add_argument(
            "--opnieuw", action="store_true", help="Leeg eerst alle portaaltabellen (TRUNCATE), ook gebruikers."
        )
        parser.add_argument("--seed", type=int, default=20260101)
        parser.add_argument("--regios", type=int, default=len(landelijk.REGIOS), help="Aantal regio's (max 35).")
        parser.add_argument("--geen-vacuum", action="store_true", help="Sla VACUUM ANALYZE na afloop over.")

    def handle(self, *args, **opties) -> None:
        if not 0 < opties["schaal"] <= 5:
            raise CommandError("--schaal moet tussen 0 en 5 liggen.")
        if not 1 <= opties["regios"] <= len(landelijk.REGIOS):
            raise CommandError(f"--regios moet tussen 1 en {len(landelijk.REGIOS)} liggen.")
        self.stdout.write(f"Landelijke benchmarkdata genereren (schaal {opties['schaal']})…")
        try:
            resultaat = landelijk.genereer(
                opties["schaal"],
                opnieuw=opties["opnieuw"],
                seed=opties["seed"],
                aantal_regios=opties["regios"],
                log=self.stdout.write,
                vacuum=not opties["geen_vacuum"],
            )
        except landelijk.RegiosBestaanAl as fout:
            raise CommandError(str(fout)) from fout
        for naam, aantal in resultaat.tellingen.items():
            self.stdout.write(f"  {naam:<22} {aantal:>10,}".replace(",", "."))
        self.stdout.write(
            f"  caseload '{landelijk.GROOT}': {resultaat.groot} trajecten; "
            f"'{landelijk.KLEIN}': {resultaat.klein} trajecten"
        )
        self.stdout.write(self.style.SUCCESS(f"Klaar in {resultaat.seconden:.1f} s. Benchmark-logins:"))
        for email, rol, organisatie, regio in resultaat.accounts:
            self.stdout.write(f"  {email:<40} {rol:<20} {organisatie} (/{regio}/)")
        self.stdout.write(f"  wachtwoord (alle benchmark-logins): {landelijk.BENCH_WACHTWOORD}")
        self.stdout.write("  tweede stap: de code van `manage.py demo_code <e-mail>`")
