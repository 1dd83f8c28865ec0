"""The registers: every resolution and recommendation of the issued minutes across meetings,
filtered by committee, year and outcome/status, paged, exported to CSV and XLSX (all matching
rows, formulas kept as text); and the follow-up of a recommendation after issue, recorded in an
append-only log by the secretariat only."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from attendees.models import Attendance
from meetings.models import CommitteeTerm, Meeting, RecordFrozen
from notices import services as notice_services
from notices.models import Notice
from people.models import Person
from registers.models import FollowUp
from registers.services import recommendation_follow_up
from resolutions.models import Recommendation

pytestmark = pytest.mark.django_db

SEED_NUMBER = "认可委（秘）〔2020〕20号"
SEED_PROPOSAL = "CNAS全体委员会和专门委员会委员调整的提案"
SEED_RECOMMENDATION = "进一步提升认可有效性"
HOSTILE = ["=cmd|' /C calc'!A0", "+SUM(1,2)", "-2+3", "@SUM(A1)", "\t=1+1"]

RESOLUTION_HEADER = ["委员会", "会议", "会议日期", "发文字号", "印发日期", "序号"] + [
    "提案名称",
    "决议内容",
    "表决结果",
    "注",
]
RECOMMENDATION_HEADER = ["委员会", "会议", "会议日期", "发文字号", "印发日期", "序号"] + [
    "内容",
    "落实情况",
    "跟进说明",
    "最近登记人",
    "最近登记时间",
]


def _issue(meeting, secretary, signatory, on: datetime.date) -> Notice:
    """The whole way to issued minutes, as the secretariat and the signatory go it."""
    notice = notice_services.notice_create(
        meeting=meeting, created_by=secretary, **notice_services.notice_defaults(meeting)
    )
    notice_services.notice_submit(notice=notice, user=secretary)
    notice_services.notice_sign_off(notice=notice, user=signatory, date_signed=on)
    return notice_services.notice_issue(notice=notice, user=secretary, date_issued=on)


@pytest.fixture
def draft(seed_meeting, secretary):
    """A draft meeting of the seed's committee with one resolution and one recommendation."""
    meeting = Meeting.objects.create(
        term=seed_meeting.term, sitting=3, starts_on=datetime.date(2020, 6, 18), place="北京"
    )
    meeting.resolutions.create(number=1, proposal="草稿中的提案", outcome="passed")
    meeting.recommendations.create(number=1, text="草稿中的建议")
    return meeting


@pytest.fixture
def plenary(seed_meeting, secretary, signatory):
    """An issued meeting of another committee (全体委员会) in 2021: one rejected resolution, and
    55 recommendations (with the seed's 6, more than a page of 50), five of them formula-like."""
    term = CommitteeTerm.objects.get(committee__name="全体委员会", number=4)
    meeting = Meeting.objects.create(term=term, sitting=1, starts_on=datetime.date(2021, 4, 8), place="上海")
    Attendance.objects.create(meeting=meeting, person=Person.objects.get(name="郎志正"), category="present")
    meeting.resolutions.create(number=1, proposal="关于某事项的提案", outcome="rejected", text="=1+2")
    texts = HOSTILE + [f"全体委员会建议第{n}条" for n in range(len(HOSTILE) + 1, 56)]
    for number, text in enumerate(texts, start=1):
        meeting.recommendations.create(number=number, text=text)
    _issue(meeting, secretary, signatory, datetime.date(2021, 4, 20))
    return Meeting.objects.get(pk=meeting.pk)


def _seed_recommendation(seed_meeting, number=2) -> Recommendation:
    return seed_meeting.recommendations.get(number=number)


def _csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # so that Excel reads UTF-8
    return list(csv.reader(io.StringIO(text[1:])))


def _xlsx(response):
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.worksheets) == 1
    return workbook.active


# --- what the registers list -------------------------------------------------------------


