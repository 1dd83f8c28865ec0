"""The archive moved out and back in as BagIt bags (RFC 8493, made and validated by the `bagit`
library), zipped.

A bag holds, under data/<year>/<first 16 hex digits of the package's SHA-256>/, each record's
issued package (document.pdf), its metadata JSON exactly as archived (metadata.json) and the
record's own columns and digests (archive.json); SHA-256 and SHA-512 manifests of all of them;
and bag-info.txt naming the source organisation, the dates and the counts. Exports stream each
file from the storage to disk (memory stays flat whatever the size). An import validates the
whole bag first — its manifests, every record's digests and signature, numbers already in the
archive — and writes nothing unless everything holds.
"""

import json
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

import bagit
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.dateparse import parse_datetime
from tqdm import tqdm

from documents.signing import document_identifier, signature_check

from .index import archive_text_save_quietly
from .metadata import record_columns
from .models import ArchiveRecord
from .services import _digests

PACKAGE, METADATA, RECORD = "document.pdf", "metadata.json", "archive.json"
CHECKSUMS = ["sha256", "sha512"]
CHUNK = 1024 * 1024


class BagRefused(Exception):
    """An import refused, with every reason found (in Chinese, for the archivist)."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def _progress(items: Iterable, total: int, description: str):
    """A progress bar on a terminal; nothing when the output is a file or a pipe."""
    quiet = not sys.stderr.isatty()
    return tqdm(items, total=total, desc=description, unit="份", file=sys.stderr, disable=quiet)


def records_for_export(*, year: int | None = None, committee: str = "") -> QuerySet[ArchiveRecord]:
    records = ArchiveRecord.objects.order_by("year", "document_number", "pk")
    if year is not None:
        records = records.filter(year=year)
    if committee:
        records = records.filter(committee__contains=committee)
    return records


def _record_entry(record: ArchiveRecord) -> dict:
    """What the record adds to its metadata: when it was archived, how long it is kept, and the
    metadata's own digests (the package's are in the metadata; number, title and dates too)."""
    return {
        "retention": record.retention,
        "archived_at": record.archived_at.isoformat(),
        "package": {"file": PACKAGE},
        "metadata": {"file": METADATA, "sha256": record.metadata_sha256, "sha512": record.metadata_sha512},
    }


def _copy(stored, target: Path) -> None:
    with stored.open("rb") as source, open(target, "wb") as out:
        shutil.copyfileobj(source, out, CHUNK)


def _json_bytes(value: dict) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True).encode() + b"\n"


def bag_export(records: QuerySet[ArchiveRecord], output: Path, *, description: str = "") -> int:
    """Write `records` as a zipped bag at `output` (replaced only once complete); the count."""
    total = records.count()
    if not total:
        raise BagRefused(["没有符合条件的归档记录，未生成归档包。"])
    output = output.resolve()
    with tempfile.TemporaryDirectory(prefix=".export-", dir=output.parent) as work:
        bag_dir = Path(work) / output.stem
        bag_dir.mkdir()
        organisations, dates = set(), []
        for record in _progress(records.iterator(chunk_size=200), total, "导出"):
            directory = bag_dir / str(record.year) / record.sha256[:16]
            directory.mkdir(parents=True)
            _copy(record.package, directory / PACKAGE)
            _copy(record.metadata_file, directory / METADATA)
            (directory / RECORD).write_bytes(_json_bytes(_record_entry(record)))
            organisations.add(record.metadata.get("organisation", ""))
            dates.append(record.date_issued.isoformat() if record.date_issued else "")
        dated = sorted(date for date in dates if date)
        info = {
            "Source-Organization": "；".join(sorted(name for name in organisations if name)),
            "External-Description": description or "会议纪要及印发通知的归档记录（印发文件、元数据、摘要）",
            "External-Identifier": output.name,
            "Record-Count": str(total),
            "Earliest-Date-Issued": dated[0] if dated else "",
            "Latest-Date-Issued": dated[-1] if dated else "",
        }
        bagit.make_bag(str(bag_dir), {k: v for k, v in info.items() if v}, processes=1, checksums=CHECKSUMS)
        partial = Path(work) / "bag.zip"
        with zipfile.ZipFile(partial, "w", allowZip64=True) as archive:
            for path in sorted(p for p in bag_dir.rglob("*") if p.is_file()):
                compression = zipfile.ZIP_STORED if path.suffix == ".pdf" else zipfile.ZIP_DEFLATED
                archive.write(path, str(PurePosixPath(output.stem) / path.relative_to(bag_dir)), compression)
        partial.replace(output)
    return total


def _extract(zip_path: Path, work: Path) -> Path:
    try:
        archive = zipfile.ZipFile(zip_path)
    except (OSError, zipfile.BadZipFile) as error:
        raise BagRefused([f"无法读取归档包：{error}"]) from None
    with archive:
        for member in archive.infolist():
            name = PurePosixPath(member.filename)
            symlink = (member.external_attr >> 16) & 0o170000 == 0o120000
            if name.is_absolute() or ".." in name.parts or symlink:
                raise BagRefused([f"归档包中有不安全的路径：{member.filename}"])
        archive.extractall(work)
    tops = [p for p in work.iterdir()]
    if (work / "bagit.txt").exists():
        return work
    if len(tops) == 1 and (tops[0] / "bagit.txt").exists():
        return tops[0]
    raise BagRefused(["这不是 BagIt 归档包：找不到 bagit.txt。"])


def _bag_problems(bag_dir: Path) -> list[str]:
    try:
        bag = bagit.Bag(str(bag_dir))
        # Missing and extra files first, each named (the library's own first check, the
        # Payload-Oxum count, would only say that the numbers differ).
        missing, extra = bag.compare_manifests_with_fs()
        if missing or extra:
            return [f"缺少文件：{path}" for path in sorted(missing)] + [
                f"多出文件：{path}" for path in sorted(extra)
            ]
        bag.validate(processes=1)
    except bagit.BagValidationError as error:
        problems = []
        for detail in error.details or []:
            if isinstance(detail, bagit.ChecksumMismatch):
                problems.append(f"校验值不符：{detail.path}（{detail.algorithm}）")
            elif isinstance(detail, bagit.FileMissing):
                problems.append(f"缺少文件：{detail.path}")
            elif isinstance(detail, bagit.UnexpectedFile):
                problems.append(f"多出文件：{detail.path}")
            else:
                problems.append(str(detail))
        return problems or [f"归档包无效：{error.message}"]
    except bagit.BagError as error:
        return [f"归档包无效：{error}"]
    return []


def _entry_record(directory: Path, where: str) -> tuple[ArchiveRecord | None, list[str]]:
    """The record a bag directory describes, checked: its metadata against the digests in
    archive.json, the package against the digests in the metadata, the package's signature, the
    number the signed PDF states against the metadata's, and every column as the model wants it.
    The record's number, title and dates come from the digested metadata, never from archive.json."""
    try:
        entry = json.loads((directory / RECORD).read_bytes())
        metadata_digests = (entry["metadata"]["sha256"], entry["metadata"]["sha512"])
        retention, archived_at = entry["retention"], parse_datetime(entry["archived_at"])
    except (ValueError, KeyError, TypeError):
        return None, [f"{where}：{RECORD} 无法读取。"]
    missing = [name for name in (METADATA, PACKAGE) if not (directory / name).exists()]
    if missing:
        return None, [f"{where}：缺少 {name}。" for name in missing]
    metadata_bytes = (directory / METADATA).read_bytes()
    if _digests(metadata_bytes) != metadata_digests:
        return None, [f"{where}：{METADATA} 的摘要与记录不符。"]
    try:
        metadata = json.loads(metadata_bytes)
        columns = record_columns(metadata)
        package = metadata["package"]
        package_digests = (package["sha256"], package["sha512"])
    except (ValueError, KeyError, TypeError):
        return None, [f"{where}：{METADATA} 无法读取。"]
    number, data, problems = columns["document_number"], (directory / PACKAGE).read_bytes(), []
    if _digests(data) != package_digests:
        problems.append(f"{number}：{PACKAGE} 的摘要与记录不符。")
    check = signature_check(data)
    if not check.ok:
        problems.append(f"{number}：数字签名无效（{check.summary}）。")
    elif (stated := document_identifier(data)) != number:
        problems.append(f"{number}：签名文件上的发文字号是“{stated or '无'}”，与元数据不符。")
    record = ArchiveRecord(
        **columns,
        retention=retention,
        archived_at=archived_at,
        sha256=package_digests[0],
        sha512=package_digests[1],
        size=len(data),
        metadata=metadata,
        metadata_sha256=metadata_digests[0],
        metadata_sha512=metadata_digests[1],
    )
    try:
        record.full_clean(exclude=["notice", "package", "metadata_file"], validate_unique=False)
    except ValidationError as error:
        problems.append(f"{number}：记录说明无效（{'；'.join(error.messages)}）。")
    return (None if problems else record), problems


