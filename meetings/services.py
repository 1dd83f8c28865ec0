"""Writes to a meeting and the rows of its minutes.

Every change to a meeting goes through `meeting_version_bump`: the editor sends the version it
was loaded at, and a change made against an older version is refused (optimistic locking), so a
second secretary's save never silently overwrites the first one's.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from people.models import Person

from . import text as typed
from .models import (
    EDITABLE_STATUSES,
    CommitteeTerm,
    Meeting,
    NumberedRow,
    OrderedRow,
    Speech,
    SpeechParagraph,
    SpeechPoint,
)


class EditConflict(Exception):
    """The record (a meeting, a notice) changed since its page was loaded; `record` is as saved."""

    def __init__(self, record, seen: int | None):
        super().__init__(f"{record._meta.model_name} {record.pk} is at version {record.version}, not {seen}")
        self.record = record
        self.seen = seen

    @property
    def meeting(self):
        return self.record


class MeetingLocked(Exception):
    """Approved and issued minutes are the record: they do not change."""


@dataclass(frozen=True)
class Change:
    """One field that differs between what is saved and what the user typed."""

    label: str
    saved: str
    yours: str


def meeting_version_bump(*, meeting: Meeting, version: int | None) -> int:
    """Claim the next version of the meeting if it is still at `version`; refuse otherwise.

    A conditional UPDATE is atomic on every database, so of two concurrent saves based on the
    same version exactly one wins. `version=None` skips the check (additions overwrite nothing).
    """
    rows = Meeting.objects.filter(pk=meeting.pk, status__in=EDITABLE_STATUSES)
    if version is not None:
        rows = rows.filter(version=version)
    if rows.update(version=F("version") + 1, updated_at=timezone.now()) != 1:
        current = Meeting.objects.get(pk=meeting.pk)
        if not current.is_editable:
            raise MeetingLocked(current.get_status_display())
        raise EditConflict(current, version)
    meeting.version = Meeting.objects.values_list("version", flat=True).get(pk=meeting.pk)
    return meeting.version


def next_sitting(term: CommitteeTerm) -> int:
    return (term.meetings.aggregate(n=Max("sitting"))["n"] or 0) + 1


def next_sittings() -> dict[int, int]:
    """The next sitting of every term, by the term's key (one query): what 新建会议 suggests when
    a term is chosen."""
    terms = CommitteeTerm.objects.annotate(last=Max("meetings__sitting")).values_list("pk", "last")
    return {pk: (last or 0) + 1 for pk, last in terms}


# What says which meeting it is: saved together, so that a meeting changed from a sitting to a
# conference loses its term and sitting in the same write (the database's meeting_kind_fields).
KIND_FIELDS = ["kind", "term", "sitting", "organisation", "own_name"]


def _joint_terms_set(meeting: Meeting, joint_terms) -> None:
    terms = list(joint_terms or []) if meeting.kind == Meeting.Kind.JOINT else []
    if len(terms) < 2 and meeting.kind == Meeting.Kind.JOINT:
        raise ValidationError({"joint_terms": _("委员会联席会议请选择至少两个委员会届次。")})
    if any(term.committee.organisation_id != meeting.organisation_id for term in terms):
        raise ValidationError({"joint_terms": _("联席的委员会须属于召开会议的机构。")})
    meeting.joint_terms.set(terms)


@transaction.atomic
def meeting_create(*, meeting: Meeting, created_by, copy_previous: bool = False, joint_terms=None) -> Meeting:
    """Save a new meeting, drafted by `created_by`: a sitting of a committee term, or a meeting
    of the organisation's own (a joint meeting with the `joint_terms` taking part). With
    `copy_previous`, a sitting starts from the previous sitting's agenda, reports and
    attendance (see below)."""
    meeting.created_by = created_by
    meeting.status = Meeting.Status.DRAFT
    meeting.full_clean()
    meeting.save()
    _joint_terms_set(meeting, joint_terms)
    if copy_previous and meeting.is_sitting:
        meeting_copy_from_previous(meeting=meeting, user=created_by)
    return meeting


# --- starting from the last sitting -----------------------------------------------------
# The same bodies report every year, the day is divided the same way and the same people
# attend: a new sitting may start from the previous one's phases, reports and attendance, as
# suggestions the secretariat edits. What was said and decided (speeches, resolutions,
# recommendations, other business) is the meeting's own and is never copied.


@dataclass(frozen=True)
class SittingCopy:
    """A kind of row a new meeting takes from the previous sitting.

    `copy(source=, meeting=, user=)` copies the rows and returns how many; `related_name` names
    the meeting's rows of this kind (a meeting that has some is not copied into). A higher
    layer registers its own kind (attendees: the attendance list) with `sitting_copy_register`,
    so this layer never imports it.
    """

    label: str
    related_name: str
    copy: Callable[..., int]


SITTING_COPIES: list[SittingCopy] = []


def sitting_copy_register(kind: SittingCopy) -> None:
    if all(known.related_name != kind.related_name for known in SITTING_COPIES):
        SITTING_COPIES.append(kind)


def previous_sitting(*, term: CommitteeTerm, sitting: int) -> Meeting | None:
    """The latest earlier sitting of `term` (its latest edition), else the previous term's last."""
    earlier = Meeting.objects.filter(term=term, sitting__lt=sitting).order_by("-sitting", "-edition")
    found = earlier.first()
    if found is None:
        found = (
            Meeting.objects.filter(term__committee_id=term.committee_id, term__number__lt=term.number)
            .order_by("-term__number", "-sitting", "-edition")
            .first()
        )
    return found


