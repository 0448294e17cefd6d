"""No back door (issue 13): platform staff cannot reach participant data through the admin alone."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from hoofdzaak import actions
from hoofdzaak.models import Gebruiker, Lidmaatschap, Regio, Rol, Soort

from .fabriek import WACHTWOORD


@pytest.fixture
def staf(wereld) -> tuple[Client, Gebruiker]:
    beheerder = Gebruiker.objects.create_superuser(email="staf@platform.test", naam="Staf", password=WACHTWOORD)
    client = Client()
    client.force_login(beheerder)
    return client, beheerder


def _formset(prefix: str, rijen: list[dict], initieel: int = 0) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rijen)),
        f"{prefix}-INITIAL_FORMS": str(initieel),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, rij in enumerate(rijen):
        data.update({f"{prefix}-{i}-{k}": v for k, v in rij.items()})
    return data


def test_staf_kan_zich_geen_rol_geven_en_ziet_geen_deelnemers(wereld, dossiers, staf):
    client, beheerder = staf
    ggz = wereld.a.organisaties["ggz"]
    deelnemer_url = reverse("deelnemer", kwargs={"regio": wereld.a.regio.slug, "nummer": dossiers.eigen.nummer})

    # No membership can be added: not on its own page …
    assert client.get(reverse("admin:hoofdzaak_lidmaatschap_add")).status_code == 403
    assert (
        client.post(
            reverse("admin:hoofdzaak_lidmaatschap_add"),
            {"gebruiker": beheerder.pk, "organisatie": ggz.pk, "rol": Rol.TRAJECTBEGELEIDER, "actief": "on"},
        ).status_code
        == 403
    )
    # … nor as an inline row on the user's own page.
    data = {"email": beheerder.email, "naam": beheerder.naam, "is_active": "on", "is_staff": "on"}
    data.update(_formset("lidmaatschappen", [{"organisatie": ggz.pk, "rol": Rol.TRAJECTBEGELEIDER, "actief": "on"}]))
    client.post(reverse("admin:hoofdzaak_gebruiker_change", args=[beheerder.pk]), data)
    assert not Lidmaatschap.objects.filter(gebruiker=beheerder).exists()

    # An existing membership cannot be turned into another role or moved to another user.
    lid = wereld.a.lidmaatschappen[Rol.PROJECTLEIDER]
    client.post(
        reverse("admin:hoofdzaak_lidmaatschap_change", args=[lid.pk]),
        {"gebruiker": beheerder.pk, "organisatie": ggz.pk, "rol": Rol.TRAJECTBEGELEIDER, "actief": "on"},
    )
    lid.refresh_from_db()
    assert (lid.gebruiker_id, lid.organisatie_id, lid.rol) == (
        wereld.a.gebruikers[Rol.PROJECTLEIDER].pk,
        wereld.a.organisaties["programmabureau"].pk,
        Rol.PROJECTLEIDER,
    )

    # So the participant stays out of reach, and the admin lists no participant models.
    assert client.get(deelnemer_url).status_code == 404
    index = client.get(reverse("admin:index")).content.decode()
    assert "trajecten" not in index.lower() and dossiers.eigen.achternaam not in index


def test_lidmaatschap_deactiveren_kan_wel_via_de_actie(wereld, staf, django_capture_on_commit_callbacks):
    client, _ = staf
    lid = wereld.a.lidmaatschappen[Rol.KLANTMANAGER]
    url = reverse("admin:hoofdzaak_lidmaatschap_change", args=[lid.pk])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert client.post(url, {}).status_code == 302  # the checkbox left empty: deactivate
    lid.refresh_from_db()
    assert lid.actief is False and callbacks  # the action's on-commit: the user's sessions end
    # And once inactive it cannot be switched back on here: that is the projectleider's, in the portal.
    client.post(url, {"actief": "on"})
    lid.refresh_from_db()
    assert lid.actief is False


def test_staf_nodigt_alleen_de_eerste_projectleider_uit(wereld, staf, mailoutbox, django_capture_on_commit_callbacks):
    client, _ = staf
    # A region that already has a projectleider: refused.
    bestaand = reverse(
        "admin:hoofdzaak_organisatie_eerste_projectleider", args=[wereld.a.organisaties["programmabureau"].pk]
    )
    client.post(bestaand, {"naam": "Nieuwe", "email": "nieuw@a.test"})
    assert not Gebruiker.objects.filter(email="nieuw@a.test").exists()

    regio = Regio.objects.create(naam="Nieuwe Regio", slug="nieuwe-regio", code="NR")
    bureau = actions.maak_organisatie(regio=regio, naam="Programmabureau NR", soort=Soort.PROGRAMMABUREAU)
    url = reverse("admin:hoofdzaak_organisatie_eerste_projectleider", args=[bureau.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"naam": "Eerste PL", "email": "pl@nr.test"}).status_code == 302
    lid = Lidmaatschap.objects.get(gebruiker__email="pl@nr.test")
    assert (lid.rol, lid.regio_id, lid.actief) == (Rol.PROJECTLEIDER, regio.pk, True)
    assert len(mailoutbox) == 1
    # A role that sees names is never offered: a GGZ organisation has no projectleider.
    ggz = actions.maak_organisatie(regio=regio, naam="GGZ NR", soort=Soort.GGZ)
    client.post(
        reverse("admin:hoofdzaak_organisatie_eerste_projectleider", args=[ggz.pk]), {"naam": "X", "email": "x@nr.test"}
    )
    assert not Gebruiker.objects.filter(email="x@nr.test").exists()
