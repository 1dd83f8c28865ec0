"""Writes to a meeting's attendance list and the people it names."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meetings.models import Meeting
from meetings.services import SittingCopy, copy_rows, meeting_version_bump, sitting_copy_register
from people.services import person_create

from .models import Attendance


def _next_order(meeting: Meeting) -> int:
    return (meeting.attendances.aggregate(n=Max("order"))["n"] or 0) + 1


def members_not_listed(meeting: Meeting) -> list:
    """The term's seats not yet on the meeting's attendance list, in the roster's order."""
    rows = list(meeting.attendances.all())
    people = {row.person_id for row in rows if row.person_id}
    organisations = {row.represented_organisation for row in rows if row.represented_organisation}

    def listed(membership) -> bool:
        if membership.person_id:
            return membership.person_id in people
        return membership.member_organisation in organisations

    seats = sorted(meeting.term.memberships.all(), key=lambda m: (m.order, m.pk))
    return [membership for membership in seats if not listed(membership)]


@transaction.atomic
def attendance_from_members(*, meeting: Meeting) -> int:
    """Put every member of the meeting's committee term on the list as present, in the term's
    order; members already listed are left as they are. Returns how many were added.

    A seat held by a member organisation is listed as its delegate, unnamed until the
    secretariat picks the person who came.
    """
    meeting_version_bump(meeting=meeting, version=None)
    order = _next_order(meeting)
    added = []
    for membership in members_not_listed(meeting):
        if membership.person_id:
            row = Attendance(meeting=meeting, person_id=membership.person_id, category="present")
        else:
            row = Attendance(
                meeting=meeting,
                category=Attendance.Category.DELEGATE,
                represented_organisation=membership.member_organisation,
            )
        row.order = order
        order += 1
        added.append(row)
    Attendance.objects.bulk_create(added)
    return len(added)


@transaction.atomic
def attendance_save(
    *, meeting: Meeting, version: int | None, row: Attendance, new_person: dict | None = None
) -> Attendance:
    """Add an attendee at the end of the list, or save an edited one.

    `new_person` (name, unit, title) creates the person first, in the same transaction, for a
    guest the system did not know.
    """
    meeting_version_bump(meeting=meeting, version=None if row.pk is None else version)
    if new_person:
        row.person = person_create(**new_person)
    if row.pk is None:
        row.meeting = meeting
        row.order = _next_order(meeting)
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def attendance_bulk_update(
    *,
    meeting: Meeting,
    version: int | None,
    rows: list[Attendance],
    category: str,
    absence_kind: str = "",
    absence_reason: str = "",
) -> int:
    """Give several attendees one category; absentees share one kind and reason of absence."""
    meeting_version_bump(meeting=meeting, version=version)
    absent = category == Attendance.Category.ABSENT
    for row in rows:
        if category != Attendance.Category.DELEGATE:
            # Only delegates represent a unit; an unnamed delegate then fails full_clean below.
            row.represented_organisation = ""
        row.category = category
        row.absence_kind = absence_kind if absent else ""
        row.absence_reason = absence_reason.strip() if absent else ""
        try:
            row.full_clean()
        except ValidationError as error:
            raise ValidationError(
                _("“%(name)s”不能改为该类别：%(reason)s")
                % {"name": row.display_name, "reason": "；".join(error.messages)}
            ) from error
        row.save(update_fields=["category", "represented_organisation", "absence_kind", "absence_reason"])
    return len(rows)


def _attendance_copy(*, source: Meeting, meeting: Meeting, user) -> int:
    """The previous sitting's attendees with their categories, as suggestions: who was absent
    then is listed as present (an absence's kind and reason belong to that sitting)."""

    def present_if_absent(copy: Attendance) -> None:
        if copy.category == Attendance.Category.ABSENT:
            copy.category = Attendance.Category.PRESENT

    return copy_rows(
        rows=source.attendances.all(),
        meeting=meeting,
        user=user,
        fields=["category", "person_id", "group_name", "represented_organisation", "designation"],
        adjust=present_if_absent,
    )


sitting_copy_register(SittingCopy(gettext_lazy("出席名单"), "attendances", _attendance_copy))
