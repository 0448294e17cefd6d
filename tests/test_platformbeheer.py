"""No back door (issue 13): platform staff cannot reach participant data through the admin alone."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from hoofdzaak import actions
from hoofdzaak.models import AuditActie, AuditRegel, Gebruiker, Lidmaatschap, Organisatie, Regio, Rol, Soort

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


# --- Every admin change goes through the portal's actions: same checks, same audit rows (issue 13 point 5) -------


def _regels(**filters) -> list[AuditRegel]:
    return list(AuditRegel.objects.filter(**filters).order_by("id"))


def test_regio_aanmaken_wijzigen_en_verwijderen_via_de_acties(wereld, staf):
    client, beheerder = staf
    toevoegen = reverse("admin:hoofdzaak_regio_add")
    # The action's checks, on the form: a reserved slug is refused and nothing is made.
    response = client.post(toevoegen, {"naam": "Fout", "slug": "platformbeheer", "code": "FT"})
    assert response.status_code == 200 and not Regio.objects.filter(naam="Fout").exists()

    assert client.post(toevoegen, {"naam": "Nieuwe Regio", "slug": "nieuwe-regio", "code": "NR"}).status_code == 302
    regio = Regio.objects.get(slug="nieuwe-regio")
    (aangemaakt,) = _regels(object_type="regio", object_id=str(regio.pk))
    assert (aangemaakt.actie, aangemaakt.gebruiker_id, aangemaakt.rol) == (AuditActie.AANMAKEN, beheerder.pk, "")
    assert aangemaakt.request_id

    # A new name, through the action; slug (every URL) and code (every number) stay as made.
    wijzigen = reverse("admin:hoofdzaak_regio_change", args=[regio.pk])
    assert client.post(wijzigen, {"naam": "Hernoemd", "slug": "ander", "code": "XX"}).status_code == 302
    regio.refresh_from_db()
    assert (regio.naam, regio.slug, regio.code) == ("Hernoemd", "nieuwe-regio", "NR")
    assert _regels(object_type="regio", object_id=str(regio.pk))[-1].actie == AuditActie.WIJZIGEN

    # A region with organisations is not deleted (no delete page, no bulk delete); an empty one is, with a row.
    assert client.get(reverse("admin:hoofdzaak_regio_delete", args=[wereld.a.regio.pk])).status_code == 403
    assert "delete_selected" not in client.get(reverse("admin:hoofdzaak_regio_changelist")).content.decode()
    verwijderen = reverse("admin:hoofdzaak_regio_delete", args=[regio.pk])
    assert client.post(verwijderen, {"post": "yes"}).status_code == 302
    assert not Regio.objects.filter(pk=regio.pk).exists() and Regio.objects.filter(pk=wereld.a.regio.pk).exists()
    assert _regels(object_type="regio", object_id=str(regio.pk))[-1].actie == AuditActie.VERWIJDEREN


def test_organisatie_aanmaken_wijzigen_en_verwijderen_via_de_acties(wereld, staf):
    client, beheerder = staf
    rw = wereld.a
    gegevens = {"regio": rw.regio.pk, "naam": "Nieuw Reïntegratiebureau", "soort": Soort.REINTEGRATIE}
    gegevens |= {"cbs_code": "", "dagen_zonder_contact": "10"}
    assert client.post(reverse("admin:hoofdzaak_organisatie_add"), gegevens).status_code == 302
    organisatie = Organisatie.objects.get(naam="Nieuw Reïntegratiebureau")
    assert organisatie.groep_id and organisatie.dagen_zonder_contact == 10
    (rij,) = _regels(object_type="organisatie", object_id=str(organisatie.pk))
    assert (rij.actie, rij.gebruiker_id, rij.regio_id) == (AuditActie.AANMAKEN, beheerder.pk, rw.regio.pk)

    # The action's check as a form error next to the field: a kind that does not fit its active memberships.
    ggz = rw.organisaties["ggz"]
    response = client.post(
        reverse("admin:hoofdzaak_organisatie_change", args=[ggz.pk]),
        {"naam": ggz.naam, "soort": Soort.WSP, "cbs_code": "", "dagen_zonder_contact": "14"},
    )
    assert response.status_code == 200
    assert "actieve lidmaatschappen" in str(response.context["adminform"].form.errors["soort"])
    ggz.refresh_from_db()
    assert ggz.soort == Soort.GGZ
    assert not _regels(object_type="organisatie", object_id=str(ggz.pk), actie=AuditActie.WIJZIGEN)
    # A valid change is recorded; the region cannot be changed here.
    client.post(
        reverse("admin:hoofdzaak_organisatie_change", args=[ggz.pk]),
        {"regio": wereld.b.regio.pk, "naam": "GGZ Hernoemd", "soort": Soort.GGZ, "dagen_zonder_contact": "14"},
    )
    ggz.refresh_from_db()
    assert (ggz.naam, ggz.regio_id) == ("GGZ Hernoemd", rw.regio.pk)
    assert "naam" in _regels(object_type="organisatie", object_id=str(ggz.pk))[-1].omschrijving

    # With memberships: no delete; empty: deleted with its grant group, and a row.
    assert client.get(reverse("admin:hoofdzaak_organisatie_delete", args=[ggz.pk])).status_code == 403
    groep = organisatie.groep_id
    client.post(reverse("admin:hoofdzaak_organisatie_delete", args=[organisatie.pk]), {"post": "yes"})
    assert not Organisatie.objects.filter(pk=organisatie.pk).exists() and not Group.objects.filter(pk=groep).exists()
    assert _regels(object_type="organisatie", object_id=str(organisatie.pk))[-1].actie == AuditActie.VERWIJDEREN


def test_lidmaatschapsacties_schrijven_hun_eigen_regel_in_portaal_en_platformbeheer(
    wereld, staf, client, django_capture_on_commit_callbacks
):
    rw = wereld.a
    pl = rw.gebruikers[Rol.PROJECTLEIDER]
    client.force_login(pl)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("beheer_uitnodigen", kwargs={"regio": rw.regio.slug}),
            {
                "naam": "Nieuwe",
                "email": "nieuw@a.test",
                "organisatie": rw.organisaties["gemeente"].pk,
                "rol": Rol.KLANTMANAGER,
            },
        )
    lid = Lidmaatschap.objects.get(gebruiker__email="nieuw@a.test")
    client.post(
        reverse("beheer_lidmaatschap", kwargs={"regio": rw.regio.slug, "pk": lid.pk}), {"rol": Rol.WERKGEVERSADVISEUR}
    )
    client.post(reverse("beheer_lidmaatschap_actief", kwargs={"regio": rw.regio.slug, "pk": lid.pk}), {"actief": "0"})
    client.post(reverse("beheer_lidmaatschap_actief", kwargs={"regio": rw.regio.slug, "pk": lid.pk}), {"actief": "1"})
    # And platform staff deactivate it in the admin.
    staf_client, beheerder = staf
    staf_client.post(reverse("admin:hoofdzaak_lidmaatschap_change", args=[lid.pk]), {})
    lid.refresh_from_db()
    assert lid.actief is False

    regels = _regels(object_type="lidmaatschap", object_id=str(lid.pk))
    assert [(r.actie, r.omschrijving.split(":")[0]) for r in regels] == [
        (AuditActie.AANMAKEN, "Uitgenodigd"),
        (AuditActie.WIJZIGEN, "Rol gewijzigd van klantmanager naar werkgeversadviseur"),
        (AuditActie.WIJZIGEN, "Lidmaatschap gedeactiveerd"),
        (AuditActie.WIJZIGEN, "Lidmaatschap weer actief"),
        (AuditActie.WIJZIGEN, "Lidmaatschap gedeactiveerd"),
    ]
    # In the portal as the projectleider (its role and organisation), in the admin as staff without a role.
    assert {(r.gebruiker_id, r.rol, r.organisatie_id) for r in regels[:4]} == {
        (pl.pk, Rol.PROJECTLEIDER, rw.organisaties["programmabureau"].pk)
    }
    assert (regels[4].gebruiker_id, regels[4].rol) == (beheerder.pk, "")
    assert all(r.regio_id == rw.regio.pk and r.request_id for r in regels)


def test_de_acties_zelf_weigeren_staf_elke_rol_die_namen_ziet(wereld, staf):
    """The same checks whoever calls: staff may deactivate, never grant; a klantmanager manages nothing."""
    _, beheerder = staf
    rw = wereld.a
    lid = rw.lidmaatschappen[Rol.KLANTMANAGER]
    pogingen = {
        "lidmaatschap toevoegen": lambda: actions.voeg_lidmaatschap_toe(
            gebruiker=beheerder, organisatie=rw.organisaties["ggz"], rol=Rol.TRAJECTBEGELEIDER, door=beheerder
        ),
        "uitnodigen": lambda: actions.nodig_uit(
            organisatie=rw.organisaties["ggz"],
            email="x@a.test",
            naam="X",
            rol=Rol.TRAJECTBEGELEIDER,
            basis_url="http://testserver/",
            door=beheerder,
        ),
        "rol wijzigen": lambda: actions.wijzig_rol(lidmaatschap=lid, rol=Rol.WERKGEVERSADVISEUR, door=beheerder),
        "weer actief": lambda: actions.zet_lidmaatschap_actief(lidmaatschap=lid, actief=True, door=beheerder),
        "teamleider": lambda: actions.zet_teamleider(
            lidmaatschap=rw.lidmaatschappen[Rol.TRAJECTBEGELEIDER], teamleider=True, door=beheerder
        ),
        "als klantmanager uitnodigen": lambda: actions.nodig_uit(
            organisatie=rw.organisaties["gemeente"],
            email="y@a.test",
            naam="Y",
            rol=Rol.KLANTMANAGER,
            basis_url="http://testserver/",
            door=rw.gebruikers[Rol.KLANTMANAGER],
        ),
        "projectleider maakt een regio": lambda: actions.maak_regio(
            naam="Eigen", slug="eigen", code="EG", door=rw.gebruikers[Rol.PROJECTLEIDER]
        ),
        "projectleider van een andere regio": lambda: actions.maak_organisatie(
            regio=rw.regio, naam="Van elders", soort=Soort.GGZ, door=wereld.b.gebruikers[Rol.PROJECTLEIDER]
        ),
    }
    aantal = AuditRegel.objects.count()
    for naam, poging in pogingen.items():
        with pytest.raises(ValidationError) as fout:
            poging()
        assert "Je rol mag deze handeling niet uitvoeren." in fout.value.messages, naam
    assert not Lidmaatschap.objects.filter(gebruiker=beheerder).exists()
    assert not Gebruiker.objects.filter(email__in=["x@a.test", "y@a.test"]).exists()
    assert AuditRegel.objects.count() == aantal


def test_eerste_projectleider_via_de_actie_met_een_eigen_regel(wereld, staf, django_capture_on_commit_callbacks):
    client, beheerder = staf
    regio = actions.maak_regio(naam="Nieuwe Regio", slug="nieuwe-regio", code="NR", door=beheerder)
    bureau = actions.maak_organisatie(
        regio=regio, naam="Programmabureau NR", soort=Soort.PROGRAMMABUREAU, door=beheerder
    )
    # The organisation's page offers the invitation while the region has no projectleider.
    pagina = reverse("admin:hoofdzaak_organisatie_change", args=[bureau.pk])
    uitnodigen = reverse("admin:hoofdzaak_organisatie_eerste_projectleider", args=[bureau.pk])
    assert uitnodigen in client.get(pagina).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(uitnodigen, {"naam": "Eerste PL", "email": "pl@nr.test"})
    lid = Lidmaatschap.objects.get(gebruiker__email="pl@nr.test")
    (rij,) = _regels(object_type="lidmaatschap", object_id=str(lid.pk))
    assert rij.omschrijving.startswith("Eerste projectleider uitgenodigd door platformbeheer")
    assert (rij.gebruiker_id, rij.regio_id) == (beheerder.pk, regio.pk)
    assert uitnodigen not in client.get(pagina).content.decode()
    # The action itself refuses a second one, also when called past the page.
    with pytest.raises(ValidationError, match="al een projectleider"):
        actions.nodig_eerste_projectleider_uit(
            organisatie=bureau, email="tweede@nr.test", naam="Tweede", basis_url="http://testserver/", door=beheerder
        )


def test_een_account_kan_staf_alleen_deactiveren_of_de_tweede_stap_wissen(
    wereld, staf, django_capture_on_commit_callbacks
):
    """No add, delete, password, address or name: with an address or password of their choosing staff could take
    an account over (password reset, then a new second step)."""
    client, beheerder = staf
    gebruiker = wereld.a.gebruikers[Rol.TRAJECTBEGELEIDER]
    wachtwoord, email = gebruiker.password, gebruiker.email
    wijzigen = reverse("admin:hoofdzaak_gebruiker_change", args=[gebruiker.pk])
    assert client.get(reverse("admin:hoofdzaak_gebruiker_add")).status_code == 403
    assert client.get(reverse("admin:hoofdzaak_gebruiker_delete", args=[gebruiker.pk])).status_code == 403
    wachtwoord_url = reverse("admin:auth_user_password_change", args=[gebruiker.pk])
    assert (
        client.post(wachtwoord_url, {"password1": "Overgenomen-2026!", "password2": "Overgenomen-2026!"}).status_code
        == 403
    )
    data = {"email": "staf-eigen@platform.test", "naam": "Anders", "is_active": "on", "is_staff": "on"}
    data |= _formset("lidmaatschappen", [])
    assert client.post(wijzigen, data).status_code == 302
    gebruiker.refresh_from_db()
    assert (gebruiker.email, gebruiker.naam, gebruiker.password, gebruiker.is_staff) == (
        email,
        gebruiker.naam,
        wachtwoord,
        False,
    )
    assert gebruiker.naam != "Anders"
    assert not _regels(object_type="gebruiker", object_id=str(gebruiker.pk))

    # Deactivation through the action, with its row.
    data = {"is_active": ""} | _formset("lidmaatschappen", [])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(wijzigen, data).status_code == 302
    gebruiker.refresh_from_db()
    assert gebruiker.is_active is False
    (rij,) = _regels(object_type="gebruiker", object_id=str(gebruiker.pk))
    assert (rij.actie, rij.gebruiker_id) == (AuditActie.WIJZIGEN, beheerder.pk) and "gedeactiveerd" in rij.omschrijving
    # Not one's own account: the action's refusal on the form.
    response = client.post(reverse("admin:hoofdzaak_gebruiker_change", args=[beheerder.pk]), data)
    assert response.status_code == 200 and "eigen account" in response.content.decode()

    # The second step: wiped through the action (row, sessions end); the devices are never shown.
    totp = TOTPDevice.objects.create(user=gebruiker, name="Telefoon", confirmed=True)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:hoofdzaak_gebruiker_changelist"),
            {"action": "tweede_stap_wissen", "_selected_action": [gebruiker.pk]},
        )
    assert not TOTPDevice.objects.filter(pk=totp.pk).exists()
    assert _regels(object_type="tweede_stap", object_id=str(gebruiker.pk))[0].gebruiker_id == beheerder.pk
    for url in ("/platformbeheer/otp_totp/totpdevice/", "/platformbeheer/otp_static/staticdevice/"):
        assert client.get(url).status_code == 404


def _beheerpaginas() -> list[str]:
    """Every page of the admin for every registered model and every object in it."""
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls += [reverse("admin:app_list", args=[model._meta.app_label]), reverse(f"{info}_changelist")]
        urls += [reverse(f"{info}_add")]
        for obj in model._default_manager.all():
            urls += [reverse(f"{info}_{pagina}", args=[obj.pk]) for pagina in ("change", "history", "delete")]
        if model is Organisatie:
            urls += [
                reverse("admin:hoofdzaak_organisatie_eerste_projectleider", args=[o.pk]) for o in model.objects.all()
            ]
    return urls


def test_staf_ziet_op_geen_enkele_beheerpagina_deelnemergegevens(wereld, dossiers, staf):
    client, _ = staf
    deelnemers = [dossiers.eigen, dossiers.zonder_toestemming, dossiers.ingetrokken, dossiers.andere_regio]
    kenmerken = {d.nummer for d in deelnemers} | {d.achternaam for d in deelnemers}
    kenmerken |= {"sanne@example.org", "06 12345678", "Vertrouwelijke notitie"}
    # Searching for a participant finds nothing either.
    zoeken = [
        f"{reverse(f'admin:hoofdzaak_{m}_changelist')}?q={dossiers.eigen.achternaam}"
        for m in ("gebruiker", "organisatie", "lidmaatschap")
    ]
    bekeken = 0
    for url in _beheerpaginas() + zoeken:
        response = client.get(url)
        assert response.status_code in (200, 403), f"{url}: {response.status_code}"
        # (A search page repeats what was typed.)
        tekst = response.content.decode().replace(f'value="{dossiers.eigen.achternaam}"', "")
        if url in zoeken:
            assert response.context["cl"].result_count == 0, url
            tekst = tekst.replace(dossiers.eigen.achternaam, "")
        assert not [k for k in kenmerken if k in tekst], f"{url} toont deelnemergegevens"
        bekeken += response.status_code == 200
    assert bekeken > 40
    # And no participant model or grant group has an admin at all.
    geregistreerd = {model._meta.label for model in admin.site._registry}
    assert geregistreerd == {
        "hoofdzaak.Regio",
        "hoofdzaak.Organisatie",
        "hoofdzaak.Gebruiker",
        "hoofdzaak.Lidmaatschap",
        "hoofdzaak.Doelstelling",
    }
