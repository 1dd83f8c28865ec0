"""The archive's search index (ArchiveText) and, on PostgreSQL only, the pg_trgm extension and a
GIN trigram index that serves substring search (`icontains`, Chinese included) over it.

Django's `icontains` on PostgreSQL is `UPPER(text::text) LIKE UPPER(%s)`, so the index is on
UPPER(text): an index on the bare column would not match that expression. Existing records get
their text from `manage.py archive_missing` or `archive_reindex` (composing the minutes needs the
application's code, not the migration's historical models)."""

import django.db.models.deletion
from django.db import migrations, models

INDEX = "archive_text_trgm"


def trigram_index_create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON archive_archivetext USING gin (UPPER(text) gin_trgm_ops)"
    )


def trigram_index_drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # The extension stays: other indexes may use it, and it costs nothing unused.
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0002_roles"),
    ]

    operations = [
        migrations.CreateModel(
            name="ArchiveText",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("text", models.TextField(verbose_name="检索文本")),
                ("indexed_at", models.DateTimeField(auto_now=True, verbose_name="索引时间")),
                (
                    "record",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="search_text",
                        to="archive.archiverecord",
                        verbose_name="归档记录",
                    ),
                ),
            ],
            options={
                "verbose_name": "检索索引",
                "verbose_name_plural": "检索索引",
            },
        ),
        migrations.RunPython(trigram_index_create, trigram_index_drop),
    ]
