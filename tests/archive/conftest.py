import datetime

import pytest

from archive.services import archive_record_create
from attendees.models import Attendance
from meetings.models import Meeting
from notices import services as notice_services
from notices.models import Notice
from notices.services import issued_copy_store
from people.models import Person


@pytest.fixture
def archived(seed_meeting):
    """The seed notice's archive record, made as `seed_demo` makes it."""
    notice = Notice.objects.get(meeting=seed_meeting)
    return archive_record_create(notice=notice, copy=issued_copy_store(notice=notice))


@pytest.fixture
def issue_meeting(seed_meeting, secretary, signatory, django_capture_on_commit_callbacks):
    """Issue the minutes of another sitting of the seed's term on `day`; its archive record."""

    def issue(day: datetime.date, sitting: int = 3):
        meeting = Meeting.objects.create(
            term=seed_meeting.term, sitting=sitting, starts_on=day, place="北京", created_by=secretary
        )
        person = Person.objects.get(name="郎志正")
        Attendance.objects.create(meeting=meeting, person=person, category="present")
        meeting.resolutions.create(number=1, proposal="关于修订认可规则的提案", outcome="passed")
        notice = notice_services.notice_create(
            meeting=meeting, created_by=secretary, **notice_services.notice_defaults(meeting)
        )
        notice_services.notice_submit(notice=notice, user=secretary)
        notice_services.notice_sign_off(notice=notice, user=signatory, date_signed=day)
        with django_capture_on_commit_callbacks(execute=True):
            notice = notice_services.notice_issue(notice=notice, user=secretary, date_issued=day)
        return notice.archive_record

    return issue
