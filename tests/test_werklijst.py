"""The worklist ("Vandaag"): a known answer for every rule (trajecten/werklijst.py), snoozing with a reason,
counts without names for the bestuurder and the projectleider, and a query count that does not grow."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hoofdzaak import actions
from hoofdzaak.models import AuditActie, AuditRegel, Gebruiker, Rol
from tests.fabriek import WACHTWOORD, maak_trajecten
from trajecten import werklijst
from trajecten.models import (
    Contactmoment,
    ContactSoort,
    Contractvorm,
    Deelnemer,
    Methode,
    Overdracht,
    Plaatsing,
    Toestemming,
    Traject,
    TrajectStatus,
    Uitstel,
)
from trajecten.werklijst import Soort

# A Wednesday: five working days back is the Wednesday before.
VANDAAG = datetime.date(2026, 6, 10)
_teller = itertools.count(1)


def dagen(n: int) -> datetime.date:
    return VANDAAG - datetime.timedelta(days=n)


def traject(rw, *, status=TrajectStatus.GESTART, methode=Methode.JOBCOACHING, start=60, intake=None, verwijs=None):
    """A trajectory at the GGZ provider of `rw`, run by its begeleider; dates in days before VANDAAG."""
    n = next(_teller)
    deelnemer = Deelnemer.objects.create(
        regio=rw.regio,
        nummer=f"{rw.regio.code}-2026-{n:04d}",
        voornaam=f"Voornaam{n}",
        achternaam="Werklijst",
        geboortedatum=datetime.date(1990, 1, 1),
        woongemeente=rw.organisaties["gemeente"],
        uitkering="participatiewet",
    )
    gestart = status == TrajectStatus.GESTART
    intake = intake if intake is not None else start
    verwijs = verwijs if verwijs is not None else max(start, intake) + 5
    return Traject.objects.create(
        regio=rw.regio,
        deelnemer=deelnemer,
        methode=methode,
        aanbieder=rw.organisaties["ggz"],
        trajectbegeleider=rw.gebruikers[Rol.TRAJECTBEGELEIDER] if status != TrajectStatus.AANGEMELD else None,
        status=status,
        verwijsdatum=dagen(verwijs),
        intakedatum=dagen(intake) if status != TrajectStatus.AANGEMELD else None,
        startdatum=dagen(start) if gestart else None,
    )


def contact(t, dagen_geleden: int, soort=ContactSoort.COACHING, face_to_face=True):
    return Contactmoment.objects.create(
        regio=t.regio, traject=t, datum=dagen(dagen_geleden), soort=soort, face_to_face=face_to_face, minuten=30
    )


def baan(t, dagen_geleden: int):
    return Plaatsing.objects.create(
        regio=t.regio,
        traject=t,
        werkgever_naam="Bakkerij",
        functie="Verkoper",
        startdatum=dagen(dagen_geleden),
        uren_per_week=20,
        contractvorm=Contractvorm.TIJDELIJK,
    )


def toestemming(t, tot: int, *, ingetrokken: int | None = None):
    """A consent for the gemeente, given 100 days ago, valid until `tot` days after VANDAAG."""
    return Toestemming.objects.create(
        regio=t.regio,
        deelnemer=t.deelnemer,
        organisatie=t.deelnemer.woongemeente,
        gegeven_op=dagen(100),
        geldig_tot=VANDAAG + datetime.timedelta(days=tot),
        ingetrokken_op=dagen(ingetrokken) if ingetrokken is not None else None,
        vorm=Toestemming.Vorm.SCHRIFTELIJK,
        vastgelegd_door=Gebruiker.objects.first(),
    )


def soorten(t, vandaag: datetime.date = VANDAAG) -> set[Soort]:
    punten = werklijst.werkpunten(
        Traject.objects.filter(pk=t.pk), regio_slug=t.regio.slug, vandaag=vandaag, met_namen=True
    )
    return {p.soort for p in punten}


# --- Known answers per rule ------------------------------------------------------------------------------------


def test_rustig_traject_staat_niet_op_de_werklijst(wereld):
    t = traject(wereld.a, start=10)
    contact(t, 1)
    assert soorten(t) == set()


def test_geen_contact_na_14_dagen(wereld):
    t = traject(wereld.a)
    contact(t, 14)
    assert Soort.GEEN_CONTACT in soorten(t)
    contact(t, 13)
    assert Soort.GEEN_CONTACT not in soorten(t)


def test_geen_contact_telt_peer_support_niet_en_zonder_contact_de_start(wereld):
    t = traject(wereld.a)
    contact(t, 20)
    contact(t, 1, soort=ContactSoort.PEER_SUPPORT)
    assert Soort.GEEN_CONTACT in soorten(t)
    nieuw = traject(wereld.a, start=13)
    assert Soort.GEEN_CONTACT not in soorten(nieuw)
    assert Soort.GEEN_CONTACT in soorten(traject(wereld.a, start=14))


def test_geen_contact_volgt_de_norm_van_de_aanbieder(wereld):
    t = traject(wereld.a)
    contact(t, 20)
    assert Soort.GEEN_CONTACT in soorten(t)
    ggz = wereld.a.organisaties["ggz"]
    actions.wijzig_organisatie(organisatie=ggz, naam=ggz.naam, soort=ggz.soort, dagen_zonder_contact=21)
    assert Soort.GEEN_CONTACT not in soorten(t)


def test_nieuwe_baan_zonder_werkplekcontact_in_de_eerste_week(wereld):
    t = traject(wereld.a)
    contact(t, 1)
    baan(t, 6)
    assert Soort.BAAN_EERSTE_WEEK in soorten(t)
    contact(t, 7, soort=ContactSoort.WERKGEVERSCONTACT)  # before the job started: does not count
    assert Soort.BAAN_EERSTE_WEEK in soorten(t)
    contact(t, 5, soort=ContactSoort.WERKGEVERSCONTACT)
    assert Soort.BAAN_EERSTE_WEEK not in soorten(t)
    oud = traject(wereld.a)
    contact(oud, 1)
    baan(oud, 7)  # the first week is over
    assert Soort.BAAN_EERSTE_WEEK not in soorten(oud)


def test_nieuwe_baan_zonder_begeleidingsgesprek_in_de_eerste_maand(wereld):
    t = traject(wereld.a)
    contact(t, 12)  # before the job
    baan(t, 10)
    assert Soort.BAAN_EERSTE_MAAND in soorten(t)
    contact(t, 9)
    assert Soort.BAAN_EERSTE_MAAND not in soorten(t)
    for dagen_geleden, verwacht in ((6, False), (7, True), (30, True), (31, False)):
        ander = traject(wereld.a)
        baan(ander, dagen_geleden)
        assert (Soort.BAAN_EERSTE_MAAND in soorten(ander)) is verwacht, dagen_geleden


def test_toestemming_verloopt_binnen_30_dagen(wereld):
    t = traject(wereld.a)
    toestemming(t, 30)
    assert Soort.TOESTEMMING_VERLOOPT in soorten(t)
    toestemming(t, 365)  # renewed
    assert Soort.TOESTEMMING_VERLOOPT not in soorten(t)
    later = traject(wereld.a)
    toestemming(later, 31)
    assert Soort.TOESTEMMING_VERLOOPT not in soorten(later)
    ingetrokken = traject(wereld.a)
    toestemming(ingetrokken, 10, ingetrokken=5)
    assert Soort.TOESTEMMING_VERLOOPT not in soorten(ingetrokken)


def test_aanmelding_wacht_langer_dan_5_werkdagen(wereld):
    assert werklijst.werkdagen_terug(VANDAAG, 5) == dagen(7)
    assert werklijst.werkdagen_terug(datetime.date(2026, 6, 8), 1) == datetime.date(2026, 6, 5)  # Monday → Friday
    precies = traject(wereld.a, status=TrajectStatus.AANGEMELD, verwijs=7)
    assert soorten(precies) == set()
    langer = traject(wereld.a, status=TrajectStatus.AANGEMELD, verwijs=8)
    assert soorten(langer) == {Soort.AANMELDING_WACHT}


def test_intake_zonder_start_na_30_dagen(wereld):
    t = traject(wereld.a, status=TrajectStatus.INTAKE, intake=30)
    contact(t, 1)
    assert soorten(t) == {Soort.INTAKE_ZONDER_START}
    korter = traject(wereld.a, status=TrajectStatus.INTAKE, intake=29)
    contact(korter, 1)
    assert soorten(korter) == set()


def test_ips_zonder_face_to_face_werkgeverscontact_na_30_dagen(wereld):
    t = traject(wereld.a, methode=Methode.IPS, start=30)
    contact(t, 1)
    contact(t, 2, soort=ContactSoort.WERKGEVERSCONTACT, face_to_face=False)
    assert soorten(t) == {Soort.GEEN_WERKGEVERSCONTACT}
    contact(t, 3, soort=ContactSoort.WERKGEVERSCONTACT)
    assert soorten(t) == set()
    jonger = traject(wereld.a, methode=Methode.IPS, start=29)
    contact(jonger, 1)
    assert soorten(jonger) == set()
    geen_ips = traject(wereld.a, methode=Methode.JOBCOACHING, start=60)
    contact(geen_ips, 1)
    assert soorten(geen_ips) == set()


def test_beeindigd_traject_staat_niet_op_de_werklijst(wereld):
    t = traject(wereld.a, methode=Methode.IPS, start=60)
    Traject.objects.filter(pk=t.pk).update(status=TrajectStatus.BEEINDIGD, einddatum=dagen(1))
    assert soorten(t) == set()


def test_uitgesteld_werkpunt_komt_na_de_termijn_terug(wereld):
    t = traject(wereld.a)
    contact(t, 20)
    Uitstel.objects.create(regio=t.regio, traject=t, soort=Soort.GEEN_CONTACT, tot=VANDAAG, reden="Vakantie")
    assert soorten(t) == set()
    assert soorten(t, VANDAAG + datetime.timedelta(days=1)) == {Soort.GEEN_CONTACT}


# --- Pages -----------------------------------------------------------------------------------------------------


def test_begeleider_ziet_werkpunten_met_link_op_de_startpagina(wereld, client):
    rw = wereld.a
    maak_trajecten(rw, 1, status=TrajectStatus.INTAKE, namen=[("Kees", "Achterstand")])
    client.force_login(rw.gebruikers[Rol.TRAJECTBEGELEIDER])
    response = client.get(reverse("regio_home", kwargs={"regio": rw.regio.slug}))
    html = response.content.decode()
    assert "Vandaag" in html and "Kees Achterstand" in html
    t = Traject.objects.get(deelnemer__achternaam="Achterstand")
    assert reverse("traject_starten", kwargs={"regio": rw.regio.slug, "pk": t.pk}) in html
    assert "no-store" in response["Cache-Control"]
    # Names are shown: one read row naming the participants on the list (trajecten.access writes it).
    gelezen = AuditRegel.objects.get(actie=AuditActie.LEZEN, object_type="werklijst")
    assert gelezen.getoonde_nummers.split() == [t.deelnemer.nummer]
    assert gelezen.gebruiker_id == rw.gebruikers[Rol.TRAJECTBEGELEIDER].pk


@pytest.mark.parametrize("rol", [Rol.PROJECTLEIDER, Rol.BESTUURDER])
def test_bestuurder_en_projectleider_zien_alleen_aantallen(wereld, client, rol):
    rw = wereld.a
    bestuurder = Gebruiker.objects.create_user(email="bestuur@ggz.test", naam="Bestuur GGZ", password=WACHTWOORD)
    actions.voeg_lidmaatschap_toe(gebruiker=bestuurder, organisatie=rw.organisaties["ggz"], rol=Rol.BESTUURDER)
    [t] = maak_trajecten(rw, 1, status=TrajectStatus.INTAKE, namen=[("Kees", "Achterstand")])
    client.force_login(bestuurder if rol == Rol.BESTUURDER else rw.gebruikers[rol])
    html = client.get(reverse("regio_home", kwargs={"regio": rw.regio.slug})).content.decode()
    assert "Openstaande werkpunten" in html
    assert "Achterstand" not in html and t.deelnemer.nummer not in html
    assert "Intake zonder start na 30 dagen</td>" in html


def test_gemeentebestuurder_krijgt_geen_werkpunten(wereld, client):
    client.force_login(wereld.a.gebruikers[Rol.BESTUURDER])
    html = client.get(reverse("regio_home", kwargs={"regio": wereld.a.regio.slug})).content.decode()
    assert "Openstaande werkpunten" not in html


def test_uitstellen_zonder_reden_verandert_niets(wereld, client):
    rw = wereld.a
    [t] = maak_trajecten(rw, 1, status=TrajectStatus.INTAKE)
    client.force_login(rw.gebruikers[Rol.TRAJECTBEGELEIDER])
    pad = reverse("werkpunt_uitstellen", kwargs={"regio": rw.regio.slug, "pk": t.pk, "soort": "intake_zonder_start"})
    voor = AuditRegel.objects.count()
    response = client.post(pad, {"dagen": "7", "reden": "   "})
    assert response.status_code == 200
    assert "Schrijf op waarom je dit werkpunt uitstelt." in response.content.decode()
    assert not Uitstel.objects.exists()
    assert AuditRegel.objects.count() == voor


def test_uitstellen_met_reden_haalt_het_werkpunt_van_de_lijst(wereld, client):
    rw = wereld.a
    [t] = maak_trajecten(rw, 1, status=TrajectStatus.INTAKE, namen=[("Kees", "Achterstand")])
    client.force_login(rw.gebruikers[Rol.TRAJECTBEGELEIDER])
    pad = reverse("werkpunt_uitstellen", kwargs={"regio": rw.regio.slug, "pk": t.pk, "soort": "intake_zonder_start"})
    response = client.post(pad, {"dagen": "14", "reden": "Wacht op plek bij werkgever"})
    assert response.status_code == 302
    uitstel = Uitstel.objects.get()
    assert (uitstel.traject, uitstel.soort, uitstel.reden) == (t, "intake_zonder_start", "Wacht op plek bij werkgever")
    regel = AuditRegel.objects.filter(actie=AuditActie.WIJZIGEN, object_type="uitstel").get()
    assert regel.deelnemer_nummer == t.deelnemer.nummer
    html = client.get(reverse("regio_home", kwargs={"regio": rw.regio.slug})).content.decode()
    assert "Intake zonder start" not in html


def test_werklijst_doet_evenveel_queries_bij_10_en_1000_trajecten(wereld, client):
    rw = wereld.a
    bestuurder = Gebruiker.objects.create_user(email="bestuur@ggz.test", naam="Bestuur GGZ", password=WACHTWOORD)
    actions.voeg_lidmaatschap_toe(gebruiker=bestuurder, organisatie=rw.organisaties["ggz"], rol=Rol.BESTUURDER)
    gebruikers = [rw.gebruikers[Rol.TRAJECTBEGELEIDER], rw.gebruikers[Rol.PROJECTLEIDER], bestuurder]
    pad = reverse("regio_home", kwargs={"regio": rw.regio.slug})

    def meet() -> list[int]:
        aantallen = []
        for gebruiker in gebruikers:
            client.force_login(gebruiker)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(pad).status_code == 200
            aantallen.append(len(queries))
        return aantallen

    def bulk(aantal: int) -> None:
        for status in (TrajectStatus.AANGEMELD, TrajectStatus.INTAKE, TrajectStatus.GESTART):
            maak_trajecten(rw, aantal, status=status, contact=dagen(20) if status != TrajectStatus.AANGEMELD else None)

    bulk(4)
    weinig = meet()
    bulk(330)
    veel = meet()
    assert weinig == veel
    assert max(veel) <= 15


def test_overgedragen_traject_in_de_eerste_week(wereld):
    t = traject(wereld.a)
    contact(t, 1)
    begeleider = t.trajectbegeleider
    Overdracht.objects.create(regio=t.regio, traject=t, aan=begeleider, datum=dagen(6))
    assert soorten(t) == {Soort.OVERGEDRAGEN}
    Overdracht.objects.update(datum=dagen(7))
    assert soorten(t) == set()
    # Handed over to someone who no longer has it: not on the current begeleider's list.
    Overdracht.objects.update(datum=dagen(1), aan=wereld.a.gebruikers[Rol.KLANTMANAGER])
    assert soorten(t) == set()
