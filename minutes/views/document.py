"""The minutes as a document: HTML preview and PDF download."""

from csp.decorators import csp_replace
from django.contrib.auth.decorators import login_required
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET

from documents.http import PREVIEW_CSP, pdf_response, preview_response
from meetings.permissions import meeting_for_user

from ..document import TEMPLATE, minutes_context, render_minutes_pdf


@xframe_options_sameorigin
@csp_replace(PREVIEW_CSP)
@login_required
@require_GET
def minutes_preview(request, pk: int):
    meeting = meeting_for_user(request, pk)
    pdf_url = reverse("minutes:pdf", args=[meeting.pk])
    return preview_response(request, TEMPLATE, minutes_context(meeting), pdf_url)


@login_required
@require_GET
def minutes_pdf(request, pk: int):
    meeting = meeting_for_user(request, pk)
    return pdf_response(render_minutes_pdf(meeting), f"{meeting.minutes_title}.pdf")
