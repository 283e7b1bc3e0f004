"""Template filters of the product."""

from __future__ import annotations

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def paragraphs(text: str | None) -> SafeString:
    """Each line of ``text`` as a paragraph (minutes store one paragraph per line)."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return format_html_join("", "<p>{}</p>", ((line,) for line in lines))
