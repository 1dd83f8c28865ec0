"""The archive's search index (ArchiveText) and, on PostgreSQL only, the pg_trgm extension and a
GIN trigram index that serves case-insensitive substring search (Chinese included) over it.

The index is on archive_search_upper(text), which is UPPER(text) declared costly (COST 1000), and
archive.search queries that same expression. Why not UPPER(text) itself: the texts are long and
stored out of line (TOAST), so the table looks small to the planner and a sequential scan cheap,
while reading, decompressing and upper-casing every text costs ~70 µs a row; with the built-in
UPPER the planner scanned 5,000 texts (350 ms) instead of using the index (3 ms). The declared
cost tells it the truth: the index for words of 3+ characters, a scan where the index cannot
narrow (a 2-character word has no trigram). See docs/performance.md.

Existing records get their text from `manage.py archive_missing` or `archive_reindex` (composing
the minutes needs the application's code, not the migration's historical models)."""

import django.db.models.deletion
from django.db import migrations, models

INDEX = "archive_text_trgm"
FUNCTION = "archive_search_upper"


def trigram_index_create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    # plpgsql: a SQL function would be inlined into UPPER(), and its cost forgotten.
    schema_editor.execute(
        f"CREATE OR REPLACE FUNCTION {FUNCTION}(text) RETURNS text LANGUAGE plpgsql"
        " IMMUTABLE STRICT PARALLEL SAFE COST 1000 AS $$ BEGIN RETURN upper($1); END $$"
    )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON archive_archivetext USING gin ({FUNCTION}(text) gin_trgm_ops)"
    )


def trigram_index_drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # The extension stays: other indexes may use it, and it costs nothing unused.
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}(text)")


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
