"""Shared by the hostile-input tests (test_xss.py, test_hostile_input.py): the XSS payloads,
hypothesis strategies of hostile form values, and the checks made after each request.

Nothing here is a test; the tests import it (`from .hostile import ...`).
"""

import contextlib
import hashlib
import tempfile
from pathlib import Path

from django.apps import apps
from django.contrib import messages
from django.db import connection, models, transaction
from django.db.models.functions import Length
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

# Hypothesis keeps caches (constants found in the code, Unicode tables) in .hypothesis/ under
# the working directory; keep the checkout clean. (The tests also run with database=None.)
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "cnas-minutes-hypothesis")

# --- XSS payloads -----------------------------------------------------------------------

# What the brief asks to store everywhere (58 characters).
PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>"\'&'
# The same attack for fields of at most 50 characters (44), and of at most 20 (17).
PAYLOAD_50 = "<script>a()</script><img src=x onerror=a>\"'&"
PAYLOAD_20 = "<svg onload=a>\"'&"
# A field of four characters (the point marker) still gets markup and an ampersand.
PAYLOAD_4 = "<b>&"
# What must never reach a page unescaped: the start of each element the payloads hold.
RAW_MARKERS = ("<script>a", "<img src=x onerror", "<svg onload", "<b>&")


def payload_for(max_length: int | None, tag: str = "") -> str:
    """The longest payload that fits a field of `max_length` characters, after `tag`."""
    for payload in (PAYLOAD, PAYLOAD_50, PAYLOAD_20):
        if max_length is None or len(tag) + len(payload) <= max_length:
            return tag + payload
    return PAYLOAD_4


# --- hostile values ---------------------------------------------------------------------

CONTROL = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x85", "\r", "\n", "\t"]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2028", "\u2029", "\u202e", "\u2066", "\ufeff", "\u00a0"]
SCRIPTS = ["中文", "國語", "한국어", "日本語カタカナ", "Ελληνικά", "русский", "עברית", "العربية", "हिन्दी"]
EMOJI = ["😀", "👩‍👩‍👧‍👦", "🇨🇳", "🏳️‍🌈", "\U0001f9ea", "\u2764\ufe0f"]
FULL_WIDTH = ["１２３", "０", "－１", "ＡＢＣ", "　", "（备注）", "：", "。"]
MARKUP = [
    "<script>",
    "</textarea>",
    "{{ x }}",
    "{% debug %}",
    "%(name)s",
    "%s",
    "${x}",
    "'; --",
    '"',
    "&amp;",
]
SPECIAL = [
    "",
    " ",
    "   ",
    "\x00",
    "null",
    "None",
    "undefined",
    "NaN",
    "-1",
    "0",
    "《》",
    "1. ",
    "=cmd|' /C calc'!A0",
]
PIECES = CONTROL + INVISIBLE + SCRIPTS + EMOJI + FULL_WIDTH + MARKUP + SPECIAL

DATES = [
    "0001-01-01",
    "9999-12-31",
    "2020-02-30",
    "1949-13-01",
    "0000-00-00",
    "2020-06-18\x00",
    "２０２０-０６-１８",
    "2020-6-1",
    "20200618",
    "2020/06/18",
    "06/18/2020",
    "18.06.2020",
    "2020-06-18T09:00",
    "-2020-06-18",
    "+2020-06-18",
    "99999-01-01",
    "",
    " ",
    "today",
]
NUMBERS = [
    "-1",
    "0",
    "1",
    "3",
    "999",
    "1000",
    "32767",
    "32768",
    "2147483648",
    "9223372036854775808",
    "99999999999999999999",
    "1e3",
    "1.5",
    "0x10",
    "１２３",
    "²",
    "٣",
    " 3 ",
    "NaN",
    "inf",
    "",
    "\x00",
]

# Characters: anything but surrogates (which no browser sends as UTF-8).
_chars = st.characters(exclude_categories=("Cs",))


