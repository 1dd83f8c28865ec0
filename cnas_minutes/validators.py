"""What typed text and dates must be to go into an official document: the one place the
editor's forms, the pasted lists, the admin and the services share, because the models attach
these validators to their fields (full_clean runs them on every way in).

- Characters: no control characters (a line break only where the field has several lines), no
  bidirectional controls (U+202E in a name reverses the text after it, other attendees' names
  included, in the page and the PDF), and nothing that no document face can print (an emoji
  prints as a missing-glyph box): coverage is read from the installed font files
  (documents.fonts), not from a list of characters.
- Sizes: each text field has a limit a real document needs, with room; the message says by how
  much the text is over (the forms drop the browser's maxlength, see NoSilentTruncationMixin).
- Dates: from 1949 (the document numbers' years) to five years ahead of today.
"""

import datetime
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

from documents.fonts import document_code_points

BIDI_CONTROLS = frozenset([0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])
# Line and paragraph breaks: a multi-line field keeps them (the templates split on them), a
# single-line field refuses them. A tab is white space in a multi-line field.
LINE_BREAKS = frozenset("\n\r\x0b\x0c\x85\u2028\u2029")
MULTILINE_ALLOWED = frozenset("\n\r\t\u2028\u2029")
NAMED = 3  # characters a message names; more are counted


def _code(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def _shown(ch: str) -> str:
    """😀（U+1F600）; an invisible character by its code point: 不可见字符（U+200B）."""
    if ch.isprintable() and not ch.isspace():
        return f"{ch}（{_code(ch)}）"
    return _("不可见字符（%(code)s）") % {"code": _code(ch)}


def _listed(chars: list[str], show=_code) -> str:
    distinct = list(dict.fromkeys(chars))
    named = "、".join(show(ch) for ch in distinct[:NAMED])
    if len(distinct) > NAMED:
        named += _("等 %(count)s 个字符") % {"count": len(distinct)}
    return named


def _number(value: int) -> str:
    return f"{value:,}"


@deconstructible
class PrintableText:
    """Refuses what an official document cannot print as typed (see the module's docstring)."""

    def __init__(self, multiline: bool = False):
        self.multiline = multiline

    def __eq__(self, other):
        return isinstance(other, PrintableText) and self.multiline == other.multiline

    def __call__(self, value):
        if not isinstance(value, str) or not value:
            return
        allowed = MULTILINE_ALLOWED if self.multiline else frozenset()
        breaks, controls, bidi, rest = [], [], [], []
        for ch in value:
            if ch in allowed:
                continue
            if ch in LINE_BREAKS:
                breaks.append(ch)
            elif unicodedata.category(ch) == "Cc":
                controls.append(ch)
            elif ord(ch) in BIDI_CONTROLS:
                bidi.append(ch)
            else:
                rest.append(ch)
        errors = []
        if breaks:
            errors.append(
                ValidationError(
                    _("只能写一行，不能包含换行符 %(chars)s。") % {"chars": _listed(breaks)},
                    code="line_break",
                )
            )
        if controls:
            errors.append(
                ValidationError(
                    _("不能包含控制字符 %(chars)s，请删除。") % {"chars": _listed(controls)}, code="control"
                )
            )
        if bidi:
            errors.append(
                ValidationError(
                    _("不能包含双向控制字符 %(chars)s，请删除。") % {"chars": _listed(bidi)}, code="bidi"
                )
            )
        printable = document_code_points()
        # No face found at all (fontconfig missing): the deployment check speaks, not every form.
        missing = [ch for ch in rest if printable and ord(ch) not in printable]
        if missing:
            errors.append(
                ValidationError(
                    _("%(chars)s无法在正式文件中排印，请删除或改用文字。")
                    % {"chars": _listed(missing, show=_shown)},
                    code="unprintable",
                )
            )
        if errors:
            raise ValidationError(errors)


printable_line = PrintableText()
printable_lines = PrintableText(multiline=True)


@deconstructible
class TextLimit(MaxLengthValidator):
    """A length limit whose message says by how much the text is over, in Chinese."""

    def __call__(self, value):
        length = len(value)
        if length > self.limit_value:
            raise ValidationError(
                _("最多 %(limit)s 字，已超出 %(excess)s 字。")
                % {"limit": _number(self.limit_value), "excess": _number(length - self.limit_value)},
                code="max_length",
                params={"limit_value": self.limit_value, "show_value": length, "value": value},
            )


def chinese_lengths(fields) -> None:
    """Replace Django's English-worded MaxLengthValidator of each field (model or form field)
    by TextLimit: the same limit, a message saying the excess."""
    for field in fields:
        validators = getattr(field, "validators", None)
        if not validators:
            continue
        for index, validator in enumerate(validators):
            if type(validator) is MaxLengthValidator:
                validators[index] = TextLimit(validator.limit_value)


# --- dates ------------------------------------------------------------------------------

# From the founding of the People's Republic, as the document numbers' years (Notice.year).
FIRST_YEAR = 1949
FIRST_DATE = datetime.date(FIRST_YEAR, 1, 1)
YEARS_AHEAD = 5


def last_date(today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:  # 29 February
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


def last_year() -> int:
    """The last year a filter of years offers (meetings and documents are dated up to it)."""
    return last_date().year


def year_in_range(year: int | None) -> bool:
    return year is not None and FIRST_YEAR <= year <= last_year()


def _chinese(value: datetime.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def plausible_date(value) -> None:
    """A date of a meeting or a document: not before 1949, at most five years ahead."""
    if not isinstance(value, datetime.date):
        return
    last = last_date()
    if not FIRST_DATE <= value <= last:
        raise ValidationError(
            _("日期应在%(first)s至%(last)s之间（不早于1949年，不晚于今后五年）。")
            % {"first": _chinese(FIRST_DATE), "last": _chinese(last)},
            code="date_range",
        )
