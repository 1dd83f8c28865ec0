"""`manage.py prepare_signing` (run by make run): a demonstration identity when none is
configured, once; a clear refusal when the configured one cannot be read."""

import pytest
from django.core.management import CommandError, call_command

from documents.signing import signer


def test_makes_the_demo_identity_once_and_only_at_the_default_path(settings, tmp_path, capsys):
    settings.DEMO_SIGNING_PKCS12 = settings.SIGNING_PKCS12 = tmp_path / "signing" / "demo-signing.p12"
    settings.SIGNING_PASSPHRASE_FILE = tmp_path / "signing" / "demo-signing.pass"
    call_command("prepare_signing")
    assert "已生成演示签名证书" in capsys.readouterr().out
    made = settings.SIGNING_PKCS12.read_bytes()
    assert (settings.SIGNING_PKCS12.stat().st_mode & 0o777) == 0o600
    assert "演示" in signer().signing_cert.subject.human_friendly
    call_command("prepare_signing")
    assert capsys.readouterr().out == "" and settings.SIGNING_PKCS12.read_bytes() == made


def test_a_configured_identity_that_is_missing_is_refused_not_replaced(settings, tmp_path):
    settings.SIGNING_PKCS12 = tmp_path / "organisation.p12"
    with pytest.raises(CommandError, match="签名证书不可用"):
        call_command("prepare_signing")
    assert not settings.SIGNING_PKCS12.exists()
