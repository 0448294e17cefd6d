"""Access rules of employers and vacancies: werkgeversadviseurs manage them, trajectbegeleiders read
the employers and the open vacancies, every other role gets 403."""

from hoofdzaak.models import Rol
from werkgevers.models import Vacature, VacatureStatus, Werkgever

from . import Regel, alleen, regio

LEZERS = alleen(Rol.WERKGEVERSADVISEUR, Rol.TRAJECTBEGELEIDER)
BEHEERDERS = alleen(Rol.WERKGEVERSADVISEUR)
# An empty POST to a form page shows the form again (200) for a werkgeversadviseur only.
SCHRIJVEN = alleen(Rol.WERKGEVERSADVISEUR)


def _werkgever(rw) -> Werkgever:
    werkgever, _created = Werkgever.objects.get_or_create(
        regio=rw.regio,
        kvk_nummer=f"9{rw.regio.pk:07d}",
        defaults={"naam": f"Matrixbedrijf {rw.regio.naam}", "sector": "zorg", "plaats": "Leiden"},
    )
    return werkgever


def _vacature(rw, status: str = VacatureStatus.OPEN) -> Vacature:
    werkgever = _werkgever(rw)
    vacature, _created = Vacature.objects.get_or_create(
        regio=rw.regio,
        werkgever=werkgever,
        titel=f"Matrixvacature ({status})",
        defaults={"status": status, "sector": "zorg", "plaats": "Leiden", "uren_van": 16, "uren_tot": 24},
    )
    return vacature


def werkgever(w):
    return {**regio(w), "pk": _werkgever(w.a).pk}


def werkgever_b(w):
    return {**regio(w), "pk": _werkgever(w.b).pk}


def vacature(w):
    return {**regio(w), "pk": _vacature(w.a).pk}


def vacature_b(w):
    return {**regio(w), "pk": _vacature(w.b).pk}


def gesloten_vacature(w):
    return {**regio(w), "pk": _vacature(w.a, VacatureStatus.GESLOTEN).pk}


def vervulde_vacature(w):
    return {**regio(w), "pk": _vacature(w.a, VacatureStatus.VERVULD).pk}


# A vacancy that is not open exists only for werkgeversadviseurs; a trajectbegeleider gets 404, as if
# it did not exist, and every other role 403 as for any vacancy.
NIET_OPEN = {**BEHEERDERS, Rol.TRAJECTBEGELEIDER: 404}

MATRIX: dict[str, Regel] = {
    "werkgevers": Regel(rollen=LEZERS, kwargs=regio),
    "werkgever": Regel(rollen=LEZERS, kwargs=werkgever, vreemd_object=werkgever_b),
    "werkgever_nieuw": Regel(rollen=BEHEERDERS, kwargs=regio, post=SCHRIJVEN),
    "werkgever_bewerken": Regel(rollen=BEHEERDERS, kwargs=werkgever, vreemd_object=werkgever_b, post=SCHRIJVEN),
    # Trajectbegeleiders log their own employer contacts too (IPS job development, not about one participant).
    "werkgeverscontact_nieuw": Regel(rollen=LEZERS, kwargs=werkgever, vreemd_object=werkgever_b, post=LEZERS),
    "vacatures": Regel(rollen=LEZERS, kwargs=regio),
    "vacature": Regel(
        rollen=LEZERS,
        kwargs=vacature,
        vreemd_object=vacature_b,
        varianten={
            "gesloten vacature": (gesloten_vacature, NIET_OPEN),
            "vervulde vacature": (vervulde_vacature, NIET_OPEN),
        },
    ),
    "vacature_nieuw": Regel(rollen=BEHEERDERS, kwargs=werkgever, vreemd_object=werkgever_b, post=SCHRIJVEN),
    "vacature_bewerken": Regel(rollen=BEHEERDERS, kwargs=vacature, vreemd_object=vacature_b, post=SCHRIJVEN),
}
