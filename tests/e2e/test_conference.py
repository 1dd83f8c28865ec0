"""A secretary drafts the minutes of a two-day work conference that belongs to no committee, in a
real browser: a group of representatives and a speaker from outside the organisation, a theme,
a rewritten title — and the PDF's title and opening sentence."""

import pytest

from meetings.models import Meeting

from ..documents.pdfutil import pdf_text_unmarked
from .conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NAME = "第八届全国合格评定机构认可工作会议"
THEME = "深化改革，提升认可公信力"
GROUP = "来自全国各地253家合格评定机构的代表"
GENERATED = f"中国合格评定国家认可委员会{NAME}纪要"
OWN_TITLE = "中国合格评定国家认可委员会2013年全国合格评定机构认可工作会议纪要"
OPENING = f"2013年11月19日至20日，中国合格评定国家认可委员会(CNAS)在北京召开了{NAME}，会议主题为“{THEME}”。"


def test_secretary_drafts_a_work_conference_of_no_committee(page, seeded_secretary, tmp_path):
    shots = iter(range(1, 100))

    def shot(name: str) -> None:
        page.screenshot(path=str(tmp_path / f"{next(shots):02d}-{name}.png"), full_page=True)

    page.goto(page.base_url + "/")
    page.fill("#id_username", seeded_secretary.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("heading", name="工作台").wait_for()

    page.get_by_role("link", name="新建会议").first.click()
    # A sitting by default: its term and sitting shown, the conference's name hidden.
    assert page.locator("#id_sitting").is_visible() and not page.locator("#id_own_name").is_visible()
    page.get_by_label("工作会议").check()
    assert not page.locator("#id_sitting").is_visible()
    assert not page.get_by_label("从上次会议复制议程、报告和出席类别").is_visible()
    page.select_option("#id_organisation", label="CNAS")
    page.fill("#id_own_name", NAME)
    page.fill("#id_theme", THEME)
    page.fill("#id_starts_on", "2013-11-19")
    page.fill("#id_ends_on", "2013-11-20")
    page.fill("#id_place", "北京")
    shot("new-conference")
    page.get_by_role("button", name="创建并开始起草").click()
    page.get_by_role("heading", name=GENERATED).wait_for()
    meeting = Meeting.objects.get(own_name=NAME)
    assert (meeting.kind, meeting.term, meeting.sitting) == ("conference", None, None)
    # No roster: nobody to add from a committee.
    assert not page.get_by_role("button", name="从委员名单添加（15 人）").count()

    # A speaker the system does not know yet, from outside the organisation.
    page.fill("#id_attendance-person_name", "孙大伟")
    page.select_option("#id_attendance-category", "spoke")
    page.get_by_label("系统中没有此人，新增为人员").check()
    page.fill("#id_attendance-new_person_unit", "国家认证认可监督管理委员会")
    page.fill("#id_attendance-new_person_title", "主任")
    add_attendee(page)
    # The representatives, a group of people no one names.
    page.select_option("#id_attendance-category", "present")
    page.fill("#id_attendance-group_name", GROUP)
    add_attendee(page)
    assert meeting.attendances.count() == 2
    shot("attendance")

    # The title, rewritten beside the generated one.
    title = page.locator("#override-title")
    title.get_by_label("改写后的标题").fill(OWN_TITLE)
    title.get_by_role("button", name="用此文字替换").click()
    page.get_by_text("已用您的文字替换生成的段落。").wait_for()
    page.get_by_role("heading", name=OWN_TITLE).wait_for()
    title = page.locator("#override-title")
    assert GENERATED in title.inner_text() and "已改写" in title.inner_text()
    shot("title-rewritten")

    preview = page.frame_locator("iframe[title='纪要预览']")
    preview.get_by_text(OPENING, exact=False).wait_for()

    with page.expect_download() as downloaded:
        page.get_by_role("link", name="下载 PDF").click()
    pdf = tmp_path / "minutes.pdf"
    downloaded.value.save_as(pdf)
    text = pdf_text_unmarked(pdf.read_bytes())
    assert text.startswith(OWN_TITLE + OPENING), text[:200]
    assert "国家认证认可监督管理委员会主任孙大伟出席会议并讲话。" in text
    assert f"{GROUP}出席会议" in text
    assert GENERATED not in text


def add_attendee(page):
    """添加出席人员, answered in place: wait for the section's answer (an earlier addition's
    message may still be on the page)."""
    with page.expect_response(lambda r: "/attendance/add/" in r.url and r.request.method == "POST"):
        page.get_by_role("button", name="添加出席人员").click()
    page.wait_for_load_state("networkidle")
