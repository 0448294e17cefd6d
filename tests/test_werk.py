"""Work: proposals, placements, 'werkend' and 'duurzaam', suggestions, employer contacts.

The werkgeversadviseur's pages are held to the promise of DESIGN.md §1: of a candidate only what the
proposal shares. The rules are tested both through the pages and directly on the actions.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hoofdzaak import datums
from hoofdzaak.keuzes import Sector
from hoofdzaak.models import AuditActie, AuditRegel, Rol
from tests.fabriek import begeleider_ctx, ctx_van, maak_dossier, maak_vacature, maak_werkgever
from trajecten import access, actions
from trajecten.models import (
    Contactmoment,
    Deelnemer,
    Plaatsing,
    Traject,
    Voordracht,
    VoordrachtStatus,
    _maanden_later,
)
from werkgevers.models import Vacature, VacatureStatus

from .matrix.trajecten_werk import PROFIEL

VANDAAG = datetime.date.today()
# Everything of the participant's record that must never reach a werkgeversadviseur (tests/conftest.py).
PERSOONLIJK = ["Sanne", "de Vries", "06 12345678", "sanne@example.org", "2311 AB", "Vertrouwelijke notitie"]
TB, WGA = Rol.TRAJECTBEGELEIDER, Rol.WERKGEVERSADVISEUR


def _traject(deelnemer) -> Traject:
    return deelnemer.trajecten.get()


def _voordracht(w, deelnemer, vacature=None) -> Voordracht:
    vacature = vacature or maak_vacature(maak_werkgever(w))
    return actions.draag_voor(
        ctx=ctx_van(w, TB), traject=_traject(deelnemer), vacature=vacature, profiel=PROFIEL, toestemming=True
    )


def _plaatsing(w, traject, **gegevens) -> Plaatsing:
    velden = {
        "werkgever_naam": "Buurtsuper Om de Hoek",
        "functie": "Vakkenvuller",
        "startdatum": traject.startdatum,
        "uren_per_week": 16,
        "contractvorm": "tijdelijk",
        "betaald": True,
        **gegevens,
    }
    return actions.registreer_plaatsing(ctx=ctx_van(w, TB), traject=traject, **velden)


def _wensen(deelnemer, **wensen) -> Deelnemer:
    Deelnemer.objects.filter(pk=deelnemer.pk).update(**wensen)
    deelnemer.refresh_from_db()
    return deelnemer


def _fouten(response, veld: str) -> list[str]:
    return [str(f) for f in response.context["form"].errors.get(veld, [])]


def _contextwaarden(response):
    for laag in response.context:
        for dicts in laag.dicts if hasattr(laag, "dicts") else [laag]:
            yield from dicts.values()


# --- What the werkgeversadviseur sees -----------------------------------------------------------------------


def test_werkgeversadviseur_ziet_het_profiel_maar_nooit_de_deelnemer(client, wereld):
    deelnemer = maak_dossier(wereld.a)
    voordracht = _voordracht(wereld.a, deelnemer)
    begeleider = wereld.a.gebruikers[TB]
    client.force_login(wereld.a.gebruikers[WGA])
    slug = wereld.a.regio.slug
    paginas = {
        "lijst": client.get(reverse("voordrachten", kwargs={"regio": slug})),
        "detail": client.get(reverse("voordracht", kwargs={"regio": slug, "pk": voordracht.pk})),
        "gesprek": client.get(
            reverse("voordracht_status", kwargs={"regio": slug, "pk": voordracht.pk, "naar": "gesprek"})
        ),
        "aangenomen": client.get(
            reverse("voordracht_status", kwargs={"regio": slug, "pk": voordracht.pk, "naar": "aangenomen"})
        ),
    }
    for naam, response in paginas.items():
        assert response.status_code == 200, naam
        html = response.content.decode()
        for tekst in [*PERSOONLIJK, deelnemer.nummer]:
            assert tekst not in html, f"{tekst!r} op de pagina {naam}"
        # Not even in the context: the views hand templates dicts of shared fields only.
        assert not any(isinstance(waarde, Deelnemer | Traject) for waarde in _contextwaarden(response)), naam
        assert "no-store" in response["Cache-Control"], naam
    assert f"Voordracht {voordracht.pk}" in paginas["lijst"].content.decode()
    detail = paginas["detail"].content.decode()
    assert PROFIEL in detail
    assert begeleider.naam in detail and begeleider.email in detail


def test_werkgeversadviseur_ziet_alleen_voordrachten_van_de_eigen_regio(client, wereld):
    eigen = _voordracht(wereld.a, maak_dossier(wereld.a))
    vreemd = _voordracht(wereld.b, maak_dossier(wereld.b))
    client.force_login(wereld.a.gebruikers[WGA])
    html = client.get(reverse("voordrachten", kwargs={"regio": wereld.a.regio.slug})).content.decode()
    assert f"Voordracht {eigen.pk}<" in html
    assert f"Voordracht {vreemd.pk}<" not in html
    url = reverse("voordracht", kwargs={"regio": wereld.a.regio.slug, "pk": vreemd.pk})
    assert client.get(url).status_code == 404


def test_voordrachten_filteren_op_status_en_vacature(client, wereld):
    deelnemer = maak_dossier(wereld.a)
    eerste = _voordracht(wereld.a, deelnemer)
    tweede = _voordracht(wereld.a, deelnemer)
    actions.zet_voordracht_status(
        ctx=ctx_van(wereld.a, WGA), voordracht=tweede, status="afgewezen", reden="Te weinig ervaring", versie=1
    )
    client.force_login(wereld.a.gebruikers[WGA])
    url = reverse("voordrachten", kwargs={"regio": wereld.a.regio.slug})

    def getoond(**params) -> set[int]:
        html = client.get(url, params).content.decode()
        return {int(pk) for pk in re.findall(r">Voordracht (\d+)<", html)}

    assert getoond() == {eerste.pk, tweede.pk}
    assert getoond(status="lopend") == {eerste.pk}
    assert getoond(status="afgewezen") == {tweede.pk}
    assert getoond(vacature=tweede.vacature_id) == {tweede.pk}


def test_voordrachtenlijst_heeft_een_vast_aantal_queries(client, wereld):
    deelnemer = maak_dossier(wereld.a)
    werkgever = maak_werkgever(wereld.a)
    client.force_login(wereld.a.gebruikers[WGA])
    url = reverse("voordrachten", kwargs={"regio": wereld.a.regio.slug})

    def tel() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries), response.content.decode().count(">Voordracht ")

    for _ in range(5):
        _voordracht(wereld.a, deelnemer, maak_vacature(werkgever))
    weinig, getoond = tel()
    assert getoond == 5
    for _ in range(25):
        _voordracht(wereld.a, deelnemer, maak_vacature(werkgever))
    veel, getoond = tel()
    assert getoond == 25  # one page
    assert veel == weinig


# --- Proposing ------------------------------------------------------------------------------------------------


def test_trajectbegeleider_draagt_voor_via_de_pagina(client, wereld):
    deelnemer = maak_dossier(wereld.a)
    vacature = maak_vacature(maak_werkgever(wereld.a))
    client.force_login(wereld.a.gebruikers[TB])
    url = reverse("voordragen", kwargs={"regio": wereld.a.regio.slug, "nummer": deelnemer.nummer})
    assert vacature.titel in client.get(url).content.decode()
    response = client.post(url, {"vacature": vacature.pk, "profiel": PROFIEL})
    assert response.status_code == 200
    assert _fouten(response, "toestemming") == [
        "Draag alleen voor als de deelnemer heeft ingestemd met het delen van dit profiel."
    ]
    assert not Voordracht.objects.exists()
    response = client.post(url, {"vacature": vacature.pk, "profiel": PROFIEL, "toestemming": "on"})
    assert response.status_code == 302
    voordracht = Voordracht.objects.get()
    assert (voordracht.traject, voordracht.vacature, voordracht.profiel) == (_traject(deelnemer), vacature, PROFIEL)
    assert voordracht.status == VoordrachtStatus.VOORGEDRAGEN
    pagina = client.get(response["Location"]).content.decode()
    assert "Voordrachten" in pagina and vacature.titel in pagina


@pytest.mark.parametrize(
    "wijziging",
    [
        {"status": VacatureStatus.GESLOTEN},
        {"status": VacatureStatus.VERVULD},
        {"sluitingsdatum": VANDAAG - datetime.timedelta(days=1)},
    ],
    ids=["gesloten", "vervuld", "sluitingsdatum voorbij"],
)
def test_voordragen_voor_een_vacature_die_niet_open_is_wordt_geweigerd(client, wereld, wijziging):
    deelnemer = maak_dossier(wereld.a)
    vacature = maak_vacature(maak_werkgever(wereld.a))
    Vacature.objects.filter(pk=vacature.pk).update(**wijziging)
    with pytest.raises(ValidationError) as fout:
        _voordracht(wereld.a, deelnemer, vacature)
    assert fout.value.message_dict == {"vacature": ["Deze vacature is niet meer open."]}
    # Through the page (the vacancy was open when the form was shown): the same message at the field.
    client.force_login(wereld.a.gebruikers[TB])
    url = reverse("voordragen", kwargs={"regio": wereld.a.regio.slug, "nummer": deelnemer.nummer})
    response = client.post(url, {"vacature": vacature.pk, "profiel": PROFIEL, "toestemming": "on"})
    assert _fouten(response, "vacature") == ["Deze vacature is niet meer open."]
    assert not Voordracht.objects.exists()


def test_een_tweede_open_voordracht_voor_dezelfde_vacature_wordt_geweigerd(wereld):
    deelnemer = maak_dossier(wereld.a)
    eerste = _voordracht(wereld.a, deelnemer)
    with pytest.raises(ValidationError) as fout:
        _voordracht(wereld.a, deelnemer, eerste.vacature)
    assert fout.value.message_dict == {"vacature": ["Deze deelnemer is al voorgedragen voor deze vacature."]}
    # Once withdrawn the participant may be proposed again.
    actions.trek_voordracht_in(ctx=ctx_van(wereld.a, TB), voordracht=eerste, versie=eerste.versie)
    tweede = _voordracht(wereld.a, deelnemer, eerste.vacature)
    assert Voordracht.objects.filter(vacature=eerste.vacature).count() == 2
    assert tweede.status == VoordrachtStatus.VOORGEDRAGEN


def test_voordragen_kan_alleen_bij_een_lopend_traject(wereld):
    deelnemer = maak_dossier(wereld.a)
    traject = _traject(deelnemer)
    actions.beeindig_traject(
        ctx=ctx_van(wereld.a, TB), traject=traject, einddatum=VANDAAG, eindreden="eigen_keuze", versie=traject.versie
    )
    with pytest.raises(ValidationError, match="Voordragen kan alleen bij een lopend traject"):
        _voordracht(wereld.a, deelnemer)


def test_alleen_de_aanbieder_draagt_voor(wereld, dossiers):
    vacature = maak_vacature(maak_werkgever(wereld.a))
    andere_aanbieder = _traject(dossiers.zonder_toestemming)
    with pytest.raises(ValidationError, match="hoort niet bij jouw organisatie"):
        actions.draag_voor(
            ctx=ctx_van(wereld.a, TB), traject=andere_aanbieder, vacature=vacature, profiel=PROFIEL, toestemming=True
        )
    with pytest.raises(ValidationError, match="Je rol mag"):
        actions.draag_voor(
            ctx=ctx_van(wereld.a, WGA),
            traject=_traject(dossiers.eigen),
            vacature=vacature,
            profiel=PROFIEL,
            toestemming=True,
        )
    # A vacancy of another region is not open to this region's participants.
    vreemd = maak_vacature(maak_werkgever(wereld.b))
    with pytest.raises(ValidationError, match="niet meer open"):
        _voordracht(wereld.a, dossiers.eigen, vreemd)


def test_trajectbegeleider_trekt_een_voordracht_terug(client, wereld):
    deelnemer = maak_dossier(wereld.a)
    voordracht = _voordracht(wereld.a, deelnemer)
    client.force_login(wereld.a.gebruikers[TB])
    url = reverse(
        "voordracht_terugtrekken",
        kwargs={"regio": wereld.a.regio.slug, "nummer": deelnemer.nummer, "pk": voordracht.pk},
    )
    response = client.post(url, {"versie": voordracht.versie, "reden": "Heeft zelf werk gevonden"})
    assert response.status_code == 302
    voordracht.refresh_from_db()
    assert (voordracht.status, voordracht.afwijsreden) == (VoordrachtStatus.TERUGGETROKKEN, "Heeft zelf werk gevonden")
    with pytest.raises(ValidationError, match="kan niet meer"):
        actions.zet_voordracht_status(
            ctx=ctx_van(wereld.a, WGA), voordracht=voordracht, status="gesprek", versie=voordracht.versie
        )


# --- Moving a proposal on ---------------------------------------------------------------------------------------


def _status_url(w, voordracht, naar):
    return reverse("voordracht_status", kwargs={"regio": w.regio.slug, "pk": voordracht.pk, "naar": naar})


def _aangenomen(versie: int, **extra) -> dict:
    return {
        "versie": versie,
        "functie": "Medewerker bediening",
        "startdatum": VANDAAG.isoformat(),
        "uren_per_week": 24,
        "contractvorm": "tijdelijk",
        "betaald": "on",
        **extra,
    }


def test_aangenomen_maakt_een_plaatsing_en_vult_de_vacature(client, wereld):
    deelnemer = maak_dossier(wereld.a)
    voordracht = _voordracht(wereld.a, deelnemer)
    client.force_login(wereld.a.gebruikers[WGA])
    assert client.post(_status_url(wereld.a, voordracht, "gesprek"), {"versie": 1}).status_code == 302
    voordracht.refresh_from_db()
    assert voordracht.status == VoordrachtStatus.GESPREK
    response = client.post(
        _status_url(wereld.a, voordracht, "aangenomen"), _aangenomen(voordracht.versie, vacature_vervuld="on")
    )
    assert response.status_code == 302
    voordracht.refresh_from_db()
    assert voordracht.status == VoordrachtStatus.AANGENOMEN
    plaatsing = Plaatsing.objects.get()
    assert plaatsing.voordracht == voordracht
    assert plaatsing.traject == _traject(deelnemer)
    assert plaatsing.werkgever == voordracht.vacature.werkgever
    assert (plaatsing.functie, plaatsing.uren_per_week, plaatsing.betaald) == ("Medewerker bediening", 24, True)
    assert Vacature.objects.get(pk=voordracht.vacature_id).status == VacatureStatus.VERVULD
    assert _traject(deelnemer).werkend


def test_aangenomen_zonder_vinkje_laat_de_vacature_open(client, wereld):
    voordracht = _voordracht(wereld.a, maak_dossier(wereld.a))
    client.force_login(wereld.a.gebruikers[WGA])
    assert client.post(_status_url(wereld.a, voordracht, "aangenomen"), _aangenomen(1)).status_code == 302
    assert Plaatsing.objects.count() == 1
    assert Vacature.objects.get(pk=voordracht.vacature_id).is_open


def test_aangenomen_met_een_fout_slaat_niets_op(client, wereld):
    deelnemer = maak_dossier(wereld.a)
    voordracht = _voordracht(wereld.a, deelnemer)
    client.force_login(wereld.a.gebruikers[WGA])
    te_vroeg = (_traject(deelnemer).startdatum - datetime.timedelta(days=1)).isoformat()
    response = client.post(
        _status_url(wereld.a, voordracht, "aangenomen"),
        _aangenomen(1, startdatum=te_vroeg, vacature_vervuld="on"),
    )
    assert response.status_code == 200
    [fout] = _fouten(response, "startdatum")
    assert "vóór de start van het traject van de kandidaat" in fout
    assert datums.datum(_traject(deelnemer).startdatum) not in response.content.decode()
    voordracht.refresh_from_db()
    assert voordracht.status == VoordrachtStatus.VOORGEDRAGEN
    assert not Plaatsing.objects.exists()
    assert Vacature.objects.get(pk=voordracht.vacature_id).is_open


def test_afwijzen_vraagt_een_reden(client, wereld):
    voordracht = _voordracht(wereld.a, maak_dossier(wereld.a))
    client.force_login(wereld.a.gebruikers[WGA])
    response = client.post(_status_url(wereld.a, voordracht, "afgewezen"), {"versie": 1, "reden": "  "})
    assert _fouten(response, "reden") == ["Geef aan waarom de kandidaat is afgewezen."]
    response = client.post(_status_url(wereld.a, voordracht, "afgewezen"), {"versie": 1, "reden": "Geen rijbewijs"})
    assert response.status_code == 302
    voordracht.refresh_from_db()
    assert (voordracht.status, voordracht.afwijsreden) == (VoordrachtStatus.AFGEWEZEN, "Geen rijbewijs")


def test_statuswijziging_op_een_verouderde_versie_wordt_geweigerd(client, wereld):
    voordracht = _voordracht(wereld.a, maak_dossier(wereld.a))
    client.force_login(wereld.a.gebruikers[WGA])
    assert client.post(_status_url(wereld.a, voordracht, "gesprek"), {"versie": 1}).status_code == 302
    response = client.post(_status_url(wereld.a, voordracht, "afgewezen"), {"versie": 1, "reden": "Te laat"})
    assert response.status_code == 200
    assert "Iemand anders heeft" in response.content.decode()
    voordracht.refresh_from_db()
    assert voordracht.status == VoordrachtStatus.GESPREK


def test_onbekende_statusovergang_bestaat_niet(client, wereld):
    voordracht = _voordracht(wereld.a, maak_dossier(wereld.a))
    client.force_login(wereld.a.gebruikers[WGA])
    assert client.get(_status_url(wereld.a, voordracht, "teruggetrokken")).status_code == 404
    assert client.get(_status_url(wereld.a, voordracht, "voorgedragen")).status_code == 404


# --- The audit trail ----------------------------------------------------------------------------------------


def test_inzien_en_wijzigen_van_een_voordracht_staan_in_het_auditlog(client, wereld):
    deelnemer = maak_dossier(wereld.a)
    voordracht = _voordracht(wereld.a, deelnemer)
    aangemaakt = AuditRegel.objects.filter(object_type="voordracht", object_id=str(voordracht.pk)).get()
    assert (aangemaakt.actie, aangemaakt.deelnemer_nummer) == (AuditActie.AANMAKEN, deelnemer.nummer)

    adviseur = wereld.a.gebruikers[WGA]
    client.force_login(adviseur)
    client.get(reverse("voordrachten", kwargs={"regio": wereld.a.regio.slug}))
    assert not AuditRegel.objects.filter(gebruiker_id=adviseur.pk, deelnemer_nummer=deelnemer.nummer).exists()

    client.get(reverse("voordracht", kwargs={"regio": wereld.a.regio.slug, "pk": voordracht.pk}))
    client.post(_status_url(wereld.a, voordracht, "aangenomen"), _aangenomen(1))
    regels = AuditRegel.objects.filter(gebruiker_id=adviseur.pk, deelnemer_nummer=deelnemer.nummer).order_by("id")
    assert [(r.actie, r.object_type, r.grondslag) for r in regels] == [
        (AuditActie.LEZEN, "voordracht", "voordracht"),
        (AuditActie.WIJZIGEN, "voordracht", "voordracht"),
        (AuditActie.AANMAKEN, "plaatsing", "voordracht"),
    ]
    assert all(r.rol == WGA and r.regio_id == wereld.a.regio.pk for r in regels)
    assert regels[0].object_id == str(voordracht.pk)


# --- Placements --------------------------------------------------------------------------------------------------


def _plaatsing_url(w, traject):
    return reverse("plaatsing_nieuw", kwargs={"regio": w.regio.slug, "pk": traject.pk})


def _plaatsing_post(**extra) -> dict:
    return {
        "werkgever_naam": "Buurtsuper Om de Hoek",
        "functie": "Vakkenvuller",
        "startdatum": VANDAAG.isoformat(),
        "uren_per_week": 16,
        "contractvorm": "tijdelijk",
        "betaald": "on",
        **extra,
    }


def test_plaatsing_voor_de_start_van_het_traject_wordt_geweigerd_bij_het_veld(client, wereld):
    traject = _traject(maak_dossier(wereld.a))
    client.force_login(wereld.a.gebruikers[TB])
    te_vroeg = traject.startdatum - datetime.timedelta(days=1)
    response = client.post(_plaatsing_url(wereld.a, traject), _plaatsing_post(startdatum=te_vroeg.isoformat()))
    assert response.status_code == 200
    assert _fouten(response, "startdatum") == [
        f"Een plaatsing kan niet beginnen vóór de start van het traject ({datums.datum(traject.startdatum)})."
    ]
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Plaatsing.objects.exists()
    response = client.post(_plaatsing_url(wereld.a, traject), _plaatsing_post(startdatum=traject.startdatum))
    assert response.status_code == 302
    assert Plaatsing.objects.count() == 1


def test_plaatsing_in_de_intakefase_niet_voor_de_intake(wereld):
    ctx = ctx_van(wereld.a, TB)
    traject = actions.registreer_intake(
        ctx=ctx,
        deelnemer={
            "voornaam": "Ilse",
            "achternaam": "Bos",
            "geboortedatum": datetime.date(1985, 3, 1),
            "woongemeente": wereld.a.organisaties["gemeente"],
            "uitkering": "ww",
        },
        methode="ips",
        intakedatum=VANDAAG - datetime.timedelta(days=5),
        situatie_bij_start="zonder_werk",
    )
    with pytest.raises(ValidationError) as fout:
        _plaatsing(wereld.a, traject, startdatum=VANDAAG - datetime.timedelta(days=6))
    assert "vóór de intake" in fout.value.message_dict["startdatum"][0]
    assert _plaatsing(wereld.a, traject, startdatum=VANDAAG - datetime.timedelta(days=5)).pk


@pytest.mark.parametrize(
    ("gegevens", "veld"),
    [
        ({"werkgever_naam": ""}, "werkgever"),
        ({"werkgever": "register"}, "werkgever_naam"),
        ({"einddatum": "gisteren-van-start"}, "einddatum"),
        ({"contractvorm": "proefplaatsing", "loonkostensubsidie": True}, "loonkostensubsidie"),
    ],
    ids=["geen werkgever", "twee werkgevers", "einde voor start", "subsidie zonder loon"],
)
def test_onjuiste_plaatsing_wordt_geweigerd_en_niets_bewaard(client, wereld, gegevens, veld):
    traject = _traject(maak_dossier(wereld.a))
    werkgever = maak_werkgever(wereld.a)
    vervang = {"register": werkgever, "gisteren-van-start": traject.startdatum - datetime.timedelta(days=1)}
    gegevens = {k: vervang.get(v, v) if isinstance(v, str) else v for k, v in gegevens.items()}
    with pytest.raises(ValidationError) as fout:
        _plaatsing(wereld.a, traject, **gegevens)
    assert veld in fout.value.message_dict
    # The form says the same before the action runs.
    client.force_login(wereld.a.gebruikers[TB])
    post = {k: (v.pk if hasattr(v, "pk") else ("on" if v is True else v)) for k, v in gegevens.items()}
    response = client.post(_plaatsing_url(wereld.a, traject), _plaatsing_post(**post))
    assert response.status_code == 200
    assert _fouten(response, veld)
    assert not Plaatsing.objects.exists()


def test_werkgever_uit_een_andere_regio_wordt_geweigerd(wereld):
    traject = _traject(maak_dossier(wereld.a))
    with pytest.raises(ValidationError) as fout:
        _plaatsing(wereld.a, traject, werkgever_naam="", werkgever=maak_werkgever(wereld.b))
    assert fout.value.message_dict == {"werkgever": ["Kies een werkgever uit deze regio."]}


def test_een_onbetaalde_proefplaatsing_is_niet_werkend(client, wereld):
    deelnemer = maak_dossier(wereld.a)
    traject = _traject(deelnemer)
    proef = _plaatsing(wereld.a, traject, contractvorm="proefplaatsing", betaald=True)
    assert proef.betaald is False  # forced: a trial placement without pay is never paid work
    traject = Traject.objects.get(pk=traject.pk)
    assert not traject.werkend
    client.force_login(wereld.a.gebruikers[TB])
    url = reverse("deelnemer", kwargs={"regio": wereld.a.regio.slug, "nummer": deelnemer.nummer})
    html = client.get(url).content.decode()
    assert "Proefplaatsing zonder loon" in html and "Onbetaald" in html
    assert ">Werkend<" not in html
    _plaatsing(wereld.a, traject)
    assert Traject.objects.get(pk=traject.pk).werkend
    assert ">Werkend<" in client.get(url).content.decode()


def test_werkend_alleen_zolang_de_betaalde_plaatsing_loopt(wereld):
    traject = _traject(maak_dossier(wereld.a))
    _plaatsing(wereld.a, traject, einddatum=VANDAAG - datetime.timedelta(days=1))
    assert not Traject.objects.get(pk=traject.pk).werkend
    _plaatsing(wereld.a, traject, startdatum=VANDAAG + datetime.timedelta(days=7))
    assert not Traject.objects.get(pk=traject.pk).werkend
    assert Traject.objects.get(pk=traject.pk).werkend_op(VANDAAG + datetime.timedelta(days=7))


def test_duurzaam_na_precies_zes_maanden(client, wereld, settings):
    settings.DUURZAAM_MAANDEN = 6
    plaatsing = Plaatsing(startdatum=datetime.date(2026, 1, 31), betaald=True)
    assert not plaatsing.duurzaam_op(datetime.date(2026, 7, 30))
    assert plaatsing.duurzaam_op(datetime.date(2026, 7, 31))
    assert Plaatsing(startdatum=datetime.date(2025, 8, 31), betaald=True).duurzaam_op(datetime.date(2026, 2, 28))
    # Ended before the six months were full: not lasting; unpaid: never.
    assert not Plaatsing(
        startdatum=datetime.date(2026, 1, 31), einddatum=datetime.date(2026, 7, 30), betaald=True
    ).duurzaam_op(datetime.date(2027, 1, 1))
    assert not Plaatsing(startdatum=datetime.date(2026, 1, 31), betaald=False).duurzaam_op(datetime.date(2027, 1, 1))

    # On the participant page: a paid job that started exactly six months ago is shown as lasting.
    deelnemer = maak_dossier(wereld.a)
    traject = _traject(deelnemer)
    start = _maanden_later(VANDAAG, -6)
    Traject.objects.filter(pk=traject.pk).update(
        verwijsdatum=start - datetime.timedelta(days=10),
        intakedatum=start - datetime.timedelta(days=10),
        startdatum=start - datetime.timedelta(days=5),
    )
    traject.refresh_from_db()
    _plaatsing(wereld.a, traject, startdatum=start)
    client.force_login(wereld.a.gebruikers[TB])
    html = client.get(reverse("deelnemer", kwargs={"regio": wereld.a.regio.slug, "nummer": deelnemer.nummer}))
    assert ">Duurzaam<" in html.content.decode()
    Plaatsing.objects.update(startdatum=start + datetime.timedelta(days=1))
    html = client.get(reverse("deelnemer", kwargs={"regio": wereld.a.regio.slug, "nummer": deelnemer.nummer}))
    assert ">Duurzaam<" not in html.content.decode()


def test_plaatsing_beeindigen_met_reden(client, wereld):
    traject = _traject(maak_dossier(wereld.a))
    plaatsing = _plaatsing(wereld.a, traject)
    client.force_login(wereld.a.gebruikers[TB])
    url = reverse("plaatsing_beeindigen", kwargs={"regio": wereld.a.regio.slug, "pk": plaatsing.pk})
    response = client.post(url, {"einddatum": VANDAAG.isoformat(), "reden": ""})
    assert _fouten(response, "reden") == ["Geef aan waarom de plaatsing is beëindigd."]
    te_vroeg = (plaatsing.startdatum - datetime.timedelta(days=1)).isoformat()
    response = client.post(url, {"einddatum": te_vroeg, "reden": "Contract niet verlengd"})
    assert "vóór de startdatum" in _fouten(response, "einddatum")[0]
    assert client.post(url, {"einddatum": VANDAAG.isoformat(), "reden": "Contract niet verlengd"}).status_code == 302
    plaatsing.refresh_from_db()
    assert (plaatsing.einddatum, plaatsing.eindreden) == (VANDAAG, "Contract niet verlengd")
    with pytest.raises(ValidationError, match="al beëindigd"):
        actions.beeindig_plaatsing(ctx=ctx_van(wereld.a, TB), plaatsing=plaatsing, einddatum=VANDAAG, reden="x")


def test_plaatsing_van_een_andere_aanbieder_blijft_buiten_bereik(wereld, dossiers):
    traject = _traject(dossiers.zonder_toestemming)
    with pytest.raises(ValidationError, match="hoort niet bij jouw organisatie"):
        _plaatsing(wereld.a, traject)
    plaatsing = actions.registreer_plaatsing(
        ctx=begeleider_ctx(wereld.a, "reintegratie"),
        traject=traject,
        werkgever_naam="Elders",
        functie="Magazijn",
        startdatum=traject.startdatum,
        uren_per_week=20,
        contractvorm="vast",
    )
    with pytest.raises(ValidationError, match="hoort niet bij jouw organisatie"):
        actions.beeindig_plaatsing(ctx=ctx_van(wereld.a, TB), plaatsing=plaatsing, einddatum=VANDAAG, reden="x")


def test_werk_van_trajecten_geeft_wat_de_losse_queries_geven(wereld):
    """The participant page's work section comes from the trajectories the page fetched: the same placements,
    proposals and running trajectory as `werk_van_deelnemer` and `lopend_eigen_traject`, provider only."""
    from django.http import Http404

    deelnemer = maak_dossier(wereld.a)
    eigen = _traject(deelnemer)
    _plaatsing(wereld.a, eigen)
    _plaatsing(wereld.a, eigen, werkgever_naam="Bakkerij", startdatum=VANDAAG)
    _voordracht(wereld.a, deelnemer)
    # An earlier trajectory of the same participant at another provider, with a placement of its own.
    elders = Traject.objects.create(
        regio=wereld.a.regio,
        deelnemer=deelnemer,
        methode="ips",
        aanbieder=wereld.a.organisaties["reintegratie"],
        verwijsdatum=VANDAAG - datetime.timedelta(days=400),
        status="beeindigd",
    )
    Plaatsing.objects.create(
        regio=wereld.a.regio,
        traject=elders,
        werkgever_naam="Elders",
        functie="Magazijn",
        startdatum=VANDAAG - datetime.timedelta(days=300),
        uren_per_week=20,
        contractvorm="vast",
    )

    ctx = ctx_van(wereld.a, TB)
    gevonden, niveau = access.deelnemer_voor(ctx, deelnemer.nummer)
    trajecten = list(access.trajecten_met_tijdlijn_voor(ctx, gevonden, niveau))
    werk = access.werk_van_trajecten(ctx, niveau, trajecten)
    plaatsingen, voordrachten = access.werk_van_deelnemer(ctx, gevonden)
    assert [p.pk for p in werk.plaatsingen] == [p.pk for p in plaatsingen] and len(plaatsingen) == 3
    assert [v.pk for v in werk.voordrachten] == [v.pk for v in voordrachten] and len(voordrachten) == 1
    assert [p.traject.aanbieder_id for p in werk.plaatsingen] == [p.traject.aanbieder_id for p in plaatsingen]
    assert werk.lopend == access.lopend_eigen_traject(ctx, gevonden) == eigen

    with pytest.raises(Http404):
        access.werk_van_trajecten(ctx, access.Niveau.VOLG, trajecten)
    with pytest.raises(Http404):
        access.werk_van_trajecten(ctx_van(wereld.a, Rol.KLANTMANAGER), niveau, trajecten)
    ander = maak_dossier(wereld.a)
    with pytest.raises(ValueError):
        access.werk_van_trajecten(ctx, niveau, [*trajecten, *access.trajecten_voor(ctx, ander)])


# --- Suggestions ------------------------------------------------------------------------------------------------


def test_passende_vacatures_voor_een_deelnemer_op_volgorde_met_redenen(client, wereld):
    deelnemer = _wensen(maak_dossier(wereld.a), wens_sectoren=[Sector.HORECA], wens_uren=24, wens_plaats="Leiden")
    horeca = maak_werkgever(wereld.a, "Strandpaviljoen", sector=Sector.HORECA, plaats="Leiden")
    alles = maak_vacature(horeca, "Medewerker bediening", uren_van=20, uren_tot=28)
    alleen_sector = maak_vacature(horeca, "Kok", uren_van=36, uren_tot=40, plaats="Katwijk")
    niets = maak_vacature(
        maak_werkgever(wereld.a, "Bouwbedrijf", sector=Sector.BOUW, plaats="Lisse"),
        "Timmerman",
        uren_van=36,
        uren_tot=40,
    )
    vreemd = maak_vacature(maak_werkgever(wereld.b, "Elders", sector=Sector.HORECA, plaats="Leiden"), "Barista")

    suggesties = access.passende_vacatures_voor(ctx_van(wereld.a, TB), deelnemer)
    assert [v.pk for v in suggesties] == [alles.pk, alleen_sector.pk]
    assert suggesties[0].redenen == [
        "sector Horeca staat in de werkwensen",
        "20–28 uur per week past bij de gewenste 24 uur",
        "in Leiden, de gewenste werkplaats",
    ]
    assert suggesties[1].redenen == ["sector Horeca staat in de werkwensen"]
    assert niets.pk not in [v.pk for v in suggesties] and vreemd.pk not in [v.pk for v in suggesties]

    client.force_login(wereld.a.gebruikers[TB])
    html = client.get(reverse("deelnemer", kwargs={"regio": wereld.a.regio.slug, "nummer": deelnemer.nummer}))
    html = html.content.decode()
    assert html.index("Medewerker bediening") < html.index(">Kok<")
    assert "Timmerman" not in html and "Barista" not in html
    # The page's way (its proposals at hand, the query compiled once) gives the same.
    ctx = ctx_van(wereld.a, TB)
    pagina = access.passende_vacatures_voor(ctx, deelnemer, voordrachten=[])
    assert [v.pk for v in pagina] == [alles.pk, alleen_sector.pk] and pagina[0].redenen == suggesties[0].redenen
    # Proposed: it leaves the suggestions.
    _voordracht(wereld.a, deelnemer, alles)
    assert [v.pk for v in access.passende_vacatures_voor(ctx, deelnemer)] == [alleen_sector.pk]
    voordrachten = list(Voordracht.objects.filter(traject__deelnemer=deelnemer))
    assert [v.pk for v in access.passende_vacatures_voor(ctx, deelnemer, voordrachten=voordrachten)] == [
        alleen_sector.pk
    ]


def test_passende_kandidaten_voor_een_vacature(client, wereld, dossiers):
    vacature = maak_vacature(maak_werkgever(wereld.a, sector=Sector.HORECA, plaats="Leiden"), uren_van=20, uren_tot=28)
    volledig = _wensen(dossiers.eigen, wens_sectoren=[Sector.ZORG, Sector.HORECA], wens_uren=24, wens_plaats="leiden ")
    gedeeltelijk = _wensen(dossiers.ingetrokken, wens_sectoren=[Sector.HORECA], wens_uren=40, wens_plaats="Katwijk")
    # Fits perfectly, but another organisation runs the trajectory: never shown.
    _wensen(dossiers.zonder_toestemming, wens_sectoren=[Sector.HORECA], wens_uren=24, wens_plaats="Leiden")
    _wensen(dossiers.andere_regio, wens_sectoren=[Sector.HORECA], wens_uren=24, wens_plaats="Leiden")
    niet = _wensen(maak_dossier(wereld.a), wens_sectoren=[Sector.BOUW], wens_uren=40, wens_plaats="Lisse")

    client.force_login(wereld.a.gebruikers[TB])
    url = reverse("vacature_kandidaten", kwargs={"regio": wereld.a.regio.slug, "pk": vacature.pk})
    response = client.get(url)
    assert response.status_code == 200
    getoond = [t.deelnemer.nummer for t in response.context["page_obj"]]
    assert getoond == [volledig.nummer, gedeeltelijk.nummer]
    html = response.content.decode()
    assert html.index(volledig.nummer) < html.index(gedeeltelijk.nummer)
    assert "wil werken in Horeca; zoekt 24 uur per week (vacature: 20–28); wil werken in leiden" in html
    for anders in (dossiers.zonder_toestemming, dossiers.andere_regio, niet):
        assert anders.nummer not in html
    assert "no-store" in response["Cache-Control"]
    # One read row for the list (written by access.kandidaten_voor), naming the participants shown.
    regel = AuditRegel.objects.get(actie=AuditActie.LEZEN, object_type=f"vacature_kandidaten {vacature.pk}")
    assert regel.getoonde_nummers.split() == [volledig.nummer, gedeeltelijk.nummer]

    _voordracht(wereld.a, volledig, vacature)
    assert "Al voorgedragen" in client.get(url).content.decode()


def test_kandidatenpagina_heeft_een_vast_aantal_queries(client, wereld):
    vacature = maak_vacature(maak_werkgever(wereld.a, sector=Sector.HORECA, plaats="Leiden"))
    client.force_login(wereld.a.gebruikers[TB])
    url = reverse("vacature_kandidaten", kwargs={"regio": wereld.a.regio.slug, "pk": vacature.pk})

    def tel() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    for _ in range(2):
        _wensen(maak_dossier(wereld.a), wens_sectoren=[Sector.HORECA])
    weinig = tel()
    for _ in range(6):
        _wensen(maak_dossier(wereld.a), wens_sectoren=[Sector.HORECA], wens_uren=20)
    assert tel() == weinig


# --- Employer contacts (IPS source data) ----------------------------------------------------------------------


def test_werkgeverscontact_noemt_een_werkgever_uit_de_regio(client, wereld):
    traject = _traject(maak_dossier(wereld.a))
    eigen, vreemd = maak_werkgever(wereld.a), maak_werkgever(wereld.b)
    client.force_login(wereld.a.gebruikers[TB])
    url = reverse("contact_nieuw", kwargs={"regio": wereld.a.regio.slug, "pk": traject.pk})
    post = {"datum": VANDAAG.isoformat(), "soort": "werkgeverscontact", "minuten": 30, "face_to_face": "on"}
    aantal = Contactmoment.objects.count()

    response = client.post(url, post)
    assert _fouten(response, "werkgever") == ["Kies met welke werkgever het contact was."]
    response = client.post(url, {**post, "werkgever": vreemd.pk})
    assert _fouten(response, "werkgever") == ["Kies een werkgever uit deze regio."]
    assert Contactmoment.objects.count() == aantal

    assert client.post(url, {**post, "werkgever": eigen.pk}).status_code == 302
    assert Contactmoment.objects.latest("pk").werkgever == eigen
    # Another kind of contact keeps no employer.
    assert client.post(url, {**post, "soort": "coaching", "werkgever": eigen.pk}).status_code == 302
    assert Contactmoment.objects.latest("pk").werkgever is None

    with pytest.raises(ValidationError) as fout:
        actions.log_contact(
            ctx=ctx_van(wereld.a, TB),
            traject=traject,
            datum=VANDAAG,
            soort="werkgeverscontact",
            minuten=30,
            werkgever=vreemd,
        )
    assert fout.value.message_dict == {"werkgever": ["Kies een werkgever uit deze regio."]}
