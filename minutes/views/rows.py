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
from attendees.models import AttendanceClause
from cnas_minutes.forms import whole_number
from meetings import services
from meetings.http import attempt, posted_version
from meetings.permissions import meeting_for_editor

from ..forms import MeetingTextForm
from ..sections import SECTIONS
from .editor import editor_url, inplace, page_version, render_conflict, render_editor, render_panel


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


@inplace
@login_required
@require_POST
def section_add(request, pk: int, slug: str):
    meeting = meeting_for_editor(request, pk)
    section = _section(slug)
    form = section.form_class(request.POST, prefix=slug, instance=section.new_instance(meeting))
    saved = []
    if form.is_valid():
        outcome = attempt(
            lambda: saved.append(section.save(meeting=meeting, version=None, form=form)),
            request=request,
            meeting=meeting,
            form=form,
        )
        if outcome.response:
            return outcome.response
        if outcome.saved:
            notice = _("已添加到“%(section)s”。") % {"section": section.title}
            if request.htmx:
                return _panel_changed(request, meeting, section, saved[0], notice)
            messages.success(request, notice)
            return redirect(editor_url(meeting, f"sec-{slug}"))
    if request.htmx:
        return render_panel(
            request, meeting, slug, status=400, add_form=form, version=_seen(request, meeting)
        )
    return render_editor(request, meeting, status=400, add_form=form)


def _seen(request, meeting) -> int:
    """The version the page showed (an add form carries it only to keep the page's forms
    in step; additions are not checked against it)."""
    return posted_version(request) if "version" in request.POST else meeting.version


def _panel_changed(request, meeting, section, row, notice: str):
    """The section after an in-place change, every form at the page's new version, the
    preview told to refresh at the passage of `row` (None: the section's first passage)."""
    if row is not None:
        row = section.rows(meeting).filter(pk=row.pk).first()
    return render_panel(
        request,
        meeting,
        section.slug,
        notice=notice,
        changed=section.preview_key(row),
        version=page_version(request, meeting),
    )


@inplace
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
        if request.htmx:
            version = whole_number(request.GET.get("version", "")) or meeting.version
            return render_panel(request, meeting, slug, editing=f"{slug}-{row.pk}", version=version)
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
            if request.htmx:
                return _panel_changed(request, meeting, section, row, _("已保存。"))
            messages.success(request, _("已保存。"))
            return redirect(editor_url(meeting, f"row-{slug}-{row.pk}"))
    if request.htmx:
        return render_panel(
            request, meeting, slug, status=400, edit_form=form, editing=editing, version=version
        )
    return render_editor(request, meeting, status=400, edit_form=form, editing=editing, version=version)


@inplace
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
        if request.htmx:
            return _panel_changed(request, meeting, section, None, _("已删除。"))
        messages.success(request, _("已删除。"))
    return outcome.response or redirect(anchor)


@inplace
@login_required
@require_POST
def section_move(request, pk: int, slug: str, row_pk: int, direction: str):
    meeting = meeting_for_editor(request, pk)
    section = _section(slug)
    row = get_object_or_404(section.rows(meeting), pk=row_pk)
    response = _move(request, meeting, row, section.siblings(meeting, row), direction, f"row-{slug}-{row.pk}")
    if request.htmx and response is None:
        return _panel_changed(request, meeting, section, row, "")
    return response or redirect(editor_url(meeting, f"row-{slug}-{row.pk}"))


@inplace
@login_required
@require_POST
def section_move_to(request, pk: int, slug: str, row_pk: int):
    """A row dropped at a new place (drag and drop): `position` counts from 1."""
    meeting = meeting_for_editor(request, pk)
    section = _section(slug)
    row = section.rows(meeting).filter(pk=row_pk).first()
    if row is None:
        return _gone(request, meeting, slug)
    position = whole_number(request.POST.get("position", ""))
    anchor = editor_url(meeting, f"row-{slug}-{row.pk}")
    if position is None or position < 1:
        messages.error(request, _("位置无效，请重新拖动。"))
        return redirect(anchor)
    outcome = attempt(
        lambda: services.row_move_to(
            meeting=meeting,
            version=posted_version(request),
            row=row,
            siblings=section.siblings(meeting, row),
            position=position,
        ),
        request=request,
        meeting=meeting,
        fallback_url=anchor,
    )
    if outcome.response:
        return outcome.response
    if request.htmx:
        return _panel_changed(request, meeting, section, row, "")
    return redirect(anchor)


