"""What the minutes add to typed text, taken off again, and a pasted list split into items.

The composer prints numbers, ordinal leads, brackets and endings around what the secretariat
types (“1. ”, “一要”, “《…》”, “（注：…）”, “…的工作报告”, “…未能与会”). Text is often pasted
from an earlier document that already carries them, and would then print them twice. One
function per kind of addition takes it off; the models' `clean()` call them, so every way in
(the editor's forms, a pasted list, the admin) stores the text without what the app adds.

Each function changes nothing it does not recognise, and never leaves an empty value: "1. "
alone stays as typed (the required-field check then speaks about it).
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CHINESE_DIGITS = "一二三四五六七八九十百零〇两"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# A list number at the start of a line: 1. 1． 1、 (1) （1） ① 一、 （一） (一). "1.5亿" and
# "2020年" are not numbers of a list.
_NUMBERING = re.compile(
    rf"""^\s*(?:
        [(（]\s*(?:\d{{1,3}}|[{CHINESE_DIGITS}]{{1,3}})\s*[)）]
      | \d{{1,3}}\s*(?:[.．](?!\d)|、)
      | [{_CIRCLED}]
      | [{CHINESE_DIGITS}]{{1,3}}\s*[、．]
    )\s*""",
    re.VERBOSE,
)
# The ordinal lead of a speech's points (一要…二要…, 一是…二是…).
_ORDINAL_LEAD = re.compile(rf"^\s*[{CHINESE_DIGITS}]{{1,3}}\s*(?:要|是)\s*")


def _unless_empty(text: str, stripped: str) -> str:
    return stripped if stripped.strip() else text


def numbering_strip(text: str) -> str:
    """ "3. 进一步…" → "进一步…": the minutes number their lists themselves."""
    text = text.strip()
    return _unless_empty(text, _NUMBERING.sub("", text, count=1).strip())


def point_lead_strip(text: str, marker: str = "") -> str:
    """ "一要加强…" → "加强…" for a point whose paragraph prints 一{marker}; a list number too."""
    text = numbering_strip(text)
    marker = marker.strip()
    if marker:
        lead = re.compile(rf"^[{CHINESE_DIGITS}]{{1,3}}\s*{re.escape(marker)}\s*")
        text = _unless_empty(text, lead.sub("", text, count=1).strip())
    return text


def title_unwrap(text: str) -> str:
    """ "《关于…的提案》" → "关于…的提案": the minutes put a proposal's name in 《》."""
    text = text.strip()
    if text.startswith("《") and text.endswith("》"):
        return _unless_empty(text, text[1:-1].strip())
    return text


def note_unwrap(text: str) -> str:
    """ "（注：会后…）" or "注：会后…" → "会后…": the minutes print a note as （注：…）."""
    text = text.strip()
    inner = text.rstrip("。")
    if inner[:1] in "（(" and inner[-1:] in "）)":
        inner = inner[1:-1].strip()
        if not re.match(r"^注\s*[:：]", inner):
            return text  # brackets of the note's own text, not the app's
    inner = re.sub(r"^注\s*[:：]\s*", "", inner, count=1)
    return _unless_empty(text, inner.strip())


def ending_strip(text: str, endings: tuple[str, ...]) -> str:
    """ "秘书处的工作报告" → "秘书处" when the minutes print "…的工作报告" after it; also a
    final 。 or ， the minutes' own punctuation follows."""
    text = text.strip().rstrip("。，,;；").strip()
    for ending in endings:
        if text.endswith(ending):
            return _unless_empty(text, text.removesuffix(ending).rstrip("，,").strip())
    return text


def quotes_strip(text: str) -> str:
    """ "“深化改革”。" → "深化改革" when the minutes print the quotation marks themselves."""
    text = text.strip().rstrip("。，,;；").strip()
    pairs = (("“", "”"), ('"', '"'), ("「", "」"), ("‘", "’"))
    for opening, closing in pairs:
        if len(text) > 2 and text.startswith(opening) and text.endswith(closing):
            return _unless_empty(text, text[len(opening) : -len(closing)].strip())
    return text


def leading_strip(text: str, leads: tuple[str, ...]) -> str:
    """ "暨第八届…会议" → "第八届…会议" when the minutes print the lead before it."""
    text = text.strip()
    for lead in leads:
        if text.startswith(lead):
            return _unless_empty(text, text.removeprefix(lead).strip())
    return text


