"""hoofdzaak/vaste_query.py: the per-request queries with their SQL built once give what their ORM twins give; a
QuerySjabloon refuses or checks what it cannot answer as its ORM queryset would."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from hoofdzaak.models import Gebruiker, Lidmaatschap, Rol
from hoofdzaak.tenancy import ACTIEVE_LIDMAATSCHAPPEN, met_lidmaatschappen
from hoofdzaak.vaste_query import QuerySjabloon, VasteQuery
from tests.fabriek import D, ctx_van
from trajecten.models import Deelnemer

pytestmark = pytest.mark.django_db


def velden(instantie) -> dict:
    return {veld.attname: getattr(instantie, veld.attname) for veld in type(instantie)._meta.concrete_fields}


def klantmanager_in_twee_regios(wereld):
    """A user with several memberships, in two regions, one of them inactive."""
    gebruiker = wereld.a.gebruikers[Rol.KLANTMANAGER]
    Lidmaatschap.objects.create(
        gebruiker=gebruiker, organisatie=wereld.b.organisaties["gemeente"], regio=wereld.b.regio, rol=Rol.KLANTMANAGER
    )
    Lidmaatschap.objects.create(
        gebruiker=gebruiker,
        organisatie=wereld.a.organisaties["programmabureau"],
        regio=wereld.a.regio,
        rol=Rol.PROJECTLEIDER,
        actief=False,
    )
    return gebruiker


def test_lidmaatschappen_als_hun_orm_tweeling(wereld):
    gebruiker = klantmanager_in_twee_regios(wereld)
    orm = list(
        Lidmaatschap.objects.filter(gebruiker=gebruiker, actief=True)
        .select_related("regio", "organisatie")
        .order_by("pk")
    )
    with CaptureQueriesContext(connection) as queries:
        vast = ACTIEVE_LIDMAATSCHAPPEN.lijst([gebruiker.pk])
        for lid in vast:  # the related ones come with it, as with select_related
            lid.regio.naam, lid.organisatie.naam  # noqa: B018
    assert len(queries) == 1 and len(orm) == 2
    assert [velden(m) for m in vast] == [velden(m) for m in orm]
    assert [velden(m.regio) for m in vast] == [velden(m.regio) for m in orm]
    assert [velden(m.organisatie) for m in vast] == [velden(m.organisatie) for m in orm]
    assert all(not m._state.adding and m._state.db == "default" for m in vast)
    assert ACTIEVE_LIDMAATSCHAPPEN.lijst([0]) == []


@pytest.mark.parametrize("model", [TOTPDevice, StaticDevice])
def test_apparaat_met_gebruiker_als_zijn_orm_tweeling(wereld, model):
    gebruiker = wereld.a.gebruikers[Rol.TRAJECTBEGELEIDER]
    apparaat = model.objects.create(user=gebruiker, name="Test", confirmed=True)
    query = VasteQuery(model, ("user",), waar='t."id" = %s AND t."user_id" = %s', limiet=1)
    orm = model.objects.select_related("user").get(pk=apparaat.pk)
    (vast,) = query.lijst([apparaat.pk, gebruiker.pk])
    assert velden(vast) == velden(orm) and velden(vast.user) == velden(orm.user)
    assert query.lijst([apparaat.pk, wereld.a.gebruikers[Rol.KLANTMANAGER].pk]) == []


def test_een_veld_dat_omgezet_wordt_gaat_via_de_orm():
    from trajecten.models import Deelnemer

    with pytest.raises(TypeError, match="wens_sectoren"):
        VasteQuery(Deelnemer, (), waar="true").sql()


def test_apparaat_en_gebruiker_met_de_lidmaatschappen_in_een_rondgang(wereld):
    gebruiker = klantmanager_in_twee_regios(wereld)
    zonder = Gebruiker.objects.create_user(email="zonder@lid.test", naam="Zonder", password="x")
    query = met_lidmaatschappen(VasteQuery(TOTPDevice, ("user",), waar='t."id" = %s AND t."user_id" = %s'), "r0")
    for wie, aantal in ((gebruiker, 2), (zonder, 0)):
        apparaat = TOTPDevice.objects.create(user=wie, name="Test", confirmed=True)
        with CaptureQueriesContext(connection) as queries:
            ((vast, lidmaatschappen),) = query.lijst([apparaat.pk, wie.pk])
        orm = list(ACTIEVE_LIDMAATSCHAPPEN.lijst([wie.pk]))
        assert len(queries) == 1 and len(lidmaatschappen) == aantal
        assert velden(vast) == velden(apparaat) and velden(vast.user) == velden(wie)
        assert [velden(m) for m in lidmaatschappen] == [velden(m) for m in orm]
        assert [velden(m.regio) for m in lidmaatschappen] == [velden(m.regio) for m in orm]
        assert [velden(m.organisatie) for m in lidmaatschappen] == [velden(m.organisatie) for m in orm]
    assert query.lijst([apparaat.pk, gebruiker.pk]) == []


# --- QuerySjabloon: a queryset of fixed shape compiled once -----------------------------------------------------


def _als_orm(gebruiker_rol, wereld, deelnemer, *, regio=None):
    """`_een_deelnemer` through the template and through the ORM, for the user of that role in region A."""
    from trajecten import access

    ctx = ctx_van(wereld.a, gebruiker_rol)
    niveau = access.niveau_van(ctx)
    waarden = {"regio_id": (regio or wereld.a.regio).pk, "nummer": deelnemer.nummer}
    waarden |= access._toegangswaarden(ctx, niveau)
    sjabloon = access._EEN_DEELNEMER[niveau]
    with CaptureQueriesContext(connection) as queries:
        vast = sjabloon.lijst(**waarden)
    orm = list(access._een_deelnemer(niveau, **waarden))
    assert len([q for q in queries.captured_queries if not q["sql"].startswith("PREPARE")]) == 1
    return vast, orm


@pytest.mark.parametrize("rol", [Rol.TRAJECTBEGELEIDER, Rol.KLANTMANAGER, Rol.PEER_SUPPORTER])
def test_een_deelnemer_via_het_sjabloon_als_via_de_orm(wereld, dossiers, settings, rol):
    settings.PORTAAL_QUERYSJABLONEN_CONTROLEREN = False  # what production runs: the SQL compiled once only
    gezien = 0
    for dossier in (dossiers.eigen, dossiers.zonder_toestemming, dossiers.ingetrokken, dossiers.andere_regio):
        vast, orm = _als_orm(rol, wereld, dossier)
        assert [velden(d) for d in vast] == [velden(d) for d in orm]
        assert [(velden(d.woongemeente), d.peer_supporter_id) for d in vast] == [
            (velden(d.woongemeente), d.peer_supporter_id) for d in orm
        ]
        assert [getattr(d, "volledig", None) for d in vast] == [getattr(d, "volledig", None) for d in orm]
        gezien += len(vast)
    assert gezien >= 1  # each role sees its own participant and not the other region's
    assert _als_orm(rol, wereld, dossiers.andere_regio) == ([], [])


def test_sjabloon_weigert_een_waarde_die_een_lookup_verandert():
    sjabloon = QuerySjabloon(lambda nummer: Deelnemer.objects.filter(nummer__contains=nummer), {"nummer": str})
    with pytest.raises(ValueError, match="niet letterlijk"):
        sjabloon.lijst(nummer="RM")


def test_sjabloon_met_een_waarde_van_een_andere_soort_vraagt_de_orm(wereld, dossiers, settings):
    settings.PORTAAL_QUERYSJABLONEN_CONTROLEREN = False
    sjabloon = QuerySjabloon(
        lambda peer: Deelnemer.objects.filter(peer_supporter_id=peer).order_by("pk"), {"peer": int}
    )
    zonder = list(Deelnemer.objects.filter(peer_supporter__isnull=True).order_by("pk"))
    assert zonder and sjabloon.lijst(peer=None) == zonder  # None changes the SQL's shape (IS NULL): the ORM answers
    met = dossiers.eigen.peer_supporter_id
    assert sjabloon.lijst(peer=met) == list(Deelnemer.objects.filter(peer_supporter_id=met).order_by("pk"))


def test_controle_vangt_een_sjabloon_waarvan_de_vorm_van_de_waarde_afhangt(wereld, dossiers, settings):
    def bouw(pk):  # not of fixed shape: the stand-ins (20,000 and up) take the first branch, small values the second
        return Deelnemer.objects.filter(pk=pk) if pk >= 20_000 else Deelnemer.objects.filter(pk__gte=pk)

    sjabloon = QuerySjabloon(bouw, {"pk": int})
    settings.PORTAAL_QUERYSJABLONEN_CONTROLEREN = True
    with pytest.raises(RuntimeError, match="wijkt af van de ORM"):
        sjabloon.lijst(pk=5)


def test_sjabloon_weigert_een_datum_die_geen_waarde_is():
    """A date the queryset takes itself (timezone.localdate() in VacatureQuerySet.open) would stay the day it was
    compiled: the template refuses it; the caller passes the day as a value."""
    from werkgevers.models import Vacature

    sjabloon = QuerySjabloon(lambda regio_id: Vacature.objects.filter(regio_id=regio_id).open(), {"regio_id": int})
    with pytest.raises(ValueError, match="datum"):
        sjabloon.lijst(regio_id=1)


def test_sjabloon_met_een_lijst_per_lengte_als_de_orm(wereld, dossiers, settings):
    settings.PORTAAL_QUERYSJABLONEN_CONTROLEREN = False
    from trajecten.models import Traject

    sjabloon = QuerySjabloon(
        lambda regio_id, ids: Traject.objects.filter(regio_id=regio_id, pk__in=ids).order_by("pk"),
        {"regio_id": int, "ids": list},
    )
    eigen = list(Traject.objects.filter(regio=wereld.a.regio).order_by("pk"))
    ander = Traject.objects.filter(regio=wereld.b.regio).first()
    assert len(eigen) >= 2 and ander is not None
    for ids in ([eigen[0].pk], [eigen[1].pk, eigen[0].pk], [eigen[0].pk, ander.pk], [e.pk for e in eigen]):
        orm = list(Traject.objects.filter(regio_id=wereld.a.regio.pk, pk__in=ids).order_by("pk"))
        assert sjabloon.lijst(regio_id=wereld.a.regio.pk, ids=ids) == orm
    with CaptureQueriesContext(connection) as queries:
        assert sjabloon.lijst(regio_id=wereld.a.regio.pk, ids=[]) == []  # the ORM's answer, without a query
    assert len(queries) == 0


def test_sjabloon_met_values_en_values_list_als_de_orm(wereld, dossiers, settings):
    """The figures' shared queries (rapportage/figuren.py) read values() and values_list() rows: dicts and tuples
    as the ORM gives them, with their converters (TruncMonth's date)."""
    from django.db.models import Count
    from django.db.models.functions import TruncMonth

    from trajecten.models import Traject

    settings.PORTAAL_QUERYSJABLONEN_CONTROLEREN = False

    def per_maand(regio_id):
        trajecten = Traject.objects.filter(regio_id=regio_id, startdatum__isnull=False)
        return (
            trajecten.annotate(maand=TruncMonth("startdatum")).values("maand").annotate(n=Count("pk")).order_by("maand")
        )

    def per_status(regio_id):
        return (
            Traject.objects.filter(regio_id=regio_id).values_list("status").annotate(n=Count("pk")).order_by("status")
        )

    for bouw in (per_maand, per_status):
        sjabloon = QuerySjabloon(bouw, {"regio_id": int})
        for regio in (wereld.a.regio, wereld.b.regio):
            orm = list(bouw(regio.pk))
            assert orm and sjabloon.lijst(regio_id=regio.pk) == orm
    assert isinstance(orm[0], tuple) and isinstance(list(per_maand(regio.pk))[0]["maand"], datetime.date)


def test_sjabloon_gelijke_waarden_delen_een_schildwacht(wereld, dossiers, settings):
    """Values equal in a call get one stand-in, so a queryset that counts two equal date ranges once (as the
    figures' `_gedeeld`) is compiled per pattern of equal values, each as its ORM queryset (checked per call)."""
    from django.db.models import Count, Q

    from trajecten.models import Traject

    settings.PORTAAL_QUERYSJABLONEN_CONTROLEREN = True

    def bouw(regio_id, van, tot, jaar_van):
        tellingen = {"maand": Count("pk", filter=Q(startdatum__range=(van, tot)))}
        if jaar_van != van:
            tellingen["jaar"] = Count("pk", filter=Q(startdatum__range=(jaar_van, tot)))
        return Traject.objects.filter(regio_id=regio_id).values_list("regio").annotate(**tellingen).order_by()

    sjabloon = QuerySjabloon(
        bouw, {"regio_id": int, "van": datetime.date, "tot": datetime.date, "jaar_van": datetime.date}
    )
    regio_id = wereld.a.regio.pk
    for van, tot in (
        (D(2026, 1, 1), D(2026, 1, 31)),
        (D(2026, 3, 1), D(2026, 3, 31)),
        (D(2025, 1, 1), D(2025, 12, 31)),
    ):
        waarden = {"regio_id": regio_id, "van": van, "tot": tot, "jaar_van": van.replace(month=1)}
        assert sjabloon.lijst(**waarden) == list(bouw(**waarden))
    assert len(sjabloon._vertaald) == 2  # January and a whole year alike (one count); March (two)


def test_zet_voorgeladen_als_prefetch_related(wereld, dossiers):
    from django.db.models import prefetch_related_objects

    from hoofdzaak.vaste_query import zet_voorgeladen
    from trajecten.models import Traject, TrajectStatusWijziging

    trajecten = list(Traject.objects.filter(regio=wereld.a.regio).order_by("pk"))
    django = list(Traject.objects.filter(regio=wereld.a.regio).order_by("pk"))
    prefetch_related_objects(django, "statuswijzigingen")
    rijen = list(TrajectStatusWijziging.objects.filter(traject__in=trajecten))
    assert len(trajecten) >= 2 and rijen
    zet_voorgeladen(trajecten, "statuswijzigingen", rijen)
    with CaptureQueriesContext(connection) as queries:
        eigen = [[(w.pk, w.traject is t) for w in t.statuswijzigingen.all()] for t in trajecten]
    assert len(queries) == 0
    assert eigen == [[(w.pk, True) for w in t.statuswijzigingen.all()] for t in django]
    # A filter on the cached rows still reads only the trajectory's own (the relation filter is kept).
    eerste = trajecten[0]
    assert set(eerste.statuswijzigingen.filter(pk__gt=0).values_list("traject_id", flat=True)) == {eerste.pk}
    with pytest.raises(TypeError):
        zet_voorgeladen([wereld.a.gebruikers[Rol.TRAJECTBEGELEIDER]], "groups", [])


# --- Prepared once per connection (PostgreSQL, outside transactions) -------------------------------------------


def test_sjabloon_buiten_een_transactie_voorbereid_en_als_de_orm(transactional_db, wereld, dossiers, settings):
    from django.db import transaction

    settings.PORTAAL_QUERYSJABLONEN_CONTROLEREN = False
    for _ in range(2):  # the first call prepares (if no test before did on this connection), the second executes
        vast, orm = _als_orm(Rol.TRAJECTBEGELEIDER, wereld, dossiers.eigen)
    assert vast and [velden(d) for d in vast] == [velden(d) for d in orm] and vast[0].volledig == orm[0].volledig
    with CaptureQueriesContext(connection) as queries:
        _als_orm(Rol.TRAJECTBEGELEIDER, wereld, dossiers.eigen)
    uitgevoerd = [q["sql"] for q in queries.captured_queries]
    assert sum(sql.startswith("EXECUTE hz_") for sql in uitgevoerd) == 1 and not any("PREPARE" in s for s in uitgevoerd)
    # In a transaction a statement prepared before is used too; a new one is not prepared there (plain SQL).
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        vast, orm = _als_orm(Rol.TRAJECTBEGELEIDER, wereld, dossiers.andere_regio)
        sjabloon = QuerySjabloon(lambda pk: Deelnemer.objects.filter(pk=pk), {"pk": int})
        assert sjabloon.lijst(pk=dossiers.eigen.pk) == [dossiers.eigen]
    uitgevoerd = [q["sql"] for q in queries.captured_queries]
    assert vast == orm == [] and sum(sql.startswith("EXECUTE hz_") for sql in uitgevoerd) == 1
    assert not any("PREPARE" in sql for sql in uitgevoerd)


def test_een_weigering_van_postgresql_voert_de_query_gewoon_uit(transactional_db, caplog):
    from hoofdzaak.vaste_query import _voorbereid

    with caplog.at_level("WARNING", logger="hoofdzaak.vaste_query"):
        assert _voorbereid("default", "SELECT %s + geen_kolom FROM hoofdzaak_regio", (1,)) is None
    assert "niet voor te bereiden" in caplog.text
    assert _voorbereid("default", "SELECT %s::int AS een", (1,)).startswith("EXECUTE hz_")
    with connection.cursor() as cursor:  # the connection is usable after the refusal
        cursor.execute(_voorbereid("default", "SELECT %s::int AS een", (1,)), (7,))
        assert cursor.fetchone() == (7,)


def test_sjabloon_op_een_andere_database_vraagt_de_orm(wereld, dossiers, settings, monkeypatch):
    """The demo's SQLite adapts a date to text as it goes in, so the compiled SQL's stand-ins are not found there:
    off PostgreSQL every call is the ORM's queryset (the participant page answered 500 in `make demo` before)."""
    from trajecten import access

    settings.PORTAAL_QUERYSJABLONEN_CONTROLEREN = False
    ctx = ctx_van(wereld.a, Rol.TRAJECTBEGELEIDER)
    waarden = {"regio_id": wereld.a.regio.pk, "nummer": dossiers.eigen.nummer}
    waarden |= access._toegangswaarden(ctx, access.Niveau.BEHEER)
    sjabloon = access._EEN_DEELNEMER[access.Niveau.BEHEER]
    monkeypatch.setattr(connection, "vendor", "sqlite")
    monkeypatch.setattr(sjabloon, "_vertaal", lambda *args: pytest.fail("compiled SQL used off PostgreSQL"))
    assert [d.pk for d in sjabloon.lijst(**waarden)] == [dossiers.eigen.pk]