def test_the_registers_list_the_issued_minutes_and_not_a_draft(client, archivist, seed_meeting, draft):
    client.force_login(archivist)
    page = client.get(reverse("registers:resolutions")).content.decode()
    assert SEED_PROPOSAL in page and SEED_NUMBER in page
    assert reverse("notices:meeting", args=[seed_meeting.pk]) in page
    assert "草稿中的提案" not in page
    assert "共 2 条" in page  # the seed's two resolutions

    page = client.get(reverse("registers:recommendations")).content.decode()
    assert SEED_RECOMMENDATION in page and SEED_NUMBER in page and "待落实" in page
    assert "草稿中的建议" not in page
    assert "共 6 条" in page


def test_a_superseded_edition_gives_way_to_its_correction(client, secretary, signatory, seed_meeting):
    notice = Notice.objects.get(meeting=seed_meeting)
    correction = notice_services.notice_correct(notice=notice, user=secretary)
    client.force_login(secretary)
    # Until the correction is issued, the original is the record.
    assert SEED_NUMBER in client.get(reverse("registers:resolutions")).content.decode()
    notice_services.notice_submit(notice=correction, user=secretary)
    notice_services.notice_sign_off(notice=correction, user=signatory, date_signed=datetime.date(2020, 3, 20))
    notice_services.notice_issue(notice=correction, user=secretary, date_issued=datetime.date(2020, 3, 20))
    page = client.get(reverse("registers:resolutions")).content.decode()
    assert SEED_NUMBER not in page and "认可委（秘）〔2020〕21号" in page and "共 2 条" in page


def test_filters_by_committee_year_and_state_with_counts(client, secretary, seed_meeting, plenary):
    client.force_login(secretary)
    url = reverse("registers:resolutions")
    executive = seed_meeting.term.committee_id
    page = client.get(url).content.decode()
    assert "共 3 条" in page
    assert "执行委员会（2）" in page and "全体委员会（1）" in page
    assert "2019（2）" in page and "2021（1）" in page
    assert "原则通过（2）" in page and "不通过（1）" in page and "暂缓（0）" in page

    page = client.get(url, {"committee": executive}).content.decode()
    assert SEED_PROPOSAL in page and "关于某事项的提案" not in page and "共 2 条" in page
    assert "2021（1）" not in page  # the year's count follows the committee chosen
    page = client.get(url, {"year": "2021"}).content.decode()
    assert SEED_PROPOSAL not in page and "关于某事项的提案" in page
    page = client.get(url, {"state": "rejected"}).content.decode()
    assert "共 1 条" in page and "关于某事项的提案" in page
    # Nonsense is ignored, never a 500.
    for junk in ["²", "1" * 5000, "-1", "abc", "\x00"]:
        response = client.get(url, {"committee": junk, "year": junk, "state": junk})
        assert response.status_code == 200 and "共 3 条" in response.content.decode()

    rec_url = reverse("registers:recommendations")
    page = client.get(rec_url, {"committee": executive, "state": "open"}).content.decode()
    assert "共 6 条" in page and "待落实（6）" in page and "已落实（0）" in page


def test_a_joint_meeting_counts_under_each_committee_taking_part(
    client, secretary, signatory, seed_meeting, plenary
):
    """Its rows are counted under every committee in the joint meeting, as the committee filter
    shows them, once each."""
    joint = Meeting.objects.create(
        kind=Meeting.Kind.JOINT,
        organisation=seed_meeting.organisation,
        own_name="执行委员会和全体委员会联席会议",
        starts_on=datetime.date(2021, 9, 1),
        place="北京",
    )
    joint.joint_terms.set([seed_meeting.term, plenary.term])
    joint.resolutions.create(number=1, proposal="联席会议的提案", outcome="passed")
    Attendance.objects.create(meeting=joint, person=Person.objects.get(name="郎志正"), category="present")
    _issue(joint, secretary, signatory, datetime.date(2021, 9, 10))
    client.force_login(secretary)
    url = reverse("registers:resolutions")
    page = client.get(url).content.decode()
    assert "共 4 条" in page
    assert "执行委员会（3）" in page and "全体委员会（2）" in page
    for committee, total in [(seed_meeting.term.committee_id, 3), (plenary.term.committee_id, 2)]:
        page = client.get(url, {"committee": committee}).content.decode()
        assert f"共 {total} 条" in page and "联席会议的提案" in page
    page = client.get(url, {"year": "2021"}).content.decode()
    assert "执行委员会（1）" in page and "全体委员会（2）" in page


