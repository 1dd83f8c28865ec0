import datetime

import pytest

from archive.models import ArchiveRecord
from archive.services import archive_record_create
from notices.models import Notice
from notices.services import issued_copy_store

from ..factories import CommitteeTermFactory


@pytest.fixture
def archived(seed_meeting):
    """The seed notice's archive record, made as `seed_demo` makes it."""
    notice = Notice.objects.get(meeting=seed_meeting)
    return archive_record_create(notice=notice, copy=issued_copy_store(notice=notice))


@pytest.fixture
def issue_archived(next_meeting, drafted_notice, walk_notice):
    """Issue a notice for a new meeting through the services, the package stored and archived
    as after the issuing transaction commits; returns its archive record.

    `committee`: a committee name other than the seed's makes a new committee (a term without
    members, so the notice is circulated to nobody)."""
    sittings = iter(range(3, 100))

    def make(*, on=datetime.date(2020, 7, 1), committee="", attendee="郎志正", **fields) -> ArchiveRecord:
        term = None
        if committee:
            term = CommitteeTermFactory(committee__name=committee, committee__member_title="委员")
        meeting = next_meeting(sitting=next(sittings), starts_on=on, attendee=attendee, term=term)
        notice = walk_notice(drafted_notice(meeting, **fields), on=on)
        return ArchiveRecord.objects.get(notice=notice)

    return make


@pytest.fixture
def issue_meeting(issue_archived):
    """Issue the minutes of another sitting of the seed's term on `day`; its archive record."""
    return lambda day: issue_archived(on=day)
