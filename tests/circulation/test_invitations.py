"""Invitations to a coming meeting: sent to the term's members, answered on the reply slip
until the deadline, and turned into attendance only when the secretary confirms."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from freezegun import freeze_time

from attendees.models import Attendance
from circulation import services
from circulation.models import Reply
from meetings.models import Meeting
from people.models import Person

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 24)


@pytest.fixture
def planned(seed_meeting, secretary):
    DBTaskResult.objects.all().delete()  # the seed's circulation emails are not under test here
    with freeze_time(TODAY):
        meeting = Meeting.objects.create(
            term=seed_meeting.term, sitting=5, starts_on=TODAY + datetime.timedelta(days=20), place="北京",
            created_by=secretary,
        )  # fmt: skip
    return meeting


@pytest.fixture
def invitation(planned, secretary, django_capture_on_commit_callbacks):
    with freeze_time(TODAY), django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_save(
            meeting=planned,
            user=secretary,
            date=planned.starts_on,
            time="上午9:00",
            place="北京市朝阳区",
            agenda="审议工作报告\n其他事项",
            reply_by=TODAY + datetime.timedelta(days=10),
        )
        services.invitation_send(invitation=invitation, user=secretary)
    return invitation


def slip(invitation, name):
    return Reply.objects.select_related("invitation", "membership", "person").get(
        invitation=invitation, person__name=name
    )


def test_invitation_goes_to_every_seat_by_email(invitation, reader, work_tasks):
    term = invitation.meeting.term
    assert invitation.replies.count() == term.memberships.exclude(person=None).count()
    with freeze_time(TODAY):
        work_tasks()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["lang@example.com"]
    body = mail.outbox[0].body
    assert "北京市朝阳区" in body and "1. 审议工作报告" in body
    assert reverse("circulation:reply", args=[invitation.pk]) in body
    assert "2026年12月4日前" in mail.outbox[0].subject


def test_only_meetings_to_come_and_deadlines_before_them(planned, secretary):
    with freeze_time(TODAY), pytest.raises(ValidationError) as error:
        services.invitation_save(
            meeting=planned, user=secretary, date=TODAY - datetime.timedelta(days=1), place="北京",
            agenda="议程", reply_by=TODAY - datetime.timedelta(days=2),
        )  # fmt: skip
    assert set(error.value.message_dict) == {"date", "reply_by"}
    with freeze_time(TODAY), pytest.raises(ValidationError, match="回执截止日期不能晚于会议日期"):
        services.invitation_save(
            meeting=planned, user=secretary, date=planned.starts_on, place="北京", agenda="议程",
            reply_by=planned.starts_on + datetime.timedelta(days=1),
        )  # fmt: skip
    assert not hasattr(Meeting.objects.get(pk=planned.pk), "invitation")


def test_member_answers_and_changes_until_the_deadline(client, invitation, reader):
    client.force_login(reader)
    url = reverse("circulation:reply", args=[invitation.pk])
    with freeze_time(TODAY):
        page = client.get(url)
        assert page.status_code == 200 and "审议工作报告" in page.content.decode()
        refused = client.post(url, {"answer": "leave", "reason": ""})
        assert "请假请写明原因" in refused.content.decode()
        assert slip(invitation, "郎志正").answer == ""
        client.post(url, {"answer": "leave", "reason": "因出差"})
        assert slip(invitation, "郎志正").summary == "请假（因出差）"
        client.post(url, {"answer": "delegate", "delegate_name": "王五", "delegate_post": "副院长"})
        reply = slip(invitation, "郎志正")
        assert (reply.answer, reply.reason, reply.delegate_name) == ("delegate", "", "王五")
    with freeze_time(invitation.reply_by + datetime.timedelta(days=1)):
        client.force_login(reader)  # the earlier session has long been idle
        late = client.post(url, {"answer": "attend"})
        assert "回执已截止" in late.content.decode()
    assert slip(invitation, "郎志正").answer == "delegate"


def test_nothing_reaches_attendance_until_the_secretary_confirms(client, invitation, secretary):
    with freeze_time(TODAY):
        services.reply_answer(reply=slip(invitation, "郎志正"), answer="leave", reason="因参加其他会议")
        services.reply_answer(reply=slip(invitation, "乔东"), answer="attend")
        services.reply_answer(
            reply=slip(invitation, "黄飞"), answer="delegate", delegate_name="赵六", delegate_post="处长"
        )
    meeting = invitation.meeting
    assert not meeting.attendances.exists()

    client.force_login(secretary)
    panel = client.get(reverse("circulation:replies", args=[meeting.pk])).content.decode()
    assert "请假（因参加其他会议）" in panel and "全部记入出席名单（3）" in panel
    response = client.post(reverse("circulation:confirm", args=[meeting.pk, slip(invitation, "郎志正").pk]))
    assert [str(m) for m in response.wsgi_request._messages] == ["已将 1 份回执记入出席名单。"]
    row = meeting.attendances.get(person__name="郎志正")
    assert (row.category, row.absence_kind, row.absence_reason) == ("absent", "leave", "因参加其他会议")
    assert meeting.attendances.count() == 1

    response = client.post(reverse("circulation:confirm_all", args=[meeting.pk]))
    assert "已将 2 份回执记入出席名单。" in [str(m) for m in response.wsgi_request._messages]
    assert meeting.attendances.get(person__name="乔东").category == "present"
    delegate = meeting.attendances.get(person__name="赵六")
    assert delegate.category == Attendance.Category.DELEGATE and delegate.display_name == "黄飞执委代表赵六"
    assert Person.objects.get(name="赵六").posts_text == "处长"
    assert not invitation.replies.exclude(answer="").filter(confirmed_at=None).exists()
    # A confirmed reply is fixed: the member is told to contact the secretariat.
    with freeze_time(TODAY), pytest.raises(ValidationError, match="已将您的回执记入"):
        services.reply_answer(reply=slip(invitation, "乔东"), answer="leave", reason="临时有事")


def test_confirming_changes_the_members_existing_row(invitation, secretary):
    meeting = invitation.meeting
    person = Person.objects.get(name="郎志正")
    Attendance.objects.create(meeting=meeting, person=person, category="present", order=1)
    with freeze_time(TODAY):
        services.reply_answer(reply=slip(invitation, "郎志正"), answer="leave", reason="因病")
    services.reply_confirm(reply=slip(invitation, "郎志正"), user=secretary)
    row = meeting.attendances.get(person=person)
    assert (row.category, row.absence_reason) == ("absent", "因病")
    assert meeting.attendances.count() == 1


def test_a_reporter_on_leave_loses_the_report_verb(invitation, secretary):
    meeting = invitation.meeting
    person = Person.objects.get(name="郎志正")
    Attendance.objects.create(
        meeting=meeting, person=person, category="reporter", report_verb="作主旨报告", order=1
    )
    with freeze_time(TODAY):
        services.reply_answer(reply=slip(invitation, "郎志正"), answer="leave", reason="因病")
    services.reply_confirm(reply=slip(invitation, "郎志正"), user=secretary)
    row = meeting.attendances.get(person=person)
    assert (row.category, row.report_verb, row.absence_reason) == ("absent", "", "因病")


def test_replies_are_their_members_own(client, invitation, reader, member, outsider, secretary):
    other = Person.objects.get(name="乔东")
    with freeze_time(TODAY):
        services.reply_answer(reply=slip(invitation, "乔东"), answer="attend")
    client.force_login(outsider)
    assert client.get(reverse("circulation:reply", args=[invitation.pk])).status_code == 404
    client.force_login(reader)
    html = client.get(reverse("circulation:reply", args=[invitation.pk])).content.decode()
    assert other.name not in html  # 郎志正 sees their own slip, not 乔东's
    assert client.get(reverse("circulation:replies", args=[invitation.meeting_id])).status_code == 404
    assert client.get(reverse("circulation:invitation", args=[invitation.meeting_id])).status_code == 404


def test_invitation_page_saves_and_sends(client, planned, secretary):
    client.force_login(secretary)
    url = reverse("circulation:invitation", args=[planned.pk])
    with freeze_time(TODAY):
        form = client.get(url).content.decode()
        assert planned.starts_on.isoformat() in form  # the meeting's date is filled in
        data = {
            "date": planned.starts_on.isoformat(),
            "time": "",
            "place": "北京",
            "agenda": "审议",
            "reply_by": (TODAY + datetime.timedelta(days=3)).isoformat(),
            "send": "",
        }
        response = client.post(url, data)
    assert response.status_code == 302
    planned.refresh_from_db()
    assert planned.invitation.sent_at is not None
    assert planned.invitation.replies.count() > 10


def test_sending_twice_sends_once(invitation, reader, secretary, work_tasks):
    with freeze_time(TODAY):
        services.invitation_send(invitation=invitation, user=secretary)
        work_tasks()
        services.invitation_send(invitation=invitation, user=secretary)
        work_tasks()
    assert [m.to for m in mail.outbox] == [["lang@example.com"]]


def test_an_organisations_seat_answers_through_its_contact(invitation, secretary):
    term = invitation.meeting.term
    contact = Person.objects.create(name="海尔联系人")
    term.memberships.filter(member_organisation="海尔集团").update(contact=contact)
    with freeze_time(TODAY):
        services.invitation_send(invitation=invitation, user=secretary)
    meeting = invitation.meeting
    Attendance.objects.create(
        meeting=meeting, category="delegate", represented_organisation="海尔集团", order=1
    )
    with freeze_time(TODAY):
        services.reply_answer(reply=slip(invitation, "海尔联系人"), answer="attend")
    services.reply_confirm(reply=slip(invitation, "海尔联系人"), user=secretary)
    row = meeting.attendances.get()  # the placeholder from the roster is replaced
    assert (row.category, row.represented_organisation, row.person.name) == (
        "delegate",
        "海尔集团",
        "海尔联系人",
    )
    assert row.display_name == "海尔集团执委代表海尔联系人"


def test_a_confirmation_meanwhile_wins_over_a_late_answer(invitation, secretary):
    with freeze_time(TODAY):
        services.reply_answer(reply=slip(invitation, "乔东"), answer="attend")
        stale = slip(invitation, "乔东")  # the member's page, loaded before the confirmation
        services.reply_confirm(reply=slip(invitation, "乔东"), user=secretary)
        with pytest.raises(ValidationError, match="已将您的回执记入"):
            services.reply_answer(reply=stale, answer="leave", reason="临时有事")
    assert slip(invitation, "乔东").answer == "attend"


def test_confirming_after_submission_is_refused_with_a_message(client, invitation, secretary):
    with freeze_time(TODAY):
        services.reply_answer(reply=slip(invitation, "乔东"), answer="attend")
    Meeting.objects.filter(pk=invitation.meeting_id).update(status="review")
    client.force_login(secretary)
    response = client.post(
        reverse("circulation:confirm", args=[invitation.meeting_id, slip(invitation, "乔东").pk]), follow=True
    )
    assert response.status_code == 200
    assert "出席名单不能再改" in response.content.decode()
    assert not invitation.meeting.attendances.exists()


def test_a_confirmed_member_carries_the_seat_title(invitation, secretary):
    with freeze_time(TODAY):
        services.reply_answer(reply=slip(invitation, "李新实"), answer="attend")
        services.reply_answer(reply=slip(invitation, "乔东"), answer="attend")
    for name in ("李新实", "乔东"):
        services.reply_confirm(reply=slip(invitation, name), user=secretary)
    rows = invitation.meeting.attendances
    assert rows.get(person__name="李新实").designation == "执委"
    assert rows.get(person__name="乔东").designation == ""  # a blank seat title: his posts print