def test_pages_of_fifty_keep_the_filters(client, secretary, seed_meeting, plenary, django_assert_num_queries):
    client.force_login(secretary)
    url = reverse("registers:recommendations")
    client.get(url)  # the session and permissions are cached after the first request
    # session, user, user's permissions, group permissions; four facet queries (committees
    # twice: sittings, joint meetings), the count, the page's rows, the committees of joint
    # meetings and their follow-ups (prefetched) and their issued notices: the same for any
    # number of rows.
    with django_assert_num_queries(13):
        response = client.get(url, {"state": "open"})
    page = response.content.decode()
    assert "共 61 条" in page and page.count('class="list-group-item" id="rec-') == 50
    assert "?state=open&amp;page=2" in page
    second = client.get(url, {"state": "open", "page": "2"}).content.decode()
    assert second.count('class="list-group-item" id="rec-') == 11
    assert "?state=open&amp;page=1" in second
    # The seed meeting (2019) comes after the 2021 one: its six are on page 2.
    assert SEED_RECOMMENDATION in second


# --- exports -----------------------------------------------------------------------------


def test_csv_exports_every_matching_row_with_its_header(client, archivist, seed_meeting, plenary, draft):
    client.force_login(archivist)
    table = _csv(client.get(reverse("registers:recommendations_csv")))
    assert table[0] == RECOMMENDATION_HEADER
    assert len(table) == 1 + 61  # all the rows, not a page of 50; no draft's
    seed_rows = [row for row in table if row[3] == SEED_NUMBER]
    assert [row[5] for row in seed_rows] == ["1", "2", "3", "4", "5", "6"]
    assert seed_rows[1][0] == "执行委员会" and seed_rows[1][2] == "2019-12-17"
    assert seed_rows[1][1] == seed_meeting.full_name and seed_rows[1][7] == "待落实"
    assert seed_rows[1][6].startswith(SEED_RECOMMENDATION)

    table = _csv(
        client.get(reverse("registers:resolutions_csv"), {"committee": seed_meeting.term.committee_id})
    )
    assert table[0] == RESOLUTION_HEADER
    assert [row[6] for row in table[1:]] == [
        SEED_PROPOSAL,
        "关于召开2020年CNAS全体委员会及各专门委员会会议的提案",
    ]
    assert table[2][9].startswith("执行委员会会议后") and table[2][8] == "原则通过"
    assert table[1][4] == "2020-03-09"


def test_xlsx_has_a_frozen_header_dates_as_dates_and_widths_for_chinese(
    client, signatory, seed_meeting, plenary
):
    client.force_login(signatory)
    sheet = _xlsx(client.get(reverse("registers:recommendations_xlsx"), {"year": "2019"}))
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == RECOMMENDATION_HEADER
    assert len(rows) == 1 + 6
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    first = rows[1]
    assert first[2] == datetime.datetime(2019, 12, 17) and first[4] == datetime.datetime(2020, 3, 9)
    assert sheet["C2"].is_date and sheet["C2"].number_format == "yyyy-mm-dd"
    assert first[3] == SEED_NUMBER and first[5] == 1
    # 委员会 (3 Chinese characters) and the long texts: wide enough for what they hold.
    assert sheet.column_dimensions["A"].width >= 2 * len("执行委员会")
    assert sheet.column_dimensions["B"].width >= 40
    assert sheet.column_dimensions["G"].width == 62  # capped; the text wraps
    assert sheet["G2"].alignment.wrap_text


