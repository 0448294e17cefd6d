"""The monthly report of a partner's own scope (issue 15 point 7): UWV, a GGZ provider, a re-integration
company and the peer-support organisation each get a monthly PDF of the trajectories they provide, referred or
fund, and of the peer support their people give; suppressed like the others; scheduled by beat like the
gemeente reports; seen by that partner's bestuurder only (and the projectleider), approved versions only."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from hoofdzaak.models import Rol
from rapportage import figuren
from rapportage.archief import access, actions, inhoud, tasks
from rapportage.archief import opslag as archiefopslag
from rapportage.archief.models import Rapport, RapportSoort, RapportStatus
from rapportage.figuren import Filters, Periode
from tests.fabriek import MAAND, bestuurder_van, ctx_van, goedkeuren, maak_traject, pdf_tekst, vraag_aan
from trajecten.models import Deelnemer, Traject


@pytest.fixture
def partnerdata(wereld):
    """Region A, last month: five starts at the GGZ provider (three referred by UWV, one of those also funded
    by UWV; one with a peer supporter of the peer-support organisation); two starts at the re-integration
    company referred by the gemeente. Region B: one start."""
    a = wereld.a
    ggz = [maak_traject(a, start=MAAND.van + datetime.timedelta(days=i)) for i in range(5)]
    Traject.objects.filter(pk__in=[t.pk for t in ggz[:3]]).update(verwijzer=a.organisaties["uwv"])
    Traject.objects.filter(pk=ggz[0].pk).update(financier=a.organisaties["uwv"])
    Deelnemer.objects.filter(pk=ggz[4].deelnemer_id).update(peer_supporter=a.gebruikers[Rol.PEER_SUPPORTER])
    reintegratie = [maak_traject(a, start=MAAND.van + datetime.timedelta(days=10 + i)) for i in range(2)]
    Traject.objects.filter(pk__in=[t.pk for t in reintegratie]).update(aanbieder=a.organisaties["reintegratie"])
    maak_traject(wereld.b, start=MAAND.van)
    return wereld


def _gestart(w, organisatie: str) -> int:
    return figuren.bereken(
        regio=w.a.regio,
        periode=Periode(MAAND.van, MAAND.tot),
        filters=Filters(organisatie_id=w.a.organisaties[organisatie].pk),
    ).gestart


def test_de_scope_van_elke_partner(partnerdata):
    w = partnerdata
    # GGZ provides 5; UWV referred 3 (one it also funds: counted once); re-integration provides 2;
    # peer support: one participant; the WSP takes part in none.
    assert {o: _gestart(w, o) for o in ("ggz", "uwv", "reintegratie", "peer", "wsp")} == {
        "ggz": 5,
        "uwv": 3,
        "reintegratie": 2,
        "peer": 1,
        "wsp": 0,
    }


def test_partnerrapport_wordt_gebouwd_en_onderdrukt(partnerdata, opslag, eager, django_capture_on_commit_callbacks):
    w = partnerdata
    uwv = w.a.organisaties["uwv"]
    with django_capture_on_commit_callbacks(execute=True):
        rapport = vraag_aan(w, soort=RapportSoort.ORGANISATIE, periode=MAAND, scope=uwv)
    rapport.refresh_from_db()
    assert rapport.status == RapportStatus.KLAAR, rapport.fout
    assert rapport.titel == f"Maandrapportage {uwv.naam} {rapport.periode_label}"
    assert f"partner{uwv.pk}" in rapport.bestand and rapport.bestand.startswith(f"rapporten/{w.a.regio.slug}/")
    tekst = pdf_tekst(archiefopslag.bestand_pad(rapport).read_bytes())
    assert f"{uwv.naam} naast de regio" in tekst
    context = inhoud.organisatie_context(w.a.regio, uwv, Periode(MAAND.van, MAAND.tot), MAAND.tot)
    # UWV's 3 starts in the month are a small cell: hidden, in the document and the PDF.
    assert context["document"].waarden["m.gestart"] == 3
    assert context["c"]["m.gestart"] in (figuren.ONDERDRUKT, figuren.AANVULLEND)


def test_alleen_de_eigen_bestuurder_ziet_het_partnerrapport(partnerdata, opslag, eager, client):
    w = partnerdata
    rapporten = {
        o: actions.maak_rapport_nu(
            regio=w.a.regio, soort=RapportSoort.ORGANISATIE, periode=MAAND, scope=w.a.organisaties[o]
        )
        for o in ("ggz", "uwv")
    }
    for rapport in rapporten.values():
        if not rapport.is_goedgekeurd:
            goedkeuren(w, rapport)
    ggz_bestuurder, ggz_ctx = bestuurder_van(w.a, "ggz")
    assert {r.pk for r in access.rapporten_voor(ggz_ctx)} == {rapporten["ggz"].pk}
    assert list(access.rapporten_voor(ctx_van(w.a, Rol.BESTUURDER))) == []  # a gemeente's bestuurder
    assert {r.pk for r in access.rapporten_voor(ctx_van(w.a, Rol.PROJECTLEIDER))} == {r.pk for r in rapporten.values()}
    client.force_login(ggz_bestuurder)
    slug = w.a.regio.slug
    assert client.get(reverse("rapport_download", kwargs={"regio": slug, "pk": rapporten["ggz"].pk})).status_code == 200
    assert client.get(reverse("rapport", kwargs={"regio": slug, "pk": rapporten["uwv"].pk})).status_code == 404
    # Region B's GGZ bestuurder: nothing of region A.
    _b, b_ctx = bestuurder_van(w.b, "ggz")
    assert list(access.rapporten_voor(b_ctx)) == []


def test_partnerrapport_volgt_het_model_van_versies(partnerdata, opslag, eager, django_capture_on_commit_callbacks):
    """Auto-approved without data-quality warnings, otherwise a concept; subscribers hear of approved ones."""
    w = partnerdata
    ggz_bestuurder, ggz_ctx = bestuurder_van(w.a, "ggz")
    actions.abonneer(ctx=ggz_ctx, soort=RapportSoort.ORGANISATIE, scope=w.a.organisaties["ggz"])
    with pytest.raises(ValidationError):
        actions.abonneer(ctx=ggz_ctx, soort=RapportSoort.ORGANISATIE, scope=w.a.organisaties["uwv"])
    with django_capture_on_commit_callbacks(execute=True):
        rapport = vraag_aan(w, soort=RapportSoort.ORGANISATIE, periode=MAAND, scope=w.a.organisaties["ggz"])
    rapport.refresh_from_db()
    assert rapport.waarschuwingen  # funding stream unknown
    assert not rapport.is_goedgekeurd and mail.outbox == []
    goedkeuren(w, rapport, django_capture_on_commit_callbacks)
    assert [m.to[0] for m in mail.outbox] == [ggz_bestuurder.email]
    # The WSP is no partner with a report of its own; the peer-support organisation is.
    with pytest.raises(ValidationError):
        vraag_aan(w, soort=RapportSoort.ORGANISATIE, periode=MAAND, scope=w.a.organisaties["wsp"])
    with pytest.raises(ValidationError):
        vraag_aan(w, soort=RapportSoort.ORGANISATIE, periode=MAAND, scope=w.b.organisaties["ggz"])
    with pytest.raises(ValidationError):
        vraag_aan(w, soort=RapportSoort.ORGANISATIE, periode=MAAND, scope=None)


def test_partner_zonder_trajecten_krijgt_een_vanzelf_goedgekeurd_rapport(wereld, opslag, eager):
    rapport = actions.maak_rapport_nu(
        regio=wereld.a.regio, soort=RapportSoort.ORGANISATIE, periode=MAAND, scope=wereld.a.organisaties["peer"]
    )
    assert rapport.status == RapportStatus.KLAAR and rapport.automatisch_goedgekeurd


def test_beat_plant_een_rapport_per_partner(wereld, monkeypatch):
    opdrachten = []
    monkeypatch.setattr(tasks.plan_rapport, "delay", lambda **o: opdrachten.append(o))
    assert tasks.plan_organisatierapporten(datum=(MAAND.tot + datetime.timedelta(days=1)).isoformat()) == 8
    assert {(o["regio_id"], o["scope_id"], o["soort"], o["van"]) for o in opdrachten} == {
        (rw.regio.pk, rw.organisaties[key].pk, "organisatie", MAAND.van.isoformat())
        for rw in (wereld.a, wereld.b)
        for key in ("uwv", "ggz", "reintegratie", "peer")
    }


def test_aanvraagformulier_voor_een_partner(wereld, client, monkeypatch, django_capture_on_commit_callbacks, opslag):
    monkeypatch.setattr(tasks.bouw_rapport, "delay", lambda rapport_id: None)
    client.force_login(wereld.a.gebruikers[Rol.PROJECTLEIDER])
    url = reverse("rapport_nieuw", kwargs={"regio": wereld.a.regio.slug})
    data = {"soort": "organisatie", "jaar": MAAND.van.year, "maand": MAAND.van.month}
    response = client.post(url, data)
    assert response.status_code == 200 and "Kies de partner" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**data, "organisatie": wereld.a.organisaties["uwv"].pk})
    rapport = Rapport.objects.get()
    assert response.status_code == 302
    assert (rapport.soort, rapport.scope) == ("organisatie", wereld.a.organisaties["uwv"])
    # Another region's partner is no choice.
    response = client.post(url, {**data, "organisatie": wereld.b.organisaties["uwv"].pk})
    assert response.status_code == 200 and Rapport.objects.count() == 1
