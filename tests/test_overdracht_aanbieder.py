"""A warm handover of a trajectory to another provider (issue 16, point 3): consent for the new provider first,
the new provider accepts from its inbox, the old trajectory ends as handed over; history, figures and audit
trail stay, grants follow the facts (the old provider reads its own history for a period); bad input changes
nothing."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hoofdzaak import actions as kern_actions
from hoofdzaak.models import AuditRegel, Gebruiker, Melding, MeldingSoort, Rol
from hoofdzaak.tenancy import RegioContext
from rapportage import figuren
from tests.fabriek import WACHTWOORD, ctx_van, maak_dossier
from trajecten import actions
from trajecten.models import Eindreden, Toestemming, Traject, TrajectStatus, TrajectStatusWijziging
from trajecten.toegang import BEHEER, HISTORIE, toegang_van

pytestmark = pytest.mark.django_db

VANDAAG = datetime.date.today()
TOESTEMMING = {"gegeven_op": VANDAAG, "geldig_tot": VANDAAG + datetime.timedelta(days=365), "vorm": "schriftelijk"}


def _begeleider_bij(rw, organisatie: str, naam: str = "nieuw") -> tuple[Gebruiker, RegioContext]:
    gebruiker = Gebruiker.objects.create_user(
        email=f"{naam}-{organisatie}@{rw.regio.slug}.test", naam=f"Begeleider {naam}", password=WACHTWOORD
    )
    lid = kern_actions.voeg_lidmaatschap_toe(
        gebruiker=gebruiker, organisatie=rw.organisaties[organisatie], rol=Rol.TRAJECTBEGELEIDER
    )
    lid = type(lid).objects.select_related("regio", "organisatie", "gebruiker").get(pk=lid.pk)
    return gebruiker, RegioContext(regio=lid.regio, lidmaatschap=lid, lidmaatschappen=(lid,))


def _lopend(deelnemer) -> Traject:
    return deelnemer.trajecten.get(status__in=(TrajectStatus.INTAKE, TrajectStatus.GESTART))


def _stand():
    return (
        list(Traject.objects.order_by("pk").values_list("pk", "status", "versie", "aanbieder_id")),
        Toestemming.objects.count(),
        TrajectStatusWijziging.objects.count(),
        AuditRegel.objects.count(),
        Melding.objects.count(),
    )


def test_warme_overdracht_van_aanvraag_tot_acceptatie(wereld):
    rw = wereld.a
    ggz, ri = rw.organisaties["ggz"], rw.organisaties["reintegratie"]
    deelnemer = maak_dossier(rw)
    oud = _lopend(deelnemer)
    geschiedenis = list(oud.statuswijzigingen.values_list("pk", flat=True))
    contacten = list(oud.contactmomenten.values_list("pk", flat=True))
    gestart_voor = figuren.bereken(regio=rw.regio, periode=figuren.Periode.jaar(VANDAAG.year)).gestart
    nieuwe_begeleider, nieuw_ctx = _begeleider_bij(rw, "reintegratie")

    nieuw = actions.draag_over_aan_aanbieder(
        ctx=ctx_van(rw, Rol.TRAJECTBEGELEIDER),
        traject=oud,
        aanbieder=ri,
        toelichting="Wil graag met jobcoaching verder",
        toestemming=TOESTEMMING,
        versie=oud.versie,
    )
    # Consent for the new provider first; a referral in its inbox; the old trajectory still runs.
    assert Toestemming.objects.get(deelnemer=deelnemer, organisatie=ri).is_geldig
    assert (nieuw.status, nieuw.aanbieder, nieuw.verwijzer, nieuw.overgedragen_van) == (
        TrajectStatus.AANGEMELD,
        ri,
        ggz,
        oud,
    )
    oud.refresh_from_db()
    assert oud.status == TrajectStatus.GESTART
    assert {(ggz.groep_id, BEHEER), (ri.groep_id, BEHEER)} <= toegang_van(deelnemer)[0]
    melding = Melding.objects.get(ontvanger=nieuwe_begeleider)
    assert melding.soort == MeldingSoort.AANMELDING_ONTVANGEN and "wil" in melding.tekst

    # The new provider accepts: the old trajectory ends as handed over, on the intake date.
    actions.accepteer_aanmelding(ctx=nieuw_ctx, traject=nieuw, intakedatum=VANDAAG, versie=nieuw.versie)
    oud.refresh_from_db()
    assert (oud.status, oud.eindreden, oud.einddatum) == (TrajectStatus.BEEINDIGD, Eindreden.OVERGEDRAGEN, VANDAAG)
    groepen = toegang_van(deelnemer)[0]
    assert (ggz.groep_id, HISTORIE) in groepen and (ggz.groep_id, BEHEER) not in groepen
    assert (ri.groep_id, BEHEER) in groepen
    # History and audit trail intact; the old begeleider hears of the acceptance.
    assert set(geschiedenis) <= set(oud.statuswijzigingen.values_list("pk", flat=True))
    assert list(oud.contactmomenten.values_list("pk", flat=True)) == contacten
    assert oud.statuswijzigingen.filter(naar_status=TrajectStatus.BEEINDIGD, toelichting__contains=ri.naam).exists()
    omschrijvingen = set(
        AuditRegel.objects.filter(deelnemer_nummer=deelnemer.nummer).values_list("omschrijving", flat=True)
    )
    assert f"Overdracht aangevraagd bij {ri.naam}" in omschrijvingen
    assert any("overgedragen aan" in o for o in omschrijvingen)
    assert Melding.objects.filter(
        ontvanger=rw.gebruikers[Rol.TRAJECTBEGELEIDER], soort=MeldingSoort.AANMELDING_GEACCEPTEERD
    ).exists()
    # Figures: the old start still counts; the handover itself starts nothing.
    assert figuren.bereken(regio=rw.regio, periode=figuren.Periode.jaar(VANDAAG.year)).gestart == gestart_voor


def test_oude_aanbieder_ziet_eigen_geschiedenis_een_periode(wereld, client, settings):
    rw = wereld.a
    deelnemer = maak_dossier(rw)
    oud = _lopend(deelnemer)
    _gebruiker, nieuw_ctx = _begeleider_bij(rw, "reintegratie")
    nieuw = actions.draag_over_aan_aanbieder(
        ctx=ctx_van(rw, Rol.TRAJECTBEGELEIDER),
        traject=oud,
        aanbieder=rw.organisaties["reintegratie"],
        toestemming=TOESTEMMING,
        versie=oud.versie,
    )
    actions.accepteer_aanmelding(ctx=nieuw_ctx, traject=nieuw, intakedatum=VANDAAG, versie=nieuw.versie)
    actions.log_contact(
        ctx=nieuw_ctx,
        traject=Traject.objects.get(pk=nieuw.pk),
        datum=VANDAAG,
        soort="coaching",
        minuten=30,
        notitie="Notitie van de nieuwe aanbieder",
    )
    slug = rw.regio.slug
    client.force_login(rw.gebruikers[Rol.TRAJECTBEGELEIDER])
    pagina = client.get(reverse("deelnemer", kwargs={"regio": slug, "nummer": deelnemer.nummer}))
    html = pagina.content.decode()
    assert pagina.status_code == 200
    assert "Vertrouwelijke notitie over het gesprek" in html  # its own history
    assert "Notitie van de nieuwe aanbieder" not in html and "Gegevens wijzigen" not in html
    assert "overgedragen aan een andere aanbieder" in html
    # Read only: changing the record is not possible.
    assert (
        client.get(reverse("deelnemer_bewerken", kwargs={"regio": slug, "nummer": deelnemer.nummer})).status_code == 404
    )
    assert deelnemer.nummer in client.get(reverse("caseload", kwargs={"regio": slug})).content.decode()

    # After the period: gone, from the page and from the caseload, also before any recomputation.
    settings.PORTAAL_INZAGE_NA_OVERDRACHT_DAGEN = 0
    Traject.objects.filter(pk=oud.pk).update(einddatum=VANDAAG - datetime.timedelta(days=1))
    assert client.get(reverse("deelnemer", kwargs={"regio": slug, "nummer": deelnemer.nummer})).status_code == 404
    assert deelnemer.nummer not in client.get(reverse("caseload", kwargs={"regio": slug})).content.decode()


def test_zonder_toestemming_geen_overdracht(wereld):
    rw = wereld.a
    oud = _lopend(maak_dossier(rw))
    voor = _stand()
    with pytest.raises(ValidationError) as fout:
        actions.draag_over_aan_aanbieder(
            ctx=ctx_van(rw, Rol.TRAJECTBEGELEIDER),
            traject=oud,
            aanbieder=rw.organisaties["reintegratie"],
            versie=oud.versie,
        )
    assert "Vraag de deelnemer eerst om toestemming" in str(fout.value)
    assert _stand() == voor


@pytest.mark.parametrize(
    "geval",
    ["andere regio", "eigen organisatie", "gemeente", "beeindigd", "wacht al", "collega zonder teamleiderschap"],
)
def test_foute_overdracht_aan_aanbieder_verandert_niets(wereld, geval):
    rw = wereld.a
    oud = _lopend(maak_dossier(rw))
    ctx = ctx_van(rw, Rol.TRAJECTBEGELEIDER)
    aanbieder = {
        "andere regio": wereld.b.organisaties["reintegratie"],
        "eigen organisatie": rw.organisaties["ggz"],
        "gemeente": rw.organisaties["gemeente"],
    }.get(geval, rw.organisaties["reintegratie"])
    if geval == "beeindigd":
        actions.beeindig_traject(ctx=ctx, traject=oud, einddatum=VANDAAG, eindreden="eigen_keuze", versie=oud.versie)
        oud.refresh_from_db()
    if geval == "wacht al":
        actions.draag_over_aan_aanbieder(
            ctx=ctx, traject=oud, aanbieder=rw.organisaties["uwv"], toestemming=TOESTEMMING, versie=oud.versie
        )
    if geval == "collega zonder teamleiderschap":
        _collega, ctx = _begeleider_bij(rw, "ggz", "collega")
    voor = _stand()
    with pytest.raises(ValidationError):
        actions.draag_over_aan_aanbieder(
            ctx=ctx, traject=oud, aanbieder=aanbieder, toestemming=TOESTEMMING, versie=oud.versie
        )
    assert _stand() == voor


def test_afwijzen_laat_het_traject_bij_de_oude_aanbieder(wereld):
    rw = wereld.a
    deelnemer = maak_dossier(rw)
    oud = _lopend(deelnemer)
    ri = rw.organisaties["reintegratie"]
    _gebruiker, nieuw_ctx = _begeleider_bij(rw, "reintegratie")
    nieuw = actions.draag_over_aan_aanbieder(
        ctx=ctx_van(rw, Rol.TRAJECTBEGELEIDER), traject=oud, aanbieder=ri, toestemming=TOESTEMMING, versie=oud.versie
    )
    actions.wijs_aanmelding_af(ctx=nieuw_ctx, traject=nieuw, reden="Geen plek", versie=nieuw.versie)
    oud.refresh_from_db()
    assert oud.status == TrajectStatus.GESTART
    groepen = toegang_van(deelnemer)[0]
    assert (ri.groep_id, BEHEER) not in groepen and (rw.organisaties["ggz"].groep_id, BEHEER) in groepen
    assert Melding.objects.filter(
        ontvanger=rw.gebruikers[Rol.TRAJECTBEGELEIDER], soort=MeldingSoort.AANMELDING_AFGEWEZEN
    ).exists()
    # Declined: it can be asked again, of another provider.
    actions.draag_over_aan_aanbieder(
        ctx=ctx_van(rw, Rol.TRAJECTBEGELEIDER),
        traject=oud,
        aanbieder=rw.organisaties["uwv"],
        toestemming=TOESTEMMING,
        versie=oud.versie,
    )


def test_overdragen_via_het_formulier(wereld, client):
    rw = wereld.a
    deelnemer = maak_dossier(rw)
    oud = _lopend(deelnemer)
    ri = rw.organisaties["reintegratie"]
    client.force_login(rw.gebruikers[Rol.TRAJECTBEGELEIDER])
    slug = rw.regio.slug
    html = client.get(reverse("deelnemer", kwargs={"regio": slug, "nummer": deelnemer.nummer})).content.decode()
    assert "Overdragen aan een andere aanbieder" in html
    pad = reverse("traject_overdragen", kwargs={"regio": slug, "pk": oud.pk})
    html = client.get(f"{pad}?aan={ri.pk}").content.decode()
    assert f'<option value="{ri.pk}" selected>' in html
    assert f'<option value="{rw.organisaties["ggz"].pk}"' not in html  # not to itself
    # No consent ticked: a clear message, nothing changed.
    gegevens = {
        "aanbieder": ri.pk,
        "versie": oud.versie,
        "toelichting": "",
        **{k: str(v) for k, v in TOESTEMMING.items()},
    }
    response = client.post(pad, gegevens)
    assert response.status_code == 200
    assert "Vraag de deelnemer eerst om toestemming" in response.content.decode()
    assert not Traject.objects.filter(aanbieder=ri).exists()
    response = client.post(pad, {**gegevens, "toestemming": "on"})
    assert response.status_code == 302
    assert Traject.objects.get(aanbieder=ri).overgedragen_van == oud
    html = client.get(response.url).content.decode()
    assert "Overdracht aangevraagd" in html and "Overdragen aan een andere aanbieder" not in html
