"""Referral, inbox and intake: the paths through them, the rules on bad input, duplicates, audit, queries."""

from __future__ import annotations

import datetime
import re
from html import unescape

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hoofdzaak.actions import VEROUDERD
from hoofdzaak.models import AuditActie, AuditRegel, Rol
from hoofdzaak.views.hulp import voer_uit
from tests.fabriek import aanmelding_data, ctx_van, intake_data, meld_aan
from trajecten import access, actions
from trajecten.models import Deelnemer, Toestemming, Traject, TrajectStatus
from trajecten.toegang import BEHEER, VOLG, toegang_van

SLUG = "holland-rijnland"
VANDAAG = timezone.localdate()
DAG = datetime.timedelta(days=1)


# --- Helpers ------------------------------------------------------------------------------------------------


def url(naam: str, **kwargs) -> str:
    return reverse(naam, kwargs={"regio": SLUG, **kwargs})


def tekst(response) -> str:
    """The visible text of a page: tags stripped, entities decoded, whitespace collapsed."""
    html = re.sub(r"<script\b.*?</script>", " ", response.content.decode(), flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def veldfout(response, veld: str) -> str:
    """The error text shown next to a form field (empty when there is none)."""
    match = re.search(rf'<div[^>]*id="id_{veld}_error"[^>]*>(.*?)</div>', response.content.decode(), re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", match.group(1))).split()) if match else ""


def veldwaarde(response, veld: str) -> str | None:
    """The value an <input> or <textarea> shows, or the selected option of a <select>."""
    html = response.content.decode()
    invoer = re.search(rf'<input[^>]*name="{veld}"[^>]*>', html)
    if invoer:
        waarde = re.search(r'value="([^"]*)"', invoer.group(0))
        return unescape(waarde.group(1)) if waarde else None
    tekstvak = re.search(rf'<textarea[^>]*name="{veld}"[^>]*>(.*?)</textarea>', html, re.S)
    if tekstvak:
        return unescape(tekstvak.group(1)).strip()
    keuze = re.search(rf'<select[^>]*name="{veld}"[^>]*>(.*?)</select>', html, re.S)
    if keuze:
        gekozen = re.search(r'<option value="([^"]*)"[^>]*selected', keuze.group(1))
        return unescape(gekozen.group(1)) if gekozen else None
    return None


def tellingen() -> dict[str, int]:
    return {
        "deelnemers": Deelnemer.objects.count(),
        "trajecten": Traject.objects.count(),
        "toestemmingen": Toestemming.objects.count(),
        "aangemaakt": AuditRegel.objects.filter(actie=AuditActie.AANMAKEN).count(),
    }


def accepteer_data(traject: Traject, **anders) -> dict:
    return {
        "actie": "accepteren",
        "accepteren-versie": traject.versie,
        "accepteren-intakedatum": VANDAAG.isoformat(),
        "accepteren-financieringsstroom": "participatiewet",
        **anders,
    }


def deelnemer_url(deelnemer: Deelnemer) -> str:
    return url("deelnemer", nummer=deelnemer.nummer)


@pytest.fixture
def klantmanager(wereld, client):
    client.force_login(wereld.a.gebruikers[Rol.KLANTMANAGER])
    return wereld.a.gebruikers[Rol.KLANTMANAGER]


@pytest.fixture
def begeleider(wereld, client):
    client.force_login(wereld.a.gebruikers[Rol.TRAJECTBEGELEIDER])
    return wereld.a.gebruikers[Rol.TRAJECTBEGELEIDER]


# --- Referral → inbox → accept / decline --------------------------------------------------------------------


def test_aanmelding_met_toestemming_tot_acceptatie(wereld, client, klantmanager):
    a = wereld.a
    ggz, gemeente = a.organisaties["ggz"], a.organisaties["gemeente"]
    voor = tellingen()

    response = client.post(url("aanmelden"), aanmelding_data(a), follow=True)

    assert response.redirect_chain == [(url("aanmeldingen"), 302)]
    traject = Traject.objects.select_related("deelnemer").get(deelnemer__achternaam="Bakker")
    deelnemer = traject.deelnemer
    assert f"Noor Bakker ({deelnemer.nummer}) is aangemeld bij {ggz.naam}." in tekst(response)
    assert (traject.status, traject.aanbieder, traject.verwijzer, traject.verwezen_door) == (
        TrajectStatus.AANGEMELD,
        ggz,
        gemeente,
        klantmanager,
    )
    assert traject.verwijs_toelichting == "Wil graag weer in de zorg werken."
    assert deelnemer.wens_sectoren == ["zorg", "groen"] and deelnemer.postcode == "2312 CD"
    toestemming = deelnemer.toestemmingen.get()
    assert (toestemming.organisatie, toestemming.vorm, toestemming.geldig_tot) == (
        gemeente,
        "schriftelijk",
        VANDAAG + 365 * DAG,
    )
    assert tellingen() == {
        **voor,
        "deelnemers": voor["deelnemers"] + 1,
        "trajecten": voor["trajecten"] + 1,
        "toestemmingen": voor["toestemmingen"] + 1,
        "aangemaakt": voor["aangemaakt"] + 1,
    }
    assert "In behandeling" in tekst(response)
    assert f'href="{deelnemer_url(deelnemer)}"' in response.content.decode()  # consent: the referrer may follow
    assert toegang_van(deelnemer)[0] == {(ggz.groep_id, BEHEER), (gemeente.groep_id, VOLG)}

    # The provider finds it in its inbox, with the referral data.
    client.force_login(a.gebruikers[Rol.TRAJECTBEGELEIDER])
    inbox = client.get(url("inbox"))
    for verwacht in [
        "Noor Bakker",
        "12 mrt. 1988",
        a.organisaties["gemeente2"].naam,
        "IPS",
        gemeente.naam,
        klantmanager.naam,
        "Wil graag weer in de zorg werken.",
    ]:
        assert verwacht in tekst(inbox)
    assert url("aanmelding_behandelen", pk=traject.pk) in inbox.content.decode()
    assert "no-store" in inbox["Cache-Control"]
    # The inbox shows names: one read row naming the referrals shown (access.caseload_voor writes it).
    gelezen = AuditRegel.objects.filter(actie=AuditActie.LEZEN, object_type="caseload").latest("id")
    assert deelnemer.nummer in gelezen.getoonde_nummers.split()
    assert gelezen.gebruiker_id == a.gebruikers[Rol.TRAJECTBEGELEIDER].pk

    pagina = client.get(url("aanmelding_behandelen", pk=traject.pk))
    assert "Aanmelding accepteren" in tekst(pagina) and "noor@example.org" in tekst(pagina)
    assert veldwaarde(pagina, "accepteren-intakedatum") == VANDAAG.isoformat()
    assert AuditRegel.objects.filter(
        actie=AuditActie.LEZEN, deelnemer_nummer=deelnemer.nummer, grondslag=BEHEER
    ).exists()

    response = client.post(url("aanmelding_behandelen", pk=traject.pk), accepteer_data(traject))

    assert response.status_code == 302 and response.url == deelnemer_url(deelnemer)
    traject.refresh_from_db()
    assert (traject.status, traject.intakedatum, traject.trajectbegeleider) == (
        TrajectStatus.INTAKE,
        VANDAAG,
        a.gebruikers[Rol.TRAJECTBEGELEIDER],
    )
    assert client.get(url("inbox")).context["page_obj"].paginator.count == 0

    # The referrer sees 'geaccepteerd', not the detailed status, and may open the participant (consent).
    client.force_login(klantmanager)
    lijst = client.get(url("aanmeldingen"))
    assert "Geaccepteerd" in tekst(lijst) and "Intake" not in tekst(lijst)
    assert f'href="{deelnemer_url(deelnemer)}"' in lijst.content.decode()
    assert toegang_van(deelnemer)[0] == {(ggz.groep_id, BEHEER), (gemeente.groep_id, VOLG)}


def test_zonder_toestemming_ziet_de_verwijzer_alleen_de_uitkomst(wereld, client, klantmanager):
    a = wereld.a
    # Unticked consent: what is typed in its fields is not used and must not block the referral.
    data = aanmelding_data(a, toestemming=None, geldig_tot="31-02-2026", vorm="")
    response = client.post(url("aanmelden"), data)
    assert response.status_code == 302
    traject = Traject.objects.get(deelnemer__achternaam="Bakker")
    assert not traject.deelnemer.toestemmingen.exists()
    assert toegang_van(traject.deelnemer)[0] == {(a.organisaties["ggz"].groep_id, BEHEER)}
    actions.accepteer_aanmelding(
        ctx=ctx_van(a, Rol.TRAJECTBEGELEIDER), traject=traject, intakedatum=VANDAAG, versie=traject.versie
    )

    lijst = client.get(url("aanmeldingen"))

    assert "Geaccepteerd" in tekst(lijst) and traject.deelnemer.nummer in tekst(lijst)
    assert deelnemer_url(traject.deelnemer) not in lijst.content.decode()


def test_afwijzen_met_reden(wereld, client, begeleider):
    a = wereld.a
    traject = meld_aan(a)
    deelnemer = traject.deelnemer
    assert deelnemer in access.deelnemers_voor(ctx_van(a, Rol.TRAJECTBEGELEIDER))
    reden = "Past beter bij jobcoaching van het re-integratiebedrijf."

    response = client.post(
        url("aanmelding_behandelen", pk=traject.pk),
        {"actie": "afwijzen", "afwijzen-versie": traject.versie, "afwijzen-reden": reden},
        follow=True,
    )

    assert response.redirect_chain == [(url("inbox"), 302)]
    assert f"De aanmelding van {deelnemer.nummer} is afgewezen." in tekst(response)
    traject.refresh_from_db()
    assert (traject.status, traject.afwijsreden) == (TrajectStatus.AFGEWEZEN, reden)
    # The provider lost its access; the referrer keeps following with the consent.
    assert deelnemer not in access.deelnemers_voor(ctx_van(a, Rol.TRAJECTBEGELEIDER))
    assert toegang_van(deelnemer)[0] == {(a.organisaties["gemeente"].groep_id, VOLG)}
    assert client.get(deelnemer_url(deelnemer)).status_code == 404
    # Its referral page shows only the outcome, no personal data any more.
    uitkomst = client.get(url("aanmelding_behandelen", pk=traject.pk))
    assert uitkomst.status_code == 200
    assert "Afgewezen" in tekst(uitkomst) and "Noor" not in tekst(uitkomst)
    assert "Aanmelding accepteren" not in tekst(uitkomst)

    client.force_login(a.gebruikers[Rol.KLANTMANAGER])
    lijst = client.get(url("aanmeldingen"))
    assert "Afgewezen" in tekst(lijst) and f"Reden: {reden}" in tekst(lijst)


def test_afwijzen_zonder_reden_kan_niet(wereld, client, begeleider):
    traject = meld_aan(wereld.a)
    response = client.post(
        url("aanmelding_behandelen", pk=traject.pk),
        {"actie": "afwijzen", "afwijzen-versie": traject.versie, "afwijzen-reden": "   "},
    )
    assert response.status_code == 200
    assert veldfout(response, "afwijzen-reden") == "Geef aan waarom je de aanmelding afwijst."
    traject.refresh_from_db()
    assert traject.status == TrajectStatus.AANGEMELD


@pytest.mark.parametrize(
    ("intakedatum", "fout"),
    [
        (VANDAAG - 10 * DAG, "De intakedatum ligt vóór de aanmelddatum"),
        (VANDAAG + DAG, "Deze datum ligt in de toekomst."),
    ],
)
def test_intakedatum_bij_accepteren(wereld, client, begeleider, intakedatum, fout):
    traject = meld_aan(wereld.a)
    response = client.post(
        url("aanmelding_behandelen", pk=traject.pk), accepteer_data(traject, **{"accepteren-intakedatum": intakedatum})
    )
    assert response.status_code == 200
    assert fout in veldfout(response, "accepteren-intakedatum")
    assert veldwaarde(response, "accepteren-intakedatum") == intakedatum.isoformat()
    traject.refresh_from_db()
    assert traject.status == TrajectStatus.AANGEMELD


def test_verouderd_accepteren_wordt_geweigerd(wereld, client, begeleider):
    traject = meld_aan(wereld.a)
    oude_versie = traject.versie
    # Someone else changed the trajectory after the form was rendered.
    Traject.objects.filter(pk=traject.pk).update(versie=F("versie") + 1)
    gekozen = (VANDAAG - DAG).isoformat()

    response = client.post(
        url("aanmelding_behandelen", pk=traject.pk),
        accepteer_data(traject, **{"accepteren-versie": oude_versie, "accepteren-intakedatum": gekozen}),
    )

    assert response.status_code == 200
    assert str(VEROUDERD) in tekst(response)
    traject.refresh_from_db()
    assert traject.status == TrajectStatus.AANGEMELD
    assert veldwaarde(response, "accepteren-intakedatum") == gekozen
    # The page now carries the current version: sending it again, on purpose, works.
    assert veldwaarde(response, "accepteren-versie") == str(oude_versie + 1)
    opnieuw = client.post(
        url("aanmelding_behandelen", pk=traject.pk),
        accepteer_data(traject, **{"accepteren-versie": oude_versie + 1, "accepteren-intakedatum": gekozen}),
    )
    assert opnieuw.status_code == 302
    traject.refresh_from_db()
    assert traject.status == TrajectStatus.INTAKE


def test_verouderd_accepteren_na_afwijzing_door_een_collega(wereld, client, begeleider):
    traject = meld_aan(wereld.a)
    oude_versie = traject.versie
    actions.wijs_aanmelding_af(
        ctx=ctx_van(wereld.a, Rol.TRAJECTBEGELEIDER), traject=traject, reden="Geen plek", versie=oude_versie
    )

    response = client.post(url("aanmelding_behandelen", pk=traject.pk), accepteer_data(traject))

    assert response.status_code == 200
    assert str(VEROUDERD) in tekst(response)
    assert "Deze aanmelding is afgewezen." in tekst(response)
    assert "Aanmelding accepteren" not in tekst(response)
    traject.refresh_from_db()
    assert traject.status == TrajectStatus.AFGEWEZEN


# --- Bad input: rejected at the field, what was typed kept, nothing saved -------------------------------------


@pytest.fixture(params=["aanmelden", "intake"])
def formulierpagina(request, wereld, client):
    """(url name, data builder) for the referral and the intake page, logged in with the role that uses it."""
    naam = request.param
    rol, bouw = {"aanmelden": (Rol.KLANTMANAGER, aanmelding_data), "intake": (Rol.TRAJECTBEGELEIDER, intake_data)}[naam]
    client.force_login(wereld.a.gebruikers[rol])
    return naam, bouw


@pytest.mark.parametrize(
    ("veld", "waarde", "fout", "bewaard"),
    [
        ("woongemeente", "GEMEENTE_ANDERE_REGIO", "Kies een gemeente uit deze regio.", False),
        ("geboortedatum", (VANDAAG + DAG).isoformat(), "Een geboortedatum kan niet in de toekomst liggen.", True),
        ("geboortedatum", "31-02-1990", "Voer een geldige datum in.", True),
        ("geboortedatum", "1990-02-31", "Voer een geldige datum in.", True),
        ("postcode", "12345", "Vul een Nederlandse postcode in", True),
        ("email", "geen-email", "Voer een geldig e-mailadres in.", True),
    ],
)
def test_onjuiste_deelnemergegevens(wereld, client, formulierpagina, veld, waarde, fout, bewaard):
    naam, bouw = formulierpagina
    if waarde == "GEMEENTE_ANDERE_REGIO":
        waarde = wereld.b.organisaties["gemeente"].pk
    voor = tellingen()

    response = client.post(url(naam), bouw(wereld.a, **{veld: waarde}))

    assert response.status_code == 200
    assert fout in veldfout(response, veld)
    assert fout in tekst(response)  # also in the summary at the top
    if bewaard:
        assert veldwaarde(response, veld) == str(waarde)
    assert veldwaarde(response, "voornaam") == "Noor"
    assert veldwaarde(response, "telefoon") == "06 87654321"
    assert tellingen() == voor


def test_toestemming_einde_voor_begin_bij_aanmelden(wereld, client, klantmanager):
    voor = tellingen()
    data = aanmelding_data(wereld.a, gegeven_op=(VANDAAG - DAG).isoformat(), geldig_tot=(VANDAAG - 5 * DAG).isoformat())
    response = client.post(url("aanmelden"), data)
    assert response.status_code == 200
    assert veldfout(response, "geldig_tot") == "De einddatum ligt vóór de datum waarop de toestemming is gegeven."
    assert veldwaarde(response, "geldig_tot") == (VANDAAG - 5 * DAG).isoformat()
    assert tellingen() == voor


def test_toestemming_verplichte_velden_bij_aanmelden(wereld, client, klantmanager):
    voor = tellingen()
    response = client.post(url("aanmelden"), aanmelding_data(wereld.a, gegeven_op="", vorm=""))
    assert veldfout(response, "gegeven_op") == "Vul dit in als de deelnemer toestemming geeft."
    assert veldfout(response, "vorm") == "Vul dit in als de deelnemer toestemming geeft."
    assert tellingen() == voor


def test_toestemming_einde_voor_begin_bij_intake(wereld, client, begeleider):
    voor = tellingen()
    eind = (VANDAAG - 10 * DAG).isoformat()
    response = client.post(url("intake"), intake_data(wereld.a, **{"toestemmingen-1-geldig_tot": eind}))
    assert response.status_code == 200
    assert (
        veldfout(response, "toestemmingen-1-geldig_tot")
        == "De einddatum ligt vóór de datum waarop de toestemming is gegeven."
    )
    assert veldwaarde(response, "toestemmingen-1-geldig_tot") == eind
    assert "Toestemming 2 – Geldig tot" in tekst(response)
    assert tellingen() == voor


def test_startdatum_voor_intakedatum_wordt_geweigerd(wereld, client, begeleider):
    voor = tellingen()
    start = (VANDAAG - 9 * DAG).isoformat()
    response = client.post(url("intake"), intake_data(wereld.a, startdatum=start))
    assert response.status_code == 200
    assert veldfout(response, "startdatum") == "De startdatum ligt vóór de intakedatum."
    assert veldwaarde(response, "startdatum") == start
    assert tellingen() == voor


def test_fout_van_de_actie_komt_bij_het_juiste_veld(wereld, client, klantmanager, monkeypatch):
    def weigert(**kwargs):
        raise ValidationError({"verwijsdatum": "De aanbieder neemt geen aanmeldingen van vóór 2020 aan."})

    monkeypatch.setattr(actions, "meld_aan", weigert)
    response = client.post(url("aanmelden"), aanmelding_data(wereld.a))
    assert response.status_code == 200
    assert veldfout(response, "verwijsdatum") == "De aanbieder neemt geen aanmeldingen van vóór 2020 aan."
    assert veldwaarde(response, "voornaam") == "Noor"


def test_voer_uit_verdeelt_fouten_over_de_formulieren():
    class Een(forms.Form):
        voornaam = forms.CharField()

    class Twee(forms.Form):
        geldig_tot = forms.CharField()

    een, twee = Een({"voornaam": "Noor"}), Twee({"geldig_tot": "x"})

    def actie():
        raise ValidationError({"geldig_tot": "te vroeg", "onbekend": "iets anders"})

    assert not voer_uit([een, twee], actie)
    assert twee.errors["geldig_tot"] == ["te vroeg"]
    assert een.non_field_errors() == ["iets anders"]
    assert not voer_uit([een], lambda: "gelukt")  # `een` now has an error: the action does not run
    assert voer_uit([Een({"voornaam": "Noor"})], lambda: "gelukt").waarde == "gelukt"


# --- Intake -------------------------------------------------------------------------------------------------


def test_intake_registreert_deelnemer_traject_en_toestemmingen(wereld, client, begeleider):
    a = wereld.a
    voor = tellingen()

    response = client.post(url("intake"), intake_data(a))

    deelnemer = Deelnemer.objects.get(achternaam="Bakker")
    assert response.status_code == 302 and response.url == deelnemer_url(deelnemer)
    traject = deelnemer.trajecten.get()
    assert (traject.status, traject.aanbieder, traject.trajectbegeleider, traject.verwijzer) == (
        TrajectStatus.GESTART,
        a.organisaties["ggz"],
        begeleider,
        a.organisaties["gemeente"],
    )
    assert traject.startdatum == VANDAAG - 2 * DAG and traject.financieringsstroom == "participatiewet"
    # The untouched third row is ignored.
    assert {t.organisatie for t in deelnemer.toestemmingen.all()} == {a.organisaties["gemeente"], a.organisaties["uwv"]}
    assert toegang_van(deelnemer)[0] == {
        (a.organisaties["ggz"].groep_id, BEHEER),
        (a.organisaties["gemeente"].groep_id, VOLG),
        (a.organisaties["uwv"].groep_id, VOLG),
    }
    assert tellingen()["deelnemers"] == voor["deelnemers"] + 1
    regels = AuditRegel.objects.filter(actie=AuditActie.AANMAKEN, deelnemer_nummer=deelnemer.nummer)
    assert regels.count() == 1
    assert regels.get().gebruiker_id == begeleider.pk


def test_intake_via_htmx(wereld, client, begeleider):
    fout = client.post(url("intake"), intake_data(wereld.a, postcode="12345"), headers={"HX-Request": "true"})
    assert fout.status_code == 200
    assert "<html" not in fout.content.decode() and 'id="intake-formulier"' in fout.content.decode()
    assert "HX-Request" in fout["Vary"]
    assert Deelnemer.objects.filter(achternaam="Bakker").count() == 0

    goed = client.post(url("intake"), intake_data(wereld.a), headers={"HX-Request": "true"})
    deelnemer = Deelnemer.objects.get(achternaam="Bakker")
    assert goed["HX-Redirect"] == deelnemer_url(deelnemer)


def test_intake_zonder_startdatum_staat_in_de_intakefase(wereld, client, begeleider):
    response = client.post(url("intake"), intake_data(wereld.a, startdatum=""))
    assert response.status_code == 302
    assert Traject.objects.get(deelnemer__achternaam="Bakker").status == TrajectStatus.INTAKE


def test_dubbelcheck_toont_te_openen_dubbel_als_link(wereld, client, begeleider, dossiers):
    eigen = dossiers.eigen
    zoek = {"voornaam": "sanne", "achternaam": eigen.achternaam.upper(), "geboortedatum": "1990-05-17"}

    response = client.get(url("intake_dubbelcheck"), zoek, headers={"HX-Request": "true"})

    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert f'href="{deelnemer_url(eigen)}"' in response.content.decode()
    assert "Toch een nieuwe deelnemer registreren" in tekst(response)
    regel = AuditRegel.objects.filter(actie=AuditActie.ZOEKEN).latest("id")
    assert (regel.deelnemer_nummer, regel.gebruiker_id) == (eigen.nummer, begeleider.pk)
    assert "Sanne" not in regel.omschrijving


def test_dubbelcheck_noemt_niet_te_openen_dubbel_zonder_gegevens(wereld, client, begeleider, dossiers):
    ander = dossiers.zonder_toestemming  # run by another provider: this user may not open it
    zoek = {"voornaam": "Sanne", "achternaam": ander.achternaam, "geboortedatum": "1990-05-17"}

    response = client.get(url("intake_dubbelcheck"), zoek)

    assert "die je niet kunt openen" in tekst(response) and "projectleider" in tekst(response)
    assert ander.nummer not in response.content.decode()
    assert AuditRegel.objects.filter(actie=AuditActie.ZOEKEN, deelnemer_nummer=ander.nummer).count() == 1


def test_dubbelcheck_zonder_treffer_of_in_een_andere_regio(wereld, client, begeleider, dossiers):
    # The fixtures' names are not unique across regions; give region B's participant its own.
    Deelnemer.objects.filter(pk=dossiers.andere_regio.pk).update(achternaam="Jansen")
    voor = AuditRegel.objects.filter(actie=AuditActie.ZOEKEN).count()
    for zoek in [
        {"voornaam": "Sanne", "achternaam": "Jansen", "geboortedatum": "1990-05-17"},
        {"voornaam": "Sanne", "achternaam": dossiers.eigen.achternaam, "geboortedatum": "1990-05-18"},
        {"voornaam": "Sanne"},
    ]:
        response = client.get(url("intake_dubbelcheck"), zoek)
        assert response.status_code == 200 and tekst(response) == ""
    assert AuditRegel.objects.filter(actie=AuditActie.ZOEKEN).count() == voor


def test_intake_van_een_dubbel_vraagt_bevestiging(wereld, client, begeleider, dossiers):
    eigen = dossiers.eigen
    data = intake_data(wereld.a, voornaam="Sanne", achternaam=eigen.achternaam, geboortedatum="1990-05-17")
    voor = tellingen()
    zelfde_naam = Deelnemer.objects.filter(regio=wereld.a.regio, achternaam=eigen.achternaam).count()

    geblokkeerd = client.post(url("intake"), data)

    assert geblokkeerd.status_code == 200
    assert tellingen() == voor
    assert f'href="{deelnemer_url(eigen)}"' in geblokkeerd.content.decode()
    assert "Er is al een deelnemer met deze naam en geboortedatum." in veldfout(geblokkeerd, "toch_registreren")
    assert veldwaarde(geblokkeerd, "achternaam") == eigen.achternaam

    bevestigd = client.post(url("intake"), {**data, "toch_registreren": "on"})

    assert bevestigd.status_code == 302
    assert Deelnemer.objects.filter(regio=wereld.a.regio, achternaam=eigen.achternaam).count() == zelfde_naam + 1
    assert tellingen()["aangemaakt"] == voor["aangemaakt"] + 1


# --- Lists: constant queries, pagination, empty state --------------------------------------------------------


def _queries(client, pad: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(pad).status_code == 200
    return len(queries)


def test_inbox_heeft_een_vast_aantal_queries(wereld, client, begeleider):
    leeg = client.get(url("inbox"))
    assert "Er wachten geen aanmeldingen op een besluit." in tekst(leeg)
    for i in range(5):
        meld_aan(wereld.a, achternaam=f"Bakker {i}")
    bij_vijf = _queries(client, url("inbox"))
    for i in range(5, 30):
        meld_aan(wereld.a, achternaam=f"Bakker {i}")
    bij_dertig = _queries(client, url("inbox"))
    assert bij_vijf == bij_dertig
    eerste = client.get(url("inbox"))
    assert "30 aanmeldingen in behandeling" in tekst(eerste) and "Pagina 1 van 2" in tekst(eerste)
    # Oldest first: same date, so in the order they came in.
    assert [t.deelnemer.achternaam for t in eerste.context["page_obj"]][:2] == ["Bakker 0", "Bakker 1"]


def test_aanmeldingen_hebben_een_vast_aantal_queries(wereld, client, klantmanager):
    leeg = client.get(url("aanmeldingen"))
    assert "Je organisatie heeft nog geen deelnemers aangemeld." in tekst(leeg)
    for i in range(5):
        meld_aan(wereld.a, achternaam=f"Bakker {i}", toestemming=i % 2 == 0)
    bij_vijf = _queries(client, url("aanmeldingen"))
    for i in range(5, 30):
        meld_aan(wereld.a, achternaam=f"Bakker {i}", toestemming=i % 2 == 0)
    bij_dertig = _queries(client, url("aanmeldingen"))
    assert bij_vijf == bij_dertig
    tweede = client.get(url("aanmeldingen") + "?page=2")
    assert "Pagina 2 van 2" in tekst(tweede)
    rijen = list(tweede.context["page_obj"])
    assert len(rijen) == 5
    # Linked exactly when the participant gave this organisation consent.
    for traject in rijen:
        gelinkt = deelnemer_url(traject.deelnemer) in tweede.content.decode()
        assert gelinkt == traject.deelnemer.toestemmingen.exists()


def test_aanmeldingen_tonen_alleen_die_van_de_eigen_organisatie(wereld, client, klantmanager):
    meld_aan(wereld.a, achternaam="Eigen")
    actions.meld_aan(
        ctx=ctx_van(wereld.a, "collega"),  # klantmanager of the other gemeente of the region
        deelnemer={
            "voornaam": "Bas",
            "achternaam": "Buur",
            "geboortedatum": datetime.date(1980, 1, 1),
            "woongemeente": wereld.a.organisaties["gemeente2"],
            "uitkering": "ww",
        },
        aanbieder=wereld.a.organisaties["ggz"],
        methode="ips",
        verwijsdatum=VANDAAG,
    )
    lijst = tekst(client.get(url("aanmeldingen")))
    assert "Noor Eigen" in lijst and "Bas Buur" not in lijst
