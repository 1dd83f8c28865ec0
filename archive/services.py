"""Writes to the archive: the record of an issued notice, made once when its package is stored;
and the checks that tell whether a copy someone holds is one the organisation issued."""

import hashlib
import json
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import translation

from notices.models import IssuedCopy, Notice

from .index import archive_text_save_quietly
from .metadata import notice_metadata
from .models import ArchiveRecord

logger = logging.getLogger(__name__)


def _digests(data: bytes) -> tuple[str, str]:
    return hashlib.sha256(data).hexdigest(), hashlib.sha512(data).hexdigest()


def archive_record_create(*, notice: Notice, copy: IssuedCopy, data: bytes | None = None) -> ArchiveRecord:
    """The notice's archive record: the stored package, its metadata JSON, both digests. Made
    once; asking again returns the one there is."""
    existing = ArchiveRecord.objects.filter(notice=notice).first()
    if existing is not None:
        return existing
    if data is None:
        with copy.file.open("rb") as stored:
            data = stored.read()
    sha256, sha512 = _digests(data)
    if sha256 != copy.sha256:
        raise ValueError(f"the stored copy of {notice} no longer matches its SHA-256")
    with translation.override(settings.LANGUAGE_CODE):  # the record's words are Chinese
        metadata = notice_metadata(notice, sha256=sha256, sha512=sha512, size=len(data))
    encoded = json.dumps(metadata, ensure_ascii=False, indent=2, sort_keys=True).encode()
    meta256, meta512 = _digests(encoded)
    stem = f"{notice.year}-{notice.sequence}-{sha256[:12]}"
    record = ArchiveRecord(
        notice=notice,
        retention=notice.retention,
        sha256=sha256,
        sha512=sha512,
        size=len(data),
        metadata=metadata,
        metadata_sha256=meta256,
        metadata_sha512=meta512,
    )
    record.package.save(f"{stem}.pdf", ContentFile(data), save=False)
    record.metadata_file.save(f"{stem}.json", ContentFile(encoded), save=False)
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:  # made meanwhile by another process
        return ArchiveRecord.objects.get(notice=notice)
    archive_text_save_quietly(record=record)  # the search index; never blocks archiving
    return record


def on_issued_copy_stored(*, notice: Notice, copy: IssuedCopy, data: bytes) -> None:
    """Archive what was just stored. A failure here is logged and never undoes the issue or a
    download; `manage.py archive_missing` makes the records that are missing."""
    try:
        archive_record_create(notice=notice, copy=copy, data=data)
    except Exception:
        logger.exception("archiving %s failed", notice)


@dataclass(frozen=True)
class Verdict:
    """What the archive says of a copy: the record it matches (None: not an issued copy), and
    whether the archived file is still intact (its bytes still have the recorded digest)."""

    sha256: str
    record: ArchiveRecord | None
    intact: bool = False

    @property
    def authentic(self) -> bool:
        return self.record is not None and self.intact

    @property
    def superseded_by(self) -> Notice | None:
        return self.record.notice.corrected_by if self.record else None


def verify_digest(sha256: str) -> Verdict:
    sha256 = sha256.strip().lower()
    record = (
        ArchiveRecord.objects.select_related("notice__office__organisation").filter(sha256=sha256).first()
    )
    return Verdict(sha256=sha256, record=record, intact=record is not None and fixity_holds(record))


def verify_bytes(data: bytes) -> Verdict:
    return verify_digest(hashlib.sha256(data).hexdigest())


def fixity_holds(record: ArchiveRecord) -> bool:
    """The archived package and metadata still have the digests recorded when they were made."""
    try:
        with record.package.open("rb") as package:
            package_ok = _digests(package.read()) == (record.sha256, record.sha512)
        with record.metadata_file.open("rb") as metadata:
            metadata_ok = _digests(metadata.read()) == (record.metadata_sha256, record.metadata_sha512)
    except OSError:
        return False
    return package_ok and metadata_ok
