"""The list of meetings and the form that starts a new one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cnas_minutes.forms import whole_number

from . import services
from .forms import MeetingCreateForm
from .http import attempt
from .models import Committee, CommitteeTerm, Meeting
from .permissions import can_draft, meetings_visible_to

# The list's committee filter for the meetings that are no committee's sitting.
OWN_MEETINGS = "own"


@login_required
@require_GET
def meeting_list(request):
    """Meetings the user may see, filtered by committee and status."""
    meetings = meetings_visible_to(request.user)
    committee = request.GET.get("committee", "")
    status = request.GET.get("status", "")
    if committee == OWN_MEETINGS:
        meetings = meetings.filter(term__isnull=True)
    elif (committee_id := whole_number(committee)) is not None:
        meetings = meetings.filter(
            Q(term__committee_id=committee_id) | Q(joint_terms__committee_id=committee_id)
        ).distinct()
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
            "own_meetings": OWN_MEETINGS,
            "status": status,
            "can_draft": can_draft(request.user),
        },
    )


@login_required
def meeting_create(request):
    """A new meeting: a sitting of a committee term, its title following from the term and the
    sitting, or a meeting of the organisation's own with the name the secretariat gives it."""
    if not can_draft(request.user):
        raise PermissionDenied
    if request.method == "POST":
        form = MeetingCreateForm(request.POST)
        if form.is_valid():
            outcome = attempt(
                lambda: services.meeting_create(
                    meeting=form.instance,
                    created_by=request.user,
                    copy_previous=form.cleaned_data["copy_previous"],
                    joint_terms=form.cleaned_data["joint_terms"],
                ),
                request=request,
                meeting=form.instance,
                form=form,
            )
            if outcome.saved:
                meeting = form.instance
                messages.success(request, _("已创建“%(name)s”。") % {"name": meeting.name})
                if form.cleaned_data["copy_previous"] and meeting.is_sitting:
                    _say_what_was_copied(request, meeting)
                return redirect(reverse("minutes:editor", args=[meeting.pk]) + "#sec-attendance")
    else:
        form = MeetingCreateForm(initial=_new_meeting_initial(request))
    return render(request, "meetings/meeting_create.html", {"form": form})


def _say_what_was_copied(request, meeting: Meeting) -> None:
    source = services.previous_sitting(term=meeting.term, sitting=meeting.sitting)
    if source is None:
        messages.info(request, _("该委员会此前没有会议，未复制任何内容。"))
        return
    messages.info(
        request,
        _("已从“%(source)s”复制会议阶段、审议的报告和出席名单，请逐项核对修改。") % {"source": source.name},
    )


def _new_meeting_initial(request) -> dict:
    # The term asked for, else the one that met last: secretariats mostly serve one committee.
    terms = CommitteeTerm.objects.all()
    wanted = request.GET.get("term", "")
    latest = Meeting.objects.order_by("-starts_on", "-pk").values_list("term", flat=True).first()
    term = (terms.filter(pk=whole_number(wanted)).first() if whole_number(wanted) is not None else None) or (
        terms.filter(pk=latest).first() if latest else terms.first()
    )
    if term is None:
        return {}
    sitting = services.next_sitting(term)
    has_previous = services.previous_sitting(term=term, sitting=sitting) is not None
    return {"term": term, "sitting": sitting, "copy_previous": has_previous}
