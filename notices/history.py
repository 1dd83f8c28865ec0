"""The 修改记录 of a meeting: every recorded change to it, its rows and its notice, newest
first, as a readable diff (django-simple-history keeps the records)."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Model
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
                    Change(str(f.verbose_name), _value(before, f), _value(record, f))
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
        return str(getattr(record, model_field.name) or "") if getattr(record, model_field.attname) else ""
    value = getattr(record, model_field.attname)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value or ""))
    return "" if value is None else str(value)


def _subject(record) -> str:
    for name in ("number", "title", "proposal", "label", "text", "group_name", "person"):
        value = getattr(record, name, None)
        if value:
            text = str(value)
            return text if len(text) <= 30 else text[:30] + "…"
    return ""
