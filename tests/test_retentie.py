"""Retention (trajecten/retentie.py): who is anonymised when, what is cleared and kept, the audit row,
the grants, the purge of old audit rows, the schedule, and figures that stay the same."""

from __future__ import annotations

import dataclasses
import datetime
from io import StringIO

import pytest
from django.conf import settings
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from hoofdzaak import audit
from hoofdzaak.models import AuditActie, AuditRegel, Regio, Rol
from rapportage import figuren
from tests.fabriek import ctx_van, dagen, oud_dossier
from trajecten import actions, retentie, tasks
from trajecten.models import (
    Contactmoment,
    Deelnemer,
    Plaatsing,
    Toestemming,
    Traject,
    TrajectStatusWijziging,
    Voordracht,
)
from trajecten.toegang import PEER, toegang_van

VANDAAG = datetime.date.today()
JAAR = datetime.timedelta(days=365)


@pytest.fixture
def oud(wereld) -> Deelnemer:
    """Last trajectory ended 800 days ago: past the default 730."""
    return oud_dossier(wereld.a, begin=dagen(1200), einde=dagen(800))


# --- Who is due ---------------------------------------------------------------------------------------


def test_alleen_deelnemers_voorbij_de_bewaartermijn_zonder_actief_traject(wereld, oud):
    net_binnen = oud_dossier(wereld.a, begin=dagen(1200), einde=dagen(729), werk=False, achternaam="Binnen")
    lopend = oud_dossier(wereld.a, begin=dagen(1200), einde=None, werk=False, achternaam="Lopend")
    # An old ended trajectory and a new running one at another provider: still a client.
    terug = oud_dossier(wereld.a, begin=dagen(1500), einde=dagen(1000), werk=False, achternaam="Terug")
    Traject.objects.create(
        regio=wereld.a.regio,
        deelnemer=terug,
        methode="jobcoaching",
        aanbieder=wereld.a.organisaties["reintegratie"],
        verwijsdatum=dagen(10),
        status="aangemeld",
    )
    anderen = oud_dossier(wereld.b, begin=dagen(1200), einde=dagen(900), werk=False)

    assert set(retentie.te_anonimiseren()) == {oud, anderen}
    uitkomst = actions.pas_bewaartermijn_toe()
    assert uitkomst.geanonimiseerd == 2 and uitkomst.mislukt == 0
    for blijft in (net_binnen, lopend, terug):
        blijft.refresh_from_db()
        assert blijft.geanonimiseerd_op is None and blijft.voornaam == "Noor"
    # A day later the one just inside the period is due as well.
    assert set(retentie.te_anonimiseren(VANDAAG + datetime.timedelta(days=2))) == {net_binnen}


def test_bewaartermijn_is_instelbaar(wereld, oud, settings):
    settings.PORTAAL_BEWAARTERMIJN_DAGEN = 801
    assert not retentie.te_anonimiseren().exists()
    settings.PORTAAL_BEWAARTERMIJN_DAGEN = 799
    assert list(retentie.te_anonimiseren()) == [oud]


def test_afgewezen_aanmelding_telt_vanaf_de_afwijzing(wereld):
    km = ctx_van(wereld.a, Rol.KLANTMANAGER)
    traject = actions.meld_aan(
        ctx=km,
        deelnemer={
            "voornaam": "Bram",
            "achternaam": "Bakker",
            "geboortedatum": datetime.date(1979, 2, 3),
            "woongemeente": wereld.a.organisaties["gemeente"],
            "uitkering": "ww",
        },
        aanbieder=wereld.a.organisaties["ggz"],
        methode="ips",
        verwijsdatum=dagen(1000),
    )
    actions.wijs_aanmelding_af(
        ctx=ctx_van(wereld.a, Rol.TRAJECTBEGELEIDER), traject=traject, reden="Past niet", versie=traject.versie
    )
    # Declined today: the referral date (1000 days ago) does not count, the decline does.
    assert not retentie.te_anonimiseren().exists()
    assert list(retentie.te_anonimiseren(VANDAAG + datetime.timedelta(days=731))) == [traject.deelnemer]


# --- What is cleared and kept --------------------------------------------------------------------------------


