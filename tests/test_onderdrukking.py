"""Suppression that cannot be undone (issue 15, point 3): a published document is solved as a system of
linear equations with integer bounds per cell — what a reader can do with the cells, totals and headline
figures of one document — and every hidden figure must keep at least two possible values. The solver
here is exact (bounds propagation with branching down to single values), independent of the routine's
own check."""

from __future__ import annotations

import html
import random

import pytest

from rapportage import figuren
from rapportage.figuren import AANVULLEND, ONDERDRUKT, onderdruk_document

VERBORGEN = (ONDERDRUKT, AANVULLEND)


def _bereik(tekst: str, plafond: int) -> tuple[int, int]:
    if tekst == ONDERDRUKT:
        return (1, 4)
    if tekst == AANVULLEND:
        return (0, plafond)
    return (int(tekst), int(tekst))


def _verklein(domein: dict, delingen) -> bool:
    """Narrow the domains over the equations; False when one became empty."""
    veranderd = True
    while veranderd:
        veranderd = False
        for totaal, cellen in delingen:
            laag, hoog = sum(domein[c][0] for c in cellen), sum(domein[c][1] for c in cellen)
            for sleutel, (lo, hi) in [(totaal, (laag, hoog))] + [
                (c, (domein[totaal][0] - (hoog - domein[c][1]), domein[totaal][1] - (laag - domein[c][0])))
                for c in cellen
            ]:
                nieuw = (max(domein[sleutel][0], lo), min(domein[sleutel][1], hi))
                if nieuw[0] > nieuw[1]:
                    return False
                if nieuw != domein[sleutel]:
                    domein[sleutel], veranderd = nieuw, True
                    break
            if veranderd:
                break
    return True


def mogelijke_waarden(getoond: dict[str, str], delingen, sleutel: str, echte: int) -> set[int]:
    """Which values the hidden figure `sleutel` can take given everything published (up to the true
    value ± 3: two are enough)."""
    plafond = 4 * (max((int(t) for t in getoond.values() if t not in VERBORGEN), default=0) + 10)
    domein = {s: _bereik(t, plafond) for s, t in getoond.items()}
    return {
        w
        for w in range(max(0, echte - 3), echte + 4)
        if domein[sleutel][0] <= w <= domein[sleutel][1] and _oplossing_met({**domein, sleutel: (w, w)}, delingen, {})
    }


def controleer(waarden: dict[str, int], delingen) -> dict[str, str]:
    getoond = onderdruk_document(waarden, delingen)
    assert set(getoond) == set(waarden)
    for sleutel, aantal in waarden.items():
        if 1 <= aantal <= 4:
            assert getoond[sleutel] == ONDERDRUKT or getoond[sleutel] == AANVULLEND, sleutel
        if getoond[sleutel] not in VERBORGEN:
            assert getoond[sleutel] == str(aantal)
    # A rest cell (cells adding up to less than their total) is never published: the reader has a slack.
    volledig = []
    for i, (totaal, cellen) in enumerate(delingen):
        rest = waarden[totaal] - sum(waarden[c] for c in cellen)
        if rest:
            getoond = {**getoond, f"_rest{i}": AANVULLEND}
            waarden = {**waarden, f"_rest{i}": rest}
            cellen = [*cellen, f"_rest{i}"]
        volledig.append((totaal, list(cellen)))
    for sleutel, tekst in getoond.items():
        if tekst in VERBORGEN and not sleutel.startswith("_rest"):
            mogelijk = mogelijke_waarden(getoond, volledig, sleutel, waarden[sleutel])
            assert waarden[sleutel] in mogelijk
            assert len(mogelijk) >= 2, (sleutel, waarden, getoond)
    return getoond


def test_katwijk_kop_en_enige_methode_lekken_niet():
    # Issue 15: headline "Gestart 2", IPS the only non-zero method: IPS = 2 could be read off.
    waarden = {"gestart": 2, "m:ips": 2, "m:jobcoaching": 0, "m:uwv": 0}
    getoond = controleer(waarden, [("gestart", ["m:ips", "m:jobcoaching", "m:uwv"])])
    assert getoond["gestart"] in VERBORGEN and getoond["m:ips"] in VERBORGEN


