"""The product's roles as groups with their permissions, so that `migrate` alone gives a
database where a secretary can draft (the demo only adds people and accounts)."""

from django.db import migrations


def roles_create(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    from meetings.permissions import roles_ensure

    # Permissions are normally created after the last migration (post_migrate); the roles need
    # them now, so create those of every app first, with the migration's model states.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    roles_ensure(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0001_initial"),
        ("people", "0001_initial"),
        ("attendees", "0001_initial"),
        ("resolutions", "0001_initial"),
        ("minutes", "0001_initial"),
        ("notices", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(roles_create, migrations.RunPython.noop)]
