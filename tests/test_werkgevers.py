"""Employers, their contacts and vacancies: who may do what, the bad-input rules, lists and demo data."""

from __future__ import annotations

import datetime
import re
from html import unescape
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hoofdzaak import demo as hoofdzaak_demo
from hoofdzaak.models import Gebruiker, Rol
from tests.fabriek import (
    ctx_van,
    maak_dossier,
    registreer_vacature,
    registreer_werkgever,
    vacature_gegevens,
    werkgever_gegevens,
)
from werkgevers import actions
from werkgevers import demo as werkgevers_demo
from werkgevers.models import Betrokkenheid, Vacature, VacatureStatus, Werkgever, Werkgeverscontact

SLUG_A = "holland-rijnland"
SLUG_B = "midden-utrecht"
VANDAAG = timezone.localdate()
WA = Rol.WERKGEVERSADVISEUR
TB = Rol.TRAJECTBEGELEIDER


# --- helpers ------------------------------------------------------------------------------------------------


def tekst(response) -> str:
    """The visible text of a page: tags stripped, entities decoded, whitespace collapsed."""
    html = re.sub(r"<script\b.*?</script>", " ", response.content.decode(), flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def veldfout(response, veld: str) -> str:
    """The error text shown next to a form field (empty when there is none)."""
    match = re.search(rf'<div[^>]*id="id_{veld}_error"[^>]*>(.*?)</div>', response.content.decode(), re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", match.group(1))).split()) if match else ""


def formulierfout(response) -> str:
    """The text of the error summary at the top of a form (empty when there is none)."""
    match = re.search(
        r'<div class="utrecht-alert utrecht-alert--error[^"]*" role="alert">(.*?)</div>\s*</div>\s*</div>',
        response.content.decode(),
        re.S,
    )
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", match.group(1))).split()) if match else ""


def veldwaarde(response, veld: str) -> str | None:
    """The value an <input> shows, the selected option of a <select>, or a <textarea>'s text."""
    html = response.content.decode()
    invoer = re.search(rf'<input[^>]*name="{veld}"[^>]*>', html)
    if invoer:
        waarde = re.search(r'value="([^"]*)"', invoer.group(0))
        return unescape(waarde.group(1)) if waarde else None
    keuze = re.search(rf'<select[^>]*name="{veld}"[^>]*>(.*?)</select>', html, re.S)
    if keuze:
        gekozen = re.search(r'<option value="([^"]*)"[^>]*selected', keuze.group(1))
        return unescape(gekozen.group(1)) if gekozen else None
    vak = re.search(rf'<textarea[^>]*name="{veld}"[^>]*>(.*?)</textarea>', html, re.S)
    return unescape(vak.group(1)).strip() if vak else None


def url(naam: str, slug: str = SLUG_A, **kwargs) -> str:
    return reverse(naam, kwargs={"regio": slug, **kwargs})


def als(client, wereld, rol: str, regio: str = "a"):
    client.force_login(getattr(wereld, regio).gebruikers[rol])
    return client


def tellingen() -> tuple[int, int, int]:
    return Werkgever.objects.count(), Vacature.objects.count(), Werkgeverscontact.objects.count()


# --- employers: registering -----------------------------------------------------------------------------------


def test_werkgeversadviseur_registreert_een_werkgever(wereld, client):
    adviseur = wereld.a.gebruikers[WA]
    als(client, wereld, WA)
    formulier = client.get(url("werkgever_nieuw"))
    assert formulier.status_code == 200
    assert "novalidate" in formulier.content.decode()
    # The user registering is proposed as accountmanager; other roles cannot be chosen.
    assert veldwaarde(formulier, "accountmanager") == str(adviseur.pk)
    assert wereld.a.gebruikers[TB].naam not in formulier.content.decode()

    response = client.post(
        url("werkgever_nieuw"), werkgever_gegevens(kvk_nummer="28 10 44 17", accountmanager=adviseur.pk)
    )

    werkgever = Werkgever.objects.get()
    assert response.status_code == 302 and response.url == url("werkgever", pk=werkgever.pk)
    assert werkgever.regio == wereld.a.regio
    assert werkgever.kvk_nummer == "28104417"  # spaces typed are removed
    assert werkgever.accountmanager == adviseur
    assert werkgever.betrokkenheid == Betrokkenheid.IN_GESPREK
    pagina = tekst(client.get(response.url))
    assert "Werkgever Zorggroep Leiden-Noord is toegevoegd." in pagina
    assert "28104417" in pagina and "Marloes de Graaf" in pagina and adviseur.naam in pagina


@pytest.mark.parametrize("kvk_nummer", ["2810441", "281044170", "2810441a", "00000000", ""])
def test_kvk_nummer_van_geen_8_cijfers_wordt_geweigerd(wereld, client, kvk_nummer):
    response = als(client, wereld, WA).post(url("werkgever_nieuw"), werkgever_gegevens(kvk_nummer=kvk_nummer))

    assert response.status_code == 200
    assert tellingen() == (0, 0, 0)
    fout = veldfout(response, "kvk_nummer")
    assert ("precies 8 cijfers" in fout) if kvk_nummer else ("verplicht" in fout), fout
    assert "Controleer de gemarkeerde velden" in formulierfout(response)
    # What was typed is still there.
    assert veldwaarde(response, "kvk_nummer") == (kvk_nummer or None)
    assert veldwaarde(response, "naam") == "Zorggroep Leiden-Noord"
    assert veldwaarde(response, "contactpersoon") == "Marloes de Graaf"
    assert veldwaarde(response, "betrokkenheid") == Betrokkenheid.IN_GESPREK


def test_actie_weigert_een_ongeldig_kvk_nummer_bij_het_veld(wereld):
    with pytest.raises(ValidationError) as fout:
        registreer_werkgever(wereld.a, kvk_nummer="1234567")
    assert list(fout.value.message_dict) == ["kvk_nummer"]
    assert "precies 8 cijfers" in fout.value.message_dict["kvk_nummer"][0]
    assert Werkgever.objects.count() == 0


def test_dubbel_kvk_nummer_in_de_regio_noemt_de_bestaande_werkgever(wereld, client):
    registreer_werkgever(wereld.a, naam="Bakkerij van der Meer Katwijk", kvk_nummer="28211936")

    response = als(client, wereld, WA).post(url("werkgever_nieuw"), werkgever_gegevens(kvk_nummer="28211936"))

    assert response.status_code == 200
    assert Werkgever.objects.count() == 1
    assert veldfout(response, "kvk_nummer") == (
        "Dit KvK-nummer staat in deze regio al bij werkgever Bakkerij van der Meer Katwijk."
    )
    assert veldwaarde(response, "naam") == "Zorggroep Leiden-Noord"


def test_zelfde_kvk_nummer_mag_in_een_andere_regio(wereld, client):
    bestaand = registreer_werkgever(wereld.a, kvk_nummer="28211936")

    response = als(client, wereld, WA, regio="b").post(
        url("werkgever_nieuw", slug=SLUG_B), werkgever_gegevens(kvk_nummer="28211936")
    )

    assert response.status_code == 302
    nieuw = Werkgever.objects.exclude(pk=bestaand.pk).get()
    assert nieuw.regio == wereld.b.regio and nieuw.kvk_nummer == "28211936"


def test_verplichte_velden_en_ongeldig_e_mailadres(wereld, client):
    response = als(client, wereld, WA).post(
        url("werkgever_nieuw"), werkgever_gegevens(naam="", sector="", email="geen-adres")
    )
    assert response.status_code == 200
    assert Werkgever.objects.count() == 0
    assert "verplicht" in veldfout(response, "naam")
    assert "verplicht" in veldfout(response, "sector")
    assert "e-mailadres" in veldfout(response, "email").lower()
    assert veldwaarde(response, "email") == "geen-adres"


def test_accountmanager_moet_werkgeversadviseur_in_de_regio_zijn(wereld, client):
    # The form offers only werkgeversadviseurs of the region...
    response = als(client, wereld, WA).post(
        url("werkgever_nieuw"), werkgever_gegevens(accountmanager=wereld.a.gebruikers[TB].pk)
    )
    assert response.status_code == 200 and Werkgever.objects.count() == 0
    assert veldfout(response, "accountmanager") == "Kies een werkgeversadviseur uit deze regio."
    # ... and the action refuses others too, e.g. region B's werkgeversadviseur.
    with pytest.raises(ValidationError) as fout:
        registreer_werkgever(wereld.a, accountmanager=wereld.b.gebruikers[WA])
    assert fout.value.message_dict == {"accountmanager": ["Kies een werkgeversadviseur uit deze regio."]}
    assert Werkgever.objects.count() == 0


# --- employers: editing ---------------------------------------------------------------------------------------


def test_werkgever_wijzigen(wereld, client):
    werkgever = registreer_werkgever(wereld.a)
    als(client, wereld, WA)
    formulier = client.get(url("werkgever_bewerken", pk=werkgever.pk))
    assert veldwaarde(formulier, "versie") == "1"
    assert veldwaarde(formulier, "naam") == "Zorggroep Leiden-Noord"

    response = client.post(
        url("werkgever_bewerken", pk=werkgever.pk),
        werkgever_gegevens(versie=1, betrokkenheid=Betrokkenheid.INCLUSIEF, plaats="Oegstgeest"),
    )

    assert response.status_code == 302 and response.url == url("werkgever", pk=werkgever.pk)
    werkgever.refresh_from_db()
    assert (werkgever.betrokkenheid, werkgever.plaats, werkgever.versie) == (Betrokkenheid.INCLUSIEF, "Oegstgeest", 2)


def test_wijzigen_naar_het_kvk_nummer_van_een_ander_wordt_geweigerd(wereld, client):
    werkgever = registreer_werkgever(wereld.a)
    registreer_werkgever(wereld.a, naam="Datawerk Leiden", kvk_nummer="29152306")

    response = als(client, wereld, WA).post(
        url("werkgever_bewerken", pk=werkgever.pk), werkgever_gegevens(versie=1, kvk_nummer="29152306")
    )

    assert response.status_code == 200
    assert "Datawerk Leiden" in veldfout(response, "kvk_nummer")
    werkgever.refresh_from_db()
    assert werkgever.kvk_nummer == "28104417" and werkgever.versie == 1
    # Saving its own number again is fine.
    ok = client.post(url("werkgever_bewerken", pk=werkgever.pk), werkgever_gegevens(versie=1))
    assert ok.status_code == 302


def test_verouderde_wijziging_van_een_werkgever_wordt_geweigerd(wereld, client):
    werkgever = registreer_werkgever(wereld.a)
    # Someone else saves first.
    actions.wijzig_werkgever(
        ctx=ctx_van(wereld.a, WA),
        werkgever=werkgever,
        **{**werkgever_gegevens(versie=1, naam="Zorggroep Leiden-Noord B.V."), "accountmanager": None},
    )

    response = als(client, wereld, WA).post(
        url("werkgever_bewerken", pk=werkgever.pk), werkgever_gegevens(versie=1, plaats="Katwijk")
    )

    assert response.status_code == 200
    assert "Iemand anders heeft deze gegevens intussen gewijzigd" in formulierfout(response)
    assert veldwaarde(response, "plaats") == "Katwijk"  # what was typed is kept
    werkgever.refresh_from_db()
    assert (werkgever.naam, werkgever.plaats, werkgever.versie) == ("Zorggroep Leiden-Noord B.V.", "Leiden", 2)


# --- employer contacts ----------------------------------------------------------------------------------------


def test_werkgeverscontact_vastleggen(wereld, client):
    werkgever = registreer_werkgever(wereld.a)
    als(client, wereld, WA)
    assert veldwaarde(client.get(url("werkgeverscontact_nieuw", pk=werkgever.pk)), "datum") == VANDAAG.isoformat()

    response = client.post(
        url("werkgeverscontact_nieuw", pk=werkgever.pk),
        {"datum": VANDAAG.isoformat(), "soort": "bezoek", "notitie": "Rondleiding gehad."},
    )

    assert response.status_code == 302
    contact = Werkgeverscontact.objects.get()
    assert (contact.werkgever, contact.regio, contact.door) == (werkgever, wereld.a.regio, wereld.a.gebruikers[WA])
    pagina = tekst(client.get(url("werkgever", pk=werkgever.pk)))
    assert "Rondleiding gehad." in pagina and "Bedrijfsbezoek" in pagina


def test_trajectbegeleider_legt_een_algemeen_werkgeverscontact_eenmaal_vast(wereld, client):
    """IPS job development: a begeleider's company visit without a participant counts as an employer contact
    (rapportage.figuren.modeltrouw), so begeleiders log it in the employer's contact log; a double submit saves once."""
    werkgever = registreer_werkgever(wereld.a)
    als(client, wereld, TB)
    pagina = client.get(url("werkgever", pk=werkgever.pk)).content.decode()
    assert "Contact vastleggen" in pagina and "Gegevens wijzigen" not in pagina
    formulier = client.get(url("werkgeverscontact_nieuw", pk=werkgever.pk))
    sleutel = re.search(r'name="inzendsleutel" value="([^"]+)"', formulier.content.decode()).group(1)
    gegevens = {"inzendsleutel": sleutel, "datum": VANDAAG.isoformat(), "soort": "bezoek", "notitie": "Kennismaking."}

    assert client.post(url("werkgeverscontact_nieuw", pk=werkgever.pk), gegevens).status_code == 302
    assert client.post(url("werkgeverscontact_nieuw", pk=werkgever.pk), gegevens).status_code == 302

    contact = Werkgeverscontact.objects.get()
    assert (contact.door, contact.soort, contact.regio) == (wereld.a.gebruikers[TB], "bezoek", wereld.a.regio)


def test_werkgeverscontact_in_de_toekomst_wordt_geweigerd(wereld, client):
    werkgever = registreer_werkgever(wereld.a)
    morgen = (VANDAAG + datetime.timedelta(days=1)).isoformat()
    response = als(client, wereld, WA).post(
        url("werkgeverscontact_nieuw", pk=werkgever.pk), {"datum": morgen, "soort": "bezoek", "notitie": "Gepland"}
    )
    assert response.status_code == 200
    assert "toekomst" in veldfout(response, "datum")
    assert veldwaarde(response, "notitie") == "Gepland"
    assert Werkgeverscontact.objects.count() == 0


def test_werkgeverspagina_toont_de_laatste_20_contacten(wereld, client):
    werkgever = registreer_werkgever(wereld.a)
    for dag in range(25):
        actions.log_werkgeverscontact(
            ctx=ctx_van(wereld.a, WA),
            werkgever=werkgever,
            datum=VANDAAG - datetime.timedelta(days=dag),
            soort="telefonisch",
            notitie=f"Gesprek nummer {dag:02d}.",
        )
    pagina = tekst(als(client, wereld, WA).get(url("werkgever", pk=werkgever.pk)))
    assert "Gesprek nummer 00." in pagina and "Gesprek nummer 19." in pagina
    assert "Gesprek nummer 20." not in pagina


# --- vacancies ----------------------------------------------------------------------------------------------


def test_vacature_toevoegen(wereld, client):
    werkgever = registreer_werkgever(wereld.a, sector="horeca", plaats="Noordwijk")
    als(client, wereld, WA)
    formulier = client.get(url("vacature_nieuw", pk=werkgever.pk))
    # Sector and place start as the employer's.
    assert (veldwaarde(formulier, "sector"), veldwaarde(formulier, "plaats")) == ("horeca", "Noordwijk")

    sluit = (VANDAAG + datetime.timedelta(days=30)).isoformat()
    response = client.post(
        url("vacature_nieuw", pk=werkgever.pk),
        vacature_gegevens(titel="Afwasmedewerker", uren_van=12, uren_tot=24, sluitingsdatum=sluit),
    )

    vacature = Vacature.objects.get()
    assert response.status_code == 302 and response.url == url("vacature", pk=vacature.pk)
    assert (vacature.regio, vacature.werkgever, vacature.status) == (wereld.a.regio, werkgever, VacatureStatus.OPEN)
    assert (vacature.uren_van, vacature.uren_tot, vacature.sluitingsdatum.isoformat()) == (12, 24, sluit)
    pagina = tekst(client.get(response.url))
    assert "Afwasmedewerker" in pagina and "12–24 uur" in pagina and "Nog geen kandidaten voorgedragen" in pagina


def test_uren_vanaf_hoger_dan_tot_en_met_wordt_geweigerd(wereld, client):
    werkgever = registreer_werkgever(wereld.a)
    response = als(client, wereld, WA).post(
        url("vacature_nieuw", pk=werkgever.pk), vacature_gegevens(uren_van=32, uren_tot=24)
    )
    assert response.status_code == 200
    assert Vacature.objects.count() == 0
    assert veldfout(response, "uren_tot") == "Vul bij ‘tot en met’ minstens evenveel uren in als bij ‘vanaf’."
    assert veldfout(response, "uren_van") == ""
    assert (veldwaarde(response, "uren_van"), veldwaarde(response, "uren_tot")) == ("32", "24")
    assert veldwaarde(response, "omschrijving") == "Schoonmaken en koffie rondbrengen."
    # The action guards the same rule, at the same field.
    with pytest.raises(ValidationError) as fout:
        registreer_vacature(wereld.a, werkgever, uren_van=32, uren_tot=24)
    assert list(fout.value.message_dict) == ["uren_tot"]
    assert Vacature.objects.count() == 0


@pytest.mark.parametrize(("van", "tot", "veld"), [(0, 10, "uren_van"), (10, 61, "uren_tot"), ("", 10, "uren_van")])
def test_uren_buiten_1_tot_60_worden_geweigerd(wereld, client, van, tot, veld):
    werkgever = registreer_werkgever(wereld.a)
    response = als(client, wereld, WA).post(
        url("vacature_nieuw", pk=werkgever.pk), vacature_gegevens(uren_van=van, uren_tot=tot)
    )
    assert response.status_code == 200 and Vacature.objects.count() == 0
    assert veldfout(response, veld)


def test_nieuwe_open_vacature_met_sluitingsdatum_in_het_verleden_wordt_geweigerd(wereld, client):
    werkgever = registreer_werkgever(wereld.a)
    gisteren = (VANDAAG - datetime.timedelta(days=1)).isoformat()
    response = als(client, wereld, WA).post(
        url("vacature_nieuw", pk=werkgever.pk), vacature_gegevens(sluitingsdatum=gisteren)
    )
    assert response.status_code == 200 and Vacature.objects.count() == 0
    assert "sluitingsdatum in het verleden" in veldfout(response, "sluitingsdatum")
    assert veldwaarde(response, "sluitingsdatum") == gisteren
    # Today is fine.
    ok = client.post(url("vacature_nieuw", pk=werkgever.pk), vacature_gegevens(sluitingsdatum=VANDAAG.isoformat()))
    assert ok.status_code == 302


def test_vacature_sluiten_en_vervullen(wereld, client):
    werkgever = registreer_werkgever(wereld.a)
    vacature = registreer_vacature(wereld.a, werkgever, sluitingsdatum=VANDAAG + datetime.timedelta(days=10))
    als(client, wereld, WA)
    formulier = client.get(url("vacature_bewerken", pk=vacature.pk))
    assert veldwaarde(formulier, "status") == VacatureStatus.OPEN and veldwaarde(formulier, "versie") == "1"

    # Closing it with a date in the past is allowed: only open vacancies need a future date.
    verleden = (VANDAAG - datetime.timedelta(days=3)).isoformat()
    response = client.post(
        url("vacature_bewerken", pk=vacature.pk),
        vacature_gegevens(versie=1, status=VacatureStatus.GESLOTEN, sluitingsdatum=verleden),
    )
    assert response.status_code == 302
    vacature.refresh_from_db()
    assert (vacature.status, vacature.versie) == (VacatureStatus.GESLOTEN, 2)

    # Reopening it with that past date is not.
    response = client.post(
        url("vacature_bewerken", pk=vacature.pk),
        vacature_gegevens(versie=2, status=VacatureStatus.OPEN, sluitingsdatum=verleden),
    )
    assert response.status_code == 200
    assert "sluitingsdatum in het verleden" in veldfout(response, "sluitingsdatum")
    vacature.refresh_from_db()
    assert (vacature.status, vacature.versie) == (VacatureStatus.GESLOTEN, 2)

    response = client.post(
        url("vacature_bewerken", pk=vacature.pk), vacature_gegevens(versie=2, status=VacatureStatus.VERVULD)
    )
    assert response.status_code == 302
    vacature.refresh_from_db()
    assert vacature.status == VacatureStatus.VERVULD
    assert "Vervuld" in tekst(client.get(url("vacature", pk=vacature.pk)))


def test_verlopen_open_vacature_blijft_te_wijzigen(wereld):
    """A vacancy whose closing date passed by itself may still get a new description."""
    werkgever = registreer_werkgever(wereld.a)
    vacature = registreer_vacature(wereld.a, werkgever)
    Vacature.objects.filter(pk=vacature.pk).update(sluitingsdatum=VANDAAG - datetime.timedelta(days=5))
    vacature.refresh_from_db()
    gegevens = {
        **vacature_gegevens(omschrijving="Nieuwe tekst"),
        "status": VacatureStatus.OPEN,
        "sluitingsdatum": vacature.sluitingsdatum,
    }
    actions.wijzig_vacature(ctx=ctx_van(wereld.a, WA), vacature=vacature, versie=1, **gegevens)
    vacature.refresh_from_db()
    assert vacature.omschrijving == "Nieuwe tekst" and vacature.is_verlopen


def test_verouderde_wijziging_van_een_vacature_wordt_geweigerd(wereld, client):
    werkgever = registreer_werkgever(wereld.a)
    vacature = registreer_vacature(wereld.a, werkgever)
    als(client, wereld, WA)
    client.post(url("vacature_bewerken", pk=vacature.pk), vacature_gegevens(versie=1, status="open", titel="Eerst"))

    response = client.post(
        url("vacature_bewerken", pk=vacature.pk), vacature_gegevens(versie=1, status="vervuld", titel="Tweede")
    )

    assert response.status_code == 200
    assert "Iemand anders heeft deze gegevens intussen gewijzigd" in formulierfout(response)
    assert veldwaarde(response, "titel") == "Tweede"
    vacature.refresh_from_db()
    assert (vacature.titel, vacature.status, vacature.versie) == ("Eerst", VacatureStatus.OPEN, 2)


def test_fouten_van_de_actie_komen_samen_en_niets_wordt_bewaard(wereld):
    werkgever = registreer_werkgever(wereld.a)
    vacature = registreer_vacature(wereld.a, werkgever)
    with pytest.raises(ValidationError) as fout:
        actions.wijzig_vacature(
            ctx=ctx_van(wereld.a, WA),
            vacature=vacature,
            versie=1,
            **{
                **vacature_gegevens(titel="", uren_van=30, uren_tot=20),
                "status": VacatureStatus.OPEN,
                "sluitingsdatum": VANDAAG - datetime.timedelta(days=1),
            },
        )
    assert set(fout.value.message_dict) == {"titel", "uren_tot", "sluitingsdatum"}
    vacature.refresh_from_db()
    assert (vacature.titel, vacature.uren_tot, vacature.versie) == ("Medewerker huishoudelijke dienst", 20, 1)


# --- roles ----------------------------------------------------------------------------------------------------


def test_trajectbegeleider_ziet_alleen_open_vacatures(wereld, client):
    werkgever = registreer_werkgever(wereld.a)
    open_ = registreer_vacature(wereld.a, werkgever, titel="Open functie")
    registreer_vacature(wereld.a, werkgever, titel="Vervulde functie", status=VacatureStatus.VERVULD)
    gesloten = registreer_vacature(wereld.a, werkgever, titel="Gesloten functie", status=VacatureStatus.GESLOTEN)
    verlopen = registreer_vacature(wereld.a, werkgever, titel="Verlopen functie")
    Vacature.objects.filter(pk=verlopen.pk).update(sluitingsdatum=VANDAAG - datetime.timedelta(days=1))
    registreer_vacature(wereld.b, registreer_werkgever(wereld.b), titel="Functie elders")

    als(client, wereld, TB)
    for pagina in (tekst(client.get(url("vacatures"))), tekst(client.get(url("werkgever", pk=werkgever.pk)))):
        assert "Open functie" in pagina
        for verborgen in ("Vervulde functie", "Gesloten functie", "Verlopen functie", "Functie elders"):
            assert verborgen not in pagina
    assert client.get(url("vacature", pk=open_.pk)).status_code == 200
    assert client.get(url("vacature", pk=gesloten.pk)).status_code == 404
    assert client.get(url("vacature", pk=verlopen.pk)).status_code == 404
    # No status filter for a trajectbegeleider: ?status=gesloten changes nothing.
    assert "Gesloten functie" not in tekst(client.get(url("vacatures"), {"status": "gesloten"}))

    als(client, wereld, WA)
    pagina = tekst(client.get(url("vacatures")))
    for zichtbaar in ("Open functie", "Vervulde functie", "Gesloten functie", "Verlopen functie"):
        assert zichtbaar in pagina
    assert "Functie elders" not in pagina


def test_trajectbegeleider_kan_niets_wijzigen(wereld, client):
    werkgever = registreer_werkgever(wereld.a)
    vacature = registreer_vacature(wereld.a, werkgever)
    als(client, wereld, TB)
    pagina = client.get(url("werkgever", pk=werkgever.pk)).content.decode()
    for knop in ("Gegevens wijzigen", "Nieuwe vacature"):
        assert knop not in pagina
    assert "Nieuwe werkgever" not in client.get(url("werkgevers")).content.decode()
    assert "Vacature wijzigen" not in client.get(url("vacature", pk=vacature.pk)).content.decode()

    pogingen = [
        (url("werkgever_nieuw"), werkgever_gegevens(kvk_nummer="12345678")),
        (url("werkgever_bewerken", pk=werkgever.pk), werkgever_gegevens(versie=1, naam="Overgenomen")),
        (url("vacature_nieuw", pk=werkgever.pk), vacature_gegevens()),
        (url("vacature_bewerken", pk=vacature.pk), vacature_gegevens(versie=1, status="gesloten")),
    ]
    for pad, gegevens in pogingen:
        assert client.post(pad, gegevens).status_code == 403, pad
    assert tellingen() == (1, 1, 0)
    werkgever.refresh_from_db()
    vacature.refresh_from_db()
    assert werkgever.naam == "Zorggroep Leiden-Noord" and vacature.status == VacatureStatus.OPEN
    # The actions refuse it as well.
    with pytest.raises(PermissionDenied):
        actions.maak_werkgever(
            ctx=ctx_van(wereld.a, TB), **{**werkgever_gegevens(kvk_nummer="12345678"), "accountmanager": None}
        )
    assert tellingen() == (1, 1, 0)


# --- lists ----------------------------------------------------------------------------------------------------


def test_werkgeverslijst_zoeken_en_filteren(wereld, client):
    registreer_werkgever(
        wereld.a, naam="Zorggroep Leiden-Noord", kvk_nummer="28104417", contactpersoon="Marloes de Graaf"
    )
    registreer_werkgever(
        wereld.a,
        naam="Bakkerij van der Meer Katwijk",
        kvk_nummer="28211936",
        sector="detailhandel",
        plaats="Katwijk",
        contactpersoon="Henk van der Meer",
        betrokkenheid=Betrokkenheid.INCLUSIEF,
    )
    registreer_werkgever(
        wereld.a,
        naam="Logistiek Centrum Alphen",
        kvk_nummer="28307752",
        sector="logistiek",
        plaats="Alphen aan den Rijn",
        contactpersoon="Sandra Koster",
        betrokkenheid=Betrokkenheid.BENADERD,
    )
    registreer_werkgever(wereld.b, naam="Zorgcentrum Elders", kvk_nummer="30114562")
    als(client, wereld, WA)

    def gevonden(**params) -> list[str]:
        html = client.get(url("werkgevers"), params).content.decode()
        return sorted(re.findall(r'href="/holland-rijnland/werkgevers/\d+/">([^<]+)</a>', html))

    alle = ["Bakkerij van der Meer Katwijk", "Logistiek Centrum Alphen", "Zorggroep Leiden-Noord"]
    assert gevonden() == alle
    assert gevonden(zoek="bakkerij katwijk") == ["Bakkerij van der Meer Katwijk"]
    assert gevonden(zoek="2830") == ["Logistiek Centrum Alphen"]  # KvK number
    assert gevonden(zoek="marloes") == ["Zorggroep Leiden-Noord"]  # contact person
    assert gevonden(zoek="zorg") == ["Zorggroep Leiden-Noord"]  # not region B's
    assert gevonden(betrokkenheid="inclusief") == ["Bakkerij van der Meer Katwijk"]
    assert gevonden(sector="logistiek") == ["Logistiek Centrum Alphen"]
    assert gevonden(plaats="Katwijk") == ["Bakkerij van der Meer Katwijk"]
    assert gevonden(plaats="Ergens anders") == alle  # an unknown filter value is ignored
    leeg = client.get(url("werkgevers"), {"zoek": "bestaat niet"})
    assert "Geen werkgevers gevonden met deze zoekopdracht of filters." in tekst(leeg)


def test_lege_lijsten(wereld, client):
    als(client, wereld, WA)
    assert "Er staan nog geen werkgevers in de regio." in tekst(client.get(url("werkgevers")))
    assert "Er staan nog geen vacatures in de regio." in tekst(client.get(url("vacatures")))
    als(client, wereld, TB)
    assert "Er staan nu geen open vacatures in de regio." in tekst(client.get(url("vacatures")))


def test_lijst_als_htmx_geeft_alleen_de_resultaten(wereld, client):
    registreer_werkgever(wereld.a)
    response = als(client, wereld, WA).get(url("werkgevers"), {"zoek": "zorg"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="resultaten">') and "<html" not in html
    assert "Zorggroep Leiden-Noord" in html
    assert "HX-Request" in response["Vary"]
    assert "no-store" in response["Cache-Control"]


def test_vacaturelijst_zoeken_en_filteren(wereld, client):
    zorg = registreer_werkgever(wereld.a)
    bakker = registreer_werkgever(wereld.a, naam="Bakkerij van der Meer Katwijk", kvk_nummer="28211936")
    registreer_vacature(wereld.a, zorg, titel="Helpende zorg", sector="zorg", plaats="Leiden")
    registreer_vacature(wereld.a, bakker, titel="Hulp in de bakkerij", sector="detailhandel", plaats="Katwijk")
    registreer_vacature(wereld.a, bakker, titel="Verkoper", sector="detailhandel", plaats="Katwijk", status="vervuld")
    verlopen = registreer_vacature(wereld.a, zorg, titel="Nachtdienst", plaats="Leiden")
    Vacature.objects.filter(pk=verlopen.pk).update(sluitingsdatum=VANDAAG - datetime.timedelta(days=2))
    als(client, wereld, WA)

    def gevonden(**params) -> list[str]:
        html = client.get(url("vacatures"), params).content.decode()
        return sorted(re.findall(r'href="/holland-rijnland/vacatures/\d+/">([^<]+)</a>', html))

    assert gevonden() == ["Helpende zorg", "Hulp in de bakkerij", "Nachtdienst", "Verkoper"]
    assert gevonden(zoek="bakkerij") == ["Hulp in de bakkerij", "Verkoper"]  # title or employer
    assert gevonden(zoek="verkoper katwijk") == ["Verkoper"]
    assert gevonden(status="open") == ["Helpende zorg", "Hulp in de bakkerij"]
    assert gevonden(status="verlopen") == ["Nachtdienst"]
    assert gevonden(status="vervuld") == ["Verkoper"]
    assert gevonden(sector="zorg") == ["Helpende zorg", "Nachtdienst"]
    assert gevonden(plaats="Katwijk") == ["Hulp in de bakkerij", "Verkoper"]
    assert "Verlopen" in tekst(client.get(url("vacatures"), {"status": "verlopen"}))


def _plaats(traject, werkgever: Werkgever, *, betaald: bool):
    from trajecten.models import Plaatsing

    return Plaatsing.objects.create(
        regio=traject.regio,
        traject=traject,
        werkgever=werkgever,
        functie="Medewerker",
        startdatum=VANDAAG,
        uren_per_week=20,
        contractvorm="tijdelijk" if betaald else "proefplaatsing",
        betaald=betaald,
    )


def test_tellingen_van_vacatures_plaatsingen_en_voordrachten(wereld, client):
    from trajecten.models import Voordracht

    werkgever = registreer_werkgever(wereld.a)
    registreer_werkgever(wereld.a, naam="Bakkerij van der Meer Katwijk", kvk_nummer="28211936")
    vacature = registreer_vacature(wereld.a, werkgever)
    registreer_vacature(wereld.a, werkgever, titel="Tweede open")
    registreer_vacature(wereld.a, werkgever, titel="Al vervuld", status=VacatureStatus.VERVULD)
    traject = maak_dossier(wereld.a).trajecten.get()
    _plaats(traject, werkgever, betaald=True)
    _plaats(traject, werkgever, betaald=True)
    _plaats(traject, werkgever, betaald=False)
    for _ in range(2):
        Voordracht.objects.create(
            regio=wereld.a.regio,
            traject=traject,
            vacature=vacature,
            profiel="Ervaring in de zorg.",
            voorgedragen_op=VANDAAG,
            status="afgewezen",
        )
    als(client, wereld, WA)

    html = client.get(url("werkgevers")).content.decode()
    rij = re.search(r"<tr[^>]*>(?:(?!</tr>).)*Zorggroep Leiden-Noord.*?</tr>", html, re.S).group(0)
    getallen = re.findall(r'numeric-data">(\d+)</td>', rij)
    assert getallen == ["2", "3"]  # open vacancies (joined with 3 placements: no double counting), placements
    rij_ander = re.search(r"<tr[^>]*>(?:(?!</tr>).)*Bakkerij van der Meer.*?</tr>", html, re.S).group(0)
    assert re.findall(r'numeric-data">(\d+)</td>', rij_ander) == ["0", "0"]

    pagina = tekst(client.get(url("werkgever", pk=werkgever.pk)))
    assert "3 in totaal, waarvan 2 betaald werk" in pagina
    assert "2 kandidaten voorgedragen" in tekst(client.get(url("vacature", pk=vacature.pk)))


# --- query counts ---------------------------------------------------------------------------------------------


def _queries(client, pad: str, params: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(pad, params or {})
    assert response.status_code == 200
    return len(queries)


def _vul(rw, aantal: int, begin: int) -> Werkgever:
    """`aantal` employers, each with an open and a closed vacancy and a contact; returns the first."""
    eerste = None
    for i in range(begin, begin + aantal):
        werkgever = registreer_werkgever(
            rw, naam=f"Werkgever {i:03d}", kvk_nummer=f"{40000000 + i}", plaats=["Leiden", "Katwijk", "Lisse"][i % 3]
        )
        registreer_vacature(rw, werkgever, titel=f"Functie {i:03d}")
        registreer_vacature(rw, werkgever, titel=f"Oud {i:03d}", status=VacatureStatus.GESLOTEN)
        actions.log_werkgeverscontact(ctx=ctx_van(rw, WA), werkgever=werkgever, datum=VANDAAG, soort="email")
        eerste = eerste or werkgever
    return eerste


def test_werkgeverslijst_telt_per_getoonde_rij_zonder_alles_te_groeperen(wereld, client):
    """The counts per employer are correlated subqueries, evaluated for the 25 rows of the page only
    (docs/performance.md): neither the page nor the paginator's COUNT joins every employer of the region with
    its vacancies and placements and groups them (the counts themselves: the test above)."""
    _vul(wereld.a, 3, 0)
    als(client, wereld, WA)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("werkgevers"))
    assert response.status_code == 200 and "3 werkgevers" in tekst(response)
    lijst = [q["sql"] for q in queries if '"werkgevers_werkgever"' in q["sql"]]
    assert lijst and not [q for q in lijst if "GROUP BY" in q or "COUNT(DISTINCT" in q], lijst
    assert not [q for q in lijst if "COUNT(*)" in q and ("werkgevers_vacature" in q or "trajecten_plaatsing" in q)]


def test_lijsten_doen_evenveel_queries_bij_3_en_40_werkgevers(wereld, client):
    eerste = _vul(wereld.a, 3, 0)
    verzoeken = [
        (WA, "werkgevers", {}, {}),
        (WA, "werkgevers", {}, {"zoek": "werkgever 0", "sector": "zorg", "plaats": "Leiden", "page": "2"}),
        (TB, "werkgevers", {}, {}),
        (WA, "vacatures", {}, {}),
        (WA, "vacatures", {}, {"zoek": "functie", "status": "open", "plaats": "Leiden"}),
        (TB, "vacatures", {}, {}),
        (WA, "werkgever", {"pk": eerste.pk}, {}),
        (TB, "werkgever", {"pk": eerste.pk}, {}),
    ]

    def meet() -> list[int]:
        return [_queries(als(client, wereld, rol), url(naam, **kw), params) for rol, naam, kw, params in verzoeken]

    klein = meet()
    _vul(wereld.a, 37, 3)
    # The first employer gets many more vacancies and contacts of its own.
    for i in range(30):
        registreer_vacature(wereld.a, eerste, titel=f"Extra {i}")
        actions.log_werkgeverscontact(ctx=ctx_van(wereld.a, WA), werkgever=eerste, datum=VANDAAG, soort="bezoek")
    assert Werkgever.objects.filter(regio=wereld.a.regio).count() == 40
    groot = meet()
    assert groot == klein, (klein, groot)
    assert max(groot) <= 11, groot  # incl. the one query of django-otp's OTPMiddleware (verified device)
    # And the pages really were full.
    response = als(client, wereld, WA).get(url("werkgevers"))
    assert "40 werkgevers" in tekst(response) and "Pagina 1 van 2" in tekst(response)
    assert "110 vacatures" in tekst(als(client, wereld, WA).get(url("vacatures")))


# --- demo data ------------------------------------------------------------------------------------------------


def test_demodata_heeft_elke_betrokkenheid_en_status_en_is_idempotent(db):
    hoofdzaak_demo.laad()
    uitvoer = StringIO()
    werkgevers_demo.laad(stdout=uitvoer)
    assert "demowerkgevers" in uitvoer.getvalue()
    for slug in (SLUG_A, SLUG_B):
        werkgevers = Werkgever.objects.filter(regio__slug=slug)
        vacatures = Vacature.objects.filter(regio__slug=slug)
        assert 10 <= werkgevers.count() <= 15
        assert 12 <= vacatures.count() <= 20
        assert set(werkgevers.values_list("betrokkenheid", flat=True)) == set(Betrokkenheid.values)
        assert set(vacatures.values_list("status", flat=True)) == set(VacatureStatus.values)
        assert not vacatures.filter(werkgever__regio__slug=slug).exclude(regio__slug=slug).exists()
        adviseur = Gebruiker.objects.get(email=f"werkgeversadviseur@{slug}.demo")
        assert set(werkgevers.values_list("accountmanager", flat=True)) == {adviseur.pk}
        assert Werkgeverscontact.objects.filter(regio__slug=slug).count() >= 10
        assert vacatures.open().count() >= 5
        assert len(set(vacatures.values_list("plaats", flat=True))) >= 4
    voor = tellingen()
    werkgevers_demo.laad()
    assert tellingen() == voor