def test_complement_van_6_heet_niet_kleiner_dan_5():
    # "<5 + <5 = 9" gave the 3 away when the complementary 6 was printed "<5" too.
    getoond = controleer({"t": 21, "a": 3, "b": 6, "c": 12}, [("t", ["a", "b", "c"])])
    assert getoond == {"t": "21", "a": ONDERDRUKT, "b": AANVULLEND, "c": "12"}


def test_kwartaaltotaal_op_een_andere_pagina_geeft_de_enige_gemeente_niet_prijs():
    # K3 report: Leiderdorp "<5" the only non-zero gemeente, while page 3 said "Plaatsingen K3: 1".
    waarden = {"plaatsingen": 1, "g:leiden": 0, "g:leiderdorp": 1, "g:katwijk": 0}
    getoond = controleer(waarden, [("plaatsingen", ["g:leiden", "g:leiderdorp", "g:katwijk"])])
    assert getoond["plaatsingen"] in VERBORGEN


def test_vier_enen_onder_een_totaal_van_vier():
    controleer({"t": 4, "a": 1, "b": 1, "c": 1, "d": 1}, [("t", ["a", "b", "c", "d"])])


def test_nul_en_grote_aantallen_blijven_zichtbaar():
    getoond = controleer({"t": 30, "a": 0, "b": 12, "c": 18}, [("t", ["a", "b", "c"])])
    assert getoond == {"t": "30", "a": "0", "b": "12", "c": "18"}


def test_negatief_of_te_grote_cellen_weigert():
    with pytest.raises(ValueError):
        onderdruk_document({"a": -1})
    with pytest.raises(ValueError):
        onderdruk_document({"t": 3, "a": 5}, [("t", ["a"])])


def _willekeurig_document(rng: random.Random) -> tuple[dict[str, int], list]:
    """A total broken down two or three ways, one of whose cells is broken down again, and a second
    period's total with its own breakdown (as a report's quarter and year); small counts are common."""
    waarden: dict[str, int] = {}
    delingen = []

    def verdeel(totaal: str, aantal_cellen: int, prefix: str) -> list[str]:
        cellen = [f"{prefix}{i}" for i in range(aantal_cellen)]
        rest = waarden[totaal]
        for c in cellen[:-1]:
            waarden[c] = rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 9]) if rest else 0
            waarden[c] = min(waarden[c], rest)
            rest -= waarden[c]
        # Sometimes participants outside the breakdown (woongemeente elsewhere): the cells add up to less.
        onder = rng.random() < 0.2 and rest > 0
        waarden[cellen[-1]] = rest - (1 if onder else 0)
        delingen.append((totaal, cellen))
        return cellen

    waarden["T"] = rng.choice([1, 2, 3, 4, 5, 6, 7, 9, 12, 17, 25])
    for j in range(rng.randint(1, 3)):
        cellen = verdeel("T", rng.randint(1, 4), f"d{j}_")
    if rng.random() < 0.5:
        groot = max(cellen, key=lambda c: waarden[c])
        verdeel(groot, rng.randint(1, 3), f"{groot}_")
    return waarden, delingen


@pytest.mark.parametrize("zaad", range(250))
def test_willekeurige_documenten_houden_elke_verborgen_cel_onbepaald(zaad):
    waarden, delingen = _willekeurig_document(random.Random(zaad))
    controleer(waarden, delingen)


def test_legenda_noemt_beide_tekens():
    assert "<5" in figuren.ONDERDRUKKING_LEGENDA and "•" in figuren.ONDERDRUKKING_LEGENDA


# --- The documents as built: every demo PDF's figures, solved as a reader would ----------------------------


def _oplossing_met(domein: dict, delingen, echt: dict[str, int]) -> bool:
    """Is there an integer solution within `domein`? Depth first with bounds propagation, each variable's values
    tried nearest to its true value in `echt` first, the lowest first where it has none (the true values are one
    solution, so a solution close to them is found at once when there is one); exhaustive, so False means none
    exists."""
    domein = dict(domein)
    if not _verklein(domein, delingen):
        return False
    open_ = [s for s, (lo, hi) in domein.items() if lo < hi]
    if not open_:
        return all(domein[t][0] == sum(domein[c][0] for c in cs) for t, cs in delingen)
    kies = min(open_, key=lambda s: domein[s][1] - domein[s][0])
    lo, hi = domein[kies]
    doel = min(max(echt.get(kies, lo), lo), hi)
    volgorde = sorted(range(lo, hi + 1), key=lambda w: (abs(w - doel), w))
    return any(_oplossing_met({**domein, kies: (w, w)}, delingen, echt) for w in volgorde)


