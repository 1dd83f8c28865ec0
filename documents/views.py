"""Preview (HTML) and download (PDF) of the notice package and the minutes."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.encoding import escape_uri_path
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET

from meetings.selectors import meetings_visible_to, notices_visible_to

from . import rendering


def _get_meeting_for_user(request, pk: int):
    # 404 rather than 403: whether a meeting exists is not for outsiders to learn.
    return get_object_or_404(meetings_visible_to(request.user), pk=pk)


def _get_notice_for_user(request, pk: int):
    return get_object_or_404(notices_visible_to(request.user), pk=pk)


def _pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(filename)}"
    response["Cache-Control"] = "private, no-store"
    return response


def _preview(request, template: str, context: dict, pdf_url: str):
    # ?embed=1: the pane beside the editor's forms, without the toolbar.
    embed = request.GET.get("embed") == "1"
    return render(request, template, {**context, "preview": True, "embed": embed, "pdf_url": pdf_url})


@xframe_options_sameorigin
@login_required
@require_GET
def minutes_preview(request, pk: int):
    meeting = _get_meeting_for_user(request, pk)
    pdf_url = reverse("documents:minutes_pdf", args=[meeting.pk])
    return _preview(request, "documents/minutes.html", rendering.minutes_context(meeting), pdf_url)


@login_required
@require_GET
def minutes_pdf(request, pk: int):
    meeting = _get_meeting_for_user(request, pk)
    return _pdf_response(rendering.render_minutes_pdf(meeting), f"{meeting.minutes_title}.pdf")


@xframe_options_sameorigin
@login_required
@require_GET
def notice_preview(request, pk: int):
    notice = _get_notice_for_user(request, pk)
    pdf_url = reverse("documents:notice_pdf", args=[notice.pk])
    return _preview(request, "documents/notice.html", rendering.notice_context(notice), pdf_url)


@login_required
@require_GET
def notice_pdf(request, pk: int):
    notice = _get_notice_for_user(request, pk)
    return _pdf_response(rendering.render_notice_pdf(notice), f"{notice.number} {notice.title}.pdf")
