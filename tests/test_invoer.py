"""Issue 14, point 2: the central input guards (hoofdzaak/invoer.py) and the three 500s that were reported.

tests/test_fuzz.py walks every URL with bad input; these tests pin the known cases and keep every form's date
field bounded, also in forms added later."""

from __future__ import annotations

import datetime
import importlib
import pkgutil

import pytest
from django import forms
from django.urls import reverse

from hoofdzaak import invoer
from hoofdzaak.models import Rol


def test_deelnemer_met_nul_in_nummer_is_400(dossiers, wereld, client):
    client.force_login(wereld.a.gebruikers[Rol.TRAJECTBEGELEIDER])
    url = reverse("deelnemer", kwargs={"regio": wereld.a.regio.slug, "nummer": dossiers.eigen.nummer})
    response = client.get(url.rstrip("/") + "%00/")
    assert response.status_code == 400
    assert "Dit verzoek klopt niet" in response.content.decode()


@pytest.mark.parametrize("query", ["zoek=%00", "%00=1", "a=1&a=%00"])
def test_nul_in_zoekvraag_is_400(wereld, client, query):
    client.force_login(wereld.a.gebruikers[Rol.PROJECTLEIDER])
    assert client.get(reverse("dashboard", kwargs={"regio": wereld.a.regio.slug}) + "?" + query).status_code == 400


def test_nul_in_formulier_is_400_en_schrijft_niets(wereld, client):
    from hoofdzaak.models import Organisatie

    client.force_login(wereld.a.gebruikers[Rol.PROJECTLEIDER])
    url = reverse("beheer_organisatie_nieuw", kwargs={"regio": wereld.a.regio.slug})
    aantal = Organisatie.objects.count()
    assert client.post(url, {"naam": "Nieuw\x00", "soort": "reintegratie"}).status_code == 400
    assert Organisatie.objects.count() == aantal


def test_dashboard_met_jaar_1_geeft_een_formulierfout(wereld, client):
    client.force_login(wereld.a.gebruikers[Rol.PROJECTLEIDER])
    vandaag = datetime.date.today().isoformat()
    response = client.get(
        reverse("dashboard", kwargs={"regio": wereld.a.regio.slug}),
        {"periode": "anders", "van": "0001-01-01", "tot": vandaag},
    )
    assert response.status_code == 200
    assert "Vul een datum tussen 1900 en 2100 in." in response.content.decode()


def test_auditlog_met_datums_buiten_de_kalender_geeft_een_formulierfout(wereld, client):
    client.force_login(wereld.a.gebruikers[Rol.PROJECTLEIDER])
    response = client.get(
        reverse("beheer_auditlog", kwargs={"regio": wereld.a.regio.slug}), {"van": "0001-01-01", "tot": "9999-12-31"}
    )
    assert response.status_code == 200
    # Both fields: in the error summary and beside the field.
    assert response.content.decode().count("Vul een datum tussen 1900 en 2100 in.") >= 2


@pytest.mark.parametrize(
    ("waarde", "geldig"),
    [("1900-01-01", True), ("2100-12-31", True), ("1899-12-31", False), ("2101-01-01", False), ("0001-01-01", False)],
)
def test_datumveld_grenzen(waarde, geldig):
    veld = invoer.DatumVeld()
    if geldig:
        assert veld.clean(waarde) == datetime.date.fromisoformat(waarde)
    else:
        with pytest.raises(forms.ValidationError):
            veld.clean(waarde)


def _formulieren_van_het_portaal() -> list[type[forms.BaseForm]]:
    for app in ("hoofdzaak", "werkgevers", "trajecten", "rapportage"):
        pakket = importlib.import_module(app)
        for module in pkgutil.walk_packages(pakket.__path__, f"{app}."):
            if "forms" in module.name or "views" in module.name:
                importlib.import_module(module.name)
    gevonden, te_doen = [], [forms.BaseForm]
    while te_doen:
        for sub in te_doen.pop().__subclasses__():
            te_doen.append(sub)
            if sub.__module__.split(".")[0] in ("hoofdzaak", "werkgevers", "trajecten", "rapportage"):
                gevonden.append(sub)
    return gevonden


def test_elk_datumveld_van_het_portaal_is_begrensd():
    formulieren = _formulieren_van_het_portaal()
    assert len(formulieren) > 20
    onbegrensd = [
        f"{form.__module__}.{form.__name__}.{naam}"
        for form in formulieren
        for naam, veld in getattr(form, "base_fields", {}).items()
        if isinstance(veld, forms.DateField) and not isinstance(veld, invoer.DatumVeld)
    ]
    assert onbegrensd == [], "datumvelden zonder grenzen: gebruik hoofdzaak.invoer.DatumVeld of invoer.formveld"
