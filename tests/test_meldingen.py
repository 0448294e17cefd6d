"""Notifications: who hears of what, the list and its count, e-mail opt-in (immediate and daily), one mail
per event and recipient also when the task runs twice, and no personal data in any e-mail."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse

from hoofdzaak import actions as kern_actions
from hoofdzaak import meldingen
from hoofdzaak.celery import app
from hoofdzaak.models import Gebruiker, Melding, MeldingSoort, MeldingWijze, Rol
from tests.fabriek import WACHTWOORD, ctx_van
from trajecten import actions
from trajecten.models import Contractvorm, Toestemming

VANDAAG = datetime.date.today()

# A participant whose every field is a string that appears nowhere else.
MARKERS = {
    "voornaam": "Qzvoornaamx",
    "achternaam": "Qzachternaamx",
    "email": "qzmarker@example.org",
    "telefoon": "06 98761234",
    "postcode": "9999 ZZ",
    "wens_plaats": "Qzwensplaatsx",
}
GEBOORTEDATUM = datetime.date(1937, 11, 23)
GEBOORTE_VORMEN = ("1937-11-23", "23-11-1937", "23 november 1937", "23/11/1937")
REDEN = "Qzredenx wegens persoonlijke omstandigheden"


@pytest.fixture
def eager(monkeypatch):
    monkeypatch.setitem(app.conf, "task_always_eager", True)


def _verwijs(wereld, **extra):
    rw = wereld.a
    return actions.meld_aan(
        ctx=ctx_van(rw, Rol.KLANTMANAGER),
        deelnemer={
            **MARKERS,
            "geboortedatum": GEBOORTEDATUM,
            "woongemeente": rw.organisaties["gemeente"],
            "uitkering": "participatiewet",
        },
        aanbieder=rw.organisaties["ggz"],
        methode="ips",
        verwijsdatum=VANDAAG - datetime.timedelta(days=3),
        toestemming={"gegeven_op": VANDAAG - datetime.timedelta(days=3), "geldig_tot": VANDAAG, "vorm": "digitaal"},
        **extra,
    )


def _soorten(gebruiker) -> list[str]:
    return list(Melding.objects.filter(ontvanger=gebruiker).order_by("pk").values_list("soort", flat=True))


def _hele_traject(wereld, django_capture_on_commit_callbacks, *, afwijzen: bool = False):
    """Refer, then accept, start, place, end (or decline); each step commits its own callbacks."""
    rw = wereld.a
    begeleider = ctx_van(rw, Rol.TRAJECTBEGELEIDER)
    with django_capture_on_commit_callbacks(execute=True):
        traject = _verwijs(wereld)
    if afwijzen:
        with django_capture_on_commit_callbacks(execute=True):
            actions.wijs_aanmelding_af(ctx=begeleider, traject=traject, reden=REDEN, versie=traject.versie)
        return traject
    stappen = [
        lambda t: actions.accepteer_aanmelding(ctx=begeleider, traject=t, intakedatum=VANDAAG, versie=t.versie),
        lambda t: actions.start_traject(
            ctx=begeleider, traject=t, startdatum=VANDAAG, situatie_bij_start="zonder_werk", versie=t.versie
        ),
        lambda t: actions.registreer_plaatsing(
            ctx=begeleider,
            traject=t,
            functie="Verkoper",
            startdatum=VANDAAG,
            uren_per_week=20,
            contractvorm=Contractvorm.TIJDELIJK,
            werkgever_naam="Bakkerij",
        ),
        lambda t: actions.beeindig_traject(
            ctx=begeleider, traject=t, einddatum=VANDAAG, eindreden="betaald_werk", versie=t.versie
        ),
    ]
    for stap in stappen:
        traject.refresh_from_db()
        with django_capture_on_commit_callbacks(execute=True):
            stap(traject)
    traject.refresh_from_db()
    return traject


def test_verwijzer_en_begeleider_krijgen_hun_meldingen(wereld, django_capture_on_commit_callbacks, eager):
    rw = wereld.a
    traject = _hele_traject(wereld, django_capture_on_commit_callbacks)
    assert _soorten(rw.gebruikers[Rol.KLANTMANAGER]) == [
        MeldingSoort.AANMELDING_GEACCEPTEERD,
        MeldingSoort.TRAJECT_GESTART,
        MeldingSoort.GEPLAATST,
        MeldingSoort.TRAJECT_BEEINDIGD,
    ]
    assert _soorten(rw.gebruikers[Rol.TRAJECTBEGELEIDER]) == [MeldingSoort.AANMELDING_ONTVANGEN]
    melding = Melding.objects.get(soort=MeldingSoort.AANMELDING_ONTVANGEN)
    assert melding.url == reverse("aanmelding_behandelen", kwargs={"regio": rw.regio.slug, "pk": traject.pk})
    # Nobody else heard of it; no opt-in, so no e-mail either.
    betrokken = [rw.gebruikers[Rol.KLANTMANAGER], rw.gebruikers[Rol.TRAJECTBEGELEIDER]]
    assert Melding.objects.exclude(ontvanger__in=betrokken).count() == 0
    assert mail.outbox == []


def test_afwijzing_met_reden_voor_de_verwijzer(wereld, django_capture_on_commit_callbacks, eager):
    _hele_traject(wereld, django_capture_on_commit_callbacks, afwijzen=True)
    melding = Melding.objects.get(ontvanger=wereld.a.gebruikers[Rol.KLANTMANAGER])
    assert melding.soort == MeldingSoort.AANMELDING_AFGEWEZEN and REDEN in melding.tekst


def test_mislukte_handeling_geeft_geen_melding(wereld):
    rw = wereld.a
    traject = _verwijs(wereld)
    Melding.objects.all().delete()
    with pytest.raises(ValidationError):
        actions.wijs_aanmelding_af(ctx=ctx_van(rw, Rol.TRAJECTBEGELEIDER), traject=traject, reden=" ", versie=1)
    assert not Melding.objects.exists()


def test_ingetrokken_toestemming_meldt_de_andere_begeleiders(wereld, dossiers):
    rw = wereld.a
    collega = Gebruiker.objects.create_user(email="collega-ggz@x.test", naam="Collega GGZ", password=WACHTWOORD)
    kern_actions.voeg_lidmaatschap_toe(gebruiker=collega, organisatie=rw.organisaties["ggz"], rol=Rol.TRAJECTBEGELEIDER)
    traject = dossiers.eigen.trajecten.get()
    traject.trajectbegeleider = collega
    traject.save(update_fields=["trajectbegeleider"])
    toestemming = Toestemming.objects.filter(deelnemer=dossiers.eigen, ingetrokken_op__isnull=True).first()
    actions.trek_toestemming_in(ctx=ctx_van(rw, Rol.TRAJECTBEGELEIDER), toestemming=toestemming, datum=VANDAAG)
    assert _soorten(collega) == [MeldingSoort.TOESTEMMING_INGETROKKEN]
    assert _soorten(rw.gebruikers[Rol.TRAJECTBEGELEIDER]) == []


def test_direct_een_mail_en_nooit_twee(wereld, django_capture_on_commit_callbacks, eager):
    rw = wereld.a
    begeleider = rw.gebruikers[Rol.TRAJECTBEGELEIDER]
    kern_actions.stel_meldingvoorkeuren_in(
        gebruiker=begeleider, voorkeuren={MeldingSoort.AANMELDING_ONTVANGEN: MeldingWijze.DIRECT}
    )
    with django_capture_on_commit_callbacks(execute=True):
        _verwijs(wereld)
    assert [m.to for m in mail.outbox] == [[begeleider.email]]
    melding = Melding.objects.get(ontvanger=begeleider)
    assert melding.gemaild_op is not None
    # The task retried or delivered twice: no second mail.
    assert kern_actions.mail_melding(melding_id=melding.pk) is False
    assert len(mail.outbox) == 1
    link = settings.PORTAAL_URL + reverse("meldingen", kwargs={"regio": rw.regio.slug})
    assert link in mail.outbox[0].body


def test_dagelijks_overzicht_een_keer(wereld, django_capture_on_commit_callbacks, eager):
    klantmanager = wereld.a.gebruikers[Rol.KLANTMANAGER]
    kern_actions.stel_meldingvoorkeuren_in(
        gebruiker=klantmanager,
        voorkeuren={s: MeldingWijze.DAGELIJKS for s in meldingen.SOORTEN_PER_ROL[Rol.KLANTMANAGER]},
    )
    _hele_traject(wereld, django_capture_on_commit_callbacks)
    assert mail.outbox == []  # daily, not immediate
    assert kern_actions.mail_dagoverzichten() == 1
    assert kern_actions.mail_dagoverzichten() == 0
    [bericht] = mail.outbox
    assert bericht.to == [klantmanager.email]
    assert "Een traject dat je aanmeldde is gestart: 1" in bericht.body


def test_voorkeur_met_onbekende_soort_verandert_niets(wereld):
    gebruiker = wereld.a.gebruikers[Rol.KLANTMANAGER]
    with pytest.raises(ValidationError):
        kern_actions.stel_meldingvoorkeuren_in(
            gebruiker=gebruiker, voorkeuren={MeldingSoort.GEPLAATST: MeldingWijze.DIRECT, "bestaat_niet": "direct"}
        )
    assert not gebruiker.meldingvoorkeuren.exists()


# --- No personal data in any e-mail ------------------------------------------------------------------------------


def _markers_in(tekst: str) -> list[str]:
    zoek = [*MARKERS.values(), *GEBOORTE_VORMEN, "Qzredenx"]
    return [m for m in zoek if m.lower() in tekst.lower()]


def test_geen_persoonsgegevens_in_meldingsmails(wereld, django_capture_on_commit_callbacks, eager):
    rw = wereld.a
    for rol in (Rol.KLANTMANAGER, Rol.TRAJECTBEGELEIDER):
        kern_actions.stel_meldingvoorkeuren_in(
            gebruiker=rw.gebruikers[rol], voorkeuren={s: MeldingWijze.DIRECT for s in meldingen.SOORTEN_PER_ROL[rol]}
        )
    _hele_traject(wereld, django_capture_on_commit_callbacks)
    # A second participant, declined with a reason that carries a marker.
    with django_capture_on_commit_callbacks(execute=True):
        traject = _verwijs(wereld)
    with django_capture_on_commit_callbacks(execute=True):
        actions.wijs_aanmelding_af(
            ctx=ctx_van(rw, Rol.TRAJECTBEGELEIDER), traject=traject, reden=REDEN, versie=traject.versie
        )
    # Daily digests too, for the kinds mailed immediately above nothing is left; make one more.
    kern_actions.stel_meldingvoorkeuren_in(
        gebruiker=rw.gebruikers[Rol.KLANTMANAGER], voorkeuren={MeldingSoort.GEPLAATST: MeldingWijze.DAGELIJKS}
    )
    Melding.objects.update(gemaild_op=None)
    kern_actions.mail_dagoverzichten()
    assert len(mail.outbox) >= 8
    # The in-portal texts do name the number and the reason: the mails must not.
    assert any(traject.deelnemer.nummer in m.tekst for m in Melding.objects.all())
    for bericht in mail.outbox:
        inhoud = f"{bericht.subject}\n{bericht.body}"
        assert _markers_in(inhoud) == [], inhoud
        assert traject.deelnemer.nummer not in inhoud


def test_geen_mailtemplate_toont_persoonsgegevens(wereld, dossiers):
    """Every e-mail template of the portal, rendered with a participant of marker strings in its context."""
    traject = _verwijs(wereld)
    deelnemer = traject.deelnemer
    melding = Melding.objects.filter(soort=MeldingSoort.AANMELDING_ONTVANGEN).first()
    context = {
        "deelnemer": deelnemer,
        "traject": traject,
        "melding": melding,
        "soort": MeldingSoort.AANMELDING_ONTVANGEN.label,
        "regels": [(MeldingSoort.GEPLAATST.label, 2)],
        "regio": wereld.a.regio,
        "link": "https://portaal.example.nl/x/",
        "gebruiker": wereld.a.gebruikers[Rol.KLANTMANAGER],
    }
    templates = sorted(
        p for map_ in settings.TEMPLATES[0]["DIRS"] for p in Path(map_).rglob("*.txt") if "email" in p.parts
    )
    assert len(templates) >= 4
    for pad in templates:
        naam = str(pad.relative_to(next(Path(d) for d in settings.TEMPLATES[0]["DIRS"] if pad.is_relative_to(d))))
        tekst = render_to_string(naam, context)
        assert _markers_in(tekst) == [], naam


# --- Pages ---------------------------------------------------------------------------------------------------------


def test_lijst_aantal_en_openen(wereld, client):
    rw = wereld.a
    begeleider = rw.gebruikers[Rol.TRAJECTBEGELEIDER]
    traject = _verwijs(wereld)
    client.force_login(begeleider)
    slug = rw.regio.slug
    assert "1" in client.get(reverse("meldingen_aantal", kwargs={"regio": slug})).content.decode()
    html = client.get(reverse("meldingen", kwargs={"regio": slug})).content.decode()
    assert f"Nieuwe aanmelding {traject.deelnemer.nummer}" in html and "Qzvoornaamx" not in html
    melding = Melding.objects.get(ontvanger=begeleider)
    response = client.get(reverse("melding_openen", kwargs={"regio": slug, "pk": melding.pk}))
    assert response.url == reverse("aanmelding_behandelen", kwargs={"regio": slug, "pk": traject.pk})
    melding.refresh_from_db()
    assert melding.gelezen_op is not None
    assert "ongelezen" not in client.get(reverse("meldingen_aantal", kwargs={"regio": slug})).content.decode()
    # Someone else's notification, and one of another region, do not exist for this user.
    client.force_login(rw.gebruikers[Rol.KLANTMANAGER])
    assert client.get(reverse("melding_openen", kwargs={"regio": slug, "pk": melding.pk})).status_code == 404


def test_voorkeuren_opslaan_en_alles_gelezen(wereld, client):
    rw = wereld.a
    klantmanager = rw.gebruikers[Rol.KLANTMANAGER]
    client.force_login(klantmanager)
    slug = rw.regio.slug
    gegevens = {s: MeldingWijze.GEEN for s in meldingen.SOORTEN_PER_ROL[Rol.KLANTMANAGER]}
    gegevens[MeldingSoort.GEPLAATST] = MeldingWijze.DAGELIJKS
    assert client.post(reverse("meldingvoorkeuren", kwargs={"regio": slug}), gegevens).status_code == 302
    assert dict(klantmanager.meldingvoorkeuren.values_list("soort", "wijze"))[MeldingSoort.GEPLAATST] == "dagelijks"
    Melding.objects.create(regio=rw.regio, ontvanger=klantmanager, soort=MeldingSoort.GEPLAATST, tekst="x")
    assert client.post(reverse("meldingen", kwargs={"regio": slug})).status_code == 302
    assert not Melding.objects.filter(ontvanger=klantmanager, gelezen_op__isnull=True).exists()


# --- An address that bounces --------------------------------------------------------------------------------------


def test_onbestelbaar_adres_krijgt_geen_mail_en_de_voorkeur_zegt_waarom(
    wereld, client, django_capture_on_commit_callbacks, eager
):
    from io import StringIO

    from django.core.management import call_command

    rw = wereld.a
    begeleider = rw.gebruikers[Rol.TRAJECTBEGELEIDER]
    kern_actions.stel_meldingvoorkeuren_in(
        gebruiker=begeleider, voorkeuren={MeldingSoort.AANMELDING_ONTVANGEN: MeldingWijze.DIRECT}
    )
    call_command("registreer_bounce", begeleider.email.upper(), "--reden", "550 mailbox unavailable", stdout=StringIO())

    # No mail, not at once and not in the digest; the notification stays in the portal.
    with django_capture_on_commit_callbacks(execute=True):
        _verwijs(wereld)
    assert mail.outbox == [] and Melding.objects.filter(ontvanger=begeleider, gemaild_op__isnull=True).exists()
    from hoofdzaak.models import MeldingVoorkeur

    MeldingVoorkeur.objects.filter(gebruiker=begeleider).update(wijze=MeldingWijze.DAGELIJKS)
    assert kern_actions.mail_dagoverzichten() == 0 and mail.outbox == []

    # The preferences page says so; choosing e-mail is refused with a clear message and changes nothing.
    client.force_login(begeleider)
    pad = reverse("meldingvoorkeuren", kwargs={"regio": rw.regio.slug})
    assert "komt niet aan" in client.get(pad).content.decode()
    voor = list(MeldingVoorkeur.objects.filter(gebruiker=begeleider).values_list("soort", "wijze"))
    gegevens = {s: MeldingWijze.GEEN for s in meldingen.SOORTEN_PER_ROL[Rol.TRAJECTBEGELEIDER]}
    response = client.post(pad, {**gegevens, MeldingSoort.OVERGEDRAGEN: MeldingWijze.DIRECT})
    assert response.status_code == 200
    assert f"E-mail naar {begeleider.email} komt niet aan" in response.content.decode()
    assert list(MeldingVoorkeur.objects.filter(gebruiker=begeleider).values_list("soort", "wijze")) == voor
    # No e-mail at all may still be chosen.
    assert client.post(pad, gegevens).status_code == 302

    # Restored: mail resumes.
    call_command("registreer_bounce", begeleider.email, "--herstel", stdout=StringIO())
    kern_actions.stel_meldingvoorkeuren_in(
        gebruiker=begeleider, voorkeuren={MeldingSoort.AANMELDING_ONTVANGEN: MeldingWijze.DIRECT}
    )
    with django_capture_on_commit_callbacks(execute=True):
        _verwijs(wereld)
    assert [m.to for m in mail.outbox] == [[begeleider.email]]
    assert "komt niet aan" not in client.get(pad).content.decode()


def test_meldingen_en_aantal_evenveel_queries_bij_10_en_1000(wereld, client):
    """The list (the newest 50) and the menu's unread count cost the same number of queries for 10 notifications
    as for 1,000."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rw = wereld.a
    begeleider = rw.gebruikers[Rol.TRAJECTBEGELEIDER]
    client.force_login(begeleider)
    paden = [reverse(naam, kwargs={"regio": rw.regio.slug}) for naam in ("meldingen", "meldingen_aantal")]

    def maak(aantal: int) -> None:
        Melding.objects.bulk_create(
            Melding(regio=rw.regio, ontvanger=begeleider, soort=MeldingSoort.OVERGEDRAGEN, tekst=f"Melding {i}")
            for i in range(aantal)
        )

    def meet() -> list[int]:
        aantallen = []
        for pad in paden:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(pad).status_code == 200
            aantallen.append(len(queries))
        return aantallen

    maak(10)
    weinig = meet()
    maak(990)
    assert meet() == weinig
    assert max(weinig) <= 15
