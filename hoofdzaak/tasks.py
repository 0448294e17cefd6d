"""Celery tasks of the core app; they live beside the code they call (hoofdzaak.meldingen) and are
imported here so the worker's autodiscovery registers them."""

from __future__ import annotations

from .meldingen import mail_dagoverzichten_taak, mail_melding_taak

__all__ = ["mail_dagoverzichten_taak", "mail_melding_taak"]
