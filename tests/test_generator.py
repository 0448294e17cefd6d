"""The national-scale benchmark generator (bench/landelijk/, `python -m bench.genereer_landelijk`) at a tiny scale."""

from __future__ import annotations

import datetime
import io
import random

import pytest
from django.core.management import call_command
from django.db import connection

from bench import genereer_landelijk, landelijk
from hoofdzaak.audit import controleer_keten
from hoofdzaak.models import AuditRegel, Doelstelling, Gebruiker, Lidmaatschap, Organisatie, Regio, Rol, Soort
from trajecten.models import (
    Contactmoment,
    Deelnemer,
    DeelnemerGroupObjectPermission,
    DeelnemerUserObjectPermission,
    Plaatsing,
    Toestemming,
    Traject,
    TrajectStatus,
    TrajectStatusWijziging,
    Voordracht,
)
from trajecten.toegang import gewenste_toegang, herbereken_toegang, herbereken_toegang_bulk, toegang_van
from werkgevers.models import Vacature, Werkgever, Werkgeverscontact

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the generator uses PostgreSQL COPY")

SCHAAL = 0.002


@pytest.fixture
def gegenereerd(db):
    uit = io.StringIO()
    genereer_landelijk.main(["--schaal", str(SCHAAL)], uit=uit)
    return uit.getvalue()


def test_maakt_elke_soort_object(gegenereerd):
    assert Regio.objects.count() == 35
    for model in (
        Organisatie,
        Doelstelling,
        Gebruiker,
        Lidmaatschap,
        Werkgever,
        Werkgeverscontact,
        Vacature,
        Deelnemer,
        Traject,
        TrajectStatusWijziging,
        Toestemming,
        Contactmoment,
        Voordracht,
        Plaatsing,
        DeelnemerGroupObjectPermission,
        DeelnemerUserObjectPermission,
        AuditRegel,
    ):
        assert model.objects.exists(), model.__name__
    assert set(Organisatie.objects.values_list("soort", flat=True)) == set(Soort.values)
    assert set(Lidmaatschap.objects.values_list("rol", flat=True)) == set(Rol.values)
    assert set(Traject.objects.values_list("status", flat=True)) == set(TrajectStatus.values)
    assert Toestemming.objects.filter(ingetrokken_op__isnull=False).exists()
    assert Toestemming.objects.filter(geldig_tot__lt=datetime.date.today()).exists()
    assert Organisatie.objects.filter(soort=Soort.GEMEENTE).count() >= 300
    # One person per generated participant (figures' unique participants), not one for the whole COPY.
    assert Deelnemer.objects.values("persoon").distinct().count() == Deelnemer.objects.count()
    # Every organisation has its own group; every membership lies in its organisation's region.
    assert Organisatie.objects.values("groep").distinct().count() == Organisatie.objects.count()
    assert not Lidmaatschap.objects.exclude(regio=models_f("organisatie__regio")).exists()


def models_f(naam):
    from django.db.models import F

    return F(naam)


def test_benchmarkaccounts_en_aanbieders(gegenereerd):
    for _sleutel, email, rol, _org, _naam in landelijk.BENCH_ACCOUNTS:
        assert email in gegenereerd
        gebruiker = Gebruiker.objects.get(email=email)
        assert gebruiker.check_password(landelijk.BENCH_WACHTWOORD)
        assert Lidmaatschap.objects.filter(gebruiker=gebruiker, rol=rol, regio__naam=landelijk.BENCH_REGIO).exists()
    assert landelijk.BENCH_WACHTWOORD in gegenereerd
    # The second login step: the benchmark accounts have the demo authenticator app (manage.py demo_code).
    from django_otp.plugins.otp_totp.models import TOTPDevice

    assert TOTPDevice.objects.filter(user__email__startswith="bench-", confirmed=True).count() == len(
        landelijk.BENCH_ACCOUNTS
    )
    # Generated staff other than the benchmark accounts cannot log in.
    assert not Gebruiker.objects.exclude(email__startswith="bench-").first().has_usable_password()
    groot = Traject.objects.filter(aanbieder__naam=landelijk.GROOT).count()
    klein = Traject.objects.filter(aanbieder__naam=landelijk.KLEIN).count()
    assert groot == round(1000 * SCHAAL) and klein >= 1


