"""The secretariat keeps the committees' terms and rosters: its role gains adding and changing
committee terms (meetings.permissions.ROLE_PERMISSIONS)."""

from django.db import migrations


def roles_update(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    from meetings.permissions import roles_ensure

    # As in 0002_roles: the permissions exist only after the last migration otherwise.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    roles_ensure(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0005_typed_text_checks"),
        ("attendees", "0005_membership_title"),
        ("people", "0003_post_dates"),
    ]

    operations = [migrations.RunPython(roles_update, migrations.RunPython.noop)]
