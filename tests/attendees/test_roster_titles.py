"""从委员名单添加 gives each row its seat's title; the minutes print a title once per run."""

import pytest

from attendees.models import Attendance, Membership
from attendees.services import attendance_from_members
from meetings.services import row_move
from minutes.composer import attendance_sentences, meeting_for_minutes
from people.models import Person

QIAO = "市场监管总局认可与检验检测监督管理司副司长、CNAS执行委员会副主任乔东"


def _sentences(meeting) -> str:
    return attendance_sentences(meeting_for_minutes(meeting.pk))


def _move(meeting, name: str, step: int) -> None:
    row = meeting.attendances.get(person__name=name)
    row_move(meeting=meeting, version=None, row=row, siblings=meeting.attendances.all(), step=step)


@pytest.fixture
def draft(next_meeting):
    return next_meeting(attendee=None)


def test_members_are_added_with_their_seat_titles(draft):
    assert attendance_from_members(meeting=draft) == 15
    rows = {row.name or row.represented_organisation: row for row in draft.attendances.all()}
    assert rows["乔东"].designation == ""  # the vice-chair's seat: his posts print
    assert rows["郎志正"].designation == "执委" and rows["杨学桐"].designation == "执委"
    haier = rows["海尔集团"]
    assert (haier.category, haier.person, haier.designation) == ("delegate", None, "执委代表")
    assert _sentences(draft) == (
        f"{QIAO}，执委郎志正、李新实、段宇宁、陆梅、黄飞、南存辉、林树青、莫鉴辉、喻子达、杜旻、马坚、杨学桐"
        "以及中国特种设备检测研究院执委代表和海尔集团执委代表参加会议。"
    )


def test_titles_print_once_per_run_even_after_reordering(draft):
    attendance_from_members(meeting=draft)
    # 乔东 moves into the middle of the 执委 run: it splits in two runs, and he keeps no title.
    for _ in range(3):
        _move(draft, "乔东", +1)
    text = _sentences(draft)
    assert text.startswith(f"执委郎志正、李新实、段宇宁，{QIAO}，执委陆梅、黄飞、南存辉、")
    # Moving him back restores one run; no one gained or lost a title on the way.
    for _ in range(3):
        _move(draft, "乔东", -1)
    assert _sentences(draft).startswith(f"{QIAO}，执委郎志正、李新实、段宇宁、陆梅、黄飞、")
    assert set(
        draft.attendances.exclude(person__name="乔东")
        .exclude(person=None)
        .values_list("designation", flat=True)
    ) == {"执委"}


def test_delegates_of_different_organisations_are_not_merged(draft):
    haier = Membership.objects.get(term=draft.term, member_organisation="海尔集团")
    haier.contact = Person.objects.create(name="海尔联系人")
    haier.save()
    special = Membership.objects.get(term=draft.term, member_organisation="中国特种设备检测研究院")
    special.contact = Person.objects.get(name="刘三江")
    special.save()
    attendance_from_members(meeting=draft)
    assert draft.attendances.get(represented_organisation="海尔集团").person.name == "海尔联系人"
    assert "中国特种设备检测研究院执委代表刘三江、海尔集团执委代表海尔联系人参加会议" in _sentences(draft)


def test_a_contact_already_listed_leaves_the_delegate_unnamed(draft):
    liu = Person.objects.get(name="刘三江")
    Membership.objects.filter(term=draft.term, member_organisation="中国特种设备检测研究院").update(
        contact=liu
    )
    Attendance.objects.create(meeting=draft, person=liu, category="observer", order=1)
    attendance_from_members(meeting=draft)
    row = draft.attendances.get(represented_organisation="中国特种设备检测研究院")
    assert row.person is None and row.designation == "执委代表"
