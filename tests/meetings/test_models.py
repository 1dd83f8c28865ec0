import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from attendees.models import Attendance
from meetings.models import Meeting
from notices.models import Notice

from ..factories import (
    AttendanceFactory,
    CommitteeFactory,
    CommitteeTermFactory,
    IssuingOfficeFactory,
    MeetingFactory,
    NoticeFactory,
    PersonFactory,
    RecommendationFactory,
    ResolutionFactory,
)

pytestmark = pytest.mark.django_db


def _messages(exc_info) -> str:
    return " ".join(m for msgs in exc_info.value.message_dict.values() for m in msgs)


def test_titles_are_derived_from_the_data():
    meeting = MeetingFactory(sitting=2)
    assert meeting.name == "第四届执行委员会第二次会议"
    assert meeting.minutes_title == "中国合格评定国家认可委员会第四届执行委员会第二次会议纪要"


def test_titles_of_high_numbers():
    term = CommitteeTermFactory(number=10, committee=CommitteeFactory(name="全体委员会"))
    meeting = MeetingFactory(term=term, sitting=21)
    assert meeting.name == "第十届全体委员会第二十一次会议"


def test_notice_number_formats():
    notice = NoticeFactory(year=2020, sequence=20)
    assert notice.number == "认可委（秘）〔2020〕20号"
    assert (
        str(
            NoticeFactory(
                year=2021,
                sequence=1,
                date_signed=datetime.date(2021, 1, 5),
                date_issued=datetime.date(2021, 1, 5),
            )
        )
        == "认可委（秘）〔2021〕1号"
    )


def test_duplicate_document_number_is_refused_with_a_clear_message():
    first = NoticeFactory(sequence=7)
    twin = NoticeFactory.build(office=first.office, meeting=first.meeting, year=first.year, sequence=7)
    with pytest.raises(ValidationError) as exc_info:
        twin.full_clean()
    assert "该发文字号已被使用" in _messages(exc_info)


def test_duplicate_document_number_is_refused_by_the_database():
    first = NoticeFactory(sequence=8)
    with pytest.raises(IntegrityError), transaction.atomic():
        NoticeFactory(office=first.office, meeting=first.meeting, year=first.year, sequence=8)


def test_same_sequence_in_another_year_is_allowed():
    first = NoticeFactory(sequence=9)
    other = NoticeFactory.build(
        office=first.office,
        meeting=first.meeting,
        year=2021,
        sequence=9,
        date_signed=datetime.date(2021, 2, 1),
        date_issued=datetime.date(2021, 2, 1),
    )
    other.full_clean()


def test_date_signed_before_the_meeting_is_refused():
    meeting = MeetingFactory(starts_on=datetime.date(2019, 12, 17))
    notice = NoticeFactory.build(
        office=IssuingOfficeFactory(),
        meeting=meeting,
        year=2019,
        date_signed=datetime.date(2019, 12, 16),
        date_issued=datetime.date(2019, 12, 16),
    )
    with pytest.raises(ValidationError) as exc_info:
        notice.full_clean()
    assert "成文日期（2019年12月16日）不能早于会议日期（2019年12月17日）" in _messages(exc_info)


def test_year_must_match_date_signed():
    notice = NoticeFactory.build(office=IssuingOfficeFactory(), meeting=MeetingFactory(), year=2019)
    with pytest.raises(ValidationError) as exc_info:
        notice.full_clean()
    assert "年份应与成文日期的年份（2020）一致" in _messages(exc_info)


def test_issue_date_before_signing_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        NoticeFactory(date_signed=datetime.date(2020, 3, 9), date_issued=datetime.date(2020, 3, 8))


def test_empty_required_fields_are_named_in_chinese():
    notice = Notice()
    with pytest.raises(ValidationError) as exc_info:
        notice.full_clean()
    errors = exc_info.value.message_dict
    # The 成文日期 is set at sign-off, the number at issue: a draft notice has neither.
    for field in ["office", "meeting", "title", "recipients", "body", "signatory"]:
        assert errors[field] in (["此字段不能为空。"], ["这个值不能为 null。"]), field


