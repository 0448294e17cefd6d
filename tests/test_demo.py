"""`manage.py laad_demo`: one account per role per region, idempotent, every account can log in."""

from __future__ import annotations

import re
from html import unescape

from django.contrib.auth.models import Group
from django.urls import reverse

from hoofdzaak.demo import DEMO_WACHTWOORD
from hoofdzaak.models import Doelstelling, Gebruiker, Lidmaatschap, Organisatie, Regio, Rol
from tests.fabriek import REGIO_SLUGS, laad_demo, tweede_stap

PLATFORMBEHEER = "platformbeheer@hoofdzaak.demo"


def tekst(response) -> str:
    """The visible text of a page: tags stripped, entities decoded, whitespace collapsed."""
    html = re.sub(r"<script\b.*?</script>", " ", response.content.decode(), flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def tellingen() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Regio, Organisatie, Group, Gebruiker, Lidmaatschap, Doelstelling)
    }


def demo_accounts() -> list[tuple[str, str, str]]:
    """(e-mail, role, region slug) of every expected region account."""
    return [(f"{rol}@{slug}.demo", rol, slug) for slug in REGIO_SLUGS for rol in Rol.values]


def test_de_demo_van_leeg_tot_tweede_keer_laden(db, client):
    """One load of the demo (it takes a while: two regions of realistic size) and every check of it in turn;
    the check that changes data (loading a second time) last."""
    assert not Gebruiker.objects.filter(email__endswith=".demo").exists()
    email = "klantmanager@holland-rijnland.demo"
    assert client.post(reverse("login"), {"username": email, "password": DEMO_WACHTWOORD}).status_code == 200

    uitvoer = laad_demo()
    assert Gebruiker.objects.filter(email=email).exists()
    assert client.post(reverse("login"), {"username": email, "password": DEMO_WACHTWOORD}).status_code == 302
    client.post(reverse("logout"))

    een_account_per_rol_per_regio(uitvoer)
    elk_demo_account_kan_inloggen_en_ziet_zijn_rol(client)
    platformbeheer_demo_account_komt_in_het_beheer(client)
    elke_regio_ziet_eruit_als_een_echte()
    tweede_keer_laden_houdt_de_gegevens()


def een_account_per_rol_per_regio(demo: str) -> None:
    verwacht = {email for email, _rol, _slug in demo_accounts()} | {PLATFORMBEHEER}
    assert set(Gebruiker.objects.filter(email__endswith=".demo").values_list("email", flat=True)) == verwacht
    assert len(verwacht) == 2 * len(Rol.values) + 1

    for email, rol, slug in demo_accounts():
        leden = Lidmaatschap.objects.actief().filter(gebruiker__email=email)
        assert [(lid.rol, lid.regio.slug) for lid in leden] == [(rol, slug)], email
        assert rol in {r for r, _label in leden[0].organisatie.toegestane_rollen}
    beheer = Gebruiker.objects.get(email=PLATFORMBEHEER)
    assert beheer.is_staff and beheer.is_superuser
    assert not beheer.lidmaatschappen.exists()

    for email, _rol, _slug in demo_accounts():
        assert email in demo
    assert DEMO_WACHTWOORD in demo


def tweede_keer_laden_houdt_de_gegevens() -> None:
    na_eerste = tellingen()
    gebruiker = Gebruiker.objects.get(email="klantmanager@midden-utrecht.demo")
    gebruiker.set_password("Zelf-gekozen-wachtwoord-2026")
    gebruiker.save(update_fields=["password"])
    peer = Lidmaatschap.objects.get(gebruiker__email="peer_supporter@holland-rijnland.demo")
    peer.actief = False
    peer.save(update_fields=["actief"])
    doel = Doelstelling.objects.filter(regio__slug="holland-rijnland").first()
    doel.aantal = 140
    doel.save(update_fields=["aantal"])
    # Something that is missing is added again.
    Lidmaatschap.objects.filter(gebruiker__email="bestuurder@midden-utrecht.demo").delete()

    laad_demo()

    assert tellingen() == na_eerste
    gebruiker.refresh_from_db()
    assert gebruiker.check_password("Zelf-gekozen-wachtwoord-2026")
    assert not gebruiker.check_password(DEMO_WACHTWOORD)
    peer.refresh_from_db()
    assert not peer.actief
    doel.refresh_from_db()
    assert doel.aantal == 140
    assert Lidmaatschap.objects.actief().filter(gebruiker__email="bestuurder@midden-utrecht.demo").count() == 1

    laad_demo()
    assert tellingen() == na_eerste