def _entries(bag_dir: Path) -> tuple[list[tuple[Path, ArchiveRecord]], list[str]]:
    entries, problems = [], []
    for record_file in sorted((bag_dir / "data").glob(f"*/*/{RECORD}")):
        directory = record_file.parent
        record, found = _entry_record(directory, directory.relative_to(bag_dir).as_posix())
        problems += found
        if record is not None:
            entries.append((directory, record))
    if not entries and not problems:
        problems.append("归档包中没有归档记录。")
    return entries, problems


def bag_import(zip_path: Path) -> list[ArchiveRecord]:
    """Validate the bag at `zip_path` completely, then restore its records; BagRefused (with
    every reason) and nothing written when anything is wrong."""
    with tempfile.TemporaryDirectory(prefix=".import-") as work:
        bag_dir = _extract(Path(zip_path), Path(work))
        problems = _bag_problems(bag_dir)
        entries, entry_problems = _entries(bag_dir) if not problems else ([], [])
        problems += entry_problems
        numbers = [record.document_number for _, record in entries]
        repeated = sorted({number for number in numbers if numbers.count(number) > 1})
        problems += [f"{number}：归档包中出现不止一次。" for number in repeated]
        existing = ArchiveRecord.objects.filter(document_number__in=numbers).values_list(
            "document_number", flat=True
        )
        problems += [f"{number}：归档中已有这个发文字号。" for number in sorted(existing)]
        if problems:
            raise BagRefused(problems)
        return _restore(entries)


def _restore(entries: list[tuple[Path, ArchiveRecord]]) -> list[ArchiveRecord]:
    stored: list = []
    try:
        with transaction.atomic():
            for directory, record in _progress(entries, len(entries), "导入"):
                stem = f"{record.year}-{record.sha256[:16]}"
                with open(directory / PACKAGE, "rb") as package:
                    record.package.save(f"{stem}.pdf", File(package), save=False)
                stored.append(record.package)
                with open(directory / METADATA, "rb") as metadata:
                    record.metadata_file.save(f"{stem}.json", File(metadata), save=False)
                stored.append(record.metadata_file)
                record.save()
                archive_text_save_quietly(record=record)
            return [record for _, record in entries]
    except IntegrityError:  # a number archived meanwhile by another process
        _remove(stored)
        raise BagRefused(["导入时归档中出现了相同的发文字号，未导入任何记录。"]) from None
    except BaseException:
        _remove(stored)
        raise


def _remove(stored: list) -> None:
    for field in stored:
        field.storage.delete(field.name)
