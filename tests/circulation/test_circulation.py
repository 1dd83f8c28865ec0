"""Circulation of an issued notice: who it goes to, one email each after the issue commits,
failures recorded and retried, reading and acknowledgement recorded once, the secretariat's
table, and who may see what."""

import csv
import datetime
import io
import smtplib

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from attendees.models import Membership
from circulation import services
from circulation.models import Delivery, Recipient
from meetings.models import Committee, CommitteeTerm, RecordFrozen
from notices import services as notice_services
from notices.models import Notice
from people.models import Person

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def names(rows):
    return [row.person.name for row in rows]


def test_recipients_default_to_the_terms_seats_in_roster_order(package):
    term = package.meeting.term
    contact = Person.objects.create(name="海尔联系人")
    Membership.objects.filter(term=term, member_organisation="海尔集团").update(contact=contact)
    rows = services.recipients_ensure(notice=package)
    expected = [m.receiver.name for m in term.memberships.order_by("order", "id") if m.receiver]
    assert names(rows) == expected
    assert names(rows)[0] == "乔东" and "郎志正" in names(rows)
    # An organisation's seat is reached through its named contact; one without is not.
    assert "海尔联系人" in names(rows)
    assert len(rows) == term.memberships.count() - 1
    assert {row.kind for row in rows} == {Recipient.Kind.MAIN}
    # Asking again changes nothing.
    assert names(services.recipients_ensure(notice=package)) == expected


def test_list_editable_until_issue_and_fixed_by_it(package, issue, secretary):
    guest = Person.objects.create(name="抄送人")
    services.recipient_add(notice=package, person=guest, user=secretary)
    removed = package.circulation.get(person__name="黄飞")
    services.recipient_remove(recipient=removed, user=secretary)
    with pytest.raises(ValidationError, match="已在分发名单中"):
        services.recipient_add(notice=package, person=guest, user=secretary)

    notice = issue(package)
    rows = list(notice.circulation.all())
    assert "抄送人" in names(rows) and "黄飞" not in names(rows)
    assert notice.circulation.get(person=guest).kind == Recipient.Kind.COPY
    with pytest.raises(ValidationError, match="名单已确定"):
        services.recipient_add(notice=notice, person=Person.objects.get(name="黄飞"), user=secretary)
    with pytest.raises(ValidationError, match="名单已确定"):
        services.recipient_remove(recipient=rows[0], user=secretary)
    # Below the services too: the ORM refuses to change who is on an issued notice's list.
    with pytest.raises(RecordFrozen):
        rows[0].delete()
    with pytest.raises(RecordFrozen):
        notice.circulation.update(kind=Recipient.Kind.COPY)
    with pytest.raises(RecordFrozen):
        Recipient.objects.create(notice=notice, person=Person.objects.get(name="黄飞"))
    # What recipients do is still recorded.
    assert notice.circulation.filter(pk=rows[0].pk).update(first_opened_at=timezone.now()) == 1


def test_issue_sends_one_email_per_recipient_after_commit(package, issue, reader, work_tasks):
    notice = issue(package)
    rows = list(notice.circulation.select_related("person"))
    assert mail.outbox == []  # nothing is sent inside the issuing request
    assert DBTaskResult.objects.count() == len(rows)

    work_tasks()

    assert len(mail.outbox) == 1  # only 郎志正 has an address
    message = mail.outbox[0]
    assert message.to == ["lang@example.com"]
    assert notice.number in message.subject and notice.title in message.subject
    link = "http://127.0.0.1:8000" + reverse("circulation:read", args=[notice.pk])
    assert link in message.body and "郎志正：" in message.body
    by_state = {row.person.name: row.delivery for row in notice.circulation.select_related("person")}
    assert by_state["郎志正"] == Delivery.State.SENT
    assert {state for name, state in by_state.items() if name != "郎志正"} == {Delivery.State.NO_ADDRESS}


