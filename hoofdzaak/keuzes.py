"""Choice lists shared by several apps (kept in the core so every app above may use them)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
