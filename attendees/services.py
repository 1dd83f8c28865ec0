"""Writes to a meeting's attendance list and the people it names."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meetings.models import EDITABLE_STATUSES, FROZEN_STATUSES, Committee, CommitteeTerm, Meeting
from meetings.services import SittingCopy, copy_rows, meeting_version_bump, sitting_copy_register
from people.models import Person, Post
from people.services import person_create

from .models import Attendance, AttendanceClause, Membership, attendance_clause_order


def _next_order(meeting: Meeting) -> int:
    return (meeting.attendances.aggregate(n=Max("order"))["n"] or 0) + 1


def _seat_order(membership) -> tuple[int, int]:
    return (membership.order, membership.pk)


def members_not_listed(meeting: Meeting) -> list:
    """The term's seats not yet on the meeting's attendance list, in the roster's order."""
    rows = list(meeting.attendances.all())
    people = {row.person_id for row in rows if row.person_id}
    organisations = {row.represented_organisation for row in rows if row.represented_organisation}

    def listed(membership) -> bool:
        if membership.person_id:
            return membership.person_id in people
        return membership.member_organisation in organisations

    # The seats of the terms taking part (a joint meeting's several, a conference's none).
    seats = [
        m for term in meeting.terms_taking_part() for m in sorted(term.memberships.all(), key=_seat_order)
    ]
    return [membership for membership in seats if not listed(membership)]


@transaction.atomic
def attendance_from_members(*, meeting: Meeting) -> int:
    """Put every member of the meeting's committee term on the list as present, in the term's
    order, each with their seat's title (执委; a blank title prints the person's posts);
    members already listed are left as they are. Returns how many were added.

    A seat held by a member organisation is listed as its delegate (海尔集团执委代表), named
    by the seat's contact when there is one not listed yet, else unnamed until the secretariat
    picks the person who came.
    """
    meeting_version_bump(meeting=meeting, version=None)
    order = _next_order(meeting)
    listed = set(meeting.attendances.exclude(person=None).values_list("person_id", flat=True))
    added = []
    for membership in members_not_listed(meeting):
        if membership.person_id:
            row = Attendance(
                meeting=meeting,
                person_id=membership.person_id,
                category=Attendance.Category.PRESENT,
                designation=membership.title,
            )
        else:
            contact = membership.contact_id if membership.contact_id not in listed else None
            row = Attendance(
                meeting=meeting,
                person_id=contact,
                category=Attendance.Category.DELEGATE,
                represented_organisation=membership.member_organisation,
                designation=membership.delegate_title,
            )
        listed.add(row.person_id)
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
    category: str | None,
    absence_kind: str = "",
    absence_reason: str = "",
    designation: str = "",
) -> int:
    """Give several attendees one category (None: each keeps its own) and, when `designation`
    is given, one title; absentees share one kind and reason of absence."""
    designation = designation.strip()
    if category is None and not designation:
        raise ValueError("attendance_bulk_update: nothing to change (no category, no designation)")
    meeting_version_bump(meeting=meeting, version=version)
    fields = ["designation"] if designation else []
    if category is not None:
        fields += ["category", "represented_organisation", "report_verb", "absence_kind", "absence_reason"]
    absent = category == Attendance.Category.ABSENT
    for row in rows:
        if category is not None:
            if category != Attendance.Category.DELEGATE:
                # Only delegates represent a unit; an unnamed delegate then fails full_clean below.
                row.represented_organisation = ""
            if category != Attendance.Category.REPORTER:
                row.report_verb = ""
            row.category = category
            row.absence_kind = absence_kind if absent else ""
            row.absence_reason = absence_reason.strip() if absent else ""
        if designation:
            row.designation = designation
        try:
            row.full_clean()
        except ValidationError as error:
            raise ValidationError(
                (
                    _("“%(name)s”不能改为该类别：%(reason)s")
                    if category is not None
                    else _("“%(name)s”不能改为该称谓：%(reason)s")
                )
                % {"name": row.display_name, "reason": "；".join(error.messages)}
            ) from error
        row.save(update_fields=fields)
    return len(rows)


@transaction.atomic
def attendance_order_move(*, meeting: Meeting, version: int | None, clause: str, step: int) -> list[str]:
    """Print one clause of the attendance (AttendanceClause) one place earlier (step -1) or
    later (+1) in the meeting's minutes; returns the new order."""
    if clause not in AttendanceClause.values:
        raise ValidationError(_("没有这一出席类别。"))
    meeting_version_bump(meeting=meeting, version=version)
    # Read after the bump: its UPDATE holds the meeting's row until this transaction ends.
    order = attendance_clause_order(Meeting.objects.get(pk=meeting.pk))
    index = order.index(clause)
    target = index + step
    if 0 <= target < len(order):
        order[index], order[target] = order[target], order[index]
    meeting.attendance_order = [] if order == list(AttendanceClause.values) else order
    meeting.save(update_fields=["attendance_order", "updated_at"])
    return order


