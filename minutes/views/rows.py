"""Adding, editing, deleting and moving the rows of the editor's lists, and the attendance
shortcuts (the committee's members in one click, several attendees' category at once)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from attendees import services as attendee_services
from attendees.forms import AttendanceBulkForm
from meetings import services
from meetings.http import attempt, posted_version
from meetings.permissions import meeting_for_editor

from ..sections import SECTIONS
from .editor import editor_url, render_conflict, render_editor


def _section(slug: str):
    section = SECTIONS.get(slug)
    if section is None:
        raise Http404
    return section


def _gone(request, meeting, slug: str):
    messages.warning(request, _("该条目已不存在，可能已被他人删除。"))
    return redirect(editor_url(meeting, f"sec-{slug}"))


def _gone_keep_input(request, meeting, section, slug: str):
    """An edit posted for a row deleted meanwhile (another window, another user): say so, and
    keep what was typed in the section's new-row form, to be saved as a new row or dropped."""
    edit_prefix, add_prefix = f"edit-{slug}-", f"{slug}-"
    kept = QueryDict(mutable=True)
    for key in request.POST:
        if key.startswith(edit_prefix):
            kept.setlist(add_prefix + key[len(edit_prefix) :], request.POST.getlist(key))
    form = section.form_class(kept, prefix=slug, instance=section.new_instance(meeting))
    messages.warning(
        request,
        _("该条目已不存在，可能已被他人删除。您的输入已保留在下方“%(section)s”的新增表单中，可另存为新条目。")
        % {"section": section.title},
    )
    return render_editor(request, meeting, status=409, add_form=form)


@login_required
@require_POST
def section_add(request, pk: int, slug: str):
    meeting = meeting_for_editor(request, pk)
    section = _section(slug)
    form = section.form_class(request.POST, prefix=slug, instance=section.new_instance(meeting))
    if form.is_valid():
        outcome = attempt(
            lambda: section.save(meeting=meeting, version=None, form=form),
            request=request,
            meeting=meeting,
            form=form,
        )
        if outcome.response:
            return outcome.response
        if outcome.saved:
            messages.success(request, _("已添加到“%(section)s”。") % {"section": section.title})
            return redirect(editor_url(meeting, f"sec-{slug}"))
    return render_editor(request, meeting, status=400, add_form=form)


@login_required
def section_edit(request, pk: int, slug: str, row_pk: int):
    meeting = meeting_for_editor(request, pk)
    section = _section(slug)
    row = section.rows(meeting).filter(pk=row_pk).first()
    if row is None:
        # Deleted meanwhile: the explanation wins over a bare 404, and posted input is kept.
        return (
            _gone_keep_input(request, meeting, section, slug)
            if request.method == "POST"
            else _gone(request, meeting, slug)
        )
    if request.method != "POST":
        return redirect(f"{editor_url(meeting)}?edit={slug}-{row.pk}#row-{slug}-{row.pk}")
    form = section.form_class(request.POST, prefix=f"edit-{slug}", instance=row)
    editing = f"{slug}-{row.pk}"
    version = posted_version(request)

    def conflict_response(conflict):
        saved = section.rows(meeting).filter(pk=row.pk).first()
        if saved is None:
            return _gone_keep_input(request, meeting, section, slug)
        changes = services.changes_between(saved, form.cleaned_data, section.fields)
        return render_conflict(request, conflict, changes, edit_form=form, editing=editing)

    if form.is_valid():
        outcome = attempt(
            lambda: section.save(meeting=meeting, version=version, form=form),
            request=request,
            meeting=meeting,
            form=form,
            on_conflict=conflict_response,
        )
        if outcome.response:
            return outcome.response
        if outcome.saved:
            messages.success(request, _("已保存。"))
            return redirect(editor_url(meeting, f"row-{slug}-{row.pk}"))
    return render_editor(request, meeting, status=400, edit_form=form, editing=editing, version=version)


@login_required
@require_POST
def section_delete(request, pk: int, slug: str, row_pk: int):
    meeting = meeting_for_editor(request, pk)
    section = _section(slug)
    row = section.rows(meeting).filter(pk=row_pk).first()
    if row is None:
        return _gone(request, meeting, slug)
    siblings = section.siblings(meeting, row)
    anchor = editor_url(meeting, f"sec-{slug}")
    outcome = attempt(
        lambda: section.delete(meeting=meeting, version=posted_version(request), row=row, siblings=siblings),
        request=request,
        meeting=meeting,
        fallback_url=anchor,
    )
    if outcome.saved:
        messages.success(request, _("已删除。"))
    return outcome.response or redirect(anchor)


@login_required
@require_POST
def section_move(request, pk: int, slug: str, row_pk: int, direction: str):
    meeting = meeting_for_editor(request, pk)
    section = _section(slug)
    row = get_object_or_404(section.rows(meeting), pk=row_pk)
    return _move(request, meeting, row, section.siblings(meeting, row), direction, f"row-{slug}-{row.pk}")


@login_required
@require_POST
def speech_move(request, pk: int, speech_pk: int, direction: str):
    meeting = meeting_for_editor(request, pk)
    speech = get_object_or_404(meeting.speeches, pk=speech_pk)
    return _move(request, meeting, speech, meeting.speeches.all(), direction, "sec-paragraph")


def _move(request, meeting, row, siblings, direction: str, anchor: str):
    url = editor_url(meeting, anchor)
    outcome = attempt(
        lambda: services.row_move(
            meeting=meeting,
            version=posted_version(request),
            row=row,
            siblings=siblings,
            step=-1 if direction == "up" else 1,
        ),
        request=request,
        meeting=meeting,
        fallback_url=url,
    )
    return outcome.response or redirect(url)


@login_required
@require_POST
def attendance_from_members(request, pk: int):
    meeting = meeting_for_editor(request, pk)
    added = []
    outcome = attempt(
        lambda: added.append(attendee_services.attendance_from_members(meeting=meeting)),
        request=request,
        meeting=meeting,
        fallback_url=editor_url(meeting, "sec-attendance"),
    )
    if outcome.response:
        return outcome.response
    if added[0]:
        messages.success(request, _("已从委员名单添加 %(count)s 人，均记为出席。") % {"count": added[0]})
    else:
        messages.info(request, _("委员名单中的人员都已在出席名单中。"))
    return redirect(editor_url(meeting, "sec-attendance"))


@login_required
@require_POST
def attendance_bulk(request, pk: int):
    meeting = meeting_for_editor(request, pk)
    form = AttendanceBulkForm(request.POST, meeting=meeting, prefix="bulk")
    version = posted_version(request)
    if form.is_valid():
        rows = list(form.cleaned_data["rows"])
        outcome = attempt(
            lambda: attendee_services.attendance_bulk_update(
                meeting=meeting,
                version=version,
                rows=rows,
                category=form.cleaned_data["category"],
                absence_kind=form.cleaned_data["absence_kind"],
                absence_reason=form.cleaned_data["absence_reason"],
            ),
            request=request,
            meeting=meeting,
            form=form,
            on_conflict=lambda conflict: render_conflict(request, conflict, [], bulk_form=form),
        )
        if outcome.response:
            return outcome.response
        if outcome.saved:
            messages.success(request, _("已修改 %(count)s 人的出席类别。") % {"count": len(rows)})
            return redirect(editor_url(meeting, "sec-attendance"))
    return render_editor(request, meeting, status=400, bulk_form=form, version=version)