def test_formulas_are_written_as_text(client, secretary, plenary):
    client.force_login(secretary)
    table = _csv(client.get(reverse("registers:recommendations_csv"), {"year": "2021"}))
    texts = [row[6] for row in table[1:6]]
    assert texts == [f"'{text}" for text in HOSTILE]
    resolution = _csv(client.get(reverse("registers:resolutions_csv"), {"year": "2021"}))[1]
    assert resolution[7] == "'=1+2"

    sheet = _xlsx(client.get(reverse("registers:recommendations_xlsx"), {"year": "2021"}))
    cells = [sheet.cell(row=row, column=7) for row in range(2, 7)]
    assert [cell.value for cell in cells] == HOSTILE
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in cells)
    assert not sheet.cell(row=7, column=7).quotePrefix  # ordinary text stays ordinary
    # Reopened, still no formula anywhere.
    for row in sheet.iter_rows():
        assert all(cell.data_type != "f" for cell in row)


# --- who sees them ---------------------------------------------------------------------


def test_only_the_insiders_see_the_registers(client, seed_meeting, member, outsider, archivist, signatory):
    rec = _seed_recommendation(seed_meeting)
    urls = [
        reverse(name)
        for name in [
            "registers:resolutions",
            "registers:resolutions_csv",
            "registers:resolutions_xlsx",
            "registers:recommendations",
            "registers:recommendations_csv",
            "registers:recommendations_xlsx",
        ]
    ] + [reverse("registers:recommendation", args=[rec.pk])]
    for user in (member, outsider):
        client.force_login(user)
        assert [client.get(url).status_code for url in urls] == [404] * len(urls)
        assert reverse("registers:resolutions") not in client.get(reverse("home")).content.decode()
    for user in (archivist, signatory):
        client.force_login(user)
        assert [client.get(url).status_code for url in urls] == [200] * len(urls)
        page = client.get(reverse("registers:recommendations")).content.decode()
        assert reverse("registers:resolutions") in page  # in the navigation
        assert "登记跟进" not in page  # they read only
    client.logout()
    assert client.get(urls[0]).status_code == 302


# --- following a recommendation up -----------------------------------------------------


def _follow_up(client, rec, htmx=False, **data):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(reverse("registers:follow_up", args=[rec.pk]), data, **headers)


def test_a_follow_up_records_who_when_and_why(client, secretary, seed_meeting):
    rec = _seed_recommendation(seed_meeting)
    register = reverse("registers:recommendations") + "?state=open"
    client.force_login(secretary)
    before = timezone.now()
    response = _follow_up(client, rec, status="in_progress", note="已列入2020年工作计划。", next=register)
    assert response.status_code == 302 and response["Location"] == f"{register}#rec-{rec.pk}"

    entry = FollowUp.objects.get()
    assert entry.recommendation == rec and entry.changed_by == secretary
    assert (entry.previous_status, entry.status) == ("open", "in_progress")
    assert entry.note == "已列入2020年工作计划。" and before <= entry.changed_at <= timezone.now()
    rec.refresh_from_db()
    assert (rec.status, rec.follow_up) == ("in_progress", "已列入2020年工作计划。")

    _follow_up(client, rec, status="done", note="分级管理办法已于2020年底发布。")
    page = client.get(reverse("registers:recommendation", args=[rec.pk])).content.decode()
    assert page.index("分级管理办法已于2020年底发布") < page.index("已列入2020年工作计划")  # latest first
    assert "待落实 → <strong>落实中</strong>" in page and "落实中 → <strong>已落实</strong>" in page
    assert secretary.username in page
    row = client.get(reverse("registers:recommendations")).content.decode()
    assert "跟进记录（2）" in row and "分级管理办法已于2020年底发布" in row
    assert FollowUp.objects.count() == 2

    table = _csv(client.get(reverse("registers:recommendations_csv"), {"state": "done"}))
    assert len(table) == 2
    assert table[1][7:10] == ["已落实", "分级管理办法已于2020年底发布。", secretary.username]
    assert table[1][10].startswith(timezone.localdate().isoformat())
    sheet = _xlsx(client.get(reverse("registers:recommendations_xlsx"), {"state": "done"}))
    latest = FollowUp.objects.first()  # the latest first
    assert sheet["K2"].is_date and sheet["K2"].number_format == "yyyy-mm-dd hh:mm"
    assert sheet["K2"].value == timezone.localtime(latest.changed_at).replace(tzinfo=None, microsecond=0)


