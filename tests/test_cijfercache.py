"""Cached figures (rapportage/cijfercache.py): a repeat costs one query, and every kind of write to the data
the figures read — one row or in bulk, by an action, the ORM or plain SQL — makes the next call compute
afresh, in its own region only. Each invalidation test compares the cached result after the change with a
computation that bypasses the cache, and checks the change did alter the figures, so a missing trigger
shows up as stale figures."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from hoofdzaak.models import Doelstelling, Rol
from rapportage import cijfercache, figuren
from rapportage.figuren import Filters, Periode, bereken, maandtrend
from rapportage.models import Cijferstand
from tests.fabriek import D, contact, maak_werkgever, plaatsing, traject, werkgeverscontact
from trajecten.models import Contactmoment, ContactSoort, Deelnemer, Plaatsing, Traject

JAAR = Periode.jaar(2025)
PEIL = D(2026, 6, 30)


def _cijfers(rw, **kwargs):
    return bereken(regio=rw.regio, periode=JAAR, peildatum=PEIL, **kwargs)


def _vers(rw, **kwargs):
    return figuren._bereken(regio=rw.regio, periode=JAAR, peildatum=PEIL, filters=kwargs.get("filters", Filters()))


def _aantal_queries(functie) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        uitkomst = functie()
    return len(queries.captured_queries), uitkomst


@pytest.fixture
def gevuld(wereld):
    a = wereld.a
    t = traject(a, start=D(2025, 3, 1), gemeente="gemeente")
    plaatsing(t, D(2025, 4, 1))
    contact(t, D(2025, 3, 10), ContactSoort.WERKGEVERSCONTACT)
    traject(a, start=D(2025, 5, 1), gemeente="gemeente2")
    traject(wereld.b, start=D(2025, 5, 1))
    return wereld


def test_herhaling_kost_een_query_en_geeft_hetzelfde(gevuld):
    a = gevuld.a
    koud, eerste = _aantal_queries(lambda: _cijfers(a))
    warm, tweede = _aantal_queries(lambda: _cijfers(a))
    assert koud > 5
    assert warm == 1  # the region's data version
    assert tweede == eerste == _vers(a)
    # Other arguments are other entries.
    assert _aantal_queries(lambda: _cijfers(a, filters=Filters(methode="ips")))[0] > 5
    assert _aantal_queries(lambda: bereken(regio=a.regio, periode=JAAR, peildatum=D(2026, 7, 1)))[0] > 5
    assert _aantal_queries(lambda: maandtrend(regio=a.regio, tot=D(2025, 12, 31)))[0] == 2
    assert _aantal_queries(lambda: maandtrend(regio=a.regio, tot=D(2025, 12, 31)))[0] == 1


def _nieuwe_start(rw):
    traject(rw, start=D(2025, 6, 1))


def _bulk_update(rw):
    Traject.objects.filter(regio=rw.regio).update(einddatum=D(2025, 6, 1), status="beeindigd", eindreden="anders")


def _traject_weg(rw):
    t = Traject.objects.filter(regio=rw.regio, startdatum=D(2025, 5, 1)).get()
    t.delete()
    Deelnemer.objects.filter(pk=t.deelnemer_id).delete()


def _plaatsing_erbij(rw):
    plaatsing(Traject.objects.filter(regio=rw.regio, startdatum=D(2025, 5, 1)).get(), D(2025, 6, 1))


def _plaatsing_weg(rw):
    Plaatsing.objects.filter(regio=rw.regio).delete()


def _werkgeverscontact_erbij(rw):
    contact(Traject.objects.filter(regio=rw.regio, startdatum=D(2025, 5, 1)).get(), D(2025, 5, 3), "werkgeverscontact")


def _bedrijfsbezoek_erbij(rw):
    """A begeleider's general company visit counts as a face-to-face employer contact (IPS)."""
    werkgeverscontact(rw, maak_werkgever(rw), D(2025, 5, 3), rw.gebruikers[Rol.TRAJECTBEGELEIDER])


def _contact_naar_peer(rw):
    Contactmoment.objects.filter(regio=rw.regio).update(soort=ContactSoort.PEER_SUPPORT)


def _peer_supporter_toegewezen(rw):
    Deelnemer.objects.filter(regio=rw.regio).update(peer_supporter=rw.gebruikers[Rol.PEER_SUPPORTER])


def _verhuisd(rw):
    Deelnemer.objects.filter(regio=rw.regio).update(woongemeente=rw.organisaties["gemeente2"])


