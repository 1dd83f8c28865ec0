"""The minutes title in the editor's preview pane wraps in balanced lines, never leaving one
character alone on the last line (issue 13)."""

import pytest

from meetings.models import Meeting

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Characters per rendered line of the title, read from each character's box (a Range per
# character): the lines as the browser laid them out, not as the text is written.
TITLE_LINES = """() => [...document.querySelectorAll(".mark span")].map((title) => {
  const walker = document.createTreeWalker(title, NodeFilter.SHOW_TEXT);
  const perLine = new Map();
  while (walker.nextNode()) {
    const node = walker.currentNode;
    for (let i = 0; i < node.length; i++) {
      if (!node.data[i].trim()) continue;
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const top = Math.round(range.getBoundingClientRect().top);
      perLine.set(top, (perLine.get(top) || 0) + 1);
    }
  }
  return [...perLine.entries()].sort((a, b) => a[0] - b[0]).map((entry) => entry[1]);
})"""


def test_the_preview_title_leaves_no_character_alone(
    browser, live_server, contexts, seeded_secretary, tmp_path
):
    meeting = Meeting.objects.get(status=Meeting.Status.ISSUED)
    page = login(contexts, browser, live_server.url, seeded_secretary, tmp_path, "title")
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/minutes/?embed=1")
    # Widths of the pane (the page the editor embeds) where, before the title was balanced,
    # 中国合格评定国家认可委员会 wrapped as 12 + 1 (540: the pane of a 1400-pixel window) and
    # 第四届执行委员会第二次会议纪要 as 14 + 1 (610).
    for width, alone in ((540, 0), (610, 1)):
        page.set_viewport_size({"width": width, "height": 900})
        lines = page.evaluate(TITLE_LINES)
        assert [sum(span) for span in lines] == [13, 15], (width, lines)
        assert len(lines[alone]) == 2, (width, lines)  # still wrapped, in balanced lines
        for span in lines:
            assert min(span) >= 2 and max(span) - min(span) <= 2, (width, lines)
    page.shot("balanced")
