"""Form widgets.

`Keuzelijst` is Django's `Select`, rendered in Python. Django renders a select through its template and
every option through two more (select_option.html, attrs.html): on a list page whose filter form offers
some thirty options (statuses, methods, a provider's trajectbegeleiders) that took ~4 ms per request.
It takes the context Django's Select builds (`get_context`: the selected option, attributes such as
aria-describedby) and writes the markup those templates write.
"""

from __future__ import annotations

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


def _attrs(attrs: dict) -> SafeString:
    # django/forms/widgets/attrs.html: False leaves the attribute out, True writes its name only.
    return format_html_join(
        "",
        " {}{}",
        (
            (naam, "" if waarde is True else format_html('="{}"', waarde))
            for naam, waarde in attrs.items()
            if waarde is not False
        ),
    )


class Keuzelijst(forms.Select):
    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        delen = [format_html('<select name="{}"{}>', widget["name"], _attrs(widget["attrs"]))]
        for groep, opties, _index in widget["optgroups"]:
            if groep:
                delen.append(format_html('\n  <optgroup label="{}">', groep))
            delen.extend(
                format_html(
                    '\n  <option value="{}"{}>{}</option>', optie["value"], _attrs(optie["attrs"]), optie["label"]
                )
                for optie in opties
            )
            if groep:
                delen.append("\n  </optgroup>")
        delen.append("\n</select>")
        return mark_safe("".join(delen))  # noqa: S308 - every part above is escaped by format_html
