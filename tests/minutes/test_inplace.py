"""The editor's changes in place (htmx): one section answers, every form keeps the page's
version, and plain posts without JavaScript work as before with the same refusals."""

import json
import re

import pytest
from django.urls import reverse

from meetings.models import Meeting
from resolutions.models import Recommendation

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def editor(client, secretary):
    client.force_login(secretary)
    return client


def _version(meeting) -> int:
    return Meeting.objects.values_list("version", flat=True).get(pk=meeting.pk)


def _changed(response) -> dict:
    """The `minutes-changed` event the page reacts to (version for every form, preview key)."""
    return json.loads(response["HX-Trigger-After-Settle"])["minutes-changed"]


def _versions(html: str) -> set[str]:
    return set(re.findall(r'name="version" value="(\d+)"', html))


def _add_recommendation(client, meeting, text: str, **headers):
    return client.post(
        reverse("minutes:section_add", args=[meeting.pk, "recommendation"]),
        {"recommendation-text": text, "recommendation-status": "open", "version": _version(meeting)},
        **headers,
    )


def test_htmx_add_answers_with_the_section_only_and_an_empty_new_item_form(editor, draft):
    response = _add_recommendation(editor, draft, "进一步加强能力验证。", **HX)
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<section class="card mb-3" id="sec-recommendation"')
    assert "<html" not in page and 'id="sec-resolution"' not in page
    assert "已添加到“意见和建议”。" in page and "1. 进一步加强能力验证。" in page
    # The new-item form is back, empty.
    assert re.search(r'<textarea name="recommendation-text"[^>]*>\s*</textarea>', page)
    assert _changed(response) == {"version": 2, "key": "recommendation-1"}
    assert _versions(page) == {"2"}


def test_plain_add_still_redirects_to_the_full_editor(editor, draft):
    response = _add_recommendation(editor, draft, "进一步加强能力验证。")
    assert response.status_code == 302
    assert response.url.endswith("#sec-recommendation")
    page = editor.get(response.url).content.decode()
    assert "<html" in page and "已添加到“意见和建议”。" in page


