"""The minutes editor page and its meeting-details form.

Every view loads its meeting through `meeting_for_editor` (may this user change it?). Every
write carries the version the page was loaded at; a write against an older version is a
conflict, answered with the user's input kept and the saved values shown beside it.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event

from attendees.forms import AttendanceBulkForm
from attendees.models import AttendanceClause, attendance_clause_order
from attendees.services import members_not_listed
from cnas_minutes.forms import whole_number
from meetings import services
from meetings.forms import MeetingForm
from meetings.http import attempt, posted_version
from meetings.models import Meeting
from meetings.numerals import chinese_numeral
from meetings.permissions import meeting_for_editor

from ..composer import meeting_minutes_queryset, minutes_compose
from ..forms import MeetingTextForm, OverrideForm, override_form
from ..models import TITLE_KEY, MinutesOverride
from ..paste import paste_form, paste_kind
from ..sections import SECTIONS


def editor_url(meeting: Meeting, anchor: str = "") -> str:
    url = reverse("minutes:editor", args=[meeting.pk])
    return f"{url}#{anchor}" if anchor else url


def editor_context(request, meeting: Meeting, *, editing: str = "", **bound) -> dict:
    """Everything the editor page shows; `bound` replaces a default form by the user's
    rejected input, `editing` ("resolution-12") names the row shown as a form (default: the
    `edit` query parameter)."""
    meeting = meeting_minutes_queryset().get(pk=meeting.pk)
    generated = {block.key: block for block in minutes_compose(meeting).blocks}
    editing = editing or request.GET.get("edit", "")
    context = {
        "meeting": meeting,
        "info_form": MeetingForm(instance=meeting),
        "add_forms": {
            slug: section.form_class(
                prefix=slug, instance=section.new_instance(meeting), initial=_add_initial(meeting, slug)
            )
            for slug, section in SECTIONS.items()
        },
        "text_forms": {
            slug: MeetingTextForm(instance=meeting, field=section.meeting_field)
            for slug, section in SECTIONS.items()
            if section.meeting_field
        },
        "bulk_form": AttendanceBulkForm(meeting=meeting, prefix="bulk"),
        "overrides": _override_rows(meeting, generated),
        "edit_form": None,
        "conflict": None,
        # Seats not on the list yet: the button adds those, and says how many.
        "member_count": len(members_not_listed(meeting)),
        "notices": list(meeting.notices.all()),
        # The clauses of the attendance in the order the minutes print them (↑/↓ reorder them).
        "attendance_clauses": [
            (key, AttendanceClause(key).label) for key in attendance_clause_order(meeting)
        ],
    }
    slug, _sep, row_pk = editing.partition("-")
    if slug in SECTIONS and whole_number(row_pk) is not None and "edit_form" not in bound:
        row = SECTIONS[slug].rows(meeting).filter(pk=whole_number(row_pk)).first()
        if row is not None:
            context["edit_form"] = SECTIONS[slug].form_class(prefix=f"edit-{slug}", instance=row)
    # A re-shown form keeps the version its page was loaded at, so a save after fixing a
    # validation error is still checked against what the user saw.
    context["version"] = bound.pop("version", None) or meeting.version
    for key, value in bound.items():
        if key == "add_form":
            context["add_forms"] = {**context["add_forms"], value.prefix: value}
        elif key == "text_form":
            context["text_forms"] = {**context["text_forms"], value.slug: value}
        elif key == "override_form":
            for row in context["overrides"]:
                if value.prefix == f"override-{row['key']}":
                    row["form"] = value
        else:
            context[key] = value
    rows = _section_rows(meeting)
    context["panels"] = {
        slug: {
            "slug": slug,
            "title": section.title,
            "hint": section.hint,
            "rows": rows[slug],
            "add_form": context["add_forms"][slug],
            "text_form": context["text_forms"].get(slug),
            "row_template": f"minutes/editor/rows/{slug}.html",
            "paste_form": paste_form(paste_kind(slug), meeting) if paste_kind(slug) else None,
            # Dragged into place (SortableJS) besides the ↑/↓ buttons.
            "sortable": slug != "paragraph",
        }
        for slug, section in SECTIONS.items()
    }
    bulk = context["bulk_form"]
    context["picked"] = set(bulk.data.getlist("bulk-rows")) if bulk.is_bound else set()
    context["editing_slug"], context["editing_pk"] = slug, whole_number(row_pk)
    return context


def render_editor(request, meeting: Meeting, *, status: int = 200, editing: str = "", **bound):
    """The editor page. Asked by htmx (a change whose answer is not one section: a conflict,
    the meeting's details, the attendance shortcuts), the page's editor part replaces the
    one in the browser: no page load, and every form carries the version shown."""
    context = editor_context(request, meeting, editing=editing, **bound)
    response = render(request, "minutes/editor.html", context, status=status)
    if request.htmx:
        response["HX-Retarget"] = "#editor"
        response["HX-Reswap"] = "outerHTML"
        response["HX-Reselect"] = "#editor"
    return response


def render_panel(
    request,
    meeting: Meeting,
    slug: str,
    *,
    status: int = 200,
    notice: str = "",
    changed: str = "",
    editing: str = "",
    **bound,
):
    """One section of the editor, for htmx to swap in place of the one on the page. `changed`
    (a passage's `data-key`) says the minutes changed: the page then refreshes its preview,
    scrolled there, and gives every form the version in `bound["version"]`."""
    context = editor_context(request, meeting, editing=editing, **bound)
    context.update(panel=context["panels"][slug], notice=notice, inplace=True)
    response = render(request, "minutes/editor/_panel.html", context, status=status)
    if changed:
        trigger_client_event(
            response, "minutes-changed", {"version": context["version"], "key": changed}, after="settle"
        )
    return response


def inplace(view):
    """Answers htmx in place. A redirect back to the editor (a change saved, or refused with a
    message) becomes the editor part of the page, rendered now with its messages; any other
    redirect (the minutes were issued meanwhile, the session ended) a full navigation, as
    without JavaScript."""

    @wraps(view)
    def wrapper(request, pk: int, *args, **kwargs):
        if request.htmx:
            # What the meeting was at before this change (see page_version).
            request.version_before = Meeting.objects.filter(pk=pk).values_list("version", flat=True).first()
        response = view(request, pk, *args, **kwargs)
        if not request.htmx or not isinstance(response, HttpResponseRedirect):
            return response
        if not request.user.is_authenticated:
            return response  # to the login page, as any view answers
        url, _sep, anchor = response.url.partition("#")
        if url != reverse("minutes:editor", args=[pk]):
            return HttpResponseClientRedirect(response.url)
        meeting = Meeting.objects.get(pk=pk)
        response = render_editor(request, meeting)
        key = {"sec-info": "opening", "sec-attendance": "attendance"}.get(anchor, "")
        trigger_client_event(response, "minutes-changed", {"version": meeting.version, "key": key})
        return response

    return wrapper


def page_version(request, meeting: Meeting) -> int:
    """The version the page is at after its own change (an `inplace` view): the meeting's,
    when the page had seen the version the change was made on; otherwise (someone else saved
    meanwhile) the page's old one, so that its next edit is checked against what it showed."""
    current = Meeting.objects.values_list("version", flat=True).get(pk=meeting.pk)
    if "version" not in request.POST:
        return current
    seen = posted_version(request)
    return current if seen == getattr(request, "version_before", None) else seen


def _add_initial(meeting: Meeting, slug: str) -> dict:
    if slug != "paragraph":
        return {}
    # The next paragraph is most often the same speaker's: carry the last one typed (from the
    # prefetched speeches, no query of its own).
    typed = [
        (paragraph.pk, speech.speaker)
        for speech in meeting.speeches.all()
        for paragraph in speech.paragraphs.all()
    ]
    return {"speaker": str(max(typed, key=lambda pair: pair[0])[1])} if typed else {}


def render_conflict(request, conflict, changes, **bound):
    """The editor with the conflict explained. The user's form keeps their input and the page
    now carries the current version, so saving again after comparing is an informed
    overwrite rather than a blind one."""
    conflict_info = {"message": services.conflict_message(conflict), "changes": changes}
    return render_editor(request, conflict.meeting, status=409, conflict=conflict_info, **bound)


def _override_rows(meeting: Meeting, generated: dict) -> list[dict]:
    rows = [
        {
            "key": TITLE_KEY,
            "label": _("纪要标题"),
            "generated": meeting.generated_title,
            "overridden": bool(meeting.title_override),
            "form": override_form(TITLE_KEY, initial={"text": meeting.minutes_title}),
        }
    ]
    for key, label in MinutesOverride.Key.choices:
        block = generated.get(key)
        rows.append(
            {
                "key": key,
                "label": label,
                "generated": block.generated if block else "",
                "overridden": bool(block and block.overridden),
                "form": OverrideForm(prefix=f"override-{key}", initial={"text": block.text if block else ""}),
            }
        )
    return rows


def _section_rows(meeting: Meeting) -> dict[str, list]:
    """Rows of each section from the prefetched meeting (no query per row)."""
    # Each paragraph's points as the minutes print them: 一要…二要…
    paragraphs = [
        (
            speech,
            paragraph,
            [
                f"{chinese_numeral(index)}{paragraph.point_marker}{point.text}"
                for index, point in enumerate(paragraph.points.all(), start=1)
            ],
        )
        for speech in meeting.speeches.all()
        for paragraph in speech.paragraphs.all()
    ]
    return {
        "phase": list(meeting.phases.all()),
        "attendance": list(meeting.attendances.all()),
        "paragraph": paragraphs,
        "report": list(meeting.reports.all()),
        "resolution": list(meeting.resolutions.all()),
        "recommendation": list(meeting.recommendations.all()),
        "other": list(meeting.other_business.all()),
    }


@inplace
@login_required
def meeting_editor(request, pk: int):
    meeting = meeting_for_editor(request, pk)
    if not meeting.is_editable:
        messages.info(
            request,
            _("“%(status)s”的会议纪要是正式记录，不能再修改。") % {"status": meeting.get_status_display()},
        )
        return redirect("minutes:preview", pk=meeting.pk)
    if request.method != "POST":
        return render_editor(request, meeting)
    form = MeetingForm(request.POST, instance=meeting)
    version = posted_version(request)
    if form.is_valid():
        outcome = attempt(
            lambda: services.meeting_update(
                meeting=form.instance,
                version=version,
                fields=list(form.changed_data),
                joint_terms=form.cleaned_data.get("joint_terms"),
            ),
            request=request,
            meeting=meeting,
            form=form,
            on_conflict=lambda conflict: render_conflict(
                request,
                conflict,
                services.changes_between(conflict.meeting, form.cleaned_data, form.Meta.fields),
                info_form=form,
            ),
        )
        if outcome.response:
            return outcome.response
        if outcome.saved:
            messages.success(request, _("会议信息已保存。"))
            return redirect(editor_url(meeting, "sec-info"))
    return render_editor(request, meeting, status=400, info_form=form, version=version)


@login_required
@require_GET
def section_panel(request, pk: int, slug: str):
    """One section as the editor shows it (htmx: 取消 an edit in place); without htmx, the
    editor at that section."""
    meeting = meeting_for_editor(request, pk)
    if slug not in SECTIONS:
        raise Http404
    if not request.htmx:
        return redirect(editor_url(meeting, f"sec-{slug}"))
    return render_panel(request, meeting, slug, version=whole_number(request.GET.get("version", "")) or None)
