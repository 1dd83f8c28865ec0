"""Grant the roles what the archive adds (meetings.permissions.ROLE_PERMISSIONS)."""

import importlib

from django.db import migrations

roles_create = importlib.import_module("meetings.migrations.0002_roles").roles_create


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0001_initial"),
        ("circulation", "0002_roles"),
    ]

    operations = [migrations.RunPython(roles_create, migrations.RunPython.noop)]