def test_rechten_gelijk_aan_gewenste_toegang(gegenereerd):
    vandaag = datetime.date.today()
    ids = list(Deelnemer.objects.values_list("pk", flat=True))
    steekproef = random.Random(7).sample(ids, min(80, len(ids)))
    for deelnemer in Deelnemer.objects.filter(pk__in=steekproef):
        assert toegang_van(deelnemer) == gewenste_toegang(deelnemer, vandaag), deelnemer.nummer
    # Some grants of every kind exist; a trajectory that ended "overgedragen" lately may give its old provider
    # the read-only history grant too (trajecten.toegang), as the generator picks end reasons at random.
    codes = set(DeelnemerGroupObjectPermission.objects.values_list("permission__codename", flat=True))
    assert (
        {"beheer_deelnemer", "volg_deelnemer"} <= codes <= {"beheer_deelnemer", "volg_deelnemer", "historie_deelnemer"}
    )
    assert DeelnemerUserObjectPermission.objects.filter(permission__codename="peer_deelnemer").exists()


def test_bulk_herberekening_gelijk_aan_herbereken_toegang(gegenereerd):
    """After changed facts, the set-based version and the per-participant one give the same grants."""
    vandaag = datetime.date.today()
    deelnemers = list(Deelnemer.objects.order_by("pk")[:40])
    # Change the facts: withdraw every consent of half of them, drop the peer supporter of a few.
    Toestemming.objects.filter(deelnemer__in=deelnemers[::2]).update(ingetrokken_op=vandaag)
    Deelnemer.objects.filter(pk__in=[d.pk for d in deelnemers[::5]]).update(peer_supporter=None)
    herbereken_toegang_bulk([d.pk for d in deelnemers], vandaag)
    bulk = {d.pk: toegang_van(d) for d in deelnemers}
    for deelnemer in Deelnemer.objects.filter(pk__in=bulk):
        herbereken_toegang(deelnemer, vandaag)
        assert toegang_van(deelnemer) == bulk[deelnemer.pk] == gewenste_toegang(deelnemer, vandaag)


def test_auditketen_klopt(gegenereerd):
    controle = controleer_keten()
    assert controle.in_orde, controle.fout
    assert controle.aantal == AuditRegel.objects.count() == round(1_000_000 * SCHAAL)
    # The portal's own writer links to the generated head.
    from hoofdzaak import audit

    audit.log(actie=audit.AuditActie.INLOGGEN, gebruiker=Gebruiker.objects.first(), omschrijving="na generatie")
    assert controleer_keten().in_orde
    call_command("controleer_auditlog", stdout=io.StringIO())


def test_weigert_gevulde_database_zonder_opnieuw(transactional_db, gegenereerd):
    from .fabriek import als_eigenaar

    with pytest.raises(genereer_landelijk.Fout, match="--opnieuw"):
        genereer_landelijk.main(["--schaal", str(SCHAAL)], uit=io.StringIO())
    assert Regio.objects.count() == 35
    # --opnieuw empties the tables with TRUNCATE: the owner's right (the generator is a tool for the owner, like
    # migrate); the application role the tests run as may not TRUNCATE the audit log.
    with als_eigenaar():
        genereer_landelijk.main(["--schaal", str(SCHAAL), "--opnieuw", "--regios", "2"], uit=io.StringIO())
    assert Regio.objects.count() == 2
    assert controleer_keten().in_orde


def test_regios_max_is_het_aantal_regios():
    assert len(landelijk.REGIOS) == genereer_landelijk.REGIOS_MAX
