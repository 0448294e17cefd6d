"""The AVG export's PDF is built in the background (issue 14, point 5): the web request only queues it, the worker
renders it, the page shows its progress (htmx, or a link without JavaScript), and only the membership that asked
may download it, for PORTAAL_INZAGE_BEWAARUREN. A real worker and gunicorn: tests/test_inzage_worker.py."""

from __future__ import annotations

import datetime
import re
import threading

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hoofdzaak import achtergrond
from hoofdzaak.models import AuditActie, AuditRegel, Lidmaatschap, Rol
from tests.fabriek import begeleider, ctx_van, dagen, oud_dossier
from trajecten import actions, tasks
from trajecten.models import InzageExport, InzageStatus


def url(wereld, naam: str, deelnemer) -> str:
    return reverse(naam, kwargs={"regio": wereld.a.regio.slug, "nummer": deelnemer.nummer})


@pytest.fixture
def tb(wereld, client):
    client.force_login(wereld.a.gebruikers[Rol.TRAJECTBEGELEIDER])
    return client


@pytest.fixture
def gepland(monkeypatch):
    """The build tasks the web side hands to the broker (instead of a broker)."""
    ids: list[int] = []
    monkeypatch.setattr(tasks.bouw_inzage, "delay", ids.append)
    return ids


@pytest.fixture
def geen_pdf_in_het_verzoek(monkeypatch):
    """Rendering a PDF anywhere in this process fails the test: the request must leave it to the worker."""
    from hoofdzaak import pdf
    from trajecten import inzage

    def verboden(*args, **kwargs):
        raise AssertionError("PDF gemaakt in het webverzoek")

    monkeypatch.setattr(pdf, "html_naar_pdf", verboden)
    monkeypatch.setattr(inzage, "als_pdf", verboden)


def _sleutel(html: str) -> str:
    return re.search(r'name="inzendsleutel" value="([0-9a-f-]+)"', html).group(1)


# Transactional: the request commits and hands the build over right then, as in production.
@pytest.mark.django_db(transaction=True)
def test_de_aanvraag_zet_de_pdf_alleen_in_de_wachtrij(wereld, dossiers, tb, gepland, geen_pdf_in_het_verzoek):
    deelnemer = dossiers.eigen
    pagina = tb.get(url(wereld, "inzage", deelnemer))
    assert pagina.status_code == 200
    assert "PDF laten maken" in pagina.content.decode()

    response = tb.post(url(wereld, "inzage", deelnemer), {"inzendsleutel": _sleutel(pagina.content.decode())})
    assert response.status_code == 302 and response["Location"] == url(wereld, "inzage", deelnemer)
    export = InzageExport.objects.get()
    assert export.status == InzageStatus.WACHTRIJ and export.voortgang == 0 and not export.bestand
    assert export.verstuurd_op is not None
    assert export.lidmaatschap_id == wereld.a.lidmaatschappen[Rol.TRAJECTBEGELEIDER].pk
    assert gepland == [export.pk]

    html = tb.get(url(wereld, "inzage", deelnemer)).content.decode()
    assert "De PDF wordt op de achtergrond gemaakt." in html
    assert "In de wachtrij" in html and '<progress id="voortgang" max="100" value="0">' in html
    # Polled by htmx; without JavaScript the link reloads the page.
    assert f'hx-get="{url(wereld, "inzage", deelnemer)}" hx-trigger="every 2s"' in html
    assert f'<a class="utrecht-link" href="{url(wereld, "inzage", deelnemer)}">Status vernieuwen</a>' in html
    assert "PDF laten maken" not in html and "Opnieuw maken" not in html
    # Nothing to download yet.
    assert tb.get(url(wereld, "inzage_pdf", deelnemer)).status_code == 404