def _gemeente_hernoemd(rw):
    gemeente = rw.organisaties["gemeente"]
    gemeente.naam = "Gemeente Nieuwe Naam"
    gemeente.save(update_fields=["naam"])


def _doel_gezet(rw):
    Doelstelling.objects.create(regio=rw.regio, jaar=2025, aantal=120)


def _met_sql(rw):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE trajecten_traject SET methode = 'jobcoaching' WHERE regio_id = %s", [rw.regio.pk])


@pytest.mark.parametrize(
    "wijziging",
    [
        _nieuwe_start,
        _bulk_update,
        _traject_weg,
        _plaatsing_erbij,
        _plaatsing_weg,
        _werkgeverscontact_erbij,
        _bedrijfsbezoek_erbij,
        _contact_naar_peer,
        _peer_supporter_toegewezen,
        _verhuisd,
        _gemeente_hernoemd,
        _doel_gezet,
        _met_sql,
    ],
)
def test_elke_wijziging_maakt_de_cijfers_van_de_regio_opnieuw(gevuld, wijziging):
    a, b = gevuld.a, gevuld.b
    gemeente = Filters(gemeente_id=a.organisaties["gemeente"].pk)
    voor = _cijfers(a)
    voor_gemeente = _cijfers(a, filters=gemeente)
    voor_b = _cijfers(b)
    versie_b = cijfercache.versie(b.regio.pk)

    wijziging(a)

    na, na_gemeente = _cijfers(a), _cijfers(a, filters=gemeente)
    assert na == _vers(a)
    assert na_gemeente == _vers(a, filters=gemeente)
    assert (na, na_gemeente) != (voor, voor_gemeente)  # the change mattered: a stale cache would fail above
    # The other region keeps its version and its cached figures.
    assert cijfercache.versie(b.regio.pk) == versie_b
    assert _aantal_queries(lambda: _cijfers(b)) == (1, voor_b)


def test_teruggedraaide_wijziging_laat_niets_achter(gevuld):
    a = gevuld.a
    voor = _cijfers(a)
    with pytest.raises(RuntimeError), transaction.atomic():
        traject(a, start=D(2025, 7, 1))
        binnen = _cijfers(a)
        assert binnen.gestart == voor.gestart + 1  # the open transaction sees its own write
        raise RuntimeError("terugdraaien")
    assert _cijfers(a) == voor == _vers(a)


def test_nieuwe_regio_heeft_meteen_een_versie(wereld):
    from hoofdzaak.models import Regio

    regio = Regio.objects.create(naam="Nieuwe regio", slug="nieuwe-regio", code="NR")
    assert Cijferstand.objects.filter(regio_id=regio.pk).exists()
    Cijferstand.objects.filter(regio_id=regio.pk).delete()  # even without its row: created on demand
    versie = cijfercache.versie(regio.pk)
    assert Cijferstand.objects.get(regio_id=regio.pk).versie.hex == versie == cijfercache.versie(regio.pk)


def test_uit_met_nul_seconden(gevuld, settings):
    settings.PORTAAL_CIJFERCACHE_SECONDEN = 0
    a = gevuld.a
    eerste, _ = _aantal_queries(lambda: _cijfers(a))
    tweede, _ = _aantal_queries(lambda: _cijfers(a))
    assert eerste == tweede > 5


def test_duurzaam_maanden_hoort_bij_de_sleutel(wereld, settings):
    a = wereld.a
    t = traject(a, start=D(2025, 1, 1))
    plaatsing(t, D(2025, 1, 1))  # six months on 1 July, three on 1 April
    assert _cijfers(a).duurzame_plaatsingen == 1
    settings.DUURZAAM_MAANDEN = 12
    assert _cijfers(a).duurzame_plaatsingen == 0


def test_onbereikbare_cache_geeft_toch_cijfers(gevuld, settings, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    a = gevuld.a
    assert _cijfers(a) == _vers(a)
    assert "cijfercache niet bereikbaar" in caplog.text


def test_cache_bewaart_onder_de_versie(gevuld):
    """The entry is stored under the version read before computing, and expires (privacy)."""
    a = gevuld.a
    _cijfers(a)
    versie = cijfercache.versie(a.regio.pk)
    sleutels = [s for s in cache._cache.get_client().keys(f"*cijfers:*:{a.regio.pk}:{versie}:bereken:*")]
    assert len(sleutels) == 1
    assert 0 < cache._cache.get_client().ttl(sleutels[0]) <= 3600
