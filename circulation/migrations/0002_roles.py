"""Grant the roles what circulation adds (meetings.permissions.ROLE_PERMISSIONS)."""

import importlib

from django.db import migrations

roles_create = importlib.import_module("meetings.migrations.0002_roles").roles_create


class Migration(migrations.Migration):
    dependencies = [
        ("circulation", "0001_initial"),
        ("meetings", "0002_roles"),
    ]

    operations = [migrations.RunPython(roles_create, migrations.RunPython.noop)]
