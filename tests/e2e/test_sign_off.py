"""The way from a draft to an issued document, in a real browser, by the two people who walk it:
the secretary drafts the notice and submits, the signatory returns it with a comment, the
secretary mends and resubmits, the signatory signs off, the secretary issues and downloads."""

import datetime

import pytest
from django.contrib.auth.models import Group

from attendees.models import Attendance
from meetings import permissions as roles
from meetings.models import Meeting
from notices.models import Notice
from people.models import Person

from ..documents.pdfutil import pdf_text
from ..factories import UserFactory
from .conftest import PASSWORD
from .conftest import login as _login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

COMMENT = "请在正文中写明会议的主要议题。"
MENDED = "会议审议了认可规则修订提案。"


def _download(page, link_name, path):
    with page.expect_download() as downloaded:
        page.get_by_role("link", name=link_name).click()
    downloaded.value.save_as(path)
    return path.read_bytes()


def test_draft_review_return_sign_off_and_issue(browser, contexts, live_server, seeded_secretary, tmp_path):
    signatory = UserFactory(username="e2e-signatory", password=PASSWORD, first_name="签发人")
    signatory.groups.add(Group.objects.get(name=roles.SIGNATORY))
    seed = Meeting.objects.get()
    meeting = Meeting.objects.create(
        term=seed.term,
        sitting=3,
        starts_on=datetime.date(2020, 6, 18),
        place="北京",
        created_by=seeded_secretary,
    )
    Attendance.objects.create(meeting=meeting, person=Person.objects.get(name="郎志正"), category="present")
    meeting_url = f"{live_server.url}/meetings/{meeting.pk}/"

    # The secretary drafts the notice: everything the data knows is filled in.
    secretary = _login(contexts, browser, live_server.url, seeded_secretary, tmp_path, "secretary")
    secretary.goto(meeting_url)
    secretary.get_by_role("link", name="起草印发通知").click()
    assert "第四届执行委员会第三次会议纪要的通知" in secretary.input_value("#id_title")
    assert secretary.input_value("#id_recipients") == "CNAS执行委员会委员"
    secretary.shot("notice-form")
    secretary.get_by_role("button", name="保存通知").click()
    secretary.get_by_text("印发通知已保存。").wait_for()
    preview = secretary.frame_locator("iframe[title='通知预览']")
    preview.get_by_text("认可委（秘）〔", exact=False).first.wait_for()
    secretary.get_by_role("link", name="返回会议").click()
    secretary.get_by_role("button", name="提交审核").click()
    secretary.locator("#notice-status", has_text="审核中").wait_for()

    # The signatory finds it on the dashboard and returns it with a comment.
    signer = _login(contexts, browser, live_server.url, signatory, tmp_path, "signatory")
    signer.get_by_role(
        "link", name="关于印发中国合格评定国家认可委员会第四届执行委员会第三次会议纪要的通知"
    ).click()
    signer.fill("#id_return-comment", COMMENT)
    signer.shot("review")
    signer.get_by_role("button", name="退回修改").click()
    signer.locator("#notice-status", has_text="拟稿").wait_for()

    # The secretary sees why, mends the body and submits again.
    secretary.goto(meeting_url)
    secretary.locator("#returned", has_text=COMMENT).wait_for()
    secretary.shot("returned")
    secretary.get_by_role("link", name="编辑通知").click()
    body = secretary.input_value("#id_body")
    secretary.fill("#id_body", body.rstrip("。") + "。" + MENDED)
    secretary.get_by_role("button", name="保存通知").click()
    secretary.get_by_text("印发通知已保存。").wait_for()
    secretary.get_by_role("link", name="返回会议").click()
    secretary.get_by_role("button", name="提交审核").click()
    secretary.locator("#notice-status", has_text="审核中").wait_for()

    # The signatory signs off, dated 2020-06-20.
    signer.goto(meeting_url)
    signer.fill("#id_sign-date_signed", "2020-06-20")
    signer.get_by_role("button", name="签发", exact=True).click()
    signer.locator("#notice-status", has_text="已签发").wait_for()

    # The secretary issues: the number is drawn now.
    secretary.goto(meeting_url)
    secretary.fill("#id_issue-date_issued", "2020-06-22")
    secretary.get_by_role("button", name="印发", exact=True).click()
    secretary.locator("#notice-status", has_text="已印发").wait_for()
    secretary.get_by_text("认可委（秘）〔2020〕21号", exact=False).first.wait_for()
    secretary.locator("#timeline li").nth(5).wait_for()
    secretary.shot("issued")

    first = _download(secretary, "下载印发文件", tmp_path / "first.pdf")
    second = _download(secretary, "下载印发文件", tmp_path / "second.pdf")
    assert first == second
    text = pdf_text(first)
    assert "认可委（秘）〔2020〕21号" in text and MENDED in text and "草稿" not in text
    notice = Notice.objects.get(meeting=meeting)
    assert notice.number == "认可委（秘）〔2020〕21号"
    assert notice.date_signed == datetime.date(2020, 6, 20) and notice.signed_by == signatory
    actions = list(notice.transitions.order_by("at", "pk").values_list("action", flat=True))
    assert actions[-5:] == ["submit", "return", "submit", "sign_off", "issue"]