def test_persoonsgegevens_gewist_en_tellingen_behouden(wereld, oud):
    traject = oud.trajecten.get()
    voor = {
        "traject": Traject.objects.filter(pk=traject.pk)
        .values(
            "methode",
            "aanbieder",
            "verwijzer",
            "status",
            "verwijsdatum",
            "intakedatum",
            "startdatum",
            "einddatum",
            "eindreden",
            "situatie_bij_start",
        )
        .get(),
        "statussen": list(TrajectStatusWijziging.objects.filter(traject=traject).values_list("datum", "naar_status")),
        "contacten": list(Contactmoment.objects.filter(traject=traject).values_list("datum", "soort", "minuten")),
        "plaatsingen": list(Plaatsing.objects.filter(traject=traject).values_list("functie", "startdatum", "betaald")),
        "voordrachten": list(Voordracht.objects.filter(traject=traject).values_list("vacature", "status")),
    }
    assert actions.anonimiseer(deelnemer_id=oud.pk)

    oud.refresh_from_db()
    assert (oud.voornaam, oud.achternaam) == ("Geanonimiseerd", "Geanonimiseerd")
    assert oud.geboortedatum == datetime.date(1988, 1, 1)
    assert (oud.postcode, oud.telefoon, oud.email) == ("", "", "")
    assert (oud.wens_sectoren, oud.wens_uren, oud.wens_plaats) == ([], None, "")
    assert oud.peer_supporter is None and oud.had_peer_supporter
    assert oud.geanonimiseerd_op is not None
    assert oud.aantal_toestemmingen == 2 and not Toestemming.objects.filter(deelnemer=oud).exists()
    assert set(Contactmoment.objects.filter(traject=traject).values_list("notitie", flat=True)) == {""}
    assert set(TrajectStatusWijziging.objects.filter(traject=traject).values_list("toelichting", flat=True)) == {""}
    assert list(Voordracht.objects.filter(traject=traject).values_list("profiel", "afwijsreden")) == [("", "")]
    assert list(Plaatsing.objects.filter(traject=traject).values_list("eindreden", flat=True)) == [""]
    # Kept: everything the figures are made of, and the pseudonymous number.
    assert oud.nummer.startswith("HR-") and oud.woongemeente == wereld.a.organisaties["gemeente"]
    na = {
        "traject": Traject.objects.filter(pk=traject.pk).values(*voor["traject"].keys()).get(),
        "statussen": list(TrajectStatusWijziging.objects.filter(traject=traject).values_list("datum", "naar_status")),
        "contacten": list(Contactmoment.objects.filter(traject=traject).values_list("datum", "soort", "minuten")),
        "plaatsingen": list(Plaatsing.objects.filter(traject=traject).values_list("functie", "startdatum", "betaald")),
        "voordrachten": list(Voordracht.objects.filter(traject=traject).values_list("vacature", "status")),
    }
    assert na == voor


def test_toegang_herberekend_peer_en_volgrechten_weg(wereld, oud):
    # A consent still valid today gives the gemeente a follow grant until the record is anonymised.
    actions.voeg_toestemming_toe(
        ctx=ctx_van(wereld.a, Rol.TRAJECTBEGELEIDER),
        deelnemer=oud,
        organisatie=wereld.a.organisaties["gemeente"],
        gegeven_op=dagen(30),
        geldig_tot=VANDAAG + JAAR,
        vorm="schriftelijk",
    )
    groepen, gebruikers = toegang_van(oud)
    assert (wereld.a.gebruikers[Rol.PEER_SUPPORTER].pk, PEER) in gebruikers
    assert any(codename == "volg_deelnemer" for _, codename in groepen)

    actions.anonimiseer(deelnemer_id=oud.pk)

    groepen, gebruikers = toegang_van(oud)
    assert gebruikers == set()
    assert groepen == {(wereld.a.organisaties["ggz"].groep_id, "beheer_deelnemer")}


def test_auditregel_per_deelnemer_als_systeemactie(wereld, oud):
    actions.pas_bewaartermijn_toe()
    regel = AuditRegel.objects.get(grondslag=retentie.GRONDSLAG)
    assert regel.actie == AuditActie.WIJZIGEN and regel.gebruiker_id is None and regel.organisatie_id is None
    assert regel.regio == wereld.a.regio and regel.deelnemer_nummer == oud.nummer
    assert "bewaartermijn" in regel.omschrijving and "2 toestemming" in regel.omschrijving
    assert audit.controleer_keten().in_orde


