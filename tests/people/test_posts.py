"""Posts are held between dates: the minutes print the post held on the meeting's date."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from attendees.models import Attendance
from meetings.models import Meeting
from minutes.composer import attendance_sentences, meeting_for_minutes
from people.models import Person, Post


@pytest.fixture
def wang(db):
    """王凤清: CNAS主任 until 2018, CNAS荣誉主任 since."""
    person = Person.objects.create(name="王凤清测试")
    Post.objects.create(person=person, unit="CNAS", title="主任", ends_on=datetime.date(2018, 6, 30))
    Post.objects.create(person=person, unit="CNAS", title="荣誉主任", starts_on=datetime.date(2018, 7, 1))
    return person


def _speaking_at(term, person, sitting, starts_on) -> Meeting:
    meeting = Meeting.objects.create(term=term, sitting=sitting, starts_on=starts_on, place="北京")
    Attendance.objects.create(meeting=meeting, person=person, category="spoke")
    return meeting


def test_minutes_print_the_post_held_on_the_meetings_date(seed_meeting, wang):
    earlier = _speaking_at(seed_meeting.term, wang, 11, datetime.date(2013, 11, 19))
    later = _speaking_at(seed_meeting.term, wang, 12, datetime.date(2019, 12, 30))

    assert attendance_sentences(meeting_for_minutes(earlier.pk)) == "CNAS主任王凤清测试出席会议并讲话。"
    assert attendance_sentences(meeting_for_minutes(later.pk)) == "CNAS荣誉主任王凤清测试出席会议并讲话。"
    # The editor's list and every other display of the row say the same.
    assert earlier.attendances.get().display_name == "CNAS主任王凤清测试"
    assert later.attendances.get().display_name == "CNAS荣誉主任王凤清测试"


def test_the_days_a_post_starts_and_ends_count_as_held(wang):
    assert [p.title for p in wang.posts_on(datetime.date(2018, 6, 30))] == ["主任"]
    assert [p.title for p in wang.posts_on(datetime.date(2018, 7, 1))] == ["荣誉主任"]
    assert list(Post.objects.filter(Post.held_on_q(datetime.date(2018, 6, 30)))) == list(
        wang.posts_on(datetime.date(2018, 6, 30))
    )
    assert wang.posts_text == "CNAS荣誉主任"  # today


def test_a_post_cannot_end_before_it_starts(wang):
    post = Post(
        person=wang, title="委员", starts_on=datetime.date(2020, 1, 2), ends_on=datetime.date(2020, 1, 1)
    )
    with pytest.raises(ValidationError, match="任职终止日期不能早于起始日期"):
        post.full_clean()


@pytest.mark.django_db(transaction=True)
def test_the_migration_ends_the_posts_that_were_no_longer_current():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    before, after = [("people", "0002_typed_text_checks")], [("people", "0003_post_dates")]
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    OldPerson, OldPost = apps.get_model("people", "Person"), apps.get_model("people", "Post")
    person = OldPerson.objects.create(name="迁移测试")
    OldPost.objects.create(person=person, title="旧职务", is_current=False)
    OldPost.objects.create(person=person, title="现职务", is_current=True)

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    posts = {post.title: post for post in Post.objects.filter(person__name="迁移测试")}
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    assert (posts["旧职务"].starts_on, posts["旧职务"].ends_on) == (None, yesterday)
    assert (posts["现职务"].starts_on, posts["现职务"].ends_on) == (None, None)
    assert Person.objects.get(name="迁移测试").posts_text == "现职务"
