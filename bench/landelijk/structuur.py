"""Regions, their organisations (each with its group) and the yearly targets; how many participants and
trajectories each region gets."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.utils.text import slugify

from hoofdzaak.models import Doelstelling, Organisatie, Regio, Soort

from .constanten import BENCH_REGIO, GEMEENTEN_TOTAAL, GROOT, KLEIN, REGIOS
from .stand import Org, RegioData, Stand


def _organisaties(st: Stand, naam: str, n_gemeenten: int, cbs: int) -> list[tuple[str, str, str, float]]:
    """(name, kind, CBS code, weight) of one region's organisations; gemeenten numbered on from `cbs`."""
    rnd = st.rnd
    specs = [(f"Programmabureau Hoofdzaak Werk {naam}", Soort.PROGRAMMABUREAU, "", 0)]
    for i in range(n_gemeenten):
        specs.append((f"Gemeente {naam} {i + 1:02d}", Soort.GEMEENTE, f"GM{cbs + i + 1:04d}", 0))
    specs.append((f"UWV {naam}", Soort.UWV, "", rnd.uniform(0.5, 1.0)))
    for i in range(rnd.randint(1, 3)):
        specs.append((f"GGZ {naam} {i + 1}", Soort.GGZ, "", rnd.uniform(0.6, 1.5)))
    for i in range(rnd.randint(2, 5)):
        specs.append((f"Re-integratie {naam} {i + 1}", Soort.REINTEGRATIE, "", rnd.uniform(0.4, 1.3)))
    if naam == BENCH_REGIO:
        specs.append((GROOT, Soort.GGZ, "", 0))
        specs.append((KLEIN, Soort.REINTEGRATIE, "", 0))
    specs.append((f"Peer support {naam}", Soort.PEER_SUPPORT, "", 0))
    specs.append((f"Werkgeversservicepunt {naam}", Soort.WSP, "", 0))
    return specs


def maak_structuur(st: Stand) -> None:
    w = st.w
    specs = REGIOS[: st.aantal_regios]
    totaal_gewicht = sum(g for _n, _c, g in specs)
    gemeenten_per_regio = [max(3, round(GEMEENTEN_TOTAAL * g / totaal_gewicht)) for _n, _c, g in specs]
    groepen, orgs, regios_rijen = [], [], []
    cbs = 0
    for (naam, code, gewicht), n_gemeenten in zip(specs, gemeenten_per_regio, strict=True):
        regio = RegioData(id=w.id(Regio), naam=naam, slug=slugify(naam), code=code, gewicht=gewicht)
        st.regios.append(regio)
        regios_rijen.append((regio.id, naam, regio.slug, code))
        for org_naam, soort, cbs_code, org_gewicht in _organisaties(st, naam, n_gemeenten, cbs):
            groep = w.id(Group)
            groepen.append((groep, f"organisatie-landelijk-{groep}"))
            org = Org(w.id(Organisatie), regio.id, org_naam, soort, groep, org_gewicht)
            regio.orgs.append(org)
            orgs.append((org.id, regio.id, org_naam, soort, cbs_code, groep))
        cbs += n_gemeenten
    w.copy(Regio, ["id", "naam", "slug", "code"], regios_rijen)
    w.copy(Group, ["id", "name"], groepen)
    w.copy(Organisatie, ["id", "regio_id", "naam", "soort", "cbs_code", "groep_id"], orgs)
    doelen = [
        (w.id(Doelstelling), r.id, jaar, st.rnd.choice([100, 100, 120, 150]))
        for r in st.regios
        for jaar in range(st.begin.year, st.vandaag.year + 1)
    ]
    w.copy(Doelstelling, ["id", "regio_id", "jaar", "aantal"], doelen)
    st.tellingen.update(regios=len(regios_rijen), organisaties=len(orgs), doelstellingen=len(doelen))


def verdeel_deelnemers(st: Stand) -> None:
    totaal_d = st.aantal(100_000, minimum=2 * len(st.regios))
    totaal_t = st.aantal(120_000, minimum=2 * len(st.regios))
    gewicht = sum(r.gewicht for r in st.regios)
    for regio in st.regios:
        n_d = max(2, round(totaal_d * regio.gewicht / gewicht))
        n_t = max(n_d, round(totaal_t * regio.gewicht / gewicht))
        st.per_regio[regio.id] = (n_d, n_t)
