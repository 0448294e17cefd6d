"""Must show of the foundation: a projectleider invites a user, who sets a password and logs in.

The whole flow runs on a desktop and on a phone (360 px) and every page it shows passes axe-core's
WCAG 2.1 A/AA rules.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from hoofdzaak.models import Gebruiker, Rol
from tests.fabriek import WACHTWOORD

from .hulp import DESKTOP, TELEFOON, axe_controle, inloggen, link_uit_mail

pytestmark = pytest.mark.browser

NIEUW_WACHTWOORD = "Paarse-olifant-fietst-naar-Leiden-7"


@pytest.mark.parametrize("scherm", [DESKTOP, TELEFOON], ids=["desktop", "telefoon"])
def test_projectleider_nodigt_uit_en_genodigde_logt_in(nieuwe_pagina, live_server, wereld, scherm):
    regio = wereld.a.regio
    projectleider = wereld.a.gebruikers[Rol.PROJECTLEIDER]
    home_url = live_server.url + reverse("regio_home", kwargs={"regio": regio.slug})

    # The projectleider logs in and lands on its region's home page.
    pl = nieuwe_pagina(viewport=scherm)
    pl.goto(live_server.url + reverse("login"))
    expect(pl.get_by_role("heading", level=1)).to_have_text("Inloggen")
    axe_controle(pl)
    inloggen(pl, live_server, projectleider.email, WACHTWOORD)
    expect(pl).to_have_url(home_url)
    expect(pl.get_by_role("heading", level=1)).to_have_text(f"Hoofdzaak Werk {regio.naam}")
    expect(pl.locator(".hzw-lead")).to_contain_text("Je werkt als projectleider bij Programmabureau Holland Rijnland")
    axe_controle(pl)

    # Users page, then the invitation form; submitting it empty shows the errors accessibly.
    pl.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Gebruikers").click()
    expect(pl.get_by_role("heading", level=1)).to_have_text("Gebruikers en rollen")
    axe_controle(pl)
    pl.get_by_role("link", name="Gebruiker uitnodigen").click()
    expect(pl.get_by_role("heading", level=1)).to_have_text("Gebruiker uitnodigen")
    axe_controle(pl)
    pl.get_by_role("button", name="Uitnodiging versturen").click()
    expect(pl.get_by_role("alert")).to_contain_text("Controleer de gemarkeerde velden")
    expect(pl.get_by_label("E-mailadres")).to_have_attribute("aria-invalid", "true")
    axe_controle(pl)

    pl.get_by_label("Naam").fill("Fatima el Amrani")
    pl.get_by_label("E-mailadres").fill("Fatima.ElAmrani@GGZ.example")
    pl.get_by_label("Organisatie").select_option(label="GGZ Holland Rijnland")
    pl.get_by_label("Rol").select_option(label="Trajectbegeleider")
    pl.get_by_role("button", name="Uitnodiging versturen").click()
    expect(pl.get_by_role("heading", level=1)).to_have_text("Gebruikers en rollen")
    expect(pl.get_by_role("status").filter(has_text="De uitnodiging is verstuurd")).to_contain_text(
        "fatima.elamrani@ggz.example"
    )
    rij = pl.get_by_role("row").filter(has_text="Fatima el Amrani")
    expect(rij).to_contain_text("Trajectbegeleider")
    expect(rij).to_contain_text("Uitgenodigd")
    axe_controle(pl)

    # The invitee, in its own browser, follows the link from the e-mail and chooses a password.
    link = link_uit_mail("fatima.elamrani@ggz.example")
    assert link.startswith(live_server.url + "/account/activeren/"), link
    genodigde = nieuwe_pagina(viewport=scherm)
    genodigde.goto(link)
    expect(genodigde.get_by_role("heading", level=1)).to_have_text("Welkom, Fatima el Amrani")
    axe_controle(genodigde)
    genodigde.get_by_label(re.compile(r"^Nieuw wachtwoord \(")).fill(NIEUW_WACHTWOORD)
    genodigde.get_by_label("Nieuw wachtwoord bevestigen").fill(NIEUW_WACHTWOORD + "x")
    genodigde.get_by_role("button", name="Account activeren").click()
    expect(genodigde.get_by_role("alert")).to_be_visible()
    axe_controle(genodigde)
    genodigde.get_by_label(re.compile(r"^Nieuw wachtwoord \(")).fill(NIEUW_WACHTWOORD)
    genodigde.get_by_label("Nieuw wachtwoord bevestigen").fill(NIEUW_WACHTWOORD)
    genodigde.get_by_role("button", name="Account activeren").click()
    expect(genodigde).to_have_url(live_server.url + reverse("login"))
    expect(genodigde.get_by_role("status")).to_have_text(
        "Je account is geactiveerd. Log in met je e-mailadres en nieuwe wachtwoord."
    )
    axe_controle(genodigde)
    assert Gebruiker.objects.get(email="fatima.elamrani@ggz.example").check_password(NIEUW_WACHTWOORD)

    # It logs in with the new password and lands on its role's home page, without the admin menu.
    inloggen(genodigde, live_server, "fatima.elamrani@ggz.example", NIEUW_WACHTWOORD)
    expect(genodigde).to_have_url(home_url)
    expect(genodigde.get_by_role("heading", level=1)).to_have_text(f"Hoofdzaak Werk {regio.naam}")
    expect(genodigde.locator(".hzw-lead")).to_have_text("Je werkt als trajectbegeleider bij GGZ Holland Rijnland.")
    expect(genodigde.get_by_role("banner")).to_contain_text("Trajectbegeleider · GGZ Holland Rijnland")
    expect(genodigde.get_by_text("Als trajectbegeleider registreer je intakes")).to_be_visible()
    menu = genodigde.get_by_role("navigation", name="Hoofdmenu")
    expect(menu.get_by_role("link", name="Caseload")).to_be_visible()
    expect(menu.get_by_role("link", name="Gebruikers")).to_have_count(0)
    axe_controle(genodigde)

    # The link works only once.
    genodigde.goto(link)
    expect(genodigde.get_by_role("heading", level=1)).to_have_text("Deze link werkt niet meer")
    axe_controle(genodigde)


def test_opmaak_laadt(page, live_server):
    """Utrecht's CSS, its tokens and portaal.css reach the browser, so axe's contrast check means something."""
    page.goto(live_server.url + reverse("login"))
    kop = page.locator(".hzw-kop")
    expect(kop).to_have_css("background-color", "rgb(18, 55, 84)")  # portaal.css: --hzw-kleur-primair-donker
    knop = page.get_by_role("button", name="Inloggen")
    expect(knop).to_have_css("background-color", "rgb(28, 79, 124)")  # Utrecht button with our token
    expect(page.get_by_role("link", name="Naar de inhoud")).not_to_be_in_viewport()  # Utrecht skip link


def test_axe_controle_meldt_overtredingen(page):
    """The helper itself fails, and says why, when a page breaks WCAG."""
    page.set_content('<html><body><img src="data:,"><a href="#"></a></body></html>')
    with pytest.raises(AssertionError) as fout:
        axe_controle(page, opmaak=False)
    melding = str(fout.value)
    for regel in ("html-has-lang", "image-alt", "link-name"):
        assert regel in melding
    assert "* img" in melding, "de melding noemt de elementen met de overtreding"


def test_axe_controle_meldt_zijwaarts_scrollen_op_telefoon(nieuwe_pagina):
    page = nieuwe_pagina(viewport=TELEFOON)
    page.set_content('<html lang="nl"><title>Breed</title><main><div style="width: 600px">Breed</div></main></html>')
    with pytest.raises(AssertionError, match=r"6\d\dpx breed bij een venster van 360px"):
        axe_controle(page, opmaak=False)
