"""Writes of the minutes' own records: the secretariat's rewrites of generated paragraphs."""

from django.db import transaction

from meetings.models import Meeting
from meetings.services import meeting_version_bump

from .models import MinutesOverride


@transaction.atomic
def override_save(*, meeting: Meeting, version: int | None, key: str, text: str) -> MinutesOverride:
    """Replace a generated paragraph with the secretariat's own text."""
    if key not in MinutesOverride.Key.values:
        raise ValueError(key)
    meeting_version_bump(meeting=meeting, version=version)
    override, _created = MinutesOverride.objects.update_or_create(
        meeting=meeting, key=key, defaults={"text": text.strip()}
    )
    return override


@transaction.atomic
def override_revert(*, meeting: Meeting, version: int | None, key: str) -> None:
    """Go back to the generated text of a paragraph."""
    meeting_version_bump(meeting=meeting, version=version)
    MinutesOverride.objects.filter(meeting=meeting, key=key).delete()
