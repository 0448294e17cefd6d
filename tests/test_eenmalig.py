"""One record per submit (issue 14, point 1): every create form carries a one-time key; a second POST with the
same key — after the first or at the same moment — gets the first result and the notice "al opgeslagen". The
intake's duplicate check compares normalised names and holds a lock, so two intakes of one person at once
give one participant and one warning.

The concurrent tests run two real requests in two threads, each on its own PostgreSQL connection, and hold
the first one inside its transaction until the second has had its chance to overtake it (a barrier with a
short timeout: with the guard the second request waits on the lock and the barrier times out; without it,
both pass the barrier and both create).
"""

from __future__ import annotations

import contextlib
import datetime
import re
import threading
import uuid

import pytest
from django.contrib.messages import get_messages
from django.db import connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hoofdzaak.models import Inzending, Rol
from tests.fabriek import (
    aanmelding_data,
    ctx_van,
    intake_data,
    maak_dossier,
    registreer_werkgever,
    vacature_gegevens,
    werkgever_gegevens,
)
from trajecten import actions as traject_actions
from trajecten.models import Contactmoment, Deelnemer, Traject
from werkgevers.models import Vacature, Werkgever, Werkgeverscontact

SLUG = "holland-rijnland"
VANDAAG = timezone.localdate()


def url(naam: str, **kwargs) -> str:
    return reverse(naam, kwargs={"regio": SLUG, **kwargs})


def sleutel_van(response) -> str:
    """The one-time key the server put in the form (a hidden field: it works without JavaScript)."""
    match = re.search(r'<input[^>]*name="inzendsleutel"[^>]*value="([0-9a-f-]{36})"', response.content.decode())
    assert match, "het formulier heeft geen inzendsleutel"
    return match.group(1)