def test_resolution_number_used_twice_in_a_meeting():
    first = ResolutionFactory(number=1)
    twin = ResolutionFactory.build(meeting=first.meeting, number=1)
    with pytest.raises(ValidationError) as exc_info:
        twin.full_clean()
    assert "本次会议已有这一序号的决议" in _messages(exc_info)
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_same_resolution_number_in_another_meeting_is_fine():
    first = ResolutionFactory(number=1)
    ResolutionFactory.build(meeting=MeetingFactory(term=first.meeting.term), number=1).full_clean()


def test_recommendation_number_used_twice_in_a_meeting():
    first = RecommendationFactory(number=3)
    twin = RecommendationFactory.build(meeting=first.meeting, number=3)
    with pytest.raises(ValidationError) as exc_info:
        twin.full_clean()
    assert "本次会议已有这一序号的意见和建议" in _messages(exc_info)


def test_attendee_listed_twice_in_one_meeting():
    first = AttendanceFactory()
    twin = Attendance(meeting=first.meeting, person=first.person, category=Attendance.Category.OBSERVER)
    with pytest.raises(ValidationError) as exc_info:
        twin.full_clean()
    assert "此人已在本次会议的出席名单中" in _messages(exc_info)
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_attendance_must_name_someone():
    row = Attendance(meeting=MeetingFactory(), category=Attendance.Category.PRESENT)
    with pytest.raises(ValidationError) as exc_info:
        row.full_clean()
    assert "请选择人员，或填写群体名称" in _messages(exc_info)


def test_delegate_may_be_unnamed_but_needs_the_organisation():
    meeting = MeetingFactory()
    Attendance(meeting=meeting, category="delegate", represented_organisation="海尔集团").full_clean()
    with pytest.raises(ValidationError) as exc_info:
        Attendance(meeting=meeting, category="delegate", person=PersonFactory()).full_clean()
    assert "代表出席的须填写所代表的单位" in _messages(exc_info)


def test_absence_needs_a_kind_and_presence_takes_no_reason():
    meeting = MeetingFactory()
    with pytest.raises(ValidationError) as exc_info:
        Attendance(meeting=meeting, category="absent", person=PersonFactory()).full_clean()
    assert "请选择缺席方式" in _messages(exc_info)
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(
            meeting=meeting, category="present", person=PersonFactory(), absence_reason="因病"
        )


def test_meeting_sitting_unique_within_a_term():
    first = MeetingFactory(sitting=2)
    twin = MeetingFactory.build(term=first.term, sitting=2)
    with pytest.raises(ValidationError) as exc_info:
        twin.full_clean()
    assert "该届委员会已有这一次会议" in _messages(exc_info)


def test_meeting_cannot_end_before_it_starts():
    meeting = MeetingFactory.build(
        term=CommitteeTermFactory(), starts_on=datetime.date(2020, 1, 2), ends_on=datetime.date(2020, 1, 1)
    )
    with pytest.raises(ValidationError) as exc_info:
        meeting.full_clean()
    assert "结束日期不能早于会议日期" in _messages(exc_info)
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(
            term=meeting.term,
            sitting=99,
            place="北京",
            starts_on=datetime.date(2020, 1, 2),
            ends_on=datetime.date(2020, 1, 1),
        )


def test_a_two_day_meeting_prints_its_dates_once_in_the_minutes_and_the_notice():
    from minutes.composer import opening_sentences
    from notices.services import notice_defaults

    meeting = MeetingFactory(starts_on=datetime.date(2013, 11, 19), ends_on=datetime.date(2013, 11, 20))
    assert meeting.date_text == "2013年11月19日至20日"
    assert opening_sentences(meeting).startswith("2013年11月19日至20日，")
    assert "于2013年11月19日至20日在" in str(notice_defaults(meeting))
    assert "2013年11月20日" not in opening_sentences(meeting)
