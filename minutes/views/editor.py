"""The minutes editor page and its meeting-details form.

Every view loads its meeting through `meeting_for_editor` (may this user change it?). Every
write carries the version the page was loaded at; a write against an older version is a
conflict, answered with the user's input kept and the saved values shown beside it.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from attendees.forms import AttendanceBulkForm
from attendees.services import members_not_listed
from cnas_minutes.forms import whole_number
from meetings import services
from meetings.forms import MeetingForm
from meetings.http import attempt, posted_version
from meetings.models import Meeting
from meetings.permissions import meeting_for_editor

from ..composer import meeting_minutes_queryset, minutes_compose
from ..forms import OverrideForm
from ..models import MinutesOverride
from ..paste import paste_form, paste_kind
from ..sections import SECTIONS


def editor_url(meeting: Meeting, anchor: str = "") -> str:
    url = reverse("minutes:editor", args=[meeting.pk])
    return f"{url}#{anchor}" if anchor else url


def render_editor(request, meeting: Meeting, *, status: int = 200, editing: str = "", **bound):
    """The editor page; `bound` replaces a default form by the user's rejected input, `editing`
    ("resolution-12") names the row shown as a form (default: the `edit` query parameter)."""
    meeting = meeting_minutes_queryset().get(pk=meeting.pk)
    generated = {block.key: block for block in minutes_compose(meeting).blocks}
    editing = editing or request.GET.get("edit", "")
    context = {
        "meeting": meeting,
        "info_form": MeetingForm(instance=meeting),
        "add_forms": {
            slug: section.form_class(prefix=slug, instance=section.new_instance(meeting))
            for slug, section in SECTIONS.items()
        },
        "bulk_form": AttendanceBulkForm(meeting=meeting, prefix="bulk"),
        "overrides": _override_rows(meeting, generated),
        "edit_form": None,
        "conflict": None,
        # Seats not on the list yet: the button adds those, and says how many.
        "member_count": len(members_not_listed(meeting)),
        "notices": list(meeting.notices.all()),
    }
    slug, _sep, row_pk = editing.partition("-")
    if slug in SECTIONS and whole_number(row_pk) is not None and "edit_form" not in bound:
        row = SECTIONS[slug].rows(meeting).filter(pk=whole_number(row_pk)).first()
        if row is not None:
            context["edit_form"] = SECTIONS[slug].form_class(prefix=f"edit-{slug}", instance=row)
    # A re-shown form keeps the version its page was loaded at, so a save after fixing a
    # validation error is still checked against what the user saw.
    context["version"] = bound.pop("version", meeting.version)
    for key, value in bound.items():
        if key == "add_form":
            context["add_forms"] = {**context["add_forms"], value.prefix: value}
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
            "rows": rows[slug],
            "add_form": context["add_forms"][slug],
            "row_template": f"minutes/editor/rows/{slug}.html",
            "paste_form": paste_form(paste_kind(slug), meeting) if paste_kind(slug) else None,
        }
        for slug, section in SECTIONS.items()
    }
    bulk = context["bulk_form"]
    context["picked"] = set(bulk.data.getlist("bulk-rows")) if bulk.is_bound else set()
    context["editing_slug"], context["editing_pk"] = slug, whole_number(row_pk)
    return render(request, "minutes/editor.html", context, status=status)


def render_conflict(request, conflict, changes, **bound):
    """The editor with the conflict explained. The user's form keeps their input and the page
    now carries the current version, so saving again after comparing is an informed
    overwrite rather than a blind one."""
    conflict_info = {"message": services.conflict_message(conflict), "changes": changes}
    return render_editor(request, conflict.meeting, status=409, conflict=conflict_info, **bound)


def _override_rows(meeting: Meeting, generated: dict) -> list[dict]:
    rows = []
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
    paragraphs = [
        (speech, paragraph) for speech in meeting.speeches.all() for paragraph in speech.paragraphs.all()
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
                meeting=form.instance, version=version, fields=list(form.changed_data)
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
