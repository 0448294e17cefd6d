"""The request for an AVG export PDF: no fields but the one-time key, so a double submit asks once."""

from __future__ import annotations

from hoofdzaak.forms import EenmaligForm


class InzageAanvraagForm(EenmaligForm):
    pass
