import datetime

import pytest

from meetings.models import Meeting


@pytest.fixture
def draft(seed_meeting, secretary):
    """A new draft meeting of the seed's committee term (14 members: 12 people, 2 organisations)."""
    return Meeting.objects.create(
        term=seed_meeting.term,
        sitting=3,
        starts_on=datetime.date(2020, 6, 18),
        place="北京",
        created_by=secretary,
    )
