"""The AVG art. 15 export (trajecten/inzage.py): contents, formats, who may make it, its audit row, and
the PDF fetcher that fetches nothing but data: URLs. Who gets 200 or 404 per role and situation is in
tests/matrix/trajecten_inzage.py; how the PDF is built in the background, tests/test_inzage_pdf.py."""

from __future__ import annotations

import io
import json

import pypdf
import pytest
from django.urls import reverse

from hoofdzaak import pdf
from hoofdzaak.models import AuditActie, AuditRegel, Rol
from tests.fabriek import ctx_van, dagen, oud_dossier
from trajecten import actions, inzage


def url(wereld, naam: str, deelnemer) -> str:
    return reverse(naam, kwargs={"regio": wereld.a.regio.slug, "nummer": deelnemer.nummer})


@pytest.fixture
def begeleider(wereld, client):
    client.force_login(wereld.a.gebruikers[Rol.TRAJECTBEGELEIDER])
    return client


def test_json_bevat_alle_gegevens_en_het_inzagelog(wereld, dossiers, begeleider):
    deelnemer = dossiers.eigen
    begeleider.get(reverse("deelnemer", kwargs={"regio": wereld.a.regio.slug, "nummer": deelnemer.nummer}))

    response = begeleider.get(url(wereld, "inzage_json", deelnemer))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == f'attachment; filename="inzage-{deelnemer.nummer}.json"'
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["deelnemer"]["nummer"] == deelnemer.nummer
    assert data["deelnemer"]["voornaam"] == "Sanne" and data["deelnemer"]["email"] == "sanne@example.org"
    assert data["deelnemer"]["peer_supporter"] == wereld.a.gebruikers[Rol.PEER_SUPPORTER].naam
    assert [t["organisatie"] for t in data["toestemmingen"]] == [wereld.a.organisaties["gemeente"].naam]
    (traject,) = data["trajecten"]
    assert traject["status"] == "Gestart" and traject["aanbieder"] == wereld.a.organisaties["ggz"].naam
    assert traject["statusgeschiedenis"] and traject["statusgeschiedenis"][0]["naar"] == "Gestart"
    assert traject["contactmomenten"][0]["notitie"] == "Vertrouwelijke notitie over het gesprek"
    acties = [regel["actie"] for regel in data["inzagelog"]]
    assert "Aanmaken" in acties and "Lezen" in acties
    lezen = next(r for r in data["inzagelog"] if r["actie"] == "Lezen")
    assert lezen["organisatie"] == wereld.a.organisaties["ggz"].naam and lezen["rol"] == "Trajectbegeleider"
    # No staff identities, IP addresses or hashes in what the participant receives.
    tekst = response.content.decode()
    assert wereld.a.gebruikers[Rol.TRAJECTBEGELEIDER].email not in tekst
    assert "127.0.0.1" not in tekst and "hash" not in tekst


def test_inzagelog_bevat_ook_de_lijsten_die_de_deelnemer_toonden(wereld, dossiers, client):
    """A list view writes one row naming the numbers it showed; the participant's access log includes it."""
    client.force_login(wereld.a.gebruikers[Rol.KLANTMANAGER])
    assert (
        dossiers.eigen.nummer
        in client.get(reverse("deelnemers", kwargs={"regio": wereld.a.regio.slug})).content.decode()
    )
    lijstregel = AuditRegel.objects.filter(object_type="deelnemers").get()
    assert dossiers.eigen.nummer in lijstregel.getoonde_nummers.split()
    assert dossiers.zonder_toestemming.nummer not in lijstregel.getoonde_nummers.split()

    def log_van(deelnemer) -> list[dict]:
        return inzage.verzamel(ctx_van(wereld.a, Rol.TRAJECTBEGELEIDER), deelnemer)["inzagelog"]

    (rij,) = [r for r in log_van(dossiers.eigen) if r["omschrijving"] == lijstregel.omschrijving]
    assert (rij["actie"], rij["organisatie"], rij["rol"]) == (
        "Lezen",
        wereld.a.organisaties["gemeente"].naam,
        "Klantmanager",
    )
    assert not [r for r in log_van(dossiers.zonder_toestemming) if r["omschrijving"] == lijstregel.omschrijving]


def test_export_met_voordracht_en_plaatsing(wereld, begeleider):
    deelnemer = oud_dossier(wereld.a, begin=dagen(400), einde=None)
    data = json.loads(begeleider.get(url(wereld, "inzage_json", deelnemer)).content)
    (traject,) = data["trajecten"]
    assert traject["voordrachten"][0]["gedeeld_profiel"] == "Noor werkt graag met handen"
    assert traject["plaatsingen"][0]["functie"] == "Bakker"
    assert traject["plaatsingen"][0]["reden_van_beeindiging"] == "Uitval door terugval"
    assert len(data["toestemmingen"]) == 2


def maak_pdf(wereld, client, deelnemer):
    """Ask for the PDF as the begeleider does and build it as the worker would (trajecten.tasks.bouw_inzage)."""
    from trajecten.models import InzageExport

    assert client.post(url(wereld, "inzage", deelnemer)).status_code == 302
    export = InzageExport.objects.get(deelnemer=deelnemer)
    assert actions.bouw_inzage(export_id=export.pk) is not None
    return client.get(url(wereld, "inzage_pdf", deelnemer))


