"""Access rules of the report archive: projectleider (everything of its region) and bestuurder (the
region's quarterly reports and its own gemeente's monthly reports); every other role is refused."""

import hashlib

from hoofdzaak.models import Rol

from . import ROLLEN, Regel, alleen, regio

LEZERS = alleen(Rol.PROJECTLEIDER, Rol.BESTUURDER)
# The bestuurder of region A works at organisaties["gemeente"] (tests/conftest.py), like Katwijk's wethouder.
ANDERE_GEMEENTE = {**LEZERS, Rol.BESTUURDER: 404}
# A concept (not yet approved) is the projectleider's only: it does not exist for a bestuurder.
CONCEPT = {**LEZERS, Rol.BESTUURDER: 404}


def _rapport(regio_wereld, soort: str = "kwartaal", gemeente: str | None = None, *, goedgekeurd: bool = True):
    """A finished report with a file in the (per-test) private storage, without building it; approved
    unless `goedgekeurd` is False (then a concept, version 2 beside an approved version 1)."""
    import datetime

    from django.utils import timezone

    from rapportage.archief import opslag
    from rapportage.archief.models import Rapport, RapportStatus

    van, tot = (datetime.date(2025, 7, 1), datetime.date(2025, 9, 30))
    if soort in ("maand", "organisatie"):
        van, tot = (datetime.date(2025, 9, 1), datetime.date(2025, 9, 30))
    if not goedgekeurd:
        _rapport(regio_wereld, soort, gemeente)
    rapport, _ = Rapport.objects.get_or_create(
        regio=regio_wereld.regio,
        soort=soort,
        periode_van=van,
        periode_tot=tot,
        scope=regio_wereld.organisaties[gemeente] if gemeente else None,
        versie=1 if goedgekeurd else 2,
    )
    rapport.bestand = opslag.relatief_pad(rapport)
    inhoud = b"%PDF-1.7 matrix"
    opslag.schrijf_atomisch(opslag.bestand_pad(rapport), inhoud)
    rapport.status, rapport.sha256 = RapportStatus.KLAAR, hashlib.sha256(inhoud).hexdigest()
    rapport.goedgekeurd_op = timezone.now() if goedgekeurd else None
    rapport.save(update_fields=["bestand", "status", "sha256", "goedgekeurd_op"])
    return rapport


def kwartaal(w):
    return {**regio(w), "pk": _rapport(w.a).pk}


def kwartaal_b(w):
    return {**regio(w), "pk": _rapport(w.b).pk}


def partner(w):
    return {**regio(w), "pk": _rapport(w.a, "organisatie", "ggz").pk}


def concept(w):
    return {**regio(w), "pk": _rapport(w.a, goedgekeurd=False).pk}


def eigen_gemeente(w):
    return {**regio(w), "pk": _rapport(w.a, "maand", "gemeente").pk}


def andere_gemeente(w):
    return {**regio(w), "pk": _rapport(w.a, "maand", "gemeente2").pk}


MATRIX: dict[str, Regel] = {
    "rapporten": Regel(rollen=LEZERS, kwargs=regio),
    # Building on demand: the projectleider only; an empty POST shows the form with its errors.
    "rapport_nieuw": Regel(rollen=alleen(Rol.PROJECTLEIDER), kwargs=regio, post=alleen(Rol.PROJECTLEIDER)),
    # POST only; an empty form sends the reader back to the archive with a message.
    "rapport_abonnement": Regel(
        rollen=dict.fromkeys(ROLLEN, 405), kwargs=regio, post=alleen(Rol.PROJECTLEIDER, Rol.BESTUURDER, ok=302)
    ),
    "rapport": Regel(
        rollen=LEZERS,
        kwargs=kwartaal,
        vreemd_object=kwartaal_b,
        varianten={
            "maandrapport van de eigen gemeente": (eigen_gemeente, LEZERS),
            "maandrapport van een andere gemeente": (andere_gemeente, ANDERE_GEMEENTE),
            "concept (versie 2 naast goedgekeurde versie 1)": (concept, CONCEPT),
            # The world's bestuurder is a gemeente's: a partner's report is not its own (a partner's own
            # bestuurder: tests/test_partnerrapport.py).
            "maandrapport van een partner": (partner, ANDERE_GEMEENTE),
        },
    ),
    # Sign-off: POST only, the projectleider. An empty POST on an approved version (or without a warning
    # code) sends it back to the report's page with a message; another region's report is 404
    # (tests/test_versies.py).
    "rapport_goedkeuren": Regel(
        rollen=dict.fromkeys(ROLLEN, 405), kwargs=kwartaal, post=alleen(Rol.PROJECTLEIDER, ok=302)
    ),
    "rapport_erkennen": Regel(
        rollen=dict.fromkeys(ROLLEN, 405), kwargs=kwartaal, post=alleen(Rol.PROJECTLEIDER, ok=302)
    ),
    "rapport_download": Regel(
        rollen=LEZERS,
        kwargs=kwartaal,
        vreemd_object=kwartaal_b,
        varianten={
            "maandrapport van de eigen gemeente": (eigen_gemeente, LEZERS),
            "maandrapport van een andere gemeente": (andere_gemeente, ANDERE_GEMEENTE),
            "concept (versie 2 naast goedgekeurde versie 1)": (concept, CONCEPT),
            # The world's bestuurder is a gemeente's: a partner's report is not its own (a partner's own
            # bestuurder: tests/test_partnerrapport.py).
            "maandrapport van een partner": (partner, ANDERE_GEMEENTE),
        },
    ),
    # Exports of aggregated figures: the projectleider only.
    "rapporten_export_csv": Regel(rollen=alleen(Rol.PROJECTLEIDER), kwargs=regio),
    "rapporten_export_xlsx": Regel(rollen=alleen(Rol.PROJECTLEIDER), kwargs=regio),
    # A provider's bestuurder or begeleider: its own organisation's rows (the test world's bestuurder is a gemeente's).
    "rapporten_werkmonitor": Regel(rollen=alleen(Rol.PROJECTLEIDER, Rol.TRAJECTBEGELEIDER), kwargs=regio),
    "werkmonitor": Regel(rollen=alleen(Rol.PROJECTLEIDER, Rol.TRAJECTBEGELEIDER), kwargs=regio),
}
