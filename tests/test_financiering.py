"""Funding (issue 15, point 4): the funding stream is chosen at intake and when a referral is accepted (required,
with an explicit 'onbekend' that the data-quality list flags), and can be corrected with its history kept."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from hoofdzaak.models import AuditActie, AuditRegel, Rol
from rapportage import figuren
from rapportage.figuren import Periode
from tests.fabriek import ctx_van, intake_data, maak_dossier, meld_aan, traject
from trajecten import actions
from trajecten.models import Deelnemer, Financieringsstroom, Financieringswijziging, Traject, TrajectStatus

VANDAAG = timezone.localdate()
STROOM_FOUT = "Kies de financieringsstroom, of 'Onbekend' als die nog moet worden uitgezocht."


def _url(w, naam: str, **kwargs) -> str:
    return reverse(naam, kwargs={"regio": w.a.regio.slug, **kwargs})


@pytest.fixture
def begeleider(wereld, client):
    client.force_login(wereld.a.gebruikers[Rol.TRAJECTBEGELEIDER])
    return wereld.a.gebruikers[Rol.TRAJECTBEGELEIDER]


def test_intake_zonder_financieringsstroom_wordt_niet_opgeslagen_en_houdt_de_invoer(wereld, client, begeleider):
    response = client.post(_url(wereld, "intake"), intake_data(wereld.a, financieringsstroom=""))
    assert response.status_code == 200
    assert STROOM_FOUT in response.content.decode().replace("&#x27;", "'")
    assert not Deelnemer.objects.filter(achternaam="Bakker").exists()
    assert 'value="Noor"' in response.content.decode()  # what the user typed stays


def test_intake_met_onbekende_stroom_komt_op_de_lijst_met_datakwaliteit(wereld, client, begeleider):
    response = client.post(_url(wereld, "intake"), intake_data(wereld.a, financieringsstroom="onbekend"))
    assert response.status_code == 302
    nieuw = Traject.objects.get(deelnemer__achternaam="Bakker")
    assert nieuw.financieringsstroom == Financieringsstroom.ONBEKEND
    f = figuren.bereken(regio=wereld.a.regio, periode=Periode.jaar_tot_en_met(VANDAAG), peildatum=VANDAAG)
    assert f.datakwaliteit.financiering_onbekend == 1
    assert [v.deelnemernummer for v in f.datakwaliteit.financiering_onbekend_trajecten] == [nieuw.deelnemer.nummer]
    client.force_login(wereld.a.gebruikers[Rol.PROJECTLEIDER])
    pagina = client.get(_url(wereld, "dashboard")).content.decode()
    assert "Financieringsstroom onbekend" in pagina and nieuw.deelnemer.nummer in pagina


def test_datakwaliteit_telt_alleen_lopende_trajecten_zonder_bekende_stroom(wereld):
    a = wereld.a
    begin = datetime.date(2025, 1, 6)
    traject(a, start=begin, financieringsstroom="")  # never recorded (before this change)
    traject(a, start=begin, financieringsstroom="onbekend")
    traject(a, start=begin, financieringsstroom="uwv")  # known
    traject(a, start=begin, eind=begin + datetime.timedelta(days=30), financieringsstroom="onbekend")  # ended
    f = figuren.bereken(regio=a.regio, periode=Periode.jaar_tot_en_met(VANDAAG), peildatum=VANDAAG)
    assert f.datakwaliteit.financiering_onbekend == 2


def test_accepteren_vraagt_de_financieringsstroom(wereld, client, begeleider):
    aanmelding = meld_aan(wereld.a)
    data = {
        "actie": "accepteren",
        "accepteren-versie": aanmelding.versie,
        "accepteren-intakedatum": VANDAAG.isoformat(),
    }
    url = _url(wereld, "aanmelding_behandelen", pk=aanmelding.pk)
    response = client.post(url, data)
    assert response.status_code == 200 and STROOM_FOUT in response.content.decode().replace("&#x27;", "'")
    aanmelding.refresh_from_db()
    assert aanmelding.status == TrajectStatus.AANGEMELD
    uwv = wereld.a.organisaties["uwv"]
    response = client.post(url, {**data, "accepteren-financieringsstroom": "uwv", "accepteren-financier": uwv.pk})
    assert response.status_code == 302
    aanmelding.refresh_from_db()
    assert (aanmelding.status, aanmelding.financieringsstroom, aanmelding.financier) == (
        TrajectStatus.INTAKE,
        "uwv",
        uwv,
    )


def test_financier_uit_een_andere_regio_wordt_geweigerd(wereld):
    aanmelding = meld_aan(wereld.a)
    with pytest.raises(Exception, match="Kies een organisatie uit deze regio"):
        actions.accepteer_aanmelding(
            ctx=ctx_van(wereld.a, Rol.TRAJECTBEGELEIDER),
            traject=aanmelding,
            intakedatum=VANDAAG,
            versie=aanmelding.versie,
            financier=wereld.b.organisaties["uwv"],
            financieringsstroom="uwv",
        )


def test_financiering_corrigeren_bewaart_de_geschiedenis(wereld, client, begeleider):
    eigen = maak_dossier(wereld.a).trajecten.get()
    oud = (eigen.financier, eigen.financieringsstroom)
    url = _url(wereld, "financiering_corrigeren", pk=eigen.pk)
    gemeente = wereld.a.organisaties["gemeente"]

    assert client.get(url).status_code == 200
    leeg = client.post(url, {"versie": eigen.versie, "financieringsstroom": "wmo", "financier": gemeente.pk})
    assert leeg.status_code == 200 and "Geef aan waarom je de financiering aanpast." in leeg.content.decode()
    assert not Financieringswijziging.objects.exists()

    data = {"versie": eigen.versie, "financieringsstroom": "wmo", "financier": gemeente.pk, "reden": "Wmo-beschikking"}
    assert client.post(url, data).status_code == 302
    eigen.refresh_from_db()
    assert (eigen.financier, eigen.financieringsstroom) == (gemeente, "wmo")
    wijziging = Financieringswijziging.objects.get()
    assert (wijziging.oude_financier, wijziging.oude_stroom) == oud
    assert (wijziging.nieuwe_financier, wijziging.nieuwe_stroom, wijziging.reden) == (
        gemeente,
        "wmo",
        "Wmo-beschikking",
    )
    assert wijziging.door == begeleider
    assert AuditRegel.objects.filter(actie=AuditActie.WIJZIGEN, omschrijving="Financiering gecorrigeerd").count() == 1
    # The history is on the form; the same values again change nothing.
    pagina = client.get(url).content.decode()
    assert "Eerdere correcties" in pagina and "Wmo-beschikking" in pagina
    opnieuw = client.post(url, {**data, "versie": eigen.versie})
    assert opnieuw.status_code == 200 and "er is niets veranderd" in opnieuw.content.decode()
    assert Financieringswijziging.objects.count() == 1
