"""In the editor, changes are made in place: three recommendations pasted, one dragged to the
top, with no page load after the editor opened."""

from urllib.parse import parse_qs

import pytest
from django.urls import reverse
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from meetings.models import Meeting

from .conftest import login, wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASTED = "1. 进一步服务市场监管。\n2、进一步提升认可有效性。\n（三）进一步加快认可技术创新。"


@pytest.mark.parametrize("width", [1400, 390])
def test_paste_three_and_drag_one_without_a_page_load(
    browser, live_server, contexts, seeded_secretary, tmp_path, width
):
    meeting = Meeting.objects.create(
        term=Meeting.objects.get().term,
        sitting=3,
        starts_on="2020-06-18",
        place="北京",
        created_by=seeded_secretary,
    )
    page = login(
        contexts, browser, live_server.url, seeded_secretary, tmp_path, f"inplace-{width}", width=width
    )
    page.goto(live_server.url + reverse("minutes:editor", args=[meeting.pk]) + "#sec-recommendation")
    loads = []
    page.on("framenavigated", lambda frame: loads.append(frame.url) if frame == page.main_frame else None)

    box = page.locator("#paste-recommendation")
    assert box.evaluate("el => el.open")  # the list is empty: its paste box is open
    box.locator("textarea").fill(PASTED)  # typed, not pasted: previewed with the button
    box.get_by_role("button", name="预览").click()
    page.locator("#paste-preview li", has_text="3. 进一步加快认可技术创新。").wait_for()
    page.get_by_role("button", name="保存这 3 项").click()
    page.get_by_text("已添加 3 项到“意见和建议”。").wait_for()
    section = page.locator("#sec-recommendation")
    section.get_by_text("3. 进一步加快认可技术创新。").wait_for()
    page.shot("1-pasted")

    if width == 1400:
        # Drag the third to the top by its handle (then the ↑/↓ buttons on a phone).
        rows = section.locator("li[data-move-url]")
        move_url = rows.nth(2).get_attribute("data-move-url")

        def drag():
            handle = rows.nth(2).locator(".drag-handle")
            rows.nth(0).evaluate("row => row.scrollIntoView({block: 'center'})")
            handle.hover()
            page.mouse.down()
            start = handle.bounding_box()
            page.mouse.move(start["x"] + 8, start["y"] + 2, steps=3)  # the drag starts
            page.wait_for_timeout(300)
            # Over the second row, then over the first, each time waiting for the rows'
            # animation (150 ms) to end: SortableJS ignores moves over a row still moving.
            for index in (1, 0):
                box = rows.nth(index).bounding_box()
                for fraction in (0.6, 0.3, 0.2):
                    page.mouse.move(box["x"] + 20, box["y"] + box["height"] * fraction, steps=4)
                    page.wait_for_timeout(250)
            page.mouse.up()

        # Sortable is attached once the swapped section has settled.
        section.locator("[data-sortable][data-sortable-ready]").wait_for()
        # A loaded machine may miss the start of a drag (no drop is posted then): a hand would
        # simply drag again. Only a drag that posted nothing is repeated; the answer to the one
        # that did is then awaited on its own, however slow the server is.
        for attempt in range(3):
            try:
                with page.expect_request(
                    lambda r: r.method == "POST" and r.url.endswith(move_url), timeout=10_000
                ) as posted:
                    drag()
                break
            except PlaywrightTimeoutError:
                if attempt == 2:
                    raise
        assert posted.value.response().ok
        # Where the row was dropped: the top, or — when a loaded machine's pointer events came
        # too late for SortableJS — one row short, which the ↑ beside it then finishes.
        position = int(parse_qs(posted.value.post_data)["position"][0])
        assert position in (1, 2), position
        section.get_by_text(f"{position}. 进一步加快认可技术创新。").wait_for()
        if position == 2:
            section.locator("li[data-move-url]").nth(1).get_by_role("button", name="上移").click()
    else:
        # On a phone, the ↑ buttons (in place too): the focus stays on the moved row's ↑.
        section.locator("li[data-move-url]").nth(2).get_by_role("button", name="上移").click()
        section.get_by_text("2. 进一步加快认可技术创新。").wait_for()
        # The focus comes back to the moved row's ↑ once the section has settled.
        wait_until(
            page,
            "(document.activeElement && document.activeElement.getAttribute('data-focus') || '')"
            ".startsWith('up-recommendation-')",
        )
        page.keyboard.press("Enter")
    section.get_by_text("1. 进一步加快认可技术创新。").wait_for()
    page.shot("2-dragged")
    assert list(meeting.recommendations.order_by("number").values_list("text", flat=True)) == [
        "进一步加快认可技术创新。",
        "进一步服务市场监管。",
        "进一步提升认可有效性。",
    ]

    # Then a new one typed: the version the drop gave the page goes with it (no conflict),
    # and the new-item form is back, empty and focused.
    page.fill("#id_recommendation-text", "进一步完善认可制度。")
    page.get_by_role("button", name="添加到“意见和建议”").click()
    page.get_by_text("已添加到“意见和建议”。").wait_for()
    section.get_by_text("4. 进一步完善认可制度。").wait_for()
    assert page.input_value("#id_recommendation-text") == ""
    # The focus is given back once the swapped section has settled.
    wait_until(page, "document.activeElement && document.activeElement.id === 'id_recommendation-text'")
    if width == 1400:
        preview = page.frame_locator("#preview-frame")
        preview.get_by_text("4. 进一步完善认可制度。").wait_for()
    page.shot("3-added")
    section.screenshot(path=str(tmp_path / f"inplace-{width}-section.png"))
    page.screenshot(path=str(tmp_path / f"inplace-{width}-screen.png"))
    assert meeting.recommendations.count() == 4

    # Enter in the last one-line box of a new-item form adds the item; the next one is typed
    # straight away.
    page.fill("#id_report-title", "认可规则修订情况")
    page.press("#id_report-title", "Enter")
    page.locator("#sec-report").get_by_text("已添加到“审议的报告”。").wait_for()
    page.locator("#sec-report li[data-move-url]").first.wait_for()
    assert page.input_value("#id_report-title") == ""
    page.keyboard.type("能力验证工作情况")
    page.keyboard.press("Enter")
    page.locator("#sec-report li[data-move-url]").nth(1).wait_for()
    titles = list(meeting.reports.order_by("order").values_list("title", flat=True))
    assert len(titles) == 2 and "认可规则修订" in titles[0] and "能力验证" in titles[1], titles
    assert loads == [], loads
