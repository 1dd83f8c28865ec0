"""The archive (layer 7): one record per issued notice, written once and never changed — the
issued PDF/A-2b package, a metadata JSON describing it, and their digests (DA/T 70:
authenticity, integrity). Nothing in the application alters or deletes a record."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.models import AppendOnly
from notices.models import Notice, Retention

ARCHIVE_DIRECTORY = "archive"  # where the records' files are kept in the storage


class ArchiveRecord(AppendOnly):
    Retention = Retention  # chosen on the notice before issue, copied here when archived

    # The issued notice; none for a record restored from an export (import_archive) into a
    # database that does not hold the notice. What the record is, is in its own columns.
    notice = models.OneToOneField(
        Notice,
        on_delete=models.PROTECT,
        related_name="archive_record",
        verbose_name=_("通知"),
        null=True,
        blank=True,
    )
    document_number = models.CharField(_("发文字号"), max_length=100, unique=True)
    title = models.CharField(_("标题"), max_length=300)
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    committee = models.CharField(_("委员会"), max_length=200, blank=True)
    date_issued = models.DateField(_("印发日期"), null=True, blank=True)
    retention = models.CharField(
        _("保管期限"), max_length=12, choices=Retention.choices, default=Retention.PERMANENT
    )
    package = models.FileField(_("印发文件"), upload_to=ARCHIVE_DIRECTORY + "/%Y/")
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    sha512 = models.CharField(_("SHA-512"), max_length=128)
    size = models.PositiveIntegerField(_("字节数"))
    metadata = models.JSONField(_("元数据"))
    metadata_file = models.FileField(_("元数据文件"), upload_to=ARCHIVE_DIRECTORY + "/%Y/")
    metadata_sha256 = models.CharField(_("元数据 SHA-256"), max_length=64)
    metadata_sha512 = models.CharField(_("元数据 SHA-512"), max_length=128)
    archived_at = models.DateTimeField(_("归档时间"), default=timezone.now)

    class Meta:
        verbose_name = _("归档记录")
        verbose_name_plural = _("归档记录")
        ordering = ["-archived_at", "-pk"]

    def __str__(self) -> str:
        return self.document_number

    @property
    def imported(self) -> bool:
        """Restored from an export (import_archive) into a database without its notice."""
        return self.notice_id is None


STALE_AFTER = datetime.timedelta(hours=6)  # no check of an archive takes longer


class FixityCheck(models.Model):
    """One run of the archive's fixity check (verify_archive, or 核查 on the archive page): when,
    by whom, how many records, and every problem found by document number."""

    started_at = models.DateTimeField(_("开始时间"), default=timezone.now)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("发起人"),
    )
    checked = models.PositiveIntegerField(_("核查份数"), default=0)
    problems = models.JSONField(_("问题"), default=list)

    class Meta:
        verbose_name = _("完整性核查")
        verbose_name_plural = _("完整性核查")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M}"

    @property
    def ok(self) -> bool | None:
        return None if self.finished_at is None else not self.problems

    @property
    def running(self) -> bool:
        """Under way: not finished, and started recently enough that its worker may be alive."""
        return self.finished_at is None and timezone.now() - self.started_at < STALE_AFTER


class ArchiveText(models.Model):
    """The search index of a record: its words as plain text (number, title, notice, minutes,
    resolutions, recommendations, names). Derived and rebuildable (`manage.py archive_reindex`),
    so not append-only; on PostgreSQL a pg_trgm GIN index serves substring search (0003_search)."""

    record = models.OneToOneField(
        ArchiveRecord, on_delete=models.CASCADE, related_name="search_text", verbose_name=_("归档记录")
    )
    text = models.TextField(_("检索文本"))
    indexed_at = models.DateTimeField(_("索引时间"), auto_now=True)

    class Meta:
        verbose_name = _("检索索引")
        verbose_name_plural = _("检索索引")

    def __str__(self) -> str:
        return str(self.record)
