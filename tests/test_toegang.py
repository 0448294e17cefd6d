"""Known answers for the grant function: each fact, each combination, and recomputation."""

from __future__ import annotations

import datetime
import itertools

import pytest

from hoofdzaak.models import Rol
from trajecten.models import Deelnemer, Toestemming, Traject, TrajectStatus
from trajecten.toegang import BEHEER, HISTORIE, PEER, VOLG, herbereken_toegang, toegang_van

VANDAAG = datetime.date(2026, 6, 15)
pytestmark = pytest.mark.django_db


def _deelnemer(w, **extra) -> Deelnemer:
    return Deelnemer.objects.create(
        regio=w.regio,
        nummer=f"HR-2026-{Deelnemer.objects.count() + 1:04d}",
        voornaam="Kees",
        achternaam="Jansen",
        geboortedatum=datetime.date(1985, 1, 1),
        woongemeente=w.organisaties["gemeente"],
        uitkering="ww",
        **extra,
    )


def _traject(
    w, deelnemer, aanbieder="ggz", verwijzer=None, status=TrajectStatus.GESTART, eindreden="", einddatum=None
) -> Traject:
    return Traject.objects.create(
        regio=w.regio,
        deelnemer=deelnemer,
        methode="ips",
        aanbieder=w.organisaties[aanbieder],
        verwijzer=w.organisaties[verwijzer] if verwijzer else None,
        verwijsdatum=VANDAAG - datetime.timedelta(days=400),
        status=status,
        eindreden=eindreden,
        einddatum=einddatum,
    )


def _overgedragen(w, deelnemer, aanbieder="ggz", dagen_geleden=10) -> Traject:
    """A trajectory of `aanbieder` that ended `dagen_geleden` days ago, handed over to another provider."""
    return _traject(
        w,
        deelnemer,
        aanbieder=aanbieder,
        status=TrajectStatus.BEEINDIGD,
        eindreden="overgedragen",
        einddatum=VANDAAG - datetime.timedelta(days=dagen_geleden),
    )


def _toestemming(w, deelnemer, organisatie, *, van=-30, tot=300, ingetrokken=None) -> Toestemming:
    return Toestemming.objects.create(
        regio=w.regio,
        deelnemer=deelnemer,
        organisatie=w.organisaties[organisatie],
        gegeven_op=VANDAAG + datetime.timedelta(days=van),
        geldig_tot=VANDAAG + datetime.timedelta(days=tot),
        ingetrokken_op=ingetrokken,
        vorm="schriftelijk",
        vastgelegd_door=w.gebruikers[Rol.TRAJECTBEGELEIDER],
    )


def groep(w, organisatie, recht):
    return (w.organisaties[organisatie].groep_id, recht)


def test_alleen_aanbieder_krijgt_beheer(wereld):
    w = wereld.a
    deelnemer = _deelnemer(w)
    _traject(w, deelnemer, verwijzer="gemeente2")
    herbereken_toegang(deelnemer, VANDAAG)
    assert toegang_van(deelnemer) == ({groep(w, "ggz", BEHEER)}, set())


def test_twee_aanbieders_krijgen_beide_beheer(wereld):
    w = wereld.a
    deelnemer = _deelnemer(w)
    _traject(w, deelnemer, aanbieder="ggz", status=TrajectStatus.BEEINDIGD)
    _traject(w, deelnemer, aanbieder="reintegratie")
    herbereken_toegang(deelnemer, VANDAAG)
    assert toegang_van(deelnemer)[0] == {groep(w, "ggz", BEHEER), groep(w, "reintegratie", BEHEER)}


def test_afgewezen_aanmelding_geeft_aanbieder_niets(wereld):
    w = wereld.a
    deelnemer = _deelnemer(w)
    _traject(w, deelnemer, verwijzer="gemeente2", status=TrajectStatus.AFGEWEZEN)
    _toestemming(w, deelnemer, "gemeente2")
    herbereken_toegang(deelnemer, VANDAAG)
    assert toegang_van(deelnemer) == ({groep(w, "gemeente2", VOLG)}, set())


@pytest.mark.parametrize(
    ("dagen_geleden", "verwacht"), [(0, True), (90, True), (91, False), (300, False)], ids=lambda x: str(x)
)
def test_overgedragen_traject_geeft_de_oude_aanbieder_een_periode_historie(wereld, settings, dagen_geleden, verwacht):
    """After a handover the old provider reads its own history for PORTAAL_INZAGE_NA_OVERDRACHT_DAGEN days
    (90 here, inclusive), instead of the full record; the new provider gets the full record."""
    settings.PORTAAL_INZAGE_NA_OVERDRACHT_DAGEN = 90
    w = wereld.a
    deelnemer = _deelnemer(w)
    _overgedragen(w, deelnemer, dagen_geleden=dagen_geleden)
    _traject(w, deelnemer, aanbieder="reintegratie", verwijzer="ggz")
    herbereken_toegang(deelnemer, VANDAAG)
    historie = {groep(w, "ggz", HISTORIE)} if verwacht else set()
    assert toegang_van(deelnemer) == ({groep(w, "reintegratie", BEHEER)} | historie, set())


