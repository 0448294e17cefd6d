"""Models of the rapportage app.

The report archive's models live in `rapportage.archief.models` (the archive is a room of its own,
see rapportage/archief/__init__.py); they are imported here so Django registers them under this app
with their tables (`rapportage_rapport`, `rapportage_abonnement`) and migrations unchanged.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from .archief.models import (  # noqa: F401 - re-exported: registered under this app
    LOPENDE_STATUSSEN,
    RAPPORT_ROLLEN,
    Abonnement,
    AbonnementQuerySet,
    Rapport,
    RapportQuerySet,
    RapportSoort,
    RapportStatus,
    Waarschuwingserkenning,
)


class Cijferstand(models.Model):
    """The version of one region's figure data (`rapportage.cijfercache`).

    `versie` gets a new random value in the same transaction as every INSERT, UPDATE or DELETE of a row
    that a figure is computed from (trajectories, placements, contacts, participants, organisations,
    targets of the region): PostgreSQL statement triggers (migration 0002) do it, so bulk writes,
    the admin, retention and the data generator count too. Cached figures are keyed by it; a changed
    version makes every cached figure of the region unreachable at once. Random rather than a counter,
    so a database that is emptied or rebuilt never meets its old cache entries again.

    `regio_id` is not a foreign key on purpose: the triggers fire while a region's rows are deleted,
    and must not be refused or cascaded then.
    """

    regio_id = models.BigIntegerField(primary_key=True)
    versie = models.UUIDField(default=uuid.uuid4)

    class Meta:
        verbose_name = _("cijferstand")
        verbose_name_plural = _("cijferstanden")

    def __str__(self) -> str:
        return f"regio {self.regio_id}: {self.versie}"
