"""Starting a new meeting from the last sitting: its phases, reports and attendance, as suggestions."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from attendees.models import Attendance
from meetings.models import CommitteeTerm, Meeting, MeetingPhase
from meetings.services import meeting_copy_from_previous, previous_sitting
from resolutions.models import Resolution

from ..factories import MeetingFactory

pytestmark = pytest.mark.django_db

ATTENDANCE_FIELDS = ["category", "person_id", "group_name", "represented_organisation", "designation"]


def _phases(meeting):
    return list(meeting.phases.values_list("order", "label", "description"))


def _reports(meeting):
    return list(meeting.reports.values_list("order", "kind", "title"))


def _attendance(meeting):
    return list(meeting.attendances.values_list("order", *ATTENDANCE_FIELDS))


def _expected_attendance(seed):
    # An absence belongs to its sitting: who was absent is suggested as present, without reason.
    rows = []
    for order, row in enumerate(seed.attendances.all(), start=1):
        category = "present" if row.category == "absent" else row.category
        rows.append((order, category, *[getattr(row, name) for name in ATTENDANCE_FIELDS[1:]]))
    return rows


@pytest.fixture
def third(seed_meeting):
    return MeetingFactory(term=seed_meeting.term, sitting=3, starts_on=datetime.date(2021, 6, 18))


def test_previous_sitting_is_the_latest_earlier_one_else_the_previous_terms_last(seed_meeting, third):
    term = seed_meeting.term
    assert previous_sitting(term=term, sitting=3) == seed_meeting
    assert previous_sitting(term=term, sitting=5) == third
    assert previous_sitting(term=term, sitting=2) is None  # the seed is the term's first recorded
    fifth_term = CommitteeTerm.objects.create(committee=term.committee, number=5)
    assert previous_sitting(term=fifth_term, sitting=1) == third


def test_copy_takes_the_previous_sittings_phases_reports_and_attendance_in_order(
    seed_meeting, third, secretary
):
    assert (
        seed_meeting.phases.exists() and seed_meeting.reports.exists() and seed_meeting.attendances.exists()
    )
    version = third.version

    assert meeting_copy_from_previous(meeting=third, user=secretary) == seed_meeting

    assert _phases(third) == [(n, p[1], p[2]) for n, p in enumerate(_phases(seed_meeting), start=1)]
    assert _reports(third) == [(n, r[1], r[2]) for n, r in enumerate(_reports(seed_meeting), start=1)]
    assert _attendance(third) == _expected_attendance(seed_meeting)
    assert seed_meeting.attendances.filter(category="absent").exists()
    assert not third.attendances.exclude(absence_kind="", absence_reason="").exists()
    assert third.phases.first().history.first().history_user == secretary
    assert Meeting.objects.get(pk=third.pk).version == version + 1


def test_copies_are_new_rows_and_the_previous_sitting_is_untouched(seed_meeting, third, secretary):
    before = (_phases(seed_meeting), _reports(seed_meeting), _attendance(seed_meeting))
    meeting_copy_from_previous(meeting=third, user=secretary)

    for kind in ("phases", "reports", "attendances"):
        copied = set(getattr(third, kind).values_list("pk", flat=True))
        assert copied and copied.isdisjoint(getattr(seed_meeting, kind).values_list("pk", flat=True))
    phase, report, attendee = third.phases.first(), third.reports.first(), third.attendances.first()
    phase.description = "改过的内容"
    phase.save()
    report.title = "改过的报告"
    report.save()
    attendee.designation = "改过的称谓"
    attendee.save()
    third.phases.last().delete()
    assert (_phases(seed_meeting), _reports(seed_meeting), _attendance(seed_meeting)) == before
    seed_meeting.refresh_from_db()
    assert seed_meeting.status == Meeting.Status.ISSUED


def test_nothing_but_phases_reports_and_attendance_is_copied(seed_meeting, third, secretary):
    assert seed_meeting.speeches.exists() and seed_meeting.resolutions.exists()
    meeting_copy_from_previous(meeting=third, user=secretary)
    assert not third.speeches.exists()
    assert not third.resolutions.exists() and not third.recommendations.exists()
    assert not third.other_business.exists()
    assert third.reports_conclusion == "" and third.recommendations_intro == ""


@pytest.mark.parametrize(
    ("existing", "named"),
    [
        (lambda m: m.phases.create(order=1, label="上午", description="已有的阶段"), "会议阶段"),
        (lambda m: m.reports.create(order=1, title="秘书处"), "审议的报告"),
        (
            lambda m: m.attendances.create(order=1, category="present", group_name="秘书处有关人员"),
            "出席名单",
        ),
    ],
)
def test_refused_into_a_meeting_that_already_has_such_rows(seed_meeting, third, secretary, existing, named):
    existing(third)
    counts = (third.phases.count(), third.reports.count(), third.attendances.count())
    with pytest.raises(ValidationError) as refused:
        meeting_copy_from_previous(meeting=third, user=secretary)
    assert named in refused.value.messages[0] and "不能再从上次会议复制" in refused.value.messages[0]
    assert (third.phases.count(), third.reports.count(), third.attendances.count()) == counts


def test_a_meeting_with_only_its_own_prose_may_still_be_started_from_the_last_sitting(
    seed_meeting, third, secretary
):
    Resolution.objects.create(meeting=third, number=1, proposal="甲", outcome="passed")
    assert meeting_copy_from_previous(meeting=third, user=secretary) == seed_meeting
    assert third.resolutions.count() == 1


def test_refused_into_a_meeting_that_is_not_a_draft(seed_meeting, third, secretary):
    Meeting.objects.filter(pk=third.pk).update(status=Meeting.Status.REVIEW)
    third.refresh_from_db()
    with pytest.raises(ValidationError, match="只有起草中的会议"):
        meeting_copy_from_previous(meeting=third, user=secretary)
    assert not third.phases.exists() and not third.attendances.exists()


def test_refused_into_the_issued_previous_sitting_itself(seed_meeting, secretary):
    with pytest.raises(ValidationError, match="只有起草中的会议"):
        meeting_copy_from_previous(meeting=seed_meeting, user=secretary)


def test_without_an_earlier_sitting_nothing_is_copied(seed_meeting, secretary):
    first = MeetingFactory(term=seed_meeting.term, sitting=1)
    assert meeting_copy_from_previous(meeting=first, user=secretary) is None
    assert not first.phases.exists() and not first.attendances.exists()


# --- the 新建会议 form ---------------------------------------------------------------------


def _new(term, **extra):
    data = {
        "term": term.pk,
        "sitting": 3,
        "starts_on": "2021-06-18",
        "place": "北京",
        "minutes_style": "narrative",
    }
    return data | extra


def test_the_option_is_on_by_default_when_the_term_met_before(client, secretary, seed_meeting):
    client.force_login(secretary)
    page = client.get(reverse("meetings:create")).content.decode()
    assert "从上次会议复制议程、报告和出席类别" in page
    assert 'name="copy_previous"' in page and "checked" in page.split('name="copy_previous"')[1].split(">")[0]


def test_creating_with_the_option_shows_the_copies_in_the_editor(client, secretary, seed_meeting):
    client.force_login(secretary)
    response = client.post(
        reverse("meetings:create"), _new(seed_meeting.term, copy_previous="on"), follow=True
    )
    meeting = Meeting.objects.get(term=seed_meeting.term, sitting=3)
    page = response.content.decode()
    assert response.status_code == 200 and "已从“第四届执行委员会第二次会议”复制" in page
    assert (
        _phases(meeting) and _reports(meeting) and _attendance(meeting) == _expected_attendance(seed_meeting)
    )
    for phase in seed_meeting.phases.all():
        assert phase.description in page
    for report in seed_meeting.reports.all():
        assert report.title in page
    for row in Attendance.objects.filter(meeting=meeting, person__isnull=False).select_related("person"):
        assert row.person.name in page
    assert not meeting.speeches.exists() and not meeting.resolutions.exists()


def test_creating_without_the_option_copies_nothing(client, secretary, seed_meeting):
    client.force_login(secretary)
    client.post(reverse("meetings:create"), _new(seed_meeting.term))
    meeting = Meeting.objects.get(term=seed_meeting.term, sitting=3)
    assert not meeting.phases.exists() and not meeting.reports.exists() and not meeting.attendances.exists()


def test_the_option_for_a_committees_first_meeting_creates_it_and_says_nothing_was_copied(
    client, secretary, seed_meeting
):
    client.force_login(secretary)
    other = MeetingFactory(term__committee__name="全体委员会", term__number=1, sitting=1).term
    Meeting.objects.filter(term=other).delete()
    response = client.post(
        reverse("meetings:create"), _new(other, sitting=1, copy_previous="on"), follow=True
    )
    assert "此前没有会议，未复制任何内容" in response.content.decode()
    meeting = Meeting.objects.get(term=other, sitting=1)
    assert not meeting.phases.exists() and not meeting.attendances.exists()


def test_a_copy_that_fails_leaves_no_meeting_behind(client, secretary, seed_meeting, monkeypatch):
    from meetings import services

    def refuse(**kwargs):
        raise ValidationError("复制的报告不合格。")

    refusing = services.SittingCopy("审议的报告", "reports", refuse)
    monkeypatch.setattr(services, "SITTING_COPIES", [services.SITTING_COPIES[0], refusing])
    client.force_login(secretary)
    response = client.post(reverse("meetings:create"), _new(seed_meeting.term, copy_previous="on"))
    assert response.status_code == 200 and "复制的报告不合格。" in response.content.decode()
    assert not Meeting.objects.filter(term=seed_meeting.term, sitting=3).exists()
    assert Meeting.objects.count() == 1
    assert MeetingPhase.objects.count() == seed_meeting.phases.count()  # the phases' copies rolled back
