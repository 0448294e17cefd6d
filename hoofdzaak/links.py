"""Links to many objects of one kind on a page, for the price of one `reverse()`.

A `{% url %}` per row of a list costs a full reverse of the URL pattern each time (~25 per list page).
`sjabloon` reverses once with markers in place of the arguments that vary per row, and puts each row's
values in as `reverse()` would (strings quoted as it quotes them, numbers as they are).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from django.urls import reverse
from django.utils.http import RFC3986_SUBDELIMS


class _Open:
    """An argument given per row: `TEKST` for a `<str:…>` path parameter, `GETAL` for an `<int:…>` one."""

    def __init__(self, getal: bool) -> None:
        self.getal = getal


TEKST = _Open(getal=False)
GETAL = _Open(getal=True)


def _waarde(waarde: object) -> str:
    return quote(str(waarde), safe=RFC3986_SUBDELIMS + "/~:@")


def sjabloon(viewnaam: str, *args: object) -> Callable[..., str]:
    """A function of the open arguments (`TEKST`, `GETAL` among `args`, in order) giving what
    `reverse(viewnaam, args=…)` gives with those values filled in."""
    merken = []
    ingevuld = []
    for arg in args:
        if isinstance(arg, _Open):
            merk = str(9_876_543_210 + len(merken)) if arg.getal else f"OPEN{len(merken)}MERK"
            merken.append(merk)
            ingevuld.append(merk)
        else:
            ingevuld.append(arg)
    url = reverse(viewnaam, args=ingevuld)
    delen = []
    for merk in merken:
        if url.count(merk) != 1:
            raise ValueError(f"{viewnaam}: the marker {merk} is not in {url} exactly once")
        voor, _merk, url = url.partition(merk)
        delen.append(voor)
    delen.append(url)
    eind = delen.pop()

    def invullen(*waarden: object) -> str:
        if len(waarden) != len(merken):
            raise TypeError(f"{viewnaam}: {len(merken)} values expected, {len(waarden)} given")
        return "".join(deel + _waarde(waarde) for deel, waarde in zip(delen, waarden, strict=True)) + eind

    return invullen