def test_tweede_keer_verandert_niets(wereld, oud):
    assert actions.pas_bewaartermijn_toe().geanonimiseerd == 1
    assert actions.pas_bewaartermijn_toe().geanonimiseerd == 0
    assert not actions.anonimiseer(deelnemer_id=oud.pk)
    assert AuditRegel.objects.filter(grondslag=retentie.GRONDSLAG).count() == 1


def test_een_fout_stopt_de_rest_niet(wereld, oud, monkeypatch):
    tweede = oud_dossier(wereld.b, begin=dagen(1200), einde=dagen(900), werk=False)
    echte = actions.anonimiseer

    def soms_kapot(*, deelnemer_id, vandaag=None):
        if deelnemer_id == oud.pk:
            raise RuntimeError("kapot")
        return echte(deelnemer_id=deelnemer_id, vandaag=vandaag)

    monkeypatch.setattr(actions, "anonimiseer", soms_kapot)
    uitkomst = actions.pas_bewaartermijn_toe()
    assert (uitkomst.geanonimiseerd, uitkomst.mislukt) == (1, 1)
    tweede.refresh_from_db()
    oud.refresh_from_db()
    assert tweede.geanonimiseerd_op is not None and oud.geanonimiseerd_op is None


# --- Audit purge and schedule --------------------------------------------------------------------------------


def test_dezelfde_run_verwijdert_auditregels_ouder_dan_vijf_jaar(wereld, monkeypatch):
    grens = audit.bewaargrens()
    with monkeypatch.context() as patch:
        patch.setattr(timezone, "now", lambda: grens - datetime.timedelta(days=10))
        oud = audit.log(actie=AuditActie.LEZEN, regio=wereld.a.regio, deelnemer_nummer="HR-2019-0001")
        patch.setattr(timezone, "now", lambda: grens + datetime.timedelta(days=10))
        jong = audit.log(actie=AuditActie.LEZEN, regio=wereld.a.regio, deelnemer_nummer="HR-2019-0002")
    assert actions.pas_bewaartermijn_toe().auditregels_verwijderd == 1
    over = set(AuditRegel.objects.values_list("pk", flat=True))
    assert oud.pk not in over and jong.pk in over


def test_taak_staat_dagelijks_om_vier_uur_in_het_schema(wereld, oud):
    regel = settings.CELERY_BEAT_SCHEDULE["bewaartermijn"]
    assert regel["task"] == "trajecten.tasks.pas_bewaartermijn_toe" == tasks.pas_bewaartermijn_toe.name
    schema = regel["schedule"]
    assert schema.hour == {4} and schema.minute == {0}
    assert len(schema.day_of_month) == 31 and len(schema.day_of_week) == 7
    # The schedule's other entries (reports) are still there: merged, not overwritten.
    assert len(settings.CELERY_BEAT_SCHEDULE) > 1
    uitkomst = tasks.pas_bewaartermijn_toe.apply().get()
    assert uitkomst == {"geanonimiseerd": 1, "mislukt": 0, "auditregels_verwijderd": 0, "inzendingen_verwijderd": 0}


# --- Figures stay the same --------------------------------------------------------------------------------------


def tellingen() -> dict:
    """Counts per status, start month, method, woongemeente and placements, independent of rapportage."""
    trajecten = Traject.objects.all()
    return {
        "status": sorted(trajecten.values_list("regio", "status").annotate(n=Count("pk"))),
        "startmaand": sorted(
            trajecten.filter(startdatum__isnull=False)
            .annotate(maand=TruncMonth("startdatum"))
            .values_list("regio", "maand")
            .annotate(n=Count("pk"))
        ),
        "methode": sorted(trajecten.values_list("regio", "methode").annotate(n=Count("pk"))),
        "woongemeente": sorted(trajecten.values_list("regio", "deelnemer__woongemeente").annotate(n=Count("pk"))),
        # A running placement has no end date: sort None apart from dates (both sides sort the same way).
        "plaatsingen": sorted(
            Plaatsing.objects.values_list("regio", "betaald", "startdatum", "einddatum").annotate(n=Count("pk")),
            key=lambda rij: tuple((waarde is None, str(waarde)) for waarde in rij),
        ),
        "eindreden": sorted(trajecten.values_list("regio", "eindreden").annotate(n=Count("pk"))),
        "contacten": sorted(Contactmoment.objects.values_list("regio", "soort", "datum").annotate(n=Count("pk"))),
        "geboortejaar": sorted(Deelnemer.objects.values_list("regio", "geboortedatum__year").annotate(n=Count("pk"))),
    }