def _attendance_copy(*, source: Meeting, meeting: Meeting, user) -> int:
    """The previous sitting's attendees with their categories, as suggestions: who was absent
    then is listed as present (an absence's kind and reason belong to that sitting). The order
    the clauses print in comes along."""

    def present_if_absent(copy: Attendance) -> None:
        if copy.category == Attendance.Category.ABSENT:
            copy.category = Attendance.Category.PRESENT

    if source.attendance_order:
        meeting.attendance_order = list(source.attendance_order)
        meeting.save(update_fields=["attendance_order", "updated_at"])
    return copy_rows(
        rows=source.attendances.all(),
        meeting=meeting,
        user=user,
        fields=[
            "category",
            "person_id",
            "group_name",
            "represented_organisation",
            "designation",
            "report_verb",
        ],
        adjust=present_if_absent,
    )


sitting_copy_register(SittingCopy(gettext_lazy("出席名单"), "attendances", _attendance_copy))


# --- committee terms and their rosters ---------------------------------------------------


def previous_term(committee: Committee, number: int) -> CommitteeTerm | None:
    """The term before term `number` of `committee` (the one a new term starts from)."""
    return committee.terms.filter(number__lt=number).order_by("-number").first()


def next_term_number(committee: Committee) -> int:
    return (committee.terms.aggregate(n=Max("number"))["n"] or 0) + 1


@transaction.atomic
def term_start(
    *,
    committee: Committee,
    number: int,
    starts_on=None,
    ends_on=None,
    carried: list[Membership] = (),
    joining: list[Person | str] = (),
) -> CommitteeTerm:
    """A new term of a committee (换届): the seats of the previous term that carry over, with
    their roles, titles and contacts, in their order; then the people joining, as members (a
    name the system does not know yet becomes a new person)."""
    term = CommitteeTerm(committee=committee, number=number, starts_on=starts_on, ends_on=ends_on)
    term.full_clean()
    term.save()
    order = 0
    for seat in sorted(carried, key=lambda m: (m.order, m.pk)):
        order += 1
        copy = Membership(
            term=term,
            person_id=seat.person_id,
            member_organisation=seat.member_organisation,
            contact_id=seat.contact_id,
            role=seat.role,
            title=seat.title,
            order=order,
        )
        copy.full_clean()
        copy.save()
    for person in joining:
        order += 1
        if isinstance(person, str):
            person = person_create(name=person)
        seat_add(term=term, seat=Membership(person=person), order=order)
    return term


def _refuse_if_issued_minutes_would_change(term: CommitteeTerm, person: Person | None) -> None:
    """The issued minutes of a term say 参加会议 for its members and 出席会议 for everyone else:
    a person on an issued meeting's list may not join or leave the roster (the issued record
    would read differently)."""
    if person is None or person.pk is None:
        return
    issued = term.meetings.filter(status__in=FROZEN_STATUSES, attendances__person=person).first()
    if issued is not None:
        raise ValidationError(
            _("%(name)s 在本届已印发的“%(meeting)s”出席名单中，加入或移出会改变已印发的纪要。")
            % {"name": person.name, "meeting": issued.name}
        )


@transaction.atomic
def seat_add(
    *, term: CommitteeTerm, seat: Membership, new_person: dict | None = None, order: int | None = None
) -> Membership:
    """A seat at the end of the term's roster; an ordinary member's title defaults to the
    committee's word for its members. `new_person` (name, unit, title, since) creates the
    person first, in the same transaction."""
    if new_person:
        seat.person = person_create(**new_person)
    _refuse_if_issued_minutes_would_change(term, seat.person)
    seat.term = term
    if not seat.title and seat.role == Membership.Role.MEMBER:
        seat.title = Membership.title_default(role=seat.role, committee=term.committee)
    seat.order = order if order is not None else (term.memberships.aggregate(n=Max("order"))["n"] or 0) + 1
    seat.full_clean()
    seat.save()
    return seat


@transaction.atomic
def seat_update(*, seat: Membership) -> Membership:
    """Save a seat's role, title or contact."""
    seat.full_clean()
    seat.save(update_fields=["member_organisation", "role", "title", "contact"])
    return seat


