"""Draft → review → sign-off → issue (→ correction): who may do what, and what each step records."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from notices import services
from notices.models import Notice, NumberSeries, Transition

pytestmark = pytest.mark.django_db

ROLES = ["secretary", "signatory", "member", "archivist", "outsider"]
# action -> (the status the notice must be in, the one role allowed)
ACTIONS = {
    "submit": ("draft", "secretary"),
    "return": ("review", "signatory"),
    "sign": ("review", "signatory"),
    "issue": ("signed", "secretary"),
    "correct": ("issued", "secretary"),
}


def _bring_to(notice, status, secretary, signatory):
    if status in ("review", "signed", "issued"):
        services.notice_submit(notice=notice, user=secretary)
    if status in ("signed", "issued"):
        services.notice_sign_off(notice=notice, user=signatory, date_signed=datetime.date(2020, 7, 1))
    if status == "issued":
        services.notice_issue(notice=notice, user=secretary, date_issued=datetime.date(2020, 7, 1))
    notice.refresh_from_db()
    return notice


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_each_transition_is_allowed_only_to_its_role(
    client, request, package, secretary, signatory, member, role, action
):
    status, allowed = ACTIONS[action]
    notice = _bring_to(package, status, secretary, signatory)
    user = request.getfixturevalue(role)
    client.force_login(user)
    data = {"return-comment": "请补充出席情况。"}
    response = client.post(reverse("notices:transition", args=[notice.pk, action]), data)
    notice.refresh_from_db()
    if role == allowed:
        assert response.status_code == 302
        assert notice.status != status or action == "correct"
        assert Transition.objects.filter(notice__meeting__term=notice.meeting.term, user=user).exists()
    else:
        # Members and outsiders may not even see a draft (404); the secretariat's other roles are
        # refused the step (403). Either way nothing moved.
        assert response.status_code in (403, 404)
        assert notice.status == status
        if role in ("member", "outsider"):
            assert response.status_code == 404


def test_the_whole_way_is_recorded_as_a_timeline(package, secretary, signatory, issue, client):
    services.notice_submit(notice=package, user=secretary)
    services.notice_return(notice=package, user=signatory, comment="第二段请核对日期。")
    notice = issue(package)
    steps = list(notice.transitions.values_list("action", "from_status", "to_status", "user__username"))
    assert steps == [
        ("create", "", "draft", "alice"),
        ("submit", "draft", "review", "alice"),
        ("return", "review", "draft", "bob"),
        ("submit", "draft", "review", "alice"),
        ("sign_off", "review", "signed", "bob"),
        ("issue", "signed", "issued", "alice"),
    ]
    assert notice.signed_by.username == "bob" and notice.signed_at is not None
    client.force_login(secretary)
    page = client.get(reverse("notices:meeting", args=[notice.meeting_id])).content.decode()
    assert "第二段请核对日期。" in page and "退回修改" in page and "印发" in page


def test_the_signatory_returns_with_a_comment_the_drafter_sees(client, package, secretary, signatory):
    services.notice_submit(notice=package, user=secretary)
    client.force_login(signatory)
    url = reverse("notices:transition", args=[package.pk, "return"])
    response = client.post(url, {"return-comment": ""}, follow=True)
    assert "退回时请写明修改意见。" in response.content.decode()
    assert Notice.objects.get(pk=package.pk).status == "review"
    client.post(url, {"return-comment": "请补充会议地点。"})
    client.force_login(secretary)
    page = client.get(reverse("notices:meeting", args=[package.meeting_id])).content.decode()
    assert 'id="returned"' in page and "请补充会议地点。" in page
    assert Meeting.objects.get(pk=package.meeting_id).status == "draft"


def test_sign_off_dates_the_notice_today_by_default(package, secretary, signatory):
    services.notice_submit(notice=package, user=secretary)
    notice = services.notice_sign_off(notice=package, user=signatory)
    assert notice.date_signed == datetime.date.today() or notice.date_signed is not None
    assert notice.year == notice.date_signed.year
    assert Meeting.objects.get(pk=notice.meeting_id).status == "approved"


def test_illegal_transitions_are_refused_with_a_reason(package, secretary, signatory):
    with pytest.raises(ValidationError, match="纪要仍是草稿"):
        services.notice_issue(notice=package, user=secretary)
    # The minutes still a draft: issuing the notice is refused, whatever the notice says.
    Notice.objects.filter(pk=package.pk).update(status="signed")
    with pytest.raises(ValidationError, match="纪要仍是草稿"):
        services.notice_issue(notice=package, user=secretary)
    Notice.objects.filter(pk=package.pk).update(status="draft")
    Meeting.objects.filter(pk=package.meeting_id).update(status="approved")
    with pytest.raises(ValidationError, match="只有已签发的通知可以印发"):
        services.notice_issue(notice=package, user=secretary)
    Meeting.objects.filter(pk=package.meeting_id).update(status="draft")
    with pytest.raises(ValidationError, match="只有审核中的通知可以签发"):
        services.notice_sign_off(notice=package, user=signatory)
    with pytest.raises(PermissionDenied):
        services.notice_submit(notice=package, user=signatory)


def test_an_illegal_step_through_the_page_says_why(client, package, secretary):
    client.force_login(secretary)
    response = client.post(reverse("notices:transition", args=[package.pk, "issue"]), follow=True)
    assert "纪要仍是草稿，不能印发通知" in response.content.decode()


def test_issue_takes_the_next_number_of_the_office_and_year(package, issue, seed_meeting):
    notice = issue(package)
    assert (notice.year, notice.sequence) == (2020, 21)  # the seed took 20 of 2020
    assert notice.number == "认可委（秘）〔2020〕21号"
    assert NumberSeries.objects.get(office=notice.office, year=2020).last_sequence == 21
    assert Meeting.objects.get(pk=notice.meeting_id).status == "issued"


def test_a_failed_issue_gives_its_number_back(package, issue, secretary, signatory, monkeypatch):
    services.notice_submit(notice=package, user=secretary)
    services.notice_sign_off(notice=package, user=signatory, date_signed=datetime.date(2020, 7, 1))

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_record", broken)
    with pytest.raises(RuntimeError):
        services.notice_issue(notice=package, user=secretary)
    assert NumberSeries.objects.get(year=2020).last_sequence == 20
    assert Notice.objects.get(pk=package.pk).sequence is None


def test_a_draft_shows_its_number_with_the_sequence_left_blank(package):
    assert package.number.startswith("认可委（秘）〔")
    assert package.number.endswith("\u2002\u2002号")


def test_the_register_lists_every_number_of_the_year(client, secretary, package, issue):
    issue(package)
    client.force_login(secretary)
    page = client.get(reverse("notices:register"), {"year": 2020}).content.decode()
    assert "认可委（秘）〔2020〕20号" in page and "认可委（秘）〔2020〕21号" in page
    assert "本年度已编至第 21 号" in page


def test_the_register_is_for_the_secretariat(client, member, outsider):
    for user in (member, outsider):
        client.force_login(user)
        assert client.get(reverse("notices:register")).status_code == 403


def test_a_correction_is_a_new_edition_that_supersedes_the_original(
    client, package, issue, secretary, signatory
):
    original = issue(package)
    correction = services.notice_correct(notice=original, user=secretary)
    meeting = correction.meeting
    assert (meeting.edition, meeting.supersedes_id, meeting.status) == (2, original.meeting_id, "draft")
    assert meeting.attendances.count() == original.meeting.attendances.count()
    assert correction.supersedes == original and correction.sequence is None
    with pytest.raises(ValidationError, match="已有更正版本"):
        services.notice_correct(notice=original, user=secretary)
    issued = issue(correction, on=datetime.date(2020, 7, 8))
    original.refresh_from_db()
    assert (
        original.status == "superseded" and Meeting.objects.get(pk=original.meeting_id).status == "superseded"
    )
    assert issued.sequence == original.sequence + 1
    client.force_login(secretary)
    page = client.get(reverse("notices:meeting", args=[original.meeting_id])).content.decode()
    assert "本纪要已有更正版本" in page
    assert client.get(reverse("notices:pdf", args=[original.pk])).status_code == 200  # still readable


def test_the_notice_form_is_filled_from_the_meeting(client, secretary, seed_meeting):
    draft = Meeting.objects.create(term=seed_meeting.term, sitting=3, starts_on="2020-06-18", place="北京")
    client.force_login(secretary)
    page = client.get(reverse("notices:edit", args=[draft.pk])).content.decode()
    assert "关于印发中国合格评定国家认可委员会第四届执行委员会第三次会议纪要的通知" in page
    assert "CNAS执行委员会委员" in page and "本秘书处:存档(2)" in page
    assert "于2020年6月18日在北京召开" in page


def test_drafting_a_notice_and_a_conflicting_save(client, secretary, seed_meeting):
    draft = Meeting.objects.create(term=seed_meeting.term, sitting=3, starts_on="2020-06-18", place="北京")
    client.force_login(secretary)
    url = reverse("notices:edit", args=[draft.pk])
    data = {
        "office": seed_meeting.notices.get().office_id,
        "title": "关于印发第三次会议纪要的通知",
        "recipients": "CNAS执行委员会委员：",
        "body": "现将纪要印发。",
        "closing_phrase": "特此通知。",
        "signatory": "中国合格评定国家认可委员会秘书处",
        "copies_to": "本秘书处:存档(2)",
        "issued_by": "中国合格评定国家认可委员会秘书处",
        "copies_count": "",
    }
    assert client.post(url, data).status_code == 302
    notice = draft.notices.get()
    assert notice.recipients == "CNAS执行委员会委员"  # the pasted colon is the template's
    assert client.post(url, {**data, "body": "第二稿。", "version": 1}).status_code == 302
    response = client.post(url, {**data, "body": "另一个窗口的稿子。", "version": 1})
    assert response.status_code == 409
    page = response.content.decode()
    assert "其他人修改了这份通知" in page and "另一个窗口的稿子。" in page and "第二稿。" in page
    assert Notice.objects.get(pk=notice.pk).body == "第二稿。"


def test_the_notice_form_refuses_once_submitted(client, secretary, package):
    services.notice_submit(notice=package, user=secretary)
    client.force_login(secretary)
    response = client.get(reverse("notices:edit", args=[package.meeting_id]))
    assert response.status_code == 302
    assert response["Location"] == reverse("notices:meeting", args=[package.meeting_id])


@pytest.mark.parametrize("role", ["signatory", "member", "archivist", "outsider"])
def test_only_the_secretariat_drafts_notices(client, request, seed_meeting, role):
    draft = Meeting.objects.create(term=seed_meeting.term, sitting=3, starts_on="2020-06-18", place="北京")
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("notices:edit", args=[draft.pk])).status_code in (403, 404)


def test_the_meeting_page_for_each_role(client, request, seed_meeting, secretary, signatory, archivist):
    url = reverse("notices:meeting", args=[seed_meeting.pk])
    for user in (secretary, signatory, archivist):
        client.force_login(user)
        page = client.get(url).content.decode()
        assert "办理过程" in page and "修改记录" in page and "认可委（秘）〔2020〕20号" in page
    client.force_login(request.getfixturevalue("outsider"))
    assert client.get(url).status_code == 404


def test_the_history_shows_who_changed_what(client, secretary, package):
    client.force_login(secretary)
    meeting = package.meeting
    editor = reverse("minutes:section_add", args=[meeting.pk, "resolution"])
    client.post(editor, {"resolution-proposal": "关于换届的提案", "resolution-outcome": "passed"})
    resolution = meeting.resolutions.get()
    edit = reverse("minutes:section_edit", args=[meeting.pk, "resolution", resolution.pk])
    version = Meeting.objects.get(pk=meeting.pk).version
    client.post(
        edit,
        {
            "edit-resolution-proposal": "关于委员换届的提案",
            "edit-resolution-outcome": "passed",
            "version": version,
        },
    )
    page = client.get(reverse("notices:meeting", args=[meeting.pk])).content.decode()
    assert "关于换届的提案</del> → <ins>关于委员换届的提案" in page
    assert "alice" in page


def test_a_long_text_changed_in_one_place_shows_that_place(client, secretary, signatory, package):
    from notices.history import _compact

    old = "甲" * 60 + "旧说" + "乙" * 60
    new = "甲" * 60 + "新讲" + "乙" * 60
    assert _compact(old, new) == (
        "…" + "甲" * 12 + "旧说" + "乙" * 12 + "…",
        "…" + "甲" * 12 + "新讲" + "乙" * 12 + "…",
    )
    assert _compact("短", "长") == ("短", "长")

    services.notice_submit(notice=package, user=secretary)
    services.notice_sign_off(notice=package, user=signatory)
    client.force_login(secretary)
    page = client.get(reverse("notices:meeting", args=[package.meeting_id])).content.decode()
    # When and by whom it was signed off, as people read them, not as the database keeps them.
    signed_at = timezone.localtime(Notice.objects.get(pk=package.pk).signed_at)
    assert f"<ins>{signed_at:%Y-%m-%d %H:%M}</ins>" in page and "+00:00" not in page
