"""Attendance as the minutes print it (issue 13): a group in every category, in both minutes
styles; the clauses in the order the secretariat chose; a reporter's free verb."""

import io

import pdfplumber
import pytest
from django.urls import reverse

from attendees import services
from attendees.models import Attendance, AttendanceClause, attendance_clause_order
from meetings.models import Meeting
from meetings.services import meeting_copy_from_previous
from minutes.composer import attendance_lists, attendance_sentences, meeting_for_minutes, minutes_compose
from minutes.document import render_minutes_pdf
from people.models import Person

from ..documents.pdfutil import squash

pytestmark = pytest.mark.django_db

GROUP = "来自全国各地253家合格评定机构的代表"
TANG = "国家市场监督管理总局副局长唐军"


@pytest.fixture
def editor(client, secretary):
    client.force_login(secretary)
    return client


def _version(meeting) -> int:
    return Meeting.objects.values_list("version", flat=True).get(pk=meeting.pk)


def _add(client, meeting, **fields):
    data = {f"attendance-{key}": value for key, value in fields.items()}
    data.setdefault("attendance-category", "present")
    return client.post(reverse("minutes:section_add", args=[meeting.pk, "attendance"]), data)


def _move(client, meeting, clause, direction, version=None):
    return client.post(
        reverse("minutes:attendance_order_move", args=[meeting.pk, clause, direction]),
        {"version": _version(meeting) if version is None else version},
    )


def _pdf_text(meeting) -> str:
    """The minutes PDF's text without the 草稿 mark across a draft's pages (54pt)."""
    data = render_minutes_pdf(Meeting.objects.get(pk=meeting.pk))
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pages = [page.filter(lambda obj: obj.get("size", 0) < 40) for page in pdf.pages]
        return "".join(squash(page.extract_text() or "") for page in pages)


def _narrative(meeting) -> str:
    return attendance_sentences(meeting_for_minutes(meeting.pk))


def _lists(meeting) -> list[tuple[str, str]]:
    return [(block.label, block.text) for block in attendance_lists(meeting_for_minutes(meeting.pk))]


# --- a group in every category --------------------------------------------------------

GROUP_IN = {
    # category: (extra fields, the narrative sentences, the list style's lists)
    "spoke": ({}, f"{TANG}和{GROUP}出席会议并讲话。", [("出席", f"{TANG}和{GROUP}")]),
    "present": ({}, f"{TANG}出席会议并讲话。{GROUP}出席会议。", [("出席", f"{TANG}和{GROUP}")]),
    "reporter": (
        {"report_verb": "分别作交流发言"},
        f"{TANG}出席会议并讲话。{GROUP}分别作交流发言。",
        [("出席", f"{TANG}和{GROUP}")],
    ),
    "delegate": ({}, f"{TANG}出席会议并讲话。{GROUP}参加会议。", [("出席", f"{TANG}和{GROUP}")]),
    "observer": ({}, f"{TANG}出席会议并讲话。{GROUP}列席会议。", [("出席", TANG), ("列席", GROUP)]),
    "absent": (
        {"absence_kind": "leave", "absence_reason": "因疫情防控要求"},
        f"{TANG}出席会议并讲话。{GROUP}，因疫情防控要求请假。",
        [("出席", TANG), ("请假", f"{GROUP}（因疫情防控要求请假）")],
    ),
}


@pytest.mark.parametrize("category", list(GROUP_IN))
def test_a_group_attends_in_every_category_and_prints_in_both_styles(editor, next_meeting, category):
    meeting = next_meeting(attendee=None)
    extra, sentences, lists = GROUP_IN[category]
    assert _add(editor, meeting, person_name="唐军", category="spoke").status_code == 302
    response = _add(editor, meeting, group_name=GROUP, category=category, **extra)
    assert response.status_code == 302, response.content.decode()
    row = meeting.attendances.get(group_name=GROUP)
    assert (row.category, row.person_id, row.represented_organisation) == (category, None, "")
    assert _narrative(meeting) == sentences
    Meeting.objects.filter(pk=meeting.pk).update(minutes_style=Meeting.MinutesStyle.LIST)
    assert _lists(meeting) == lists


def test_a_group_of_representatives_needs_no_represented_unit_but_a_person_does(editor, next_meeting):
    meeting = next_meeting(attendee=None)
    refused = _add(editor, meeting, category="delegate", person_name="乔东")
    assert refused.status_code == 400
    assert "代表出席的须填写所代表的单位（一组代表可只填群体名称）。" in refused.content.decode()
    assert _add(editor, meeting, category="delegate", group_name=GROUP).status_code == 302
    # A unit's group: the unit, then the group, without the default 代表 before it.
    assert (
        _add(
            editor, meeting, category="delegate", group_name="代表团", represented_organisation="海尔集团"
        ).status_code
        == 302
    )
    assert _narrative(meeting) == f"{GROUP}和海尔集团代表团参加会议。"
    assert [row.display_name for row in meeting.attendances.order_by("order")] == [GROUP, "海尔集团代表团"]


