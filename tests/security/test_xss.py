"""Every free-text field a user types into, filled with script and markup, and every page that
shows it: the text comes back escaped (never as markup) and the PDFs print it as text.

Data-driven: FIELDS says, per field, which form sets it (STEPS) and which pages show it
(PAGES). A new field is one line in FIELDS. Everything is typed through the views, by the
user whose form it is (secretary, signatory, member); nothing is set through the services.

Each field gets its own tag before the payload (F01<script>…) so that a page missing one
field's text says which. Fields shorter than the 58-character payload get a shorter one with
the same markup (hostile.payload_for).
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import urlencode

from attendees.forms import (
    AttendanceBulkForm,
    AttendanceForm,
    CommitteeForm,
    PostForm,
    SeatForm,
    TermStartForm,
)
from circulation.forms import InvitationForm, ReplyForm
from circulation.models import Invitation, Reply
from meetings import permissions as roles
from meetings.forms import MeetingCreateForm, MeetingForm
from meetings.models import CommitteeTerm, Meeting
from minutes.forms import (
    MeetingTextForm,
    OtherBusinessForm,
    OverrideForm,
    PasteForm,
    PhaseForm,
    ReportForm,
    SpeechParagraphForm,
    TitleOverrideForm,
)
from minutes.sections import SECTIONS
from notices.forms import NoticeForm, ReturnForm, SignOffForm
from notices.models import IssuingOffice, Notice
from notices.services import issued_copy_store
from people.models import Person
from registers.forms import FollowUpForm
from resolutions.forms import RecommendationForm, ResolutionForm

from ..documents.pdfutil import missing_in_order, open_pdf, squash
from ..factories import UserFactory
from .hostile import RAW_MARKERS, payload_for

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
STARTS_ON = TODAY + datetime.timedelta(days=30)  # invitations go to meetings still to come
SIGNED_ON = STARTS_ON + datetime.timedelta(days=1)  # the 成文日期 is not before the meeting


# --- the pages --------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    user: str
    url: Callable[[dict], str]
    phase: str  # "draft": before the package is submitted; "issued": after it is issued
    pdf: bool = False
    # A page that answers a POST: a form re-shown with its errors, or a conflict (409) with
    # the saved values beside the user's. The POST is refused and changes nothing.
    post: Callable[[dict], dict] | None = None
    status: int = 200


def _editor(ctx, slug=""):
    url = reverse("minutes:editor", args=[ctx["meeting"].pk])
    if not slug:
        return url
    row = SECTIONS[slug].rows(ctx["meeting"]).order_by("-pk").first()
    return f"{url}?edit={slug}-{row.pk}"


def _recommendation_url(ctx, name):
    # The recommendation entered one by one (after the pasted one): the one with a follow-up.
    single = ctx["meeting"].recommendations.order_by("number").last()
    return reverse(f"registers:{name}", args=[single.pk])


def _paste_url(ctx):
    return reverse("minutes:section_paste", args=[ctx["meeting"].pk, "recommendation"])


def _m(name):
    return lambda ctx: reverse(name, args=[ctx["meeting"].pk])


def _n(name):
    return lambda ctx: reverse(name, args=[ctx["notice"].pk])


def _i(name):
    return lambda ctx: reverse(name, args=[Invitation.objects.get(meeting=ctx["meeting"]).pk])


PAGES = {
    # While drafting.
    "editor": Page("secretary", _editor, "draft"),
    "edit_attendance": Page("secretary", lambda ctx: _editor(ctx, "attendance"), "draft"),
    "edit_paragraph": Page("secretary", lambda ctx: _editor(ctx, "paragraph"), "draft"),
    "edit_resolution": Page("secretary", lambda ctx: _editor(ctx, "resolution"), "draft"),
    "edit_recommendation": Page("secretary", lambda ctx: _editor(ctx, "recommendation"), "draft"),
    "minutes_preview_draft": Page("secretary", _m("minutes:preview"), "draft"),
    "notice_form": Page("secretary", _m("notices:edit"), "draft"),
    "notice_preview_draft": Page("secretary", _n("notices:preview"), "draft"),
    "meeting_page_draft": Page("secretary", _m("notices:meeting"), "draft"),
    "circulation_draft": Page("secretary", _n("circulation:notice"), "draft"),
    "invitation": Page("secretary", _m("circulation:invitation"), "draft"),
    "replies": Page("secretary", _m("circulation:replies"), "draft"),
    "reply_member": Page("member", _i("circulation:reply"), "draft"),
    "reply_second_member": Page("second_member", _i("circulation:reply"), "draft"),
    "mine_draft": Page("member", lambda ctx: reverse("circulation:mine"), "draft"),
    "home_secretary_draft": Page("secretary", lambda ctx: reverse("home"), "draft"),
    # A draft's PDFs are rendered from its current text; an issued one is its stored copy.
    "minutes_pdf_draft": Page("secretary", _m("minutes:pdf"), "draft", pdf=True),
    "notice_pdf_draft": Page("secretary", _n("notices:pdf"), "draft", pdf=True),
    "person_search": Page(
        "secretary",
        lambda ctx: reverse("attendees:person_search") + "?" + urlencode({"q": ctx["guest"]}),
        "draft",
    ),
    # Refused POSTs: the input comes back in the form, the saved values in the conflict table.
    "create_invalid": Page(
        "secretary",
        lambda ctx: reverse("meetings:create"),
        "draft",
        post=lambda ctx: _create_invalid(),
        status=200,
    ),
    "editor_conflict": Page(
        "secretary", _m("minutes:editor"), "draft", post=lambda ctx: _info_conflict(ctx), status=409
    ),
    # A stale save of the reports' conclusion / the recommendations' introduction: the saved
    # text is shown beside the typed one.
    "text_conflict": Page(
        "secretary",
        lambda ctx: reverse("minutes:section_text", args=[ctx["meeting"].pk, "report"]),
        "draft",
        post=lambda ctx: {"version": 0, "reports_conclusion": ""},
        status=409,
    ),
    # A pasted list, previewed before it is saved.
    "paste_preview": Page(
        "secretary",
        lambda ctx: _paste_url(ctx),
        "draft",
        post=lambda ctx: _fields_of("paste", action="preview", version=_version(ctx)),
    ),
    "section_invalid": Page(
        "secretary",
        lambda ctx: _section("resolution")(ctx),
        "draft",
        post=lambda ctx: _fields_of("resolution", **{"resolution-outcome": "maybe"}),
        status=400,
    ),
    "row_conflict": Page(
        "secretary",
        lambda ctx: reverse(
            "minutes:section_edit", args=[ctx["meeting"].pk, "resolution", _resolution(ctx).pk]
        ),
        "draft",
        post=lambda ctx: {
            "version": 0,
            "edit-resolution-proposal": "甲",
            "edit-resolution-outcome": "passed",
        },
        status=409,
    ),
    "notice_conflict": Page(
        "secretary", _m("notices:edit"), "draft", post=lambda ctx: _notice_conflict(), status=409
    ),
    "invitation_invalid": Page(
        "secretary",
        _m("circulation:invitation"),
        "draft",
        post=lambda ctx: _fields_of("invitation", date="2020-02-30", reply_by="2020-02-30"),
    ),
    "reply_invalid": Page(
        "member",
        _i("circulation:reply"),
        "draft",
        post=lambda ctx: _fields_of("reply_delegate", answer="maybe"),
    ),
    # After issue (home and 我的文件 before the reading page, which marks the notice read).
    "meeting_page": Page("secretary", _m("notices:meeting"), "issued"),
    "minutes_preview": Page("member", _m("minutes:preview"), "issued"),
    "notice_preview": Page("member", _n("notices:preview"), "issued"),
    "circulation": Page("secretary", _n("circulation:notice"), "issued"),
    "register": Page("secretary", lambda ctx: reverse("notices:register"), "issued"),
    "home_secretary": Page("secretary", lambda ctx: reverse("home"), "issued"),
    "home_member": Page("member", lambda ctx: reverse("home"), "issued"),
    "mine": Page("member", lambda ctx: reverse("circulation:mine"), "issued"),
    "read": Page("member", _n("circulation:read"), "issued"),
    "archive": Page("secretary", lambda ctx: reverse("archive:list"), "issued"),
    "archive_search": Page("member", lambda ctx: _archive_search(ctx), "issued"),
    "minutes_pdf": Page("member", _m("minutes:pdf"), "issued", pdf=True),
    "notice_pdf": Page("member", _n("notices:pdf"), "issued", pdf=True),
    # The registers of the issued minutes, and a recommendation followed up after issue.
    "registers_resolutions": Page("signatory", lambda ctx: reverse("registers:resolutions"), "issued"),
    "registers_recommendations": Page(
        "secretary", lambda ctx: reverse("registers:recommendations"), "issued"
    ),
    "recommendation_page": Page(
        "signatory", lambda ctx: _recommendation_url(ctx, "recommendation"), "issued"
    ),
    "follow_up_invalid": Page(
        "secretary",
        lambda ctx: _recommendation_url(ctx, "follow_up"),
        "issued",
        post=lambda ctx: _fields_of("follow_up", status="maybe"),
        status=400,
    ),
    # A new term of the committee and its roster (after issue: titles typed here would
    # otherwise reach the minutes through 从委员名单添加, and be checked there too).
    "roster": Page("secretary", lambda ctx: reverse("rosters:term", args=[ctx["new_term"].pk]), "issued"),
    "term_invalid": Page(
        "secretary",
        lambda ctx: reverse("rosters:term_create", args=[ctx["term"].committee_id]),
        "issued",
        post=lambda ctx: _fields_of("term_start", number="4"),
        status=400,
    ),
    "committees": Page("secretary", lambda ctx: reverse("rosters:committees"), "issued"),
    "committee_invalid": Page(
        "secretary",
        lambda ctx: reverse("rosters:committee_create"),
        "issued",
        post=lambda ctx: (
            _fields_of("committee_create", organisation=ctx["term"].committee.organisation_id)
            | {"kind": "maybe"}
        ),
        status=400,
    ),
    "seat_invalid": Page(
        "secretary",
        lambda ctx: reverse("rosters:seat_add", args=[ctx["new_term"].pk]),
        "issued",
        post=lambda ctx: _fields_of("seat_organisation", **{"seat-role": "maybe"}),
        status=400,
    ),
    # The new person's page: their posts, one added there (and one refused, as typed).
    "person": Page(
        "secretary", lambda ctx: reverse("attendees:person", args=[_new_person(ctx).pk]), "issued"
    ),
    "post_invalid": Page(
        "secretary",
        lambda ctx: reverse("attendees:post_add", args=[_new_person(ctx).pk]),
        "issued",
        post=lambda ctx: _fields_of("post_add", **{"post-starts_on": "2020-02-30"}),
        status=400,
    ),
}

# Where the text of the minutes is shown: its documents, before and after issue.
MINUTES = frozenset(
    {
        "minutes_preview_draft",
        "notice_preview_draft",
        "minutes_pdf_draft",
        "notice_pdf_draft",
        "minutes_preview",
        "notice_preview",
        "read",
        "minutes_pdf",
        "notice_pdf",
    }
)
# Where the notice's own text is shown.
NOTICE = frozenset(
    {"notice_conflict", "notice_form", "notice_preview_draft", "notice_preview", "read", "notice_pdf"}
    | {"notice_pdf_draft"}
)
# Where a notice's title is listed.
TITLE_LISTS = frozenset(
    {
        "meeting_page_draft",
        "circulation_draft",
        "meeting_page",
        "circulation",
        "register",
        "mine",
        "home_member",
        "archive",
        "archive_search",
    }
)


# --- the forms, posted in this order ----------------------------------------------------


@dataclass(frozen=True)
class Step:
    user: str
    url: Callable[[dict], str]
    data: Callable[[dict], dict] = lambda ctx: {}
    after: Callable[[dict], None] = lambda ctx: None
    phase: str = "draft"


def _version(ctx) -> int:
    return Meeting.objects.values_list("version", flat=True).get(pk=ctx["meeting"].pk)


def _text_url(slug):
    return lambda ctx: reverse("minutes:section_text", args=[ctx["meeting"].pk, slug])


def _section(slug):
    return lambda ctx: reverse("minutes:section_add", args=[ctx["meeting"].pk, slug])


def _new_person(ctx):
    """The person the roster step created (a hostile name)."""
    return Person.objects.get(name=VALUES["seat_person.seat-person_name"])


def _prefixed(prefix, **data):
    return lambda ctx: {f"{prefix}-{key}": value for key, value in data.items()}


def _created(ctx):
    ctx["meeting"] = Meeting.objects.order_by("-pk").first()


def _meeting_info(ctx):
    meeting = Meeting.objects.get(pk=ctx["meeting"].pk)
    return {
        "term": meeting.term_id,
        "sitting": meeting.sitting,
        "starts_on": meeting.starts_on.isoformat(),
        "place": meeting.place,
        "joint_meeting_name": meeting.joint_meeting_name,
        "theme": meeting.theme,
        "minutes_style": meeting.minutes_style,
        "version": _version(ctx),
    }


def _notice_data(ctx):
    return {
        "office": IssuingOffice.objects.get().pk,
        "closing_phrase": "特此通知。",
        "copies_count": "2",
    }


def _notice_created(ctx):
    ctx["notice"] = Notice.objects.get(meeting=ctx["meeting"])


def _transition(action):
    return lambda ctx: reverse("notices:transition", args=[ctx["notice"].pk, action])


def _stored_and_archived(ctx):
    # What runs once the issuing transaction commits (the test's transaction never does).
    issued_copy_store(notice=Notice.objects.get(pk=ctx["notice"].pk))


def _archive_search(ctx):
    """The member searches the archive for the notice's body (by its tag, which no other field
    has): the title is listed whole, the body quoted around the hit."""
    return reverse("archive:list") + "?" + urlencode({"q": VALUES["notice.body"].split("<")[0]})


def _reply_of(ctx, name):
    return Reply.objects.get(invitation__meeting=ctx["meeting"], person__name=name)


STEPS = {
    "meeting_create": Step(
        "secretary",
        lambda ctx: reverse("meetings:create"),
        lambda ctx: {
            "term": ctx["term"].pk,
            "sitting": 3,
            "starts_on": STARTS_ON.isoformat(),
            "minutes_style": "narrative",
        },
        _created,
    ),
    "meeting_info": Step("secretary", _m("minutes:editor"), _meeting_info),
    # Edited in their lists' sections (minutes:section_text).
    "reports_text": Step("secretary", _text_url("report"), lambda ctx: {"version": _version(ctx)}),
    "recommendations_text": Step(
        "secretary", _text_url("recommendation"), lambda ctx: {"version": _version(ctx)}
    ),
    "members": Step("secretary", _m("minutes:attendance_from_members")),
    "attendance_group": Step(
        "secretary", _section("attendance"), _prefixed("attendance", category="observer")
    ),
    "attendance_delegate": Step(
        "secretary", _section("attendance"), _prefixed("attendance", category="delegate")
    ),
    "attendance_guest": Step(
        "secretary", _section("attendance"), _prefixed("attendance", category="present", create_person="on")
    ),
    "attendance_designated": Step(
        "secretary", _section("attendance"), _prefixed("attendance", category="observer", create_person="on")
    ),
    "attendance_absent": Step(
        "secretary",
        _section("attendance"),
        _prefixed("attendance", category="absent", absence_kind="leave", group_name="有关人员"),
    ),
    "attendance_reporter": Step(
        "secretary", _section("attendance"), _prefixed("attendance", category="reporter", group_name="秘书处")
    ),
    "attendance_bulk": Step(
        "secretary",
        _m("minutes:attendance_bulk"),
        lambda ctx: {
            "version": _version(ctx),
            "bulk-rows": [ctx["meeting"].attendances.get(person__name="南存辉").pk],
            "bulk-category": "absent",
            "bulk-absence_kind": "leave",
        },
    ),
    "phase": Step("secretary", _section("phase")),
    # The guest speaks: their (hostile) name heads a speech.
    "paragraph_by_guest": Step(
        "secretary",
        _section("paragraph"),
        lambda ctx: {
            "paragraph-speaker": ctx["guest"],
            "paragraph-lead": "指出，",
            "paragraph-text": "要加强工作。",
        },
    ),
    "paragraph": Step("secretary", _section("paragraph"), _prefixed("paragraph", speaker="乔东")),
    "report": Step("secretary", _section("report"), _prefixed("report", kind="work")),
    "resolution": Step("secretary", _section("resolution"), _prefixed("resolution", outcome="passed")),
    # Before the single one: the recommendation edited on edit_recommendation is the last.
    "paste": Step("secretary", _paste_url, lambda ctx: {"version": _version(ctx), "action": "save"}),
    "recommendation": Step(
        "secretary", _section("recommendation"), _prefixed("recommendation", status="open")
    ),
    "other": Step("secretary", _section("other")),
    "override": Step(
        "secretary",
        lambda ctx: reverse("minutes:override_save", args=[ctx["meeting"].pk, "closing"]),
        lambda ctx: {"version": _version(ctx)},
    ),
    "override_title": Step(
        "secretary",
        lambda ctx: reverse("minutes:override_save", args=[ctx["meeting"].pk, "title"]),
        lambda ctx: {"version": _version(ctx)},
    ),
    "notice": Step("secretary", _m("notices:edit"), _notice_data, _notice_created),
    "invitation": Step(
        "secretary",
        _m("circulation:invitation"),
        lambda ctx: {
            "date": STARTS_ON.isoformat(),
            "reply_by": (TODAY + datetime.timedelta(days=10)).isoformat(),
            "send": "1",
        },
    ),
    "reply_delegate": Step("member", _i("circulation:reply"), lambda ctx: {"answer": "delegate"}),
    "reply_leave": Step("second_member", _i("circulation:reply"), lambda ctx: {"answer": "leave"}),
    # The delegate's (hostile) name becomes a person and an attendance row.
    "reply_confirm": Step(
        "secretary",
        lambda ctx: reverse("circulation:confirm", args=[ctx["meeting"].pk, _reply_of(ctx, "郎志正").pk]),
    ),
    # The guest (hostile name) is sent the notice too.
    "recipient_add": Step(
        "secretary",
        _n("circulation:add"),
        lambda ctx: {"person": Person.objects.get(name=ctx["guest"]).pk, "kind": "copy"},
    ),
    "submit": Step("secretary", _transition("submit"), phase="issued"),
    "return": Step("signatory", _transition("return"), phase="issued"),
    "submit_again": Step("secretary", _transition("submit"), phase="issued"),
    "sign": Step(
        "signatory",
        _transition("sign"),
        lambda ctx: {"sign-date_signed": SIGNED_ON.isoformat()},
        phase="issued",
    ),
    "issue": Step(
        "secretary",
        _transition("issue"),
        lambda ctx: {"issue-date_issued": SIGNED_ON.isoformat()},
        _stored_and_archived,
        phase="issued",
    ),
    "term_start": Step(
        "secretary",
        lambda ctx: reverse("rosters:term_create", args=[ctx["term"].committee_id]),
        lambda ctx: {"number": "5"},
        lambda ctx: ctx.update(new_term=CommitteeTerm.objects.get(committee=ctx["term"].committee, number=5)),
        phase="issued",
    ),
    "committee_create": Step(
        "secretary",
        lambda ctx: reverse("rosters:committee_create"),
        lambda ctx: {"organisation": ctx["term"].committee.organisation_id, "kind": "other"},
        phase="issued",
    ),
    "seat_person": Step(
        "secretary",
        lambda ctx: reverse("rosters:seat_add", args=[ctx["new_term"].pk]),
        _prefixed("seat", create_person="on", role="member"),
        phase="issued",
    ),
    "seat_organisation": Step(
        "secretary",
        lambda ctx: reverse("rosters:seat_add", args=[ctx["new_term"].pk]),
        _prefixed("seat", role="member"),
        phase="issued",
    ),
    "post_add": Step(
        "secretary",
        lambda ctx: reverse("attendees:post_add", args=[_new_person(ctx).pk]),
        _prefixed("post", starts_on="2022-01-01"),
        phase="issued",
    ),
    "follow_up": Step(
        "secretary",
        lambda ctx: _recommendation_url(ctx, "follow_up"),
        lambda ctx: {"status": "in_progress"},
        phase="issued",
    ),
}


# --- the fields -------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    step: str  # the form (STEPS) that sets it
    key: str  # its name in the POST
    shown: frozenset[str]  # the pages (PAGES) that show it
    max_length: int | None = None
    form: type | None = None  # the form class it belongs to, for the completeness check
    name: str = field(default="", compare=False)


def F(step, key, max_length, form, *shown):
    """One line of the table: `shown` holds page groups and space-separated page names."""
    pages = set()
    for group in shown:
        pages |= set(group.split()) if isinstance(group, str) else set(group)
    return Field(step, key, frozenset(pages), max_length, form, name=f"{step}.{key}")


ED = "editor"
MC, MF, AF, SP = MeetingCreateForm, MeetingForm, AttendanceForm, SpeechParagraphForm
MTF = MeetingTextForm
INFO_CONFLICT = "editor_conflict"
RES = "editor edit_resolution section_invalid row_conflict"
REPLY = "invitation replies reply_member mine_draft reply_invalid"
INVITATION = "invitation reply_member reply_second_member invitation_invalid"
REGISTER = "registers_recommendations recommendation_page follow_up_invalid"
# fmt: off
FIELDS = [
    # The meeting's own details (the form that creates it, then the editor's info form).
    F("meeting_create", "place", 100, MC, MINUTES, ED, "meeting_page_draft meeting_page create_invalid",
      INFO_CONFLICT),
    F("meeting_create", "joint_meeting_name", 200, MC, MINUTES, ED, "create_invalid", INFO_CONFLICT),
    F("meeting_create", "theme", 200, MC, MINUTES, ED, "create_invalid", INFO_CONFLICT),
    # A sitting's form drops the name of a meeting of the organisation's own (test_kinds).
    F("meeting_create", "own_name", 200, MC, "create_invalid"),
    F("reports_text", "reports_conclusion", None, MTF, MINUTES, ED, "text_conflict"),
    F("recommendations_text", "recommendations_intro", None, MTF, MINUTES, ED),
    # Attendance: a group, an unnamed delegate, a new guest with a post, a new person with a
    # designation, an absence reason (one typed with the row, one given to ticked rows).
    F("attendance_group", "attendance-group_name", 100, AF, MINUTES, ED),
    F("attendance_delegate", "attendance-represented_organisation", 100, AF, MINUTES, ED),
    F("attendance_guest", "attendance-person_name", 50, AF, MINUTES, ED,
      "circulation_draft circulation person_search"),
    F("attendance_guest", "attendance-new_person_unit", 100, AF, MINUTES, ED),
    F("attendance_guest", "attendance-new_person_title", 100, AF, MINUTES, ED),
    F("attendance_designated", "attendance-person_name", 50, AF, MINUTES, ED, "edit_attendance"),
    F("attendance_designated", "attendance-designation", 200, AF, MINUTES, ED, "edit_attendance"),
    F("attendance_absent", "attendance-absence_reason", 200, AF, MINUTES, ED),
    F("attendance_reporter", "attendance-report_verb", 100, AF, MINUTES, ED),
    F("attendance_bulk", "bulk-absence_reason", 200, AttendanceBulkForm, MINUTES, ED),
    F("attendance_bulk", "bulk-designation", 200, AttendanceBulkForm, MINUTES, ED),
    # The meeting's parts, speeches and lists.
    F("phase", "phase-label", 20, PhaseForm, MINUTES, ED),
    F("phase", "phase-description", 300, PhaseForm, MINUTES, ED),
    F("paragraph", "paragraph-lead", 20, SP, MINUTES, ED, "edit_paragraph"),
    F("paragraph", "paragraph-text", None, SP, MINUTES, ED, "edit_paragraph"),
    F("paragraph", "paragraph-point_marker", 4, SP, MINUTES, "edit_paragraph"),
    F("paragraph", "paragraph-points", None, SP, MINUTES, ED, "edit_paragraph"),
    F("report", "report-title", 200, ReportForm, MINUTES, ED),
    F("resolution", "resolution-proposal", 200, ResolutionForm, MINUTES, RES, "registers_resolutions"),
    F("resolution", "resolution-text", None, ResolutionForm, MINUTES, RES, "registers_resolutions"),
    F("resolution", "resolution-note", None, ResolutionForm, MINUTES, RES, "registers_resolutions"),
    F("recommendation", "recommendation-text", None, RecommendationForm, MINUTES, ED, "edit_recommendation",
      REGISTER),
    F("recommendation", "recommendation-follow_up", None, RecommendationForm, "edit_recommendation"),
    F("paste", "paste-recommendation-items", 50000, PasteForm, MINUTES, ED, "paste_preview"),
    F("other", "other-text", None, OtherBusinessForm, MINUTES, ED),
    F("override", "override-closing-text", 20000, OverrideForm, MINUTES, ED),
    F("override_title", "override-title-text", 200, TitleOverrideForm, MINUTES, ED, "meeting_page_draft"),
    # The covering notice.
    F("notice", "title", 200, NoticeForm, NOTICE, TITLE_LISTS, "home_secretary"),
    F("notice", "recipients", 200, NoticeForm, NOTICE),
    F("notice", "body", None, NoticeForm, NOTICE),
    F("notice", "closing_phrase", 30, NoticeForm, NOTICE),
    F("notice", "signatory", 100, NoticeForm, NOTICE),
    F("notice", "copies_to", 300, NoticeForm, NOTICE - {"read"}),
    F("notice", "issued_by", 100, NoticeForm, NOTICE),
    # The invitation and the reply slips.
    F("invitation", "time", 50, InvitationForm, INVITATION),
    F("invitation", "place", 200, InvitationForm, INVITATION, "mine_draft"),
    F("invitation", "agenda", None, InvitationForm, INVITATION),
    F("reply_delegate", "delegate_name", 50, ReplyForm, REPLY, MINUTES, ED),
    F("reply_delegate", "delegate_post", 100, ReplyForm, REPLY),
    F("reply_leave", "reason", 200, ReplyForm, "invitation replies reply_second_member"),
    # The signatory's comments, on the meeting page's timeline.
    F("return", "return-comment", 2000, ReturnForm, "meeting_page"),
    F("sign", "sign-comment", 2000, SignOffForm, "meeting_page"),
    # The follow-up of a recommendation after issue: its note, in the register and the log.
    F("follow_up", "note", 2000, FollowUpForm, REGISTER),
    # A new term's roster: a person joining by name, a seat added with a new person's post and
    # its title, a member organisation's seat.
    F("term_start", "joining", 50, TermStartForm, "roster term_invalid"),
    # A new committee (its name on the committees page; its members' word on the form only).
    F("committee_create", "name", 60, CommitteeForm, "committees committee_invalid"),
    F("committee_create", "member_title", 20, CommitteeForm, "committee_invalid"),
    F("seat_person", "seat-person_name", 50, SeatForm, "roster"),
    F("seat_person", "seat-new_person_unit", 100, SeatForm, "roster"),
    F("seat_person", "seat-new_person_title", 100, SeatForm, "roster"),
    F("seat_person", "seat-title", 20, SeatForm, "roster"),
    F("seat_organisation", "seat-member_organisation", 100, SeatForm, "roster seat_invalid"),
    F("post_add", "post-unit", 100, PostForm, "person post_invalid"),
    F("post_add", "post-title", 100, PostForm, "person post_invalid"),
]
# fmt: on


# Typed, but only to pick a person the system knows (the speaker's name box).
NOT_FREE_TEXT = {(SpeechParagraphForm, "speaker"), (SeatForm, "contact_name")}
FORM_MODULES = [
    "meetings.forms",
    "minutes.forms",
    "attendees.forms",
    "resolutions.forms",
    "notices.forms",
    "circulation.forms",
    "registers.forms",
]


def _value(index: int, entry: Field) -> str:
    return payload_for(entry.max_length, f"F{index:02d}")


VALUES = {entry.name: _value(index, entry) for index, entry in enumerate(FIELDS, start=1)}


def _fields_of(step: str, **extra) -> dict:
    """The hostile values of one form's fields, as that form posts them."""
    return {entry.key: VALUES[entry.name] for entry in FIELDS if entry.step == step} | extra


