"""The notice package as a document: HTML preview and PDF download.

An issued package is served as stored at issue (IssuedCopy): the same bytes every time, with
its SHA-256 as ETag, so a client that has it gets 304 and nothing is rendered. A draft is
rendered from its current text, at most once per text (document cache).
"""

import logging

from csp.decorators import csp_replace
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseNotModified
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.encoding import escape_uri_path
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET

from documents.http import PREVIEW_CSP, pdf_response, preview_response
from documents.signing import SigningUnavailable

from ..document import TEMPLATE, notice_context, render_notice_pdf
from ..permissions import notice_for_user
from ..services import issued_copy_store

logger = logging.getLogger(__name__)


@xframe_options_sameorigin
@csp_replace(PREVIEW_CSP)
@login_required
@require_GET
def notice_preview(request, pk: int):
    notice = notice_for_user(request, pk)
    pdf_url = reverse("notices:pdf", args=[notice.pk])
    return preview_response(request, TEMPLATE, notice_context(notice), pdf_url)


@login_required
@require_GET
def notice_pdf(request, pk: int):
    notice = notice_for_user(request, pk, only_related=("office__organisation", "issued_copy"))
    if not notice.is_frozen:
        return pdf_response(render_notice_pdf(notice), f"{notice.title}（{notice.get_status_display()}）.pdf")
    copy = getattr(notice, "issued_copy", None)
    if copy is None:
        try:
            copy = issued_copy_store(notice=notice)
        except SigningUnavailable:  # logged; stored once signing works again
            return render(
                request, "notices/copy_missing.html", {"notice": notice, "unsigned": True}, status=503
            )
    etag = f'"{copy.sha256}"'
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
    else:
        try:
            with copy.file.open("rb") as stored:
                response = HttpResponse(stored.read(), content_type="application/pdf")
        except FileNotFoundError:
            # The record says it was stored; never render a different copy in its place.
            logger.error("Issued copy %s of notice %s is missing from storage", copy.file.name, notice.pk)
            return render(request, "notices/copy_missing.html", {"notice": notice}, status=503)
        filename = f"{notice.number}.pdf"
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(filename)}"
        response["Content-Length"] = str(copy.size)
    response["ETag"] = etag
    # Private: only those allowed may read it; an issued copy never changes, so it may be kept.
    patch_cache_control(response, private=True, max_age=3600)
    return response