def _long(pieces: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """A piece repeated up to 5000 characters: past every max_length of the models."""
    return st.builds(
        lambda piece, size: (piece * (size // max(len(piece), 1) + 1))[:size],
        pieces.filter(bool),
        st.sampled_from([21, 31, 51, 101, 121, 201, 301, 2001, 5000]),
    )


def hostile_text() -> st.SearchStrategy[str]:
    """Free text as a hostile (or just careless) user types or pastes it."""
    piece = st.sampled_from(PIECES)
    return st.one_of(
        piece,
        st.lists(st.one_of(piece, st.text(_chars, max_size=8)), max_size=12).map("".join),
        st.text(_chars, max_size=60),
        _long(st.one_of(piece, st.text(_chars, min_size=1, max_size=3))),
        st.sampled_from(DATES + NUMBERS),
    )


def hostile_date() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(DATES), hostile_text())


def hostile_number() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(NUMBERS), hostile_text())


def hostile_choice(valid: list[str]) -> st.SearchStrategy[str]:
    """A choice field's value: a garbled valid one, or anything."""
    return st.one_of(
        st.sampled_from(valid).map(str.upper),
        st.sampled_from(valid).map(lambda v: f" {v}\x00"),
        st.sampled_from(valid).map(lambda v: v.replace(v[:1], "ｆ")),
        hostile_text(),
    )


def mostly(valid, hostile: st.SearchStrategy) -> st.SearchStrategy:
    """Either the valid value or a hostile one."""
    return st.one_of(st.just(valid), hostile)


def field(valid, hostile: st.SearchStrategy) -> tuple:
    """A form field: its valid value (or a strategy of valid values) and its hostile values."""
    return valid, hostile


_ABSENT = object()


def form(fields: dict[str, tuple]) -> st.SearchStrategy[dict]:
    """A POST body in which up to three fields are hostile (or left out) and the others
    valid: examples then reach past the first field's check, to the services and the save."""
    names = sorted(fields)
    if not names:
        return st.just({})

    @st.composite
    def build(draw):
        spoiled = draw(st.sets(st.sampled_from(names), max_size=min(3, len(names))))
        data = {}
        for name in names:
            valid, hostile = fields[name]
            if name in spoiled:
                value = draw(st.one_of(hostile, st.just(_ABSENT)))
            else:
                value = draw(valid) if isinstance(valid, st.SearchStrategy) else valid
            if value is not _ABSENT:
                data[name] = value
        return data

    return build()


# --- what a request did -----------------------------------------------------------------


def queued_messages(response) -> list:
    """The messages this request added (not those left from earlier requests)."""
    storage = getattr(response.wsgi_request, "_messages", None)
    return list(getattr(storage, "_queued_messages", []))


def succeeded(response) -> bool:
    """A success redirect: 302 with a success message and no error message. Failures here
    redirect too (the lifecycle, the recipient list) but carry an error message."""
    if response.status_code != 302:
        return False
    levels = {m.level for m in queued_messages(response)}
    return messages.SUCCESS in levels and messages.ERROR not in levels


# Statuses a hostile request may get: shown, redirected, refused as input, refused by role,
# not there. 409 is the editor's conflict answer (the version sent is not the current one).
ALLOWED = {200, 302, 400, 403, 404}
ALLOWED_WITH_CONFLICT = ALLOWED | {409}

# The project's data (and its queued emails); not sessions, users or the login throttle.
DATA_APPS = [
    "people",
    "meetings",
    "attendees",
    "resolutions",
    "minutes",
    "notices",
    "circulation",
    "registers",
    "django_tasks_db",
]


def _data_models() -> list[type[models.Model]]:
    return [
        model
        for label in DATA_APPS
        if label in {c.label for c in apps.get_app_configs()}
        for model in apps.get_app_config(label).get_models()
    ]


def db_fingerprint() -> dict[str, str]:
    """Every row of the project's data, hashed per table: equal fingerprints mean nothing was
    written (not even a version bump or a history row)."""
    prints = {}
    for model in _data_models():
        digest = hashlib.sha256()
        for row in model._base_manager.order_by("pk").values_list():
            digest.update(repr(row).encode("utf-8", "surrogatepass"))
        prints[model._meta.label] = digest.hexdigest()
    return prints


def changed_tables(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(label for label in before if before[label] != after.get(label))


@contextlib.contextmanager
def rolled_back():
    """Run the block in a savepoint that is always rolled back: each hypothesis example
    starts from the same data."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def postgres_would_reject() -> list[str]:
    """Stored text longer than its column: SQLite keeps it, PostgreSQL refuses it (a 500
    there). Length is checked by validators that do not depend on the database, so a value
    found here went around them. (Integer ranges are not checked: Django derives a field's
    min/max validators from the database in use, so on PostgreSQL the form refuses 32768
    for a small integer with a message, while on SQLite it is stored.)"""
    problems = []
    for model in _data_models():
        rows = model._base_manager.all()
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField) and field.max_length:
                too_long = rows.annotate(_n=Length(field.attname)).filter(_n__gt=field.max_length)
                if too_long.exists():
                    problems.append(f"{model._meta.label}.{field.name} longer than {field.max_length}")
    return problems


def _checks(field) -> list:
    """The typed-text and date checks (cnas_minutes.validators) a model field carries."""
    from cnas_minutes.validators import PrintableText, TextLimit, plausible_date

    return [v for v in field.validators if isinstance(v, PrintableText | TextLimit) or v is plausible_date]


def refused_text_stored() -> list[str]:
    """Stored values the typed-text checks refuse: a bidi control, a character no document face
    prints, a text over its limit, a date out of range. A request that succeeded with one of
    them went around the checks every way in shares."""
    from django.core.exceptions import ValidationError

    problems = []
    for model in _data_models():
        for field in model._meta.concrete_fields:
            checks = _checks(field)
            if not checks:
                continue
            rows = model._base_manager.exclude(**{field.attname: None})
            for pk, value in rows.values_list("pk", field.attname):
                for check in checks:
                    try:
                        check(value)
                    except ValidationError as error:
                        problems.append(f"{model._meta.label}.{field.name} #{pk}: {error.messages[0]}")
    return problems


class NulToDatabase(AssertionError):
    """A query parameter holds U+0000, which PostgreSQL refuses in text (a 500 there)."""


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    if isinstance(value, dict):
        return any(_has_nul(v) for v in value.values())
    return False


def _refuse_nul(execute, sql, params, many, context):
    if _has_nul(params):
        raise NulToDatabase(f"NUL sent to the database (PostgreSQL rejects it): {sql[:200]}")
    return execute(sql, params, many, context)


@contextlib.contextmanager
def no_nul_reaches_the_database():
    """Fail where PostgreSQL would: on SQLite a NUL in a query passes silently."""
    with connection.execute_wrapper(_refuse_nul):
        yield
