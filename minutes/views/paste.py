"""Pasting a list into one of the editor's lists: 预览 shows the items as the minutes will
number them, 保存这 N 项 appends them all in one transaction.

Plain form posts, no JavaScript needed. The save posts the very text that was previewed (a
hidden copy), parsed and validated again; it carries the version the preview was made at, so
if someone changed the meeting in between, the preview is shown again with the new numbers.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from meetings import services as meeting_services
from meetings.http import attempt, posted_version
from meetings.models import Meeting
from meetings.permissions import meeting_for_editor

from .. import services
from ..paste import paste_form, paste_kind, row_forms
from .editor import editor_url, inplace, page_version, render_panel


def _page(request, meeting, kind, form, *, version, pasted=None, conflict="", status=200):
    if request.htmx:
        # In the editor: the paste box itself, open, with what was understood and the save.
        response = render(
            request,
            "minutes/editor/_paste.html",
            {
                "meeting": meeting,
                "kind": kind,
                "panel": {"slug": kind.slug, "title": kind.section.title, "paste_form": form},
                "pasted": pasted,
                "version": version,
                "conflict": conflict,
                "text": form.data.get(f"{form.prefix}-items", "") if form.is_bound else "",
                "choice": form.data.get(f"{form.prefix}-choice", "") if form.is_bound else "",
                "inplace": True,
            },
            status=status,
        )
        response["HX-Retarget"] = f"#paste-{kind.slug}"
        response["HX-Reswap"] = "outerHTML"
        return response
    return render(
        request,
        "minutes/paste.html",
        {
            "meeting": meeting,
            "kind": kind,
            "title": kind.section.title,
            "form": form,
            "pasted": pasted,
            "version": version,
            "conflict": conflict,
            "text": form.data.get(f"{form.prefix}-items", "") if form.is_bound else "",
            "choice": form.data.get(f"{form.prefix}-choice", "") if form.is_bound else "",
        },
        status=status,
    )


@inplace
@login_required
def section_paste(request, pk: int, slug: str):
    meeting = meeting_for_editor(request, pk)
    kind = paste_kind(slug)
    if kind is None:
        raise Http404
    if not meeting.is_editable:
        messages.info(
            request,
            _("“%(status)s”的会议纪要是正式记录，不能再修改。") % {"status": meeting.get_status_display()},
        )
        return redirect("minutes:preview", pk=meeting.pk)
    if request.method != "POST":
        return _page(request, meeting, kind, paste_form(kind, meeting), version=meeting.version)
    form = paste_form(kind, meeting, request.POST)
    version = posted_version(request)
    pasted = None
    if form.is_valid():
        try:
            pasted = row_forms(kind, meeting, form.cleaned_data["items"], form.cleaned_data.get("choice", ""))
        except ValidationError as error:
            form.add_error("items", error)
    if pasted is None:
        return _page(request, meeting, kind, form, version=version, status=400)
    if request.POST.get("action") != "save":
        return _page(request, meeting, kind, form, version=version, pasted=pasted)

    def on_conflict(conflict):
        # Numbers may have moved: preview again against the meeting as it is now.
        current = Meeting.objects.get(pk=meeting.pk)
        try:
            fresh = row_forms(kind, current, form.cleaned_data["items"], form.cleaned_data.get("choice", ""))
        except ValidationError as error:
            fresh = None
            form.add_error("items", error)
        message = meeting_services.conflict_message(conflict)
        return _page(
            request, current, kind, form, version=current.version, pasted=fresh, conflict=message, status=409
        )

    outcome = attempt(
        lambda: services.rows_paste(
            meeting=meeting, version=version, section=kind.section, forms=[entry.form for entry in pasted]
        ),
        request=request,
        meeting=meeting,
        form=form,
        on_conflict=on_conflict,
    )
    if outcome.response:
        return outcome.response
    if outcome.saved:
        notice = _("已添加 %(count)s 项到“%(section)s”。") % {
            "count": len(pasted),
            "section": kind.section.title,
        }
        if request.htmx:
            return render_panel(
                request,
                meeting,
                slug,
                notice=notice,
                changed=kind.section.preview_key(None),
                version=page_version(request, meeting),
            )
        messages.success(request, notice)
        return redirect(editor_url(meeting, f"sec-{slug}"))
    return _page(request, meeting, kind, form, version=version, status=400)
