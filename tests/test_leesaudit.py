"""Every read of personal data leaves an audit row, by construction (issue 13, DESIGN.md §4).

Walks every URL pattern of the portal with a GET as every role that may open it (tests/matrix) and compares
the audit rows the request wrote with `LEESAUDIT`. A URL pattern without an entry fails
`test_elk_urlpatroon_heeft_een_leesverwachting`, like the access matrix: whoever adds a page decides what it
logs. The rows come from the access functions (trajecten/access.py), never from the views.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from hoofdzaak.models import AuditActie, AuditRegel, Rol

from .matrix import ROLLEN, alle_regels, url_patronen

MATRIX = alle_regels()

LEZEN, ZOEKEN, EXPORT = AuditActie.LEZEN, AuditActie.ZOEKEN, AuditActie.EXPORT
TB, KM, PEER, PL = Rol.TRAJECTBEGELEIDER, Rol.KLANTMANAGER, Rol.PEER_SUPPORTER, Rol.PROJECTLEIDER
# The audit actions that record a look at participant data.
INZAGE = (LEZEN, ZOEKEN, EXPORT, AuditActie.AFDRUK)

# No participant data on the page: no read row for any role.
GEEN: dict[str, tuple[str, ...]] = {}


def per_rol(**rollen: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    return rollen


# URL name -> per role (that may open it): the audit actions one GET writes, in order. Roles not named: none.
# Lists write their row only when they show participants (with the test data of tests/conftest.py `Dossiers`).
LEESAUDIT: dict[str, dict[str, tuple[str, ...]]] = {
    # Participant data: one row per page, edit form, export and list.
    "deelnemer": per_rol(
        trajectbegeleider=(LEZEN,), klantmanager=(LEZEN,), peer_supporter=(LEZEN,), projectleider=(LEZEN,)
    ),
    "deelnemers": per_rol(klantmanager=(LEZEN,), peer_supporter=(LEZEN,), projectleider=(LEZEN,)),
    "caseload": per_rol(trajectbegeleider=(LEZEN,)),
    "deelnemer_bewerken": per_rol(trajectbegeleider=(LEZEN,)),
    "toestemming_nieuw": per_rol(trajectbegeleider=(LEZEN,)),
    "toestemming_intrekken": per_rol(trajectbegeleider=(LEZEN,)),
    "peer_koppelen": per_rol(trajectbegeleider=(LEZEN,)),
    "peer_gesprek": per_rol(peer_supporter=(LEZEN,)),
    "contact_nieuw": per_rol(trajectbegeleider=(LEZEN,)),
    "traject_starten": per_rol(trajectbegeleider=(LEZEN,)),
    "traject_beeindigen": per_rol(trajectbegeleider=(LEZEN,)),
    "financiering_corrigeren": per_rol(trajectbegeleider=(LEZEN,)),
    "traject_overdragen": per_rol(trajectbegeleider=(LEZEN,)),
    "plaatsing_nieuw": per_rol(trajectbegeleider=(LEZEN,)),
    "plaatsing_beeindigen": per_rol(trajectbegeleider=(LEZEN,)),
    "voordragen": per_rol(trajectbegeleider=(LEZEN,)),
    "voordracht_terugtrekken": per_rol(trajectbegeleider=(LEZEN,)),
    "aanmelding_behandelen": per_rol(trajectbegeleider=(LEZEN,)),
    "werkpunt_uitstellen": per_rol(trajectbegeleider=(LEZEN,)),
    "inzage_json": per_rol(trajectbegeleider=(EXPORT,)),
    # The finished PDF of the AVG export: handed out now. Its page shows only the status (polled while it is
    # built), no personal data: no row (the request itself is logged by its action, tests/test_inzage.py).
    "inzage_pdf": per_rol(trajectbegeleider=(EXPORT,)),
    "inzage": GEEN,
    # What a proposal shares with the werkgeversadviseur (no name, but about one participant).
    "voordracht": per_rol(werkgeversadviseur=(LEZEN,)),
    "voordracht_status": per_rol(werkgeversadviseur=(LEZEN,)),
    # Reports and exports: aggregates, each download logged as such (rapportage), no participant data.
    "rapport_download": per_rol(projectleider=(AuditActie.AFDRUK,), bestuurder=(AuditActie.AFDRUK,)),
    "rapporten_export_csv": per_rol(projectleider=(EXPORT,)),
    "rapporten_export_xlsx": per_rol(projectleider=(EXPORT,)),
    "rapporten_werkmonitor": per_rol(projectleider=(EXPORT,), trajectbegeleider=(EXPORT,)),
    "werkmonitor": per_rol(),
    # Acknowledging a warning and approving a report (POST, projectleider): no participant data is read; each
    # action writes its own change row (tests/test_versies.py).
    "rapport_erkennen": GEEN,
    "rapport_goedkeuren": GEEN,
    "aanmeldingen": per_rol(klantmanager=(LEZEN,)),
    # Lists that are empty with the walk's data, so they show nobody and write nothing here; their read rows
    # with participants are tested in tests/test_aanmelding.py (inbox) and tests/test_werk.py (candidates).
    "inbox": GEEN,
    "vacature_kandidaten": GEEN,
    # The start page shows the begeleider's worklist with names (its read row: tests/test_werklijst.py); the
    # walk's participants have nothing due today.
    "regio_home": GEEN,
    # The hand-over form lists the caseload's participants (names) as its choices: one list row.
    "overdragen": per_rol(trajectbegeleider=(LEZEN,)),
    # The user's own notifications (texts made by the portal) and their settings.
    "meldingen": GEEN,
    "melding_openen": GEEN,
    "meldingen_aantal": GEEN,
    "meldingvoorkeuren": GEEN,
    # The region's target and its split (issue 15 point 2): targets per organisation and who set them, no
    # personal data of participants.
    "doel": GEEN,
    # No participant data on these pages.
    **dict.fromkeys(
        [
            "aanmelden",
            "activeren",
            "beheer_auditlog",
            "beheer_gebruikers",
            "beheer_lidmaatschap",
            "beheer_lidmaatschap_actief",
            "beheer_lidmaatschap_teamleider",
            "overdracht_vragen",
            "beheer_organisatie",
            "beheer_organisatie_nieuw",
            "beheer_organisaties",
            "beheer_uitnodigen",
            "beheer_uitnodiging_opnieuw",
            "beveiliging",
            "dashboard",
            "gezondheid",
            "intake",
            "intake_dubbelcheck",
            "kies_rol",
            "login",
            "logout",
            "modeltrouw",  # staff figures and names, no participant data
            "password_reset",
            "password_reset_complete",
            "password_reset_confirm",
            "password_reset_done",
            "rapport",
            "rapport_abonnement",
            "rapport_nieuw",
            "rapporten",
            "start",
            "tweede_stap",
            "tweede_stap_instellen",
            "vacature",
            "vacature_bewerken",
            "vacature_nieuw",
            "vacatures",
            "voordrachten",
            "werkgever",
            "werkgever_bewerken",
            "werkgever_nieuw",
            "werkgevers",
            "werkgeverscontact_nieuw",
        ],
        GEEN,
    ),
}


def _verwachting(naam: str, rol: str) -> tuple[str, ...]:
    return tuple(LEESAUDIT[naam].get(rol, ()))


def test_elk_urlpatroon_heeft_een_leesverwachting():
    namen = {naam for naam, _ in url_patronen() if not naam.startswith("admin:")}
    assert namen - LEESAUDIT.keys() == set(), "URL-patronen zonder verwachting voor het leesauditlog"
    assert LEESAUDIT.keys() - namen == set(), "verwachtingen voor URL-patronen die niet meer bestaan"


@pytest.mark.parametrize("naam", sorted(MATRIX))
def test_elke_get_schrijft_de_verwachte_leesregels(naam, wereld, client, request):
    regel = MATRIX[naam]
    # Always with participants in every situation, so lists have someone to show.
    wereld.dossiers = request.getfixturevalue("dossiers")
    url = reverse(naam, kwargs=regel.kwargs(wereld))
    fouten = []
    for rol in ROLLEN:
        if regel.rollen[rol] != 200:
            continue
        client.logout()
        client.force_login(wereld.a.gebruikers[rol])
        laatste = AuditRegel.objects.order_by("-id").values_list("id", flat=True).first() or 0
        response = client.get(url)
        assert response.status_code == 200, f"{url} als {rol}: {response.status_code}"
        nieuw = list(AuditRegel.objects.filter(id__gt=laatste, actie__in=INZAGE).order_by("id"))
        gekregen = tuple(r.actie for r in nieuw)
        if gekregen != _verwachting(naam, rol):
            fouten.append(f"GET {url} als {rol}: {gekregen}, verwacht {_verwachting(naam, rol)}")
        for r in nieuw:
            # Each row says whose data it was: one number, or the numbers a list showed.
            if r.actie == LEZEN and not (r.deelnemer_nummer or r.getoonde_nummers):
                fouten.append(f"GET {url} als {rol}: regel {r.actie} zonder deelnemernummer(s)")
            if r.gebruiker_id != wereld.a.gebruikers[rol].pk or r.rol != rol or not r.request_id:
                fouten.append(f"GET {url} als {rol}: regel {r.actie} zonder gebruiker, rol of request-id")
    assert not fouten, "\n".join(fouten)
