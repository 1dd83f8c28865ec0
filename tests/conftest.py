import pytest
from django.contrib.auth.models import Group

from demo.seed import demo_load
from meetings import permissions as roles

from .factories import UserFactory


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # The manifest storage needs collectstatic; tests serve assets from the finders.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def seed_meeting(db):
    """The seed package loaded as data; returns its meeting."""
    return demo_load()


def _user_with_role(username, role, **extra):
    roles.roles_ensure()
    user = UserFactory(username=username, **extra)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def secretary(db):
    return _user_with_role("alice", roles.SECRETARY, is_staff=True)


@pytest.fixture
def signatory(db):
    return _user_with_role("bob", roles.SIGNATORY, is_staff=True)


@pytest.fixture
def member(db):
    return _user_with_role("charlie", roles.MEMBER)


@pytest.fixture
def outsider(db):
    return _user_with_role("mallory", None)


@pytest.fixture
def archivist(db):
    return _user_with_role("dora", roles.ARCHIVIST, is_staff=True, is_superuser=True)


def pytest_runtest_setup(item):
    # Tests of PostgreSQL behaviour (row locks between sessions) run in CI's PostgreSQL pass.
    if item.get_closest_marker("postgres"):
        from django.db import connection

        if connection.vendor != "postgresql":
            pytest.skip("needs PostgreSQL")