def copy_rows(*, rows, meeting: Meeting, user, fields: list[str], adjust: Callable | None = None) -> int:
    """Save copies of `rows` (in their order) in `meeting`, each checked as if typed by `user`;
    `adjust(copy)` changes a copy before it is checked."""
    copies = []
    for order, row in enumerate(rows, start=1):
        copy = type(row)(meeting=meeting, order=order, **{name: getattr(row, name) for name in fields})
        if adjust is not None:
            adjust(copy)
        copy.full_clean()
        copies.append(copy)
    for copy in copies:
        copy._history_user = user  # simple_history records who made the copy
        copy.save()
    return len(copies)


def _copy_phases(*, source: Meeting, meeting: Meeting, user) -> int:
    return copy_rows(rows=source.phases.all(), meeting=meeting, user=user, fields=["label", "description"])


def _copy_reports(*, source: Meeting, meeting: Meeting, user) -> int:
    return copy_rows(rows=source.reports.all(), meeting=meeting, user=user, fields=["kind", "title"])


sitting_copy_register(SittingCopy(gettext_lazy("会议阶段"), "phases", _copy_phases))
sitting_copy_register(SittingCopy(gettext_lazy("审议的报告"), "reports", _copy_reports))


@transaction.atomic
def meeting_copy_from_previous(*, meeting: Meeting, user) -> Meeting | None:
    """Copy the previous sitting's phases, reports and attendance into a draft meeting that has
    none of them yet; returns the sitting copied from, or None if there is none."""
    status = Meeting.objects.values_list("status", flat=True).get(pk=meeting.pk)
    if status not in EDITABLE_STATUSES:
        raise ValidationError(_("只有起草中的会议才能从上次会议复制内容。"))
    meeting_version_bump(meeting=meeting, version=None)  # locks the meeting until the copy is done
    present = [str(kind.label) for kind in SITTING_COPIES if getattr(meeting, kind.related_name).exists()]
    if present:
        raise ValidationError(
            _("本次会议已有%(kinds)s，不能再从上次会议复制；如需复制，请先删除这些内容。")
            % {"kinds": "、".join(present)}
        )
    if not meeting.is_sitting:
        raise ValidationError(_("只有委员会届次会议才能从上次会议复制内容。"))
    source = previous_sitting(term=meeting.term, sitting=meeting.sitting)
    if source is None:
        return None
    for kind in SITTING_COPIES:
        kind.copy(source=source, meeting=meeting, user=user)
    return source


@transaction.atomic
def meeting_update(*, meeting: Meeting, version: int | None, fields: list[str], joint_terms=None) -> Meeting:
    """Save the edited fields of a meeting if nobody changed it since `version`; `joint_terms`
    (with "joint_terms" among `fields`) are the terms of a joint meeting."""
    meeting_version_bump(meeting=meeting, version=version)
    meeting.full_clean()
    columns = [name for name in fields if name != "joint_terms"]
    if set(columns) & set(KIND_FIELDS):
        columns = [*dict.fromkeys([*columns, *KIND_FIELDS])]
    meeting.save(update_fields=[*columns, "updated_at"])
    if "joint_terms" in fields or "kind" in fields:
        _joint_terms_set(meeting, joint_terms)
    return meeting