def heeft_een_tweede_waarde(getoond: dict[str, str], delingen, sleutel: str, echt: dict[str, int]) -> bool:
    """Can the hidden figure `sleutel` take a value other than its true one, given everything published?
    (Its true value is possible: the true figures are a solution.)"""
    plafond = 4 * (max((int(t) for t in getoond.values() if t not in VERBORGEN), default=0) + 10)
    domein = {s: _bereik(t, plafond) for s, t in getoond.items()}
    waarde = echt[sleutel]
    for stap in (1, -1, 2, -2, 3, -3):
        w = waarde + stap
        if domein[sleutel][0] <= w <= domein[sleutel][1] and _oplossing_met(
            {**domein, sleutel: (w, w)}, delingen, echt
        ):
            return True
    return False


def _controleer_document(document) -> None:
    getoond, waarden, delingen = dict(document.teksten), dict(document.waarden), []
    for i, (totaal, cellen) in enumerate(document.delingen):
        rest = waarden[totaal] - sum(waarden[c] for c in cellen)
        if rest:
            getoond[f"_rest{i}"], waarden[f"_rest{i}"] = AANVULLEND, rest
            cellen = [*cellen, f"_rest{i}"]
        delingen.append((totaal, list(cellen)))
    for sleutel, tekst in getoond.items():
        if sleutel.startswith("_rest"):
            continue  # not published: the part of a total outside its cells
        if 1 <= waarden[sleutel] <= 4:
            assert tekst in VERBORGEN, sleutel
        if tekst in VERBORGEN:
            assert heeft_een_tweede_waarde(getoond, delingen, sleutel, waarden), sleutel


