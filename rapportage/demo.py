"""Demo reports: per region the last quarter's report and one gemeente's last month, built right away.

Runs last of all demo modules (rapportage is the last app), so the figures include the demo
trajectories. Idempotent: a report that is already finished is left alone. The bestuurder demo
accounts follow their reports by e-mail (printed on the console in the demo).
"""

from __future__ import annotations

import logging

from django.utils import timezone

from hoofdzaak.demo import REGIOS, demo_email
from hoofdzaak.models import Lidmaatschap, Organisatie, Regio, Rol, Soort
from hoofdzaak.tenancy import RegioContext

from .archief import actions
from .archief.opslag import bestand_klopt
from .models import Abonnement, Rapport, RapportSoort, RapportStatus
from .perioden import Rapportperiode

logger = logging.getLogger(__name__)


def _bestuurder(regio: Regio) -> Lidmaatschap | None:
    return (
        Lidmaatschap.objects.select_related("regio", "organisatie", "gebruiker")
        .filter(regio=regio, rol=Rol.BESTUURDER, gebruiker__email=demo_email(Rol.BESTUURDER, regio.slug))
        .first()
    )


def _gemeente(regio: Regio, bestuurder: Lidmaatschap | None) -> Organisatie | None:
    if bestuurder is not None and bestuurder.organisatie.soort == Soort.GEMEENTE:
        return bestuurder.organisatie
    return Organisatie.objects.in_regio(regio).gemeenten().order_by("naam").first()


def _klaar_of_bouw(stdout, *, regio: Regio, soort: str, periode: Rapportperiode, scope=None) -> None:
    bestaand = Rapport.objects.filter(
        regio=regio, soort=soort, periode_van=periode.van, periode_tot=periode.tot, scope=scope
    ).first()
    if bestaand is not None and bestaand.status == RapportStatus.KLAAR and bestand_klopt(bestaand):
        return
    try:
        rapport = actions.maak_rapport_nu(regio=regio, soort=soort, periode=periode, scope=scope)
    except Exception as fout:  # e.g. WeasyPrint's system libraries missing: the rest of the demo still works
        logger.exception("demorapport niet gemaakt")
        actions.markeer_mislukt_sleutel(regio=regio, soort=soort, periode=periode, scope=scope, fout=str(fout))
        if stdout is not None:
            stdout.write(f"  Demorapport niet gemaakt ({type(fout).__name__}: {fout}); zie de rapportagepagina.")
        return
    if stdout is not None:
        stdout.write(f"  {rapport.titel}: {rapport.get_status_display().lower()}")


def laad(stdout=None) -> None:
    vandaag = timezone.localdate()
    for spec in REGIOS:
        regio = Regio.objects.filter(slug=spec["slug"]).first()
        if regio is None:
            continue
        bestuurder = _bestuurder(regio)
        gemeente = _gemeente(regio, bestuurder)
        if bestuurder is not None:
            ctx = RegioContext(regio=regio, lidmaatschap=bestuurder, lidmaatschappen=(bestuurder,))
            if not Abonnement.objects.filter(gebruiker=bestuurder.gebruiker, regio=regio).exists():
                actions.abonneer(ctx=ctx, soort=RapportSoort.KWARTAAL)
                if gemeente == bestuurder.organisatie:
                    actions.abonneer(ctx=ctx, soort=RapportSoort.MAAND, scope=gemeente)
        _klaar_of_bouw(stdout, regio=regio, soort=RapportSoort.KWARTAAL, periode=Rapportperiode.vorig_kwartaal(vandaag))
        if gemeente is not None:
            _klaar_of_bouw(
                stdout,
                regio=regio,
                soort=RapportSoort.MAAND,
                periode=Rapportperiode.vorige_maand(vandaag),
                scope=gemeente,
            )