def test_a_follow_up_by_htmx_swaps_the_row(client, secretary, seed_meeting):
    rec = _seed_recommendation(seed_meeting)
    client.force_login(secretary)
    response = _follow_up(client, rec, htmx=True, status="done", note="已完成。")
    assert response.status_code == 200
    fragment = response.content.decode()
    assert fragment.lstrip().startswith(f'<li class="list-group-item" id="rec-{rec.pk}"')
    assert "已登记跟进情况。" in fragment and "已完成。" in fragment and 'data-status="done"' in fragment
    assert "<html" not in fragment
    assert Recommendation.objects.get(pk=rec.pk).status == "done"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"status": "done", "note": ""}, "请填写跟进说明。"),
        ({"status": "done", "note": "   \n "}, "请填写跟进说明。"),
        ({"status": "finished", "note": "好"}, "请从列表中选择落实情况"),
        ({"note": "好"}, "请选择落实情况。"),
        ({"status": "done", "note": "长" * 2001}, "最多 2,000 字，已超出 1 字。"),
        ({"status": "done", "note": "有\x00空字符"}, "空字符"),
    ],
)
def test_bad_input_is_refused_with_a_chinese_message(client, secretary, seed_meeting, data, message):
    rec = _seed_recommendation(seed_meeting)
    client.force_login(secretary)
    response = _follow_up(client, rec, **data)
    assert response.status_code == 400 and message in response.content.decode()
    response = _follow_up(client, rec, htmx=True, **data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not FollowUp.objects.exists()
    assert Recommendation.objects.get(pk=rec.pk).status == "open"


def test_the_service_refuses_bad_input_itself(secretary, seed_meeting):
    rec = _seed_recommendation(seed_meeting)
    with pytest.raises(ValidationError) as refused:
        recommendation_follow_up(recommendation=rec, status="nonsense", note=" ", user=secretary)
    assert set(refused.value.message_dict) == {"status", "note"}
    assert not FollowUp.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"), [("archivist", 403), ("signatory", 403), ("member", 404), ("outsider", 404)]
)
def test_only_the_secretariat_follows_up(client, request, seed_meeting, role, status):
    user = request.getfixturevalue(role)
    rec = _seed_recommendation(seed_meeting)
    client.force_login(user)
    assert _follow_up(client, rec, status="done", note="我来改").status_code == status
    with pytest.raises(PermissionDenied):
        recommendation_follow_up(recommendation=rec, status="done", note="我来改", user=user)
    assert not FollowUp.objects.exists()
    assert Recommendation.objects.get(pk=rec.pk).status == "open"


def test_a_drafts_recommendation_is_followed_up_in_the_editor_not_here(client, secretary, draft):
    rec = draft.recommendations.get()
    client.force_login(secretary)
    assert _follow_up(client, rec, status="done", note="好").status_code == 404
    assert client.get(reverse("registers:recommendation", args=[rec.pk])).status_code == 404
    with pytest.raises(ValidationError, match="只有已印发纪要中的意见和建议可以登记跟进"):
        recommendation_follow_up(recommendation=rec, status="done", note="好", user=secretary)
    assert not FollowUp.objects.exists()


def test_the_log_is_append_only(secretary, seed_meeting):
    entry = recommendation_follow_up(
        recommendation=_seed_recommendation(seed_meeting), status="done", note="完成", user=secretary
    )
    entry.note = "改过"
    with pytest.raises(RecordFrozen):
        entry.save()
    with pytest.raises(RecordFrozen):
        entry.delete()
    with pytest.raises(RecordFrozen):
        FollowUp.objects.update(note="改过")
    with pytest.raises(RecordFrozen):
        FollowUp.objects.filter(pk=entry.pk).delete()
    assert FollowUp.objects.get().note == "完成"


