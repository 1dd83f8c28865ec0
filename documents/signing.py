"""PAdES signatures on issued PDFs, made and checked with pyHanko.

The issuing organisation's key and certificate come from a PKCS#12 file and a passphrase file
named in the settings (SIGNING_PKCS12, SIGNING_PASSPHRASE_FILE). Without one configured, `make
run` generates a clearly labelled demonstration identity under var/signing/ (demo_identity_ensure)
so that the whole path works on a fresh machine; a deployment replaces it (README, "Production").

The signature is invisible and added as an incremental update: the PDF/A-2b document before it is
left byte for byte as rendered, and pyHanko's widget defaults (print flag set, not hidden) keep the
result within PDF/A-2b. Checking reads the signature back with pyHanko's validator against the
trust roots (SIGNING_TRUST_ROOTS, or the self-signed certificates in the configured PKCS#12
bundle), without network access: no revocation information is fetched on an intranet.
"""

import asyncio
import datetime
import html
import logging
import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings

logger = logging.getLogger(__name__)

DEMO_LABEL = "演示证书，仅供试用，不具法律效力"
# DER bytes kept for the CMS signature: the signer's certificate and a chain of a few CA
# certificates fit with room to spare (the demonstration identity needs about 4 KB).
SIGNATURE_BYTES = 16384


class SigningUnavailable(Exception):
    """No usable signing identity: the PKCS#12 file or its passphrase is missing or wrong."""


@dataclass(frozen=True)
class SignatureCheck:
    """What a PDF's signature says: none there, or who signed it, when, and whether it is intact
    (the signed bytes unchanged), valid (cryptographically and by its certificate), trusted (the
    certificate chains to a trust root) and covers the whole file (nothing appended since)."""

    present: bool
    intact: bool = False
    valid: bool = False
    trusted: bool = False
    whole_file: bool = False
    signer: str = ""
    signed_at: datetime.datetime | None = None
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.present and self.intact and self.valid and self.trusted and self.whole_file

    @property
    def summary(self) -> str:
        """What is wrong, in a few words (for reports and logs)."""
        if not self.present:
            return "no signature" + (f" ({self.error})" if self.error else "")
        failed = [
            name
            for name, holds in [
                ("signed bytes altered", self.intact),
                ("signature invalid", self.valid),
                ("certificate not trusted", self.trusted),
                ("data appended after signing", self.whole_file),
            ]
            if not holds
        ]
        return "; ".join(failed or ["valid"]) + (f" ({self.error})" if self.error else "")


def _passphrase(path: Path) -> bytes | None:
    if not path.exists():
        return None
    return path.read_bytes().rstrip(b"\r\n") or None


@lru_cache(maxsize=4)
def _load(p12_path: str, passphrase_path: str, modified: float):
    from pyhanko.sign import signers

    signer = signers.SimpleSigner.load_pkcs12(p12_path, passphrase=_passphrase(Path(passphrase_path)))
    if signer is None:
        raise SigningUnavailable(f"cannot read the signing identity {p12_path} (wrong passphrase?)")
    return signer


def signer():
    """The configured signer (cached until the PKCS#12 file changes)."""
    path = Path(settings.SIGNING_PKCS12)
    try:
        modified = path.stat().st_mtime
    except OSError:
        raise SigningUnavailable(f"no signing identity at {path}") from None
    return _load(str(path), str(settings.SIGNING_PASSPHRASE_FILE), modified)


def signing_available() -> bool:
    try:
        signer()
    except SigningUnavailable:
        return False
    return True


