"""A member on a phone (390 px) receives the issued notice, reads it, acknowledges it and answers
an invitation with 请假; the secretary sees the acknowledgement and confirms the reply into the
meeting's attendance."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from circulation import services
from meetings import permissions as roles
from meetings.models import Meeting
from notices.models import Notice
from people.models import Person

from ..factories import UserFactory
from .conftest import PASSWORD, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

REASON = "因参加其他会议"


def no_sideways_scrolling(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url} is {width} px wide"


def test_member_reads_acknowledges_and_replies_secretary_confirms(
    browser, contexts, live_server, seeded_secretary, tmp_path
):
    member = UserFactory(
        username="e2e-member", password=PASSWORD, first_name="郎志正", email="lang@example.com"
    )
    member.groups.add(Group.objects.get(name=roles.MEMBER))
    Person.objects.filter(name="郎志正").update(user=member)
    seed_notice = Notice.objects.get()
    term = seed_notice.meeting.term
    today = timezone.localdate()
    planned = Meeting.objects.create(
        term=term, sitting=4, starts_on=today + datetime.timedelta(days=20), place="北京",
        created_by=seeded_secretary,
    )  # fmt: skip
    invitation = services.invitation_save(
        meeting=planned,
        user=seeded_secretary,
        date=planned.starts_on,
        place="北京市朝阳区",
        agenda="审议工作报告\n其他事项",
        reply_by=today + datetime.timedelta(days=10),
    )
    services.invitation_send(invitation=invitation, user=seeded_secretary)

    # The member, on a phone: the unread notice waits on the home page and in 我的文件.
    phone = login(contexts, browser, live_server.url, member, tmp_path, "member", width=390)
    no_sideways_scrolling(phone)
    phone.get_by_role("link", name=seed_notice.title).first.wait_for()
    phone.shot("home")
    phone.get_by_role("link", name="我的文件").first.click()
    phone.get_by_role("heading", name="我的文件").wait_for()
    assert phone.locator('[data-unread="1"]').count() == 1
    no_sideways_scrolling(phone)
    phone.shot("mine")

    phone.locator("#my-documents").get_by_role("link", name=seed_notice.title).click()
    phone.get_by_role("heading", name=seed_notice.title).wait_for()
    assert phone.get_by_text("南存辉").first.is_visible()  # the minutes are there too
    no_sideways_scrolling(phone)
    phone.shot("read")
    phone.get_by_role("button", name="签收").click()
    phone.locator("#receipt").get_by_text("已签收").wait_for()
    recipient = seed_notice.circulation.get(person__user=member)
    assert recipient.first_opened_at is not None and recipient.acknowledged_at is not None

    # The invitation: 请假 with a reason.
    phone.goto(live_server.url + "/my/")
    phone.get_by_role("link", name=planned.full_name).click()
    phone.get_by_label("请假", exact=True).check()
    phone.get_by_label("请假原因").fill(REASON)
    no_sideways_scrolling(phone)
    phone.get_by_role("button", name="提交回执").click()
    phone.locator("#current-answer").get_by_text(f"请假（{REASON}）").wait_for()
    phone.shot("reply")

    # The secretary sees the acknowledgement, then the reply in the editor, and confirms it.
    desk = login(contexts, browser, live_server.url, seeded_secretary, tmp_path, "secretary")
    desk.goto(f"{live_server.url}/notices/{seed_notice.pk}/circulation/?filter=unacknowledged")
    assert desk.locator("#circulation-table").get_by_text("郎志正").count() == 0
    desk.goto(f"{live_server.url}/notices/{seed_notice.pk}/circulation/")
    desk.locator("#count-acknowledged").get_by_text("已签收 1").wait_for()
    desk.locator(f"#recipient-{recipient.pk}").get_by_text("已签收").wait_for()
    desk.shot("circulation")

    desk.goto(f"{live_server.url}/meetings/{planned.pk}/edit/")
    panel = desk.locator("#replies-panel")
    panel.get_by_text(f"请假（{REASON}）").wait_for()
    assert not planned.attendances.exists()
    panel.get_by_role("button", name="记入出席名单", exact=True).click()
    desk.locator("#sec-attendance").get_by_text("郎志正").first.wait_for()
    desk.shot("confirmed")
    row = planned.attendances.get(person__name="郎志正")
    assert (row.category, row.absence_kind, row.absence_reason) == ("absent", "leave", REASON)