@inplace
@login_required
@require_POST
def speech_move(request, pk: int, speech_pk: int, direction: str):
    meeting = meeting_for_editor(request, pk)
    speech = get_object_or_404(meeting.speeches, pk=speech_pk)
    response = _move(request, meeting, speech, meeting.speeches.all(), direction, "sec-paragraph")
    if request.htmx and response is None:
        return _panel_changed(request, meeting, SECTIONS["paragraph"], None, "")
    return response or redirect(editor_url(meeting, "sec-paragraph"))


def _move(request, meeting, row, siblings, direction: str, anchor: str):
    """Moves `row` one place; None when moved, else the refusal's response."""
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
    return outcome.response


@inplace
@login_required
@require_POST
def attendance_order_move(request, pk: int, clause: str, direction: str):
    """Move a clause of the attendance (出席会议并讲话, 列席会议…) up or down in the minutes."""
    meeting = meeting_for_editor(request, pk)
    if clause not in AttendanceClause.values or direction not in ("up", "down"):
        raise Http404
    url = editor_url(meeting, "attendance-order")
    outcome = attempt(
        lambda: attendee_services.attendance_order_move(
            meeting=meeting,
            version=posted_version(request),
            clause=clause,
            step=-1 if direction == "up" else 1,
        ),
        request=request,
        meeting=meeting,
        fallback_url=url,
    )
    return outcome.response or redirect(url)


@inplace
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


@inplace
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
                designation=form.cleaned_data["designation"],
            ),
            request=request,
            meeting=meeting,
            form=form,
            on_conflict=lambda conflict: render_conflict(request, conflict, [], bulk_form=form),
        )
        if outcome.response:
            return outcome.response
        if outcome.saved:
            if form.cleaned_data["category"] is None:
                done = _("已修改 %(count)s 人的称谓。")
            elif form.cleaned_data["designation"].strip():
                done = _("已修改 %(count)s 人的出席类别和称谓。")
            else:
                done = _("已修改 %(count)s 人的出席类别。")
            messages.success(request, done % {"count": len(rows)})
            return redirect(editor_url(meeting, "sec-attendance"))
    return render_editor(request, meeting, status=400, bulk_form=form, version=version)


@inplace
@login_required
@require_POST
def section_text(request, pk: int, slug: str):
    """The meeting's own paragraph printed with a list (the reports' conclusion, the
    recommendations' introduction), saved from that list's section."""
    meeting = meeting_for_editor(request, pk)
    section = _section(slug)
    if not section.meeting_field:
        raise Http404
    field = section.meeting_field
    form = MeetingTextForm(request.POST, instance=meeting, field=field)
    form.slug = slug
    version = posted_version(request)

    def on_conflict(conflict):
        changes = services.changes_between(conflict.meeting, form.cleaned_data, [field])
        return render_conflict(request, conflict, changes, text_form=form)

    if form.is_valid():
        setattr(meeting, field, form.cleaned_data[field])
        outcome = attempt(
            lambda: services.meeting_update(meeting=meeting, version=version, fields=[field]),
            request=request,
            meeting=meeting,
            form=form,
            on_conflict=on_conflict,
        )
        if outcome.response:
            return outcome.response
        if outcome.saved:
            if request.htmx:
                return render_panel(
                    request,
                    meeting,
                    slug,
                    notice=_("已保存。"),
                    changed=field if field == "recommendations_intro" else section.preview_key(None),
                    version=page_version(request, meeting),
                )
            messages.success(request, _("已保存。"))
            return redirect(editor_url(meeting, f"sec-{slug}"))
    if request.htmx:
        return render_panel(request, meeting, slug, status=400, text_form=form, version=version)
    return render_editor(request, meeting, status=400, text_form=form, version=version)
