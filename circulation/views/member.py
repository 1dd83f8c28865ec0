"""A member's pages: 我的文件 (what was circulated to them), reading an issued notice with its
minutes on any screen, acknowledging receipt, and answering an invitation's reply slip."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from meetings.http import attempt
from minutes.composer import meeting_for_minutes, minutes_compose

from .. import services
from ..forms import ReplyForm
from ..permissions import recipient_for_user, recipients_of, replies_of, reply_for_user


@login_required
@require_GET
def my_documents(request):
    """我的文件: the invitations awaiting an answer, then every circulated notice, newest first."""
    recipients = recipients_of(request.user).order_by("-notice__date_issued", "-notice__pk")
    today = timezone.localdate()
    replies = replies_of(request.user).filter(invitation__date__gte=today).order_by("invitation__date")
    return render(
        request,
        "circulation/my_documents.html",
        {"recipients": recipients, "replies": replies, "unread": sum(1 for r in recipients if not r.is_read)},
    )


@login_required
@require_GET
def read(request, pk: int):
    """The notice and its minutes as HTML for any screen; the first opening is recorded."""
    recipient = recipient_for_user(request, pk)
    services.recipient_opened(recipient=recipient)
    notice = recipient.notice
    minutes = minutes_compose(meeting_for_minutes(notice.meeting_id))
    return render(
        request,
        "circulation/read.html",
        {"recipient": recipient, "notice": notice, "minutes": minutes, "correction": notice.corrected_by},
    )


@login_required
@require_POST
def acknowledge(request, pk: int):
    recipient = recipient_for_user(request, pk)
    if services.recipient_acknowledge(recipient=recipient):
        messages.success(request, _("已签收。"))
    return redirect("circulation:read", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def reply(request, pk: int):
    """The reply slip (回执) of invitation `pk`: 出席, 请假 with a reason, or 委派代表."""
    slip = reply_for_user(request, pk)
    initial = {
        "answer": slip.answer or None,
        "reason": slip.reason,
        "delegate_name": slip.delegate_name,
        "delegate_post": slip.delegate_post,
    }
    form = ReplyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        outcome = attempt(
            lambda: services.reply_answer(reply=slip, **form.cleaned_data),
            request=request,
            meeting=slip.invitation.meeting,
            form=form,
        )
        if outcome.saved:
            messages.success(request, _("回执已提交：%(answer)s。") % {"answer": slip.summary})
            return redirect("circulation:reply", pk=pk)
    invitation = slip.invitation
    return render(
        request,
        "circulation/reply.html",
        {"reply": slip, "invitation": invitation, "meeting": invitation.meeting, "form": form},
    )
