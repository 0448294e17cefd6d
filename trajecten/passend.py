"""Which open vacancies fit a participant's work wishes, and which participants fit a vacancy.

Three criteria, one point each: the sector is one the participant wishes, the hours it wishes lie within
the vacancy's range, the place is the one it wishes. The score is computed in SQL (Case/When
annotations) over a queryset the caller has already limited to what the user may see, so ranking,
filtering and paging stay one query however many candidates there are. The reasons shown next to a
match are worked out in Python from the same annotations, for the rows of one page only.
"""

from __future__ import annotations

from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.db.models.functions import Lower, Trim
from django.utils.translation import gettext as _

from hoofdzaak.keuzes import Sector, keuzelabel
from werkgevers.models import Vacature

from .models import Deelnemer, Traject

NUL = Value(0, output_field=IntegerField())


def _punt(**voorwaarde) -> Case:
    return Case(When(then=Value(1), **voorwaarde), default=NUL, output_field=IntegerField())


def _met_score(qs: QuerySet, sector, uren, plaats) -> QuerySet:
    return (
        qs.annotate(past_sector=sector, past_uren=uren, past_plaats=plaats)
        .annotate(score=F("past_sector") + F("past_uren") + F("past_plaats"))
        .filter(score__gt=0)
    )


def wensen_van(deelnemer: Deelnemer) -> dict:
    """The participant's wishes as the match uses them: known sectors, hours per week (or None), place ('' none)."""
    return {
        "sectoren": [s for s in deelnemer.wens_sectoren if s in Sector.values],
        "uren": deelnemer.wens_uren or None,
        "plaats": deelnemer.wens_plaats.strip(),
    }


def vacatures_passend_bij(vacatures: QuerySet[Vacature], deelnemer: Deelnemer) -> QuerySet[Vacature]:
    """`vacatures` that fit at least one of the participant's wishes, best first, with `score` and the
    `past_sector`, `past_uren`, `past_plaats` flags."""
    return vacatures_passend_bij_wensen(vacatures, **wensen_van(deelnemer))


def vacatures_passend_bij_wensen(
    vacatures: QuerySet[Vacature], *, sectoren: list[str], uren: int | None, plaats: str
) -> QuerySet[Vacature]:
    """`vacatures_passend_bij` for wishes as `wensen_van` gives them."""
    return _met_score(
        vacatures,
        _punt(sector__in=sectoren) if sectoren else NUL,
        _punt(uren_van__lte=uren, uren_tot__gte=uren) if uren else NUL,
        _punt(plaats__iexact=plaats) if plaats else NUL,
    ).order_by("-score", F("sluitingsdatum").asc(nulls_last=True), "-pk")


def trajecten_passend_bij(trajecten: QuerySet[Traject], vacature: Vacature) -> QuerySet[Traject]:
    """`trajecten` whose participant's wishes fit the vacancy, best first (then by name)."""
    trajecten = trajecten.annotate(wens_plaats_vergelijk=Lower(Trim("deelnemer__wens_plaats")))
    return _met_score(
        trajecten,
        # The wishes are a JSON list of sector values; matching the quoted value works on PostgreSQL and
        # SQLite alike (the demo runs on SQLite), and no value is a quoted part of another.
        _punt(deelnemer__wens_sectoren__icontains=f'"{vacature.sector}"'),
        _punt(deelnemer__wens_uren__gte=vacature.uren_van, deelnemer__wens_uren__lte=vacature.uren_tot),
        _punt(wens_plaats_vergelijk=vacature.plaats.strip().lower()),
    ).order_by("-score", "deelnemer__achternaam", "deelnemer__voornaam", "pk")


def redenen_voor_vacature(vacature: Vacature, deelnemer: Deelnemer) -> list[str]:
    """Why an annotated vacancy fits the participant, in Dutch, for the participant's page."""
    redenen = []
    if vacature.past_sector:
        redenen.append(_("sector %(sector)s staat in de werkwensen") % {"sector": keuzelabel(vacature, "sector")})
    if vacature.past_uren:
        redenen.append(
            _("%(van)s–%(tot)s uur per week past bij de gewenste %(uren)s uur")
            % {"van": vacature.uren_van, "tot": vacature.uren_tot, "uren": deelnemer.wens_uren}
        )
    if vacature.past_plaats:
        redenen.append(_("in %(plaats)s, de gewenste werkplaats") % {"plaats": vacature.plaats})
    return redenen


def redenen_voor_kandidaat(traject: Traject, vacature: Vacature) -> list[str]:
    """Why an annotated trajectory's participant fits the vacancy, in Dutch, for the candidates page."""
    deelnemer = traject.deelnemer
    redenen = []
    if traject.past_sector:
        redenen.append(_("wil werken in %(sector)s") % {"sector": keuzelabel(vacature, "sector")})
    if traject.past_uren:
        redenen.append(
            _("zoekt %(uren)s uur per week (vacature: %(van)s–%(tot)s)")
            % {"uren": deelnemer.wens_uren, "van": vacature.uren_van, "tot": vacature.uren_tot}
        )
    if traject.past_plaats:
        redenen.append(_("wil werken in %(plaats)s") % {"plaats": deelnemer.wens_plaats})
    return redenen
