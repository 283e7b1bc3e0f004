"""Form widgets for long choice lists.

Django renders every ``<option>`` of a select through a template of its own, about 0.3 ms
each: a filter offering every body in the country (some 3,000) cost a second per page. These
widgets write the options in Python instead, with the same markup and attributes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe


class LongSelect(forms.Select):
    """A ``<select>`` for thousands of options, rendered without a template per option."""

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        if self.allow_multiple_selected:
            final["multiple"] = True
        selected = {str(v) for v in self.format_value(value)}
        parts = [f"<select{flatatt(final)}>"]
        for option_value, label in self.choices:
            if isinstance(label, (list, tuple)):
                parts.append(f'<optgroup label="{conditional_escape(option_value)}">')
                parts.extend(self._options(label, selected))
                parts.append("</optgroup>")
            else:
                parts.extend(self._options([(option_value, label)], selected))
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every value and label is escaped

    @staticmethod
    def _options(choices: Iterable[tuple[Any, Any]], selected: set[str]) -> list[str]:
        out = []
        for option_value, label in choices:
            key = "" if option_value is None else str(option_value)
            mark = " selected" if key in selected else ""
            out.append(
                f'<option value="{conditional_escape(key)}"{mark}>'
                f"{conditional_escape(label)}</option>"
            )
        return out


class LongSelectMultiple(LongSelect, forms.SelectMultiple):
    """The multiple-choice form of :class:`LongSelect`."""

    allow_multiple_selected = True
