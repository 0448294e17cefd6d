"""One person, known once (issue 16, point 4): a keyed pseudonymous match key per participant.

Organisations of a region each register their own participants and may not see each other's names. To find
that a new intake or referral is a person who already has a trajectory elsewhere in the region, every
participant carries a match key: an HMAC-SHA256, keyed with `PORTAAL_KOPPEL_SLEUTEL` (an environment setting,
never in the database), of the region, the normalised name and the birth date. Without the key the stored
values say nothing and cannot be recomputed from a guessed name; with the region in the input the same person
has unrelated keys in two regions, so a match across regions is impossible by construction (and the queries
filter on the region as well).

An HMAC cannot be compared fuzzily, so the near matches are found through keys over variants, computed the
same way on both sides (symmetric deletion):

- stored per participant (`Koppelsleutel`): the key of its exact name, and one key for every name with one
  letter left out (of the first or of the last name), all with its exact birth date;
- looked up for a new participant: the same set (against every stored key), and the key of its exact name with
  day and month swapped (against the stored exact keys only).

Two names within one typo of each other (a letter wrong, missing, extra, or two neighbours swapped) share a
key of that set; a birth date with day and month transposed meets the other's exact key. One deviation at a
time: a typo and a transposed date together are no match (`vergelijk` states the rule for one pair).
`Deelnemer.koppelsleutel` is the exact key: a match on it is "exact", any other match "near" (possibly the same
person: the users decide).

Normalisation (`normaliseer`): `naamsleutel` (case, diacritics and spacing aside) and then letters and digits only, so
"Van den Berg", "van den berg" and "Vandenberg" are one name.

`Deelnemer.persoon` groups the records of one person for the figures ("unieke deelnemers"): a new participant
takes the `persoon` of a participant with the same exact key in the region, else a new one. It is a random
value, so it survives anonymisation (retention clears the keys) and the counts stay correct.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q

from .models import Deelnemer, Koppelsleutel, naamsleutel


def normaliseer(naam: str) -> str:
    """A name as the match key compares it: `naamsleutel`, then only its letters (and digits, if someone typed
    them: they tell names apart)."""
    return "".join(teken for teken in naamsleutel(naam) if teken.isalnum())


def _sleutel(regio_id: int, voornaam: str, achternaam: str, geboortedatum: datetime.date) -> str:
    bericht = f"{regio_id}|{voornaam}|{achternaam}|{geboortedatum.isoformat()}".encode()
    return hmac.new(settings.PORTAAL_KOPPEL_SLEUTEL.encode(), bericht, hashlib.sha256).hexdigest()


def _weglatingen(naam: str) -> set[str]:
    """The name with each one letter left out (a name of one letter keeps itself: no empty names)."""
    return {naam[:i] + naam[i + 1 :] for i in range(len(naam))} - {""}


def _namen(voornaam: str, achternaam: str) -> set[tuple[str, str]]:
    """The exact name and every one-letter-out variant of the first or the last name."""
    voor, achter = normaliseer(voornaam), normaliseer(achternaam)
    return {(voor, achter)} | {(v, achter) for v in _weglatingen(voor)} | {(voor, a) for a in _weglatingen(achter)}


def verwisseld(datum: datetime.date) -> datetime.date | None:
    """The date with day and month swapped, where that is another valid date."""
    if datum.day > 12 or datum.day == datum.month:
        return None
    return datum.replace(month=datum.day, day=datum.month)


def exacte_sleutel(regio_id: int, voornaam: str, achternaam: str, geboortedatum: datetime.date) -> str:
    return _sleutel(regio_id, normaliseer(voornaam), normaliseer(achternaam), geboortedatum)


def opgeslagen_sleutels(regio_id: int, voornaam: str, achternaam: str, geboortedatum: datetime.date) -> set[str]:
    """What is stored for a participant: its exact key and the keys of its one-letter-out names."""
    return {_sleutel(regio_id, v, a, geboortedatum) for v, a in _namen(voornaam, achternaam)}


def verwisselde_sleutel(regio_id: int, voornaam: str, achternaam: str, geboortedatum: datetime.date) -> str | None:
    """The exact key of this name with day and month of the birth date swapped (None where that is no other
    date). Compared with the other participants' exact keys only: a typo and a transposed date together are
    not a near match."""
    andere_datum = verwisseld(geboortedatum)
    return None if andere_datum is None else exacte_sleutel(regio_id, voornaam, achternaam, andere_datum)


def vergelijk(
    regio_id: int, opgeslagen: tuple[str, str, datetime.date], gezocht: tuple[str, str, datetime.date]
) -> str:
    """How a looked-up person (first name, last name, birth date) meets a stored one: "exact", "bijna" or
    "geen". The rule `zoek` applies in the database, written out for one pair (the known-answer tests)."""
    if exacte_sleutel(regio_id, *opgeslagen) == exacte_sleutel(regio_id, *gezocht):
        return "exact"
    if opgeslagen_sleutels(regio_id, *opgeslagen) & opgeslagen_sleutels(regio_id, *gezocht):
        return "bijna"
    if exacte_sleutel(regio_id, *opgeslagen) == verwisselde_sleutel(regio_id, *gezocht):
        return "bijna"
    return "geen"


@dataclass(frozen=True)
class Treffer:
    deelnemer_id: int
    exact: bool


def zoek(deelnemer: Deelnemer) -> list[Treffer]:
    """The region's other participants that are (exact) or may be (near) the same person: one query."""
    gegevens = (deelnemer.regio_id, deelnemer.voornaam, deelnemer.achternaam, deelnemer.geboortedatum)
    varianten = Koppelsleutel.objects.filter(
        regio_id=deelnemer.regio_id, sleutel__in=sorted(opgeslagen_sleutels(*gegevens))
    ).values("deelnemer_id")
    voorwaarde = Q(pk__in=varianten)
    if (verwisseld_ := verwisselde_sleutel(*gegevens)) is not None:
        voorwaarde |= Q(koppelsleutel=verwisseld_)
    exact = exacte_sleutel(*gegevens)
    rijen = (
        Deelnemer.objects.filter(voorwaarde, regio_id=deelnemer.regio_id)
        .exclude(pk=deelnemer.pk)
        .exclude(koppelsleutel="")
        .values_list("pk", "koppelsleutel")
    )
    return [Treffer(pk, sleutel == exact) for pk, sleutel in sorted(rijen)]


