"""A meeting is a sitting of a committee term, or a meeting of the organisation's own (a work
conference, a special meeting, a joint meeting of several committees) with its own name."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from meetings.forms import MeetingCreateForm
from meetings.models import Committee, CommitteeTerm, Meeting
from tests.factories import CommitteeTermFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

CONFERENCE = "第八届全国合格评定机构认可工作会议"


def _conference(**fields) -> Meeting:
    values = {
        "kind": Meeting.Kind.CONFERENCE,
        "organisation": OrganisationFactory(),
        "own_name": CONFERENCE,
        "starts_on": datetime.date(2013, 11, 19),
        "ends_on": datetime.date(2013, 11, 20),
        "place": "北京",
    }
    return Meeting(**(values | fields))


def _post(**fields) -> dict:
    values = {
        "kind": "conference",
        "organisation": OrganisationFactory().pk,
        "own_name": CONFERENCE,
        "starts_on": "2013-11-19",
        "ends_on": "2013-11-20",
        "place": "北京",
        "minutes_style": "narrative",
    }
    return values | fields


def test_a_sitting_needs_its_term_and_sitting():
    meeting = Meeting(kind=Meeting.Kind.SITTING, starts_on=datetime.date(2020, 1, 6), place="北京")
    with pytest.raises(ValidationError) as caught:
        meeting.full_clean()
    assert "委员会届次会议请选择委员会届次。" in caught.value.message_dict["term"]
    assert "委员会届次会议请填写会议次序。" in caught.value.message_dict["sitting"]


def test_a_sitting_takes_its_organisation_from_its_term():
    term = CommitteeTermFactory()
    meeting = Meeting(term=term, sitting=2, starts_on=datetime.date(2020, 1, 6), place="北京")
    meeting.full_clean()
    meeting.save()
    assert meeting.organisation == term.committee.organisation
    assert meeting.minutes_title == "中国合格评定国家认可委员会第四届执行委员会第二次会议纪要"


def test_a_conference_needs_a_name_and_belongs_to_no_term():
    meeting = _conference(own_name="  ")
    with pytest.raises(ValidationError) as caught:
        meeting.full_clean()
    assert "own_name" in caught.value.message_dict
    meeting = _conference(term=CommitteeTermFactory(), sitting=3)
    meeting.full_clean()
    assert meeting.term is None and meeting.sitting is None


def test_a_conference_is_named_by_the_secretariat_without_repeating_the_organisation():
    meeting = _conference(own_name=f"中国合格评定国家认可委员会{CONFERENCE}纪要", theme="“深化改革”。")
    meeting.full_clean()
    assert meeting.own_name == CONFERENCE and meeting.theme == "深化改革"
    assert meeting.name == CONFERENCE
    assert meeting.minutes_title == f"中国合格评定国家认可委员会{CONFERENCE}纪要"
    assert meeting.committee_label == "" and meeting.terms_taking_part() == []
    meeting.title_override = "中国合格评定国家认可委员会2013年全国认可工作会议纪要"
    assert meeting.minutes_title == "中国合格评定国家认可委员会2013年全国认可工作会议纪要"
    assert meeting.generated_title == f"中国合格评定国家认可委员会{CONFERENCE}纪要"


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "conference", "own_name": ""},
        {"kind": "sitting", "term": None, "sitting": None},
        {"kind": "special", "sitting": 2},
    ],
)
def test_the_database_refuses_a_meeting_whose_kind_and_fields_disagree(fields):
    term = CommitteeTermFactory()
    values = {
        "organisation": term.committee.organisation,
        "starts_on": datetime.date(2020, 1, 6),
        "place": "北京",
        "own_name": "专题会议",
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(**(values | fields))


def test_the_form_takes_a_conference_without_a_term():
    form = MeetingCreateForm(_post(term=CommitteeTermFactory().pk, sitting="5"))
    assert form.is_valid(), form.errors
    assert form.instance.term is None and form.instance.sitting is None
    assert form.instance.own_name == CONFERENCE


def test_the_form_asks_a_sitting_for_its_term_and_a_conference_for_its_name_and_organisation():
    form = MeetingCreateForm(_post(kind="sitting", own_name="", organisation=""))
    assert not form.is_valid()
    assert "委员会届次会议请选择委员会届次。" in form.errors["term"]
    assert "organisation" not in form.errors and "own_name" not in form.errors
    form = MeetingCreateForm(_post(own_name="", organisation=""))
    assert not form.is_valid()
    assert form.errors["organisation"] == ["请选择召开会议的机构。"]
    assert "own_name" in form.errors and "term" not in form.errors


def test_a_joint_meeting_needs_two_terms_of_its_organisation():
    executive = CommitteeTermFactory()
    plenary = CommitteeTermFactory(
        committee=Committee.objects.create(organisation=executive.committee.organisation, name="全体委员会")
    )
    form = MeetingCreateForm(
        _post(kind="joint", own_name="执行委员会和全体委员会联席会议", joint_terms=[executive.pk])
    )
    assert not form.is_valid()
    assert form.errors["joint_terms"] == ["委员会联席会议请选择至少两个委员会届次。"]
    other = CommitteeTermFactory(
        committee=Committee.objects.create(organisation=OrganisationFactory(name="某某协会"), name="理事会")
    )
    form = MeetingCreateForm(_post(kind="joint", own_name="联席会议", joint_terms=[executive.pk, other.pk]))
    assert not form.is_valid() and form.errors["joint_terms"] == ["联席的委员会须属于召开会议的机构。"]
    form = MeetingCreateForm(_post(kind="joint", own_name="联席会议", joint_terms=[executive.pk, plenary.pk]))
    assert form.is_valid(), form.errors


def test_creating_a_joint_meeting_keeps_its_terms(client, secretary):
    executive = CommitteeTermFactory()
    plenary = CommitteeTerm.objects.create(
        committee=Committee.objects.create(organisation=executive.committee.organisation, name="全体委员会"),
        number=4,
    )
    client.force_login(secretary)
    data = _post(
        kind="joint", own_name="执行委员会和全体委员会联席会议", joint_terms=[executive.pk, plenary.pk]
    )
    response = client.post(reverse("meetings:create"), data | {"copy_previous": "on"})
    meeting = Meeting.objects.get(own_name="执行委员会和全体委员会联席会议")
    assert response.status_code == 302
    assert set(meeting.joint_terms.all()) == {executive, plenary}
    assert meeting.committee_label in ("执行委员会、全体委员会", "全体委员会、执行委员会")
    assert not meeting.phases.exists()
    # The meeting's history records which committees held it, and who set them.
    latest = meeting.history.latest()
    assert {row.committeeterm_id for row in latest.joint_terms.all()} == {executive.pk, plenary.pk}
    assert latest.history_user == secretary
    meeting.joint_terms.remove(plenary)
    assert {row.committeeterm_id for row in meeting.history.latest().joint_terms.all()} == {executive.pk}


def test_creating_a_conference_shows_its_name_and_hides_the_sitting_fields(client, secretary):
    client.force_login(secretary)
    page = client.get(reverse("meetings:create")).content.decode()
    assert 'data-kinds="sitting"' in page and 'data-kinds="conference special joint"' in page
    response = client.post(reverse("meetings:create"), _post(), follow=True)
    meeting = Meeting.objects.get(own_name=CONFERENCE)
    assert meeting.kind == "conference" and meeting.term is None
    assert f"已创建“{CONFERENCE}”。" in response.content.decode()


def test_a_sitting_changed_into_a_conference_in_the_editor_loses_its_term(client, secretary, next_meeting):
    meeting = next_meeting()
    client.force_login(secretary)
    data = _post(
        organisation=meeting.organisation_id, term=meeting.term_id, sitting=3, version=meeting.version
    )
    response = client.post(reverse("minutes:editor", args=[meeting.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting.refresh_from_db()
    assert (meeting.kind, meeting.term_id, meeting.sitting, meeting.own_name) == (
        "conference",
        None,
        None,
        CONFERENCE,
    )


def test_what_the_page_hid_for_another_kind_is_dropped_not_refused():
    form = MeetingCreateForm(_post(term="乱码", sitting="-1", joint_terms=["999999"]))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["joint_terms"] == []
    form = MeetingCreateForm(
        _post(
            kind="sitting", term=CommitteeTermFactory().pk, sitting="2", organisation="x", joint_terms=["x"]
        )
    )
    assert form.is_valid(), form.errors
    assert form.instance.own_name == "" and form.cleaned_data["joint_terms"] == []


def test_the_dashboard_and_the_list_show_the_organisations_own_meetings(client, secretary, next_meeting):
    sitting = next_meeting()
    conference = _conference(organisation=sitting.organisation)
    conference.full_clean()
    conference.save()
    client.force_login(secretary)
    home = client.get(reverse("home")).content.decode()
    assert "机构召开的其他会议" in home and "?committee=own&amp;status=draft" in home
    listed = client.get(reverse("meetings:list") + "?committee=own").content.decode()
    assert conference.full_name in listed and sitting.full_name not in listed
    listed = client.get(reverse("meetings:list") + f"?committee={sitting.term.committee_id}").content.decode()
    assert conference.full_name not in listed and sitting.full_name in listed