def test_historie_niet_naast_beheer_van_dezelfde_aanbieder(wereld):
    """An organisation that handed one trajectory over but runs another for the participant keeps the full record."""
    w = wereld.a
    deelnemer = _deelnemer(w)
    _overgedragen(w, deelnemer)
    _traject(w, deelnemer, aanbieder="ggz")
    herbereken_toegang(deelnemer, VANDAAG)
    assert toegang_van(deelnemer) == ({groep(w, "ggz", BEHEER)}, set())


def test_anders_beeindigd_traject_houdt_beheer(wereld):
    """Only a handover ends the old provider's full record; a trajectory ended for another reason keeps it."""
    w = wereld.a
    deelnemer = _deelnemer(w)
    _traject(w, deelnemer, status=TrajectStatus.BEEINDIGD, eindreden="betaald_werk", einddatum=VANDAAG)
    herbereken_toegang(deelnemer, VANDAAG)
    assert toegang_van(deelnemer) == ({groep(w, "ggz", BEHEER)}, set())


# Each fact that can add a grant, alone and in every combination.
FEITEN = {
    "verwijzer_toestemming": lambda w, d: _toestemming(w, d, "gemeente2"),
    "woongemeente_toestemming": lambda w, d: _toestemming(w, d, "gemeente"),
    "uwv_toestemming": lambda w, d: _toestemming(w, d, "uwv"),
    "peer": lambda w, d: Deelnemer.objects.filter(pk=d.pk).update(peer_supporter=w.gebruikers[Rol.PEER_SUPPORTER]),
}
VERWACHT = {
    "verwijzer_toestemming": lambda w: ({groep(w, "gemeente2", VOLG)}, set()),
    "woongemeente_toestemming": lambda w: ({groep(w, "gemeente", VOLG)}, set()),
    "uwv_toestemming": lambda w: ({groep(w, "uwv", VOLG)}, set()),
    "peer": lambda w: (set(), {(w.gebruikers[Rol.PEER_SUPPORTER].pk, PEER)}),
}
COMBINATIES = [c for n in range(len(FEITEN) + 1) for c in itertools.combinations(sorted(FEITEN), n)]


@pytest.mark.parametrize("feiten", COMBINATIES, ids=lambda c: "+".join(c) or "geen")
def test_elke_combinatie_van_feiten(wereld, feiten):
    w = wereld.a
    deelnemer = _deelnemer(w)
    _traject(w, deelnemer, verwijzer="gemeente2")
    for feit in feiten:
        FEITEN[feit](w, deelnemer)
    deelnemer.refresh_from_db()
    herbereken_toegang(deelnemer, VANDAAG)
    groepen, gebruikers = {groep(w, "ggz", BEHEER)}, set()
    for feit in feiten:
        extra_groepen, extra_gebruikers = VERWACHT[feit](w)
        groepen |= extra_groepen
        gebruikers |= extra_gebruikers
    assert toegang_van(deelnemer) == (groepen, gebruikers)


@pytest.mark.parametrize(
    "toestemming",
    [
        {"van": -400, "tot": -1},  # expired yesterday
        {"van": 1, "tot": 300},  # given only tomorrow
        {"ingetrokken": VANDAAG},  # withdrawn today
        {"ingetrokken": VANDAAG - datetime.timedelta(days=5)},
    ],
    ids=["verlopen", "nog_niet_geldig", "vandaag_ingetrokken", "eerder_ingetrokken"],
)
def test_ongeldige_toestemming_geeft_geen_volgrecht(wereld, toestemming):
    w = wereld.a
    deelnemer = _deelnemer(w)
    _traject(w, deelnemer, verwijzer="gemeente2")
    _toestemming(w, deelnemer, "gemeente2", **toestemming)
    herbereken_toegang(deelnemer, VANDAAG)
    assert toegang_van(deelnemer) == ({groep(w, "ggz", BEHEER)}, set())