def resolution_split(line: str) -> tuple[str, str]:
    """A resolution as printed ("同意《X》。拟定…") → ("X", "拟定…"); a bare name → (name, "")."""
    line = numbering_strip(line)
    match = re.match(
        r"^(?:原则)?(?:同意|通过|不同意|暂缓审议)?《(?P<name>[^》]+)》[。，,]?\s*(?P<rest>.*)$", line
    )
    if match:
        return match["name"].strip(), match["rest"].strip()
    return title_unwrap(line), ""


def trailing_note_split(text: str) -> tuple[str, str]:
    """ "拟定…会议（注：会后…另文通知）。" → ("拟定…会议。", "会后…另文通知"): a resolution pasted as
    printed carries its note at the end, which the app keeps apart and prints as （注：…）.
    Text without a final note (or whose last brackets are not a note) is returned whole."""
    stripped = text.strip()
    body = stripped.rstrip("。.").rstrip()
    if body[-1:] not in "）)":
        return stripped, ""
    # The bracket that opens the final one, counting brackets nested inside the note.
    depth = 0
    for index in range(len(body) - 1, -1, -1):
        if body[index] in "）)":
            depth += 1
        elif body[index] in "（(":
            depth -= 1
            if depth == 0:
                break
    else:
        return stripped, ""
    note = note_unwrap(body[index:])
    if note == body[index:] or not re.match(r"^[（(]\s*注\s*[:：]", body[index:]):
        return stripped, ""
    before = body[:index].rstrip()
    if not before:
        return stripped, ""
    # The sentence before the note keeps its own end (。？！…), or is given 。.
    return (before if before[-1] in "。？！；?!;…" else before + "。"), note


# --- a pasted list ----------------------------------------------------------------------

MAX_ITEMS = 200  # more than any meeting's list; a paste of a whole document is a mistake


@dataclass(frozen=True)
class Item:
    """One item of a pasted list and the line (1-based) it starts on."""

    line: int
    text: str


def _numbered(line: str, ordinal_leads: bool) -> bool:
    return bool(_NUMBERING.match(line) or (ordinal_leads and _ORDINAL_LEAD.match(line)))


def _join(previous: str, more: str) -> str:
    # A line broken inside a Chinese sentence joins without a space; Latin words keep one.
    if previous[-1:].isascii() and more[:1].isascii():
        return f"{previous} {more}"
    return previous + more


def paste_split(block: str, *, max_length: int | None = None, ordinal_leads: bool = False) -> list[Item]:
    """Split a pasted block into items, or refuse it with a message naming the line.

    - Every non-blank line is an item, its list number taken off (and, for speech points,
      its ordinal lead 一要 / 一是).
    - When the block numbers its items, a line without a number continues the item above
      it: text copied from a PDF breaks long items into several lines. A block without
      numbers is one item per line. A first line without a number is an item of its own.
    - A line longer than `max_length` (after its number is taken off) is refused, never cut.
    """
    lines = [line.strip() for line in block.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    numbered = any(_numbered(line, ordinal_leads) for line in lines if line)
    items: list[Item] = []
    for number, line in enumerate(lines, start=1):
        if not line:
            continue
        starts_item = not numbered or not items or _numbered(line, ordinal_leads)
        text = numbering_strip(line)
        if ordinal_leads:
            text = _unless_empty(text, _ORDINAL_LEAD.sub("", text, count=1).strip())
        if starts_item:
            items.append(Item(number, text))
        else:
            items[-1] = Item(items[-1].line, _join(items[-1].text, line))
    if not items:
        raise ValidationError(_("请粘贴至少一行内容。"), code="empty")
    if len(items) > MAX_ITEMS:
        raise ValidationError(
            _("一次最多粘贴 %(max)s 项，这次有 %(count)s 项。") % {"max": MAX_ITEMS, "count": len(items)},
            code="too_many",
        )
    if max_length is not None:
        errors = [
            ValidationError(
                _("第 %(line)s 行有 %(length)s 个字，超过了 %(max)s 个字的上限，请缩短或拆分。")
                % {"line": item.line, "length": len(item.text), "max": max_length},
                code="max_length",
            )
            for item in items
            if len(item.text) > max_length
        ]
        if errors:
            raise ValidationError(errors)
    return items
