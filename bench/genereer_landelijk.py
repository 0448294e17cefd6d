"""`python -m bench.genereer_landelijk [--schaal 1.0] [--opnieuw]`: national benchmark data (bench/landelijk/).

Uses the portal's settings from the environment (DATABASE_URL must point at PostgreSQL)."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TextIO

REGIOS_MAX = 35


class Fout(Exception):
    """A wrong argument or a filled database: the message says what to do."""


def _argumenten(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.genereer_landelijk",
        description=(
            "Vult een lege PostgreSQL-database met landelijke benchmarkdata: 35 regio's, ~100.000 deelnemers, "
            "~120.000 trajecten, ~1.000.000 contactmomenten en ~1.000.000 auditregels (bij --schaal 1.0)."
        ),
    )
    parser.add_argument("--schaal", type=float, default=1.0, help="1.0 = landelijk; 0.01 voor tests.")
    parser.add_argument(
        "--opnieuw", action="store_true", help="Leeg eerst alle portaaltabellen (TRUNCATE), ook gebruikers."
    )
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--regios", type=int, default=REGIOS_MAX, help="Aantal regio's (max 35).")
    parser.add_argument("--geen-vacuum", action="store_true", help="Sla VACUUM ANALYZE na afloop over.")
    opties = parser.parse_args(argv)
    if not 0 < opties.schaal <= 5:
        raise Fout("--schaal moet tussen 0 en 5 liggen.")
    if not 1 <= opties.regios <= REGIOS_MAX:
        raise Fout(f"--regios moet tussen 1 en {REGIOS_MAX} liggen.")
    return opties


def main(argv: list[str] | None = None, uit: TextIO = sys.stdout) -> None:
    """Generate; raises `Fout` for a wrong argument or a database that already holds regions."""
    opties = _argumenten(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoofdzaak.settings")
    import django

    django.setup()
    from bench import landelijk

    def schrijf(tekst: str) -> None:
        print(tekst, file=uit, flush=True)

    schrijf(f"Landelijke benchmarkdata genereren (schaal {opties.schaal})…")
    try:
        resultaat = landelijk.genereer(
            opties.schaal,
            opnieuw=opties.opnieuw,
            seed=opties.seed,
            aantal_regios=opties.regios,
            log=schrijf,
            vacuum=not opties.geen_vacuum,
        )
    except landelijk.RegiosBestaanAl as fout:
        raise Fout(str(fout)) from fout
    for naam, aantal in resultaat.tellingen.items():
        schrijf(f"  {naam:<22} {aantal:>10,}".replace(",", "."))
    schrijf(
        f"  caseload '{landelijk.GROOT}': {resultaat.groot} trajecten; '{landelijk.KLEIN}': {resultaat.klein} trajecten"
    )
    schrijf(f"Klaar in {resultaat.seconden:.1f} s. Benchmark-logins:")
    for email, rol, organisatie, regio in resultaat.accounts:
        schrijf(f"  {email:<40} {rol:<20} {organisatie} (/{regio}/)")
    schrijf(f"  wachtwoord (alle benchmark-logins): {landelijk.BENCH_WACHTWOORD}")
    schrijf("  tweede stap: de code van `manage.py demo_code <e-mail>`")


if __name__ == "__main__":
    try:
        main()
    except Fout as fout:
        sys.exit(f"Fout: {fout}")
