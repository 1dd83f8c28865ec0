"""The secretariat's pages: dashboard, meeting list, new meeting and the minutes editor.

Every view that loads a meeting goes through `_get_meeting_for_user` (may this user see it?)
or `_get_meeting_for_editor` (may this user change it, and may it still change?). Every write
carries the version the page was loaded at; a write against an older version is a conflict,
answered with the user's input kept and the saved values shown beside it.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from attendees import services as attendee_services
from attendees.forms import AttendanceBulkForm

from . import services
from .forms import MeetingCreateForm, MeetingForm, OverrideForm
from .minutes import meeting_minutes_queryset, minutes_compose
from .models import EDITABLE_STATUSES, Committee, CommitteeTerm, Meeting, MinutesOverride, Notice
from .sections import SECTIONS
from .selectors import can_draft, meetings_visible_to, notices_visible_to


def _get_meeting_for_user(request, pk: int) -> Meeting:
    # 404 rather than 403: whether a meeting exists is not for outsiders to learn.
    return get_object_or_404(meetings_visible_to(request.user), pk=pk)


def _get_meeting_for_editor(request, pk: int) -> Meeting:
    meeting = _get_meeting_for_user(request, pk)
    if not can_draft(request.user):
        raise PermissionDenied
    return meeting


def _posted_version(request) -> int:
    # A missing or garbled version can match no row, so the write is refused as a conflict.
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return 0


def _editor_url(meeting: Meeting, anchor: str = "") -> str:
    url = reverse("meetings:editor", args=[meeting.pk])
    return f"{url}#{anchor}" if anchor else url


# --- dashboard and list -----------------------------------------------------------------


@login_required
@require_GET
def home(request):
    """The dashboard: my drafts, meetings by committee and status, notices to sign, recently issued."""
    user = request.user
    meetings = meetings_visible_to(user)
    notices = notices_visible_to(user)
    context = {
        "can_draft": can_draft(user),
        "recently_issued": notices.filter(status=Notice.Status.ISSUED).order_by("-date_issued", "-pk")[:10],
        "issued_meetings": meetings.filter(status=Meeting.Status.ISSUED)[:10],
    }
    context["secretariat"] = user.has_perm("meetings.view_meeting")
    if context["secretariat"]:
        context["my_drafts"] = meetings.filter(created_by=user, status__in=EDITABLE_STATUSES)[:20]
        context["awaiting_signature"] = notices.filter(status=Notice.Status.DRAFT).order_by(
            "-year", "-sequence"
        )[:20]
        context["by_committee"] = _meetings_by_committee(meetings)
        context["statuses"] = Meeting.Status.choices
    return render(request, "meetings/dashboard.html", context)


def _meetings_by_committee(meetings):
    """Rows of (committee, {status: count}) for the committees that have meetings."""
    counts = meetings.order_by().values("term__committee", "status").annotate(n=Count("pk"))
    table: dict[int, dict[str, int]] = {}
    for row in counts:
        table.setdefault(row["term__committee"], {})[row["status"]] = row["n"]
    committees = Committee.objects.select_related("organisation").filter(pk__in=table)
    return [
        (
            committee,
            [(status, label, table[committee.pk].get(status, 0)) for status, label in Meeting.Status.choices],
        )
        for committee in committees
    ]


@login_required
@require_GET
def meeting_list(request):
    """Meetings the user may see, filtered by committee and status."""
    meetings = meetings_visible_to(request.user)
    committee = request.GET.get("committee", "")
    status = request.GET.get("status", "")
    if committee.isdigit():
        meetings = meetings.filter(term__committee_id=int(committee))
    if status in Meeting.Status.values:
        meetings = meetings.filter(status=status)
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "meetings": meetings.select_related("created_by")[:200],
            "committees": Committee.objects.select_related("organisation"),
            "statuses": Meeting.Status.choices,
            "committee": committee,
            "status": status,
            "can_draft": can_draft(request.user),
        },
    )


# --- create -----------------------------------------------------------------------------


@login_required
def meeting_create(request):
    """A new meeting of a committee term; its title follows from the term and the sitting."""
    if not can_draft(request.user):
        raise PermissionDenied
    if request.method == "POST":
        form = MeetingCreateForm(request.POST)
        if form.is_valid():
            try:
                meeting = services.meeting_create(meeting=form.instance, created_by=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("已创建“%(name)s”。") % {"name": meeting.name})
                return redirect(_editor_url(meeting, "sec-attendance"))
    else:
        form = MeetingCreateForm(initial=_new_meeting_initial(request))
    return render(request, "meetings/meeting_create.html", {"form": form})


def _new_meeting_initial(request) -> dict:
    # The term asked for, else the one that met last: secretariats mostly serve one committee.
    terms = CommitteeTerm.objects.all()
    wanted = request.GET.get("term", "")
    latest = Meeting.objects.order_by("-starts_on", "-pk").values_list("term", flat=True).first()
    term = (terms.filter(pk=int(wanted)).first() if wanted.isdigit() else None) or (
        terms.filter(pk=latest).first() if latest else terms.first()
    )
    return {"term": term, "sitting": services.next_sitting(term)} if term else {}


# --- the editor -------------------------------------------------------------------------


def _editor(request, meeting: Meeting, *, status: int = 200, editing: str = "", **bound):
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
        "member_count": sum(1 for m in meeting.term.memberships.all()),
        "notices": list(meeting.notices.all()),
    }
    slug, _sep, row_pk = editing.partition("-")
    if slug in SECTIONS and row_pk.isdigit() and "edit_form" not in bound:
        row = SECTIONS[slug].rows(meeting).filter(pk=int(row_pk)).first()
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
            "row_template": f"meetings/editor/rows/{slug}.html",
        }
        for slug, section in SECTIONS.items()
    }
    bulk = context["bulk_form"]
    context["picked"] = set(bulk.data.getlist("bulk-rows")) if bulk.is_bound else set()
    context["editing_slug"], context["editing_pk"] = slug, int(row_pk) if row_pk.isdigit() else None
    return render(request, "meetings/editor.html", context, status=status)


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
    meeting = _get_meeting_for_editor(request, pk)
    if not meeting.is_editable:
        messages.info(
            request,
            _("“%(status)s”的会议纪要是正式记录，不能再修改。") % {"status": meeting.get_status_display()},
        )
        return redirect("documents:minutes_preview", pk=meeting.pk)
    if request.method != "POST":
        return _editor(request, meeting)
    form = MeetingForm(request.POST, instance=meeting)
    version = _posted_version(request)
    if form.is_valid():
        try:
            services.meeting_update(meeting=form.instance, version=version, fields=list(form.changed_data))
        except services.EditConflict as conflict:
            return _conflict(
                request,
                conflict,
                form,
                services.changes_between(conflict.meeting, form.cleaned_data, form.Meta.fields),
                info_form=form,
            )
        except services.MeetingLocked:
            return _locked(request, meeting)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("会议信息已保存。"))
            return redirect(_editor_url(meeting, "sec-info"))
    return _editor(request, meeting, status=400, info_form=form, version=version)


def _conflict(request, conflict, form, changes, **bound):
    # The user's form keeps their input and the page now carries the current version, so
    # saving again after comparing is an informed overwrite rather than a blind one.
    conflict_info = {"message": services.conflict_message(conflict), "changes": changes}
    return _editor(request, conflict.meeting, status=409, conflict=conflict_info, **bound)


def _locked(request, meeting: Meeting):
    messages.error(request, _("这次会议的纪要已签发或印发，不能再修改；如需更正，请另起新版本。"))
    return redirect("documents:minutes_preview", pk=meeting.pk)


def _section(slug: str):
    section = SECTIONS.get(slug)
    if section is None:
        raise Http404
    return section


@login_required
@require_POST
def section_add(request, pk: int, slug: str):
    meeting = _get_meeting_for_editor(request, pk)
    section = _section(slug)
    form = section.form_class(request.POST, prefix=slug, instance=section.new_instance(meeting))
    if form.is_valid():
        try:
            section.save(meeting=meeting, version=None, form=form)
        except services.MeetingLocked:
            return _locked(request, meeting)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已添加到“%(section)s”。") % {"section": section.title})
            return redirect(_editor_url(meeting, f"sec-{slug}"))
    return _editor(request, meeting, status=400, add_form=form)


@login_required
def section_edit(request, pk: int, slug: str, row_pk: int):
    meeting = _get_meeting_for_editor(request, pk)
    section = _section(slug)
    row = get_object_or_404(section.rows(meeting), pk=row_pk)
    if request.method != "POST":
        return redirect(
            f"{reverse('meetings:editor', args=[meeting.pk])}?edit={slug}-{row.pk}#row-{slug}-{row.pk}"
        )
    form = section.form_class(request.POST, prefix=f"edit-{slug}", instance=row)
    editing = f"{slug}-{row.pk}"
    if form.is_valid():
        try:
            section.save(meeting=meeting, version=_posted_version(request), form=form)
        except services.EditConflict as conflict:
            saved = section.rows(meeting).filter(pk=row.pk).first()
            if saved is None:
                messages.warning(request, _("该条目已不存在，可能已被他人删除。"))
                return redirect(_editor_url(meeting, f"sec-{slug}"))
            changes = services.changes_between(saved, form.cleaned_data, section.fields)
            return _conflict(request, conflict, form, changes, edit_form=form, editing=editing)
        except services.MeetingLocked:
            return _locked(request, meeting)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已保存。"))
            return redirect(_editor_url(meeting, f"row-{slug}-{row.pk}"))
    return _editor(
        request, meeting, status=400, edit_form=form, editing=editing, version=_posted_version(request)
    )


@login_required
@require_POST
def section_delete(request, pk: int, slug: str, row_pk: int):
    meeting = _get_meeting_for_editor(request, pk)
    section = _section(slug)
    row = section.rows(meeting).filter(pk=row_pk).first()
    if row is None:
        messages.warning(request, _("该条目已不存在，可能已被他人删除。"))
        return redirect(_editor_url(meeting, f"sec-{slug}"))
    siblings = section.siblings(meeting, row)

    def delete():
        section.delete(
            meeting=meeting, version=_posted_version(request), row=row, siblings=siblings, key=section.key
        )

    return _change(request, meeting, delete, done=_("已删除。"), anchor=f"sec-{slug}")


@login_required
@require_POST
def section_move(request, pk: int, slug: str, row_pk: int, direction: str):
    meeting = _get_meeting_for_editor(request, pk)
    section = _section(slug)
    row = get_object_or_404(section.rows(meeting), pk=row_pk)
    return _move(
        request, meeting, row, section.siblings(meeting, row), section.key, direction, f"row-{slug}-{row.pk}"
    )


@login_required
@require_POST
def speech_move(request, pk: int, speech_pk: int, direction: str):
    meeting = _get_meeting_for_editor(request, pk)
    speech = get_object_or_404(meeting.speeches, pk=speech_pk)
    return _move(request, meeting, speech, meeting.speeches.all(), "order", direction, "sec-paragraph")


def _move(request, meeting, row, siblings, key: str, direction: str, anchor: str):
    def move():
        step = -1 if direction == "up" else 1
        services.row_move(
            meeting=meeting, version=_posted_version(request), row=row, siblings=siblings, key=key, step=step
        )

    return _change(request, meeting, move, anchor=anchor)


def _change(request, meeting: Meeting, change, *, done: str = "", anchor: str = ""):
    """Run a change that has no form to keep; a conflict or a locked meeting becomes a message."""
    try:
        change()
    except services.EditConflict as conflict:
        messages.error(request, services.conflict_message(conflict))
    except services.MeetingLocked:
        return _locked(request, meeting)
    else:
        if done:
            messages.success(request, done)
    return redirect(_editor_url(meeting, anchor))


# --- attendance shortcuts ---------------------------------------------------------------


@login_required
@require_POST
def attendance_from_members(request, pk: int):
    meeting = _get_meeting_for_editor(request, pk)
    try:
        added = attendee_services.attendance_from_members(meeting=meeting)
    except services.MeetingLocked:
        return _locked(request, meeting)
    if added:
        messages.success(request, _("已从委员名单添加 %(count)s 人，均记为出席。") % {"count": added})
    else:
        messages.info(request, _("委员名单中的人员都已在出席名单中。"))
    return redirect(_editor_url(meeting, "sec-attendance"))


@login_required
@require_POST
def attendance_bulk(request, pk: int):
    meeting = _get_meeting_for_editor(request, pk)
    form = AttendanceBulkForm(request.POST, meeting=meeting, prefix="bulk")
    if form.is_valid():
        try:
            count = attendee_services.attendance_bulk_update(
                meeting=meeting,
                version=_posted_version(request),
                rows=list(form.cleaned_data["rows"]),
                category=form.cleaned_data["category"],
                absence_kind=form.cleaned_data["absence_kind"],
                absence_reason=form.cleaned_data["absence_reason"],
            )
        except services.EditConflict as conflict:
            return _conflict(request, conflict, form, [], bulk_form=form)
        except services.MeetingLocked:
            return _locked(request, meeting)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已修改 %(count)s 人的出席类别。") % {"count": count})
            return redirect(_editor_url(meeting, "sec-attendance"))
    return _editor(request, meeting, status=400, bulk_form=form, version=_posted_version(request))


# --- overrides --------------------------------------------------------------------------


@login_required
@require_POST
def override_save(request, pk: int, key: str):
    meeting = _get_meeting_for_editor(request, pk)
    if key not in MinutesOverride.Key.values:
        raise Http404
    form = OverrideForm(request.POST, prefix=f"override-{key}")
    if form.is_valid():
        try:
            services.override_save(
                meeting=meeting, version=_posted_version(request), key=key, text=form.cleaned_data["text"]
            )
        except services.EditConflict as conflict:
            messages.error(request, services.conflict_message(conflict))
            return _editor(request, conflict.meeting, status=409, override_form=form)
        except services.MeetingLocked:
            return _locked(request, meeting)
        messages.success(request, _("已用您的文字替换生成的段落。"))
        return redirect(_editor_url(meeting, f"override-{key}"))
    messages.error(request, _("改写的文字不能为空；如要恢复生成的文字，请点“恢复生成文字”。"))
    return _editor(request, meeting, status=400, override_form=form, version=_posted_version(request))


@login_required
@require_POST
def override_revert(request, pk: int, key: str):
    meeting = _get_meeting_for_editor(request, pk)
    if key not in MinutesOverride.Key.values:
        raise Http404

    def revert():
        services.override_revert(meeting=meeting, version=_posted_version(request), key=key)

    return _change(request, meeting, revert, done=_("已恢复为生成的文字。"), anchor=f"override-{key}")