def changes_between(saved: models.Model, yours: dict, fields: list[str]) -> list[Change]:
    """The fields where the saved row and the user's input differ, for the conflict message."""
    changes = []
    for name in fields:
        field = saved._meta.get_field(name)
        if field.many_to_many:
            saved_value = "、".join(str(row) for row in getattr(saved, name).all())
            your_value = "、".join(str(row) for row in yours.get(name) or [])
        else:
            saved_value = _display(saved, field, getattr(saved, field.attname))
            your_value = _display(saved, field, yours.get(name))
        if saved_value != your_value:
            changes.append(Change(str(field.verbose_name), saved_value, your_value))
    return changes


def _display(row: models.Model, field, value) -> str:
    if isinstance(value, models.Model):
        return str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value or ""))
    if field.is_relation and value is not None:
        return str(field.related_model._default_manager.filter(pk=value).first() or "")
    return "" if value is None else str(value)


# --- ordered and numbered rows ----------------------------------------------------------
# Every row model is an OrderedRow or a NumberedRow; `sequence_field` says which of `order`
# and `number` keeps it in sequence.


def row_append(*, meeting: Meeting, row: OrderedRow | NumberedRow) -> models.Model:
    """Append a row after its siblings: the next `order` (phases, reports…) or the next
    consecutive `number` (resolutions, recommendations)."""
    key = row.sequence_field
    with transaction.atomic():
        meeting_version_bump(meeting=meeting, version=None)
        siblings = type(row)._default_manager.filter(meeting=meeting)
        row.meeting = meeting
        setattr(row, key, (siblings.aggregate(n=Max(key))["n"] or 0) + 1)
        row.full_clean()
        row.save()
    return row


@transaction.atomic
def row_update(*, meeting: Meeting, version: int | None, row: models.Model) -> models.Model:
    """Save an edited row of the meeting if nobody changed the meeting since `version`."""
    meeting_version_bump(meeting=meeting, version=version)
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def row_delete(
    *, meeting: Meeting, version: int | None, row: models.Model, siblings: models.QuerySet
) -> None:
    """Delete a row; the numbers or order of the rows after it close the gap."""
    meeting_version_bump(meeting=meeting, version=version)
    row.delete()
    _renumber(siblings)


@transaction.atomic
def row_move(
    *, meeting: Meeting, version: int | None, row: models.Model, siblings: models.QuerySet, step: int
) -> None:
    """Move a row one place up (step -1) or down (step +1) among its siblings."""
    meeting_version_bump(meeting=meeting, version=version)
    key = row.sequence_field
    rows = list(siblings.order_by(key, "pk"))
    index = next(i for i, sibling in enumerate(rows) if sibling.pk == row.pk)
    target = index + step
    if 0 <= target < len(rows):
        rows[index], rows[target] = rows[target], rows[index]
    _assign(rows, key)


@transaction.atomic
def row_move_to(
    *, meeting: Meeting, version: int | None, row: models.Model, siblings: models.QuerySet, position: int
) -> None:
    """Move a row to `position` (1 = first) among its siblings, as a drag and drop does; the
    others keep their order and the sequence stays 1..n without gaps. A position beyond
    either end puts the row there."""
    meeting_version_bump(meeting=meeting, version=version)
    key = row.sequence_field
    rows = [sibling for sibling in siblings.order_by(key, "pk") if sibling.pk != row.pk]
    if len(rows) == siblings.count():
        raise ValidationError(_("该条目不在此列表中。"))
    target = min(max(position, 1), len(rows) + 1)
    rows.insert(target - 1, row)
    _assign(rows, key)


def _renumber(rows: models.QuerySet) -> None:
    key = rows.model.sequence_field
    _assign(list(rows.order_by(key, "pk")), key)


def _assign(rows: list[models.Model], key: str) -> None:
    """Give rows the values 1..n of `key`, keeping unique (meeting, number) constraints happy.

    Rows that change first move out of the way (to values above any in use), then take their
    place; a single pass of swaps could collide on the unique constraint.
    """
    changed = [(row, position) for position, row in enumerate(rows, start=1) if getattr(row, key) != position]
    if not changed:
        return
    model = type(rows[0])
    parking = 30000  # above any real number (max 999), below PositiveSmallIntegerField's limit
    for offset, (row, _position) in enumerate(changed):
        model._default_manager.filter(pk=row.pk).update(**{key: parking + offset})
    for row, position in changed:
        model._default_manager.filter(pk=row.pk).update(**{key: position})
        setattr(row, key, position)


# --- speeches ---------------------------------------------------------------------------


