"""The archive's search index: each record's words as one plain text (ArchiveText), written when
the record is made and rebuilt on demand (`manage.py archive_reindex`). It is derived from the
issued notice and its minutes, so it can always be thrown away and made again."""

import logging

from django.db import transaction

from minutes.composer import meeting_for_minutes, minutes_compose
from notices.models import Notice

from .models import ArchiveRecord, ArchiveText

logger = logging.getLogger(__name__)


def archive_text_compose(notice: Notice) -> str:
    """What a search should find a notice by: its number and title, the notice's text, the
    minutes as issued (composed as the PDF composes them), the resolutions and recommendations,
    and the attendees' names. One line per paragraph; words repeated across parts are harmless."""
    meeting = meeting_for_minutes(notice.meeting_id)
    minutes = minutes_compose(meeting)
    lines = [
        notice.number,
        notice.title,
        notice.recipients,
        *notice.body_paragraphs,
        notice.signatory,
        notice.copies_to,
        notice.issued_by,
        minutes.title,
        *(f"{block.label}：{block.text}" if block.label else block.text for block in minutes.blocks),
    ]
    for resolution in meeting.resolutions.all():
        lines += [resolution.proposal, resolution.text, resolution.note]
    lines += [recommendation.text for recommendation in meeting.recommendations.all()]
    for row in meeting.attendances.all():
        lines += [row.display_name, row.represented_organisation]
    return "\n".join(line.strip() for line in lines if line and line.strip())


def archive_text_from_metadata(record: ArchiveRecord) -> str:
    """The search text of a record without its notice (restored from an export): what its
    metadata says — number, title, meeting, attendees, resolutions, recommendations."""
    metadata = record.metadata
    meeting = metadata.get("meeting") or {}
    lines = [
        record.document_number,
        record.title,
        metadata.get("issuing_office", ""),
        meeting.get("minutes_title", ""),
    ]
    for names in (metadata.get("attendance") or {}).values():
        lines += names
    for resolution in metadata.get("resolutions") or []:
        lines += [resolution.get("proposal", ""), resolution.get("text", "")]
    lines += [recommendation.get("text", "") for recommendation in metadata.get("recommendations") or []]
    return "\n".join(line.strip() for line in lines if isinstance(line, str) and line.strip())


def archive_text_save(*, record: ArchiveRecord) -> ArchiveText:
    """Write (or rewrite) the search text of `record`."""
    entry = ArchiveText.objects.filter(record=record).first() or ArchiveText(record=record)
    entry.text = (
        archive_text_compose(record.notice) if record.notice_id else archive_text_from_metadata(record)
    )
    entry.full_clean()
    entry.save()
    return entry


def archive_text_save_quietly(*, record: ArchiveRecord) -> None:
    """Index a record just archived. Trouble here is logged and never undoes the archiving:
    `manage.py archive_missing` indexes the records left without a text."""
    try:
        with transaction.atomic():  # a database error must not spoil the caller's transaction
            archive_text_save(record=record)
    except Exception:
        logger.exception("indexing the archive record %s failed", record.document_number)
