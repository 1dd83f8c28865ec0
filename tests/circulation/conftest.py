import datetime
from unittest import mock

import pytest
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from attendees.models import Attendance
from meetings.models import Meeting
from notices import services as notice_services
from people.models import Person


@pytest.fixture
def package(seed_meeting, secretary):
    """A draft meeting of the seed's committee term with one attendee and a drafted notice.
    The emails the seed's own issue queued are dropped: they are not what the tests look at."""
    DBTaskResult.objects.all().delete()
    meeting = Meeting.objects.create(
        term=seed_meeting.term,
        sitting=3,
        starts_on=datetime.date(2020, 6, 18),
        place="北京",
        created_by=secretary,
    )
    Attendance.objects.create(meeting=meeting, person=Person.objects.get(name="郎志正"), category="present")
    return notice_services.notice_create(
        meeting=meeting, created_by=secretary, **notice_services.notice_defaults(meeting)
    )


@pytest.fixture
def issue(secretary, signatory, django_capture_on_commit_callbacks):
    """Submit, sign off and issue a notice, running what waits for the commit (enqueueing)."""

    def walk(notice, *, on=datetime.date(2020, 7, 1)):
        notice_services.notice_submit(notice=notice, user=secretary)
        notice_services.notice_sign_off(notice=notice, user=signatory, date_signed=on)
        with django_capture_on_commit_callbacks(execute=True):
            return notice_services.notice_issue(notice=notice, user=secretary, date_issued=on)

    return walk


@pytest.fixture
def reader(member):
    """The member account as 郎志正, who sits on the seed's committee term."""
    Person.objects.filter(name="郎志正").update(user=member)
    member.email = "lang@example.com"
    member.save(update_fields=["email"])
    return member


@pytest.fixture
def work_tasks():
    """Run the task worker over what is queued now, as `make run`'s worker would. Inside the
    test's transaction the worker must not close "old" connections (on PostgreSQL it would
    close the test's own, whose autocommit is off)."""

    def run():
        with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
            _work()

    def _work():
        Worker(
            queue_names=["default"],
            interval=0.1,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="tests",
            excluded_queue_names=[],
        ).run()

    return run
