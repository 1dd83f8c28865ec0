"""Template hygiene that the template engine does not enforce itself."""

import re
from pathlib import Path

from django.conf import settings

# {# … #} is a one-line comment in Django: spread over lines it is printed on the page as text.
_COMMENT = re.compile(r"\{#(.*?)#\}", re.S)


def test_no_template_prints_a_comment_spread_over_lines():
    spread = []
    for directory in settings.TEMPLATES[0]["DIRS"]:
        for path in Path(directory).rglob("*"):
            if path.is_file() and path.suffix in {".html", ".txt"}:
                text = path.read_text(encoding="utf-8")
                spread += [
                    f"{path}:{text.count(chr(10), 0, m.start()) + 1}"
                    for m in _COMMENT.finditer(text)
                    if "\n" in m.group(1)
                ]
    assert spread == [], "use {% comment %} for comments over several lines: " + ", ".join(spread)


def test_the_check_finds_a_comment_spread_over_lines():
    assert [m.group(1) for m in _COMMENT.finditer("{# one #}\n{# two\nthree #}") if "\n" in m.group(1)]