def _off_event_loop(work):
    """Run `work()` here, or in a worker thread when this thread already runs an asyncio loop:
    pyHanko's synchronous API starts a loop of its own, which may not nest (a caller inside
    Playwright's sync API or an async server would otherwise get a RuntimeError)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return work()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()


def sign_pdf(data: bytes, *, reason: str, location: str, contact: str = "") -> bytes:
    """`data` with an invisible PAdES B-B signature appended as an incremental update."""
    return _off_event_loop(lambda: _sign(data, reason=reason, location=location, contact=contact))


def _sign(data: bytes, *, reason: str, location: str, contact: str) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(BytesIO(data), strict=False)
    # Leave the rendered XMP packet alone: pyHanko would re-serialise it when it writes, keeping
    # only the first rdf:RDF block and so dropping the archival copy's Dublin Core (number,
    # publisher, dates). The signature's revision then adds the signature and nothing else.
    writer._update_meta = lambda: None
    metadata = signers.PdfSignatureMetadata(
        field_name="IssuingOrganisation",
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
        contact_info=contact or None,
    )
    # Room for the signature reserved up front: otherwise pyHanko signs twice, once only to
    # measure it (half the time of signing, see bench/signing.py).
    out = signers.sign_pdf(writer, metadata, signer=signer(), bytes_reserved=SIGNATURE_BYTES)
    return out.getvalue()


def _trust_roots() -> list:
    """The configured roots (re-read only when a file changes: verify_archive checks thousands of
    signatures), else the self-signed certificates of the signing bundle."""
    stamps = []
    for name in settings.SIGNING_TRUST_ROOTS:
        path = Path(name)
        try:
            stamps.append((str(path), path.stat().st_mtime))
        except OSError:
            continue
    roots = list(_roots_from_files(tuple(stamps)))
    if roots:
        return roots
    try:
        bundle = signer()
    except SigningUnavailable:
        return []
    chain = [bundle.signing_cert, *bundle.cert_registry]
    return [cert for cert in chain if cert.self_signed]


@lru_cache(maxsize=4)
def _roots_from_files(stamps: tuple[tuple[str, float], ...]) -> tuple:
    return tuple(_asn1(cert) for name, _modified in stamps for cert in _pems(Path(name)))


def _asn1(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def _pems(path: Path) -> list[x509.Certificate]:
    return x509.load_pem_x509_certificates(path.read_bytes())


def signature_check(data: bytes) -> SignatureCheck:
    """Validate the last signature of a PDF with pyHanko's validator. Any PDF at all may come in
    here (an upload): what cannot be read is reported as unsigned with the reason."""
    return _off_event_loop(lambda: _check(data))


def _check(data: bytes) -> SignatureCheck:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except Exception as error:  # noqa: BLE001 - a hostile or broken upload
        return SignatureCheck(present=False, error=str(error)[:200])
    if not signatures:
        return SignatureCheck(present=False)
    context = ValidationContext(trust_roots=_trust_roots(), allow_fetching=False, revocation_mode="soft-fail")
    try:
        status = validate_pdf_signature(signatures[-1], context)
    except Exception as error:  # noqa: BLE001
        logger.warning("signature validation failed: %s", error)
        return SignatureCheck(present=True, error=str(error)[:200])
    subject = status.signing_cert.subject.native
    return SignatureCheck(
        present=True,
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        signer=subject.get("common_name") or status.signing_cert.subject.human_friendly,
        signed_at=status.signer_reported_dt,
    )


def document_identifier(data: bytes) -> str | None:
    """The document number a PDF states in its XMP metadata (dc:identifier, written by the
    renderer for issued copies); None when it states none or cannot be read."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        xmp = PdfFileReader(BytesIO(data), strict=False).root["/Metadata"].get_object().data
    except Exception:  # noqa: BLE001 - any PDF may come in here
        return None
    # pyHanko rewrites the packet when it signs: the element may carry its namespace.
    match = re.search(rb"<dc:identifier(?:\s[^>]*)?>(.*?)</dc:identifier>", xmp, re.S)
    return html.unescape(match.group(1).decode("utf-8", "replace")).strip() if match else None


# --- the demonstration identity ------------------------------------------------------------


def _name(common_name: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, DEMO_LABEL),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def demo_identity_create(p12_path: Path, passphrase_path: Path, *, organisation: str) -> None:
    """A demonstration root and a signing certificate issued by it for `organisation`, written
    as a PKCS#12 bundle (key, certificate, root) with a random passphrase in its own file, both
    readable by the owner only; the root also as PEM beside them."""
    import secrets

    now = datetime.datetime.now(datetime.UTC)
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    root_name = _name("纪要系统演示根证书（不可信）", organisation)
    root = (
        x509.CertificateBuilder()
        .subject_name(root_name)
        .issuer_name(root_name)
        .public_key(root_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365 * 30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(f"{organisation}（演示）", organisation))
        .issuer_name(root_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365 * 10))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), critical=False
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    passphrase = secrets.token_urlsafe(24).encode()
    bundle = pkcs12.serialize_key_and_certificates(
        name=b"demo-signing",
        key=key,
        cert=cert,
        cas=[root],
        encryption_algorithm=serialization.BestAvailableEncryption(passphrase),
    )
    p12_path.parent.mkdir(parents=True, exist_ok=True)
    for path, content in [
        (passphrase_path, passphrase + b"\n"),
        (p12_path, bundle),
        (p12_path.with_name("demo-root.pem"), root.public_bytes(serialization.Encoding.PEM)),
    ]:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)


def demo_identity_ensure(*, organisation: str) -> bool:
    """Create the demonstration identity when the configured one is the default path under var/
    and nothing is there yet. True when one was created."""
    p12 = Path(settings.SIGNING_PKCS12)
    if p12.exists() or p12 != Path(settings.DEMO_SIGNING_PKCS12):
        return False
    demo_identity_create(p12, Path(settings.SIGNING_PASSPHRASE_FILE), organisation=organisation)
    return True