def meldingen(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def ingelogd(gebruiker) -> Client:
    client = Client()
    client.force_login(gebruiker)
    return client


def tweemaal(client: Client, pad: str, data: dict):
    eerste = client.post(pad, data)
    tweede = client.post(pad, data)
    assert eerste.status_code == tweede.status_code == 302
    assert tweede.url == eerste.url
    assert any("al opgeslagen" in m for m in meldingen(tweede))
    return eerste, tweede


# --- Sequential replays: the same key twice -----------------------------------------------------------------


def test_herhaalde_aanmelding_geeft_een_traject(wereld):
    client = ingelogd(wereld.a.gebruikers[Rol.KLANTMANAGER])
    sleutel = sleutel_van(client.get(url("aanmelden")))
    voor = Traject.objects.count()

    tweemaal(client, url("aanmelden"), {**aanmelding_data(wereld.a), "inzendsleutel": sleutel})

    assert Traject.objects.count() == voor + 1
    assert Inzending.objects.filter(sleutel=sleutel).count() == 1


def test_een_nieuw_formulier_heeft_een_nieuwe_sleutel(wereld):
    client = ingelogd(wereld.a.gebruikers[Rol.KLANTMANAGER])
    assert sleutel_van(client.get(url("aanmelden"))) != sleutel_van(client.get(url("aanmelden")))


def test_herhaald_contact_geeft_een_contactmoment(wereld):
    traject = maak_dossier(wereld.a).trajecten.get()
    client = ingelogd(wereld.a.gebruikers[Rol.TRAJECTBEGELEIDER])
    pad = url("contact_nieuw", pk=traject.pk)
    sleutel = sleutel_van(client.get(pad))
    voor = Contactmoment.objects.count()

    eerste, _ = tweemaal(
        client,
        pad,
        {"datum": VANDAAG.isoformat(), "soort": "coaching", "minuten": "30", "notitie": "x", "inzendsleutel": sleutel},
    )

    assert Contactmoment.objects.count() == voor + 1
    assert eerste.url == url("deelnemer", nummer=traject.deelnemer.nummer)


def test_herhaalde_vacature_geeft_een_vacature(wereld):
    werkgever = registreer_werkgever(wereld.a)
    client = ingelogd(wereld.a.gebruikers[Rol.WERKGEVERSADVISEUR])
    pad = url("vacature_nieuw", pk=werkgever.pk)

    eerste, _ = tweemaal(client, pad, {**vacature_gegevens(), "inzendsleutel": sleutel_van(client.get(pad))})

    vacature = Vacature.objects.get()
    assert eerste.url == url("vacature", pk=vacature.pk)


def test_herhaald_werkgeverscontact_geeft_een_contact(wereld):
    werkgever = registreer_werkgever(wereld.a)
    client = ingelogd(wereld.a.gebruikers[Rol.WERKGEVERSADVISEUR])
    pad = url("werkgeverscontact_nieuw", pk=werkgever.pk)
    data = {"datum": VANDAAG.isoformat(), "soort": "bezoek", "notitie": "Rondleiding gehad."}

    tweemaal(client, pad, {**data, "inzendsleutel": sleutel_van(client.get(pad))})

    assert Werkgeverscontact.objects.count() == 1


def test_herhaalde_werkgever_geeft_een_werkgever(wereld):
    client = ingelogd(wereld.a.gebruikers[Rol.WERKGEVERSADVISEUR])
    pad = url("werkgever_nieuw")
    data = werkgever_gegevens()
    tweemaal(client, pad, {**data, "inzendsleutel": sleutel_van(client.get(pad))})
    assert Werkgever.objects.count() == 1


def test_een_geweigerde_inzending_mag_opnieuw(wereld):
    """A refused submission stores no key: corrected and sent again with the same key, it is saved."""
    werkgever = registreer_werkgever(wereld.a)
    client = ingelogd(wereld.a.gebruikers[Rol.WERKGEVERSADVISEUR])
    pad = url("vacature_nieuw", pk=werkgever.pk)
    sleutel = sleutel_van(client.get(pad))

    fout = client.post(pad, {**vacature_gegevens(uren_van=32, uren_tot=24), "inzendsleutel": sleutel})
    assert fout.status_code == 200
    assert sleutel_van(fout) == sleutel  # the form keeps its key
    assert not Inzending.objects.exists()

    assert client.post(pad, {**vacature_gegevens(), "inzendsleutel": sleutel}).status_code == 302
    assert Vacature.objects.count() == 1


# --- The intake's duplicate check: normalised names ---------------------------------------------------------


def _registreer(w, voornaam: str, achternaam: str) -> Deelnemer:
    gemeente = w.organisaties["gemeente"]
    return traject_actions.registreer_intake(
        ctx=ctx_van(w, Rol.TRAJECTBEGELEIDER),
        deelnemer={
            "voornaam": voornaam,
            "achternaam": achternaam,
            "geboortedatum": datetime.date(1988, 3, 12),
            "woongemeente": gemeente,
            "uitkering": "participatiewet",
        },
        methode="ips",
        intakedatum=VANDAAG - datetime.timedelta(days=5),
        situatie_bij_start="zonder_werk",
    ).deelnemer


@pytest.mark.parametrize(
    ("voornaam", "achternaam"),
    [("noor", "Van den  Berg"), ("NOOR ", "van den berg"), ("Nóór", "van  dén Berg")],
)
def test_dubbelcheck_vergelijkt_genormaliseerde_namen(wereld, voornaam, achternaam):
    bestaand = _registreer(wereld.a, "Noor", "van den Berg")
    client = ingelogd(wereld.a.gebruikers[Rol.TRAJECTBEGELEIDER])
    data = intake_data(wereld.a, voornaam=voornaam, achternaam=achternaam, geboortedatum="1988-03-12")

    response = client.post(url("intake"), data)

    assert response.status_code == 200
    assert "Er is al een deelnemer met deze naam en geboortedatum." in response.content.decode()
    assert bestaand.nummer in response.content.decode()
    assert Deelnemer.objects.count() == 1


def test_dubbelcheck_laat_een_andere_naam_door(wereld):
    _registreer(wereld.a, "Noor", "van den Berg")
    client = ingelogd(wereld.a.gebruikers[Rol.TRAJECTBEGELEIDER])
    data = intake_data(wereld.a, voornaam="Noor", achternaam="van der Berg", geboortedatum="1988-03-12")
    assert client.post(url("intake"), data).status_code == 302
    assert Deelnemer.objects.count() == 2


def test_de_actie_weigert_een_dubbel_ook_zonder_de_controle_van_het_scherm(wereld):
    """The action checks under its lock; the page's check is only the early notice."""
    _registreer(wereld.a, "Noor", "van den Berg")
    with pytest.raises(Exception) as fout:
        traject_actions.registreer_intake(
            ctx=ctx_van(wereld.a, Rol.TRAJECTBEGELEIDER),
            deelnemer={
                "voornaam": "noor",
                "achternaam": "Van den Berg",
                "geboortedatum": datetime.date(1988, 3, 12),
                "woongemeente": wereld.a.organisaties["gemeente"],
                "uitkering": "participatiewet",
            },
            methode="ips",
            intakedatum=VANDAAG,
            situatie_bij_start="zonder_werk",
            weiger_dubbel=True,
        )
    assert "toch_registreren" in fout.value.message_dict
    assert Deelnemer.objects.count() == 1


# --- At the same moment: two real requests on two connections -----------------------------------------------


def _tegelijk(monkeypatch, verzoeken):
    """Run the requests in two threads; the first to create a participant number waits (at most a second)
    for the other to catch up, so without a guard both create."""
    barriere = threading.Barrier(2, timeout=1)
    echt = traject_actions.volgend_nummer

    def volgend_nummer(regio, jaar):
        # Broken: the other request is waiting on the lock (or already done), so carry on.
        with contextlib.suppress(threading.BrokenBarrierError):
            barriere.wait()
        return echt(regio, jaar)

    monkeypatch.setattr(traject_actions, "volgend_nummer", volgend_nummer)
    antwoorden: list = [None, None]
    fouten: list[BaseException] = []

    def draai(i, verzoek):
        try:
            antwoorden[i] = verzoek()
        except BaseException as fout:  # noqa: BLE001 - re-raised in the test's thread
            fouten.append(fout)
        finally:
            connections.close_all()

    draden = [threading.Thread(target=draai, args=(i, v)) for i, v in enumerate(verzoeken)]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join(timeout=30)
    assert not fouten, fouten
    return antwoorden


@pytest.mark.django_db(transaction=True)
def test_twee_gelijktijdige_intakes_van_een_persoon_geven_een_deelnemer(wereld, monkeypatch):
    begeleider = wereld.a.gebruikers[Rol.TRAJECTBEGELEIDER]
    clients = [ingelogd(begeleider), ingelogd(begeleider)]
    # Two tabs (or two colleagues' screens): two forms, two keys, the same person.
    sleutels = [sleutel_van(c.get(url("intake"))) for c in clients]
    data = intake_data(wereld.a, voornaam="Noor", achternaam="van den Berg")

    antwoorden = _tegelijk(
        monkeypatch,
        [
            lambda c=c, s=s: c.post(url("intake"), {**data, "inzendsleutel": s})
            for c, s in zip(clients, sleutels, strict=True)
        ],
    )

    assert Deelnemer.objects.filter(achternaam="van den Berg").count() == 1
    assert sorted(a.status_code for a in antwoorden) == [200, 302]
    geweigerd = next(a for a in antwoorden if a.status_code == 200)
    assert "Er is al een deelnemer met deze naam en geboortedatum." in geweigerd.content.decode()


@pytest.mark.django_db(transaction=True)
def test_dezelfde_aanmelding_tegelijk_verstuurd_geeft_een_traject(wereld, monkeypatch):
    klantmanager = wereld.a.gebruikers[Rol.KLANTMANAGER]
    client = ingelogd(klantmanager)
    tweede = ingelogd(klantmanager)
    data = {**aanmelding_data(wereld.a), "inzendsleutel": sleutel_van(client.get(url("aanmelden")))}

    antwoorden = _tegelijk(
        monkeypatch, [lambda: client.post(url("aanmelden"), data), lambda: tweede.post(url("aanmelden"), data)]
    )

    assert Traject.objects.count() == 1
    assert [a.status_code for a in antwoorden] == [302, 302]
    assert antwoorden[0].url == antwoorden[1].url


# --- Keys are not kept forever --------------------------------------------------------------------------------


def test_de_bewaarrun_vergeet_oude_inzendsleutels(wereld, settings):
    settings.PORTAAL_INZENDING_BEWAARDAGEN = 30
    client = ingelogd(wereld.a.gebruikers[Rol.KLANTMANAGER])
    oud_sleutel = sleutel_van(client.get(url("aanmelden")))
    client.post(url("aanmelden"), {**aanmelding_data(wereld.a), "inzendsleutel": oud_sleutel})
    recent_sleutel = sleutel_van(client.get(url("aanmelden")))
    client.post(url("aanmelden"), {**aanmelding_data(wereld.a, achternaam="Jansen"), "inzendsleutel": recent_sleutel})
    Inzending.objects.filter(sleutel=oud_sleutel).update(aangemaakt_op=timezone.now() - datetime.timedelta(days=31))
    Inzending.objects.filter(sleutel=recent_sleutel).update(aangemaakt_op=timezone.now() - datetime.timedelta(days=29))

    uitkomst = traject_actions.pas_bewaartermijn_toe()

    assert uitkomst.inzendingen_verwijderd == 1
    assert list(Inzending.objects.values_list("sleutel", flat=True)) == [uuid.UUID(recent_sleutel)]
    # The recent key still answers a second POST with the first result.
    voor = Traject.objects.count()
    tweede = client.post(
        url("aanmelden"), {**aanmelding_data(wereld.a, achternaam="Jansen"), "inzendsleutel": recent_sleutel}
    )
    assert tweede.status_code == 302 and Traject.objects.count() == voor
