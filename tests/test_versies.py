"""Report versions and sign-off (issue 15 point 5): a build is a concept until a projectleider approves it
with every data-quality warning acknowledged; approval freezes the version (file, checksum, who, when); a
rebuild after approval makes version n+1 beside it, saying what changed; bestuurders and subscribers get
approved versions only; a monthly report without data-quality warnings is approved automatically; approval
of a concept whose figures changed since it was built is refused."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from hoofdzaak import actions as kern_actions
from hoofdzaak.models import AuditRegel, Doelversie, Rol
from rapportage.archief import access, actions, tasks
from rapportage.archief import opslag as archiefopslag
from rapportage.archief.models import Rapport, RapportSoort, RapportStatus, Waarschuwingserkenning
from tests.fabriek import KWARTAAL, MAAND, ctx_van, goedkeuren, klaar_rapport, maak_traject, pdf_tekst, vraag_aan


@pytest.fixture
def bouw(opslag, eager, django_capture_on_commit_callbacks):
    """Request (and build, eagerly) a report as the projectleider; returns the fresh row."""

    def maak(w, **kwargs) -> Rapport:
        with django_capture_on_commit_callbacks(execute=True):
            rapport = vraag_aan(w, **kwargs)
        rapport.refresh_from_db()
        assert rapport.status == RapportStatus.KLAAR, rapport.fout
        return rapport

    return maak


def _bytes(rapport: Rapport) -> bytes:
    return archiefopslag.bestand_pad(rapport).read_bytes()


def _audit(omschrijving: str) -> int:
    return AuditRegel.objects.filter(object_type="rapport", omschrijving__startswith=omschrijving).count()


# --- Version numbering and the frozen file ----------------------------------------------------------------------


def test_herbouw_van_een_concept_blijft_versie_1_en_na_goedkeuring_komt_versie_2_ernaast(cijfers, bouw):
    w = cijfers
    concept = bouw(w)
    assert (concept.versie, concept.is_goedgekeurd, concept.is_concept) == (1, False, True)
    opnieuw = bouw(w)
    assert opnieuw.pk == concept.pk and opnieuw.versie == 1  # a concept is replaced in place
    v1 = goedkeuren(w, opnieuw)
    inhoud_v1, sha_v1, pad_v1 = _bytes(v1), v1.sha256, v1.bestand

    v2 = bouw(w)
    assert v2.pk != v1.pk and v2.versie == 2 and v2.is_concept
    assert v2.bestand == pad_v1.removesuffix(".pdf") + "-v2.pdf"
    v1.refresh_from_db()
    assert (v1.sha256, v1.bestand, v1.is_goedgekeurd) == (sha_v1, pad_v1, True)
    assert _bytes(v1) == inhoud_v1
    # Built again: version 2 is a concept, so it is replaced in place; version 3 only after approving 2.
    assert bouw(w).pk == v2.pk
    assert list(Rapport.objects.order_by("versie").values_list("versie", flat=True)) == [1, 2]
    goedkeuren(w, v2)
    assert bouw(w).versie == 3


def test_een_goedgekeurde_versie_wordt_nooit_opnieuw_gebouwd(cijfers, bouw):
    w = cijfers
    v1 = goedkeuren(w, bouw(w))
    inhoud, sha = _bytes(v1), v1.sha256
    # A duplicate delivery of the build task, even for a row someone put back in the queue by hand.
    Rapport.objects.filter(pk=v1.pk).update(status=RapportStatus.KLAAR)
    assert tasks.bouw_rapport.delay(v1.pk).get() == "overgeslagen"
    v1.refresh_from_db()
    assert (v1.sha256, _bytes(v1)) == (sha, inhoud)
    # The schedule leaves an approved report alone: no version 2.
    actions.plan_rapport(regio=w.a.regio, soort=RapportSoort.KWARTAAL, periode=KWARTAAL)
    assert Rapport.objects.count() == 1


def test_goedkeuren_legt_wie_wanneer_en_controlegetal_vast_en_een_dubbelklik_keurt_eenmaal_goed(cijfers, bouw):
    w = cijfers
    concept = bouw(w)
    ctx = ctx_van(w.a, Rol.PROJECTLEIDER)
    for waarschuwing in concept.waarschuwingen:
        actions.erken_waarschuwing(ctx=ctx, rapport_id=concept.pk, code=waarschuwing["code"])
    voor = timezone.now()
    rapport, nieuw = actions.keur_goed(ctx=ctx, rapport_id=concept.pk)
    assert nieuw
    assert rapport.goedgekeurd_door == ctx.gebruiker and rapport.goedgekeurd_op >= voor
    assert not rapport.automatisch_goedgekeurd
    assert archiefopslag.sha256_van(archiefopslag.bestand_pad(rapport)) == rapport.sha256
    eerste = rapport.goedgekeurd_op
    rapport, nieuw = actions.keur_goed(ctx=ctx, rapport_id=concept.pk)
    assert not nieuw and rapport.goedgekeurd_op == eerste
    assert _audit("Rapport goedgekeurd") == 1
    assert rapport.versie_label.startswith(f"versie 1, goedgekeurd door {ctx.gebruiker.naam} op ")


def test_dubbelklik_op_goedkeuren_in_de_browser_keurt_eenmaal_goed(cijfers, bouw, client):
    w = cijfers
    concept = bouw(w)
    ctx = ctx_van(w.a, Rol.PROJECTLEIDER)
    for waarschuwing in concept.waarschuwingen:
        actions.erken_waarschuwing(ctx=ctx, rapport_id=concept.pk, code=waarschuwing["code"])
    client.force_login(w.a.gebruikers[Rol.PROJECTLEIDER])
    url = reverse("rapport_goedkeuren", kwargs={"regio": w.a.regio.slug, "pk": concept.pk})
    eerste, tweede = client.post(url), client.post(url, follow=True)
    assert eerste.status_code == 302
    assert "Deze versie was al goedgekeurd" in tweede.content.decode()
    assert _audit("Rapport goedgekeurd") == 1


# --- Acknowledging warnings -------------------------------------------------------------------------------------


def test_elke_waarschuwing_moet_bevestigd_zijn(cijfers, bouw):
    w = cijfers
    concept = bouw(w)
    codes = [waarschuwing["code"] for waarschuwing in concept.waarschuwingen]
    assert codes, "the test data has data-quality warnings (unknown funding)"
    assert all(set(waarschuwing) == {"code", "tekst", "aantal"} for waarschuwing in concept.waarschuwingen)
    ctx = ctx_van(w.a, Rol.PROJECTLEIDER)
    with pytest.raises(ValidationError) as fout:
        actions.keur_goed(ctx=ctx, rapport_id=concept.pk)
    assert fout.value.code == "waarschuwingen"
    assert "Bevestig eerst elke datakwaliteitswaarschuwing" in fout.value.messages[0]
    concept.refresh_from_db()
    assert not concept.is_goedgekeurd
    for code in codes:
        actions.erken_waarschuwing(ctx=ctx, rapport_id=concept.pk, code=code, toelichting="Wordt deze maand rechtgezet")
        actions.erken_waarschuwing(ctx=ctx, rapport_id=concept.pk, code=code)  # twice: saved and audited once
    assert Waarschuwingserkenning.objects.count() == len(codes)
    assert _audit("Datakwaliteitswaarschuwing bevestigd") == len(codes)
    erkenning = Waarschuwingserkenning.objects.first()
    assert (erkenning.erkend_door, erkenning.toelichting) == (ctx.gebruiker, "Wordt deze maand rechtgezet")
    with pytest.raises(ValidationError):
        actions.erken_waarschuwing(ctx=ctx, rapport_id=concept.pk, code="bestaat_niet")
    rapport, nieuw = actions.keur_goed(ctx=ctx, rapport_id=concept.pk)
    assert nieuw and rapport.is_goedgekeurd


def test_alleen_de_projectleider_bevestigt_en_keurt_goed(cijfers, bouw):
    from django.core.exceptions import PermissionDenied

    w = cijfers
    concept = bouw(w)
    for rol in (Rol.BESTUURDER, Rol.TRAJECTBEGELEIDER):
        with pytest.raises(PermissionDenied):
            actions.keur_goed(ctx=ctx_van(w.a, rol), rapport_id=concept.pk)
    # Another region's projectleider: not its report.
    with pytest.raises(PermissionDenied):
        actions.keur_goed(ctx=ctx_van(w.b, Rol.PROJECTLEIDER), rapport_id=concept.pk)


# --- Refused when the data changed ---------------------------------------------------------------------------


def test_goedkeuren_geweigerd_als_de_cijfers_sinds_het_concept_veranderden(cijfers, bouw):
    w = cijfers
    concept = bouw(w)
    ctx = ctx_van(w.a, Rol.PROJECTLEIDER)
    for waarschuwing in concept.waarschuwingen:
        actions.erken_waarschuwing(ctx=ctx, rapport_id=concept.pk, code=waarschuwing["code"])
    # A trajectory of the quarter registered afterwards: the figures of the report are different now.
    maak_traject(w.a, start=KWARTAAL.van + datetime.timedelta(days=40))
    with pytest.raises(ValidationError) as fout:
        actions.keur_goed(ctx=ctx, rapport_id=concept.pk)
    assert fout.value.code == "gewijzigd"
    assert "De cijfers zijn veranderd sinds dit concept is gemaakt" in fout.value.messages[0]
    assert "Maak het rapport opnieuw" in fout.value.messages[0]
    concept.refresh_from_db()
    assert not concept.is_goedgekeurd and _audit("Rapport goedgekeurd") == 0


def test_een_wijziging_buiten_de_cijfers_van_het_rapport_houdt_goedkeuren_niet_tegen(cijfers, bouw):
    w = cijfers
    concept = bouw(w)
    stand = concept.cijferstand
    assert stand  # PostgreSQL: the region's data version at build time
    # Region B's data: another region's version; region A's own data after the report's moment does not
    # change the report's figures either, though it moves A's data version.
    maak_traject(w.b, start=KWARTAAL.van)
    Rapport.objects.filter(pk=concept.pk).update(cijfers_op=concept.cijfers_op - datetime.timedelta(seconds=1))
    # (with a known funding stream: the data-quality counts are of the present, and would change)
    maak_traject(
        w.a, start=timezone.localdate(), financieringsstroom="participatiewet", financier=w.a.organisaties["gemeente"]
    )
    from rapportage.archief.actions.bouw import cijferstand_nu

    assert cijferstand_nu(w.a.regio.pk) != stand
    concept.refresh_from_db()
    assert not actions.cijfers_gewijzigd(concept)
    rapport = goedkeuren(w, concept)
    assert rapport.is_goedgekeurd


def test_een_verkeerd_bestand_wordt_niet_goedgekeurd(cijfers, bouw):
    w = cijfers
    concept = bouw(w)
    archiefopslag.bestand_pad(concept).write_bytes(b"%PDF-1.7 iets anders")
    with pytest.raises(ValidationError) as fout:
        goedkeuren(w, concept)
    assert fout.value.code == "bestand"


# --- What changed between versions --------------------------------------------------------------------------------


def test_versie_2_zegt_wat_er_veranderde(cijfers, bouw):
    w = cijfers
    v1 = goedkeuren(w, bouw(w))
    assert v1.kerncijfers["k.gestart"]["tekst"] == "8"
    # A correction of the quarter: two more trajectories started in it.
    for dag in (50, 51):
        maak_traject(w.a, start=KWARTAAL.van + datetime.timedelta(days=dag))
    v2 = bouw(w)
    assert v2.vorige_versie == 1
    assert {"label": "Gestart in het kwartaal", "oud": "8", "nieuw": "10"} in v2.wijzigingen
    tekst = pdf_tekst(_bytes(v2))
    assert "Wat is er veranderd ten opzichte van versie 1" in tekst
    assert "versie 2" in tekst


def test_zonder_wijziging_zegt_de_nieuwe_versie_dat_de_kerncijfers_gelijk_zijn(cijfers, bouw):
    w = cijfers
    goedkeuren(w, bouw(w))
    v2 = bouw(w)
    assert (v2.versie, v2.vorige_versie, v2.wijzigingen) == (2, 1, [])
    assert "De kerncijfers van deze versie zijn dezelfde" in pdf_tekst(_bytes(v2))


# --- Who sees and hears of which version --------------------------------------------------------------------------


def test_abonnees_krijgen_alleen_goedgekeurde_versies(cijfers, bouw, django_capture_on_commit_callbacks):
    w = cijfers
    actions.abonneer(ctx=ctx_van(w.a, Rol.BESTUURDER), soort=RapportSoort.KWARTAAL)
    concept = bouw(w)
    assert mail.outbox == []
    assert tasks.meld_rapport_klaar.delay(concept.pk).get() == 0  # even when asked: a concept is never announced
    goedkeuren(w, concept, django_capture_on_commit_callbacks)
    assert [m.to[0] for m in mail.outbox] == [w.a.gebruikers[Rol.BESTUURDER].email]
    assert "(versie 1)" in mail.outbox[0].subject
    assert "versie 1, goedgekeurd door" in mail.outbox[0].body
    mail.outbox.clear()
    v2 = bouw(w)
    assert mail.outbox == []
    goedkeuren(w, v2, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1 and "(versie 2)" in mail.outbox[0].subject


def test_bestuurder_ziet_alleen_goedgekeurde_versies(cijfers, bouw, client):
    w = cijfers
    slug = w.a.regio.slug
    bestuurder = ctx_van(w.a, Rol.BESTUURDER)
    concept = bouw(w)
    assert list(access.rapporten_voor(bestuurder)) == []
    client.force_login(w.a.gebruikers[Rol.BESTUURDER])
    for naam in ("rapport", "rapport_download"):
        assert client.get(reverse(naam, kwargs={"regio": slug, "pk": concept.pk})).status_code == 404
    v1 = goedkeuren(w, concept)
    v2 = bouw(w)
    assert list(access.rapporten_voor(bestuurder)) == [v1]
    assert access.versies_van(bestuurder, v1) == [v1]
    assert access.versies_van(ctx_van(w.a, Rol.PROJECTLEIDER), v1) == [v2, v1]
    pagina = client.get(reverse("rapport", kwargs={"regio": slug, "pk": v1.pk})).content.decode()
    assert "Versie 1, goedgekeurd door" in pagina
    assert client.get(reverse("rapport_download", kwargs={"regio": slug, "pk": v1.pk})).status_code == 200
    assert client.get(reverse("rapport", kwargs={"regio": slug, "pk": v2.pk})).status_code == 404
    lijst = client.get(reverse("rapporten", kwargs={"regio": slug})).content.decode()
    assert lijst.count(f"/rapporten/{v1.pk}/download/") == 1 and f"/rapporten/{v2.pk}/" not in lijst


def test_projectleider_ziet_concept_met_waarschuwingen_en_versies(cijfers, bouw, client):
    w = cijfers
    slug = w.a.regio.slug
    v1 = goedkeuren(w, bouw(w))
    v2 = bouw(w)
    client.force_login(w.a.gebruikers[Rol.PROJECTLEIDER])
    pagina = client.get(reverse("rapport", kwargs={"regio": slug, "pk": v2.pk})).content.decode()
    assert "Goedkeuren" in pagina and "Datakwaliteit" in pagina
    for waarschuwing in v2.waarschuwingen:
        assert waarschuwing["tekst"] in pagina
    assert f"/rapporten/{v1.pk}/download/" in pagina and "Versie 2 (deze pagina)" in pagina
    # Another region's report cannot be approved or acknowledged through this region's URLs.
    ander = klaar_rapport(w, regio=w.b.regio, goedgekeurd=False)
    for naam in ("rapport_goedkeuren", "rapport_erkennen"):
        response = client.post(reverse(naam, kwargs={"regio": slug, "pk": ander.pk}), {"code": "geen_contact"})
        assert response.status_code == 404
    # An acknowledgement through the page, with an explanation.
    code = v2.waarschuwingen[0]["code"]
    response = client.post(
        reverse("rapport_erkennen", kwargs={"regio": slug, "pk": v2.pk}),
        {"code": code, "toelichting": "Bekend bij de aanbieder"},
        follow=True,
    )
    assert "De waarschuwing is bevestigd" in response.content.decode()
    assert Waarschuwingserkenning.objects.filter(rapport=v2, code=code, toelichting="Bekend bij de aanbieder").exists()


# --- Monthly reports: approved automatically when the data-quality list is empty -------------------------------


def test_maandrapport_zonder_datakwaliteitspunten_wordt_vanzelf_goedgekeurd(wereld, bouw):
    w = wereld
    rapport = bouw(w, soort=RapportSoort.MAAND, periode=MAAND, scope=w.a.organisaties["gemeente2"])
    assert rapport.waarschuwingen == []
    assert rapport.is_goedgekeurd and rapport.automatisch_goedgekeurd and rapport.goedgekeurd_door is None
    assert "automatisch goedgekeurd" in rapport.versie_label
    assert list(access.rapporten_voor(ctx_van(w.a, Rol.PROJECTLEIDER))) == [rapport]


def test_maandrapport_met_datakwaliteitspunten_wacht_op_de_projectleider(cijfers, bouw):
    w = cijfers
    rapport = bouw(w, soort=RapportSoort.MAAND, periode=MAAND, scope=w.a.organisaties["gemeente"])
    assert rapport.waarschuwingen and not rapport.is_goedgekeurd
    assert goedkeuren(w, rapport).is_goedgekeurd


# --- A target for a past year ------------------------------------------------------------------------------------


def test_doel_voor_een_voorbij_jaar_na_goedkeuring_geweigerd(cijfers, bouw):
    w = cijfers
    goedkeuren(w, bouw(w))
    jaar = KWARTAAL.van.year
    vandaag = datetime.date(jaar + 1, 1, 15)  # the report's year is over
    voor = Doelversie.objects.count()
    with pytest.raises(ValidationError) as fout:
        kern_actions.stel_doel_vast(
            regio=w.a.regio, jaar=jaar, aantal=120, delen={}, ctx=ctx_van(w.a, Rol.PROJECTLEIDER), vandaag=vandaag
        )
    assert "ligt in het verleden en kan niet meer worden gewijzigd" in " ".join(fout.value.messages)
    assert Doelversie.objects.count() == voor
