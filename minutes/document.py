"""The minutes as an official document: the context the GB/T 9704 templates need."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from documents.rendering import document_context, render_pdf
from meetings.models import Meeting

from .composer import Minutes, meeting_for_minutes, minutes_compose

TEMPLATE = "documents/minutes.html"


def draft_mark(meeting: Meeting) -> str:
    """What every page of an unissued copy says about itself: 草稿, 未签发 or 未印发 — in the
    document's language (Chinese), whatever the reader's interface language."""
    with translation.override(settings.LANGUAGE_CODE):
        return {
            Meeting.Status.DRAFT: _("草稿"),
            Meeting.Status.REVIEW: _("未签发"),
            Meeting.Status.APPROVED: _("未印发"),
        }.get(meeting.status, "")


def _mark_lines(title: str, organisation: str) -> list[str]:
    """中国合格评定国家认可委员会 / 第四届执行委员会第二次会议纪要: the organisation on a line of
    its own when the title (generated or the secretary's) starts with it."""
    rest = title.removeprefix(organisation)
    return [organisation, rest] if rest and rest != title else [title]


def minutes_context(meeting: Meeting) -> dict:
    meeting = meeting_for_minutes(meeting.pk)
    minutes: Minutes = minutes_compose(meeting)
    organisation = meeting.organisation
    return {
        **document_context(
            title=minutes.title,
            number="",
            organisation_name=organisation.name,
            created=meeting.updated_at,
            mark_lines=_mark_lines(minutes.title, organisation.name),
        ),
        "minutes": minutes,
        "draft_mark": draft_mark(meeting),
    }


def render_minutes_pdf(meeting: Meeting, *, archive: bool = False) -> bytes:
    """The minutes of a meeting alone; an unchanged text is rendered once (document cache)."""
    return render_pdf(
        TEMPLATE, minutes_context(meeting), archive=archive, dates=[meeting.starts_on], cache=not archive
    )
