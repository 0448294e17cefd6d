"""One person, known once (issue 16, point 4): the keyed match key, its known answers (exact, near, none, never
across regions), the warning to both begeleiders at intake and referral, the handover request, the audit rows,
and the figures' unique participants."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from hoofdzaak.models import AuditActie, AuditRegel, Gebruiker, Melding, MeldingSoort, Rol
from hoofdzaak.tenancy import RegioContext
from rapportage import figuren
from tests.fabriek import WACHTWOORD, begeleider_ctx, ctx_van
from trajecten import actions, koppeling
from trajecten.models import Deelnemer, Koppeling, Koppelsleutel, Traject, TrajectStatus

pytestmark = pytest.mark.django_db

VANDAAG = datetime.date.today()
GEBOREN = datetime.date(1990, 3, 7)

# --- Known answers of the key itself -------------------------------------------------------------------------


SANNE = ("Sanne", "de Vries", GEBOREN)


@pytest.mark.parametrize(
    ("gezocht", "verwacht"),
    [
        (("Sanne", "de Vries", GEBOREN), "exact"),
        (("SANNE", "De  Vries", GEBOREN), "exact"),  # case and spaces
        (("Sanné", "de Vries", GEBOREN), "exact"),  # diacritics
        (("Sanne", "de-Vries", GEBOREN), "exact"),  # punctuation
        (("Sanne", "de Vries", datetime.date(1990, 7, 3)), "bijna"),  # day and month transposed
        (("Sane", "de Vries", GEBOREN), "bijna"),  # a letter missing
        (("Sannne", "de Vries", GEBOREN), "bijna"),  # a letter extra
        (("Sanne", "de Fries", GEBOREN), "bijna"),  # a letter wrong
        (("Snane", "de Vries", GEBOREN), "bijna"),  # two neighbours swapped
        (("Sanne", "de Vires", GEBOREN), "bijna"),  # two neighbours swapped in the last name
        (("Sanne", "de Vries", datetime.date(1990, 3, 8)), "geen"),  # another day
        (("Sanne", "de Vries", datetime.date(1991, 3, 7)), "geen"),  # another year
        (("Sanna", "de Fries", GEBOREN), "geen"),  # two typos
        (("Sane", "de Vries", datetime.date(1990, 7, 3)), "geen"),  # a typo and the date transposed
        (("Pieter", "de Vries", GEBOREN), "geen"),
        (("Sanne", "Jansen", GEBOREN), "geen"),
    ],
    ids=lambda waarde: str(waarde),
)
def test_bekende_antwoorden_van_de_sleutel(wereld, gezocht, verwacht):
    assert koppeling.vergelijk(wereld.a.regio.pk, SANNE, gezocht) == verwacht


def test_een_andere_regio_nooit(wereld):
    a, b = wereld.a.regio.pk, wereld.b.regio.pk
    assert not koppeling.opgeslagen_sleutels(a, *SANNE) & koppeling.opgeslagen_sleutels(b, *SANNE)
    assert koppeling.exacte_sleutel(a, *SANNE) != koppeling.exacte_sleutel(b, *SANNE)


def test_sleutel_hangt_af_van_de_geheime_sleutel(wereld, settings):
    eerst = koppeling.exacte_sleutel(wereld.a.regio.pk, *SANNE)
    settings.PORTAAL_KOPPEL_SLEUTEL = "een-andere-sleutel"
    assert koppeling.exacte_sleutel(wereld.a.regio.pk, *SANNE) != eerst
    assert len(eerst) == 64 and "sanne" not in eerst


def test_dag_en_maand_alleen_verwisseld_als_dat_een_andere_datum_is():
    assert koppeling.verwisseld(datetime.date(1990, 3, 7)) == datetime.date(1990, 7, 3)
    assert koppeling.verwisseld(datetime.date(1990, 3, 13)) is None
    assert koppeling.verwisseld(datetime.date(1990, 4, 4)) is None


# --- In the portal ---------------------------------------------------------------------------------------------


def _gegevens(rw, voornaam="Sanne", achternaam="de Vries", geboortedatum=GEBOREN) -> dict:
    return {
        "voornaam": voornaam,
        "achternaam": achternaam,
        "geboortedatum": geboortedatum,
        "woongemeente": rw.organisaties["gemeente"],
        "uitkering": "participatiewet",
    }


def _intake(ctx, rw, **naam) -> Traject:
    """An intake that starts at once (so the trajectory is "actief" for the figures)."""
    return actions.registreer_intake(
        ctx=ctx,
        deelnemer=_gegevens(rw, **naam),
        methode="ips",
        intakedatum=VANDAAG,
        startdatum=VANDAAG,
        situatie_bij_start="zonder_werk",
    )


def _begeleider_bij(rw, organisatie: str) -> RegioContext:
    gebruiker = Gebruiker.objects.create_user(
        email=f"tb-{organisatie}@{rw.regio.slug}.test", naam=f"Begeleider {organisatie}", password=WACHTWOORD
    )
    from hoofdzaak import actions as kern_actions

    kern_actions.voeg_lidmaatschap_toe(
        gebruiker=gebruiker, organisatie=rw.organisaties[organisatie], rol=Rol.TRAJECTBEGELEIDER
    )
    return begeleider_ctx(rw, organisatie)


def test_intake_elders_in_de_regio_waarschuwt_beide_begeleiders(wereld, client):
    rw = wereld.a
    ggz = _intake(ctx_van(rw, Rol.TRAJECTBEGELEIDER), rw)
    ri_ctx = _begeleider_bij(rw, "reintegratie")
    nieuw = _intake(ri_ctx, rw)  # the same person, registered again at another provider

    gevonden = Koppeling.objects.get()
    assert (gevonden.traject, gevonden.ander_traject, gevonden.exact) == (nieuw, ggz, True)
    # The match is logged on both records.
    regels = AuditRegel.objects.filter(actie=AuditActie.ZOEKEN, object_type="koppeling")
    assert set(regels.values_list("deelnemer_nummer", flat=True)) == {ggz.deelnemer.nummer, nieuw.deelnemer.nummer}
    # The GGZ begeleider is told where, with its own number only.
    melding = Melding.objects.get(soort=MeldingSoort.TRAJECT_ELDERS)
    assert melding.ontvanger == rw.gebruikers[Rol.TRAJECTBEGELEIDER]
    assert rw.organisaties["reintegratie"].naam in melding.tekst and nieuw.deelnemer.nummer not in melding.tekst
    # The new begeleider sees "al een traject bij" the GGZ on the participant page, nothing of that record.
    client.force_login(ri_ctx.gebruiker)
    html = client.get(reverse("deelnemer", kwargs={"regio": rw.regio.slug, "nummer": nieuw.deelnemer.nummer})).content
    html = html.decode()
    assert f"Deze persoon heeft al een traject bij {rw.organisaties['ggz'].naam}." in html
    assert ggz.deelnemer.nummer not in html
    assert f"Vraag {rw.organisaties['ggz'].naam} om overdracht" in html


@pytest.mark.parametrize(
    "naam",
    [{"voornaam": "Sane"}, {"achternaam": "de Vires"}, {"geboortedatum": datetime.date(1990, 7, 3)}],
    ids=["letter weg", "buren verwisseld", "dag en maand verwisseld"],
)
def test_bijna_gelijk_wordt_gemeld_als_mogelijk(wereld, client, naam):
    rw = wereld.a
    ggz = _intake(ctx_van(rw, Rol.TRAJECTBEGELEIDER), rw)
    ri_ctx = _begeleider_bij(rw, "reintegratie")
    nieuw = _intake(ri_ctx, rw, **naam)
    gevonden = Koppeling.objects.get()
    assert gevonden.ander_traject == ggz and not gevonden.exact
    assert Melding.objects.get(soort=MeldingSoort.TRAJECT_ELDERS).tekst.startswith("Mogelijk dezelfde persoon")
    client.force_login(ri_ctx.gebruiker)
    html = client.get(reverse("deelnemer", kwargs={"regio": rw.regio.slug, "nummer": nieuw.deelnemer.nummer}))
    assert "Mogelijk heeft deze persoon al een traject bij" in html.content.decode()


@pytest.mark.parametrize(
    "geval",
    ["andere persoon", "andere regio", "traject beeindigd", "zelfde organisatie", "typfout en datum verwisseld"],
)
def test_geen_koppeling(wereld, geval):
    rw = wereld.a
    ggz = _intake(ctx_van(rw, Rol.TRAJECTBEGELEIDER), rw)
    if geval == "traject beeindigd":
        actions.beeindig_traject(
            ctx=ctx_van(rw, Rol.TRAJECTBEGELEIDER),
            traject=ggz,
            einddatum=VANDAAG,
            eindreden="anders",
            versie=ggz.versie,
        )
    meldingen = Melding.objects.count()
    if geval == "andere regio":
        _intake(ctx_van(wereld.b, Rol.TRAJECTBEGELEIDER), wereld.b)
    elif geval == "zelfde organisatie":
        _intake(ctx_van(rw, Rol.TRAJECTBEGELEIDER), rw, achternaam="de Vris")
    else:
        naam = {
            "andere persoon": {"voornaam": "Pieter"},
            "typfout en datum verwisseld": {"voornaam": "Sane", "geboortedatum": datetime.date(1990, 7, 3)},
        }.get(geval, {})
        _intake(_begeleider_bij(rw, "reintegratie"), rw, **naam)
    assert not Koppeling.objects.exists()
    assert Melding.objects.count() == meldingen
    assert not AuditRegel.objects.filter(object_type="koppeling").exists()


def test_aanmelding_elders_waarschuwt_de_nieuwe_aanbieder_niet_de_verwijzer(wereld, client):
    rw = wereld.a
    ggz = _intake(ctx_van(rw, Rol.TRAJECTBEGELEIDER), rw)
    ri_ctx = _begeleider_bij(rw, "reintegratie")
    nieuw = actions.meld_aan(
        ctx=ctx_van(rw, Rol.KLANTMANAGER),
        deelnemer=_gegevens(rw),
        aanbieder=rw.organisaties["reintegratie"],
        methode="jobcoaching",
        verwijsdatum=VANDAAG,
    )
    assert Koppeling.objects.get().ander_traject == ggz
    ontvangen = Melding.objects.get(ontvanger=ri_ctx.gebruiker, soort=MeldingSoort.AANMELDING_ONTVANGEN)
    assert f"Let op: deze persoon heeft al een traject bij {rw.organisaties['ggz'].naam}." in ontvangen.tekst
    assert Melding.objects.filter(ontvanger=rw.gebruikers[Rol.TRAJECTBEGELEIDER], soort=MeldingSoort.TRAJECT_ELDERS)
    client.force_login(ri_ctx.gebruiker)
    pad = reverse("aanmelding_behandelen", kwargs={"regio": rw.regio.slug, "pk": nieuw.pk})
    assert "Deze persoon heeft al een traject bij" in client.get(pad).content.decode()
    client.force_login(rw.gebruikers[Rol.KLANTMANAGER])
    html = client.get(reverse("aanmeldingen", kwargs={"regio": rw.regio.slug})).content.decode()
    assert "al een traject bij" not in html
    assert not Melding.objects.filter(ontvanger=rw.gebruikers[Rol.KLANTMANAGER]).exists()


def test_overdracht_vragen(wereld, client):
    rw = wereld.a
    ggz = _intake(ctx_van(rw, Rol.TRAJECTBEGELEIDER), rw)
    ri_ctx = _begeleider_bij(rw, "reintegratie")
    nieuw = _intake(ri_ctx, rw)
    gevonden = Koppeling.objects.get()
    pad = reverse("overdracht_vragen", kwargs={"regio": rw.regio.slug, "pk": gevonden.pk})
    # Only the organisation of the new trajectory may ask: for the GGZ begeleider this match does not exist.
    client.force_login(rw.gebruikers[Rol.TRAJECTBEGELEIDER])
    assert client.post(pad).status_code == 404
    client.force_login(ri_ctx.gebruiker)
    assert client.post(pad).url == reverse(
        "deelnemer", kwargs={"regio": rw.regio.slug, "nummer": nieuw.deelnemer.nummer}
    )
    vraag = Melding.objects.get(soort=MeldingSoort.OVERDRACHT_GEVRAAGD)
    assert vraag.ontvanger == rw.gebruikers[Rol.TRAJECTBEGELEIDER]
    assert vraag.url == (
        reverse("traject_overdragen", kwargs={"regio": rw.regio.slug, "pk": ggz.pk})
        + f"?aan={rw.organisaties['reintegratie'].pk}"
    )
    assert AuditRegel.objects.filter(object_type="koppeling", actie=AuditActie.WIJZIGEN).count() == 2
    # Asked once: a second time is a clear message and changes nothing.
    response = client.post(pad, follow=True)
    assert "al om overdracht gevraagd" in response.content.decode()
    assert Melding.objects.filter(soort=MeldingSoort.OVERDRACHT_GEVRAAGD).count() == 1
    # The GGZ begeleider follows the link: the handover form with the asking provider chosen.
    client.force_login(rw.gebruikers[Rol.TRAJECTBEGELEIDER])
    html = client.get(vraag.url).content.decode()
    assert f'<option value="{rw.organisaties["reintegratie"].pk}" selected>' in html


def test_unieke_deelnemers_tellen_een_persoon_een_keer(wereld):
    rw = wereld.a
    ggz = _intake(ctx_van(rw, Rol.TRAJECTBEGELEIDER), rw)
    _intake(_begeleider_bij(rw, "reintegratie"), rw)  # the same person again: one person, two trajectories
    uwv_ctx = _begeleider_bij(rw, "uwv")
    _intake(uwv_ctx, rw, voornaam="Sane")  # near: possibly the same, not counted as one
    _intake(uwv_ctx, rw, voornaam="Pieter", achternaam="Bakker")
    periode = figuren.Periode.jaar(VANDAAG.year)
    cijfers = figuren.bereken(regio=rw.regio, periode=periode)
    assert (cijfers.actief, cijfers.unieke_deelnemers) == (4, 3)
    assert len({d.persoon for d in Deelnemer.objects.filter(regio=rw.regio)}) == 3
    # The other region's figures know nothing of these.
    assert figuren.bereken(regio=wereld.b.regio, periode=periode).unieke_deelnemers == 0
    # Anonymising clears the keys, not the count.
    deelnemer = ggz.deelnemer
    koppeling.wis(deelnemer)
    assert not Koppelsleutel.objects.filter(deelnemer=deelnemer).exists()
    Traject.objects.filter(pk=ggz.pk).update(status=TrajectStatus.BEEINDIGD, einddatum=VANDAAG, eindreden="anders")
    assert figuren.bereken(regio=rw.regio, periode=periode).unieke_deelnemers == 3


def test_nieuwe_naam_geeft_nieuwe_sleutels_en_herberekenen_na_nieuwe_sleutel(wereld, settings):
    rw = wereld.a
    ctx = ctx_van(rw, Rol.TRAJECTBEGELEIDER)
    deelnemer = _intake(ctx, rw).deelnemer
    oud = deelnemer.koppelsleutel
    actions.wijzig_deelnemer(ctx=ctx, deelnemer=deelnemer, versie=deelnemer.versie, gegevens={"achternaam": "Jansen"})
    deelnemer.refresh_from_db()
    assert deelnemer.koppelsleutel == koppeling.exacte_sleutel(rw.regio.pk, "Sanne", "Jansen", GEBOREN) != oud
    assert Koppelsleutel.objects.filter(deelnemer=deelnemer, sleutel=deelnemer.koppelsleutel).exists()

    settings.PORTAAL_KOPPEL_SLEUTEL = "geroteerde-sleutel"
    call_command("herbereken_koppelsleutels", stdout=open("/dev/null", "w"))  # noqa: SIM115
    deelnemer.refresh_from_db()
    assert deelnemer.koppelsleutel == koppeling.exacte_sleutel(rw.regio.pk, "Sanne", "Jansen", GEBOREN)
    assert set(Koppelsleutel.objects.filter(deelnemer=deelnemer).values_list("sleutel", flat=True)) == (
        koppeling.opgeslagen_sleutels(rw.regio.pk, "Sanne", "Jansen", GEBOREN)
    )
