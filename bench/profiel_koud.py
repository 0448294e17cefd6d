"""Where the time of a first view after a change goes: the cold dashboard and the monthly report's figures.

    PGPASSWORD=hoofdzaak .venv/bin/python -m bench.profiel_koud [keer] [--cprofile]

Against the benchmark database of `make bench` (hoofdzaak_landelijk, its settings), in-process: the figures
cache is emptied before every run, so each run computes the figures as the first view after a change of
the region's data (or a build) meets them. Prints, as medians of `keer` runs, the region home (a) in-process
(the reference of the cold-dashboard goal), the cold dashboard of bench-pl, and the monthly gemeente
report's figures (`rapporten.context_voor`), each with its queries and their SQL time; then the query log of
one cold run of each (milliseconds, first 100 characters). With --cprofile also the 25 functions with the
highest cumulative time of one cold run of each.
"""

from __future__ import annotations

import cProfile
import pstats
import statistics
import sys
import time

from bench.profiel import _benchscript


def _meet(naam: str, functie, keer: int, *, koud: bool, cache_leeg) -> list[dict]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    functie()  # warm-up: imports, templates, the menu
    tijden, sql = [], []
    for _ in range(keer):
        if koud:
            cache_leeg()
        with CaptureQueriesContext(connection) as vastgelegd:
            start = time.perf_counter()
            functie()
            tijden.append(time.perf_counter() - start)
        sql.append(sum(float(q["time"]) for q in vastgelegd.captured_queries))
    print(
        f"{naam:<44} {statistics.median(tijden) * 1000:7.1f} ms  {len(vastgelegd.captured_queries):3d} queries  "
        f"SQL {statistics.median(sql) * 1000:6.1f} ms"
    )
    return vastgelegd.captured_queries


def main(keer: int = 7, met_cprofile: bool = False) -> None:
    bench = _benchscript()
    bench.django_opzetten()

    from django.conf import settings
    from django.test import Client
    from django.utils import timezone

    from bench import landelijk
    from hoofdzaak.models import Gebruiker, Organisatie, Regio
    from rapportage.archief import actions
    from rapportage.archief import inhoud as rapporten
    from rapportage.models import RapportSoort
    from rapportage.perioden import Rapportperiode

    regio = Regio.objects.get(naam=landelijk.BENCH_REGIO)

    def client_van(sleutel: str) -> Client:
        client = Client(HTTP_HOST="127.0.0.1")
        gebruiker = Gebruiker.objects.get(email=f"bench-{sleutel}@{landelijk.DOMEIN}")
        client.cookies[settings.SESSION_COOKIE_NAME] = bench.sessie_voor(gebruiker)
        return client

    km, pl = client_van("km"), client_van("pl")
    home, dashboard = f"/{regio.slug}/", f"/{regio.slug}/dashboard/"
    gemeente = Organisatie.objects.gemeenten().filter(regio=regio).order_by("naam").first()
    rapport = actions.maak_rapport_nu(
        regio=regio,
        soort=RapportSoort.MAAND,
        periode=Rapportperiode.vorige_maand(timezone.localdate()),
        scope=gemeente,
    )
    nu = timezone.now()
    metingen = {
        "(a) regio-home": (lambda: km.get(home), False),
        "(e) dashboard, koud": (lambda: pl.get(dashboard), True),
        "(e) dashboard, uit de cache": (lambda: pl.get(dashboard), False),
        f"maandrapport {gemeente.naam}: cijfers, koud": (lambda: rapporten.context_voor(rapport, gemaakt_op=nu), True),
    }
    logs = {}
    for naam, (functie, koud) in metingen.items():
        logs[naam] = _meet(naam, functie, keer, koud=koud, cache_leeg=bench.cache_leeg)
    for naam, queries in logs.items():
        if not metingen[naam][1]:
            continue
        print(f"\n{naam}: queries")
        for q in queries:
            print(f"  {float(q['time']) * 1000:6.1f}  {q['sql'][:100]}")
    if met_cprofile:
        for naam, (functie, koud) in metingen.items():
            if not koud:
                continue
            bench.cache_leeg()
            profiel = cProfile.Profile()
            profiel.runcall(functie)
            print(f"\n{naam}: cProfile, cumulatief")
            pstats.Stats(profiel).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    argumenten = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(int(argumenten[0]) if argumenten else 7, "--cprofile" in sys.argv)