def alle_figuren() -> dict:
    perioden = [figuren.Periode.jaar(j) for j in range(VANDAAG.year - 4, VANDAAG.year + 1)]
    perioden += [figuren.Periode.kwartaal(VANDAAG.year - 1, k) for k in (1, 2, 3, 4)]
    uitkomst = {}
    for regio in Regio.objects.order_by("pk"):
        gemeente = regio.organisaties.gemeenten().order_by("pk").first()
        for periode in perioden:
            uitkomst[(regio.slug, str(periode))] = dataclasses.asdict(
                figuren.bereken(regio=regio, periode=periode, peildatum=VANDAAG)
            )
            uitkomst[(regio.slug, str(periode), "gemeente")] = dataclasses.asdict(
                figuren.bereken(
                    regio=regio, periode=periode, peildatum=VANDAAG, filters=figuren.Filters(gemeente_id=gemeente.pk)
                )
            )
    return uitkomst


@pytest.fixture
def demo_en_oude_dossiers(db):
    # The demo data of the apps below rapportage (rapportage's own demo only builds reports).
    from hoofdzaak import demo as hoofdzaak_demo
    from trajecten import demo as trajecten_demo
    from werkgevers import demo as werkgevers_demo

    for demo in (hoofdzaak_demo, werkgevers_demo, trajecten_demo):
        demo.laad(stdout=StringIO())
    from tests.fabriek import RegioWereld

    regio = Regio.objects.get(slug="holland-rijnland")
    wereld_regio = RegioWereld(
        regio=regio,
        organisaties={
            "gemeente": regio.organisaties.gemeenten().order_by("pk").first(),
            "uwv": regio.organisaties.get(soort="uwv"),
            "ggz": regio.organisaties.get(soort="ggz"),
        },
    )
    for rol in (Rol.TRAJECTBEGELEIDER, Rol.PEER_SUPPORTER):
        wereld_regio.lidmaatschappen[rol] = regio.lidmaatschappen.filter(rol=rol).order_by("pk").first()
        wereld_regio.gebruikers[rol] = wereld_regio.lidmaatschappen[rol].gebruiker
    for i, (begin, einde) in enumerate([(1500, 1300), (1200, 900), (1000, 760), (900, 100)]):
        oud_dossier(wereld_regio, begin=dagen(begin), einde=dagen(einde), achternaam=f"Oud {i}")
    return wereld_regio


def test_figuren_blijven_gelijk_na_anonimiseren(demo_en_oude_dossiers, settings):
    # Everything without an active trajectory is due: as many anonymised records as the demo has.
    settings.PORTAAL_BEWAARTERMIJN_DAGEN = 0
    morgen = VANDAAG + datetime.timedelta(days=1)
    voor_tellingen, voor_figuren = tellingen(), alle_figuren()
    uitkomst = actions.pas_bewaartermijn_toe(vandaag=morgen)
    assert uitkomst.geanonimiseerd >= 10 and uitkomst.mislukt == 0
    assert Deelnemer.objects.filter(geanonimiseerd_op__isnull=False, had_peer_supporter=True).exists()
    assert tellingen() == voor_tellingen
    na_figuren = alle_figuren()
    verschillen = [
        f"{sleutel}: {veld}"
        for sleutel, figuren in voor_figuren.items()
        for veld, waarde in figuren.items()
        if na_figuren[sleutel][veld] != waarde
    ]
    assert not verschillen, "\n".join(verschillen)


def test_aandeel_peer_support_blijft_gelijk_zonder_peer_gesprekken(wereld):
    # A peer supporter but no logged peer-support contact: only `had_peer_supporter` keeps the share.
    oud = oud_dossier(wereld.a, begin=dagen(1200), einde=dagen(800), peer_contact=False, werk=False)
    periode = figuren.Periode(dagen(1200), dagen(800))
    voor = figuren.bereken(regio=wereld.a.regio, periode=periode, peildatum=VANDAAG).aandeel_peer_support
    assert actions.anonimiseer(deelnemer_id=oud.pk)
    na = figuren.bereken(regio=wereld.a.regio, periode=periode, peildatum=VANDAAG).aandeel_peer_support
    assert na == voor
