"""Grant the roles what the registers add (meetings.permissions.ROLE_PERMISSIONS): the
secretariat records follow-ups, the signatories and archivists read them."""

import importlib

from django.db import migrations

roles_create = importlib.import_module("meetings.migrations.0002_roles").roles_create


class Migration(migrations.Migration):
    dependencies = [
        ("registers", "0001_initial"),
        ("archive", "0002_roles"),
    ]

    operations = [migrations.RunPython(roles_create, migrations.RunPython.noop)]
