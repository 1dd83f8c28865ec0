"""Deployment checks of the document engine (`manage.py check --deploy`)."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def real_signing_identity(app_configs, **kwargs):
    """Issued PDFs carry the organisation's signature: a server must not sign with the
    demonstration certificate `make run` generates."""
    if Path(settings.SIGNING_PKCS12) == Path(settings.DEMO_SIGNING_PKCS12):
        return [
            Warning(
                "Issued PDFs are signed with the demonstration certificate under var/signing/.",
                hint="Set SIGNING_PKCS12 and SIGNING_PASSPHRASE_FILE to the organisation's certificate "
                "(.env.production.example).",
                id="documents.W001",
            )
        ]
    return []
