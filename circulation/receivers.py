"""Circulation's answers to the notices layer's signals."""

from django.dispatch import receiver

from notices.signals import notice_issuing

from .services import on_notice_issuing


@receiver(notice_issuing, dispatch_uid="circulation.notice_issuing")
def _fix_and_send(sender, notice, user, **kwargs):
    on_notice_issuing(notice=notice, user=user)
