"""Deleting a draft meeting: the secretariat, with confirmation, never once it went further."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from circulation import services
from circulation.models import Invitation, Reply
from meetings.models import Meeting, RecordFrozen
from notices import services as notice_services
from notices.models import Notice, Transition
from people.models import Person
from resolutions.models import Resolution

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(next_meeting, drafted_notice):
    meeting = next_meeting(attendee=None)
    meeting.resolutions.create(number=1, proposal="甲", outcome="passed")
    drafted_notice(meeting)
    invitation = Invitation.objects.create(
        meeting=meeting, date=meeting.starts_on, place="北京", agenda="议程", reply_by=meeting.starts_on
    )
    Reply.objects.create(invitation=invitation, person=Person.objects.get(name="郎志正"))
    return meeting


def _url(meeting) -> str:
    return reverse("circulation:meeting_delete", args=[meeting.pk])


def test_the_confirmation_page_says_what_goes_then_the_post_deletes_it_all(client, secretary, draft):
    client.force_login(secretary)
    page = client.get(_url(draft)).content.decode()
    assert "将一并删除，且不能恢复" in page and "决议 1" in page
    assert "印发通知（拟稿）" in page and "尚未发出的会议通知" in page and "确认删除" in page
    assert Meeting.objects.filter(pk=draft.pk).exists()  # a GET deletes nothing

    response = client.post(_url(draft))
    assert response.status_code == 302 and response["Location"] == reverse("meetings:list")
    assert not Meeting.objects.filter(pk=draft.pk).exists()
    assert not Notice.objects.filter(meeting_id=draft.pk).exists()
    assert not Invitation.objects.filter(meeting_id=draft.pk).exists()
    assert not Resolution.objects.filter(meeting_id=draft.pk).exists()
    assert "已删除“中国合格评定国家认可委员会第四届执行委员会第三次会议”及其草稿。" in (
        client.get(response["Location"]).content.decode()
    )


def test_another_secretary_may_delete_it_too(client, draft):
    other = UserFactory(username="sec2")
    other.groups.add(*draft.created_by.groups.all())
    client.force_login(other)
    assert client.post(_url(draft)).status_code == 302
    assert not Meeting.objects.filter(pk=draft.pk).exists()


@pytest.mark.parametrize(("role", "status"), [("signatory", 403), ("member", 404), ("outsider", 404)])
def test_others_are_refused(request, client, draft, role, status):
    client.force_login(request.getfixturevalue(role))
    assert client.get(_url(draft)).status_code == status
    assert client.post(_url(draft)).status_code == status
    assert Meeting.objects.filter(pk=draft.pk).exists()


def test_a_sent_invitation_keeps_the_meeting(client, secretary, draft):
    Invitation.objects.filter(meeting=draft).update(sent_at=timezone.now())
    client.force_login(secretary)
    page = client.get(_url(draft)).content.decode()
    assert "会议通知已发给委员，不能删除" in page and "确认删除" not in page
    response = client.post(_url(draft))
    assert response.status_code == 302 and response["Location"] == _url(draft)
    assert "会议通知已发给委员，不能删除" in client.get(response["Location"]).content.decode()
    assert Meeting.objects.filter(pk=draft.pk).exists() and Notice.objects.filter(meeting=draft).exists()


@pytest.mark.parametrize("status", ["review", "approved"])
def test_a_meeting_in_review_or_later_is_refused(client, secretary, draft, status):
    Meeting.objects.filter(pk=draft.pk).update(status=status)
    client.force_login(secretary)
    assert "只有起草中的会议可以删除" in client.get(_url(draft)).content.decode()
    client.post(_url(draft))
    assert Meeting.objects.filter(pk=draft.pk).exists()
    with pytest.raises(ValidationError):
        services.meeting_delete(meeting=draft, user=secretary)


def test_a_draft_returned_from_review_keeps_its_record(client, secretary, signatory, draft):
    notice = Notice.objects.get(meeting=draft)
    Invitation.objects.filter(meeting=draft).delete()
    draft.attendances.create(person=Person.objects.get(name="郎志正"), category="present")
    notice_services.notice_submit(notice=notice, user=secretary)
    notice_services.notice_return(notice=Notice.objects.get(pk=notice.pk), user=signatory, comment="请修改")
    assert Meeting.objects.get(pk=draft.pk).status == Meeting.Status.DRAFT
    client.force_login(secretary)
    client.post(_url(draft))
    assert Meeting.objects.filter(pk=draft.pk).exists()
    assert Transition.objects.filter(notice=notice).count() == 3


def test_the_issued_seed_is_refused_and_stays_frozen(client, secretary, seed_meeting):
    client.force_login(secretary)
    assert "是正式记录，不能删除" in client.get(_url(seed_meeting)).content.decode()
    client.post(_url(seed_meeting))
    assert Meeting.objects.filter(pk=seed_meeting.pk).exists()
    with pytest.raises(RecordFrozen):
        Meeting.objects.get(pk=seed_meeting.pk).delete()


def test_the_editor_and_the_meeting_page_offer_the_button_to_the_secretariat(
    client, secretary, signatory, draft
):
    client.force_login(secretary)
    for page in [reverse("minutes:editor", args=[draft.pk]), reverse("notices:meeting", args=[draft.pk])]:
        assert f'href="{_url(draft)}"' in client.get(page).content.decode()
    client.force_login(signatory)
    assert (
        f'href="{_url(draft)}"'
        not in client.get(reverse("notices:meeting", args=[draft.pk])).content.decode()
    )
