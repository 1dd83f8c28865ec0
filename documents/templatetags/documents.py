import re

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def font_stack(families) -> str:
    """CSS font-family value for a list of family names (from settings, not from users).

    Characters that could end the string or the declaration are dropped, so the result is
    safe inside a <style> element.
    """
    cleaned = ("".join(c for c in name if c not in "\"'\\;{}<>\n") for name in families)
    return mark_safe(", ".join(f'"{name}"' for name in cleaned))


_ITEM_NUMBER = re.compile(r"^(\d+\.) ")


@register.filter
def fixed_item_space(text: str) -> str:
    """“1. 同意…”: the space after an item's number as an en space.

    WeasyPrint justifies a line by widening its spaces only; in Chinese text the space after
    the number is often the line's only one and would swallow the whole slack. An en space
    (U+2002) is not stretched. Returns plain text; autoescaping still applies.
    """
    return _ITEM_NUMBER.sub("\\1\u2002", text)
