import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_chinese_by_default_and_english_on_request(client, secretary, seed_meeting):
    client.force_login(secretary)
    page = client.get(reverse("home")).content.decode()
    assert "下载 PDF" in page and 'lang="zh-CN"' in page
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("home")).content.decode()
    assert "Download PDF" in page and "Log out" in page and 'lang="en"' in page


def test_login_page_is_chinese(client):
    page = client.get(reverse("login")).content.decode()
    assert "登录" in page and "用户名" in page


def test_editor_pages_speak_english_on_request(client, secretary, seed_meeting):
    from meetings.models import Meeting

    draft = Meeting.objects.create(term=seed_meeting.term, sitting=3, starts_on="2020-06-18", place="北京")
    client.force_login(secretary)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    dashboard = client.get(reverse("home")).content.decode()
    assert "Dashboard" in dashboard and "Meetings by committee" in dashboard and "New meeting" in dashboard
    editor = client.get(reverse("minutes:editor", args=[draft.pk])).content.decode()
    for text in ["Meeting details", "Add attendee", "Add from the members list (15)", "Rewritten paragraphs"]:
        assert text in editor
    response = client.post(
        reverse("minutes:section_add", args=[draft.pk, "attendance"]),
        {"attendance-category": "present", "attendance-person_name": "无此人"},
    )
    assert "Nobody named “无此人” is in the system." in response.content.decode()