def elk_demo_account_kan_inloggen_en_ziet_zijn_rol(client) -> None:
    for email, rol, slug in demo_accounts():
        assert client.post(reverse("login"), {"username": email, "password": DEMO_WACHTWOORD}).status_code == 302
        # Every demo account is enrolled with its fixed key (hoofdzaak/demo.py) and passes the second step.
        response = tweede_stap(client, Gebruiker.objects.get(email=email), follow=True)
        assert response.redirect_chain[-1][0] == reverse("regio_home", kwargs={"regio": slug}), email
        pagina = tekst(response)
        assert f"Hoofdzaak Werk {REGIO_SLUGS[slug]}" in pagina, email
        assert f"Je werkt als {Rol(rol).label.lower()} bij" in pagina, email
        client.post(reverse("logout"))


def platformbeheer_demo_account_komt_in_het_beheer(client) -> None:
    assert client.post(reverse("login"), {"username": PLATFORMBEHEER, "password": DEMO_WACHTWOORD}).status_code == 302
    assert client.get(reverse("admin:index")).url.startswith(reverse("tweede_stap"))
    response = tweede_stap(client, Gebruiker.objects.get(email=PLATFORMBEHEER), follow=True)
    assert "Naar het platformbeheer" in tekst(response)
    assert client.get(reverse("admin:index")).status_code == 200


def elke_regio_ziet_eruit_als_een_echte() -> None:
    """Issue 15: per region about 100 trajectories started in the last 12 months, spread over all its gemeenten
    and every method, run by its partners, with the funding stream set (a couple 'onbekend' for the data-quality
    list) and the IPS team's caseloads within the norm."""
    import datetime

    from django.db.models import Count
    from django.utils import timezone

    from hoofdzaak.models import Soort
    from rapportage import figuren
    from trajecten.models import Financieringsstroom, Methode, Plaatsing, Traject, TrajectStatus

    vandaag = timezone.localdate()
    for slug in REGIO_SLUGS:
        regio = Regio.objects.get(slug=slug)
        gestart = Traject.objects.filter(regio=regio, startdatum__gt=vandaag - datetime.timedelta(days=365))
        assert 80 <= gestart.count() <= 120, (slug, gestart.count())
        gemeenten = set(Organisatie.objects.in_regio(regio).gemeenten().values_list("pk", flat=True))
        per_gemeente = dict(gestart.values_list("deelnemer__woongemeente").annotate(n=Count("pk")).order_by())
        assert set(per_gemeente) == gemeenten, slug
        assert set(gestart.values_list("methode", flat=True)) == set(Methode.values), slug
        aanbieders = Organisatie.objects.in_regio(regio).filter(soort__in=[Soort.GGZ, Soort.REINTEGRATIE, Soort.UWV])
        assert set(gestart.values_list("aanbieder", flat=True)) == set(aanbieders.values_list("pk", flat=True)), slug
        # The calendar years: last year about 100, this year so far its share of 100.
        vorig_jaar = Traject.objects.filter(regio=regio, startdatum__year=vandaag.year - 1).count()
        assert 85 <= vorig_jaar <= 115, (slug, vorig_jaar)
        dit_jaar = Traject.objects.filter(regio=regio, startdatum__year=vandaag.year).count()
        verwacht = 100 * vandaag.timetuple().tm_yday / 365
        assert verwacht - 15 <= dit_jaar <= verwacht + 15, (slug, dit_jaar)

        # Every status and end reason a region has, jobs of every kind.
        alle = Traject.objects.filter(regio=regio)
        assert set(alle.values_list("status", flat=True)) == set(TrajectStatus.values), slug
        assert alle.filter(eindreden="betaald_werk").exists() and alle.filter(eindreden="gezondheid").exists()
        plaatsingen = Plaatsing.objects.filter(regio=regio)
        assert plaatsingen.filter(betaald=False).exists() and plaatsingen.filter(einddatum__isnull=False).exists()
        assert plaatsingen.filter(betaald=True, startdatum__lte=vandaag - datetime.timedelta(days=200)).exists()
        # Funding set on every trajectory in care but a couple, which the data-quality list shows.
        onbekend = alle.filter(
            status__in=[TrajectStatus.INTAKE, TrajectStatus.GESTART],
            financieringsstroom__in=[Financieringsstroom.ONBEKEND, ""],
        )
        assert 1 <= onbekend.count() <= 3, slug

        f = figuren.bereken(regio=regio, periode=figuren.Periode.jaar(vandaag.year))
        assert f.gestart == dit_jaar
        caseload = f.caseload_per_begeleider
        assert caseload.begeleiders >= 3 and caseload.maximum <= 20 and caseload.gemiddeld >= 10, (slug, caseload)
        dagen = f.dagen_tot_eerste_werkgeverscontact
        assert dagen.aantal >= 20 and dagen.mediaan <= 30, (slug, dagen)
        contacten = f.werkgeverscontacten_per_begeleider_per_week
        per_week = contacten.contacten / contacten.begeleiders / contacten.weken
        assert 2 <= per_week <= 8, (slug, float(per_week))
        assert 1 <= f.datakwaliteit.totaal <= 6, slug
