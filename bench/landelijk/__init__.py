"""National-scale benchmark data: 35 regions, ~100,000 participants over five years (issue "National scale").
Run it with `python -m bench.genereer_landelijk`.

`genereer(schaal=1.0)` fills an empty PostgreSQL database in one transaction with bulk COPYs (psycopg 3
`cursor.copy()`), never through the actions one object at a time:

- 35 labour-market regions with 342 gemeenten, UWV, GGZ providers, re-integration companies, a
  peer-support foundation, a WSP and a programme office each; one group per organisation;
- users in every role with their memberships; the benchmark accounts (`BENCH_ACCOUNTS`) share the known
  password `BENCH_WACHTWOORD`, every other generated account has an unusable password;
- participants, trajectories in every status with their status history, consents (valid, expired,
  withdrawn), contacts, employers with contacts and vacancies, proposals and placements;
- the grants the facts imply, by the portal's own rules (`trajecten.toegang.gewenste_toegang_bulk`);
- audit rows forming one valid hash chain, hashed by `hoofdzaak.audit.bereken_hash` itself.

Provider sizes differ on purpose: in the benchmark region one provider runs ~1,000 trajectories
(`GGZ Groot`), one only ~30 (`Re-integratie Klein`). Deterministic for a given seed and date.

One module per kind of data (`structuur`, `gebruikers`, `werkgevers`, `deelnemers`, `contacten`, `werk`,
`rechten`, `auditlog`), each a `maak_*(stand)` step over the shared `Stand`; `genereer` runs them in order.
"""

from .constanten import BENCH_ACCOUNTS, BENCH_REGIO, BENCH_WACHTWOORD, DOMEIN, GROOT, KLEIN, REGIOS
from .genereer import RegiosBestaanAl, Resultaat, genereer, leeg_database

__all__ = [
    "BENCH_ACCOUNTS",
    "BENCH_REGIO",
    "BENCH_WACHTWOORD",
    "DOMEIN",
    "GROOT",
    "KLEIN",
    "REGIOS",
    "RegiosBestaanAl",
    "Resultaat",
    "genereer",
    "leeg_database",
]
