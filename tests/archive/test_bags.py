"""export_archive / import_archive: a BagIt bag (RFC 8493) of the archive, restored into an
empty archive identically; a tampered bag refused with the reason and nothing written."""

import datetime
import hashlib
import json
import zipfile

import bagit
import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from archive.models import ArchiveRecord, ArchiveText
from documents.signing import sign_pdf
from notices.document import render_notice_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_years(archived, issue_meeting):
    """The seed (2020) and a sitting issued in 2021."""
    return archived, issue_meeting(datetime.date(2021, 6, 18))


def _members(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _rewrite(path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def _empty_the_archive() -> None:
    ArchiveText.objects.all().delete()  # the search index, rebuilt by the import
    for record in ArchiveRecord.objects.all():
        default_storage.delete(record.package.name)
        default_storage.delete(record.metadata_file.name)
    ArchiveRecord.objects.all()._raw_delete(ArchiveRecord.objects.db)


def test_export_writes_a_valid_bag_with_both_manifests_and_bag_info(two_years, tmp_path):
    seed, later = two_years
    output = tmp_path / "archive-2020.zip"
    call_command("export_archive", "--year", "2020", "--output", str(output))
    with zipfile.ZipFile(output) as archive:
        archive.extractall(tmp_path / "x")
    bag = bagit.Bag(str(tmp_path / "x" / "archive-2020"))
    bag.validate()  # the bagit library's own check
    assert set(bag.algorithms) == {"sha256", "sha512"}
    assert bag.info["Source-Organization"] == "中国合格评定国家认可委员会"
    assert bag.info["Record-Count"] == "1" and bag.info["Earliest-Date-Issued"] == "2020-03-09"
    payload = sorted(bag.payload_files())
    directory = f"data/2020/{seed.sha256[:16]}"
    assert payload == [f"{directory}/archive.json", f"{directory}/document.pdf", f"{directory}/metadata.json"]
    pdf = (tmp_path / "x" / "archive-2020" / directory / "document.pdf").read_bytes()
    assert hashlib.sha512(pdf).hexdigest() == seed.sha512
    assert bag.entries[f"{directory}/document.pdf"]["sha256"] == seed.sha256
    entry = json.loads((tmp_path / "x" / "archive-2020" / directory / "archive.json").read_text())
    metadata = json.loads((tmp_path / "x" / "archive-2020" / directory / "metadata.json").read_text())
    # The number, title and dates are the digested metadata's; the record adds only its own.
    assert metadata["document_number"] == "认可委（秘）〔2020〕20号" and entry["retention"] == "permanent"
    assert entry["metadata"]["sha256"] == seed.metadata_sha256 and "document_number" not in entry

    everything = tmp_path / "all.zip"
    call_command("export_archive", "--output", str(everything))
    assert sum(name.endswith("document.pdf") for name in _members(everything)) == 2


def test_export_import_export_round_trip_is_identical(two_years, tmp_path, capsys):
    first = tmp_path / "first.zip"
    call_command("export_archive", "--output", str(first))
    numbers = set(ArchiveRecord.objects.values_list("document_number", flat=True))
    _empty_the_archive()

    call_command("import_archive", str(first))
    assert "已导入 2 份归档记录" in capsys.readouterr().out
    restored = ArchiveRecord.objects.all()
    assert {r.document_number for r in restored} == numbers
    assert all(record.imported and record.notice_id is None for record in restored)

    second = tmp_path / "first.zip"  # the same name: the bag's directory is named after the file
    first.rename(tmp_path / "kept.zip")
    call_command("export_archive", "--output", str(second))
    before, after = _members(tmp_path / "kept.zip"), _members(second)
    compared = [n for n in before if "/data/" in n or "/manifest-" in n]
    assert len(compared) == 8 and all(before[n] == after[n] for n in compared)
    assert set(before) == set(after)

    call_command("verify_archive")  # the restored archive passes its own check


def test_restored_records_are_searched_and_listed_without_their_notices(
    two_years, tmp_path, client, archivist
):
    from django.urls import reverse

    path = tmp_path / "all.zip"
    call_command("export_archive", "--output", str(path))
    _empty_the_archive()
    call_command("import_archive", str(path))
    client.force_login(archivist)
    page = client.get(reverse("archive:list"), {"q": "南存辉"}).content.decode()
    assert "找到 1 份" in page and "认可委（秘）〔2020〕20号" in page and "从归档包导入" in page
    page = client.get(reverse("archive:list"), {"year": "2021", "committee": "执行委员会"}).content.decode()
    assert "找到 1 份" in page and "认可委（秘）〔2021〕1号" in page


def _refused(path, capsys=None) -> str:
    count = ArchiveRecord.objects.count()
    stored = sorted(default_storage.listdir("archive")[0])
    with pytest.raises(CommandError) as refused:
        call_command("import_archive", str(path))
    assert ArchiveRecord.objects.count() == count  # nothing written
    assert sorted(default_storage.listdir("archive")[0]) == stored
    return str(refused.value)


@pytest.fixture
def exported(archived, tmp_path):
    path = tmp_path / "bag.zip"
    call_command("export_archive", "--output", str(path))
    return path


def test_a_number_already_archived_is_refused(exported):
    message = _refused(exported)
    assert "认可委（秘）〔2020〕20号：归档中已有这个发文字号。" in message


def test_a_bad_checksum_a_missing_and_an_extra_file_are_refused(archived, exported, tmp_path):
    _empty_the_archive()
    members = _members(exported)
    pdf = next(name for name in members if name.endswith("document.pdf"))
    altered = dict(members)
    altered[pdf] = members[pdf][:-10] + b"0123456789"
    _rewrite(tmp_path / "altered.zip", altered)
    assert "校验值不符" in _refused(tmp_path / "altered.zip") and "document.pdf" in _refused(
        tmp_path / "altered.zip"
    )

    missing = {name: data for name, data in members.items() if not name.endswith("metadata.json")}
    _rewrite(tmp_path / "missing.zip", missing)
    assert "缺少文件" in _refused(tmp_path / "missing.zip")

    extra = {**members, "bag/data/2020/notes.txt": b"added later"}
    _rewrite(tmp_path / "extra.zip", extra)
    assert "多出文件：data/2020/notes.txt" in _refused(tmp_path / "extra.zip")


def test_a_bag_whose_manifests_were_remade_still_fails_on_the_records_digests_and_signature(
    archived, exported, tmp_path
):
    # Someone changes the PDF and regenerates the bag's manifests: the bag is "valid", but the
    # record's own digests and the PDF's signature are not.
    _empty_the_archive()
    with zipfile.ZipFile(exported) as archive:
        archive.extractall(tmp_path / "x")
    bag_dir = tmp_path / "x" / "bag"
    pdf = next(bag_dir.glob("data/*/*/document.pdf"))
    data = bytearray(pdf.read_bytes())
    data[data.index(b"/Type /Page") + 1] ^= 0x01
    pdf.write_bytes(bytes(data))
    bag = bagit.Bag(str(bag_dir))
    bag.save(manifests=True)
    repacked = tmp_path / "repacked.zip"
    with zipfile.ZipFile(repacked, "w") as archive:
        for path in bag_dir.rglob("*"):
            if path.is_file():
                archive.write(path, f"bag/{path.relative_to(bag_dir).as_posix()}")
    message = _refused(repacked)
    assert "document.pdf 的摘要与记录不符" in message and "数字签名无效" in message


def test_an_unsigned_package_is_refused_even_with_matching_digests(archived, exported, tmp_path):
    _empty_the_archive()
    with zipfile.ZipFile(exported) as archive:
        archive.extractall(tmp_path / "x")
    bag_dir = tmp_path / "x" / "bag"
    pdf = next(bag_dir.glob("data/*/*/document.pdf"))
    unsigned = render_notice_pdf(archived.notice, archive=True)
    pdf.write_bytes(unsigned)
    entry_path = pdf.with_name("archive.json")
    entry = json.loads(entry_path.read_text())
    entry["package"].update(
        sha256=hashlib.sha256(unsigned).hexdigest(), sha512=hashlib.sha512(unsigned).hexdigest()
    )
    entry_path.write_text(json.dumps(entry))
    bagit.Bag(str(bag_dir)).save(manifests=True)
    repacked = tmp_path / "unsigned.zip"
    with zipfile.ZipFile(repacked, "w") as archive:
        for path in bag_dir.rglob("*"):
            if path.is_file():
                archive.write(path, f"bag/{path.relative_to(bag_dir).as_posix()}")
    assert "数字签名无效（no signature）" in _refused(repacked)
    assert sign_pdf  # the signing module stays importable alongside


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"../evil.txt": b"x"}, "不安全的路径"),
        ({"readme.txt": b"x"}, "找不到 bagit.txt"),
    ],
)
def test_unsafe_or_foreign_zips_are_refused(archived, tmp_path, members, message):
    path = tmp_path / "odd.zip"
    _rewrite(path, members)
    assert message in _refused(path)


