import datetime
from contextlib import contextmanager

import pytest
from django.contrib.auth.models import Group

from demo.seed import demo_load
from meetings import permissions as roles

from .factories import UserFactory


@pytest.fixture(scope="session")
def signing_identity(tmp_path_factory):
    """A demonstration signing identity made once for the session (as `make run` makes one)."""
    from documents.signing import demo_identity_create

    directory = tmp_path_factory.mktemp("signing")
    p12, passphrase = directory / "demo-signing.p12", directory / "demo-signing.pass"
    demo_identity_create(p12, passphrase, organisation="中国合格评定国家认可委员会")
    return p12, passphrase


@pytest.fixture(autouse=True)
def _signing(settings, signing_identity):
    settings.SIGNING_PKCS12, settings.SIGNING_PASSPHRASE_FILE = signing_identity
    settings.SIGNING_TRUST_ROOTS = []


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's language (Chinese): a test that switched to English (a
    request with the English cookie) must not leave later tests' messages in English."""
    from django.conf import settings as django_settings
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _plain_static_storage(settings, tmp_path_factory):
    # The manifest storage needs collectstatic; tests serve assets from the finders. Stored
    # files (issued copies) go to a temporary directory, and each test starts with an empty
    # document cache (primary keys repeat between tests).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
        "documents": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "documents"},
    }
    from django.core.cache import caches

    caches["documents"].clear()


@pytest.fixture
def seed_meeting(db):
    """The seed package loaded as data; returns its meeting."""
    return demo_load()


@pytest.fixture
def next_meeting(seed_meeting, secretary):
    """Make a draft meeting of the seed's committee term held in Beijing (the third sitting on
    2020-06-18 unless told), with `attendee` present (none: nobody listed)."""
    from attendees.models import Attendance
    from meetings.models import Meeting
    from people.models import Person

    def make(*, sitting=3, starts_on=datetime.date(2020, 6, 18), attendee="郎志正", term=None):
        meeting = Meeting.objects.create(
            term=term or seed_meeting.term,
            sitting=sitting,
            starts_on=starts_on,
            place="北京",
            created_by=secretary,
        )
        if attendee:
            person = Person.objects.get(name=attendee)
            Attendance.objects.create(meeting=meeting, person=person, category="present")
        return meeting

    return make


@pytest.fixture
def walk_notice(secretary, signatory, django_capture_on_commit_callbacks):
    """Walk a drafted notice through review and sign-off on `on`, then (unless `issue=False`)
    issue it, running what waits for the commit (the stored, signed copy; the archive record;
    the circulation emails queued)."""
    from notices import services

    def walk(notice, *, on=datetime.date(2020, 7, 1), issue=True):
        services.notice_submit(notice=notice, user=secretary)
        services.notice_sign_off(notice=notice, user=signatory, date_signed=on)
        if not issue:
            return notice
        with django_capture_on_commit_callbacks(execute=True):
            return services.notice_issue(notice=notice, user=secretary, date_issued=on)

    return walk


@pytest.fixture
def drafted_notice(secretary):
    """Draft the covering notice of `meeting` with the values the form starts from."""
    from notices import services

    def draft(meeting, **fields):
        values = services.notice_defaults(meeting) | fields
        return services.notice_create(meeting=meeting, created_by=secretary, **values)

    return draft


def _user_with_role(username, role, **extra):
    roles.roles_ensure()
    user = UserFactory(username=username, **extra)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def secretary(db):
    return _user_with_role("alice", roles.SECRETARY)


@pytest.fixture
def signatory(db):
    return _user_with_role("bob", roles.SIGNATORY)


@pytest.fixture
def member(db):
    return _user_with_role("charlie", roles.MEMBER)


@pytest.fixture
def outsider(db):
    return _user_with_role("mallory", None)


@pytest.fixture
def archivist(db):
    return _user_with_role("dora", roles.ARCHIVIST)


@pytest.fixture
def admin_user(db):
    """The superuser who keeps the reference data in /admin/."""
    return _user_with_role("root", None, is_staff=True, is_superuser=True)


def pytest_runtest_setup(item):
    # Tests of PostgreSQL behaviour (row locks between sessions) run in CI's PostgreSQL pass.
    if item.get_closest_marker("postgres"):
        from django.db import connection

        if connection.vendor != "postgresql":
            pytest.skip("needs PostgreSQL")


@pytest.fixture
def thaw():
    """Test set-up only: `with thaw(meeting):` lifts the freeze of an issued meeting (and its
    notice) to vary its content, then puts the statuses back. The seed package is issued; tests
    of the documents use it as a rich example to change. Goes around the guard on purpose,
    through the base managers, which the product never uses for writes."""
    from meetings.models import Meeting
    from notices.models import Notice

    @contextmanager
    def thawed(meeting):
        meetings = Meeting._base_manager.filter(pk=meeting.pk)
        notices = Notice._base_manager.filter(meeting=meeting.pk)
        saved = (meetings.get().status, dict(notices.values_list("pk", "status")))
        meetings.update(status="draft")
        notices.update(status="draft")
        try:
            yield
        finally:
            meetings.update(status=saved[0])
            for pk, status in saved[1].items():
                Notice._base_manager.filter(pk=pk).update(status=status)

    return thawed
