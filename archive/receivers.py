"""The archive's answers to the notices layer's signals."""

from django.dispatch import receiver

from notices.signals import issued_copy_stored

from .services import on_issued_copy_stored


@receiver(issued_copy_stored, dispatch_uid="archive.issued_copy_stored")
def _archive(sender, notice, copy, data, **kwargs):
    on_issued_copy_stored(notice=notice, copy=copy, data=data)