def test_the_issued_text_of_a_recommendation_stays_frozen(secretary, seed_meeting):
    rec = _seed_recommendation(seed_meeting)
    text = rec.text
    recommendation_follow_up(recommendation=rec, status="in_progress", note="在办", user=secretary)
    rec.text = "改写的建议"
    with pytest.raises(RecordFrozen):
        rec.save()
    with pytest.raises(RecordFrozen):
        rec.save(update_fields=["text", "status"])
    with pytest.raises(RecordFrozen):
        Recommendation.objects.filter(pk=rec.pk).update(text="改写的建议")
    with pytest.raises(RecordFrozen):
        rec.delete()
    stored = Recommendation.objects.get(pk=rec.pk)
    assert stored.text == text and stored.status == "in_progress"


def test_admin_shows_the_log_read_only(client, admin_user, secretary, seed_meeting):
    entry = recommendation_follow_up(
        recommendation=_seed_recommendation(seed_meeting), status="done", note="完成", user=secretary
    )
    client.force_login(admin_user)
    assert client.get(reverse("admin:registers_followup_change", args=[entry.pk])).status_code == 200
    response = client.post(reverse("admin:registers_followup_delete", args=[entry.pk]), {"post": "yes"})
    assert response.status_code == 403 and FollowUp.objects.count() == 1


@pytest.mark.postgres
def test_a_follow_up_locks_the_recommendation_row(secretary, seed_meeting):
    rec = _seed_recommendation(seed_meeting)
    with CaptureQueriesContext(connection) as queries:
        recommendation_follow_up(recommendation=rec, status="done", note="完成", user=secretary)
    locking = [q["sql"] for q in queries if "FOR UPDATE" in q["sql"]]
    assert locking and '"resolutions_recommendation"' in locking[0]


def test_control_characters_do_not_break_the_xlsx(client, secretary, seed_meeting):
    """Found by the fuzzing (test_hostile_input): a note pasted with a control character made
    openpyxl refuse the whole export (a 500). Such a note is refused now, with a message
    (cnas_minutes.validators); one stored before that is dropped from the XLSX (XML has no
    such characters) and kept in the CSV."""
    rec = _seed_recommendation(seed_meeting)
    with pytest.raises(ValidationError) as refused:
        recommendation_follow_up(recommendation=rec, status="done", note="完成\x1b\x08了", user=secretary)
    assert refused.value.message_dict["note"] == ["不能包含控制字符 U+001B、U+0008，请删除。"]
    assert not FollowUp.objects.exists()
    recommendation_follow_up(recommendation=rec, status="done", note="完成了", user=secretary)
    Recommendation.objects.filter(pk=rec.pk).update(follow_up="完成\x1b\x08了")  # stored before the checks
    client.force_login(secretary)
    sheet = _xlsx(client.get(reverse("registers:recommendations_xlsx"), {"state": "done"}))
    assert sheet["I2"].value == "完成了"
    assert (
        _csv(client.get(reverse("registers:recommendations_csv"), {"state": "done"}))[1][8]
        == "完成\x1b\x08了"
    )


def test_the_plain_post_returns_to_the_register_page_and_nowhere_else(client, secretary, seed_meeting):
    rec = _seed_recommendation(seed_meeting)
    client.force_login(secretary)
    register = reverse("registers:recommendations")
    for sent, expected in [
        (f"{register}?committee={seed_meeting.term.committee_id}&page=1&x=<b>", f"{register}?committee="),
        (
            "https://evil.example/registers/recommendations/",
            reverse("registers:recommendation", args=[rec.pk]),
        ),
        (f"{register}\r\nSet-Cookie: a=b", reverse("registers:recommendation", args=[rec.pk])),
    ]:
        response = _follow_up(client, rec, status="in_progress", note="在办", next=sent)
        assert response.status_code == 302 and response["Location"].startswith(expected), sent
    assert response["Location"] == reverse("registers:recommendation", args=[rec.pk])