def test_a_send_failure_is_recorded_and_retried_without_touching_the_issue(
    package, issue, reader, work_tasks, monkeypatch
):
    def refuse(self, fail_silently=False):
        raise smtplib.SMTPServerDisconnected("connection unexpectedly closed")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    notice = issue(package)
    work_tasks()

    notice.refresh_from_db()
    assert notice.status == Notice.Status.ISSUED and notice.issued_copy.size > 0
    row = notice.circulation.get(person=reader.person)
    assert row.delivery == Delivery.State.FAILED and row.attempts == 1
    assert "SMTPServerDisconnected" in row.last_error
    assert row.next_attempt_at > timezone.now()
    retry = DBTaskResult.objects.filter(status="READY", run_after__isnull=False).get()
    assert retry.args_kwargs["args"] == [row.pk, row.generation, False]
    assert abs((retry.run_after - row.next_attempt_at).total_seconds()) < 1

    # The mail server is back when the retry runs.
    monkeypatch.undo()
    assert services.recipient_deliver(row.pk, row.generation) == Delivery.State.SENT
    row.refresh_from_db()
    assert row.delivery == Delivery.State.SENT and row.attempts == 2 and row.last_error == ""
    assert len(mail.outbox) == 1


def test_retries_stop_after_the_last_back_off(package, issue, reader, monkeypatch):
    monkeypatch.setattr("django.core.mail.EmailMessage.send", lambda self, fail_silently=False: 1 / 0)
    notice = issue(package)
    row = notice.circulation.get(person=reader.person)
    for _ in range(len(services.RETRY_MINUTES) + 1):
        services.recipient_deliver(row.pk, row.generation)
    row.refresh_from_db()
    assert row.attempts == len(services.RETRY_MINUTES) + 1
    assert row.delivery == Delivery.State.FAILED and row.next_attempt_at is None


def test_reading_and_acknowledging_are_recorded_once(client, package, issue, reader):
    notice = issue(package)
    client.force_login(reader)
    read_url = reverse("circulation:read", args=[notice.pk])

    page = client.get(read_url)
    assert page.status_code == 200
    html = page.content.decode()
    assert notice.title in html and "签收" in html
    assert notice.meeting.minutes_title in html and "郎志正" in html  # the minutes follow
    row = notice.circulation.get(person=reader.person)
    first = row.first_opened_at
    assert first is not None and row.acknowledged_at is None
    client.get(read_url)
    row.refresh_from_db()
    assert row.first_opened_at == first

    response = client.post(reverse("circulation:acknowledge", args=[notice.pk]))
    assert response.status_code == 302
    row.refresh_from_db()
    acknowledged = row.acknowledged_at
    assert acknowledged is not None
    client.post(reverse("circulation:acknowledge", args=[notice.pk]))
    row.refresh_from_db()
    assert row.acknowledged_at == acknowledged
    assert "已签收" in client.get(read_url).content.decode()


def test_my_documents_newest_first_with_unread_marked(client, seed_meeting, package, issue, reader):
    notice = issue(package)
    client.force_login(reader)
    client.get(reverse("circulation:read", args=[notice.pk]))
    html = client.get(reverse("circulation:mine")).content.decode()
    seed_notice = Notice.objects.get(meeting=seed_meeting)
    assert html.index(notice.title) < html.index(seed_notice.title)  # issued 2020-07-01 vs 03-09
    assert html.count('data-unread="1"') == 1  # the seed notice, not yet opened
    assert "1 份未读" in html


