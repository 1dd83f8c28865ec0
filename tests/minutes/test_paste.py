"""Pasting a list into the editor: 预览, then 保存这 N 项, all or nothing."""

import pytest
from django.urls import reverse

from attendees.models import Attendance
from meetings.models import Meeting
from minutes.composer import meeting_for_minutes, minutes_compose

pytestmark = pytest.mark.django_db

RECOMMENDATIONS = "1. 进一步服务市场监管。\n\n2、进一步提升认可有效性。\n（三）进一步加快认可技术创新。"


def _text(meeting) -> str:
    return minutes_compose(meeting_for_minutes(meeting.pk)).text


def _version(meeting) -> int:
    return Meeting.objects.values_list("version", flat=True).get(pk=meeting.pk)


@pytest.fixture
def editor(client, secretary):
    client.force_login(secretary)
    return client


def _paste(client, meeting, slug, text, action="preview", version=None, **extra):
    data = {f"paste-{slug}-items": text, "action": action, "version": version or _version(meeting)}
    data.update({f"paste-{slug}-{name}": value for name, value in extra.items()})
    return client.post(reverse("minutes:section_paste", args=[meeting.pk, slug]), data)


def test_the_editor_offers_a_paste_box_under_each_list_that_takes_one(editor, draft):
    page = editor.get(reverse("minutes:editor", args=[draft.pk])).content.decode()
    for slug in ["recommendation", "resolution", "report", "attendance"]:
        assert f'action="{reverse("minutes:section_paste", args=[draft.pk, slug])}"' in page
    assert reverse("minutes:section_paste", args=[draft.pk, "phase"]) not in page
    # Pasted names are 出席 unless chosen otherwise, never 出席并讲话.
    select = page.split('name="paste-attendance-choice"')[1].split("</select>")[0]
    assert '<option value="present" selected>' in select
    assert "absent" not in select and "delegate" not in select
    # The choice comes before the box: a paste is previewed at once, with the choice made.
    box = page.split('id="paste-report"')[1]
    assert box.index('name="paste-report-choice"') < box.index('name="paste-report-items"')
    # An empty list's box is open; a list with items keeps its box closed.
    assert page.split('id="paste-report"')[1].split(">")[0].strip().endswith("open")
    assert 'hx-trigger="submit, paste-block"' in box.split("</details>")[0]


def test_a_list_with_items_keeps_its_paste_box_closed(editor, draft):
    _paste(editor, draft, "recommendation", "进一步服务市场监管。", action="save")
    page = editor.get(reverse("minutes:editor", args=[draft.pk])).content.decode()
    assert not page.split('id="paste-recommendation"')[1].split(">")[0].strip().endswith("open")
    assert page.split('id="paste-resolution"')[1].split(">")[0].strip().endswith("open")


def test_paste_three_recommendations_preview_then_save(editor, draft):
    draft.recommendations.create(number=1, text="已有的一条。")
    preview = _paste(editor, draft, "recommendation", RECOMMENDATIONS)
    page = preview.content.decode()
    assert preview.status_code == 200
    # Numbered as the minutes will print them, after the one already there.
    assert "2. 进一步服务市场监管。" in page and "4. 进一步加快认可技术创新。" in page
    assert "保存这 3 项" in page
    assert draft.recommendations.count() == 1 and _version(draft) == 1

    saved = _paste(editor, draft, "recommendation", RECOMMENDATIONS, action="save")
    assert saved.status_code == 302 and saved["Location"].endswith("#sec-recommendation")
    assert list(draft.recommendations.values_list("number", "text")) == [
        (1, "已有的一条。"),
        (2, "进一步服务市场监管。"),
        (3, "进一步提升认可有效性。"),
        (4, "进一步加快认可技术创新。"),
    ]
    text = _text(draft)
    assert "2. 进一步服务市场监管。" in text and "4. 进一步加快认可技术创新。" in text
    assert "已添加 3 项到“意见和建议”。" in editor.get(saved["Location"]).content.decode()


def test_a_stale_preview_is_not_saved_but_shown_again_with_the_new_numbers(editor, draft):
    version = _version(draft)
    draft.recommendations.create(number=1, text="他人刚加的一条。")
    Meeting.objects.filter(pk=draft.pk).update(version=version + 1)
    response = _paste(editor, draft, "recommendation", RECOMMENDATIONS, action="save", version=version)
    page = response.content.decode()
    assert response.status_code == 409 and "其他人修改了这次会议" in page
    assert "2. 进一步服务市场监管。" in page and f'name="version" value="{version + 1}"' in page
    assert draft.recommendations.count() == 1


def test_a_line_too_long_refuses_the_paste_by_line_number(editor, draft):
    response = _paste(editor, draft, "report", "秘书处\n" + "长" * 201, action="save", choice="work")
    page = response.content.decode()
    assert response.status_code == 400 and "第 2 行有 201 个字，超过了 200 个字的上限" in page
    assert draft.reports.count() == 0 and _version(draft) == 1


def test_an_empty_paste_is_refused(editor, draft):
    response = _paste(editor, draft, "recommendation", " \n \n", action="save")
    assert response.status_code == 400 and "请粘贴至少一行内容。" in response.content.decode()
    assert draft.recommendations.count() == 0


