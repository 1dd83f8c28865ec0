"""Make sure issued PDFs can be signed: when no signing identity is configured and the default one
under var/signing/ does not exist, generate the demonstration identity there (run by `make run`
and `make test`; a no-op afterwards). A deployment configures its own (README, "Production")."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from documents.signing import SigningUnavailable, demo_identity_ensure, signer


class Command(BaseCommand):
    help = "Generate the demonstration signing certificate under var/signing/ if none is configured."

    def handle(self, *args, **options):
        if demo_identity_ensure(organisation=settings.SIGNING_DEMO_ORGANISATION):
            self.stdout.write(f"已生成演示签名证书（仅供试用）：{settings.SIGNING_PKCS12}")
        try:
            identity = signer()
        except SigningUnavailable as error:
            raise CommandError(f"签名证书不可用：{error}") from None
        if options["verbosity"] > 1:
            self.stdout.write(f"签名证书：{identity.signing_cert.subject.human_friendly}")
