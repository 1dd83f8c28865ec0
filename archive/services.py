"""Writes to the archive: the record of an issued notice, made once when its package is stored;
and the checks that tell whether a copy someone holds is one the organisation issued."""

import hashlib
import json
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from documents.signing import SignatureCheck, signature_check
from notices.models import IssuedCopy, Notice

from .index import archive_text_save_quietly
from .metadata import notice_metadata, record_columns
from .models import ARCHIVE_DIRECTORY, ArchiveRecord, FixityCheck

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
        **record_columns(metadata),
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
    """What the archive says of a copy: the record it matches (None: not an issued copy), whether
    the archived file is still intact (its bytes still have the recorded digest), and what the
    copy's signature says (None when there were no bytes to read)."""

    sha256: str
    record: ArchiveRecord | None
    intact: bool = False
    signature: SignatureCheck | None = None

    @property
    def authentic(self) -> bool:
        return self.record is not None and self.intact and self.signature is not None and self.signature.ok

    @property
    def superseded_by(self) -> str | None:
        return record_superseded_by(self.record) if self.record else None


def record_superseded_by(record: ArchiveRecord) -> str | None:
    """The number of the correction that replaced this record's document, if one was issued."""
    if record.notice_id and record.notice.corrected_by is not None:
        return record.notice.corrected_by.number
    later = ArchiveRecord.objects.filter(metadata__supersedes=record.document_number).first()
    return later.document_number if later else None


def _read(stored) -> bytes | None:
    try:
        with stored.open("rb") as handle:
            return handle.read()
    except (OSError, ValueError):
        return None


def verify_digest(sha256: str) -> Verdict:
    sha256 = sha256.strip().lower()
    record = ArchiveRecord.objects.select_related("notice").filter(sha256=sha256).first()
    if record is None:
        return Verdict(sha256=sha256, record=None)
    data = _read(record.package)
    intact = data is not None and fixity_holds(record, package=data)
    return Verdict(sha256, record, intact, signature_check(data) if data is not None else None)


def verify_bytes(data: bytes) -> Verdict:
    verdict = verify_digest(hashlib.sha256(data).hexdigest())
    if verdict.record is None:  # still say what its signature is, if it has one
        return Verdict(verdict.sha256, None, signature=signature_check(data))
    return verdict


def fixity_holds(record: ArchiveRecord, *, package: bytes | None = None) -> bool:
    """The archived package and metadata still have the digests recorded when they were made."""
    return not _digest_problems(record, package)


def _digest_problems(record: ArchiveRecord, package: bytes | None = None) -> list[tuple[str, str]]:
    problems = []
    package = package if package is not None else _read(record.package)
    if package is None:
        problems.append(("missing", record.package.name))
    elif _digests(package) != (record.sha256, record.sha512):
        problems.append(("altered", record.package.name))
    metadata = _read(record.metadata_file)
    if metadata is None:
        problems.append(("missing", record.metadata_file.name))
    elif _digests(metadata) != (record.metadata_sha256, record.metadata_sha512):
        problems.append(("altered", record.metadata_file.name))
    return problems


PROBLEM_LABELS = {
    "missing": _("文件缺失"),
    "altered": _("文件被改动（摘要不符）"),
    "unsigned": _("没有数字签名"),
    "signature": _("数字签名无效"),
    "extra": _("存储中多出的文件"),
    "error": _("核查未能完成"),
}


def record_problems(record: ArchiveRecord) -> list[dict]:
    """Everything wrong with one record: files missing or altered, signature missing or invalid."""
    package = _read(record.package)
    found = [
        {"number": record.document_number, "kind": kind, "file": name}
        for kind, name in _digest_problems(record, package)
    ]
    if package is not None:
        check = signature_check(package)
        if not check.present:
            found.append({"number": record.document_number, "kind": "unsigned", "file": record.package.name})
        elif not check.ok:
            found.append(
                {
                    "number": record.document_number,
                    "kind": "signature",
                    "file": record.package.name,
                    "detail": check.summary,
                }
            )
    return found


def _stored_files(top: str) -> list[str]:
    try:
        directories, files = default_storage.listdir(top)
    except (OSError, NotImplementedError):
        return []
    names = [f"{top}/{name}" for name in files]
    for directory in directories:
        names += _stored_files(f"{top}/{directory}")
    return names


def extra_files(records) -> list[str]:
    """Files in the archive's storage that no record names (put there by hand, or left behind)."""
    known = {name for record in records for name in (record.package.name, record.metadata_file.name)}
    return sorted(name for name in _stored_files(ARCHIVE_DIRECTORY) if name not in known)


def fixity_check_run(*, check: FixityCheck | None = None, requested_by=None) -> FixityCheck:
    """Recompute every digest and check every signature; record the run and what it found."""
    if check is None:
        check = FixityCheck.objects.create(requested_by=requested_by)
    records, problems = [], []
    try:
        records = list(ArchiveRecord.objects.order_by("year", "document_number"))
        problems = [problem for record in records for problem in record_problems(record)]
        problems += [{"number": "", "kind": "extra", "file": name} for name in extra_files(records)]
    except Exception as error:  # the storage failed under the check: say so, never "running" forever
        problems.append({"number": "", "kind": "error", "file": "", "detail": str(error)[:300]})
        raise
    finally:
        FixityCheck.objects.filter(pk=check.pk).update(
            finished_at=timezone.now(), checked=len(records), problems=problems
        )
        check.refresh_from_db()
    return check


def fixity_check_request(*, user) -> FixityCheck:
    """Start a check in the background (the task worker); one at a time."""
    from .tasks import fixity_check

    with transaction.atomic():
        unfinished = FixityCheck.objects.select_for_update().filter(finished_at__isnull=True)
        running = next((check for check in unfinished if check.running), None)
        if running is not None:
            return running
        # A run whose worker died never finishes: it is closed as interrupted, not waited for.
        unfinished.update(
            finished_at=timezone.now(),
            problems=[{"number": "", "kind": "error", "file": "", "detail": "interrupted"}],
        )
        check = FixityCheck.objects.create(requested_by=user)
        fixity_check.enqueue(check.pk)
    return check
