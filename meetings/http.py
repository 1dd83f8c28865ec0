"""One place that turns the domain's refusals into responses.

Services raise `EditConflict` (someone saved since the page was loaded), `MeetingLocked` (the
minutes are signed off or issued) and `ValidationError` (bad input). Views call `attempt`
instead of repeating the same try/except: it runs the change and says what happened.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .models import Meeting
from .services import EditConflict, MeetingLocked, conflict_message


@dataclass(frozen=True)
class Attempt:
    """The outcome of a change: saved, refused with a response, or refused with form errors."""

    saved: bool
    response: HttpResponse | None = None


def posted_version(request) -> int:
    """The meeting version the page was loaded at; a missing or garbled one matches no row, so
    the write is refused as a conflict."""
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return 0


def locked_response(request, meeting: Meeting) -> HttpResponse:
    messages.error(request, _("这次会议的纪要已签发或印发，不能再修改；如需更正，请另起新版本。"))
    return redirect("minutes:preview", pk=meeting.pk)


def _on_form(error: ValidationError, form) -> ValidationError:
    """The refusal as the form can show it: messages about fields the form has stay on them,
    the others (a model field the form does not show) become the form's own errors."""
    if not hasattr(error, "error_dict"):
        return error
    kept = {field: errors for field, errors in error.error_dict.items() if field in form.fields}
    others = [
        message
        for field, errors in error.error_dict.items()
        if field not in form.fields
        for message in errors
    ]
    if others:
        kept.setdefault("__all__", []).extend(others)
    return ValidationError(kept)


def attempt(
    change: Callable[[], object],
    *,
    request,
    meeting: Meeting,
    form=None,
    on_conflict: Callable[[EditConflict], HttpResponse] | None = None,
    fallback_url: str = "",
) -> Attempt:
    """Run `change()` and turn the domain's refusals into an outcome.

    - `MeetingLocked`: a message and the read-only preview.
    - `EditConflict`: `on_conflict(conflict)` (which re-shows the user's input beside the
      saved values), or, for changes without a form, a message and `fallback_url`.
    - `ValidationError`: put on `form` (not saved; the caller re-shows the form), or, without
      a form, a message and `fallback_url`.
    """
    try:
        change()
    except MeetingLocked:
        return Attempt(False, locked_response(request, meeting))
    except EditConflict as conflict:
        if on_conflict is not None:
            return Attempt(False, on_conflict(conflict))
        messages.error(request, conflict_message(conflict))
        return Attempt(False, redirect(fallback_url))
    except ValidationError as error:
        if form is not None:
            form.add_error(None, _on_form(error, form))
            return Attempt(False)
        for message in error.messages:
            messages.error(request, message)
        return Attempt(False, redirect(fallback_url))
    return Attempt(True)