def sla_op(deelnemer: Deelnemer, *, nieuw: bool) -> None:
    """Store the participant's keys (after creating it, or after its name or birth date changed) and, for a new
    one or a changed exact key, its `persoon`. Called by trajecten.actions in their transaction; does not save
    the participant's other fields."""
    exact = exacte_sleutel(deelnemer.regio_id, deelnemer.voornaam, deelnemer.achternaam, deelnemer.geboortedatum)
    if not nieuw and exact == deelnemer.koppelsleutel:
        return
    zelfde = (
        Deelnemer.objects.filter(regio_id=deelnemer.regio_id, koppelsleutel=exact)
        .exclude(pk=deelnemer.pk)
        .order_by("pk")
        .values_list("persoon", flat=True)
        .first()
    )
    deelnemer.koppelsleutel = exact
    deelnemer.persoon = zelfde or (deelnemer.persoon if nieuw else uuid.uuid4())
    Deelnemer.objects.filter(pk=deelnemer.pk).update(koppelsleutel=exact, persoon=deelnemer.persoon)
    Koppelsleutel.objects.filter(deelnemer=deelnemer).delete()
    Koppelsleutel.objects.bulk_create(
        Koppelsleutel(regio_id=deelnemer.regio_id, deelnemer=deelnemer, sleutel=sleutel)
        for sleutel in sorted(
            opgeslagen_sleutels(deelnemer.regio_id, deelnemer.voornaam, deelnemer.achternaam, deelnemer.geboortedatum)
        )
    )


def wis(deelnemer: Deelnemer) -> None:
    """Retention: the keys go (they are derived from name and birth date); `persoon` stays for the counts."""
    Koppelsleutel.objects.filter(deelnemer=deelnemer).delete()
    Deelnemer.objects.filter(pk=deelnemer.pk).update(koppelsleutel="")
    deelnemer.koppelsleutel = ""


def herbereken_alle(deelnemers=None) -> int:
    """(Re)compute the keys of every participant not anonymised (after the key changed, or for existing data).
    `persoon` is regrouped by exact key. Returns the number of participants done."""
    qs = (deelnemers if deelnemers is not None else Deelnemer.objects.all()).filter(geanonimiseerd_op__isnull=True)
    aantal = 0
    for deelnemer in qs.order_by("pk").iterator(chunk_size=2000):
        Deelnemer.objects.filter(pk=deelnemer.pk).update(koppelsleutel="")
        deelnemer.koppelsleutel = ""
        sla_op(deelnemer, nieuw=True)
        aantal += 1
    return aantal
