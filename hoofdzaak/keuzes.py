"""Choice lists shared by several apps (kept in the core so every app above may use them)."""

from functools import cache

from django.db import models
from django.db.models import Field
from django.utils.hashable import make_hashable
from django.utils.translation import gettext_lazy as _


def keuzelabel(obj: models.Model, veld: str):
    """The label of a choice field's value, what `obj.get_<veld>_display()` gives. Django's method rebuilds
    a dict of all the field's choices on every call, and hashing the lazy labels translates each of them;
    this builds the dict once per field and returns the lazy label, translated when it is rendered."""
    field = obj._meta.get_field(veld)
    waarde = getattr(obj, field.attname)
    return _labels(field).get(make_hashable(waarde), waarde)


@cache
def _labels(field: Field) -> dict:
    return {make_hashable(waarde): label for waarde, label in field.flatchoices}


class Sector(models.TextChoices):
    ZORG = "zorg", _("Zorg en welzijn")
    HORECA = "horeca", _("Horeca")
    DETAILHANDEL = "detailhandel", _("Detailhandel")
    LOGISTIEK = "logistiek", _("Logistiek en transport")
    TECHNIEK = "techniek", _("Techniek en installatie")
    BOUW = "bouw", _("Bouw")
    ICT = "ict", _("ICT")
    ADMINISTRATIEF = "administratief", _("Administratief en zakelijke dienstverlening")
    GROEN = "groen", _("Groen en agrarisch")
    SCHOONMAAK = "schoonmaak", _("Schoonmaak en facilitair")
    ONDERWIJS = "onderwijs", _("Onderwijs en kinderopvang")
    OVERHEID = "overheid", _("Overheid")
    INDUSTRIE = "industrie", _("Productie en industrie")
    CREATIEF = "creatief", _("Cultuur en creatief")
    OVERIG = "overig", _("Overig")
