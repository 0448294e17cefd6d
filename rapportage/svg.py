"""Charts drawn on the server as inline SVG, for the dashboard and the PDF reports alike.

No JavaScript and no external files: the markup is the chart, so browsers and WeasyPrint draw the
same thing. Every chart

- is one `<svg role="img">` whose `<title>` names it (aria-labelledby) and whose `<desc>` says what it
  shows in words (aria-describedby), generated from the data unless the caller gives its own;
- sets its font family and sizes and its colours explicitly (no CSS needed, nothing inherited);
- writes every value as text next to its bar, so colour never carries information on its own
  (WCAG 1.4.1), and uses colours from the portal palette with at least 3:1 contrast on white for bars
  and lines (WCAG 1.4.11) and 4.5:1 for text;
- has a viewBox and width 100% (no style attribute: the portal's CSP allows no inline styles), so it
  scales with its container; put it in a container of about its `breedte` (the dashboard uses
  `hzw-smal`, 40rem) so its text keeps the size it was drawn with.

A chart is an extra, never the only way to read the numbers: show the same data as a table next to it
(the dashboard puts one in a <details> under each chart).

    staafdiagram(naam="per-gemeente", titel="Gestart per gemeente", reeks=[("Leiden", 12), …])
    kolomdiagram(naam="trend", titel="Gestart per maand", reeks=[("jan", 3), …])
    voortgangsbalk(naam="doel", titel="Voortgang", waarde=42, doel=100,
                   markeringen=[Markering("pro rata", 45), Markering("prognose", 93, stippel=True)])
    koersbalken(naam="koers", titel="Op koers?", rijen=[Koers("Leiden", "14", 12.5, 112.0), …])

`naam` makes the ids of title and description unique on the page; use one name per chart.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

LETTERTYPE = "'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Liberation Sans', sans-serif"
LETTERGROOTTE = 14
KLEIN = 13

# The portal palette (static/css/portaal.css); contrast on white in the comments.
KLEUR_TEKST = "#1b1f24"  # 16:1
KLEUR_GEDEMPT = "#4b5562"  # 7.5:1
KLEUR_STAAF = "#1c4f7c"  # 8.4:1
KLEUR_RAND = "#6b7785"  # 4.6:1
KLEUR_SPOOR = "#e3eef7"  # background of a progress bar: decorative, its border carries the shape
KLEUR_MARKERING = "#6b4700"  # 7.6:1
KLEUR_DOEL = "#1b1f24"

_NAAM = re.compile(r"^[a-z][a-z0-9-]*$")


@dataclass(frozen=True)
class Markering:
    """A vertical line on a progress bar (pro-rata target, forecast), labelled under the bar."""

    label: str
    waarde: float
    stippel: bool = False


def staafdiagram(
    *,
    naam: str,
    titel: str,
    reeks: Sequence[tuple[str, float]],
    beschrijving: str | None = None,
    eenheid: str = "",
    breedte: int = 640,
) -> SafeString:
    """Horizontal bars, one row per item: the label above its bar, the value behind it."""
    _controleer_naam(naam)
    rand, rij = 8, 46
    hoogte = 2 * rand + max(1, len(reeks)) * rij
    ruimte_voor_waarde = 72
    schaal = max((waarde for _, waarde in reeks), default=0) or 1
    max_lengte = breedte - 2 * rand - ruimte_voor_waarde
    delen = []
    for i, (label, waarde) in enumerate(reeks):
        y = rand + i * rij
        lengte = max(0.0, waarde) / schaal * max_lengte
        delen.append(_tekst(rand, y + 15, label))
        if lengte > 0:
            delen.append(
                f'<rect x="{rand}" y="{y + 21}" width="{lengte:.1f}" height="18" fill="{KLEUR_STAAF}" rx="2"/>'
            )
        delen.append(_tekst(rand + lengte + 6, y + 35, _waarde_tekst(waarde, eenheid), gewicht="bold"))
    if not reeks:
        delen.append(_tekst(rand, rand + 20, "Geen gegevens", kleur=KLEUR_GEDEMPT))
    beschrijving = beschrijving or _beschrijf(reeks, eenheid)
    return _svg(naam, titel, beschrijving, breedte, hoogte, delen)


def kolomdiagram(
    *,
    naam: str,
    titel: str,
    reeks: Sequence[tuple[str, float]],
    beschrijving: str | None = None,
    eenheid: str = "",
    breedte: int = 640,
    hoogte: int = 220,
) -> SafeString:
    """Vertical columns for a series over time: the label under each column, the value above it."""
    _controleer_naam(naam)
    links, rechts, boven, onder = 8, 8, 24, 28
    basislijn = hoogte - onder
    vak = (breedte - links - rechts) / max(1, len(reeks))
    kolom = min(48.0, vak * 0.6)
    schaal = max((waarde for _, waarde in reeks), default=0) or 1
    delen = [
        f'<line x1="{links}" y1="{basislijn}" x2="{breedte - rechts}" y2="{basislijn}" '
        f'stroke="{KLEUR_RAND}" stroke-width="1"/>'
    ]
    for i, (label, waarde) in enumerate(reeks):
        midden = links + vak * i + vak / 2
        hoog = max(0.0, waarde) / schaal * (basislijn - boven)
        if hoog > 0:
            delen.append(
                f'<rect x="{midden - kolom / 2:.1f}" y="{basislijn - hoog:.1f}" width="{kolom:.1f}" '
                f'height="{hoog:.1f}" fill="{KLEUR_STAAF}"/>'
            )
        delen.append(
            _tekst(midden, basislijn - hoog - 6, _waarde_tekst(waarde, eenheid), anker="middle", grootte=KLEIN)
        )
        delen.append(_tekst(midden, hoogte - 8, label, anker="middle", grootte=KLEIN, kleur=KLEUR_GEDEMPT))
    beschrijving = beschrijving or _beschrijf(reeks, eenheid)
    return _svg(naam, titel, beschrijving, breedte, hoogte, delen)


def voortgangsbalk(
    *,
    naam: str,
    titel: str,
    waarde: float,
    doel: float,
    markeringen: Sequence[Markering] = (),
    beschrijving: str | None = None,
    waarde_label: str = "",
    breedte: int = 640,
) -> SafeString:
    """A bar filled up to `waarde`, with the target and any markers (pro rata, forecast) as lines.

    The scale runs to the largest of target, value and markers, so a forecast above the target
    still fits. The value is written above the bar, the target at its line, each marker on its own
    row under the bar (labels never overlap)."""
    _controleer_naam(naam)
    rand, balk_y, balk_h = 8, 30, 26
    lengte = breedte - 2 * rand
    schaal = max([doel, waarde, *(m.waarde for m in markeringen)]) or 1

    def x(v: float) -> float:
        return rand + max(0.0, v) / schaal * lengte

    hoogte = balk_y + balk_h + 10 + len(markeringen) * 20 + 6
    delen = [
        _tekst(rand, 18, waarde_label or _getal(waarde), gewicht="bold"),
        f'<rect x="{rand}" y="{balk_y}" width="{lengte}" height="{balk_h}" fill="{KLEUR_SPOOR}" '
        f'stroke="{KLEUR_RAND}" stroke-width="1"/>',
    ]
    if waarde > 0:
        delen.append(
            f'<rect x="{rand}" y="{balk_y}" width="{x(waarde) - rand:.1f}" height="{balk_h}" fill="{KLEUR_STAAF}"/>'
        )
    doel_x = x(doel)
    delen.append(
        f'<line x1="{doel_x:.1f}" y1="{balk_y - 6}" x2="{doel_x:.1f}" y2="{balk_y + balk_h + 4}" '
        f'stroke="{KLEUR_DOEL}" stroke-width="3"/>'
    )
    delen.append(_tekst(doel_x, 18, f"doel {_getal(doel)}", anker=_anker(doel_x, breedte), gewicht="bold"))
    for i, markering in enumerate(markeringen):
        mx = x(markering.waarde)
        label_y = balk_y + balk_h + 24 + i * 20
        stippel = ' stroke-dasharray="5 3"' if markering.stippel else ""
        delen.append(
            f'<line x1="{mx:.1f}" y1="{balk_y - 2}" x2="{mx:.1f}" y2="{label_y - 12}" '
            f'stroke="{KLEUR_MARKERING}" stroke-width="2"{stippel}/>'
        )
        delen.append(
            _tekst(
                mx,
                label_y,
                f"{markering.label} {_getal(markering.waarde)}",
                anker=_anker(mx, breedte),
                kleur=KLEUR_MARKERING,
                grootte=KLEIN,
            )
        )
    if beschrijving is None:
        delen_tekst = [f"{waarde_label or _getal(waarde)} van het doel {_getal(doel)}"]
        delen_tekst += [f"{m.label}: {_getal(m.waarde)}" for m in markeringen]
        beschrijving = "; ".join(delen_tekst) + "."
    return _svg(naam, titel, beschrijving, breedte, hoogte, delen)


@dataclass(frozen=True)
class Koers:
    """One row of `koersbalken`: the starts so far against the target naar rato on the same day."""

    label: str
    gestart_tekst: str  # the count as the document prints it: "14", "<5", "•"
    naar_rato: float
    # gestart as a percentage of naar_rato (rapportage.figuren computes it); None when the count is not
    # published (suppressed) or there is no target yet: no bar, no percentage
    procent: float | None


def koersbalken(
    *, naam: str, titel: str, rijen: Sequence[Koers], beschrijving: str | None = None, breedte: int = 640
) -> SafeString:
    """ "Are we on course?": per row a bar of the starts as a percentage of the target naar rato, with a line
    at 100% (exactly on schedule). Rows are comparable whatever their targets (a gemeente beside its region).
    A row whose count is hidden gets no bar and no percentage, only its text ("<5"), so the chart gives away
    nothing the document does not print."""
    _controleer_naam(naam)
    rand, rij_h, balk_h = 8, 56, 18
    lengte = breedte - 2 * rand

    zichtbaar = [rij.procent for rij in rijen if rij.procent is not None]
    schaal = min(max([100.0, *zichtbaar]) * 1.1, 330.0)

    def x(p: float) -> float:
        return rand + min(p, schaal) / schaal * lengte

    delen, teksten = [], []
    for i, rij in enumerate(rijen):
        y = 6 + i * rij_h
        p = rij.procent
        if p is None:
            tekst = f"{rij.label}: {rij.gestart_tekst} gestart, doel naar rato {_getal(rij.naar_rato)}"
        else:
            tekst = (
                f"{rij.label}: {rij.gestart_tekst} gestart, {_getal(p)}% van het doel naar rato {_getal(rij.naar_rato)}"
            )
        teksten.append(tekst)
        delen.append(_tekst(rand, y + 14, tekst, gewicht="bold"))
        delen.append(
            f'<rect x="{rand}" y="{y + 22}" width="{lengte}" height="{balk_h}" fill="{KLEUR_SPOOR}" '
            f'stroke="{KLEUR_RAND}" stroke-width="1"/>'
        )
        if p is not None and p > 0:
            delen.append(
                f'<rect x="{rand}" y="{y + 22}" width="{x(p) - rand:.1f}" height="{balk_h}" fill="{KLEUR_STAAF}"/>'
            )
    # The 100% line over each bar (not through the labels between them), named once under the last bar.
    lijn_x = x(100)
    for i in range(len(rijen)):
        y = 6 + i * rij_h
        delen.append(
            f'<line x1="{lijn_x:.1f}" y1="{y + 18}" x2="{lijn_x:.1f}" y2="{y + 22 + balk_h + 4}" '
            f'stroke="{KLEUR_DOEL}" stroke-width="3"/>'
        )
    onder = 6 + len(rijen) * rij_h
    delen.append(
        _tekst(
            lijn_x, onder, "doel naar rato (100%)", anker=_anker(lijn_x, breedte), kleur=KLEUR_MARKERING, grootte=KLEIN
        )
    )
    if beschrijving is None:
        beschrijving = "; ".join(teksten) + "."
    return _svg(naam, titel, beschrijving, breedte, onder + 6, delen)


# --- Helpers --------------------------------------------------------------------------------------------------


def _svg(naam: str, titel: str, beschrijving: str, breedte: int, hoogte: float, delen: list[str]) -> SafeString:
    kop = (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="hzw-grafiek" '
        f'viewBox="0 0 {breedte} {hoogte:.0f}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{naam}-titel" aria-describedby="{naam}-beschrijving" '
        f'font-family="{escape(LETTERTYPE)}" font-size="{LETTERGROOTTE}" fill="{KLEUR_TEKST}">'
    )
    return mark_safe(  # noqa: S308 - every piece of text in `delen`, title and description is escaped
        kop
        + f'<title id="{naam}-titel">{escape(titel)}</title>'
        + f'<desc id="{naam}-beschrijving">{escape(beschrijving)}</desc>'
        + "".join(delen)
        + "</svg>"
    )


def _tekst(
    x: float,
    y: float,
    inhoud: str,
    *,
    anker: str = "start",
    gewicht: str = "normal",
    grootte: int = LETTERGROOTTE,
    kleur: str = KLEUR_TEKST,
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anker}" font-weight="{gewicht}" '
        f'font-size="{grootte}" fill="{kleur}">{escape(inhoud)}</text>'
    )


def _anker(x: float, breedte: int) -> str:
    if x > breedte * 0.85:
        return "end"
    if x < breedte * 0.15:
        return "start"
    return "middle"


def _controleer_naam(naam: str) -> None:
    if not _NAAM.match(naam):
        raise ValueError(f"Ongeldige naam voor een grafiek: {naam!r} (kleine letters, cijfers en '-').")


def _getal(waarde: float) -> str:
    # The figures' rounding (half up) and formatting; one decimal at most, none for whole numbers. The
    # figures arrive rounded to their glossary precision, so this never rounds them a second time.
    from .figuren import afronden, getal_tekst

    afgerond = afronden(waarde, 1)
    return getal_tekst(afgerond, 0 if afgerond.is_integer() else 1)


def _waarde_tekst(waarde: float, eenheid: str) -> str:
    return f"{_getal(waarde)}{eenheid}"


def _beschrijf(reeks: Sequence[tuple[str, float]], eenheid: str) -> str:
    if not reeks:
        return "Geen gegevens."
    return "; ".join(f"{label}: {_waarde_tekst(waarde, eenheid)}" for label, waarde in reeks) + "."
