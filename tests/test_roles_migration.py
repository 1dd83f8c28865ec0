"""`migrate` alone gives a database where every role exists with its permissions."""

import pytest
from django.contrib.auth.models import Group

from meetings.permissions import ROLE_PERMISSIONS


@pytest.mark.django_db
def test_a_migrated_database_has_the_four_roles_with_their_permissions():
    # The test database is built by running the migrations; nothing here creates the roles.
    groups = {group.name: group for group in Group.objects.prefetch_related("permissions__content_type")}
    assert set(groups) == {"secretary", "signatory", "member", "archivist"}
    for role, codenames in ROLE_PERMISSIONS.items():
        granted = {(p.content_type.app_label, p.codename) for p in groups[role].permissions.all()}
        assert granted == set(codenames), role
    assert ("meetings", "add_meeting") in {
        (p.content_type.app_label, p.codename) for p in groups["secretary"].permissions.all()
    }
