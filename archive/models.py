"""The archive (layer 7): one record per issued notice, written once and never changed — the
issued PDF/A-2b package, a metadata JSON describing it, and their digests (DA/T 70:
authenticity, integrity). Nothing in the application alters or deletes a record."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from meetings.models import RecordFrozen
from notices.models import Notice, Retention


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise RecordFrozen()

    update.queryset_only = True

    def delete(self):
        raise RecordFrozen()

    delete.queryset_only = True


class ArchiveRecord(models.Model):
    Retention = Retention  # chosen on the notice before issue, copied here when archived

    notice = models.OneToOneField(
        Notice, on_delete=models.PROTECT, related_name="archive_record", verbose_name=_("通知")
    )
    retention = models.CharField(
        _("保管期限"), max_length=12, choices=Retention.choices, default=Retention.PERMANENT
    )
    package = models.FileField(_("印发文件"), upload_to="archive/%Y/")
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    sha512 = models.CharField(_("SHA-512"), max_length=128)
    size = models.PositiveIntegerField(_("字节数"))
    metadata = models.JSONField(_("元数据"))
    metadata_file = models.FileField(_("元数据文件"), upload_to="archive/%Y/")
    metadata_sha256 = models.CharField(_("元数据 SHA-256"), max_length=64)
    metadata_sha512 = models.CharField(_("元数据 SHA-512"), max_length=128)
    archived_at = models.DateTimeField(_("归档时间"), auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("归档记录")
        verbose_name_plural = _("归档记录")
        ordering = ["-archived_at", "-pk"]

    def __str__(self) -> str:
        return str(self.notice)

    def save(self, *args, **kwargs):
        if self.pk:
            raise RecordFrozen(self)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RecordFrozen(self)


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
