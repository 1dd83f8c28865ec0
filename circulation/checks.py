"""Deployment checks of circulation (`manage.py check --deploy`)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def site_url_reachable(app_configs, **kwargs):
    """Links in the emails to members start with SITE_URL: on a server it must be the address
    members reach, not this machine's loopback."""
    url = urlsplit(settings.SITE_URL)
    if url.scheme not in ("http", "https") or url.hostname in (None, "localhost", "127.0.0.1", "::1"):
        return [
            Warning(
                f"SITE_URL is {settings.SITE_URL!r}: the links in emails to committee members would "
                "not reach the server.",
                hint="Set SITE_URL to the address members open, e.g. https://minutes.example.cn.",
                id="circulation.W001",
            )
        ]
    return []
