"""Rebuild the archive's search index (ArchiveText) from the issued notices and their minutes:
after a change to what is indexed, or to fill it for records archived before it existed."""

from django.core.management.base import BaseCommand

from archive.index import archive_text_save
from archive.models import ArchiveRecord


class Command(BaseCommand):
    help = "重建归档检索索引（ArchiveText）；加 --missing 只补建缺少索引的记录。"

    def add_arguments(self, parser):
        parser.add_argument("--missing", action="store_true", help="只为还没有检索文本的记录建立索引。")

    def handle(self, *args, missing: bool = False, **options):
        records = ArchiveRecord.objects.select_related("notice__office__organisation").order_by("pk")
        if missing:
            records = records.filter(search_text__isnull=True)
        count = 0
        for record in records.iterator(chunk_size=200):
            archive_text_save(record=record)
            count += 1
        self.stdout.write(f"已为 {count} 份归档记录建立检索索引。")