def _create_invalid() -> dict:
    data = _fields_of("meeting_create", term="", sitting="0", starts_on="2020-02-30")
    return data | {"minutes_style": "narrative"}


def _info_conflict(ctx) -> dict:
    # A stale version and other values: every saved value is listed beside the typed one.
    return _meeting_info(ctx) | {
        "version": 0,
        "place": "北京",
        "joint_meeting_name": "",
        "theme": "",
        "reports_conclusion": "",
        "recommendations_intro": "",
    }


def _notice_conflict() -> dict:
    data = {entry.key: "x" for entry in FIELDS if entry.step == "notice"}
    return data | {"office": IssuingOffice.objects.get().pk, "version": 0, "copies_count": ""}


def _resolution(ctx):
    return ctx["meeting"].resolutions.get()


def _identity(form_class, name: str):
    """A model form's field is its model's field: MeetingForm.place is MeetingCreateForm.place."""
    meta = getattr(form_class, "_meta", None)
    model = getattr(meta, "model", None)
    return (model, name) if model is not None and name in (meta.fields or ()) else (form_class, name)


def test_every_free_text_field_is_in_the_table():
    """A new text field in any form of the app fails here until it has its line in FIELDS."""
    import importlib
    import inspect

    from django import forms

    from attendees.forms import PersonNameField

    typed = set()
    for module_name in FORM_MODULES:
        module = importlib.import_module(module_name)
        for form_class in vars(module).values():
            if not (inspect.isclass(form_class) and issubclass(form_class, forms.BaseForm)):
                continue
            for name, form_field in form_class.base_fields.items():
                free = type(form_field) in (forms.CharField, PersonNameField)
                if free and (form_class, name) not in NOT_FREE_TEXT:
                    typed.add(_identity(form_class, name))
    listed = {_identity(entry.form, entry.key.rsplit("-", 1)[-1]) for entry in FIELDS}
    assert typed - listed == set()
    assert all(entry.shown <= set(PAGES) for entry in FIELDS)
    assert all(entry.step in STEPS for entry in FIELDS)
    assert len(VALUES) == len(FIELDS)  # no field listed twice


