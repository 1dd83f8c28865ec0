"""The metadata JSON kept beside an archived package: what the document is, who issued it when,
what meeting it records — enough to find and understand it without the application."""

from django.utils.dateparse import parse_date

from attendees.models import Attendance
from minutes.composer import meeting_for_minutes
from notices.models import Notice, Retention


def record_columns(metadata: dict) -> dict:
    """The record's own columns, read from its metadata: what it is without its notice (the
    year is the document number's, the year of signing, as Notice.year)."""
    dated = metadata.get("date_signed") or metadata.get("date_issued") or ""
    return {
        "document_number": metadata["document_number"],
        "title": metadata["title"],
        "year": int(dated[:4]),
        "committee": metadata.get("committee") or "",
        "date_issued": parse_date(metadata["date_issued"]) if metadata.get("date_issued") else None,
    }


def _date(value) -> str | None:
    return value.isoformat() if value else None


def notice_metadata(notice: Notice, *, sha256: str, sha512: str, size: int) -> dict:
    meeting = meeting_for_minutes(notice.meeting_id)
    term = meeting.term  # None: a meeting of the organisation's own
    attendance: dict[str, list[str]] = {}
    for row in meeting.attendances.all():
        label = str(Attendance.Category(row.category).label)
        entry = row.display_name
        if row.absence_kind:
            entry += f"（{row.absence_reason}{row.get_absence_kind_display()}）"
        attendance.setdefault(label, []).append(entry)
    return {
        "schema": "cnas-minutes/archive-record/1",
        "document_number": notice.number,
        "title": notice.title,
        "document_type": "印发通知及会议纪要",
        "organisation": notice.office.organisation.name,
        "issuing_office": notice.office.full_name,
        "signatory": notice.signatory,
        "recipients": notice.recipients,
        "copies_to": notice.copies_to,
        "date_signed": _date(notice.date_signed),
        "date_issued": _date(notice.date_issued),
        "signed_by": notice.signed_by.get_full_name() or notice.signed_by.username
        if notice.signed_by
        else None,
        "version": notice.version,
        "supersedes": notice.supersedes.number if notice.supersedes_id else None,
        "retention": str(Retention(notice.retention).label),
        # A sitting's committee; a joint meeting's committees; blank for a conference.
        "committee": meeting.committee_label,
        "term": term.number if term else None,
        "meeting_kind": meeting.kind,
        "meeting": {
            "name": meeting.full_name,
            "minutes_title": meeting.minutes_title,
            "starts_on": _date(meeting.starts_on),
            "ends_on": _date(meeting.ends_on),
            "place": meeting.place,
            "edition": meeting.edition,
        },
        "attendance": attendance,
        "resolutions": [
            {"number": r.number, "proposal": r.proposal, "outcome": r.get_outcome_display(), "text": r.text}
            for r in meeting.resolutions.order_by("number")
        ],
        "recommendations": [
            {"number": r.number, "text": r.text} for r in meeting.recommendations.order_by("number")
        ],
        "package": {
            "media_type": "application/pdf",
            "profile": "PDF/A-2b",
            "size": size,
            "sha256": sha256,
            "sha512": sha512,
        },
    }
