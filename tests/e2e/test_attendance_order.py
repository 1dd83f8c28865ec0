"""A secretary lists a group of representatives and orders the attendance clauses in a real
browser, without JavaScript of their own: plain forms and ↑/↓ buttons (issue 13)."""

import datetime

import pytest

from meetings.models import Meeting

from .conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

GROUP = "来自全国各地253家合格评定机构的代表"


def test_a_group_of_representatives_and_the_order_of_the_clauses(page, seeded_secretary):
    seed = Meeting.objects.get(sitting=2)
    meeting = Meeting.objects.create(
        term=seed.term,
        sitting=3,
        starts_on=datetime.date(2020, 6, 18),
        place="北京",
        created_by=seeded_secretary,
    )
    page.goto(page.base_url + "/")
    page.fill("#id_username", seeded_secretary.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("heading", name="工作台").wait_for()
    page.goto(f"{page.base_url}/meetings/{meeting.pk}/edit/")

    for fields, category in [
        ({"#id_attendance-person_name": "唐军"}, "spoke"),
        ({"#id_attendance-group_name": GROUP}, "delegate"),
        ({"#id_attendance-group_name": "CNAS秘书处有关人员"}, "observer"),
    ]:
        for selector, value in fields.items():
            page.fill(selector, value)
        page.select_option("#id_attendance-category", category)
        # Added in place: wait for the section's answer, not for a message an earlier addition
        # may still show.
        with page.expect_response(lambda r: "/attendance/add/" in r.url and r.request.method == "POST"):
            page.get_by_role("button", name="添加出席人员").click()
        page.wait_for_load_state("networkidle")

    preview = page.frame_locator("iframe[title='纪要预览']")
    preview.get_by_text(f"{GROUP}参加会议，CNAS秘书处有关人员列席会议。", exact=False).wait_for()

    # The observers first: five places up, each answered in place (no page load).
    loads = []
    page.on("framenavigated", lambda frame: loads.append(frame.url) if frame == page.main_frame else None)
    for _step in range(5):
        with page.expect_response(lambda r: "/attendance/order/" in r.url and r.request.method == "POST"):
            page.get_by_role("button", name="上移“列席会议”").click()
        page.wait_for_load_state("networkidle")
    assert loads == []
    assert page.locator("#attendance-order li").first.get_attribute("data-clause") == "observer"
    assert page.get_by_role("button", name="上移“列席会议”").is_disabled()
    preview = page.frame_locator("iframe[title='纪要预览']")
    preview.get_by_text(
        "CNAS秘书处有关人员列席会议。国家市场监督管理总局副局长唐军出席会议并讲话。", exact=False
    ).wait_for()
    meeting.refresh_from_db()
    assert meeting.attendance_order[0] == "observer"
