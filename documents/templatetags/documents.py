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
