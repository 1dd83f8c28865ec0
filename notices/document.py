"""The notice package as an official document: the notice followed by the minutes it issues."""

from documents.rendering import document_context, render_pdf
from minutes.composer import meeting_for_minutes, minutes_compose
from minutes.document import draft_mark

from .models import Notice

TEMPLATE = "documents/notice.html"


def notice_context(notice: Notice) -> dict:
    meeting = meeting_for_minutes(notice.meeting_id)
    organisation = notice.office.organisation
    return {
        **document_context(
            title=notice.title,
            number=notice.number,
            organisation_name=organisation.name,
            created=notice.created_at,
            mark_lines=[organisation.issuer_mark_text],
        ),
        "notice": notice,
        "minutes": minutes_compose(meeting),
        "draft_mark": "" if notice.is_frozen else draft_mark(meeting),
    }


def render_notice_pdf(notice: Notice, *, archive: bool = False) -> bytes:
    """The notice with the minutes it issues, as one PDF (the package). Issued packages are
    rendered once, at issue, and served from their IssuedCopy; this renders drafts (cached
    by their text) and the issued copy itself."""
    dates = [d for d in (notice.date_signed, notice.date_issued) if d]
    return render_pdf(TEMPLATE, notice_context(notice), archive=archive, dates=dates, cache=not archive)
