"""On PostgreSQL: issuing at the same moment from many sessions takes consecutive numbers with
no gap and no repeat (the series row is locked inside each issuing transaction)."""

import datetime
import threading

import pytest
from django.db import close_old_connections, connection

from attendees.models import Attendance
from meetings.models import Meeting
from notices import services
from notices.models import Notice, NumberSeries
from people.models import Person

COUNT = 50
SIGNED_ON = datetime.date(2031, 3, 2)  # a year nobody has issued in: the series starts here too


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_issues_take_fifty_consecutive_numbers(
    seed_meeting, secretary, signatory, monkeypatch
):
    # The stored copy is not what this test is about: render a stand-in to keep it quick.
    monkeypatch.setattr(services, "render_notice_pdf", lambda notice, archive: f"%PDF {notice.pk}".encode())
    monkeypatch.setattr(services, "_signed", lambda notice, data: data)  # nor is its signature
    person = Person.objects.get(name="郎志正")
    notices = []
    for sitting in range(10, 10 + COUNT):
        meeting = Meeting.objects.create(
            term=seed_meeting.term, sitting=sitting, starts_on=datetime.date(2031, 3, 1), place="北京"
        )
        Attendance.objects.create(meeting=meeting, person=person, category="present")
        defaults = services.notice_defaults(meeting)
        notice = services.notice_create(meeting=meeting, created_by=secretary, **defaults)
        services.notice_submit(notice=notice, user=secretary)
        services.notice_sign_off(notice=notice, user=signatory, date_signed=SIGNED_ON)
        notices.append(notice)

    barrier = threading.Barrier(COUNT)
    failures = []

    def issue(notice):
        try:
            barrier.wait(timeout=30)
            services.notice_issue(notice=notice, user=secretary, date_issued=SIGNED_ON)
        except Exception as error:  # noqa: BLE001 - collected and reported below
            failures.append(repr(error))
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=issue, args=(notice,)) for notice in notices]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert failures == []
    issued = Notice.objects.filter(pk__in=[n.pk for n in notices])
    assert sorted(issued.values_list("sequence", flat=True)) == list(range(1, COUNT + 1))
    assert set(issued.values_list("status", flat=True)) == {"issued"}
    assert NumberSeries.objects.get(year=2031).last_sequence == COUNT
