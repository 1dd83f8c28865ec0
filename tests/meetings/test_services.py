"""Services of the editor: version claims, consecutive numbering, concurrent saves."""

import threading

import pytest
from django.db import close_old_connections, connection, transaction

from meetings import services
from meetings.models import Meeting
from resolutions.models import Resolution

from ..factories import MeetingFactory, ResolutionFactory


@pytest.mark.django_db
def test_version_bump_claims_once():
    meeting = MeetingFactory()
    assert services.meeting_version_bump(meeting=meeting, version=1) == 2
    with pytest.raises(services.EditConflict) as raised:
        services.meeting_version_bump(meeting=meeting, version=1)
    assert raised.value.meeting.version == 2 and raised.value.seen == 1


@pytest.mark.django_db
def test_issued_meetings_refuse_every_change():
    meeting = MeetingFactory(status=Meeting.Status.ISSUED)
    with pytest.raises(services.MeetingLocked):
        services.meeting_version_bump(meeting=meeting, version=None)
    with pytest.raises(services.MeetingLocked):
        services.row_append(meeting=meeting, row=Resolution(proposal="甲", outcome="passed"))
    assert not meeting.resolutions.exists()


@pytest.mark.django_db
def test_moving_and_deleting_keep_numbers_consecutive():
    meeting = MeetingFactory()
    rows = [ResolutionFactory(meeting=meeting, number=n, proposal=str(n)) for n in (1, 2, 3, 4)]
    services.row_move(meeting=meeting, version=None, row=rows[3], siblings=meeting.resolutions.all(), step=-1)
    assert list(meeting.resolutions.values_list("proposal", flat=True)) == ["1", "2", "4", "3"]
    services.row_delete(meeting=meeting, version=None, row=rows[0], siblings=meeting.resolutions.all())
    assert list(meeting.resolutions.values_list("number", "proposal")) == [(1, "2"), (2, "4"), (3, "3")]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_of_two_concurrent_saves_of_one_version_exactly_one_wins():
    meeting = MeetingFactory()
    barrier = threading.Barrier(2)
    outcomes = []

    def save(place):
        try:
            with transaction.atomic():
                barrier.wait(timeout=5)
                services.meeting_version_bump(meeting=Meeting.objects.get(pk=meeting.pk), version=1)
                Meeting.objects.filter(pk=meeting.pk).update(place=place)
            outcomes.append(("saved", place))
        except services.EditConflict:
            outcomes.append(("conflict", place))
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=save, args=(place,)) for place in ("上海", "广州")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert sorted(kind for kind, _place in outcomes) == ["conflict", "saved"]
    meeting.refresh_from_db()
    assert meeting.version == 2 and meeting.place == next(p for kind, p in outcomes if kind == "saved")