# --- the world: every form posted, every page fetched -------------------------------------


def _post(client, url, data) -> None:
    response = client.post(url, data)
    assert response.status_code == 302, (url, response.status_code, _errors(response))
    problems = [str(m) for m in response.wsgi_request._messages._queued_messages if m.level >= 40]
    assert problems == [], (url, problems)


def _errors(response) -> str:
    html = response.content.decode()
    return " | ".join(re.findall(r'class="invalid-feedback[^"]*"[^>]*>(.*?)</', html, flags=re.S))[:2000]


@pytest.fixture
def world(seed_meeting, secretary, signatory, member):
    second = UserFactory(username="erin")
    second.groups.add(Group.objects.get(name=roles.MEMBER))
    Person.objects.filter(name="郎志正").update(user=member)
    Person.objects.filter(name="乔东").update(user=second)
    users = {"secretary": secretary, "signatory": signatory, "member": member, "second_member": second}
    clients = {}
    for role, user in users.items():
        clients[role] = Client()
        clients[role].force_login(user)
    ctx = {"term": seed_meeting.term}
    ctx["guest"] = VALUES["attendance_guest.attendance-person_name"]
    pages = {}
    for phase in ["draft", "issued"]:
        for step_name, step in STEPS.items():
            if step.phase != phase:
                continue
            data = step.data(ctx)
            data |= {entry.key: VALUES[entry.name] for entry in FIELDS if entry.step == step_name}
            _post(clients[step.user], step.url(ctx), data)
            step.after(ctx)
        for page_name, page in PAGES.items():
            if page.phase != phase:
                continue
            client = clients[page.user]
            response = client.post(page.url(ctx), page.post(ctx)) if page.post else client.get(page.url(ctx))
            assert response.status_code == page.status, (page_name, response.status_code)
            pages[page_name] = response.content if page.pdf else response.content.decode()
    assert Notice.objects.get(pk=ctx["notice"].pk).status == Notice.Status.ISSUED
    return pages


