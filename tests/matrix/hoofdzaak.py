"""Access rules of the core: accounts, region home, region management."""

from hoofdzaak.models import Rol

from . import LEDEN, ROLLEN, Regel, alleen, regio


def org(w):
    return {**regio(w), "pk": w.a.organisaties["ggz"].pk}


def org_b(w):
    return {**regio(w), "pk": w.b.organisaties["ggz"].pk}


def lid(w):
    return {**regio(w), "pk": w.a.lidmaatschappen["collega"].pk}


def lid_b(w):
    return {**regio(w), "pk": w.b.lidmaatschappen["collega"].pk}


ONGELDIGE_LINK = {"uidb64": "MTIzNDU", "token": "abc-def"}

MATRIX: dict[str, Regel] = {
    # Outside the regions.
    "start": Regel(rollen=dict.fromkeys(ROLLEN, 302), andere_regio=None),
    "gezondheid": Regel(rollen=LEDEN, anoniem=200, andere_regio=None),
    "login": Regel(rollen=dict.fromkeys(ROLLEN, 302), anoniem=200, andere_regio=None),
    "logout": Regel(rollen=dict.fromkeys(ROLLEN, 405), anoniem=405, andere_regio=None),
    "password_reset": Regel(rollen=LEDEN, anoniem=200, andere_regio=None),
    "password_reset_done": Regel(rollen=LEDEN, anoniem=200, andere_regio=None),
    "password_reset_confirm": Regel(rollen=LEDEN, anoniem=200, andere_regio=None, kwargs=lambda w: ONGELDIGE_LINK),
    "password_reset_complete": Regel(rollen=LEDEN, anoniem=200, andere_regio=None),
    "activeren": Regel(
        rollen=dict.fromkeys(ROLLEN, 400), anoniem=400, andere_regio=None, kwargs=lambda w: ONGELDIGE_LINK
    ),
    # Second login step and account security (hoofdzaak/tweefactor.py); the matrix client has passed the second
    # step (tests/conftest.py), so every role sees the page.
    "tweede_stap": Regel(rollen=LEDEN, andere_regio=None, post=LEDEN),
    "tweede_stap_instellen": Regel(rollen=LEDEN, andere_regio=None, post=LEDEN),
    "beveiliging": Regel(rollen=LEDEN, andere_regio=None, post=LEDEN),
    # Every member of the region.
    "regio_home": Regel(rollen=LEDEN, kwargs=regio),
    "kies_rol": Regel(rollen=dict.fromkeys(ROLLEN, 405), kwargs=regio, post=dict.fromkeys(ROLLEN, 302)),
    # The projectleider manages its own region.
    "beheer_organisaties": Regel(rollen=alleen(Rol.PROJECTLEIDER), kwargs=regio),
    "beheer_organisatie_nieuw": Regel(rollen=alleen(Rol.PROJECTLEIDER), kwargs=regio, post=alleen(Rol.PROJECTLEIDER)),
    "beheer_organisatie": Regel(
        rollen=alleen(Rol.PROJECTLEIDER), kwargs=org, vreemd_object=org_b, post=alleen(Rol.PROJECTLEIDER)
    ),
    "beheer_gebruikers": Regel(rollen=alleen(Rol.PROJECTLEIDER), kwargs=regio),
    "beheer_uitnodigen": Regel(rollen=alleen(Rol.PROJECTLEIDER), kwargs=regio, post=alleen(Rol.PROJECTLEIDER)),
    "beheer_lidmaatschap": Regel(
        rollen=alleen(Rol.PROJECTLEIDER), kwargs=lid, vreemd_object=lid_b, post=alleen(Rol.PROJECTLEIDER)
    ),
    "beheer_lidmaatschap_actief": Regel(
        rollen=alleen(Rol.PROJECTLEIDER),
        kwargs=lid,
        vreemd_object=lid_b,
        post=alleen(Rol.PROJECTLEIDER, ok=302),
    ),
    # POST-only: make a trajectbegeleider team lead (the walk's membership is not one: a message, redirect).
    "beheer_lidmaatschap_teamleider": Regel(
        rollen=dict.fromkeys(ROLLEN, 405), kwargs=lid, post=alleen(Rol.PROJECTLEIDER, ok=302)
    ),
    "beheer_uitnodiging_opnieuw": Regel(
        rollen=dict.fromkeys(ROLLEN, 405), kwargs=lid, post=alleen(Rol.PROJECTLEIDER, ok=302)
    ),
}
