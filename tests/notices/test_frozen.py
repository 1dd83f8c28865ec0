"""Issued minutes and notices are the record: nothing below the views changes them.

The seed package is issued (demo_load walks it through the services), so every row here belongs
to an issued meeting.
"""

import pytest
from django.urls import reverse

from attendees.models import Attendance
from meetings import services as meeting_services
from meetings.models import Meeting, RecordFrozen, Speech, SpeechParagraph, SpeechPoint
from meetings.services import MeetingLocked
from minutes.models import MinutesOverride
from notices.models import Notice, Transition
from resolutions.models import Recommendation, Resolution

pytestmark = pytest.mark.django_db

ROWS = [Attendance, Resolution, Recommendation, Speech, SpeechParagraph, SpeechPoint]


@pytest.mark.parametrize("model", ROWS, ids=lambda m: m.__name__)
def test_a_row_of_an_issued_meeting_refuses_save_and_delete(seed_meeting, model):
    row = model.objects.first()
    assert row is not None
    with pytest.raises(RecordFrozen):
        row.save()
    with pytest.raises(RecordFrozen):
        row.delete()
    with pytest.raises(RecordFrozen):
        model.objects.filter(pk=row.pk).delete()
    assert model.objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize(
    ("model", "field", "value"),
    [
        (Resolution, "text", "改过的决议"),
        (Attendance, "absence_reason", "改"),
        (SpeechParagraph, "text", "改"),
        (Speech, "order", 99),
    ],
    ids=lambda v: getattr(v, "__name__", str(v)),
)
def test_bulk_updates_refuse_rows_of_an_issued_meeting(seed_meeting, model, field, value):
    before = list(model.objects.values_list(field, flat=True))
    with pytest.raises(RecordFrozen):
        model.objects.update(**{field: value})
    assert list(model.objects.values_list(field, flat=True)) == before


def test_no_row_can_be_added_to_an_issued_meeting(seed_meeting):
    with pytest.raises(RecordFrozen):
        Resolution(meeting=seed_meeting, number=99, text="追加").save()
    with pytest.raises(RecordFrozen):
        MinutesOverride(meeting=seed_meeting, key="closing", text="改").save()
    assert not Resolution.objects.filter(number=99).exists()


def test_the_issued_meeting_itself_is_frozen(seed_meeting):
    seed_meeting.place = "上海"
    with pytest.raises(RecordFrozen):
        seed_meeting.save()
    with pytest.raises(RecordFrozen):
        Meeting.objects.filter(pk=seed_meeting.pk).update(place="上海")
    with pytest.raises(RecordFrozen):
        seed_meeting.delete()
    assert Meeting.objects.get(pk=seed_meeting.pk).place != "上海"


def test_the_issued_notice_is_frozen(seed_meeting):
    notice = Notice.objects.get(meeting=seed_meeting)
    notice.title = "改过的标题"
    with pytest.raises(RecordFrozen):
        notice.save()
    with pytest.raises(RecordFrozen):
        Notice.objects.filter(pk=notice.pk).update(body="改")
    with pytest.raises(RecordFrozen):
        notice.delete()
    fresh = Notice.objects.get(pk=notice.pk)
    assert fresh.title != "改过的标题" and fresh.number == "认可委（秘）〔2020〕20号"


def test_a_recommendations_follow_up_is_not_part_of_the_issued_text(seed_meeting):
    # What was done about a recommendation is tracked after issue; its text is not.
    recommendation = Recommendation.objects.first()
    assert "status" in Recommendation.mutable_after_issue
    Recommendation.objects.filter(pk=recommendation.pk).update(status=recommendation.status)
    recommendation.text = "改"
    with pytest.raises(RecordFrozen):
        recommendation.save()


def test_the_services_refuse_before_the_guard(seed_meeting, secretary):
    resolution = Resolution.objects.first()
    resolution.text = "改"
    with pytest.raises(MeetingLocked):
        meeting_services.row_update(meeting=seed_meeting, version=seed_meeting.version, row=resolution)


def test_the_editor_sends_an_issued_meeting_to_its_minutes(client, secretary, seed_meeting):
    client.force_login(secretary)
    response = client.get(reverse("minutes:editor", args=[seed_meeting.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("minutes:preview", args=[seed_meeting.pk])
    resolution = Resolution.objects.first()
    url = reverse("minutes:section_edit", args=[seed_meeting.pk, "resolutions", resolution.pk])
    client.post(url, {"text": "改过的决议", "version": seed_meeting.version})
    assert Resolution.objects.get(pk=resolution.pk).text == resolution.text


def test_the_history_of_an_issued_package_records_the_issue_and_nothing_after(seed_meeting):
    notice = Notice.objects.get(meeting=seed_meeting)
    steps = Transition.objects.filter(notice=notice).order_by("at", "pk")
    actions = list(steps.values_list("action", flat=True))
    assert actions[-1] == "issue" and actions.count("issue") == 1
    assert seed_meeting.history.first().status == "issued"


@pytest.mark.parametrize(
    "model",
    [Meeting, Notice, Attendance, Speech, Resolution, Recommendation],
    ids=lambda m: m.__name__,
)
def test_the_admin_shows_issued_content_read_only(client, admin_user, seed_meeting, model):
    client.force_login(admin_user)
    obj = model.objects.first()
    info = (model._meta.app_label, model._meta.model_name)
    change = reverse("admin:{}_{}_change".format(*info), args=[obj.pk])
    page = client.get(change)
    if page.status_code == 404:  # edited only as an inline of the meeting
        page = client.get(reverse("admin:meetings_meeting_change", args=[seed_meeting.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="_save"' not in html and "deletelink" not in html
    assert client.post(change, {}).status_code in (403, 404)
    delete = reverse("admin:{}_{}_delete".format(*info), args=[obj.pk])
    assert client.post(delete, {"post": "yes"}).status_code in (403, 404)
    assert model.objects.filter(pk=obj.pk).exists()
