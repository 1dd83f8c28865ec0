"""The secretary's side of a coming meeting: the invitation (会议通知) with its reply slip, and
the replies, which become attendance rows only when the secretary confirms them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from meetings.http import attempt
from meetings.permissions import meeting_for_editor

from .. import services
from ..forms import InvitationForm
from ..models import Invitation, Reply


def _editor_attendance(meeting_pk: int) -> str:
    return reverse("minutes:editor", args=[meeting_pk]) + "#sec-attendance"


@login_required
@require_http_methods(["GET", "POST"])
def invitation_edit(request, pk: int):
    """Write the invitation of draft meeting `pk` and send it (保存 / 保存并发送)."""
    meeting = meeting_for_editor(request, pk)
    invitation = Invitation.objects.filter(meeting=meeting).first()
    initial = services.invitation_defaults(meeting) if invitation is None else {}
    form = InvitationForm(request.POST or None, instance=invitation, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.INVITATION_FIELDS}
        sent = []

        @transaction.atomic  # saved and sent, or neither
        def save_and_send():
            saved = services.invitation_save(meeting=meeting, user=request.user, **fields)
            if "send" in request.POST:
                sent.append(services.invitation_send(invitation=saved, user=request.user))

        if attempt(save_and_send, request=request, meeting=meeting, form=form).saved:
            if sent:
                messages.success(request, _("会议通知已发给 %(n)s 位委员。") % {"n": sent[0]})
            else:
                messages.success(request, _("会议通知已保存，尚未发出。"))
            return redirect("circulation:invitation", pk=meeting.pk)
        invitation = Invitation.objects.filter(meeting=meeting).first()
    replies = list(invitation.replies.select_related("person", "membership")) if invitation else []
    return render(
        request,
        "circulation/invitation.html",
        {"meeting": meeting, "invitation": invitation, "form": form, "replies": replies},
    )


@login_required
@require_GET
def replies_panel(request, pk: int):
    """The replies, for the editor's attendance section (loaded into it) or on their own."""
    meeting = meeting_for_editor(request, pk)
    invitation = Invitation.objects.filter(meeting=meeting).first()
    replies = list(invitation.replies.select_related("person", "membership")) if invitation else []
    context = {
        "meeting": meeting,
        "invitation": invitation,
        "replies": replies,
        "answered": sum(1 for r in replies if r.answer),
        "to_confirm": sum(1 for r in replies if r.answer and not r.confirmed_at),
    }
    return render(request, "circulation/_replies.html", context)


def _confirm(request, meeting, change) -> HttpResponse:
    """Run a confirmation; the domain's refusals become messages (meetings.http.attempt)."""
    count, back = [], _editor_attendance(meeting.pk)
    outcome = attempt(lambda: count.append(change()), request=request, meeting=meeting, fallback_url=back)
    if not outcome.saved:
        return outcome.response
    messages.success(request, _("已将 %(n)s 份回执记入出席名单。") % {"n": count[0]})
    return redirect(back)


@login_required
@require_POST
def reply_confirm(request, pk: int, reply_pk: int):
    meeting = meeting_for_editor(request, pk)
    reply = get_object_or_404(Reply, pk=reply_pk, invitation__meeting=meeting)

    def change():
        services.reply_confirm(reply=reply, user=request.user)
        return 1

    return _confirm(request, meeting, change)


@login_required
@require_POST
def replies_confirm_all(request, pk: int):
    meeting = meeting_for_editor(request, pk)
    invitation = get_object_or_404(Invitation, meeting=meeting)
    return _confirm(
        request, meeting, lambda: services.replies_confirm_all(invitation=invitation, user=request.user)
    )
