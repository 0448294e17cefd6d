"""hoofdzaak/vaste_query.py: the per-request queries with their SQL built once give what their ORM twins give."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from hoofdzaak.models import Gebruiker, Lidmaatschap, Rol
from hoofdzaak.tenancy import ACTIEVE_LIDMAATSCHAPPEN, met_lidmaatschappen
from hoofdzaak.vaste_query import VasteQuery

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
