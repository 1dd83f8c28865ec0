"""Serving documents over HTTP: the preview page around a document template, and PDF bytes."""

from csp.constants import SELF, UNSAFE_INLINE
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.encoding import escape_uri_path

# The Content-Security-Policy of a preview page, over the app's (settings): it is framed by the
# editor on the same origin, and the document templates carry their styles inline (<style>, and
# style="" sized at render time), as WeasyPrint reads them.
PREVIEW_CSP = {"frame-ancestors": [SELF], "style-src": [SELF, UNSAFE_INLINE]}


def pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(filename)}"
    response["Cache-Control"] = "private, no-store"
    return response


def preview_response(request, template: str, context: dict, pdf_url: str) -> HttpResponse:
    """The document's own template as a page; `?embed=1` is the pane beside the editor's
    forms, without the toolbar."""
    embed = request.GET.get("embed") == "1"
    return render(request, template, {**context, "preview": True, "embed": embed, "pdf_url": pdf_url})
