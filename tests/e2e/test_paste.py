"""A secretary pastes three recommendations into the editor, previews them and saves them."""

import pytest
from django.urls import reverse

from meetings.models import Meeting

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASTED = "1. 进一步服务市场监管。\n2、进一步提升认可有效性。\n（三）进一步加快认可技术创新。"


@pytest.mark.parametrize("width", [1400, 390])
def test_paste_three_recommendations(browser, live_server, contexts, seeded_secretary, tmp_path, width):
    meeting = Meeting.objects.create(
        term=Meeting.objects.get().term,
        sitting=3,
        starts_on="2020-06-18",
        place="北京",
        created_by=seeded_secretary,
    )
    page = login(
        contexts, browser, live_server.url, seeded_secretary, tmp_path, f"paste-{width}", width=width
    )
    page.goto(live_server.url + reverse("minutes:editor", args=[meeting.pk]) + "#sec-recommendation")

    box = page.locator("#paste-recommendation")
    assert box.evaluate("el => el.open")  # the list is empty: its paste box is open
    box.locator("textarea").fill(PASTED)
    page.shot("1-box")
    box.get_by_role("button", name="预览").click()

    page.get_by_role("heading", name="将添加以下 3 项（按纪要中的写法）").wait_for()
    for line in ["1. 进一步服务市场监管。", "2. 进一步提升认可有效性。", "3. 进一步加快认可技术创新。"]:
        page.locator("#paste-preview li", has_text=line).wait_for()
    page.shot("2-preview")
    page.get_by_role("button", name="保存这 3 项").click()

    page.get_by_text("已添加 3 项到“意见和建议”。").wait_for()
    section = page.locator("#sec-recommendation")
    for text in ["1. 进一步服务市场监管。", "2. 进一步提升认可有效性。", "3. 进一步加快认可技术创新。"]:
        section.get_by_text(text).wait_for()
    page.shot("3-saved")
    assert list(meeting.recommendations.values_list("number", flat=True)) == [1, 2, 3]

    page.goto(live_server.url + reverse("minutes:preview", args=[meeting.pk]))
    page.get_by_text("3. 进一步加快认可技术创新。").wait_for()
    assert page.get_by_text("1. 进一步服务市场监管。").count() == 1
    page.shot("4-minutes")