def test_export_wordt_gelogd(wereld, dossiers, begeleider):
    deelnemer = dossiers.eigen
    begeleider.get(url(wereld, "inzage_json", deelnemer))
    maak_pdf(wereld, begeleider, deelnemer)
    regels = AuditRegel.objects.filter(actie=AuditActie.EXPORT).order_by("id")
    assert [r.omschrijving for r in regels] == [
        "Inzage-export (AVG art. 15) als JSON",
        "Inzage-export (AVG art. 15) als PDF",
    ]
    for regel in regels:
        assert regel.deelnemer_nummer == deelnemer.nummer and regel.grondslag == "beheer_deelnemer"
        assert regel.gebruiker_id == wereld.a.gebruikers[Rol.TRAJECTBEGELEIDER].pk
    # The request for the PDF is logged by its action, with who asked.
    aanvraag = AuditRegel.objects.get(actie=AuditActie.AANMAKEN, object_type="inzage_export")
    assert aanvraag.deelnemer_nummer == deelnemer.nummer
    assert aanvraag.omschrijving == "Inzage-export (AVG art. 15) als PDF aangevraagd"
    assert aanvraag.gebruiker_id == wereld.a.gebruikers[Rol.TRAJECTBEGELEIDER].pk
    # A third export lists the first two and itself: the access function writes its row as it hands out the data.
    data = json.loads(begeleider.get(url(wereld, "inzage_json", deelnemer)).content)
    assert sum(r["actie"] == "Export" for r in data["inzagelog"]) == 3


def test_pdf_is_een_pdf_met_de_gegevens(wereld, dossiers, begeleider):
    deelnemer = dossiers.eigen
    response = maak_pdf(wereld, begeleider, deelnemer)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="inzage-{deelnemer.nummer}.pdf"'
    assert "no-store" in response["Cache-Control"]
    inhoud = b"".join(response.streaming_content)
    assert inhoud.startswith(b"%PDF-")
    lezer = pypdf.PdfReader(io.BytesIO(inhoud))
    tekst = " ".join(" ".join((pagina.extract_text() or "").split()) for pagina in lezer.pages)
    for verwacht in ("Inzage persoonsgegevens", deelnemer.nummer, "Sanne", "Vertrouwelijke notitie over het gesprek"):
        assert verwacht in tekst, verwacht
    # The request is in the log the participant receives.
    assert "Inzage-export (AVG art. 15) als PDF aangevraagd" in tekst
    assert lezer.metadata.title == f"Inzage persoonsgegevens {deelnemer.nummer}"


def test_geanonimiseerde_deelnemer_is_ook_te_exporteren(wereld, begeleider):
    deelnemer = oud_dossier(wereld.a, begin=dagen(1200), einde=dagen(800))
    assert actions.anonimiseer(deelnemer_id=deelnemer.pk)
    data = json.loads(begeleider.get(url(wereld, "inzage_json", deelnemer)).content)
    assert data["deelnemer"]["voornaam"] == "Geanonimiseerd"
    assert data["toestemmingen"] == [] and data["aantal_verwijderde_toestemmingen"] == 2
    assert data["deelnemer"]["geanonimiseerd_op"]
    assert any(r["organisatie"] == "Het portaal (automatisch)" for r in data["inzagelog"])


def test_volger_krijgt_404_en_een_weigering_in_het_log(wereld, dossiers, client):
    klantmanager = wereld.a.gebruikers[Rol.KLANTMANAGER]
    client.force_login(klantmanager)
    assert client.get(url(wereld, "inzage_json", dossiers.eigen)).status_code == 404
    regel = AuditRegel.objects.get(actie=AuditActie.GEWEIGERD)
    assert regel.gebruiker_id == klantmanager.pk and regel.deelnemer_nummer == dossiers.eigen.nummer
    assert not AuditRegel.objects.filter(actie=AuditActie.EXPORT).exists()


def test_alleen_get(wereld, dossiers, begeleider):
    assert begeleider.post(url(wereld, "inzage_json", dossiers.eigen)).status_code == 405


# --- The PDF fetcher -----------------------------------------------------------------------------------------------

PIXEL = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)


def test_pdf_fetcher_haalt_alleen_data_urls(tmp_path):
    geheim = tmp_path / "geheim.css"
    geheim.write_text("body { color: red }")
    fetcher = pdf.maak_fetcher()
    html = f"""<!DOCTYPE html><html lang="nl"><head><title>t</title>
      <link rel="stylesheet" href="{geheim.as_uri()}">
      <link rel="stylesheet" href="http://127.0.0.1:9/x.css">
      <link rel="attachment" href="file:///etc/passwd">
      </head><body><p>Hallo</p><img src="{PIXEL}" alt="punt"><img src="https://example.org/x.png" alt="x">
      <img src="/static/css/portaal.css" alt="relatief"></body></html>"""
    uitkomst = pdf.html_naar_pdf(html, fetcher=fetcher)
    assert uitkomst.startswith(b"%PDF-")
    assert geheim.as_uri() in fetcher.geweigerd
    assert "http://127.0.0.1:9/x.css" in fetcher.geweigerd
    assert "https://example.org/x.png" in fetcher.geweigerd
    assert "file:///etc/passwd" in fetcher.geweigerd or b"root:" not in uitkomst
    assert not any(url.startswith("data:") for url in fetcher.geweigerd)
