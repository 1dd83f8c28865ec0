"""The archive: a record made once per issued notice (package, metadata JSON, SHA-256 and
SHA-512), never changed; 核验 tells an issued copy from anything else, one altered byte
included; who may see the archive."""

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from archive.models import ArchiveRecord
from archive.services import archive_record_create, fixity_holds
from meetings.models import RecordFrozen
from notices import services as notice_services
from people.models import Person

from ..http import close_response

pytestmark = pytest.mark.django_db


def test_issuing_archives_the_package_with_metadata_and_digests(next_meeting, drafted_notice, walk_notice):
    meeting = next_meeting()
    meeting.resolutions.create(number=1, proposal="关于修订认可规则的提案", outcome="passed_in_principle")
    notice = walk_notice(drafted_notice(meeting))

    record = ArchiveRecord.objects.get(notice=notice)
    assert record.sha256 == notice.issued_copy.sha256 and len(record.sha512) == 128
    with record.package.open("rb") as package, notice.issued_copy.file.open("rb") as issued:
        assert package.read() == issued.read()
    with record.metadata_file.open("rb") as stored:
        metadata = json.loads(stored.read())
    assert metadata == record.metadata
    assert metadata["document_number"] == notice.number == "认可委（秘）〔2020〕21号"
    assert metadata["date_signed"] == "2020-07-01" and metadata["retention"] == "永久"
    assert metadata["attendance"] == {"出席": [metadata["attendance"]["出席"][0]]}
    assert "郎志正" in metadata["attendance"]["出席"][0]
    assert metadata["resolutions"][0]["outcome"] == "原则通过"
    assert metadata["package"]["sha512"] == record.sha512
    assert fixity_holds(record)


def test_a_record_is_never_changed_or_deleted(archived):
    archived.retention = ArchiveRecord.Retention.YEARS_10
    with pytest.raises(RecordFrozen):
        archived.save()
    with pytest.raises(RecordFrozen):
        archived.delete()
    with pytest.raises(RecordFrozen):
        ArchiveRecord.objects.update(retention="10y")
    with pytest.raises(RecordFrozen):
        ArchiveRecord.objects.all().delete()
    # Asking to archive again returns the record there is.
    assert archive_record_create(notice=archived.notice, copy=archived.notice.issued_copy) == archived


def _verify(client, **data):
    return client.post(reverse("archive:verify"), data)


def test_verify_tells_an_issued_copy_from_one_altered_by_a_byte(client, member, archived):
    client.force_login(member)
    with archived.package.open("rb") as package:
        original = package.read()
    page = _verify(client, file=SimpleUploadedFile("copy.pdf", original)).content.decode()
    assert "是本机构印发的原件" in page and archived.notice.number in page and "现行有效" in page

    altered = bytearray(original)
    altered[len(altered) // 2] ^= 0x01
    page = _verify(client, file=SimpleUploadedFile("copy.pdf", bytes(altered))).content.decode()
    assert "不是本机构印发的原件" in page

    page = _verify(client, sha256=archived.sha256.upper()).content.decode()
    assert "是本机构印发的原件" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "请上传 PDF 文件，或填写它的 SHA-256。"),
        ({"sha256": "not-a-digest"}, "SHA-256 应为 64 位十六进制数字"),
        ({"file": SimpleUploadedFile("x.pdf", b"GIF89a...")}, "这不是 PDF 文件。"),
    ],
)
def test_verify_explains_bad_input(client, member, data, message):
    client.force_login(member)
    response = _verify(client, **data)
    assert response.status_code == 400 and message in response.content.decode()


def test_a_corrected_copy_says_which_number_replaced_it(
    client, archivist, archived, secretary, signatory, django_capture_on_commit_callbacks
):
    correction = notice_services.notice_correct(notice=archived.notice, user=secretary)
    notice_services.notice_submit(notice=correction, user=secretary)
    notice_services.notice_sign_off(notice=correction, user=signatory, date_signed=datetime.date(2020, 3, 20))
    with django_capture_on_commit_callbacks(execute=True):
        correction = notice_services.notice_issue(
            notice=correction, user=secretary, date_issued=datetime.date(2020, 3, 20)
        )
    client.force_login(archivist)
    page = _verify(client, sha256=archived.sha256).content.decode()
    assert "此文件已被更正，现行有效的是 认可委（秘）〔2020〕21号" in page
    assert ArchiveRecord.objects.filter(notice=correction).exists()


def test_a_tampered_archive_file_is_reported(client, archivist, archived, capsys):
    path = archived.package.path
    with open(path, "r+b") as stored:
        stored.seek(100)
        byte = stored.read(1)
        stored.seek(100)
        stored.write(bytes([byte[0] ^ 0xFF]))
    client.force_login(archivist)
    assert "归档的文件已与记录不符" in _verify(client, sha256=archived.sha256).content.decode()
    with pytest.raises(SystemExit):
        call_command("archive_missing")
    assert "摘要不符" in capsys.readouterr().err


def test_archive_missing_makes_what_is_missing(seed_meeting, capsys):
    assert not ArchiveRecord.objects.exists()
    call_command("archive_missing")
    assert ArchiveRecord.objects.get().notice.meeting == seed_meeting
    assert "补建归档记录 1 份" in capsys.readouterr().out
    call_command("archive_missing")
    assert ArchiveRecord.objects.count() == 1


def test_who_may_see_the_archive(client, member, outsider, archivist, secretary, archived):
    urls = [
        reverse("archive:list"),
        reverse("archive:file", args=[archived.pk, "pdf"]),
        reverse("archive:file", args=[archived.pk, "json"]),
    ]

    def statuses():
        responses = [client.get(url) for url in urls]
        for response in responses:
            close_response(response)  # the files are streamed
        return [response.status_code for response in responses]

    title = archived.notice.title
    # The list opens for everyone signed in and shows what they may read: nothing for an
    # outsider, nor for a member nothing was circulated to.
    for user in (member, outsider):
        client.force_login(user)
        assert statuses() == [200, 404, 404]
        assert title not in client.get(urls[0]).content.decode()
    # Once the member is the person the seed notice was circulated to, its record is theirs too.
    Person.objects.filter(name="郎志正").update(user=member)
    for user in (member, archivist, secretary):
        client.force_login(user)
        assert statuses() == [200, 200, 200]
        assert title in client.get(urls[0]).content.decode()
    assert client.get(reverse("archive:file", args=[archived.pk, "exe"])).status_code == 404