def test_not_a_zip_and_nothing_to_export_are_clear_errors(db, tmp_path):
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"not a zip")
    with pytest.raises(CommandError, match="无法读取归档包"):
        call_command("import_archive", str(junk))
    with pytest.raises(CommandError, match="没有符合条件的归档记录"):
        call_command("export_archive", "--year", "1999", "--output", str(tmp_path / "none.zip"))
    assert not (tmp_path / "none.zip").exists()


def _repack(bag_dir, path) -> None:
    bagit.Bag(str(bag_dir)).save(manifests=True)
    with zipfile.ZipFile(path, "w") as archive:
        for file in bag_dir.rglob("*"):
            if file.is_file():
                archive.write(file, f"bag/{file.relative_to(bag_dir).as_posix()}")


def test_a_genuine_signed_pdf_under_another_number_is_refused(archived, exported, tmp_path):
    # The metadata renumbered, its digest in archive.json and the manifests remade to match: the
    # signed PDF itself still says which document it is.
    _empty_the_archive()
    with zipfile.ZipFile(exported) as archive:
        archive.extractall(tmp_path / "x")
    bag_dir = tmp_path / "x" / "bag"
    metadata_path = next(bag_dir.glob("data/*/*/metadata.json"))
    metadata = json.loads(metadata_path.read_text())
    metadata["document_number"] = "认可委（秘）〔2020〕99号"
    forged = json.dumps(metadata, ensure_ascii=False).encode()
    metadata_path.write_bytes(forged)
    entry_path = metadata_path.with_name("archive.json")
    entry = json.loads(entry_path.read_text())
    entry["metadata"].update(
        sha256=hashlib.sha256(forged).hexdigest(), sha512=hashlib.sha512(forged).hexdigest()
    )
    entry_path.write_text(json.dumps(entry))
    _repack(bag_dir, tmp_path / "renumbered.zip")
    message = _refused(tmp_path / "renumbered.zip")
    assert (
        "认可委（秘）〔2020〕99号：签名文件上的发文字号是“认可委（秘）〔2020〕20号”，与元数据不符。"
        in message
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda entry: entry.pop("archived_at"), "archive.json 无法读取"),
        (lambda entry: entry.update(archived_at="yesterday"), "记录说明无效"),
        (lambda entry: entry.update(retention="forever"), "记录说明无效"),
    ],
)
def test_an_incomplete_or_invalid_record_description_is_refused_by_name(
    archived, exported, tmp_path, change, message
):
    _empty_the_archive()
    with zipfile.ZipFile(exported) as archive:
        archive.extractall(tmp_path / "x")
    bag_dir = tmp_path / "x" / "bag"
    entry_path = next(bag_dir.glob("data/*/*/archive.json"))
    entry = json.loads(entry_path.read_text())
    change(entry)
    entry_path.write_text(json.dumps(entry))
    _repack(bag_dir, tmp_path / "changed.zip")
    assert message in _refused(tmp_path / "changed.zip")