@transaction.atomic
def seat_move(*, seat: Membership, step: int) -> None:
    """Move a seat one place up (step -1) or down (step +1) in its term's roster; the roster
    is numbered 1..n again."""
    seats = list(Membership.objects.select_for_update().filter(term_id=seat.term_id).order_by("order", "pk"))
    index = next(i for i, other in enumerate(seats) if other.pk == seat.pk)
    target = index + step
    if 0 <= target < len(seats):
        seats[index], seats[target] = seats[target], seats[index]
    for position, other in enumerate(seats, start=1):
        if other.order != position:
            other.order = position
            other.save(update_fields=["order"])


@transaction.atomic
def seat_remove(*, seat: Membership) -> None:
    """Take a seat off the roster (who attended past meetings stays on their lists); the
    seats after it close the gap."""
    _refuse_if_issued_minutes_would_change(seat.term, seat.person)
    term_id = seat.term_id
    seat.delete()
    for position, other in enumerate(Membership.objects.filter(term_id=term_id).order_by("order", "pk"), 1):
        if other.order != position:
            other.order = position
            other.save(update_fields=["order"])


# --- committees and the dates of their terms ---------------------------------------------


@transaction.atomic
def committee_create(*, organisation, name: str, kind: str, member_title: str = "") -> Committee:
    """A new committee of an organisation, listed after its others."""
    last = Committee.objects.filter(organisation=organisation).aggregate(last=Max("order"))["last"]
    committee = Committee(
        organisation=organisation,
        name=name.strip(),
        kind=kind,
        member_title=member_title.strip(),
        order=(last or 0) + 1,
    )
    committee.full_clean()
    committee.save()
    return committee


@transaction.atomic
def term_dates_update(*, term: CommitteeTerm, starts_on, ends_on) -> CommitteeTerm:
    """A term's first and last day (they print nowhere in the minutes: a term is named by its
    number, so issued minutes read the same)."""
    term = CommitteeTerm.objects.select_for_update().get(pk=term.pk)
    term.starts_on, term.ends_on = starts_on, ends_on
    term.full_clean()
    term.save(update_fields=["starts_on", "ends_on"])
    return term


# --- a person's posts ---------------------------------------------------------------------
# The minutes print the posts held on the meeting's date. Minutes past drafting (in review,
# signed, issued) must read as they were signed: a change to someone's posts that would alter
# what such minutes print is refused, naming the meeting.


def _printed_posts(person_pk: int) -> dict[int, tuple[Meeting, str]]:
    """Each meeting past drafting whose minutes print this person's posts (a row with no title
    of its own, not a delegate's), with the posts they print."""
    person = Person.objects.prefetch_related("posts").get(pk=person_pk)
    rows = (
        Attendance.objects.filter(person_id=person_pk, designation="")
        .exclude(category=Attendance.Category.DELEGATE)
        .exclude(meeting__status__in=EDITABLE_STATUSES)
        .select_related("meeting")
    )
    return {row.meeting_id: (row.meeting, person.posts_text_on(row.meeting.starts_on)) for row in rows}


def _posts_change(person: Person, change):
    """Run `change()` (in the caller's transaction) and refuse it if it alters the posts printed
    in minutes that can no longer change."""
    before = _printed_posts(person.pk)
    result = change()
    after = _printed_posts(person.pk)
    for meeting_pk, (meeting, printed) in before.items():
        if after[meeting_pk][1] != printed:
            raise ValidationError(
                _(
                    "此改动会改变%(status)s的“%(meeting)s”中%(name)s的职务（“%(before)s”将变为“%(after)s”），"
                    "该纪要已不能修改。新任的职务请从该会议日期之后起算。"
                )
                % {
                    "status": meeting.get_status_display(),
                    "meeting": meeting.name,
                    "name": person.name,
                    "before": printed or _("无"),
                    "after": after[meeting_pk][1] or _("无"),
                }
            )
    return result


@transaction.atomic
def post_add(*, person: Person, post: Post) -> Post:
    """A post at the end of the person's posts."""

    def change():
        post.person = person
        post.order = (person.posts.aggregate(n=Max("order"))["n"] or 0) + 1
        post.full_clean()
        post.save()
        return post

    return _posts_change(person, change)


@transaction.atomic
def post_update(*, post: Post) -> Post:
    """Save a post's unit, title or dates (ending a post is giving it its last day)."""

    def change():
        post.full_clean()
        post.save(update_fields=["unit", "title", "starts_on", "ends_on"])
        return post

    return _posts_change(post.person, change)


@transaction.atomic
def post_delete(*, post: Post) -> None:
    """Delete a post entered by mistake (a post that ended is given its last day instead)."""
    _posts_change(post.person, post.delete)
