"""Report periods: whole calendar months and quarters, as inclusive (van, tot) dates."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from hoofdzaak import datums

from .models import RapportSoort

# The first year of reports and exports: the programme's data start here.
EERSTE_JAAR = 2020


@dataclass(frozen=True)
class Rapportperiode:
    van: datetime.date
    tot: datetime.date  # inclusive

    @classmethod
    def maand(cls, jaar: int, maand: int) -> Rapportperiode:
        return cls(datetime.date(jaar, maand, 1), datetime.date(jaar, maand, calendar.monthrange(jaar, maand)[1]))

    @classmethod
    def kwartaal(cls, jaar: int, kwartaal: int) -> Rapportperiode:
        eerste = 3 * (kwartaal - 1) + 1
        return cls(datetime.date(jaar, eerste, 1), cls.maand(jaar, eerste + 2).tot)

    @classmethod
    def vorige_maand(cls, vandaag: datetime.date) -> Rapportperiode:
        vorige = vandaag.replace(day=1) - datetime.timedelta(days=1)
        return cls.maand(vorige.year, vorige.month)

    @classmethod
    def vorig_kwartaal(cls, vandaag: datetime.date) -> Rapportperiode:
        begin = datetime.date(vandaag.year, 3 * ((vandaag.month - 1) // 3) + 1, 1)
        vorige = begin - datetime.timedelta(days=1)
        return cls.kwartaal(vorige.year, (vorige.month - 1) // 3 + 1)

    @property
    def is_hele_maand(self) -> bool:
        return self.van.day == 1 and self == Rapportperiode.maand(self.van.year, self.van.month)

    @property
    def is_heel_kwartaal(self) -> bool:
        return (
            self.van.day == 1
            and self.van.month % 3 == 1
            and self == Rapportperiode.kwartaal(self.van.year, (self.van.month - 1) // 3 + 1)
        )

    @property
    def kwartaalnummer(self) -> int:
        return (self.van.month - 1) // 3 + 1

    def label(self, soort: str) -> str:
        if soort == RapportSoort.KWARTAAL:
            return f"K{self.kwartaalnummer} {self.van.year}"
        return datums.maand_voluit(self.van)

    @property
    def jaar_tot_nu(self) -> Rapportperiode:
        """1 January of the period's year up to and including its last day."""
        return Rapportperiode(datetime.date(self.tot.year, 1, 1), self.tot)


def periode_van(waarde) -> Rapportperiode:
    """A Rapportperiode from anything with `van` and inclusive `tot` dates, or a (van, tot) pair."""
    if isinstance(waarde, Rapportperiode):
        return waarde
    if isinstance(waarde, tuple):
        return Rapportperiode(*waarde)
    return Rapportperiode(waarde.van, waarde.tot)
