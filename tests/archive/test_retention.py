"""保管期限: chosen by the secretary on the notice before issue, carried into the archive record
and its metadata, and fixed from issue on."""

import json

import pytest
from django.urls import reverse

from archive.models import ArchiveRecord
from meetings.models import RecordFrozen
from meetings.services import MeetingLocked
from notices import services as notice_services
from notices.models import Notice, Retention

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(next_meeting):
    return next_meeting()


def _form_data(meeting, **changes) -> dict:
    data = notice_services.notice_defaults(meeting)
    return data | {"office": data["office"].pk, "copies_count": "", "retention": "permanent"} | changes


def test_the_secretary_chooses_it_and_the_archive_keeps_it(client, draft, secretary, walk_notice):
    client.force_login(secretary)
    form = client.get(reverse("notices:edit", args=[draft.pk])).content.decode()
    assert 'name="retention"' in form and '<option value="permanent" selected>永久</option>' in form
    response = client.post(reverse("notices:edit", args=[draft.pk]), _form_data(draft, retention="30y"))
    assert response.status_code == 302
    notice = Notice.objects.get(meeting=draft)
    assert notice.retention == Retention.YEARS_30
    assert "保管期限 30年" in client.get(reverse("notices:meeting", args=[draft.pk])).content.decode()

    walk_notice(notice)

    record = ArchiveRecord.objects.get(notice=notice)
    assert record.retention == "30y" and record.get_retention_display() == "30年"
    assert record.metadata["retention"] == "30年"
    with record.metadata_file.open("rb") as stored:
        assert json.loads(stored.read())["retention"] == "30年"


def test_a_bad_choice_is_refused_with_a_message(client, draft, secretary):
    client.force_login(secretary)
    response = client.post(reverse("notices:edit", args=[draft.pk]), _form_data(draft, retention="5y"))
    assert response.status_code == 400 and "5y" in response.content.decode()
    assert not Notice.objects.filter(meeting=draft).exists()


def test_a_form_posted_without_it_keeps_the_notices(client, draft, secretary):
    client.force_login(secretary)
    url = reverse("notices:edit", args=[draft.pk])
    data = _form_data(draft)
    del data["retention"]
    assert client.post(url, data).status_code == 302
    notice = Notice.objects.get(meeting=draft)
    assert notice.retention == Retention.PERMANENT
    assert client.post(url, _form_data(draft, retention="10y", version=notice.version)).status_code == 302
    notice.refresh_from_db()
    assert client.post(url, data | {"version": notice.version}).status_code == 302
    assert Notice.objects.get(pk=notice.pk).retention == Retention.YEARS_10


def test_it_cannot_change_after_issue(client, seed_meeting, secretary):
    notice = Notice.objects.get(meeting=seed_meeting)
    assert notice.retention == Retention.PERMANENT
    notice.retention = Retention.YEARS_10
    with pytest.raises(RecordFrozen):
        notice.save()
    with pytest.raises(RecordFrozen):
        Notice.objects.filter(pk=notice.pk).update(retention="10y")
    with pytest.raises(MeetingLocked):
        notice_services.notice_update(notice=notice, version=notice.version, retention="10y")
    client.force_login(secretary)
    response = client.post(
        reverse("notices:edit", args=[seed_meeting.pk]), _form_data(seed_meeting, retention="10y")
    )
    assert response.status_code == 302  # sent back to the meeting: issued, not editable
    assert Notice.objects.get(pk=notice.pk).retention == Retention.PERMANENT


def test_a_correction_starts_from_the_originals(seed_meeting, secretary, thaw):
    original = Notice.objects.get(meeting=seed_meeting)
    with thaw(seed_meeting):
        Notice._base_manager.filter(pk=original.pk).update(retention="30y")
    original.refresh_from_db()
    correction = notice_services.notice_correct(notice=original, user=secretary)
    assert correction.retention == "30y"
