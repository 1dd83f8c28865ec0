import datetime

import pytest

from attendees.models import Attendance
from meetings.models import Meeting
from notices import services
from people.models import Person


@pytest.fixture
def package(seed_meeting, secretary):
    """A draft meeting of the seed's committee term with one attendee and a drafted notice."""
    meeting = Meeting.objects.create(
        term=seed_meeting.term,
        sitting=3,
        starts_on=datetime.date(2020, 6, 18),
        place="北京",
        created_by=secretary,
    )
    Attendance.objects.create(meeting=meeting, person=Person.objects.get(name="郎志正"), category="present")
    return services.notice_create(meeting=meeting, created_by=secretary, **services.notice_defaults(meeting))


@pytest.fixture
def issue(secretary, signatory):
    """Walk a drafted notice through review and sign-off to issue, as the two roles would."""

    def walk(notice, *, on=datetime.date(2020, 7, 1)):
        services.notice_submit(notice=notice, user=secretary)
        services.notice_sign_off(notice=notice, user=signatory, date_signed=on)
        return services.notice_issue(notice=notice, user=secretary, date_issued=on)

    return walk