def test_resolutions_pasted_as_printed_keep_name_and_text_apart(editor, draft):
    block = "1. 同意《甲提案》。按章程办理。\n2. 《乙提案》\n（三）丙提案"
    page = _paste(editor, draft, "resolution", block, choice="passed_in_principle").content.decode()
    assert "1. 同意《甲提案》。按章程办理。" in page and "3. 同意《丙提案》。" in page
    _paste(editor, draft, "resolution", block, action="save", choice="passed_in_principle")
    assert list(draft.resolutions.values_list("proposal", "text", "outcome")) == [
        ("甲提案", "按章程办理。", "passed_in_principle"),
        ("乙提案", "", "passed_in_principle"),
        ("丙提案", "", "passed_in_principle"),
    ]
    assert "本次会议听取、审议并原则通过了以下决议：" in _text(draft)


def test_a_pasted_resolutions_final_note_goes_to_its_note_field(editor, draft):
    """Pasted as printed, “…（注：…）。” keeps the note apart (it was kept inside the text, so
    correcting the note meant editing the resolution's text); the minutes read the same."""
    block = "1. 同意《甲提案》。拟定3月开会（注：时间延后，另文通知）。\n2. 《乙提案》。按章程办理（线上）。"
    page = _paste(editor, draft, "resolution", block, choice="passed").content.decode()
    assert "1. 同意《甲提案》。拟定3月开会（注：时间延后，另文通知）。" in page
    _paste(editor, draft, "resolution", block, action="save", choice="passed")
    assert list(draft.resolutions.values_list("proposal", "text", "note")) == [
        ("甲提案", "拟定3月开会。", "时间延后，另文通知"),
        ("乙提案", "按章程办理（线上）。", ""),
    ]
    assert "1. 同意《甲提案》。拟定3月开会（注：时间延后，另文通知）。" in _text(draft)


def test_reports_take_one_kind_for_the_whole_paste(editor, draft):
    _paste(editor, draft, "report", "秘书处的工作报告\n实验室专门委员会", action="save", choice="work")
    assert list(draft.reports.values_list("title", "kind")) == [
        ("秘书处", "work"),
        ("实验室专门委员会", "work"),
    ]
    assert "审议了秘书处和实验室专门委员会的工作报告。" in _text(draft)


def test_attendee_names_are_looked_up_and_unknown_ones_refuse_the_paste(editor, draft):
    response = _paste(
        editor, draft, "attendance", "郎志正\n查无此人\n李新实", action="save", choice="observer"
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "第 2 行（查无此人）：系统中没有名为“查无此人”的人员；请先用“添加出席人员”新增此人" in page
    assert draft.attendances.count() == 0

    saved = _paste(editor, draft, "attendance", "郎志正\n李新实", action="save", choice="observer")
    assert saved.status_code == 302
    assert [(row.person.name, row.category) for row in draft.attendances.order_by("order")] == [
        ("郎志正", Attendance.Category.OBSERVER),
        ("李新实", Attendance.Category.OBSERVER),
    ]


def test_the_same_person_twice_or_already_listed_is_refused(editor, draft):
    response = _paste(editor, draft, "attendance", "郎志正\n郎志正", action="save", choice="present")
    assert "第 2 行：郎志正 与第 1 行是同一人。" in response.content.decode()
    Attendance.objects.create(
        meeting=draft, person_id=draft.term.memberships.first().person_id, category="present"
    )
    listed = draft.attendances.get().person.name
    response = _paste(editor, draft, "attendance", listed, action="save", choice="present")
    assert response.status_code == 400 and "已在本次会议的出席名单中" in response.content.decode()
    assert draft.attendances.count() == 1


def test_absent_and_delegate_are_not_offered_for_a_paste(editor, draft):
    response = _paste(editor, draft, "attendance", "郎志正", action="save", choice="absent")
    assert response.status_code == 400 and draft.attendances.count() == 0


def test_speech_points_pasted_with_their_leads_print_them_once(editor, draft):
    editor.post(
        reverse("minutes:section_add", args=[draft.pk, "paragraph"]),
        {
            "paragraph-speaker": "乔东",
            "paragraph-lead": "强调，",
            "paragraph-text": "下一步：",
            "paragraph-point_marker": "要",
            "paragraph-points": "一要加强监管；\n二要提升能力。",
        },
    )
    assert "乔东强调，下一步：一要加强监管；二要提升能力。" in _text(draft)


def test_a_list_without_a_paste_box_is_404_and_a_submitted_meeting_is_read_only(editor, draft):
    assert _paste(editor, draft, "phase", "上午").status_code == 404
    Meeting.objects.filter(pk=draft.pk).update(status=Meeting.Status.REVIEW)
    response = _paste(editor, draft, "recommendation", "甲", action="save")
    assert response.status_code == 302 and response["Location"] == reverse("minutes:preview", args=[draft.pk])
    assert draft.recommendations.count() == 0


def test_the_paste_page_opens_empty_and_escapes_what_was_pasted(editor, draft):
    page = editor.get(reverse("minutes:section_paste", args=[draft.pk, "recommendation"])).content.decode()
    assert "粘贴到“意见和建议”" in page
    page = _paste(editor, draft, "recommendation", "<script>alert(1)</script>").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
