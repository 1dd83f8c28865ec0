"""Writes to notices. Their lifecycle (submit, sign off, issue) comes with the sign-off work;
until then a notice is created and edited here and nowhere else (the admin only reads)."""

from django.db import transaction

from meetings.models import Meeting

from .models import IssuingOffice, Notice

EDITABLE_FIELDS = [
    "title",
    "recipients",
    "body",
    "closing_phrase",
    "signatory",
    "copies_to",
    "issued_by",
    "copies_count",
]


@transaction.atomic
def notice_create(*, office: IssuingOffice, meeting: Meeting, **fields) -> Notice:
    """A notice that issues `meeting`'s minutes from `office`."""
    notice = Notice(office=office, meeting=meeting, **fields)
    notice.full_clean()
    notice.save()
    return notice


@transaction.atomic
def notice_update(*, notice: Notice, **fields) -> Notice:
    """Change the text of a notice that is not issued yet."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(notice, name, value)
    notice.full_clean()
    notice.save(update_fields=list(fields))
    return notice