def test_toestemming_voor_een_andere_organisatie_geeft_niets(wereld):
    """Consent only opens progress to the referrer, the woongemeente or UWV."""
    w = wereld.a
    deelnemer = _deelnemer(w)
    _traject(w, deelnemer)
    _toestemming(w, deelnemer, "reintegratie")
    _toestemming(w, deelnemer, "wsp")
    herbereken_toegang(deelnemer, VANDAAG)
    assert toegang_van(deelnemer) == ({groep(w, "ggz", BEHEER)}, set())


def test_herberekenen_haalt_vervallen_rechten_weg_en_laat_de_rest(wereld):
    w = wereld.a
    deelnemer = _deelnemer(w, peer_supporter=w.gebruikers[Rol.PEER_SUPPORTER])
    _traject(w, deelnemer, verwijzer="gemeente2")
    toestemming = _toestemming(w, deelnemer, "gemeente2")
    herbereken_toegang(deelnemer, VANDAAG)
    voor = toegang_van(deelnemer)
    assert groep(w, "gemeente2", VOLG) in voor[0]

    Toestemming.objects.filter(pk=toestemming.pk).update(ingetrokken_op=VANDAAG)
    Deelnemer.objects.filter(pk=deelnemer.pk).update(peer_supporter=None)
    deelnemer.refresh_from_db()
    herbereken_toegang(deelnemer, VANDAAG)
    assert toegang_van(deelnemer) == ({groep(w, "ggz", BEHEER)}, set())


def test_herberekenen_is_idempotent(wereld):
    w = wereld.a
    deelnemer = _deelnemer(w)
    _traject(w, deelnemer, verwijzer="gemeente2")
    _toestemming(w, deelnemer, "gemeente2")
    herbereken_toegang(deelnemer, VANDAAG)
    eerst = toegang_van(deelnemer)
    herbereken_toegang(deelnemer, VANDAAG)
    assert toegang_van(deelnemer) == eerst


def _deelnemer_met(w, feiten, variant: int) -> Deelnemer:
    """A participant with the given facts; `variant` adds a declined trajectory, a second provider, an
    invalid consent, or a handover to another provider within or past the period to read its history, so the
    set-based version meets every rule."""
    deelnemer = _deelnemer(w)
    _traject(w, deelnemer, verwijzer="gemeente2")
    if variant == 1:
        _traject(w, deelnemer, aanbieder="reintegratie", status=TrajectStatus.AFGEWEZEN)
    elif variant == 2:
        _traject(w, deelnemer, aanbieder="reintegratie", verwijzer="uwv", status=TrajectStatus.BEEINDIGD)
    elif variant == 3:
        _toestemming(w, deelnemer, "gemeente", van=-400, tot=-1)
    elif variant == 4:
        _overgedragen(w, deelnemer, aanbieder="reintegratie", dagen_geleden=5)
    elif variant == 5:
        _overgedragen(w, deelnemer, aanbieder="uwv", dagen_geleden=400)
    for feit in feiten:
        FEITEN[feit](w, deelnemer)
    deelnemer.refresh_from_db()
    return deelnemer


def test_set_based_gelijk_aan_per_deelnemer(wereld):
    """Known answer: `gewenste_toegang_bulk` and `herbereken_toegang_bulk` over many participants give
    exactly what `gewenste_toegang` / `herbereken_toegang` give one by one, in a bounded number of queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from trajecten.toegang import gewenste_toegang, gewenste_toegang_bulk, herbereken_toegang_bulk

    w = wereld.a
    deelnemers = [_deelnemer_met(w, feiten, i % 6) for i, feiten in enumerate(COMBINATIES * 2)]
    assert any(codename == HISTORIE for d in deelnemers for _g, codename in gewenste_toegang(d, VANDAAG)[0]), (
        "the variants reach the history rule"
    )
    verwacht = {d.pk: gewenste_toegang(d, VANDAAG) for d in deelnemers}
    feiten = [(d.pk, d.woongemeente_id, d.peer_supporter_id) for d in deelnemers]
    assert gewenste_toegang_bulk(feiten, VANDAAG) == verwacht

    # Stale grants (some too many, some missing) are brought in line, set-based.
    for d in deelnemers[::3]:
        herbereken_toegang(d, VANDAAG)
    Toestemming.objects.filter(deelnemer__in=deelnemers[::2]).update(ingetrokken_op=VANDAAG)
    Deelnemer.objects.filter(pk__in=[d.pk for d in deelnemers[::5]]).update(peer_supporter=None)
    with CaptureQueriesContext(connection) as queries:
        herbereken_toegang_bulk([d.pk for d in deelnemers], VANDAAG)
    assert len(queries) <= 12, [q["sql"] for q in queries]
    for d in deelnemers:
        d.refresh_from_db()
        assert toegang_van(d) == gewenste_toegang(d, VANDAAG), d.nummer