def test_secretariat_sees_counts_filters_reminds_and_exports(
    client, package, issue, reader, secretary, work_tasks, django_capture_on_commit_callbacks
):
    notice = issue(package)
    work_tasks()
    row = notice.circulation.get(person=reader.person)
    services.recipient_acknowledge(recipient=row)
    client.force_login(secretary)
    url = reverse("circulation:notice", args=[notice.pk])

    html = client.get(url).content.decode()
    assert "已签收 1" in html
    total = notice.circulation.count()
    assert f"分发 {total}" in html
    unacknowledged = client.get(url, {"filter": "unacknowledged"}).content.decode()
    assert "郎志正" not in unacknowledged and "乔东" in unacknowledged

    mail.outbox.clear()
    qiao = Person.objects.get(name="乔东")
    qiao.user = UserFactory(username="qiao", email="qiao@example.com")
    qiao.save(update_fields=["user"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("circulation:remind", args=[notice.pk]))
    work_tasks()
    assert notice.circulation.filter(reminders=1).count() == total - 1
    assert notice.circulation.get(pk=row.pk).reminders == 0
    # The acknowledged reader is not reminded; 乔东 is, with a reminder; the rest have no address.
    assert [m.to for m in mail.outbox] == [["qiao@example.com"]]
    assert mail.outbox[0].subject.startswith("【请签收】") and "您尚未签收" in mail.outbox[0].body

    exported = client.get(reverse("circulation:csv", args=[notice.pk]))
    assert exported["Content-Type"].startswith("text/csv")
    text = exported.content.decode("utf-8")
    assert text.startswith("\ufeff")
    table = list(csv.reader(io.StringIO(text[1:])))
    assert table[0][:3] == ["发文字号", "姓名", "类别"]
    assert len(table) == total + 1
    reader_row = next(r for r in table if r[1] == "郎志正")
    assert reader_row[4] == "已发送" and reader_row[8]


def test_csv_cells_are_not_formulas(client, package, issue, secretary):
    Person.objects.filter(name="黄飞").update(name='=HYPERLINK("http://evil")')
    notice = issue(package)
    client.force_login(secretary)
    text = client.get(reverse("circulation:csv", args=[notice.pk])).content.decode()
    assert "'=HYPERLINK" in text


def test_a_member_sees_only_what_was_circulated_to_them(client, package, issue, secretary, member):
    """Another committee's member gets 404 for the notice, its PDF, its minutes and its page;
    so does a member of the same committee left off the list; a draft is never shown."""
    other_committee = Committee.objects.create(
        organisation=package.meeting.term.committee.organisation, name="评定委员会", kind="special"
    )
    other_term = CommitteeTerm.objects.create(committee=other_committee, number=1)
    outsider_person = Person.objects.create(name="别的委员", user=member)
    Membership.objects.create(term=other_term, person=outsider_person)
    draft_url = reverse("circulation:read", args=[package.pk])
    client.force_login(member)
    assert client.get(draft_url).status_code == 404

    left_off = Person.objects.get(name="黄飞")
    services.recipients_ensure(notice=package)
    services.recipient_remove(recipient=package.circulation.get(person=left_off), user=secretary)
    notice = issue(package)
    urls = [
        reverse("circulation:read", args=[notice.pk]),
        reverse("notices:pdf", args=[notice.pk]),
        reverse("notices:preview", args=[notice.pk]),
        reverse("notices:meeting", args=[notice.meeting_id]),
        reverse("minutes:pdf", args=[notice.meeting_id]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert notice.title not in client.get(reverse("circulation:mine")).content.decode()
    assert notice.title not in client.get(reverse("home")).content.decode()

    Person.objects.filter(pk=outsider_person.pk).update(user=None)
    Person.objects.filter(pk=left_off.pk).update(user=member)
    for url in urls:
        assert client.get(url).status_code == 404, url


def test_a_correction_goes_to_the_list_of_the_notice_it_corrects(package, issue, secretary):
    guest = Person.objects.create(name="抄送人")
    services.recipient_add(notice=package, person=guest, user=secretary)
    notice = issue(package)
    correction = notice_services.notice_correct(notice=notice, user=secretary)
    rows = services.recipients_ensure(notice=correction)
    assert names(rows) == names(notice.circulation.all())
    assert correction.circulation.get(person=guest).kind == Recipient.Kind.COPY


def test_email_is_chinese_whatever_the_issuers_language(package, issue, reader, work_tasks, settings):
    from django.utils import translation

    with translation.override("en"):
        notice = issue(package, on=datetime.date(2020, 7, 2))
        work_tasks()
    assert "请登录会议纪要系统阅读并签收" in mail.outbox[0].body
    assert notice.date_issued_text in mail.outbox[0].body


def test_resend_reaches_those_who_since_got_an_address(
    client, package, issue, secretary, work_tasks, django_capture_on_commit_callbacks
):
    notice = issue(package)
    work_tasks()
    client.force_login(secretary)
    html = client.get(reverse("circulation:notice", args=[notice.pk])).content.decode()
    total = notice.circulation.count()
    assert f"无邮箱 {total}" in html and "发送失败 0" in html
    qiao = Person.objects.get(name="乔东")
    qiao.user = UserFactory(username="qiao", email="qiao@example.com")
    qiao.save(update_fields=["user"])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("circulation:resend", args=[notice.pk]))
    work_tasks()

    assert [m.to for m in mail.outbox] == [["qiao@example.com"]]
    assert notice.circulation.get(person=qiao).delivery == Delivery.State.SENT
    assert notice.circulation.filter(delivery=Delivery.State.NO_ADDRESS).count() == total - 1


def test_one_round_one_email(package, issue, reader, secretary, work_tasks, monkeypatch):
    """A retry of a failed round, and a second 催办 before the worker ran, send nothing more:
    each round makes the tasks of the one before it stale."""
    sent = []
    monkeypatch.setattr("django.core.mail.EmailMessage.send", lambda self, fail_silently=False: 1 / 0)
    notice = issue(package)
    work_tasks()  # fails; a retry is queued for a minute later
    row = notice.circulation.get(person=reader.person)
    stale_generation = row.generation
    monkeypatch.setattr(
        "django.core.mail.EmailMessage.send", lambda self, fail_silently=False: sent.append(self.to) or 1
    )
    services.circulation_remind(notice=notice, user=secretary)
    services.circulation_remind(notice=notice, user=secretary)
    work_tasks()
    # The retry of the failed round comes due: it is stale and sends nothing.
    assert services.recipient_deliver(row.pk, stale_generation) is None
    assert sent == [["lang@example.com"]]
    row.refresh_from_db()
    assert row.reminders == 2 and row.delivery == Delivery.State.SENT


def test_reminding_a_corrected_notice_is_refused(package, issue, secretary):
    notice = issue(package)
    correction = notice_services.notice_correct(notice=notice, user=secretary)
    issue(correction, on=datetime.date(2020, 7, 2))
    notice.refresh_from_db()
    with pytest.raises(ValidationError, match="现行有效"):
        services.circulation_remind(notice=notice, user=secretary)


def test_notices_issued_before_circulation_get_their_list(seed_meeting, reader):
    from importlib import import_module

    from django.apps import apps

    fill = import_module("circulation.migrations.0004_recipients_of_earlier_notices").fill
    notice = Notice.objects.get(meeting=seed_meeting)
    Recipient._base_manager.filter(notice=notice).delete()  # as if issued before circulation
    assert not Notice.objects.filter(pk__in=[notice.pk]).filter(circulation__person__user=reader).exists()
    fill(apps, None)
    rows = notice.circulation.all()
    assert rows.count() == len(services.default_receivers(seed_meeting))
    assert {row.delivery for row in rows} == {Delivery.State.BEFORE}
    assert rows.filter(person__user=reader).exists()


def test_user_text_in_emails_is_plain_and_on_its_own_line(package, issue, reader, work_tasks):
    """The emails are text/plain, rendered without HTML escaping: a name or a title can neither
    show entities nor start lines of its own (a forged "Bcc:" or link) nor reorder the text."""
    Person.objects.filter(pk=reader.person.pk).update(name="郎志正\r\n\r\n请点击 http://evil.example\u202e")
    # A line break in a title is refused wherever it is typed now (cnas_minutes.validators), and
    # issuing checks the notice: the name, stored behind the checks' back, carries the breaks.
    Notice.objects.filter(pk=package.pk).update(title="关于<印发>纪要 & 通知 伪造一行")
    issue(package)
    work_tasks()
    message = mail.outbox[0]
    assert message.subject.endswith("关于<印发>纪要 & 通知 伪造一行")
    first_line = message.body.splitlines()[0]
    assert first_line == "郎志正 请点击 http://evil.example："
    assert "《关于<印发>纪要 & 通知 伪造一行》" in message.body
    assert "\u202e" not in message.body and "&lt;" not in message.body + message.subject
