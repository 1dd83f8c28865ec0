"""Filters for the plain-text emails, which are rendered with autoescape off (HTML entities would
show as "&lt;" in a text/plain body): user text goes through `oneline` instead."""

import unicodedata

from django import template

register = template.Library()


@register.filter
def oneline(value) -> str:
    """User text as one plain line: control, format (bidi overrides, zero-width) and line or
    paragraph separator characters dropped, runs of whitespace made one space — so a name or a
    title cannot start new lines of its own in the email, nor reorder what the reader sees."""
    text = "".join(
        " " if ch.isspace() else ch
        for ch in str(value)
        if ch.isspace() or unicodedata.category(ch) not in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn")
    )
    return " ".join(text.split())