def test_user_text_is_escaped_on_every_page(world):
    problems = []
    for page_name, page in PAGES.items():
        if page.pdf:
            continue
        html = world[page_name]
        for marker in RAW_MARKERS:
            at = html.find(marker)
            if at >= 0:
                problems.append(f"{page_name}: raw {marker!r} in …{html[max(0, at - 40) : at + 40]}…")
    for entry in FIELDS:
        for page_name in sorted(entry.shown):
            if PAGES[page_name].pdf:
                continue
            if escape(VALUES[entry.name]) not in world[page_name]:
                problems.append(f"{entry.name}: not shown (escaped) on {page_name}")
    assert problems == []


def _text_without_draft_mark(data: bytes) -> str:
    """pdf_text without the 54pt 草稿 mark that drafts carry on every page (its characters
    would otherwise land in the middle of the lines they overlay)."""
    with open_pdf(data) as pdf:
        pages = [
            squash(
                page.filter(lambda o: o.get("object_type") != "char" or o["size"] < 30).extract_text() or ""
            )
            for page in pdf.pages
        ]
    return "".join(re.sub(r"—\d+—$", "", page) for page in pages)


def _printed(value: str, text: str) -> bool:
    """The value as text: whole, or (where it wraps inside a row of the 版记, whose other
    cell the extraction puts between its lines) its space-separated pieces in order."""
    return squash(value) in text or not missing_in_order([squash(p) for p in value.split()], text)


def _annotations(page) -> list:
    """The page's annotations other than the issuing organisation's (invisible) signature field."""

    def signature_field(annotation) -> bool:
        data = annotation.get("data", {})
        return getattr(data.get("FT"), "name", None) == "Sig" and annotation.get("uri") is None

    return [a for a in page.annots if not signature_field(a)]


def test_pdfs_print_user_text_as_text(world):
    problems = []
    for page_name, page in PAGES.items():
        if not page.pdf:
            continue
        data = world[page_name]
        assert data.startswith(b"%PDF-"), page_name
        text = _text_without_draft_mark(data)
        with open_pdf(data) as pdf:  # the markup made no image, link or attachment
            assert all(not p.images and not _annotations(p) for p in pdf.pages), page_name
        for entry in FIELDS:
            if page_name in entry.shown and not _printed(VALUES[entry.name], text):
                problems.append(f"{entry.name}: not printed in {page_name}")
    assert problems == []
