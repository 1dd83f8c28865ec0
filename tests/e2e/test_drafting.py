"""A secretary drafts a meeting's minutes in a real browser, from login to the PDF."""

import pytest

from attendees.models import Attendance
from meetings.models import Meeting

from ..documents.pdfutil import pdf_text
from .conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PROPOSAL = "关于修订认可规则的提案"
RECOMMENDATION = "进一步加强能力验证的信息化建设。"
REASON = "因参加其他会议等事宜"


def test_secretary_drafts_minutes_and_downloads_the_pdf(page, seeded_secretary, tmp_path):
    shots = iter(range(1, 100))

    def shot(name: str) -> None:
        page.screenshot(path=str(tmp_path / f"{next(shots):02d}-{name}.png"), full_page=True)

    page.goto(page.base_url + "/")
    page.fill("#id_username", seeded_secretary.username)
    page.fill("#id_password", PASSWORD)
    shot("login")
    page.get_by_role("button", name="登录").click()
    page.get_by_role("heading", name="工作台").wait_for()
    shot("dashboard")

    page.get_by_role("link", name="新建会议").first.click()
    assert page.input_value("#id_sitting") == "3"  # the next sitting of the term that met last
    page.fill("#id_starts_on", "2020-06-18")
    page.fill("#id_place", "北京")
    # On by default (the term met before); this walk starts empty and lists the members itself.
    copy_previous = page.get_by_label("从上次会议复制议程、报告和出席类别")
    assert copy_previous.is_checked()
    copy_previous.uncheck()
    shot("new-meeting")
    page.get_by_role("button", name="创建并开始起草").click()
    page.get_by_role("heading", name="中国合格评定国家认可委员会第四届执行委员会第三次会议纪要").wait_for()
    meeting = Meeting.objects.get(sitting=3)
    assert meeting.created_by == seeded_secretary

    page.get_by_role("button", name="从委员名单添加（15 人）").click()
    page.get_by_text("已从委员名单添加 15 人").wait_for()
    shot("members-added")

    page.get_by_label("选择 执委南存辉").check()
    page.get_by_label("选择 执委林树青").check()
    page.select_option("#id_bulk-category", "absent")
    page.select_option("#id_bulk-absence_kind", "leave")
    page.fill("#id_bulk-absence_reason", REASON)
    shot("two-absent")
    page.get_by_role("button", name="修改勾选的人员").click()
    page.get_by_text("已修改 2 人的出席类别").wait_for()
    absent = Attendance.objects.filter(meeting=meeting, category="absent")
    assert sorted(absent.values_list("person__name", flat=True)) == ["南存辉", "林树青"]

    # Shift+click ticks the rows between; 类别不变 with a 称谓 retitles them alone.
    ticks = page.locator("input[name='bulk-rows']")
    ticks.nth(3).click()
    ticks.nth(5).click(modifiers=["Shift"])
    assert [ticks.nth(i).is_checked() for i in range(2, 7)] == [False, True, True, True, False]
    picked = [int(ticks.nth(i).get_attribute("value")) for i in (3, 4, 5)]
    categories = dict(Attendance.objects.filter(pk__in=picked).values_list("pk", "category"))
    page.select_option("#id_bulk-category", "keep")
    page.fill("#id_bulk-designation", "CNAS执委")
    page.get_by_role("button", name="修改勾选的人员").click()
    page.get_by_text("已修改 3 人的称谓。").wait_for()
    retitled = Attendance.objects.filter(pk__in=picked)
    assert set(retitled.values_list("designation", flat=True)) == {"CNAS执委"}
    assert dict(retitled.values_list("pk", "category")) == categories

    # Typing part of a name suggests the people the system knows, with their posts.
    page.locator("#id_attendance-person_name").press_sequentially("乔")
    page.locator("#people-options option[value='乔东']").wait_for(state="attached")
    page.fill("#id_attendance-person_name", "")

    page.fill("#id_resolution-proposal", f"《{PROPOSAL}》")
    page.fill("#id_resolution-text", "自发布之日起实施。")
    page.get_by_role("button", name="添加到“决议”").click()
    page.get_by_text("已添加到“决议”").wait_for()
    page.fill("#id_recommendation-text", RECOMMENDATION)
    page.get_by_role("button", name="添加到“意见和建议”").click()
    page.get_by_text("已添加到“意见和建议”").wait_for()
    shot("resolution-and-recommendation")

    preview = page.frame_locator("iframe[title='纪要预览']")
    preview.get_by_text(f"1. 同意《{PROPOSAL}》。自发布之日起实施。").wait_for()
    preview.get_by_text(f"南存辉、林树青，{REASON}请假。", exact=False).wait_for()

    with page.context.expect_page() as opened:
        page.get_by_role("link", name="预览纪要").first.click()
    full_preview = opened.value
    full_preview.get_by_text(RECOMMENDATION, exact=False).wait_for()
    full_preview.screenshot(path=str(tmp_path / f"{next(shots):02d}-preview.png"), full_page=True)
    full_preview.close()

    with page.expect_download() as downloaded:
        page.get_by_role("link", name="下载 PDF").click()
    pdf = tmp_path / "minutes.pdf"
    downloaded.value.save_as(pdf)
    text = pdf_text(pdf.read_bytes())
    assert "中国合格评定国家认可委员会第四届执行委员会第三次会议纪要" in text
    assert f"1.同意《{PROPOSAL}》。自发布之日起实施。" in text
    assert f"1.{RECOMMENDATION}" in text
    assert f"南存辉、林树青，{REASON}请假。" in text


def test_leaving_with_unsaved_input_asks_first(page, seeded_secretary):
    meeting = Meeting.objects.create(
        term=Meeting.objects.get().term, sitting=3, starts_on="2020-06-18", place="北京"
    )
    page.goto(page.base_url + "/")
    page.fill("#id_username", seeded_secretary.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.goto(f"{page.base_url}/meetings/{meeting.pk}/edit/")
    page.locator("#id_resolution-proposal").press_sequentially("还没保存的提案")

    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.close(run_before_unload=True)
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
