"""Deleting a draft meeting (a scratch draft, a meeting that will not take place): a page that
says what goes with it, and the POST that deletes it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from meetings.http import attempt
from meetings.permissions import meeting_for_editor

from .. import services
from ..models import Invitation


@login_required
@require_http_methods(["GET", "POST"])
def meeting_delete(request, pk: int):
    """GET: what will be deleted (or why it may not be); POST: delete it. The secretariat only
    (meeting_for_editor: 404 for those who may not see the meeting, 403 for readers)."""
    meeting = meeting_for_editor(request, pk)
    refusal = services.meeting_delete_refusal(meeting)
    if request.method == "POST":
        name = meeting.full_name
        outcome = attempt(
            lambda: services.meeting_delete(meeting=meeting, user=request.user),
            request=request,
            meeting=meeting,
            fallback_url=reverse("circulation:meeting_delete", args=[meeting.pk]),
        )
        if outcome.response:
            return outcome.response
        messages.success(request, _("已删除“%(name)s”及其草稿。") % {"name": name})
        return redirect("meetings:list")
    invitation = Invitation.objects.filter(meeting=meeting).first()
    counts = [
        (_("出席记录"), meeting.attendances.count()),
        (_("讲话"), meeting.speeches.count()),
        (_("审议的报告"), meeting.reports.count()),
        (_("决议"), meeting.resolutions.count()),
        (_("意见和建议"), meeting.recommendations.count()),
        (_("其他事项"), meeting.other_business.count()),
    ]
    return render(
        request,
        "circulation/meeting_delete.html",
        {
            "meeting": meeting,
            "refusal": refusal,
            "counts": [(label, count) for label, count in counts if count],
            "notices": list(meeting.notices.all()),
            "invitation": invitation,
        },
        status=200,
    )
