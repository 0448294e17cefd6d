"""No dead links: every demo account follows every link the portal shows it in its region; none answers 4xx/5xx.

The demo data (`manage.py laad_demo`) has every situation the lists show: declined referrals, withdrawn
consent, placements, proposals, reports. Each account starts at its region's home page and follows every
`<a href>` within the region, breadth first. A list that shows a name its reader can no longer open shows up
here as a 404. Links that only differ in their query string or object are followed a few times per URL
pattern, which keeps the crawl short without missing a kind of page.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from html import unescape
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve, reverse

from hoofdzaak.models import Gebruiker, Rol
from tests.fabriek import REGIO_SLUGS, laad_demo
from trajecten.models import Traject, TrajectStatus

HREF = re.compile(r"""<a\b[^>]*\bhref="([^"#]*)""")
# Per URL pattern and query-string shape this many pages; a pattern's first pages show every kind of link.
PER_PATROON = 3
# Links that are not pages to look at: they change something (confirm pages are fine, they only ask).
NIET_VOLGEN = {"logout"}


def volg_links(client, start: str, regio: str) -> tuple[Counter, list[str]]:
    """Visit `start` and every link within /<regio>/ breadth first; (pages per status, dead links with origin)."""
    gezien = {start}
    rij = deque([(start, "start")])
    per_patroon: Counter = Counter()
    statussen: Counter = Counter()
    dood: list[str] = []
    while rij:
        url, herkomst = rij.popleft()
        response = client.get(url)
        statussen[response.status_code] += 1
        if response.status_code >= 400:
            dood.append(f"{url} ({response.status_code}), link op {herkomst}")
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for href in HREF.findall(response.content.decode()):
            link = unescape(href)
            delen = urlsplit(link)
            if delen.netloc or not delen.path.startswith(f"/{regio}/") or link in gezien:
                continue
            try:
                naam = resolve(delen.path).url_name
            except Resolver404:
                dood.append(f"{link} (geen URL), link op {url}")
                continue
            if naam in NIET_VOLGEN:
                continue
            soort = (naam, tuple(sorted(k.split("=")[0] for k in delen.query.split("&") if k)))
            if per_patroon[soort] >= PER_PATROON:
                continue
            per_patroon[soort] += 1
            gezien.add(link)
            rij.append((link, url))
    return statussen, dood


def test_elk_demo_account_volgt_elke_link_zonder_dode_link(db, client):
    """One test for all accounts: the demo data is loaded once (it takes seconds)."""
    laad_demo()
    dood: list[str] = []
    for slug in REGIO_SLUGS:
        for rol in Rol.values:
            client.force_login(Gebruiker.objects.get(email=f"{rol}@{slug}.demo"))
            statussen, dood_hier = volg_links(client, reverse("regio_home", kwargs={"regio": slug}), slug)
            print(f"{rol}@{slug}: {sum(statussen.values())} pagina's gevolgd, {dict(statussen)}")
            assert statussen[200] >= 3, f"{rol}@{slug} zag te weinig pagina's om iets te bewijzen: {dict(statussen)}"
            dood.extend(f"{rol}@{slug}: {regel}" for regel in dood_hier)
            client.logout()
    assert not dood, "dode links:\n" + "\n".join(dood)

    # A declined referral's participant is no longer the provider's to open: the caseload omits the name.
    afgewezen = (
        Traject.objects.filter(regio__slug="holland-rijnland", status=TrajectStatus.AFGEWEZEN)
        .exclude(deelnemer__trajecten__status__in=[s for s in TrajectStatus.values if s != TrajectStatus.AFGEWEZEN])
        .select_related("deelnemer", "aanbieder")
        .first()
    )
    assert afgewezen is not None, "de demodata heeft geen afgewezen aanmelding meer"
    begeleider = Gebruiker.objects.filter(
        lidmaatschappen__organisatie=afgewezen.aanbieder, lidmaatschappen__rol=Rol.TRAJECTBEGELEIDER
    ).first()
    client.force_login(begeleider)
    pagina = client.get(
        reverse("caseload", kwargs={"regio": "holland-rijnland"}), {"status": TrajectStatus.AFGEWEZEN}
    ).content.decode()
    assert afgewezen.deelnemer.nummer not in pagina
    assert afgewezen.deelnemer.achternaam not in pagina