def test_members_groups_and_delegates_share_the_participants_clause(editor, next_meeting):
    meeting = next_meeting()  # 郎志正, a member of the term
    assert _add(editor, meeting, category="delegate", group_name=GROUP).status_code == 302
    assert _add(editor, meeting, category="observer", group_name="CNAS秘书处有关人员").status_code == 302
    assert _narrative(meeting) == f"郎志正以及{GROUP}参加会议，CNAS秘书处有关人员列席会议。"


# --- the order of the clauses ---------------------------------------------------------


def test_the_seed_keeps_the_default_order():
    assert list(AttendanceClause.values) == [
        "spoke",
        "guest",
        "reporter",
        "member",
        "delegate",
        "observer",
        "absent",
    ]


def test_clause_order_ignores_unknown_keys_and_completes_a_partial_order(next_meeting):
    meeting = next_meeting(attendee=None)
    meeting.attendance_order = ["observer", "nonsense", "observer", "spoke"]
    assert attendance_clause_order(meeting) == [
        "observer",
        "spoke",
        "guest",
        "reporter",
        "member",
        "delegate",
        "absent",
    ]


@pytest.fixture
def conference(editor, next_meeting):
    """A conference: a speaker, a guest, a reporter, a group of representatives, observers."""
    meeting = next_meeting(attendee=None)
    rows = [
        {"person_name": "唐军", "category": "spoke"},
        {"person_name": "刘卫军", "category": "present"},
        {"person_name": "肖建华", "category": "reporter"},
        {"group_name": GROUP, "category": "delegate"},
        {"group_name": "CNAS秘书处有关人员", "category": "observer"},
    ]
    for row in rows:
        assert _add(editor, meeting, **row).status_code == 302
    return meeting


LIU = "市场监管总局认证监督管理司司长刘卫军"
XIAO = "CNAS秘书长肖建华"


def test_moving_a_clause_reorders_the_minutes_and_the_pdf(editor, conference):
    default = (
        f"{TANG}出席会议并讲话。{LIU}出席会议，{XIAO}作工作报告。"
        f"{GROUP}参加会议，CNAS秘书处有关人员列席会议。"
    )
    assert _narrative(conference) == default
    # The conference names its speakers, then the representatives, then the guests.
    for _step in range(3):
        assert _move(editor, conference, "delegate", "up").status_code == 302
    conference.refresh_from_db()
    assert conference.attendance_order[:3] == ["spoke", "delegate", "guest"]
    reordered = (
        f"{TANG}出席会议并讲话。{GROUP}参加会议。"
        f"{LIU}出席会议，{XIAO}作工作报告。CNAS秘书处有关人员列席会议。"
    )
    assert _narrative(conference) == reordered
    assert reordered in minutes_compose(meeting_for_minutes(conference.pk)).text
    assert reordered in _pdf_text(conference)
    # The list style names the representatives second in its 出席 list.
    Meeting.objects.filter(pk=conference.pk).update(minutes_style=Meeting.MinutesStyle.LIST)
    assert _lists(conference)[0] == ("出席", f"{TANG}、{GROUP}、{LIU}、{XIAO}")
    text = _pdf_text(conference)
    assert f"出席：{TANG}、{GROUP}、{LIU}、{XIAO}" in text
    # Back down three places: the default again, stored as no order at all.
    for _step in range(3):
        assert _move(editor, conference, "delegate", "down").status_code == 302
    conference.refresh_from_db()
    assert conference.attendance_order == []
    Meeting.objects.filter(pk=conference.pk).update(minutes_style=Meeting.MinutesStyle.NARRATIVE)
    assert _narrative(conference) == default


def test_observers_first_start_their_own_sentence(editor, conference):
    for _step in range(5):
        _move(editor, conference, "observer", "up")
    assert _narrative(conference).startswith(f"CNAS秘书处有关人员列席会议。{TANG}出席会议并讲话。")
    assert _narrative(conference).endswith(f"{GROUP}参加会议。")


def test_the_editor_lists_the_clauses_in_order_with_moves(editor, conference):
    _move(editor, conference, "observer", "up")
    conference.refresh_from_db()
    page = editor.get(reverse("minutes:editor", args=[conference.pk])).content.decode()
    section = page[page.index('id="attendance-order"') :]
    positions = [section.index(f'data-clause="{key}"') for key in attendance_clause_order(conference)]
    assert positions == sorted(positions)
    assert section.index('data-clause="observer"') < section.index('data-clause="delegate"')
    assert reverse("minutes:attendance_order_move", args=[conference.pk, "observer", "up"]) in section


def test_moving_the_first_clause_up_changes_nothing(editor, conference):
    assert _move(editor, conference, "spoke", "up").status_code == 302
    conference.refresh_from_db()
    assert conference.attendance_order == []


def test_a_stale_or_unknown_move_is_refused(editor, conference):
    stale = _move(editor, conference, "observer", "up", version=_version(conference) - 1)
    assert stale.status_code == 302
    conference.refresh_from_db()
    assert conference.attendance_order == []
    followed = editor.get(stale["Location"]).content.decode()
    assert "其他人修改了这次会议" in followed
    assert _move(editor, conference, "nonsense", "up").status_code == 404
    assert _move(editor, conference, "observer", "sideways").status_code == 404
    with pytest.raises(Exception, match="没有这一出席类别"):
        services.attendance_order_move(meeting=conference, version=None, clause="nonsense", step=1)


