"""Whether a record was restored from an export is whether it has its notice: no column for it."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("archive", "0004_record_columns")]

    operations = [migrations.RemoveField(model_name="archiverecord", name="origin")]
