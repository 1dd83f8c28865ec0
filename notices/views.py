"""The notice package as a document: HTML preview and PDF download."""

from django.contrib.auth.decorators import login_required
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET

from documents.http import pdf_response, preview_response

from .document import TEMPLATE, notice_context, render_notice_pdf
from .permissions import notice_for_user


@xframe_options_sameorigin
@login_required
@require_GET
def notice_preview(request, pk: int):
    notice = notice_for_user(request, pk)
    pdf_url = reverse("notices:pdf", args=[notice.pk])
    return preview_response(request, TEMPLATE, notice_context(notice), pdf_url)


@login_required
@require_GET
def notice_pdf(request, pk: int):
    notice = notice_for_user(request, pk)
    return pdf_response(render_notice_pdf(notice), f"{notice.number} {notice.title}.pdf")
