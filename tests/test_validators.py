"""Typed text and dates checked in one place (cnas_minutes.validators, attached to the models'
fields), so the editor's forms, a pasted list, the admin and the services refuse the same
things with the same Chinese message (issue 13: U+202E in a name, an emoji, a 200,000-character
resolution, a meeting in year 1)."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from cnas_minutes.validators import BIDI_CONTROLS, last_date, printable_line, printable_lines
from documents.fonts import document_code_points, family_files
from meetings.models import Meeting
from people import services as people_services
from people.models import Person
from resolutions.models import Resolution

pytestmark = pytest.mark.django_db

RLO = "\u202e"


@pytest.fixture
def editor(client, secretary):
    client.force_login(secretary)
    return client


@pytest.fixture
def draft(next_meeting):
    return next_meeting(attendee=None)


def _version(meeting) -> int:
    return Meeting.objects.values_list("version", flat=True).get(pk=meeting.pk)


def _messages(error: ValidationError) -> list[str]:
    return [str(message) for message in error.messages]


# --- bidirectional controls -----------------------------------------------------------------


@pytest.mark.parametrize("code", sorted(BIDI_CONTROLS))
def test_every_bidi_control_is_refused_by_its_code_point(code):
    with pytest.raises(ValidationError) as refused:
        printable_line(f"王{chr(code)}小二")
    assert _messages(refused.value) == [f"不能包含双向控制字符 U+{code:04X}，请删除。"]
    with pytest.raises(ValidationError):
        printable_lines(f"第一段\n第二{chr(code)}段")


def test_the_list_of_bidi_controls_is_the_unicode_one():
    assert BIDI_CONTROLS == {0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}


def test_a_name_with_a_right_to_left_override_is_refused_in_the_editor(editor, draft):
    data = {
        "attendance-person_name": f"王{RLO}小二",
        "attendance-category": "present",
        "attendance-create_person": "on",
        "attendance-new_person_title": "局长",
    }
    response = editor.post(reverse("minutes:section_add", args=[draft.pk, "attendance"]), data)
    page = response.content.decode()
    assert response.status_code == 400 and "不能包含双向控制字符 U+202E" in page
    assert not Person.objects.filter(name__contains=RLO).exists() and not draft.attendances.exists()
    assert _version(draft) == 1


def test_the_service_and_the_admin_refuse_it_too(client, admin_user):
    with pytest.raises(ValidationError) as refused:
        people_services.person_create(name=f"王{RLO}小二")
    assert "不能包含双向控制字符 U+202E，请删除。" in refused.value.message_dict["name"]
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:people_person_add"),
        {
            "name": f"李{RLO}四",
            "note": "",
            "posts-TOTAL_FORMS": "0",
            "posts-INITIAL_FORMS": "0",
            "posts-MIN_NUM_FORMS": "0",
            "posts-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 200 and "U+202E" in response.content.decode()
    assert not Person.objects.filter(name__contains=RLO).exists()


def test_a_pasted_list_refuses_the_line_by_number(editor, draft):
    data = {
        "paste-recommendation-items": f"1. 进一步加强能力验证。\n2. 进一步{RLO}服务市场监管。",
        "action": "save",
        "version": _version(draft),
    }
    response = editor.post(reverse("minutes:section_paste", args=[draft.pk, "recommendation"]), data)
    page = response.content.decode()
    assert response.status_code == 400 and "第 2 行" in page and "U+202E" in page
    assert not draft.recommendations.exists()


# --- characters no document face has --------------------------------------------------------


def test_an_emoji_in_a_name_is_refused_naming_the_character(editor, draft):
    data = {
        "attendance-person_name": "王小二😀",
        "attendance-category": "present",
        "attendance-create_person": "on",
    }
    response = editor.post(reverse("minutes:section_add", args=[draft.pk, "attendance"]), data)
    assert response.status_code == 400
    assert "😀（U+1F600）无法在正式文件中排印，请删除或改用文字。" in response.content.decode()
    assert not Person.objects.filter(name__startswith="王小二").exists()


def test_an_invisible_character_is_named_by_its_code_point():
    with pytest.raises(ValidationError) as refused:
        printable_line("王\u200b小二")
    assert _messages(refused.value) == ["不可见字符（U+200B）无法在正式文件中排印，请删除或改用文字。"]


def test_coverage_is_read_from_the_fonts_the_setting_names(settings):
    """Not a list of characters: what the installed faces of DOCUMENT_FONTS map. Hangul is in
    the Noto CJK faces and not in AR PL UKai; a family that is not installed adds nothing."""
    hangul, name = ord("가"), "김가윤"
    assert hangul in document_code_points()
    printable_line(name)
    settings.DOCUMENT_FONTS = {"kaiti": ["AR PL UKai CN"], "body": ["No Such Face 仿宋"]}
    assert family_files("No Such Face 仿宋") == []
    assert hangul not in document_code_points() and ord("杜") in document_code_points()
    with pytest.raises(ValidationError) as refused:
        printable_line(name)
    assert "김（U+AE40）、가（U+AC00）、윤（U+C724）无法在正式文件中排印" in _messages(refused.value)[0]


def test_the_whole_seed_is_printable(seed_meeting):
    """Every stored text and date of the seed passes the checks (it composes and renders:
    tests/documents), and so does the minutes text composed from it."""
    from minutes.composer import meeting_for_minutes, minutes_compose

    from .security.hostile import refused_text_stored

    assert refused_text_stored() == []
    printable_lines(minutes_compose(meeting_for_minutes(seed_meeting.pk)).text)


# --- control characters: one place ----------------------------------------------------------


def test_line_breaks_and_tabs_stay_allowed_where_a_field_has_several_lines():
    printable_lines("第一段\r\n第二段\t完\u2029第三段")
    for value, message in [
        ("第一段\n第二段", "只能写一行，不能包含换行符 U+000A。"),
        ("甲\x1b乙\x08", "不能包含控制字符 U+001B、U+0008，请删除。"),
    ]:
        with pytest.raises(ValidationError) as refused:
            printable_line(value)
        assert _messages(refused.value) == [message]
    with pytest.raises(ValidationError) as refused:
        printable_lines("甲\x1b乙")
    assert _messages(refused.value) == ["不能包含控制字符 U+001B，请删除。"]


# --- sizes --------------------------------------------------------------------------------


def test_a_200000_character_resolution_is_refused_saying_by_how_much(editor, draft):
    data = {
        "resolution-proposal": "甲提案",
        "resolution-outcome": "passed",
        "resolution-text": "长" * 200_000,
    }
    response = editor.post(reverse("minutes:section_add", args=[draft.pk, "resolution"]), data)
    page = response.content.decode()
    assert response.status_code == 400 and "最多 2,000 字，已超出 198,000 字。" in page
    assert not draft.resolutions.exists()
    # The limit is in the field's help text.
    assert "最多 2,000 字。" in editor.get(reverse("minutes:editor", args=[draft.pk])).content.decode()


def test_a_char_field_too_long_says_the_excess_in_chinese(editor, draft):
    data = {"resolution-proposal": "长" * 205, "resolution-outcome": "passed"}
    response = editor.post(reverse("minutes:section_add", args=[draft.pk, "resolution"]), data)
    assert "最多 200 字，已超出 5 字。" in response.content.decode()
    with pytest.raises(ValidationError) as refused:  # the service's full_clean says the same
        Resolution(meeting=draft, number=1, proposal="长" * 1234 + "甲" * 200, outcome="passed").full_clean()
    assert "最多 200 字，已超出 1,234 字。" in refused.value.message_dict["proposal"]


# --- dates --------------------------------------------------------------------------------


def _new_meeting(client, term, starts_on: str):
    data = {
        "term": term.pk,
        "sitting": 9,
        "starts_on": starts_on,
        "place": "北京",
        "minutes_style": "narrative",
    }
    return client.post(reverse("meetings:create"), data)


def test_dates_before_1949_or_more_than_five_years_ahead_are_refused(editor, seed_meeting):
    today = timezone.localdate()
    last = last_date(today)
    message = f"日期应在1949年1月1日至{last.year}年{last.month}月{last.day}日之间"
    for refused in [
        "1948-12-31",
        "0001-01-01",
        (last + datetime.timedelta(days=1)).isoformat(),
        "2999-01-01",
    ]:
        response = _new_meeting(editor, seed_meeting.term, refused)
        assert response.status_code == 200 and message in response.content.decode(), refused
        assert not Meeting.objects.filter(sitting=9).exists()
    assert _new_meeting(editor, seed_meeting.term, last.isoformat()).status_code == 302
    assert _new_meeting(editor, seed_meeting.term, "1949-01-01").status_code == 200  # sitting 9 taken now


def test_last_date_of_a_29_february():
    assert last_date(datetime.date(2028, 2, 29)) == datetime.date(2033, 2, 28)


def test_year_filters_follow_the_same_range(client, secretary, seed_meeting, tmp_path):
    from registers.selectors import Filters

    last = last_date().year
    assert Filters.from_query({"year": str(last)}, []).year == last
    assert Filters.from_query({"year": str(last + 1)}, []).year is None
    assert Filters.from_query({"year": "1948"}, []).year is None
    with pytest.raises(CommandError, match=f"年度应在 1949 至 {last} 之间"):
        call_command(
            "export_archive", "--output", str(tmp_path / "bag.zip"), "--year", "2999", stdout=io.StringIO()
        )


def test_a_rewritten_paragraph_has_its_limit_and_the_checks(editor, draft):
    from minutes.models import MinutesOverride

    url = reverse("minutes:override_save", args=[draft.pk, "closing"])
    response = editor.post(url, {"version": _version(draft), "override-closing-text": "完" * 10_005})
    page = response.content.decode()
    assert response.status_code == 400 and "最多 10,000 字，已超出 5 字。" in page
    assert "改写的文字不能为空" not in page
    response = editor.post(url, {"version": _version(draft), "override-closing-text": f"会议{RLO}圆满结束。"})
    assert response.status_code == 400 and "不能包含双向控制字符 U+202E" in response.content.decode()
    assert not MinutesOverride.objects.filter(meeting=draft).exists() and _version(draft) == 1
    with pytest.raises(ValidationError):  # the service checks as the form does
        from minutes.services import override_save

        override_save(meeting=draft, version=None, key="closing", text="会议😀结束。")


def test_each_speech_point_gets_the_checks(editor, draft):
    """Found by the property tests: the points of a paragraph were bulk-created unchecked."""
    data = {
        "paragraph-speaker": "乔东",
        "paragraph-lead": "指出，",
        "paragraph-text": "要做好以下工作",
        "paragraph-point_marker": "要",
        "paragraph-points": "加强监管；\n提升能力😀。",
    }
    response = editor.post(reverse("minutes:section_add", args=[draft.pk, "paragraph"]), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "第 2 点：😀（U+1F600）无法在正式文件中排印，请删除或改用文字。" in page
    assert not draft.speeches.exists() and _version(draft) == 1
