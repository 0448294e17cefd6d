"""Links to many objects of one kind on a page, for the price of one `reverse()`.

A `{% url %}` per row of a list costs a full reverse of the URL pattern each time (~25 per list page);
`per_sleutel` reverses once with a marker and puts each key in as `reverse()` would quote it.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from django.urls import reverse
from django.utils.http import RFC3986_SUBDELIMS

_MERK = "SLEUTEL"


def per_sleutel(viewnaam: str, *args: object) -> Callable[[object], str]:
    """A function giving `reverse(viewnaam, args=[*args, sleutel])` for any `sleutel`; the last URL argument
    must be a `<str:…>` path parameter (the marker has to match its pattern)."""
    voor, _merk, na = reverse(viewnaam, args=[*args, _MERK]).rpartition(_MERK)
    return lambda sleutel: voor + quote(str(sleutel), safe=RFC3986_SUBDELIMS + "/~:@") + na
