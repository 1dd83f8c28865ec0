from unittest import mock

import pytest
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from people.models import Person


@pytest.fixture
def package(next_meeting, drafted_notice):
    """A draft meeting of the seed's committee term with one attendee and a drafted notice.
    The emails the seed's own issue queued are dropped: they are not what the tests look at."""
    DBTaskResult.objects.all().delete()
    return drafted_notice(next_meeting())


@pytest.fixture
def issue(walk_notice):
    """Submit, sign off and issue a notice, running what waits for the commit (enqueueing)."""
    return walk_notice


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
