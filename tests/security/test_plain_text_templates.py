"""The templates rendered with autoescape off (the plain-text emails) carry user text only through
`oneline`: every variable they print is filtered by it, or is one the application makes itself
(a date, a link built from SITE_URL and a URL name, a loop counter). A new variable without the
filter fails here before it reaches an inbox."""

from pathlib import Path

from django.conf import settings
from django.template import engines
from django.template.base import VariableNode
from django.template.defaulttags import AutoEscapeControlNode

# Printed as they are: the application makes these, no user types them.
MADE_BY_THE_APP = {"link", "notice.date_issued_text", "forloop.counter"}
SAFE_FILTERS = {"oneline", "date"}


def _autoescape_off_templates() -> list[Path]:
    root = Path(settings.BASE_DIR) / "templates"
    files = (path for path in sorted(root.rglob("*")) if path.is_file())
    return [path for path in files if "autoescape off" in path.read_text()]


def _variables_without_escaping(nodelist, inside_off=False):
    for node in nodelist:
        off = inside_off or (isinstance(node, AutoEscapeControlNode) and not node.setting)
        if isinstance(node, VariableNode) and off:
            yield node.filter_expression
        for attribute in getattr(node, "child_nodelists", ()):
            yield from _variables_without_escaping(getattr(node, attribute, None) or [], off)


def test_the_email_templates_are_found():
    names = {path.name for path in _autoescape_off_templates()}
    assert {"notice_body.txt", "notice_subject.txt", "invitation_body.txt", "invitation_subject.txt"} <= names


def test_every_variable_printed_unescaped_goes_through_oneline():
    engine = engines["django"].engine
    unfiltered = []
    for path in _autoescape_off_templates():
        template = engine.from_string(path.read_text())
        for expression in _variables_without_escaping(template.nodelist):
            filters = {function.__name__ for function, _args in expression.filters}
            if not filters & SAFE_FILTERS and expression.var.var not in MADE_BY_THE_APP:
                unfiltered.append(f"{path.name}: {{{{ {expression.token} }}}}")
    assert unfiltered == []
