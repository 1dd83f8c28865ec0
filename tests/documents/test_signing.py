"""The organisation's PAdES signature on issued PDFs: made when the copy is stored, checked with
pyHanko's own validator (not only through documents.signing), still PDF/A-2b, and any change to
the signed bytes or anything appended after them shows."""

import datetime
import io

import pytest
from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from django.core.exceptions import ValidationError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from documents.signing import demo_identity_create, document_identifier, sign_pdf, signature_check
from notices import services as notice_services
from notices.document import render_notice_pdf
from notices.models import IssuedCopy, Notice
from notices.services import issued_copy_store

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_notice(seed_meeting):
    return Notice.objects.get(meeting=seed_meeting)


@pytest.fixture
def signed(seed_notice):
    copy = issued_copy_store(notice=seed_notice)
    with copy.file.open("rb") as stored:
        return stored.read()


def _root(signing_identity):
    data = signing_identity[0].with_name("demo-root.pem").read_bytes()
    return asn1_x509.Certificate.load(pem.unarmor(data)[2])


def test_the_stored_copy_carries_a_pades_signature_pyhankos_validator_accepts(signed, signing_identity):
    reader = PdfFileReader(io.BytesIO(signed))
    (signature,) = reader.embedded_signatures
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES, not adbe.pkcs7
    status = validate_pdf_signature(
        signature, ValidationContext(trust_roots=[_root(signing_identity)], allow_fetching=False)
    )
    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert "中国合格评定国家认可委员会" in status.signing_cert.subject.human_friendly
    assert "演示" in status.signing_cert.subject.human_friendly  # the demo certificate says what it is
    assert signature.sig_object["/Reason"] == "印发 认可委（秘）〔2020〕20号"

    check = signature_check(signed)
    assert check.ok and check.signer == "中国合格评定国家认可委员会（演示）"
    assert abs(check.signed_at - datetime.datetime.now(datetime.UTC)) < datetime.timedelta(minutes=5)


def test_the_signed_copy_is_still_pdf_a_2b_and_keeps_the_rendered_document_intact(seed_notice, signed):
    rendered = render_notice_pdf(seed_notice, archive=True)
    # An incremental update: the rendered document is left byte for byte as it was.
    assert sign_pdf(rendered, reason="印发", location="北京").startswith(rendered)
    reader = PdfReader(io.BytesIO(signed))
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="2"' in xmp and 'pdfaid:conformance="B"' in xmp
    # The archival Dublin Core survives the signature (pyHanko would rewrite the packet).
    assert "<dc:identifier>认可委（秘）〔2020〕20号</dc:identifier>" in xmp
    assert "<rdf:li>中国合格评定国家认可委员会</rdf:li>" in xmp and "<rdf:li>2020-03-09</rdf:li>" in xmp
    assert document_identifier(signed) == "认可委（秘）〔2020〕20号"
    assert "/OutputIntents" in root and root["/Lang"] == "zh-CN"
    widget = root["/AcroForm"]["/Fields"][0].get_object()
    assert widget["/FT"] == "/Sig" and widget["/Subtype"] == "/Widget"
    flags = widget["/F"]
    assert flags & 4 and not flags & 2 and not flags & 32  # printed, not hidden, not NoView (PDF/A)
    assert "/Encrypt" not in reader.trailer and reader.trailer.get("/ID")
    assert len(reader.pages) == 6


def test_one_altered_byte_in_the_signed_range_breaks_the_signature(signed):
    position = signed.index(b"/Type /Page") + 1  # inside the signed first revision
    altered = signed[:position] + bytes([signed[position] ^ 0x01]) + signed[position + 1 :]
    check = signature_check(altered)
    assert check.present and not check.intact and not check.ok


def test_anything_appended_after_the_signature_shows(signed):
    check = signature_check(signed + b"\n% appended\n")
    assert check.present and check.intact and not check.whole_file and not check.ok


def test_a_pdf_without_a_signature_and_something_that_is_no_pdf(seed_notice):
    unsigned = signature_check(render_notice_pdf(seed_notice, archive=True))
    assert not unsigned.present and not unsigned.ok and not unsigned.error
    garbage = signature_check(b"%PDF-1.7\n\x00\x01 not a real document")
    assert not garbage.present and not garbage.ok


def test_a_signature_from_another_root_is_not_trusted(seed_notice, tmp_path, settings):
    other_p12, other_pass = tmp_path / "other.p12", tmp_path / "other.pass"
    demo_identity_create(other_p12, other_pass, organisation="冒名机构")
    trusted_bundle = settings.SIGNING_PKCS12, settings.SIGNING_PASSPHRASE_FILE
    settings.SIGNING_PKCS12, settings.SIGNING_PASSPHRASE_FILE = other_p12, other_pass
    forged = sign_pdf(render_notice_pdf(seed_notice, archive=True), reason="印发", location="北京")
    settings.SIGNING_PKCS12, settings.SIGNING_PASSPHRASE_FILE = trusted_bundle
    check = signature_check(forged)
    assert check.present and check.intact and not check.trusted and not check.ok


def test_without_a_signing_identity_nothing_is_issued(
    next_meeting, drafted_notice, walk_notice, secretary, settings, tmp_path
):
    notice = walk_notice(drafted_notice(next_meeting()), issue=False)
    settings.SIGNING_PKCS12 = tmp_path / "absent.p12"

    with pytest.raises(ValidationError, match="签名证书不可用"):
        notice_services.notice_issue(notice=notice, user=secretary)
    notice.refresh_from_db()
    assert notice.status == Notice.Status.SIGNED and notice.sequence is None
    assert not IssuedCopy.objects.filter(notice=notice).exists()


def test_a_wrong_passphrase_makes_signing_unavailable(settings, tmp_path):
    from documents.signing import signing_available

    wrong = tmp_path / "wrong.pass"
    wrong.write_text("not-the-passphrase\n")
    settings.SIGNING_PASSPHRASE_FILE = wrong
    assert not signing_available()


def test_signing_and_checking_work_inside_a_running_event_loop(seed_notice):
    # pyHanko runs a loop of its own; a caller already inside one (an async server, Playwright's
    # sync API in tests) must still get a signature rather than "cannot be called from a running
    # event loop".
    import asyncio

    rendered = render_notice_pdf(seed_notice, archive=True)

    async def inside():
        signed = sign_pdf(rendered, reason="印发", location="北京")
        return signature_check(signed)

    assert asyncio.run(inside()).ok


def test_a_copy_that_cannot_be_signed_after_the_issue_is_logged_not_raised(
    next_meeting, drafted_notice, walk_notice, monkeypatch
):
    # The identity broke between the check before issuing and the signature after the commit:
    # the notice stays issued with its number, no unsigned copy is kept, and nothing raises.
    from documents.signing import SigningUnavailable

    def broken(*args, **kwargs):
        raise SigningUnavailable("the token was unplugged")

    monkeypatch.setattr(notice_services, "sign_pdf", broken)
    notice = walk_notice(drafted_notice(next_meeting()))
    notice.refresh_from_db()
    assert notice.status == Notice.Status.ISSUED and notice.sequence
    assert not IssuedCopy.objects.filter(notice=notice).exists()
