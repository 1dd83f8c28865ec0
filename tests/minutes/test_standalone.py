"""The minutes, notice, access and circulation of a meeting that is no committee's sitting: a
two-day work conference of the organisation with a theme, its title rewritten by the secretary."""

import datetime

import pytest
from django.urls import reverse

from archive.metadata import notice_metadata
from attendees.models import Attendance
from circulation import services as circulation
from meetings.models import Meeting
from minutes.composer import meeting_for_minutes, minutes_compose
from minutes.document import render_minutes_pdf
from notices.services import notice_defaults
from people.models import Person, Post
from tests.documents.pdfutil import pdf_text_unmarked

pytestmark = pytest.mark.django_db

NAME = "第八届全国合格评定机构认可工作会议"
THEME = "深化改革，提升认可公信力"
OPENING = (
    "2013年11月19日至20日，中国合格评定国家认可委员会(CNAS)在北京召开了"
    f"第八届全国合格评定机构认可工作会议，会议主题为“{THEME}”。"
)
OWN_TITLE = "中国合格评定国家认可委员会2013年全国合格评定机构认可工作会议纪要"


@pytest.fixture
def conference(seed_meeting, secretary):
    meeting = Meeting(
        kind=Meeting.Kind.CONFERENCE,
        organisation=seed_meeting.organisation,
        own_name=NAME,
        theme=f"“{THEME}”",
        starts_on=datetime.date(2013, 11, 19),
        ends_on=datetime.date(2013, 11, 20),
        place="北京",
        created_by=secretary,
    )
    meeting.full_clean()
    meeting.save()
    speaker = Person.objects.create(name="孙大伟")
    Post.objects.create(person=speaker, unit="国家认证认可监督管理委员会", title="主任")
    Attendance.objects.create(meeting=meeting, person=speaker, category="spoke", order=1)
    Attendance.objects.create(
        meeting=meeting, group_name="来自全国各地253家合格评定机构的代表", category="observer", order=2
    )
    return meeting


def test_the_opening_names_the_conference_its_dates_and_theme(conference):
    minutes = minutes_compose(meeting_for_minutes(conference.pk))
    opening = minutes.blocks[0].text
    assert opening.startswith(OPENING)
    assert "国家认证认可监督管理委员会主任孙大伟出席会议并讲话。" in opening
    assert "来自全国各地253家合格评定机构的代表列席会议。" in opening
    assert minutes.title == f"中国合格评定国家认可委员会{NAME}纪要"
    assert minutes.blocks[-1].text.startswith(f"CNAS{NAME}在全体与会人员的共同努力下")


def test_a_sitting_with_a_theme_keeps_the_seed_sentence_and_adds_the_theme(seed_meeting):
    meeting = Meeting.objects.create(
        term=seed_meeting.term, sitting=9, starts_on=datetime.date(2020, 6, 18), place="北京", theme="改革"
    )
    opening = minutes_compose(meeting_for_minutes(meeting.pk)).blocks[0].text
    assert opening == (
        "2020年6月18日，中国合格评定国家认可委员会(CNAS)第四届执行委员会第九次会议在北京召开，"
        "会议主题为“改革”。"
    )


def test_the_secretary_rewrites_the_title_beside_the_generated_one(client, secretary, conference):
    client.force_login(secretary)
    editor = reverse("minutes:editor", args=[conference.pk])
    page = client.get(editor).content.decode()
    assert 'id="override-title"' in page and f"中国合格评定国家认可委员会{NAME}纪要" in page
    url = reverse("minutes:override_save", args=[conference.pk, "title"])
    response = client.post(url, {"override-title-text": "  ", "version": conference.version})
    assert response.status_code == 400 and "改写的文字不能为空" in response.content.decode()
    conference.refresh_from_db()
    assert conference.title_override == ""
    response = client.post(url, {"override-title-text": OWN_TITLE, "version": conference.version})
    assert response.status_code == 302
    conference.refresh_from_db()
    assert conference.minutes_title == OWN_TITLE
    assert minutes_compose(meeting_for_minutes(conference.pk)).title == OWN_TITLE
    page = client.get(editor).content.decode()
    # The rewritten title is shown with the generated one beside it, and can be restored.
    assert OWN_TITLE in page and f"中国合格评定国家认可委员会{NAME}纪要" in page and "已改写" in page
    text = pdf_text_unmarked(render_minutes_pdf(conference))
    assert text.startswith("中国合格评定国家认可委员会2013年全国合格评定机构认可工作会议纪要")
    assert OPENING in text
    client.post(
        reverse("minutes:override_revert", args=[conference.pk, "title"]), {"version": conference.version}
    )
    conference.refresh_from_db()
    assert conference.title_override == "" and conference.minutes_title.endswith(f"{NAME}纪要")


def test_the_notice_of_a_conference(conference):
    conference.title_override = OWN_TITLE
    conference.save()
    defaults = notice_defaults(conference)
    assert defaults["title"] == f"关于印发{OWN_TITLE}的通知"
    assert defaults["recipients"] == ""  # the secretariat says whom a conference's notice goes to
    assert defaults["body"] == (
        "中国合格评定国家认可委员会（CNAS）于2013年11月19日至20日在北京召开了"
        f"{NAME}。为了落实会议精神，现将{NAME}纪要印发给你们。"
    )


def test_a_conference_is_read_by_the_people_it_was_circulated_to_and_no_one_else(
    client, secretary, member, outsider, conference, drafted_notice, walk_notice
):
    notice = drafted_notice(conference, recipients="各认可机构")
    assert circulation.recipients_ensure(notice=notice) == []  # no roster: the secretariat picks
    reader = Person.objects.create(name="读者甲", user=member)
    circulation.recipient_add(notice=notice, person=reader, kind="main", user=secretary)
    walk_notice(notice, on=datetime.date(2013, 12, 2))
    conference.refresh_from_db()
    assert conference.status == Meeting.Status.ISSUED
    page = reverse("notices:meeting", args=[conference.pk])
    client.force_login(member)
    assert client.get(page).status_code == 200
    client.force_login(outsider)
    assert client.get(page).status_code == 404
    assert client.get(reverse("minutes:preview", args=[conference.pk])).status_code == 404
    metadata = notice_metadata(notice, sha256="", sha512="", size=0)
    assert metadata["committee"] == "" and metadata["term"] is None
    assert metadata["meeting"]["minutes_title"] == f"中国合格评定国家认可委员会{NAME}纪要"


def test_a_correction_of_a_joint_meeting_keeps_its_committees(seed_meeting, secretary):
    from meetings.models import Committee, CommitteeTerm
    from minutes.services import meeting_correction_create

    plenary = CommitteeTerm.objects.create(
        committee=Committee.objects.create(organisation=seed_meeting.organisation, name="联席测试委员会"),
        number=1,
    )
    joint = Meeting.objects.create(
        kind=Meeting.Kind.JOINT,
        organisation=seed_meeting.organisation,
        own_name="执行委员会和全体委员会联席会议",
        starts_on=datetime.date(2020, 1, 7),
        place="北京",
    )
    joint.joint_terms.set([seed_meeting.term, plenary])
    copy = meeting_correction_create(meeting=joint, created_by=secretary)
    assert copy.edition == 2 and set(copy.joint_terms.all()) == {seed_meeting.term, plenary}
    assert copy.committee_label == joint.committee_label != ""
