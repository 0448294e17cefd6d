"""Handing over a caseload within a provider: all or some trajectories to a colleague, history and grants intact,
the colleague notified and seeing them on the worklist; bad input changes nothing."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hoofdzaak import actions as kern_actions
from hoofdzaak.models import AuditActie, AuditRegel, Gebruiker, Melding, MeldingSoort, Rol
from tests.fabriek import WACHTWOORD, ctx_van, maak_trajecten
from trajecten import actions
from trajecten.access import werklijst_voor
from trajecten.models import Overdracht, Traject, TrajectStatus, TrajectStatusWijziging
from trajecten.toegang import toegang_van
from trajecten.werklijst import Soort


def _begeleider(rw, organisatie: str = "ggz", email: str = "bram") -> Gebruiker:
    gebruiker = Gebruiker.objects.create_user(
        email=f"{email}@{rw.regio.slug}.test", naam=f"Bram {email}", password=WACHTWOORD
    )
    organisatie_ = rw.organisaties[organisatie]
    kern_actions.voeg_lidmaatschap_toe(gebruiker=gebruiker, organisatie=organisatie_, rol=Rol.TRAJECTBEGELEIDER)
    return gebruiker


def _stand(trajecten):
    return [
        (t.trajectbegeleider_id, t.versie, t.status)
        for t in Traject.objects.filter(pk__in=[t.pk for t in trajecten]).order_by("pk")
    ]


def test_draag_een_deel_van_de_caseload_over(wereld):
    rw = wereld.a
    bram = _begeleider(rw)
    trajecten = maak_trajecten(rw, 3)
    grants_voor = [toegang_van(t.deelnemer) for t in trajecten]
    geschiedenis = TrajectStatusWijziging.objects.count()
    actions.draag_over(ctx=ctx_van(rw, Rol.TRAJECTBEGELEIDER), trajecten=trajecten[:2], aan=bram)
    assert [b for b, _v, _s in _stand(trajecten)] == [bram.pk, bram.pk, rw.gebruikers[Rol.TRAJECTBEGELEIDER].pk]
    assert Overdracht.objects.filter(aan=bram, van=rw.gebruikers[Rol.TRAJECTBEGELEIDER]).count() == 2
    regels = AuditRegel.objects.filter(actie=AuditActie.WIJZIGEN, omschrijving__startswith="Overgedragen aan")
    assert regels.count() == 2
    assert Melding.objects.filter(ontvanger=bram, soort=MeldingSoort.OVERGEDRAGEN).count() == 2
    assert [toegang_van(t.deelnemer) for t in trajecten] == grants_voor
    assert TrajectStatusWijziging.objects.count() == geschiedenis
    # The colleague sees them on the worklist, the former begeleider no longer.
    punten = werklijst_voor(ctx_van_gebruiker(rw, bram))
    assert {p.traject_id for p in punten if p.soort is Soort.OVERGEDRAGEN} == {t.pk for t in trajecten[:2]}
    assert not any(p.soort is Soort.OVERGEDRAGEN for p in werklijst_voor(ctx_van(rw, Rol.TRAJECTBEGELEIDER)))


def ctx_van_gebruiker(rw, gebruiker):
    from hoofdzaak.models import Lidmaatschap
    from hoofdzaak.tenancy import RegioContext

    lid = Lidmaatschap.objects.select_related("regio", "organisatie", "gebruiker").get(
        gebruiker=gebruiker, regio=rw.regio
    )
    return RegioContext(regio=lid.regio, lidmaatschap=lid, lidmaatschappen=(lid,))


@pytest.mark.parametrize(
    "geval", ["andere aanbieder", "andere regio", "inactief", "beeindigd", "zichzelf", "klantmanager"]
)
def test_foute_overdracht_verandert_niets(wereld, geval):
    rw = wereld.a
    trajecten = maak_trajecten(rw, 2)
    aan = {
        "andere aanbieder": lambda: _begeleider(rw, "reintegratie", "ri"),
        "andere regio": lambda: _begeleider(wereld.b, "ggz", "mu"),
        "inactief": lambda: _begeleider(rw, "ggz", "weg"),
        "beeindigd": lambda: _begeleider(rw),
        "zichzelf": lambda: rw.gebruikers[Rol.TRAJECTBEGELEIDER],
        "klantmanager": lambda: rw.gebruikers[Rol.KLANTMANAGER],
    }[geval]()
    if geval == "inactief":
        Gebruiker.objects.filter(pk=aan.pk).update(is_active=False)
        aan.refresh_from_db()
    if geval == "beeindigd":
        Traject.objects.filter(pk=trajecten[1].pk).update(
            status=TrajectStatus.BEEINDIGD, einddatum=datetime.date.today()
        )
    voor = _stand(trajecten)
    audit_voor = AuditRegel.objects.count()
    with pytest.raises(ValidationError):
        actions.draag_over(ctx=ctx_van(rw, Rol.TRAJECTBEGELEIDER), trajecten=trajecten, aan=aan)
    assert _stand(trajecten) == voor
    assert not Overdracht.objects.exists() and not Melding.objects.exists()
    assert AuditRegel.objects.count() == audit_voor


def test_overdragen_via_het_formulier(wereld, client):
    rw = wereld.a
    bram = _begeleider(rw)
    trajecten = maak_trajecten(rw, 2, namen=[("Kees", "Eerste"), ("Lies", "Tweede")])
    client.force_login(rw.gebruikers[Rol.TRAJECTBEGELEIDER])
    pad = reverse("overdragen", kwargs={"regio": rw.regio.slug})
    html = client.get(pad).content.decode()
    assert "Kees Eerste" in html and "Bram bram" in html
    # Nothing chosen: a clear message, nothing handed over.
    response = client.post(pad, {"aan": str(bram.pk)})
    assert response.status_code == 200
    assert "Kies minstens één deelnemer om over te dragen." in response.content.decode()
    # A colleague of another provider is not a choice.
    anders = _begeleider(rw, "reintegratie", "ri")
    response = client.post(pad, {"aan": str(anders.pk), "trajecten": [str(trajecten[0].pk)]})
    assert "Draag alleen over aan een actieve trajectbegeleider van je organisatie." in response.content.decode()
    assert not Overdracht.objects.exists()
    response = client.post(pad, {"aan": str(bram.pk), "trajecten": [str(trajecten[0].pk)]})
    assert response.status_code == 302
    assert Traject.objects.get(pk=trajecten[0].pk).trajectbegeleider == bram
    # Bram sees the handed-over participant on the worklist of the start page.
    client.force_login(bram)
    html = client.get(reverse("regio_home", kwargs={"regio": rw.regio.slug})).content.decode()
    assert "Aan je overgedragen" in html and "Kees Eerste" in html


# --- The team lead (Lidmaatschap.teamleider) -------------------------------------------------------------------


def _teamleider(rw) -> Gebruiker:
    leider = _begeleider(rw, email="leider")
    kern_actions.zet_teamleider(
        lidmaatschap=leider.lidmaatschappen.get(), teamleider=True, door=rw.gebruikers[Rol.PROJECTLEIDER]
    )
    return leider


def test_begeleider_draagt_alleen_eigen_deelnemers_over_de_teamleider_die_van_iedereen(wereld):
    rw = wereld.a
    bram = _begeleider(rw)
    van_bram = maak_trajecten(rw, 1, begeleider=bram)
    eigen = maak_trajecten(rw, 1)
    ik = ctx_van(rw, Rol.TRAJECTBEGELEIDER)
    voor = _stand(van_bram + eigen)
    with pytest.raises(ValidationError) as fout:
        actions.draag_over(ctx=ik, trajecten=van_bram + eigen, aan=bram)
    assert "die van een collega draagt de teamleider over" in str(fout.value)
    assert _stand(van_bram + eigen) == voor and not Overdracht.objects.exists()

    leider = _teamleider(rw)
    actions.draag_over(ctx=ctx_van_gebruiker(rw, leider), trajecten=van_bram, aan=rw.gebruikers[Rol.TRAJECTBEGELEIDER])
    assert Traject.objects.get(pk=van_bram[0].pk).trajectbegeleider == rw.gebruikers[Rol.TRAJECTBEGELEIDER]
    assert Overdracht.objects.get().door == leider


def test_alleen_de_teamleider_kiest_de_caseload_van_een_collega(wereld, client):
    rw = wereld.a
    bram = _begeleider(rw)
    maak_trajecten(rw, 1, begeleider=bram, namen=[("Bram", "Zijndeelnemer")])
    maak_trajecten(rw, 1, namen=[("Ik", "Mijndeelnemer")])
    pad = reverse("overdragen", kwargs={"regio": rw.regio.slug}) + f"?van={bram.pk}"
    client.force_login(rw.gebruikers[Rol.TRAJECTBEGELEIDER])
    html = client.get(pad).content.decode()
    assert "Mijndeelnemer" in html and "Zijndeelnemer" not in html and "Caseload van" not in html
    client.force_login(_teamleider(rw))
    html = client.get(pad).content.decode()
    assert "Zijndeelnemer" in html and "Mijndeelnemer" not in html and "Caseload van" in html


def test_teamleider_maken_alleen_voor_een_trajectbegeleider(wereld, client):
    rw = wereld.a
    client.force_login(rw.gebruikers[Rol.PROJECTLEIDER])
    bram = _begeleider(rw)
    lid = bram.lidmaatschappen.get()
    pad = reverse("beheer_lidmaatschap_teamleider", kwargs={"regio": rw.regio.slug, "pk": lid.pk})
    client.post(pad, {"teamleider": "1"})
    lid.refresh_from_db()
    assert lid.is_teamleider
    assert AuditRegel.objects.filter(object_type="lidmaatschap", object_id=str(lid.pk)).exists()
    html = client.get(reverse("beheer_lidmaatschap", kwargs={"regio": rw.regio.slug, "pk": lid.pk})).content.decode()
    assert "Trajectbegeleider, teamleider" in html
    client.post(pad)
    lid.refresh_from_db()
    assert not lid.teamleider
    # A klantmanager cannot be team lead: a clear message, nothing changed.
    km = rw.lidmaatschappen[Rol.KLANTMANAGER]
    response = client.post(
        reverse("beheer_lidmaatschap_teamleider", kwargs={"regio": rw.regio.slug, "pk": km.pk}),
        {"teamleider": "1"},
        follow=True,
    )
    assert "Alleen een trajectbegeleider kan teamleider zijn." in response.content.decode()
    km.refresh_from_db()
    assert not km.teamleider


def test_het_overdrachtsformulier_schrijft_een_leesregel_met_de_getoonde_nummers(wereld, client):
    """The form shows the caseload by name: one read row per GET naming the participants listed (issue 13),
    written by the access fetch although the form reads its choices with .iterator(); a POST writes none
    (the hand-over's own rows record it)."""
    rw = wereld.a
    bram = _begeleider(rw)
    trajecten = maak_trajecten(rw, 2, namen=[("Kees", "Eerste"), ("Lies", "Tweede")])
    client.force_login(rw.gebruikers[Rol.TRAJECTBEGELEIDER])
    pad = reverse("overdragen", kwargs={"regio": rw.regio.slug})
    lijstregels = AuditRegel.objects.filter(actie=AuditActie.LEZEN, object_type="overdragen")
    assert "Kees Eerste" in client.get(pad).content.decode()
    (regel,) = lijstregels.all()
    assert regel.getoonde_nummers.split() == [t.deelnemer.nummer for t in trajecten]
    assert regel.grondslag == "beheer_deelnemer" and regel.rol == Rol.TRAJECTBEGELEIDER
    response = client.post(pad, {"aan": str(bram.pk), "trajecten": [str(trajecten[0].pk)]})
    assert response.status_code == 302
    assert lijstregels.all().count() == 1