@pytest.mark.django_db
def test_elk_demodocument_houdt_elke_verborgen_cel_onbepaald():
    """One load of the demo (two regions of realistic size), then every document a bestuurder reads of it: every
    PDF, every bestuurder's dashboard and every provider's Werkmonitor file."""
    from django.core.management import call_command

    call_command("laad_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    elke_demo_pdf_houdt_elke_verborgen_cel_onbepaald()
    dashboard_en_werkmonitor_van_elke_demolezer_houden_elke_verborgen_cel_onbepaald()


def elke_demo_pdf_houdt_elke_verborgen_cel_onbepaald() -> None:
    import datetime

    from django.utils import timezone

    from hoofdzaak.models import Organisatie, Regio
    from rapportage.archief import inhoud as rapporten
    from rapportage.archief.models import PARTNER_SOORTEN
    from rapportage.figuren import Periode

    vandaag = timezone.localdate()
    vorige_maand = (vandaag.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    kwartaal = (vorige_maand.month - 1) // 3 + 1
    documenten = partners = 0
    for regio in Regio.objects.filter(slug__in=["holland-rijnland", "midden-utrecht"]):
        for k in range(1, kwartaal + 1):
            context = rapporten.kwartaal_context(regio, Periode.kwartaal(vorige_maand.year, k), vandaag)
            _controleer_document(context["document"])
            documenten += 1
        for gemeente in Organisatie.objects.gemeenten().filter(regio=regio):
            context = rapporten.maand_context(
                regio, gemeente, Periode.maand(vorige_maand.year, vorige_maand.month), vandaag
            )
            _controleer_document(context["document"])
            documenten += 1
        # Every partner's report on its own scope (issue 15 point 7).
        for partner in Organisatie.objects.filter(regio=regio, soort__in=PARTNER_SOORTEN):
            context = rapporten.organisatie_context(
                regio, partner, Periode.maand(vorige_maand.year, vorige_maand.month), vandaag
            )
            _controleer_document(context["document"])
            documenten += 1
            partners += 1
    assert documenten >= 6 and partners >= 4


# --- The dashboard and the Werkmonitor as documents (issue 15 point 3) -------------------------------------------


def _bestuurder_scope(regio, organisatie):
    from hoofdzaak.models import Lidmaatschap, Rol
    from hoofdzaak.tenancy import RegioContext
    from rapportage.access import dashboard_scope

    lid = Lidmaatschap(regio=regio, organisatie=organisatie, rol=Rol.BESTUURDER)
    return dashboard_scope(RegioContext(regio=regio, lidmaatschap=lid, lidmaatschappen=(lid,)))


def dashboard_en_werkmonitor_van_elke_demolezer_houden_elke_verborgen_cel_onbepaald() -> None:
    """The dashboard of every bestuurder of both demo regions (every gemeente, UWV and GGZ provider: the year so
    far and the last closed quarter) and the Werkmonitor file of every provider, solved as a reader would."""
    import datetime

    from django.utils import timezone

    from hoofdzaak.models import Organisatie, Regio, Soort
    from rapportage import exports
    from rapportage.figuren import Periode
    from rapportage.views import dashboard_weergave

    vandaag = timezone.localdate()
    vorig_kwartaal = (vandaag.replace(month=(vandaag.month - 1) // 3 * 3 + 1, day=1)) - datetime.timedelta(days=1)
    perioden = [Periode.jaar(vandaag.year), Periode.kwartaal(vorig_kwartaal.year, (vorig_kwartaal.month - 1) // 3 + 1)]
    dashboards = werkmonitors = verborgen = 0
    for regio in Regio.objects.filter(slug__in=["holland-rijnland", "midden-utrecht"]):
        for organisatie in Organisatie.objects.in_regio(regio).filter(soort__in=(Soort.GEMEENTE, Soort.UWV, Soort.GGZ)):
            scope = _bestuurder_scope(regio, organisatie)
            for periode in perioden:
                context = dashboard_weergave.inhoud(scope=scope, periode=periode, gemeente=None, peildatum=vandaag)
                document = context["cijfers"].document
                _controleer_document(document)
                verborgen += document.iets_verborgen
                dashboards += 1
        kwartaal = perioden[1]
        for aanbieder in Organisatie.objects.in_regio(regio).filter(trajecten_als_aanbieder__isnull=False).distinct():
            regels = exports.werkmonitor_regels(regio=regio, periode=kwartaal, aanbieder=aanbieder, onderdrukken=True)
            rijen, tellingen = exports.werkmonitor_tellingen(regio=regio, periode=kwartaal, aanbieder=aanbieder)
            document = exports.werkmonitor_document(rijen, tellingen).onderdruk()
            _controleer_document(document)
            # The file prints the document's texts.
            assert [r[8] for r in regels] == [document.tekst(f"{i}:gestart") for i in range(len(rijen))]
            werkmonitors += 1
    assert dashboards >= 12 and werkmonitors >= 4 and verborgen  # the demo has small cells to hide


@pytest.mark.django_db
def test_katwijk_lekt_niet_op_het_dashboard_van_zijn_bestuurder(wereld, client):
    """Issue 15: Katwijk's bestuurder read "Gestart 2" in the headline and "IPS <5" as the only method row."""
    from django.urls import reverse

    from hoofdzaak.models import Rol
    from tests.fabriek import D, traject

    a = wereld.a
    for maand in (3, 5):  # the bestuurder's gemeente: 2 starts, both IPS
        traject(a, start=D(2025, maand, 2), methode="ips")
    for i in range(23):  # the neighbour: the region is large enough to show its own totals
        traject(a, start=D(2025, 1 + i % 12, 10), methode=("ips", "jobcoaching", "uwv")[i % 3], gemeente="gemeente2")
    client.force_login(a.gebruikers[Rol.BESTUURDER])
    response = client.get(reverse("dashboard", kwargs={"regio": a.regio.slug}), {"jaar": 2025})
    assert response.status_code == 200
    cijfers = response.context["cijfers"]
    _controleer_document(cijfers.document)
    kaart = next(k for k in response.context["kaarten"] if k.titel.startswith("Gestart in 2025: "))
    assert kaart.waarde in VERBORGEN and "%" not in kaart.toelichting
    kern = {label: cellen for label, cellen in response.context["kerncijfers"].rijen}
    assert kern["Gestart (alle methoden)"][0] in VERBORGEN
    methoden = next(t for t in response.context["uitsplitsingen"] if t.id == "per-methode")
    ips = dict(methoden.rijen)["IPS (Individuele Plaatsing en Steun)"]
    assert ips[0] in VERBORGEN and methoden.totaal[0] in VERBORGEN
    # Neither the funnel, the months nor the quarters print the 2, and no chart draws it.
    for tabel in (response.context["funnel"].tabel, response.context["trend"].tabel, response.context["kwartalen"]):
        assert all(cel != "2" for _label, cellen in tabel.rijen for cel in cellen)
    assert response.context["funnel"].svg is None
    assert figuren.ONDERDRUKKING_LEGENDA in html.unescape(response.content.decode())
