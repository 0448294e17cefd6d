"""Users in every role with their memberships; the benchmark accounts with the known password and the
demo authenticator app."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password

from hoofdzaak.models import Gebruiker, Lidmaatschap, Rol, Soort

from .constanten import ACHTERNAMEN, BENCH_ACCOUNTS, BENCH_REGIO, DOMEIN, GROOT, KLEIN, VOORNAMEN
from .stand import Lid, Org, RegioData, Stand

AANBIEDERS = (Soort.GGZ, Soort.REINTEGRATIE, Soort.UWV)
VASTE_ROLLEN = {
    Soort.PROGRAMMABUREAU: [(Rol.PROJECTLEIDER, 2)],
    Soort.WSP: [(Rol.WERKGEVERSADVISEUR, 3)],
    Soort.UWV: [(Rol.KLANTMANAGER, 2), (Rol.WERKGEVERSADVISEUR, 1), (Rol.BESTUURDER, 1)],
    Soort.GGZ: [(Rol.BESTUURDER, 1)],
}
# The organisation of a benchmark account that names none.
BENCH_SOORT = {
    Rol.PROJECTLEIDER: Soort.PROGRAMMABUREAU,
    Rol.WERKGEVERSADVISEUR: Soort.WSP,
    Rol.KLANTMANAGER: Soort.GEMEENTE,
    Rol.PEER_SUPPORTER: Soort.PEER_SUPPORT,
    Rol.BESTUURDER: Soort.GEMEENTE,
}


def _rollen(st: Stand, org: Org, n_d: int, n_t: int, aanbiedersgewicht: float) -> list[tuple[str, int]]:
    """(role, number of users) for one organisation. Active trajectories are roughly a quarter; IPS
    norm: ≤ 20 per begeleider."""
    rollen = list(VASTE_ROLLEN.get(org.soort, []))
    if org.soort == Soort.GEMEENTE:
        rollen = [(Rol.KLANTMANAGER, st.aantal(3, 1)), (Rol.BESTUURDER, 1)]
    elif org.soort == Soort.PEER_SUPPORT:
        rollen = [(Rol.PEER_SUPPORTER, max(2, round(n_d * 0.06 / 25)))]
    if org.soort in AANBIEDERS:
        if org.naam == GROOT:
            n_traj = st.aantal(1000)
        elif org.naam == KLEIN:
            n_traj = st.aantal(30)
        else:
            n_traj = n_t * (org.gewicht / aanbiedersgewicht if org.gewicht else 0)
        rollen.append((Rol.TRAJECTBEGELEIDER, max(1, round(n_traj * 0.27 / 18))))
    return rollen


def _bench_org(regio: RegioData, rol: str, org_naam: str) -> Org:
    if org_naam:
        return next(o for o in regio.orgs if o.naam == org_naam)
    return regio.van_soort(BENCH_SOORT[rol])[0]


class _Rijen:
    """The user and membership rows of this step."""

    def __init__(self, st: Stand) -> None:
        self.st = st
        self.gebruikers: list[tuple] = []
        self.leden: list[tuple] = []

    def voeg_toe(self, regio: RegioData, org: Org, rol: str, email: str, naam: str, wachtwoord: str) -> int:
        w, nu = self.st.w, self.st.nu
        pk = w.id(Gebruiker)
        self.gebruikers.append((pk, email, naam, wachtwoord, True, False, False, nu, nu))
        self.leden.append((w.id(Lidmaatschap), pk, org.id, regio.id, rol, True, nu, nu))
        regio.leden.append(Lid(pk, email, org, rol))
        return pk


def maak_gebruikers(st: Stand) -> None:
    rnd = st.rnd
    rijen = _Rijen(st)
    onbruikbaar = make_password(None)  # unusable: only the benchmark accounts can log in
    volgnummer = 0
    for regio in st.regios:
        n_d, n_t = st.per_regio[regio.id]
        aanbiedersgewicht = sum(o.gewicht for o in regio.van_soort(*AANBIEDERS)) or 1
        for org in regio.orgs:
            for rol, aantal in _rollen(st, org, n_d, n_t, aanbiedersgewicht):
                for _i in range(aantal):
                    volgnummer += 1
                    email = f"{rol}.{volgnummer}@{regio.slug}.{DOMEIN}"
                    naam = f"{rnd.choice(VOORNAMEN)} {rnd.choice(ACHTERNAMEN)}"
                    pk = rijen.voeg_toe(regio, org, rol, email, naam, onbruikbaar)
                    if rol == Rol.TRAJECTBEGELEIDER:
                        regio.begeleiders.setdefault(org.id, []).append(pk)
        if regio.naam == BENCH_REGIO:
            _bench_accounts(st, regio, rijen)
    st.w.copy(
        Gebruiker,
        ["id", "email", "naam", "password", "is_active", "is_staff", "is_superuser", "aangemaakt_op", "last_login"],
        rijen.gebruikers,
    )
    st.w.copy(
        Lidmaatschap,
        ["id", "gebruiker_id", "organisatie_id", "regio_id", "rol", "actief", "aangemaakt_op", "gewijzigd_op"],
        rijen.leden,
    )
    st.tellingen.update(gebruikers=len(rijen.gebruikers), lidmaatschappen=len(rijen.leden))
    _tweede_stap_voor_bench()


def _bench_accounts(st: Stand, regio: RegioData, rijen: _Rijen) -> None:
    for _sleutel, email, rol, org_naam, naam in BENCH_ACCOUNTS:
        org = _bench_org(regio, rol, org_naam)
        pk = rijen.voeg_toe(regio, org, rol, email, naam, st.bench_wachtwoord)
        if rol == Rol.TRAJECTBEGELEIDER:
            regio.begeleiders.setdefault(org.id, []).insert(0, pk)
        st.accounts.append((email, Rol(rol).label, org.naam, regio.slug))


def _tweede_stap_voor_bench() -> None:
    """Benchmark accounts get the demo authenticator app (fixed key from the e-mail address), so
    `manage.py demo_code <e-mail>` gives the code for the second login step."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from hoofdzaak.demo import DEMO_APP_NAAM, demo_totp_sleutel

    for gebruiker in Gebruiker.objects.filter(email__in=[a[1] for a in BENCH_ACCOUNTS]):
        TOTPDevice.objects.create(
            user=gebruiker, name=DEMO_APP_NAAM, key=demo_totp_sleutel(gebruiker.email).hex(), confirmed=True
        )