def _points(text: str, marker: str) -> list[str]:
    """The points typed or pasted one a line, without the 一要 / "1." the minutes print."""
    if not text.strip():
        return []
    return [typed.point_lead_strip(item.text, marker) for item in typed.paste_split(text, ordinal_leads=True)]


@transaction.atomic
def speech_paragraph_save(
    *,
    meeting: Meeting,
    version: int | None,
    speaker: Person,
    paragraph: SpeechParagraph,
    points: str,
) -> SpeechParagraph:
    """Save a paragraph of what `speaker` said, with its enumerated points (one per line).

    A new paragraph joins the speaker's speech, or starts a new speech at the end; a paragraph
    whose speaker was changed moves to that speaker's speech.
    """
    meeting_version_bump(meeting=meeting, version=None if paragraph.pk is None else version)
    speech = meeting.speeches.filter(speaker=speaker).order_by("-order").first()
    if speech is None:
        speech = Speech(meeting=meeting, speaker=speaker)
        speech.order = (meeting.speeches.aggregate(n=Max("order"))["n"] or 0) + 1
        speech.full_clean()
        speech.save()
    previous_speech_id = paragraph.speech_id if paragraph.pk else None
    if paragraph.pk is None or paragraph.speech_id != speech.pk:
        paragraph.speech = speech
        paragraph.order = (speech.paragraphs.aggregate(n=Max("order"))["n"] or 0) + 1
    paragraph.full_clean()
    paragraph.save()
    rows = [
        SpeechPoint(paragraph=paragraph, order=order, text=text)
        for order, text in enumerate(_points(points, paragraph.point_marker), start=1)
    ]
    # Each point gets SpeechPoint.text's checks (its limit, what a document can print): bulk_create
    # runs none. The transaction drops the paragraph's save when one fails.
    errors = []
    for row in rows:
        try:
            row.clean_fields(exclude=["paragraph", "order"])
        except ValidationError as error:
            reasons = "".join(message for messages in error.message_dict.values() for message in messages)
            errors.append(_("第 %(number)s 点：%(reasons)s") % {"number": row.order, "reasons": reasons})
    if errors:
        raise ValidationError({"points": errors})
    paragraph.points.all().delete()
    SpeechPoint.objects.bulk_create(rows)
    if previous_speech_id and previous_speech_id != speech.pk:
        Speech.objects.filter(pk=previous_speech_id, paragraphs__isnull=True).delete()
    return paragraph


@transaction.atomic
def speech_paragraph_delete(
    *, meeting: Meeting, version: int | None, row: SpeechParagraph, siblings=None
) -> None:
    """Delete a paragraph; a speech left without paragraphs goes with it."""
    meeting_version_bump(meeting=meeting, version=version)
    speech = row.speech
    row.delete()
    if not speech.paragraphs.exists():
        speech.delete()
        _renumber(meeting.speeches.all())
    else:
        _renumber(speech.paragraphs.all())


def conflict_message(conflict: EditConflict) -> str:
    values = {"seen": conflict.seen if conflict.seen is not None else "?", "now": conflict.record.version}
    if isinstance(conflict.record, Meeting):
        return (
            _(
                "保存未成功：在您打开此页之后，其他人修改了这次会议（版本 %(seen)s → %(now)s）。"
                "您的输入仍保留在下方，请对照最新内容核对后再保存。"
            )
            % values
        )
    return (
        _(
            "保存未成功：在您打开此页之后，其他人修改了这份通知（版本 %(seen)s → %(now)s）。"
            "您的输入仍保留在下方，请对照最新内容核对后再保存。"
        )
        % values
    )


def meeting_status_change(*, meeting: Meeting, expected: str, to: str, user=None) -> None:
    """Move a meeting from status `expected` to `to`, or refuse if it is no longer in `expected`.

    Only the notice's lifecycle services call this: the minutes and their notice move together.
    The change is written as a conditional UPDATE (two concurrent steps cannot both pass) and
    recorded in the meeting's history by `user`.
    """
    updated = Meeting.objects.filter(pk=meeting.pk, status=expected).update(
        status=to, updated_at=timezone.now()
    )
    if updated != 1:
        current = Meeting.objects.get(pk=meeting.pk)
        raise ValidationError(
            _("会议纪要的状态已变为“%(status)s”，不能再执行此操作。")
            % {"status": current.get_status_display()}
        )
    Meeting.history.bulk_history_create([Meeting.objects.get(pk=meeting.pk)], update=True, default_user=user)
    meeting.status = to
