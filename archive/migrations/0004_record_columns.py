"""Archive records say what they are in their own columns (number, title, year, committee, date of
issue), filled here from each record's metadata, so that a record restored from an export stands
without its notice; the fixity check's runs are kept."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def columns_from_metadata(apps, schema_editor):
    ArchiveRecord = apps.get_model("archive", "ArchiveRecord")
    for record in ArchiveRecord.objects.all():
        metadata = record.metadata
        issued = metadata.get("date_signed") or metadata.get("date_issued") or ""
        ArchiveRecord.objects.filter(pk=record.pk).update(
            document_number=metadata["document_number"],
            title=metadata["title"][:300],
            year=int(issued[:4]) if issued else record.archived_at.year,
            committee=metadata.get("committee") or "",
            date_issued=metadata.get("date_issued"),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0003_search"),
        ("notices", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="archiverecord",
            name="origin",
            field=models.CharField(
                choices=[("issued", "本系统印发"), ("imported", "从归档包导入")],
                default="issued",
                max_length=10,
                verbose_name="来源",
            ),
        ),
        migrations.AddField(
            model_name="archiverecord",
            name="document_number",
            field=models.CharField(default="", max_length=100, verbose_name="发文字号"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="archiverecord",
            name="title",
            field=models.CharField(default="", max_length=300, verbose_name="标题"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="archiverecord",
            name="year",
            field=models.PositiveSmallIntegerField(db_index=True, default=0, verbose_name="年度"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="archiverecord",
            name="committee",
            field=models.CharField(blank=True, max_length=200, verbose_name="委员会"),
        ),
        migrations.AddField(
            model_name="archiverecord",
            name="date_issued",
            field=models.DateField(blank=True, null=True, verbose_name="印发日期"),
        ),
        migrations.RunPython(columns_from_metadata, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="archiverecord",
            name="document_number",
            field=models.CharField(max_length=100, unique=True, verbose_name="发文字号"),
        ),
        migrations.AlterField(
            model_name="archiverecord",
            name="archived_at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="归档时间"),
        ),
        migrations.AlterField(
            model_name="archiverecord",
            name="notice",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="archive_record",
                to="notices.notice",
                verbose_name="通知",
            ),
        ),
        migrations.CreateModel(
            name="FixityCheck",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("started_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="开始时间")),
                ("finished_at", models.DateTimeField(blank=True, null=True, verbose_name="完成时间")),
                ("checked", models.PositiveIntegerField(default=0, verbose_name="核查份数")),
                ("problems", models.JSONField(default=list, verbose_name="问题")),
                (
                    "requested_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="发起人",
                    ),
                ),
            ],
            options={
                "verbose_name": "完整性核查",
                "verbose_name_plural": "完整性核查",
                "ordering": ["-started_at", "-pk"],
            },
        ),
    ]
