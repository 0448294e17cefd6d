"""The participant page and the changes made from it: content per grant, audit, rules, bounds."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hoofdzaak.models import AuditActie, AuditRegel, Rol
from tests.fabriek import ctx_van, maak_dossier
from trajecten.models import Deelnemer, Toestemming, Traject, TrajectStatus
from werkgevers.models import Werkgever

VANDAAG = datetime.date.today()
PERSOONLIJK = ["06 12345678", "sanne@example.org", "2311 AB", "Vertrouwelijke notitie"]


def _url(w, deelnemer, naam="deelnemer", **extra):
    return reverse(naam, kwargs={"regio": w.regio.slug, "nummer": deelnemer.nummer, **extra})


def _pagina(client, gebruiker, url):
    client.force_login(gebruiker)
    return client.get(url)


def test_aanbieder_ziet_het_volledige_dossier(client, wereld, dossiers):
    response = _pagina(client, wereld.a.gebruikers[Rol.TRAJECTBEGELEIDER], _url(wereld.a, dossiers.eigen))
    assert response.status_code == 200
    html = response.content.decode()
    for tekst in [dossiers.eigen.naam, *PERSOONLIJK]:
        assert tekst in html
    assert "no-store" in response["Cache-Control"]


def test_volgpagina_toont_voortgang_maar_geen_contactgegevens_of_notities(client, wereld, dossiers):
    response = _pagina(client, wereld.a.gebruikers[Rol.KLANTMANAGER], _url(wereld.a, dossiers.eigen))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Gestart" in html and "IPS" in html
    for tekst in PERSOONLIJK:
        assert tekst not in html


def test_peer_supporter_ziet_contactgegevens_maar_geen_trajectnotities(client, wereld, dossiers):
    response = _pagina(client, wereld.a.gebruikers[Rol.PEER_SUPPORTER], _url(wereld.a, dossiers.eigen))
    html = response.content.decode()
    assert "06 12345678" in html
    assert "Vertrouwelijke notitie" not in html
    assert "Coachingsgesprek" not in html


def test_projectleider_ziet_alleen_een_gepseudonimiseerd_dossier(client, wereld, dossiers):
    response = _pagina(client, wereld.a.gebruikers[Rol.PROJECTLEIDER], _url(wereld.a, dossiers.eigen))
    html = response.content.decode()
    assert response.status_code == 200
    assert dossiers.eigen.nummer in html
    for tekst in ["Sanne", dossiers.eigen.achternaam, *PERSOONLIJK]:
        assert tekst not in html


def test_precies_een_auditregel_per_keer_lezen(client, wereld, dossiers):
    gebruiker = wereld.a.gebruikers[Rol.TRAJECTBEGELEIDER]
    client.force_login(gebruiker)
    voor = AuditRegel.objects.filter(actie=AuditActie.LEZEN, deelnemer_nummer=dossiers.eigen.nummer).count()
    client.get(_url(wereld.a, dossiers.eigen))
    client.get(_url(wereld.a, dossiers.eigen))
    regels = AuditRegel.objects.filter(actie=AuditActie.LEZEN, deelnemer_nummer=dossiers.eigen.nummer)
    assert regels.count() == voor + 2
    laatste = regels.latest("id")
    assert laatste.gebruiker_id == gebruiker.pk
    assert laatste.grondslag == "beheer_deelnemer"
    assert laatste.organisatie_naam == wereld.a.organisaties["ggz"].naam
    assert laatste.regio_id == wereld.a.regio.pk


def test_aanbieder_ziet_wie_het_dossier_inzag(client, wereld, dossiers):
    _pagina(client, wereld.a.gebruikers[Rol.KLANTMANAGER], _url(wereld.a, dossiers.eigen))
    response = _pagina(client, wereld.a.gebruikers[Rol.TRAJECTBEGELEIDER], _url(wereld.a, dossiers.eigen))
    assert wereld.a.gebruikers[Rol.KLANTMANAGER].email in response.content.decode()


def test_intrekken_van_toestemming_werkt_bij_het_volgende_verzoek(client, wereld, dossiers):
    klantmanager = wereld.a.gebruikers[Rol.KLANTMANAGER]
    url = _url(wereld.a, dossiers.eigen)
    assert _pagina(client, klantmanager, url).status_code == 200

    toestemming = dossiers.eigen.toestemmingen.get()
    client.force_login(wereld.a.gebruikers[Rol.TRAJECTBEGELEIDER])
    response = client.post(
        _url(wereld.a, dossiers.eigen, "toestemming_intrekken", pk=toestemming.pk), {"datum": VANDAAG.isoformat()}
    )
    assert response.status_code == 302
    assert _pagina(client, klantmanager, url).status_code == 404
    assert AuditRegel.objects.filter(actie=AuditActie.GEWEIGERD, deelnemer_nummer=dossiers.eigen.nummer).exists()


def test_verlopen_toestemming_sluit_toegang_ook_zonder_herberekening(client, wereld, dossiers):
    klantmanager = wereld.a.gebruikers[Rol.KLANTMANAGER]
    url = _url(wereld.a, dossiers.eigen)
    assert _pagina(client, klantmanager, url).status_code == 200
    # Time passes: the consent's end date is now in the past, and nothing recomputed the grants.
    Toestemming.objects.filter(deelnemer=dossiers.eigen).update(
        gegeven_op=VANDAAG - datetime.timedelta(days=400), geldig_tot=VANDAAG - datetime.timedelta(days=1)
    )
    assert _pagina(client, klantmanager, url).status_code == 404


def test_contact_vastleggen_en_regels_voor_data(client, wereld, dossiers):
    traject = dossiers.eigen.trajecten.get()
    client.force_login(wereld.a.gebruikers[Rol.TRAJECTBEGELEIDER])
    url = reverse("contact_nieuw", kwargs={"regio": wereld.a.regio.slug, "pk": traject.pk})
    te_vroeg = client.post(url, {"datum": "2001-01-01", "soort": "coaching", "minuten": "30", "notitie": "x"})
    assert te_vroeg.status_code == 200
    assert "vóór de aanmelddatum" in te_vroeg.content.decode()
    aantal = traject.contactmomenten.count()
    # An employer contact names the employer, from the region's register (IPS source data).
    werkgever = Werkgever.objects.create(
        regio=wereld.a.regio, naam="Bakkerij Het Zoete Hoekje", kvk_nummer="12345678", sector="horeca", plaats="Leiden"
    )
    gegevens = {"datum": VANDAAG.isoformat(), "soort": "werkgeverscontact", "minuten": "20", "notitie": ""}
    assert client.post(url, gegevens).status_code == 200
    ok = client.post(url, {**gegevens, "werkgever": werkgever.pk})
    assert ok.status_code == 302
    contact = traject.contactmomenten.latest("pk")
    assert traject.contactmomenten.count() == aantal + 1
    assert contact.soort == "werkgeverscontact" and contact.face_to_face is False
    assert contact.werkgever == werkgever


def test_beeindigen_voor_de_start_wordt_geweigerd_en_slaat_niets_op(client, wereld, dossiers):
    traject = dossiers.eigen.trajecten.get()
    client.force_login(wereld.a.gebruikers[Rol.TRAJECTBEGELEIDER])
    url = reverse("traject_beeindigen", kwargs={"regio": wereld.a.regio.slug, "pk": traject.pk})
    vroeg = (traject.startdatum - datetime.timedelta(days=1)).isoformat()
    response = client.post(url, {"einddatum": vroeg, "eindreden": "betaald_werk", "versie": traject.versie})
    assert response.status_code == 200
    assert "vóór de start" in response.content.decode()
    assert f'value="{vroeg}"' in response.content.decode()
    traject.refresh_from_db()
    assert traject.status == TrajectStatus.GESTART and traject.einddatum is None

    ok = client.post(url, {"einddatum": VANDAAG.isoformat(), "eindreden": "betaald_werk", "versie": traject.versie})
    assert ok.status_code == 302
    traject.refresh_from_db()
    assert traject.status == TrajectStatus.BEEINDIGD
    assert list(traject.statuswijzigingen.values_list("naar_status", flat=True))[-1] == TrajectStatus.BEEINDIGD


def test_verouderd_formulier_wordt_geweigerd(client, wereld, dossiers):
    deelnemer = dossiers.eigen
    client.force_login(wereld.a.gebruikers[Rol.TRAJECTBEGELEIDER])
    url = _url(wereld.a, deelnemer, "deelnemer_bewerken")
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(voornaam="Anna", woongemeente=deelnemer.woongemeente_id, wens_sectoren=[])
    # Someone else saves first.
    Deelnemer.objects.filter(pk=deelnemer.pk).update(versie=deelnemer.versie + 1)
    response = client.post(url, data)
    assert response.status_code == 200
    assert "intussen gewijzigd" in response.content.decode()
    deelnemer.refresh_from_db()
    assert deelnemer.voornaam == "Sanne"


def test_een_actief_traject_per_aanbieder(wereld):
    from django.db import IntegrityError, transaction

    deelnemer = maak_dossier(wereld.a, peer=False)
    bestaand = deelnemer.trajecten.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Traject.objects.create(
            regio=wereld.a.regio,
            deelnemer=deelnemer,
            methode="jobcoaching",
            aanbieder=bestaand.aanbieder,
            verwijsdatum=VANDAAG,
        )


def test_peer_supporter_koppelen_geeft_en_ontneemt_toegang(client, wereld):
    deelnemer = maak_dossier(wereld.a, peer=False)
    peer = wereld.a.gebruikers[Rol.PEER_SUPPORTER]
    url = _url(wereld.a, deelnemer)
    assert _pagina(client, peer, url).status_code == 404
    client.force_login(wereld.a.gebruikers[Rol.TRAJECTBEGELEIDER])
    koppel = _url(wereld.a, deelnemer, "peer_koppelen")
    assert client.post(koppel, {"peer_supporter": peer.pk, "versie": deelnemer.versie}).status_code == 302
    assert _pagina(client, peer, url).status_code == 200
    client.force_login(wereld.a.gebruikers[Rol.TRAJECTBEGELEIDER])
    client.post(koppel, {"peer_supporter": "", "versie": deelnemer.versie + 1})
    assert _pagina(client, peer, url).status_code == 404


def _vul_organisatie(w, aantal: int) -> None:
    """Many more participants for the same provider, written in bulk."""
    from trajecten.toegang import herbereken_toegang

    start = Deelnemer.objects.count()
    deelnemers = Deelnemer.objects.bulk_create(
        Deelnemer(
            regio=w.regio,
            nummer=f"{w.regio.code}-2020-{start + i:05d}",
            voornaam="Vul",
            achternaam=f"Deelnemer {i}",
            geboortedatum=datetime.date(1980, 1, 1),
            woongemeente=w.organisaties["gemeente"],
            uitkering="geen",
        )
        for i in range(aantal)
    )
    Traject.objects.bulk_create(
        Traject(regio=w.regio, deelnemer=d, methode="ips", aanbieder=w.organisaties["ggz"], verwijsdatum=VANDAAG)
        for d in deelnemers
    )
    for d in deelnemers[:5]:
        herbereken_toegang(d)


# Upper bounds per role (docs/performance.md, page (d)). The provider's page: session, user, device and
# membership; the participant; its trajectories with status changes, contacts and placements; the audit row
# (lock, head of the chain, insert); consents; the access log; the regions menu; the proposals (the work
# section takes placements and the running trajectory from the trajectories already fetched); fitting
# vacancies; saving the session (savepoint, update, release).
MAX_QUERIES = {Rol.TRAJECTBEGELEIDER: 20, Rol.KLANTMANAGER: 15, Rol.PROJECTLEIDER: 12}


@pytest.mark.parametrize("rol", [Rol.TRAJECTBEGELEIDER, Rol.KLANTMANAGER, Rol.PROJECTLEIDER])
def test_deelnemerpagina_heeft_vast_aantal_queries(client, wereld, rol):
    deelnemer = maak_dossier(wereld.a)
    client.force_login(wereld.a.gebruikers[rol])
    url = _url(wereld.a, deelnemer)
    client.get(url)

    def tel() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    _vul_organisatie(wereld.a, 10)
    weinig = tel()
    _vul_organisatie(wereld.a, 1000)
    assert tel() == weinig
    assert weinig <= MAX_QUERIES[rol], weinig


def test_acties_weigeren_een_verkeerde_rol(wereld, dossiers):
    from django.core.exceptions import ValidationError

    from trajecten import actions

    with pytest.raises(ValidationError):
        actions.log_contact(
            ctx=ctx_van(wereld.a, Rol.KLANTMANAGER),
            traject=dossiers.eigen.trajecten.get(),
            datum=VANDAAG,
            soort="coaching",
            minuten=10,
        )
