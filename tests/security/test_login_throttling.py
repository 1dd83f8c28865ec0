"""Login throttling (django-axes): five wrong passwords for one username from one address lock
that pair out for fifteen minutes, with a page in the app's layout saying so."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from freezegun import freeze_time

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Corr3ct-horse-battery"
LOCKED = "密码连续输错 5 次，从本机登录此账号已暂停 15 分钟，请稍后再试。"


@pytest.fixture
def alice(db):
    return UserFactory(username="alice", password=PASSWORD)


def _login(client, username, password, address="192.0.2.10"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def _fail_five_times(client, username):
    for _ in range(4):
        assert _login(client, username, "wrong-password").status_code == 200  # the form, with its error
    # The fifth failure locks out at once.
    assert _login(client, username, "wrong-password").status_code == 429


def test_five_failures_lock_the_username_at_that_address(client, alice):
    _fail_five_times(client, "alice")

    response = _login(client, "alice", PASSWORD)

    assert response.status_code == 429
    page = response.content.decode()
    assert LOCKED in page
    assert "如果忘记了密码，请联系系统管理员重置。" in page
    assert {"registration/locked_out.html", "base.html"} <= {t.name for t in response.templates}
    assert "_auth_user_id" not in client.session
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_four_failures_do_not_lock(client, alice):
    for _ in range(4):
        _login(client, "alice", "wrong-password")
    assert _login(client, "alice", PASSWORD).status_code == 302


def test_other_users_and_other_addresses_are_unaffected(client, alice):
    UserFactory(username="bob", password=PASSWORD)
    _fail_five_times(client, "alice")

    bob = _login(Client(), "bob", PASSWORD)
    assert bob.status_code == 302 and bob.url == "/"

    elsewhere = _login(Client(), "alice", PASSWORD, address="198.51.100.7")
    assert elsewhere.status_code == 302


def test_login_works_again_after_fifteen_minutes(client, alice):
    with freeze_time("2026-03-02 09:00:00") as clock:
        _fail_five_times(client, "alice")
        clock.tick(timedelta(minutes=14))
        assert _login(client, "alice", PASSWORD).status_code == 429

        # The refused attempt at 09:14 counts as a failure during the lockout and starts the
        # fifteen minutes again.
        clock.tick(timedelta(minutes=15, seconds=1))
        response = _login(client, "alice", PASSWORD)

    assert response.status_code == 302 and response.url == "/"


def test_lockout_page_in_english(client, alice):
    client.cookies["django_language"] = "en"
    _fail_five_times(client, "alice")
    page = _login(client, "alice", PASSWORD).content.decode()
    assert "Wrong password 5 times in a row" in page and "15 minutes" in page
    assert 'lang="en"' in page


def test_client_address_comes_from_the_proxy_when_behind_one(settings, alice):
    from cnas_minutes.settings import _client_address

    settings.AXES_CLIENT_IP_CALLABLE = _client_address
    attacker = Client()
    for _ in range(5):
        _login(attacker, "alice", "wrong-password", address="127.0.0.1")  # all via the proxy...
    # ...but the proxy said where each came from: one attempt each, nobody locked.
    behind_proxy = Client(HTTP_X_REAL_IP="203.0.113.5")
    assert _login(behind_proxy, "alice", PASSWORD, address="127.0.0.1").status_code == 302
