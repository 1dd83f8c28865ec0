"""Posts are held between dates instead of being current or not."""

import datetime

from django.db import migrations, models


def ended_posts_date(apps, schema_editor):
    # A post that was no longer current ended before this migration ran; when is not recorded.
    # Ending it the day before keeps it off every meeting from now on; for earlier meetings it
    # prints beside the current post until the secretariat enters the real dates.
    Post = apps.get_model("people", "Post")
    Post.objects.filter(is_current=False).update(ends_on=datetime.date.today() - datetime.timedelta(days=1))


def ended_posts_flag(apps, schema_editor):
    Post = apps.get_model("people", "Post")
    Post.objects.filter(ends_on__lt=datetime.date.today()).update(is_current=False)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_typed_text_checks"),
    ]

    operations = [
        migrations.AddField(
            model_name="post",
            name="ends_on",
            field=models.DateField(
                blank=True, help_text="现任留空。", null=True, verbose_name="任职终止日期"
            ),
        ),
        migrations.AddField(
            model_name="post",
            name="starts_on",
            field=models.DateField(
                blank=True, help_text="不详可留空。", null=True, verbose_name="任职起始日期"
            ),
        ),
        migrations.RunPython(ended_posts_date, ended_posts_flag),
        migrations.RemoveField(
            model_name="post",
            name="is_current",
        ),
        migrations.AddConstraint(
            model_name="post",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("ends_on__isnull", True),
                    ("starts_on__isnull", True),
                    ("ends_on__gte", models.F("starts_on")),
                    _connector="OR",
                ),
                name="post_dates_ordered",
                violation_error_message="任职终止日期不能早于起始日期。",
            ),
        ),
    ]
