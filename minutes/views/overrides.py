"""Rewriting a generated paragraph of the minutes, and going back to the generated text."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meetings import services as meeting_services
from meetings.http import attempt, posted_version
from meetings.permissions import meeting_for_editor

from .. import services
from ..forms import override_form
from ..models import OVERRIDE_KEYS
from .editor import editor_url, inplace, render_editor


def _key(key: str) -> str:
    if key not in OVERRIDE_KEYS:
        raise Http404
    return key


@inplace
@login_required
@require_POST
def override_save(request, pk: int, key: str):
    meeting = meeting_for_editor(request, pk)
    key = _key(key)
    form = override_form(key, request.POST)
    version = posted_version(request)
    if not form.is_valid():
        if any(error.code == "required" for error in form.errors.as_data().get("text", [])):
            messages.error(request, _("改写的文字不能为空；如要恢复生成的文字，请点“恢复生成文字”。"))
        else:
            messages.error(
                request, _("改写的文字未能保存：%(reasons)s") % {"reasons": "".join(form.errors["text"])}
            )
        return render_editor(request, meeting, status=400, override_form=form, version=version)

    def conflict_response(conflict):
        messages.error(request, meeting_services.conflict_message(conflict))
        return render_editor(request, conflict.meeting, status=409, override_form=form)

    outcome = attempt(
        lambda: services.override_save(
            meeting=meeting, version=version, key=key, text=form.cleaned_data["text"]
        ),
        request=request,
        meeting=meeting,
        on_conflict=conflict_response,
    )
    if outcome.response:
        return outcome.response
    messages.success(request, _("已用您的文字替换生成的段落。"))
    return redirect(editor_url(meeting, f"override-{key}"))


@inplace
@login_required
@require_POST
def override_revert(request, pk: int, key: str):
    meeting = meeting_for_editor(request, pk)
    key = _key(key)
    url = editor_url(meeting, f"override-{key}")
    outcome = attempt(
        lambda: services.override_revert(meeting=meeting, version=posted_version(request), key=key),
        request=request,
        meeting=meeting,
        fallback_url=url,
    )
    if outcome.saved:
        messages.success(request, _("已恢复为生成的文字。"))
    return outcome.response or redirect(url)
