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