def test_htmx_krijgt_alleen_de_status(wereld, dossiers, tb, gepland, django_capture_on_commit_callbacks):
    deelnemer = dossiers.eigen
    with django_capture_on_commit_callbacks(execute=True):
        tb.post(url(wereld, "inzage", deelnemer))
    InzageExport.objects.update(status=InzageStatus.BEZIG, voortgang=30, voortgang_tekst="PDF opmaken")

    response = tb.get(url(wereld, "inzage", deelnemer), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="inzage-status-inhoud"') and "<html" not in html
    assert 'value="30"' in html and "PDF opmaken" in html and "every 2s" in html
    assert "HX-Request" in response["Vary"] and "no-store" in response["Cache-Control"]

    # Done: the fragment stops polling and offers the download.
    assert actions.bouw_inzage(export_id=InzageExport.objects.get().pk) is not None
    html = tb.get(url(wereld, "inzage", deelnemer), headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in html and "Download PDF" in html, html


def test_dubbel_insturen_geeft_een_opdracht(wereld, dossiers, tb, gepland, django_capture_on_commit_callbacks):
    deelnemer = dossiers.eigen
    sleutel = _sleutel(tb.get(url(wereld, "inzage", deelnemer)).content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        eerste = tb.post(url(wereld, "inzage", deelnemer), {"inzendsleutel": sleutel})
    with django_capture_on_commit_callbacks(execute=True):
        tweede = tb.post(url(wereld, "inzage", deelnemer), {"inzendsleutel": sleutel}, follow=True)
    assert eerste.status_code == 302 and tweede.redirect_chain[0][0] == eerste["Location"]
    assert "Dit was al opgeslagen" in tweede.content.decode()
    # A request from another tab (another key) while the first is queued: still that one job.
    with django_capture_on_commit_callbacks(execute=True):
        tb.post(url(wereld, "inzage", deelnemer), {"inzendsleutel": "6f1c1a53-58a4-4c5e-a31b-6d8f3d8a0c11"})
    export = InzageExport.objects.get()
    assert gepland == [export.pk]
    assert AuditRegel.objects.filter(actie=AuditActie.AANMAKEN, object_type="inzage_export").count() == 1


@pytest.mark.django_db(transaction=True)
def test_gelijktijdige_aanvragen_geven_een_opdracht(wereld, dossiers, gepland):
    """Two requests at the same moment, each with its own key (two tabs): one row, one build queued."""
    deelnemer = dossiers.eigen
    gebruiker = wereld.a.gebruikers[Rol.TRAJECTBEGELEIDER]
    start = threading.Barrier(2)
    antwoorden = []

    def vraag() -> None:
        from django.db import connection

        client = Client()
        client.force_login(gebruiker)
        try:
            start.wait(timeout=10)
            antwoorden.append(client.post(url(wereld, "inzage", deelnemer)).status_code)
        finally:
            connection.close()

    draden = [threading.Thread(target=vraag) for _ in range(2)]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join(timeout=30)
    assert antwoorden == [302, 302]
    export = InzageExport.objects.get()
    assert gepland == [export.pk]


def test_een_tweede_aanvraag_tijdens_de_overdracht_zet_niets_dubbel(
    wereld, dossiers, gepland, django_capture_on_commit_callbacks
):
    """The moment between the first request's commit and its hand-over to the broker (its on_commit callback): a
    second request then returns the same export and queues nothing; only once the hand-over had its chance
    (INZAGE_VERSTUREN_NA) and the row is still not handed over (broker down) does a request queue it again."""
    ctx = ctx_van(wereld.a, Rol.TRAJECTBEGELEIDER)
    with django_capture_on_commit_callbacks(execute=False):
        export = actions.vraag_inzage_aan(ctx=ctx, deelnemer=dossiers.eigen)
    with django_capture_on_commit_callbacks(execute=True) as tweede:
        assert actions.vraag_inzage_aan(ctx=ctx, deelnemer=dossiers.eigen).pk == export.pk
    assert tweede == [] and gepland == []

    InzageExport.objects.update(
        bijgewerkt_op=timezone.now() - actions.INZAGE_VERSTUREN_NA - datetime.timedelta(seconds=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.vraag_inzage_aan(ctx=ctx, deelnemer=dossiers.eigen).pk == export.pk
    assert gepland == [export.pk] and InzageExport.objects.count() == 1


def test_de_worker_maakt_de_pdf_en_alleen_de_aanvrager_krijgt_hem(wereld, dossiers, tb, gepland, client):
    deelnemer = dossiers.eigen
    tb.post(url(wereld, "inzage", deelnemer))
    export = InzageExport.objects.get()
    assert actions.bouw_inzage(export_id=export.pk) is not None
    export.refresh_from_db()
    assert (export.status, export.voortgang, export.pogingen) == (InzageStatus.KLAAR, 100, 1)
    assert export.bestand == f"inzage/{wereld.a.regio.slug}/inzage-export-{export.pk}.pdf"
    pad = achtergrond.bestand_in_opslag(export.bestand)
    assert achtergrond.sha256_van(pad) == export.sha256 and pad.stat().st_mode & 0o777 == 0o640
    # A second delivery of the task does nothing.
    assert actions.bouw_inzage(export_id=export.pk) is None

    response = tb.get(url(wereld, "inzage_pdf", deelnemer))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF-")

    # A colleague at the same provider (same grant) did not ask for it: 404, and no export row for it.
    collega = begeleider(wereld.a, "tweede-begeleider")
    Lidmaatschap.objects.create(
        gebruiker=collega, organisatie=wereld.a.organisaties["ggz"], regio=wereld.a.regio, rol=Rol.TRAJECTBEGELEIDER
    )
    client.force_login(collega)
    exports_voor = AuditRegel.objects.filter(actie=AuditActie.EXPORT).count()
    assert client.get(url(wereld, "inzage_pdf", deelnemer)).status_code == 404
    assert AuditRegel.objects.filter(actie=AuditActie.EXPORT).count() == exports_voor
    assert "PDF laten maken" in client.get(url(wereld, "inzage", deelnemer)).content.decode()


def test_zonder_volledige_toegang_bouwt_de_worker_niets(wereld, dossiers, tb, gepland):
    deelnemer = dossiers.eigen
    tb.post(url(wereld, "inzage", deelnemer))
    export = InzageExport.objects.get()
    # The membership is ended while the export waits: the worker refuses to read the dossier for it.
    Lidmaatschap.objects.filter(pk=export.lidmaatschap_id).update(actief=False)
    assert tasks.bouw_inzage.apply(args=[export.pk]).get() == "geweigerd"
    export.refresh_from_db()
    assert export.status == InzageStatus.MISLUKT and not export.bestand
    assert "geen toegang meer" in export.fout


def test_opnieuw_maken_vervangt_de_pdf(wereld, dossiers, tb, gepland, django_capture_on_commit_callbacks):
    deelnemer = dossiers.eigen
    tb.post(url(wereld, "inzage", deelnemer))
    export = InzageExport.objects.get()
    actions.bouw_inzage(export_id=export.pk)
    assert "Opnieuw maken" in tb.get(url(wereld, "inzage", deelnemer)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        tb.post(url(wereld, "inzage", deelnemer))
    export.refresh_from_db()
    assert export.status == InzageStatus.WACHTRIJ and not export.bestand and InzageExport.objects.count() == 1
    assert not achtergrond.bestand_in_opslag(actions.inzage_bestand(export)).exists()
    assert tb.get(url(wereld, "inzage_pdf", deelnemer)).status_code == 404


def test_mislukt_is_te_zien_en_opnieuw_aan_te_vragen(wereld, dossiers, tb, gepland, monkeypatch):
    from trajecten import inzage

    deelnemer = dossiers.eigen
    tb.post(url(wereld, "inzage", deelnemer))
    export = InzageExport.objects.get()
    monkeypatch.setattr(inzage, "als_pdf", lambda gegevens: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        tasks.bouw_inzage.apply(args=[export.pk], throw=True)
    export.refresh_from_db()
    assert export.status == InzageStatus.MISLUKT and "ZeroDivisionError" in export.fout
    html = tb.get(url(wereld, "inzage", deelnemer)).content.decode()
    assert "Het maken van de PDF is mislukt" in html and "ZeroDivisionError" not in html and "Opnieuw maken" in html


def test_verlopen_pdfs_worden_opgeruimd(wereld, dossiers, tb, gepland, settings, django_capture_on_commit_callbacks):
    settings.PORTAAL_INZAGE_BEWAARUREN = 24
    tb.post(url(wereld, "inzage", dossiers.eigen))
    tb.post(url(wereld, "inzage", dossiers.ingetrokken))
    oud, vers = InzageExport.objects.order_by("pk")
    for export in (oud, vers):
        actions.bouw_inzage(export_id=export.pk)
        export.refresh_from_db()
    InzageExport.objects.filter(pk=oud.pk).update(klaar_op=timezone.now() - datetime.timedelta(hours=25))
    # A file no row names any more (its row went with its participant), older than the period.
    wees = achtergrond.bestand_in_opslag(f"inzage/{wereld.a.regio.slug}/inzage-export-999999.pdf")
    achtergrond.schrijf_atomisch(wees, b"%PDF-1.7 wees")
    import os

    os.utime(wees, (0, 0))

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.ruim_inzage_exports_op.apply().get() == 1
    assert list(InzageExport.objects.values_list("pk", flat=True)) == [vers.pk]
    assert not achtergrond.bestand_in_opslag(oud.bestand).exists()
    assert achtergrond.bestand_in_opslag(vers.bestand).is_file()
    assert not wees.exists()
    assert "inzage-exports-opruimen" in settings.CELERY_BEAT_SCHEDULE


def test_anonimiseren_verwijdert_de_pdf(wereld, tb, gepland, django_capture_on_commit_callbacks):
    deelnemer = oud_dossier(wereld.a, begin=dagen(1200), einde=dagen(800))
    tb.post(url(wereld, "inzage", deelnemer))
    export = InzageExport.objects.get()
    actions.bouw_inzage(export_id=export.pk)
    export.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.anonimiseer(deelnemer_id=deelnemer.pk)
    assert not InzageExport.objects.exists()
    assert not achtergrond.bestand_in_opslag(export.bestand).exists()


@pytest.mark.django_db(transaction=True)
def test_zonder_broker_blijft_de_aanvraag_bewaard(wereld, dossiers, tb, monkeypatch):
    deelnemer = dossiers.eigen

    def onbereikbaar(export_id):
        raise ConnectionError("broker weg")

    monkeypatch.setattr(tasks.bouw_inzage, "delay", onbereikbaar)
    response = tb.post(url(wereld, "inzage", deelnemer), follow=True)
    html = response.content.decode()
    assert "De achtergronddienst die de PDF maakt is even niet bereikbaar" in html
    assert "Wacht tot de achtergronddienst weer bereikbaar is" in html
    export = InzageExport.objects.get()
    assert export.wacht_op_achtergronddienst

    # Beat hands it over once the broker is back (after the request's own attempt had its chance).
    gepland: list[int] = []
    monkeypatch.setattr(tasks.bouw_inzage, "delay", gepland.append)
    assert actions.herstel_inzage_exports() == []
    nu = timezone.now() + actions.INZAGE_VERSTUREN_NA + datetime.timedelta(seconds=1)
    assert actions.herstel_inzage_exports(nu=nu) == [export.pk]
    export.refresh_from_db()
    assert gepland == [export.pk] and export.verstuurd_op is not None
    assert actions.herstel_inzage_exports(nu=nu) == []


def test_de_taak_herstel_staat_in_het_schema(settings):
    taken = {regel["task"] for regel in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"trajecten.tasks.herstel_inzage_exports", "trajecten.tasks.ruim_inzage_exports_op"} <= taken


def test_de_actie_weigert_andere_rollen(wereld, dossiers):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        actions.vraag_inzage_aan(ctx=ctx_van(wereld.a, Rol.KLANTMANAGER), deelnemer=dossiers.eigen)
    assert not InzageExport.objects.exists()