def test_an_issued_meeting_keeps_its_order(editor, seed_meeting):
    response = _move(editor, seed_meeting, "observer", "up")
    assert response.status_code == 302
    seed_meeting.refresh_from_db()
    assert seed_meeting.attendance_order == []


def test_a_new_sitting_takes_the_previous_order_and_verbs(editor, conference, next_meeting, secretary):
    _move(editor, conference, "observer", "up")
    conference.refresh_from_db()
    Attendance.objects.filter(meeting=conference, category="reporter").update(report_verb="作主旨报告")
    following = next_meeting(sitting=4, starts_on=conference.starts_on.replace(month=9), attendee=None)
    assert meeting_copy_from_previous(meeting=following, user=secretary) == conference
    following.refresh_from_db()
    assert attendance_clause_order(following) == attendance_clause_order(conference)
    assert following.attendances.get(category="reporter").report_verb == "作主旨报告"


# --- a reporter's verb ------------------------------------------------------------------


def test_report_verbs_are_free_text(editor, next_meeting):
    meeting = next_meeting(attendee=None)
    assert _add(editor, meeting, person_name="刘卫军", category="present").status_code == 302
    assert _add(editor, meeting, person_name="肖建华", category="reporter").status_code == 302
    assert (
        _add(editor, meeting, person_name="唐军", category="reporter", report_verb="作主旨报告").status_code
        == 302
    )
    briefing = "，通报了全年认可工作情况。"
    response = _add(editor, meeting, person_name="许新建", category="reporter", report_verb=briefing)
    assert response.status_code == 302
    assert meeting.attendances.get(person__name="许新建").report_verb == "通报了全年认可工作情况"
    assert _narrative(meeting) == (
        f"{LIU}出席会议，{XIAO}作工作报告，{TANG}作主旨报告，"
        "市场监管总局认可与检验检测监督管理司司长许新建通报了全年认可工作情况。"
    )


def test_reporters_sharing_a_verb_share_it(next_meeting):
    meeting = next_meeting(attendee=None)
    for order, name in enumerate(["肖建华", "唐军"], start=1):
        row = Attendance(meeting=meeting, person=Person.objects.get(name=name), category="reporter")
        row.report_verb, row.order = "作主旨报告", order
        row.full_clean()
        row.save()
    assert _narrative(meeting) == f"{XIAO}、{TANG}作主旨报告。"


def test_the_default_verb_is_stored_as_no_verb(editor, next_meeting):
    meeting = next_meeting(attendee=None)
    assert (
        _add(editor, meeting, person_name="肖建华", category="reporter", report_verb="作工作报告").status_code
        == 302
    )
    assert meeting.attendances.get().report_verb == ""
    assert _narrative(meeting) == f"{XIAO}作工作报告。"


def test_only_reporters_have_a_verb(editor, next_meeting):
    meeting = next_meeting(attendee=None)
    response = _add(editor, meeting, person_name="唐军", category="spoke", report_verb="作主旨报告")
    assert response.status_code == 400
    assert "只有“作报告”的需要填写报告用语。" in response.content.decode()
    assert not meeting.attendances.exists()
    row = Attendance(meeting=meeting, group_name=GROUP, category="observer", report_verb="作主旨报告")
    with pytest.raises(Exception, match="只有“作报告”的需要填写报告用语"):
        row.full_clean()


def test_a_reporter_changed_to_another_category_loses_the_verb(editor, next_meeting):
    meeting = next_meeting(attendee=None)
    _add(editor, meeting, person_name="唐军", category="reporter", report_verb="作主旨报告")
    row = meeting.attendances.get()
    response = editor.post(
        reverse("minutes:attendance_bulk", args=[meeting.pk]),
        {"version": _version(meeting), "bulk-rows": [row.pk], "bulk-category": "spoke"},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.category, row.report_verb) == ("spoke", "")


def test_the_verb_box_shows_the_default(editor, next_meeting):
    page = editor.get(reverse("minutes:editor", args=[next_meeting(attendee=None).pk])).content.decode()
    box = page.split('name="attendance-report_verb"')[0].rsplit("<input", 1)[-1]
    box += page.split('name="attendance-report_verb"')[1].split(">", 1)[0]
    assert 'placeholder="作工作报告"' in box


def test_pasted_reporters_take_the_default_verb(editor, next_meeting):
    meeting = next_meeting(attendee=None)
    url = reverse("minutes:section_paste", args=[meeting.pk, "attendance"])
    data = {
        "paste-attendance-items": "肖建华\n唐军",
        "paste-attendance-choice": "reporter",
        "action": "save",
        "version": _version(meeting),
    }
    response = editor.post(url, data)
    assert response.status_code == 302
    assert meeting.attendances.filter(category="reporter").count() == 2, response.content.decode()[:2000]
    assert _narrative(meeting) == f"{XIAO}、{TANG}作工作报告。"
