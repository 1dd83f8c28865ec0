"""What the minutes add to a field (一要, （注：）, 《》, "1. ", 的工作报告, 未能与会, 暨…) prints
once, also when the typed or pasted text already carries it (meetings.text, applied by the
models' clean(), so every form and the admin store the same)."""

import pytest
from django.urls import reverse

from attendees.models import Attendance
from meetings.models import Meeting
from minutes.composer import meeting_for_minutes, minutes_compose

pytestmark = pytest.mark.django_db


def _text(meeting) -> str:
    return minutes_compose(meeting_for_minutes(meeting.pk)).text


@pytest.fixture
def editor(client, secretary):
    client.force_login(secretary)
    return client


def _add(client, meeting, slug, **fields):
    data = {f"{slug}-{name}": value for name, value in fields.items()}
    response = client.post(reverse("minutes:section_add", args=[meeting.pk, slug]), data)
    assert response.status_code == 302, response.content.decode()[-2000:]


def test_a_point_typed_with_its_lead(editor, draft):
    _add(
        editor,
        draft,
        "paragraph",
        speaker="乔东",
        lead="要求，",
        text="下一步：",
        point_marker="要",
        points="一要加强监管。\n二要提升能力。",
    )
    text = _text(draft)
    assert text.count("一要加强监管。") == 1 and "一要一要" not in text and "二要提升能力。" in text


def test_a_paragraph_typed_with_its_lead(editor, draft):
    _add(editor, draft, "paragraph", speaker="乔东", lead="指出，", text="指出，认可工作成绩显著。")
    assert "乔东指出，认可工作成绩显著。" in _text(draft)


def test_a_note_typed_in_its_brackets(editor, draft):
    _add(editor, draft, "resolution", proposal="甲提案", outcome="passed", note="（注：会后另文通知。）")
    text = _text(draft)
    assert "1. 同意《甲提案》（注：会后另文通知）。" in text and text.count("注：") == 1


def test_a_proposal_typed_in_its_title_marks(editor, draft):
    _add(editor, draft, "resolution", proposal="《甲提案》", outcome="passed")
    assert "1. 同意《甲提案》。" in _text(draft) and "《《" not in _text(draft)


def test_a_resolution_text_typed_as_printed(editor, draft):
    _add(
        editor, draft, "resolution", proposal="甲提案", outcome="passed", text="同意《甲提案》。按章程办理。"
    )
    assert "1. 同意《甲提案》。按章程办理。" in _text(draft) and _text(draft).count("《甲提案》") == 1


def test_a_recommendation_typed_with_its_number(editor, draft):
    _add(editor, draft, "recommendation", text="1、进一步服务市场监管。", status="open")
    text = _text(draft)
    assert "1. 进一步服务市场监管。" in text and "1、" not in text


def test_a_work_report_typed_with_its_ending(editor, draft):
    _add(editor, draft, "report", kind="work", title="秘书处的工作报告")
    _add(editor, draft, "report", kind="work", title="2. 实验室专门委员会工作报告。")
    assert "审议了秘书处和实验室专门委员会的工作报告。" in _text(draft)


def test_an_absence_reason_typed_with_its_ending(editor, draft):
    _add(
        editor,
        draft,
        "attendance",
        person_name="郎志正",
        category="absent",
        absence_kind="unable",
        absence_reason="因参加其他会议等事宜未能与会。",
    )
    assert draft.attendances.get().absence_reason == "因参加其他会议等事宜"
    text = _text(draft)
    assert "，因参加其他会议等事宜未能与会。" in text and "未能与会未能与会" not in text


def test_a_phase_typed_with_its_full_stop(editor, draft):
    _add(editor, draft, "phase", label="上午", description="召开全体会议。")
    _add(editor, draft, "phase", label="下午", description="分组讨论")
    assert "会议分为两个阶段，上午召开全体会议，下午分组讨论。" in _text(draft)


def test_a_joint_meeting_typed_with_its_lead(editor, draft):
    page = editor.get(reverse("minutes:editor", args=[draft.pk]))
    assert page.status_code == 200
    response = editor.post(
        reverse("minutes:editor", args=[draft.pk]),
        {
            "term": draft.term_id,
            "sitting": 3,
            "starts_on": "2020-06-18",
            "place": "北京",
            "minutes_style": "narrative",
            "joint_meeting_name": "暨第九届全国认可工作会议",
            "version": Meeting.objects.get(pk=draft.pk).version,
        },
    )
    assert response.status_code == 302
    text = _text(draft)
    assert "第三次会议暨第九届全国认可工作会议在北京召开" in text and "暨暨" not in text


def test_the_admin_path_cleans_the_same(draft):
    row = Attendance(meeting=draft, category="absent", absence_kind="leave", absence_reason="因公请假")
    row.clean()
    assert row.absence_reason == "因公"
