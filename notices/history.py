"""The 修改记录 of a meeting: every recorded change to it, its rows and its notice, newest
first, as a readable diff (django-simple-history keeps the records)."""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import Model
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from attendees.models import Attendance
from meetings.models import Meeting, MeetingPhase, OtherBusiness, Report, Speech, SpeechParagraph
from minutes.models import MinutesOverride
from resolutions.models import Recommendation, Resolution

from .models import Notice

# The kinds of row whose history belongs to a meeting's page, each found by its meeting.
_BY_MEETING: list[type[Model]] = [
    Meeting,
    Notice,
    MeetingPhase,
    Attendance,
    Speech,
    Report,
    Resolution,
    Recommendation,
    OtherBusiness,
    MinutesOverride,
]
_KIND = {"+": _("新增"), "~": _("修改"), "-": _("删除")}
_SKIPPED = {"id", "version", "updated_at", "created_at", "meeting", "speech", "paragraph"}


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    at: datetime
    user: object
    what: str
    subject: str
    kind: str
    changes: list[Change] = field(default_factory=list)


def _histories(meeting: Meeting):
    """(model, its history records for this meeting), one query each."""
    for model in _BY_MEETING:
        key = "id" if model is Meeting else "meeting_id"
        yield model, model.history.filter(**{key: meeting.pk})
    speeches = Speech.history.filter(meeting_id=meeting.pk).values("id")
    yield SpeechParagraph, SpeechParagraph.history.filter(speech_id__in=speeches)


def meeting_history(meeting: Meeting, limit: int = 100) -> list[Entry]:
    """The newest `limit` changes to the meeting and everything hanging off it; the diffs are
    computed here between consecutive records of one row."""
    entries: list[Entry] = []
    for model, records in _histories(meeting):
        fields = [f for f in model._meta.concrete_fields if f.name not in _SKIPPED]
        related = [f.name for f in fields if f.is_relation]
        previous: dict[int, object] = {}
        for record in records.select_related("history_user", *related).order_by("history_date", "history_id"):
            before = previous.get(record.id)
            previous[record.id] = record
            if record.history_type == "~" and before is not None:
                changes = [
                    Change(str(f.verbose_name), *_compact(_value(before, f), _value(record, f)))
                    for f in fields
                    if _value(before, f) != _value(record, f)
                ]
                if not changes:
                    continue
            elif record.history_type == "+":
                changes = [
                    Change(str(f.verbose_name), "", _value(record, f)) for f in fields if _value(record, f)
                ]
            else:
                changes = []
            entries.append(
                Entry(
                    at=record.history_date,
                    user=record.history_user,
                    what=str(model._meta.verbose_name),
                    subject=_subject(record),
                    kind=str(_KIND.get(record.history_type, record.history_type)),
                    changes=changes,
                )
            )
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries[:limit]


def _value(record, model_field) -> str:
    if model_field.is_relation:
        if not getattr(record, model_field.attname):
            return ""
        related = getattr(record, model_field.name)
        if isinstance(related, get_user_model()):
            return related.get_full_name() or related.get_username()
        return str(related or "")
    value = getattr(record, model_field.attname)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value or ""))
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "Y-m-d H:i")
    return "" if value is None else str(value)


def _compact(old: str, new: str, context: int = 12) -> tuple[str, str]:
    """A long text changed in one place shows that place: the common beginning and end are
    cut to `context` characters each side of the change."""
    if len(old) <= 80 and len(new) <= 80:
        return old, new
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    head = max(start - context, 0)
    tail = max(end - context, 0)

    def cut(text: str) -> str:
        piece = text[head : len(text) - tail]
        return ("…" if head else "") + piece + ("…" if tail else "")

    return cut(old), cut(new)


def _subject(record) -> str:
    for name in ("number", "title", "proposal", "label", "text", "group_name", "person"):
        value = getattr(record, name, None)
        if value:
            text = str(value)
            return text if len(text) <= 30 else text[:30] + "…"
    return ""
