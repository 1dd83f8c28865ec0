"""Who may open and change the editor's pages: every view refuses outsiders."""

import pytest
from django.urls import reverse

from people.models import Person

pytestmark = pytest.mark.django_db


def _get_urls(meeting):
    return [
        reverse("minutes:editor", args=[meeting.pk]),
        reverse("minutes:section_edit", args=[meeting.pk, "attendance", 1]),
    ]


def _post_urls(meeting):
    pk = meeting.pk
    return [
        reverse("minutes:editor", args=[pk]),
        reverse("minutes:attendance_from_members", args=[pk]),
        reverse("minutes:attendance_bulk", args=[pk]),
        reverse("minutes:section_add", args=[pk, "resolution"]),
        reverse("minutes:section_edit", args=[pk, "resolution", 1]),
        reverse("minutes:section_delete", args=[pk, "resolution", 1]),
        reverse("minutes:section_move", args=[pk, "resolution", 1, "up"]),
        reverse("minutes:speech_move", args=[pk, 1, "up"]),
        reverse("minutes:override_save", args=[pk, "closing"]),
        reverse("minutes:override_revert", args=[pk, "closing"]),
    ]


def test_anonymous_users_are_sent_to_login(client, draft):
    for url in [reverse("home"), reverse("meetings:list"), reverse("meetings:create"), *_get_urls(draft)]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url


@pytest.mark.parametrize("who", ["outsider", "member"])
def test_people_outside_the_secretariat_cannot_find_a_draft(client, request, draft, who):
    client.force_login(request.getfixturevalue(who))
    for url in _get_urls(draft):
        response = client.get(url)
        assert response.status_code == 404 and "没有找到这个页面" in response.content.decode(), url
    for url in _post_urls(draft):
        assert client.post(url, {"version": draft.version}).status_code == 404, url
    assert client.get(reverse("meetings:create")).status_code == 403
    assert client.get(reverse("attendees:person_search"), {"q": "郎"}).status_code == 403
    draft.refresh_from_db()
    assert draft.version == 1 and not draft.attendances.exists()


def test_signatory_reads_but_does_not_draft(client, signatory, draft):
    client.force_login(signatory)
    assert client.get(reverse("meetings:list")).status_code == 200
    refused = client.get(reverse("minutes:editor", args=[draft.pk]))
    assert refused.status_code == 403 and "您的账号没有进行此操作的权限" in refused.content.decode()
    assert client.post(reverse("minutes:attendance_from_members", args=[draft.pk])).status_code == 403
    assert not draft.attendances.exists()


def test_issued_minutes_do_not_open_in_the_editor(client, secretary, seed_meeting):
    client.force_login(secretary)
    response = client.get(reverse("minutes:editor", args=[seed_meeting.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("minutes:preview", args=[seed_meeting.pk])
    before = seed_meeting.resolutions.count()
    response = client.post(
        reverse("minutes:section_add", args=[seed_meeting.pk, "resolution"]),
        {"resolution-proposal": "补充提案", "resolution-outcome": "passed"},
        follow=True,
    )
    assert "不能再修改" in response.content.decode()
    assert seed_meeting.resolutions.count() == before


def test_member_sees_only_issued_documents_on_the_dashboard(client, member, draft):
    Person.objects.filter(name="郎志正").update(user=member)  # an 执委 of the seed's term
    client.force_login(member)
    page = client.get(reverse("home")).content.decode()
    assert "认可委（秘）〔2020〕20号" in page
    assert "我的草稿" not in page and draft.full_name not in page
    listing = client.get(reverse("meetings:list")).content.decode()
    assert draft.full_name not in listing and "第二次会议" in listing
