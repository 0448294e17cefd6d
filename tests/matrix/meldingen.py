"""Access rules of the notifications (hoofdzaak/views/meldingen.py).

Every member of the region has its own list, count and e-mail preferences; a notification opens only for
its recipient (302 to where it points) and is 404 for everybody else, like one of another region."""

from hoofdzaak.models import Melding, MeldingSoort, Rol

from . import LEDEN, ROLLEN, Regel, regio


def _melding(rw) -> Melding:
    melding, _nieuw = Melding.objects.get_or_create(
        regio=rw.regio,
        ontvanger=rw.gebruikers[Rol.TRAJECTBEGELEIDER],
        soort=MeldingSoort.OVERGEDRAGEN,
        defaults={"tekst": "Testmelding", "url": f"/{rw.regio.slug}/"},
    )
    return melding


def melding(w):
    return {**regio(w), "pk": _melding(w.a).pk}


def melding_b(w):
    return {**regio(w), "pk": _melding(w.b).pk}


MATRIX: dict[str, Regel] = {
    # The POST marks all of the user's own notifications as read and redirects.
    "meldingen": Regel(rollen=LEDEN, kwargs=regio, post=dict.fromkeys(ROLLEN, 302)),
    "meldingen_aantal": Regel(rollen=LEDEN, kwargs=regio),
    "meldingvoorkeuren": Regel(rollen=LEDEN, kwargs=regio),
    "melding_openen": Regel(
        rollen={rol: 302 if rol == Rol.TRAJECTBEGELEIDER else 404 for rol in ROLLEN},
        kwargs=melding,
        vreemd_object=melding_b,
    ),
}
