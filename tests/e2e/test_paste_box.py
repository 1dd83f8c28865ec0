"""A block pasted into an empty list's paste box (open from the start) is previewed at once;
Enter on the focused save button adds the items — one key after the paste, no page load."""

import pytest
from django.urls import reverse

from meetings.models import Meeting

from .conftest import login, wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASTED = "1. 进一步服务市场监管。\n2、进一步提升认可有效性。"


def test_a_pasted_block_is_previewed_at_once_and_saved_with_enter(
    browser, live_server, contexts, seeded_secretary, tmp_path
):
    meeting = Meeting.objects.create(
        term=Meeting.objects.get().term,
        sitting=3,
        starts_on="2020-06-18",
        place="北京",
        created_by=seeded_secretary,
    )
    page = login(contexts, browser, live_server.url, seeded_secretary, tmp_path, "paste-box")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.goto(live_server.url + reverse("minutes:editor", args=[meeting.pk]) + "#sec-recommendation")
    loads = []
    page.on("framenavigated", lambda frame: loads.append(frame.url) if frame == page.main_frame else None)

    box = page.locator("#paste-recommendation")
    assert box.evaluate("el => el.open"), "an empty list's paste box is open"
    page.evaluate("text => navigator.clipboard.writeText(text)", PASTED)
    box.locator("textarea").focus()
    page.keyboard.press("Control+V")
    page.locator("#paste-preview li", has_text="2. 进一步提升认可有效性。").wait_for()
    wait_until(page, "document.activeElement && document.activeElement.value === 'save'")
    page.shot("1-previewed")
    page.keyboard.press("Enter")
    page.get_by_text("已添加 2 项到“意见和建议”。").wait_for()
    assert list(meeting.recommendations.order_by("number").values_list("text", flat=True)) == [
        "进一步服务市场监管。",
        "进一步提升认可有效性。",
    ]
    # The list has items now: its paste box starts closed.
    assert not page.locator("#paste-recommendation").evaluate("el => el.open")

    # A word pasted into text being corrected is not previewed until 预览 is pressed.
    resolutions = page.locator("#paste-resolution")
    posts = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" and "/paste/" in r.url else None)
    resolutions.locator("textarea").fill("《甲提案》\n")
    page.evaluate("text => navigator.clipboard.writeText(text)", "《乙提案》")
    resolutions.locator("textarea").press("End")
    page.keyboard.press("Control+V")
    page.wait_for_timeout(500)
    assert posts == [] and resolutions.locator("textarea").input_value() == "《甲提案》\n《乙提案》"
    with page.expect_response(lambda r: "/paste/" in r.url):
        resolutions.get_by_role("button", name="预览").click()
    page.locator("#paste-preview li", has_text="2. 同意《乙提案》。").wait_for()
    # The outcome changed under the preview: previewed again, and saved, with it.
    with page.expect_response(lambda r: "/paste/" in r.url):
        page.select_option("#paste-resolution select[name='paste-resolution-choice']", "passed_in_principle")
    page.locator("#paste-preview input[value='passed_in_principle']").wait_for(state="attached")
    wait_until(page, "document.activeElement && document.activeElement.value === 'save'")
    page.get_by_role("button", name="保存这 2 项").click()
    page.get_by_text("已添加 2 项到“决议”。").wait_for()
    assert set(meeting.resolutions.values_list("outcome", flat=True)) == {"passed_in_principle"}
    assert loads == [], loads