@pytest.mark.parametrize("headers", [HX, {}], ids=["htmx", "plain"])
def test_both_paths_refuse_the_same_bad_input_with_the_same_message(editor, draft, headers):
    response = editor.post(
        reverse("minutes:section_add", args=[draft.pk, "resolution"]),
        {"resolution-proposal": "", "resolution-outcome": "passed", "version": 1},
        **headers,
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "这个字段是必填项。" in page
    assert ("<html" in page) is (not headers)
    assert _version(draft) == 1
    if headers:
        assert "HX-Trigger-After-Settle" not in response  # nothing changed: no preview reload


def test_same_refusal_message_on_both_paths(editor, draft):
    data = {
        "paragraph-speaker": "不存在的人",
        "paragraph-lead": "指出，",
        "paragraph-text": "要点",
        "version": 1,
    }
    url = reverse("minutes:section_add", args=[draft.pk, "paragraph"])
    message = "系统中没有名为“不存在的人”的人员"
    partial, full = editor.post(url, data, **HX), editor.post(url, data)
    assert partial.status_code == full.status_code == 400
    assert message in partial.content.decode() and message in full.content.decode()
    assert "不存在的人" in partial.content.decode()  # the input is kept


def test_version_is_carried_after_in_place_changes_no_false_conflict(editor, draft):
    """Add, edit, move, delete one after another in place, each posting the version the page
    was given by the previous answer: none is taken for someone else's change."""
    first = _add_recommendation(editor, draft, "第一条。", **HX)
    version = _changed(first)["version"]
    second = editor.post(
        reverse("minutes:section_add", args=[draft.pk, "recommendation"]),
        {"recommendation-text": "第二条。", "recommendation-status": "open", "version": version},
        **HX,
    )
    version = _changed(second)["version"]
    assert _versions(second.content.decode()) == {str(version)}
    one, two = Recommendation.objects.filter(meeting=draft).order_by("number")
    edited = editor.post(
        reverse("minutes:section_edit", args=[draft.pk, "recommendation", one.pk]),
        {
            "edit-recommendation-text": "第一条（改）。",
            "edit-recommendation-status": "open",
            "version": version,
        },
        **HX,
    )
    assert edited.status_code == 200, edited.content.decode()[:500]
    version = _changed(edited)["version"]
    # Another section's form, unchanged on the page, now posts the carried version too.
    info = editor.post(
        reverse("minutes:section_text", args=[draft.pk, "report"]),
        {"reports_conclusion": "会议同意上述报告。", "version": version},
        **HX,
    )
    assert info.status_code == 200 and "会议同意上述报告。" in info.content.decode()
    version = _changed(info)["version"]
    moved = editor.post(
        reverse("minutes:section_move", args=[draft.pk, "recommendation", two.pk, "up"]),
        {"version": version},
        **HX,
    )
    assert moved.status_code == 200
    version = _changed(moved)["version"]
    deleted = editor.post(
        reverse("minutes:section_delete", args=[draft.pk, "recommendation", one.pk]),
        {"version": version},
        **HX,
    )
    assert deleted.status_code == 200 and "已删除。" in deleted.content.decode()
    assert list(Recommendation.objects.filter(meeting=draft).values_list("number", "text")) == [
        (1, "第二条。")
    ]
    assert _changed(deleted)["version"] == _version(draft) == 7


def test_an_old_version_in_place_is_a_conflict_shown_in_the_whole_editor(editor, draft):
    _add_recommendation(editor, draft, "第一条。")
    row = Recommendation.objects.get(meeting=draft)
    response = editor.post(
        reverse("minutes:section_edit", args=[draft.pk, "recommendation", row.pk]),
        {"edit-recommendation-text": "我的修改。", "edit-recommendation-status": "open", "version": 1},
        **HX,
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert response["HX-Retarget"] == "#editor" and response["HX-Reselect"] == "#editor"
    assert "保存未成功" in page and "我的修改。" in page
    assert f'data-version="{_version(draft)}"' in page


def test_someone_elses_change_meanwhile_keeps_the_pages_version(editor, draft):
    """The page saw version 1; someone else saved (2); an addition here (3) must not make the
    page claim it saw 2: its next edit is checked against 1."""
    Meeting.objects.filter(pk=draft.pk).update(version=2)
    response = editor.post(
        reverse("minutes:section_add", args=[draft.pk, "recommendation"]),
        {"recommendation-text": "第一条。", "recommendation-status": "open", "version": 1},
        **HX,
    )
    assert _version(draft) == 3 and _changed(response)["version"] == 1


def test_drop_moves_a_row_to_its_new_place_without_gaps(editor, draft):
    for text in ["甲。", "乙。", "丙。"]:
        _add_recommendation(editor, draft, text)
    third = Recommendation.objects.get(meeting=draft, text="丙。")
    response = editor.post(
        reverse("minutes:section_move_to", args=[draft.pk, "recommendation", third.pk]),
        {"position": 1, "version": _version(draft)},
        **HX,
    )
    assert response.status_code == 200
    rows = Recommendation.objects.filter(meeting=draft).order_by("number")
    assert [(r.number, r.text) for r in rows] == [(1, "丙。"), (2, "甲。"), (3, "乙。")]
    assert _changed(response)["key"] == "recommendation-1"
    # Without JavaScript the same view answers with the editor at the row; a stale drop is refused.
    stale = editor.post(
        reverse("minutes:section_move_to", args=[draft.pk, "recommendation", third.pk]),
        {"position": 3, "version": 1},
    )
    assert stale.status_code == 302
    assert Recommendation.objects.get(pk=third.pk).number == 1
    beyond = editor.post(
        reverse("minutes:section_move_to", args=[draft.pk, "recommendation", third.pk]),
        {"position": 99, "version": _version(draft)},
    )
    assert beyond.status_code == 302
    assert [r.text for r in Recommendation.objects.filter(meeting=draft).order_by("number")] == [
        "甲。",
        "乙。",
        "丙。",
    ]


@pytest.mark.parametrize("position", ["", "0", "-1", "x"])
def test_a_garbled_drop_is_refused_in_chinese(editor, draft, position):
    _add_recommendation(editor, draft, "甲。")
    row = Recommendation.objects.get(meeting=draft)
    response = editor.post(
        reverse("minutes:section_move_to", args=[draft.pk, "recommendation", row.pk]),
        {"position": position, "version": _version(draft)},
        **HX,
    )
    assert response.status_code == 200 and "位置无效，请重新拖动。" in response.content.decode()
    assert _version(draft) == 2


def test_edit_opens_and_cancels_in_place(editor, draft):
    _add_recommendation(editor, draft, "甲。")
    row = Recommendation.objects.get(meeting=draft)
    opened = editor.get(reverse("minutes:section_edit", args=[draft.pk, "recommendation", row.pk]), **HX)
    assert opened.status_code == 200 and 'name="edit-recommendation-text"' in opened.content.decode()
    assert "<html" not in opened.content.decode()
    closed = editor.get(reverse("minutes:section_panel", args=[draft.pk, "recommendation"]), **HX)
    assert 'name="edit-recommendation-text"' not in closed.content.decode()
    # Without htmx the section's address is the editor at that section.
    plain = editor.get(reverse("minutes:section_panel", args=[draft.pk, "recommendation"]))
    assert plain.status_code == 302 and plain.url.endswith("#sec-recommendation")


def test_paste_previews_and_saves_in_place(editor, draft):
    url = reverse("minutes:section_paste", args=[draft.pk, "recommendation"])
    data = {"paste-recommendation-items": "1. 甲。\n2、乙。\n（三）丙。", "version": 1}
    preview = editor.post(url, {**data, "action": "preview"}, **HX)
    page = preview.content.decode()
    assert preview.status_code == 200 and preview["HX-Retarget"] == "#paste-recommendation"
    assert page.startswith('<details class="paste-box') and "保存这 3 项" in page
    saved = editor.post(url, {**data, "action": "save"}, **HX)
    assert saved.status_code == 200 and "已添加 3 项到“意见和建议”。" in saved.content.decode()
    assert _changed(saved)["version"] == _version(draft)  # several bumps, all its own
    assert Recommendation.objects.filter(meeting=draft).count() == 3


def test_the_speaker_is_carried_to_the_next_paragraph(editor, draft):
    add = reverse("minutes:section_add", args=[draft.pk, "paragraph"])
    response = editor.post(
        add,
        {
            "paragraph-speaker": "乔东",
            "paragraph-lead": "强调，",
            "paragraph-text": "下一步：",
            "paragraph-point_marker": "要",
            "paragraph-points": "加强监管；\n提升能力。",
        },
        **HX,
    )
    page = response.content.decode()
    assert re.search(r'name="paragraph-speaker" value="乔东"', page)
    # The points as the minutes print them, not "1. 2.".
    assert "一要加强监管；" in page and "二要提升能力。" in page and "1. 加强监管" not in page


def test_conclusion_and_introduction_are_edited_in_their_sections(editor, draft):
    page = editor.get(reverse("minutes:editor", args=[draft.pk])).content.decode()
    info = page[page.index('id="sec-info"') : page.index('id="sec-phase"')]
    assert "reports_conclusion" not in info and "recommendations_intro" not in info
    reports = page[page.index('id="sec-report"') : page.index('id="sec-resolution"')]
    assert 'id="id_reports_conclusion"' in reports
    recommendations = page[page.index('id="sec-recommendation"') : page.index('id="sec-other"')]
    assert 'id="id_recommendations_intro"' in recommendations
    response = editor.post(
        reverse("minutes:section_text", args=[draft.pk, "recommendation"]),
        {"recommendations_intro": "会议提出如下意见和建议：", "version": 1},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.recommendations_intro == "会议提出如下意见和建议：" and draft.version == 2
    stale = editor.post(
        reverse("minutes:section_text", args=[draft.pk, "report"]),
        {"reports_conclusion": "旧的。", "version": 1},
    )
    assert stale.status_code == 409 and "旧的。" in stale.content.decode()
    assert (
        editor.post(reverse("minutes:section_text", args=[draft.pk, "phase"]), {"version": 2}).status_code
        == 404
    )
