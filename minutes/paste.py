"""Pasting a list into the editor: which lists take one, and how each pasted line becomes the
same form the single 添加 button submits, so a pasted item obeys exactly the same rules.

The splitting itself (numbers, blank lines, lines too long) is `meetings.text.paste_split`.
Speech points need no box of their own: a paragraph's 要点 box takes them one a line and goes
through the same splitting (meetings.services.speech_paragraph_save).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.forms import ModelForm
from django.utils.translation import gettext as _

from attendees.models import Attendance
from meetings.models import Meeting, Report
from meetings.text import Item, resolution_split, trailing_note_split
from resolutions.models import Recommendation, Resolution

from .composer import resolution_text
from .forms import PasteForm
from .sections import SECTIONS, Section


def _recommendation(item: str, choice: str) -> dict:
    return {"text": item, "status": Recommendation.Status.OPEN, "follow_up": ""}


def _resolution(item: str, choice: str) -> dict:
    proposal, text = resolution_split(item)
    text, note = trailing_note_split(text) if text else (text, "")
    return {"proposal": proposal, "text": text, "outcome": choice, "note": note}


def _report(item: str, choice: str) -> dict:
    return {"kind": choice, "title": item}


def _attendee(item: str, choice: str) -> dict:
    return {"person_name": item, "category": choice}


@dataclass(frozen=True)
class PasteKind:
    """A list that takes a pasted block: each line fills `data(line, choice)` of its single
    form; `choice` (a category, a kind, an outcome) is chosen once for the whole paste."""

    slug: str
    data: Callable[[str, str], dict]
    choice_label: str = ""
    choices: tuple = ()
    max_length: int | None = None  # of the field one whole line fills

    @property
    def section(self) -> Section:
        return SECTIONS[self.slug]


def _kinds() -> dict[str, PasteKind]:
    # Absentees need a kind of absence and delegates a unit: the list's 修改勾选的人员 sets
    # those afterwards, for several at once.
    present = [
        choice
        for choice in Attendance.Category.choices
        if choice[0] not in (Attendance.Category.ABSENT, Attendance.Category.DELEGATE)
    ]
    return {
        "recommendation": PasteKind("recommendation", _recommendation),
        "resolution": PasteKind("resolution", _resolution, _("表决结果"), tuple(Resolution.Outcome.choices)),
        "report": PasteKind(
            "report",
            _report,
            _("类别"),
            tuple(Report.Kind.choices),
            Report._meta.get_field("title").max_length,
        ),
        "attendance": PasteKind("attendance", _attendee, _("类别"), tuple(present), 120),
    }


def paste_kind(slug: str) -> PasteKind | None:
    return _kinds().get(slug)


def paste_form(kind: PasteKind, meeting: Meeting, data=None) -> PasteForm:
    """The box under a list in the editor, and on the paste page (same prefix: same names)."""
    return PasteForm(data, kind=kind, meeting=meeting, prefix=f"paste-{kind.slug}")


@dataclass
class Pasted:
    """One pasted item: its line, the single form it filled, and how the minutes print it."""

    item: Item
    form: ModelForm
    printed: str = ""


def row_forms(kind: PasteKind, meeting: Meeting, items: list[Item], choice: str) -> list[Pasted]:
    """A bound single form per item, validated; refuses the whole paste, naming every line that
    fails, when any of them does (nothing is saved then)."""
    section = kind.section
    pasted, errors, people = [], [], {}
    for item in items:
        data = {f"{section.slug}-{name}": value for name, value in kind.data(item.text, choice).items()}
        form = section.form_class(data, prefix=section.slug, instance=section.new_instance(meeting))
        if form.is_valid():
            person = form.cleaned_data.get("person_name")
            if person is not None and person.pk in people:
                errors.append(
                    _("第 %(line)s 行：%(name)s 与第 %(first)s 行是同一人。")
                    % {"line": item.line, "name": person.name, "first": people[person.pk]}
                )
            elif person is not None:
                people[person.pk] = item.line
            pasted.append(Pasted(item, form))
            continue
        reasons = [str(message) for messages in form.errors.values() for message in messages]
        typed = getattr(form.fields.get("person_name"), "typed_name", "")
        if typed and form.cleaned_data.get("person_name") is None:
            # The single form's advice (tick 新增为人员) has no box here.
            reasons = [
                _("系统中没有名为“%(name)s”的人员；请先用“添加出席人员”新增此人，或改正姓名后再粘贴。")
                % {"name": typed}
            ]
        errors.append(
            _("第 %(line)s 行（%(text)s）：%(reasons)s")
            % {"line": item.line, "text": _excerpt(item.text), "reasons": "".join(reasons)}
        )
    if errors:
        raise ValidationError(errors)
    _number(kind, meeting, pasted)
    return pasted


def _excerpt(text: str) -> str:
    return text if len(text) <= 20 else text[:20] + "…"


def _number(kind: PasteKind, meeting: Meeting, pasted: list[Pasted]) -> None:
    """How each item will print: numbered after the rows already there."""
    existing = kind.section.rows(meeting).count()
    for position, entry in enumerate(pasted, start=existing + 1):
        row = entry.form.instance
        if kind.slug == "recommendation":
            entry.printed = f"{position}. {row.text.strip()}"
        elif kind.slug == "resolution":
            row.number = position
            entry.printed = resolution_text(row, mixed=False)
        elif kind.slug == "report":
            entry.printed = f"{row.title}（{row.get_kind_display()}）"
        else:
            entry.printed = row.display_name
