"""Sessions end after SESSION_IDLE_MINUTES (30) without a request; requests extend them,
with one write a minute at most."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from freezegun import freeze_time

pytestmark = pytest.mark.django_db


def test_thirty_minutes_by_default():
    assert settings.SESSION_COOKIE_AGE == 30 * 60


def _is_logged_in(client) -> bool:
    response = client.get(reverse("home"))
    return response.status_code == 200


def test_activity_keeps_the_session_and_idleness_ends_it(client, secretary):
    with freeze_time("2026-03-02 09:00:00") as clock:
        client.force_login(secretary)
        # A request every 29 minutes keeps it going well past the first thirty.
        for _ in range(3):
            clock.tick(timedelta(minutes=29))
            assert _is_logged_in(client)

        clock.tick(timedelta(minutes=30, seconds=1))
        response = client.get(reverse("home"))

    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_requests_within_a_minute_write_the_session_once(client, secretary, django_assert_num_queries):
    with freeze_time("2026-03-02 09:00:00") as clock:
        client.force_login(secretary)
        clock.tick(timedelta(minutes=5))
        client.get("/healthz")  # refreshes the expiry: one write
        clock.tick(timedelta(seconds=30))
        with django_assert_num_queries(1):  # reads the session, writes nothing
            client.get("/healthz")
        # The expiry was moved at 09:05, not at 09:05:30: at 09:35:10 the session is gone.
        clock.tick(timedelta(minutes=29, seconds=40))
        response = client.get(reverse("home"))
    assert response.status_code == 302


def test_cookie_expires_with_the_session(client, secretary):
    with freeze_time("2026-03-02 09:00:00") as clock:
        client.force_login(secretary)
        clock.tick(timedelta(minutes=2))
        client.get(reverse("home"))
    assert client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 30 * 60


def test_configured_from_the_environment():
    from .test_deploy_settings import _manage

    result = _manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.SESSION_COOKIE_AGE)",
        DJANGO_SECRET_KEY="k" * 10,
        SESSION_IDLE_MINUTES="45",
    )
    assert result.stdout.strip() == str(45 * 60), result.stderr
