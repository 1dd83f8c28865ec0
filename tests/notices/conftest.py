import datetime

import pytest

from notices import services


@pytest.fixture
def package(next_meeting, drafted_notice):
    """A draft meeting of the seed's committee term with one attendee and a drafted notice."""
    return drafted_notice(next_meeting())


@pytest.fixture
def issue(secretary, signatory):
    """Walk a drafted notice through review and sign-off to issue, as the two roles would."""

    def walk(notice, *, on=datetime.date(2020, 7, 1)):
        services.notice_submit(notice=notice, user=secretary)
        services.notice_sign_off(notice=notice, user=signatory, date_signed=on)
        return services.notice_issue(notice=notice, user=secretary, date_issued=on)

    return walk
