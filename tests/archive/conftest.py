import datetime

import pytest

from archive.models import ArchiveRecord
from archive.services import archive_record_create
from attendees.models import Attendance
from meetings.models import Meeting
from notices import services as notice_services
from notices.models import Notice
from notices.services import issued_copy_store
from people.models import Person

from ..factories import CommitteeTermFactory


@pytest.fixture
def archived(seed_meeting):
    """The seed notice's archive record, made as `seed_demo` makes it."""
    notice = Notice.objects.get(meeting=seed_meeting)
    return archive_record_create(notice=notice, copy=issued_copy_store(notice=notice))


@pytest.fixture
def issue_archived(seed_meeting, secretary, signatory, django_capture_on_commit_callbacks):
    """Issue a notice for a new meeting through the services, the package stored and archived
    as after the issuing transaction commits; returns its archive record.

    `committee`: a committee name other than the seed's makes a new committee (a term without
    members, so the notice is circulated to nobody)."""
    sittings = iter(range(3, 100))

    def make(*, on=datetime.date(2020, 7, 1), committee="", attendee="郎志正", **fields) -> ArchiveRecord:
        term = seed_meeting.term
        if committee:
            term = CommitteeTermFactory(committee__name=committee, committee__member_title="委员")
        meeting = Meeting.objects.create(
            term=term, sitting=next(sittings), starts_on=on, place="北京", created_by=secretary
        )
        if attendee:
            Attendance.objects.create(
                meeting=meeting, person=Person.objects.get(name=attendee), category="present"
            )
        values = notice_services.notice_defaults(meeting) | fields
        notice = notice_services.notice_create(meeting=meeting, created_by=secretary, **values)
        notice_services.notice_submit(notice=notice, user=secretary)
        notice_services.notice_sign_off(notice=notice, user=signatory, date_signed=on)
        with django_capture_on_commit_callbacks(execute=True):
            notice = notice_services.notice_issue(notice=notice, user=secretary, date_issued=on)
        return ArchiveRecord.objects.get(notice=notice)

    return make


@pytest.fixture
def issue_meeting(issue_archived):
    """Issue the minutes of another sitting of the seed's term on `day`; its archive record."""
    return lambda day: issue_archived(on=day)
