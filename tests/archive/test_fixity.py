"""The archive's fixity check (verify_archive, and 核查 on the archive page): every kind of
failure found and named by document number — a file missing, a file altered, metadata altered,
a signature missing or broken, a file nobody archived — and the run recorded."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse

from archive.models import ArchiveRecord, FixityCheck
from archive.services import fixity_check_run
from documents.signing import sign_pdf
from notices.document import render_notice_pdf

from ..http import close_response

pytestmark = pytest.mark.django_db


def _verify_archive(capsys) -> tuple[int, str, str]:
    try:
        call_command("verify_archive")
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


def _overwrite(name: str, data: bytes) -> None:
    with open(default_storage.path(name), "wb") as stored:
        stored.write(data)


def test_an_intact_archive_passes_and_the_run_is_recorded(archived, capsys):
    code, out, err = _verify_archive(capsys)
    assert code == 0 and err == ""
    assert "核查归档记录 1 份：0 份有问题" in out
    check = FixityCheck.objects.get()
    assert check.ok and check.checked == 1 and check.requested_by is None


def test_a_missing_package_is_reported_by_number(archived, capsys):
    default_storage.delete(archived.package.name)
    code, _, err = _verify_archive(capsys)
    assert code == 1
    assert f"{archived.document_number}　文件缺失　{archived.package.name}" in err


def test_an_altered_package_and_altered_metadata_are_reported(archived, capsys):
    with archived.package.open("rb") as package:
        data = bytearray(package.read())
    data[1000] ^= 0x01
    _overwrite(archived.package.name, bytes(data))
    _overwrite(archived.metadata_file.name, b'{"document_number": "forged"}')
    code, _, err = _verify_archive(capsys)
    assert code == 1
    assert f"{archived.document_number}　文件被改动（摘要不符）　{archived.package.name}" in err
    assert f"{archived.document_number}　文件被改动（摘要不符）　{archived.metadata_file.name}" in err


def test_a_file_nobody_archived_is_reported(archived, capsys):
    default_storage.save("archive/2020/slipped-in.pdf", ContentFile(b"%PDF-1.7 something"))
    code, _, err = _verify_archive(capsys)
    assert code == 1 and "—　存储中多出的文件　archive/2020/slipped-in.pdf" in err


def _record_with_package(archived, data: bytes) -> ArchiveRecord:
    """A record whose package is `data`, with matching digests (as if archived that way)."""
    import hashlib

    record = ArchiveRecord(
        document_number="认可委（秘）〔2019〕1号",
        title="测试",
        year=2019,
        sha256=hashlib.sha256(data).hexdigest(),
        sha512=hashlib.sha512(data).hexdigest(),
        size=len(data),
        metadata=archived.metadata,
        metadata_sha256=archived.metadata_sha256,
        metadata_sha512=archived.metadata_sha512,
    )
    record.package.save("2019-1.pdf", ContentFile(data), save=False)
    with archived.metadata_file.open("rb") as metadata:
        record.metadata_file.save("2019-1.json", ContentFile(metadata.read()), save=False)
    record.save()
    return record


def test_an_unsigned_package_and_a_broken_signature_are_reported(archived, seed_meeting, capsys):
    unsigned = render_notice_pdf(archived.notice, archive=True)
    record = _record_with_package(archived, unsigned)
    code, _, err = _verify_archive(capsys)
    assert code == 1 and f"{record.document_number}　没有数字签名" in err

    # Signed, then changed inside the signed bytes, then archived with digests of the result:
    # the digests hold, the signature does not.
    ArchiveRecord.objects.filter(pk=record.pk)._raw_delete(ArchiveRecord.objects.db)
    signed = bytearray(sign_pdf(unsigned, reason="印发", location="北京"))
    position = bytes(signed).index(b"/Type /Page") + 1
    signed[position] ^= 0x01
    broken = _record_with_package(archived, bytes(signed))
    code, _, err = _verify_archive(capsys)
    assert code == 1 and f"{broken.document_number}　数字签名无效" in err and "signed bytes altered" in err


def test_the_archivist_runs_the_check_from_the_archive_page(client, archivist, archived, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client.force_login(archivist)
    page = client.get(reverse("archive:fixity")).content.decode()
    assert "还没有核查过" in page
    response = client.post(reverse("archive:fixity"))
    assert response.status_code == 302
    page = client.get(reverse("archive:fixity")).content.decode()
    assert "全部完好" in page and "核查归档记录 1 份" in page
    assert FixityCheck.objects.get().requested_by == archivist

    default_storage.delete(archived.metadata_file.name)
    fixity_check_run(requested_by=archivist)
    page = client.get(reverse("archive:fixity")).content.decode()
    assert "发现 1 处问题" in page and archived.document_number in page and "文件缺失" in page


def test_a_check_under_way_is_not_started_twice(client, archivist, archived, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client.force_login(archivist)
    client.post(reverse("archive:fixity"))
    client.post(reverse("archive:fixity"))
    assert FixityCheck.objects.count() == 1
    assert "核查正在进行" in client.get(reverse("archive:fixity")).content.decode()


@pytest.mark.parametrize("role", ["member", "outsider"])
def test_only_insiders_see_or_start_the_check(client, request, role, archived):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("archive:fixity")).status_code == 404
    assert client.post(reverse("archive:fixity")).status_code == 404
    assert not FixityCheck.objects.exists()


def test_the_archive_file_download_still_works(client, archivist, archived):
    client.force_login(archivist)
    response = client.get(reverse("archive:file", args=[archived.pk, "pdf"]))
    data = b"".join(response.streaming_content)
    close_response(response)
    assert data[:5] == b"%PDF-" and io.BytesIO(data).getbuffer().nbytes == archived.size


def test_a_check_the_storage_breaks_under_is_finished_with_the_error(archived, monkeypatch):
    from archive import services

    def broken(records):
        raise OSError("the bucket went away")

    monkeypatch.setattr(services, "extra_files", broken)
    with pytest.raises(OSError):
        fixity_check_run()
    check = FixityCheck.objects.get()
    assert check.finished_at is not None and not check.ok and not check.running
    assert check.problems == [{"number": "", "kind": "error", "file": "", "detail": "the bucket went away"}]


def test_a_check_whose_worker_died_does_not_block_the_next(client, archivist, archived, settings):
    import datetime

    from django.utils import timezone

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    dead = FixityCheck.objects.create(started_at=timezone.now() - datetime.timedelta(days=1))
    client.force_login(archivist)
    page = client.get(reverse("archive:fixity")).content.decode()
    assert "没有完成（可能已中断）" in page and " disabled" not in page
    client.post(reverse("archive:fixity"))
    dead.refresh_from_db()
    assert dead.finished_at is not None and dead.problems[0]["detail"] == "interrupted"
    assert FixityCheck.objects.filter(finished_at__isnull=True).count() == 1
