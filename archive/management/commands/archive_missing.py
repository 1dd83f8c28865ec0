"""Make the archive records that are missing (an issue whose archiving failed, or notices issued
before the archive existed); report the ones whose stored files no longer match their digests."""

from django.core.management.base import BaseCommand

from archive.index import archive_text_save
from archive.models import ArchiveRecord
from archive.services import archive_record_create, fixity_holds
from meetings.models import FROZEN_STATUSES
from notices.models import Notice
from notices.services import issued_copy_store


class Command(BaseCommand):
    help = "为缺少归档记录的已印发通知补建归档记录，并核对已归档文件的摘要（fixity）。"

    def handle(self, *args, **options):
        made = 0
        missing = Notice.objects.filter(status__in=FROZEN_STATUSES, archive_record__isnull=True)
        for notice in missing.select_related("office__organisation"):
            copy = issued_copy_store(notice=notice)  # stored (and so archived) if it was not
            archive_record_create(notice=notice, copy=copy)
            made += 1
        unindexed = ArchiveRecord.objects.filter(search_text__isnull=True)
        for record in unindexed:  # archived while the search index could not be written
            archive_text_save(record=record)
            self.stdout.write(f"补建检索索引：{record.document_number}")
        broken = [record for record in ArchiveRecord.objects.all() if not fixity_holds(record)]
        for record in broken:
            self.stderr.write(f"摘要不符：{record.document_number}（{record.package.name}）")
        self.stdout.write(
            f"补建归档记录 {made} 份；核对 {ArchiveRecord.objects.count()} 份，{len(broken)} 份摘要不符。"
        )
        if broken:
            raise SystemExit(1)
