"""The meeting's page: where its minutes and notice stand, what each role may do next
(submit, return, sign off, issue, correct), the timeline of those steps and the 修改记录."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from meetings.permissions import can_draft, can_sign, meeting_for_user, sees_everything
from meetings.services import MeetingLocked

from .. import services
from ..forms import IssueForm, ReturnForm, SignOffForm
from ..history import meeting_history
from ..models import Notice, Transition
from ..permissions import notice_for_user


def package_url(meeting_pk: int) -> str:
    return reverse("notices:meeting", args=[meeting_pk])


@login_required
@require_GET
def meeting_page(request, pk: int):
    meeting = meeting_for_user(request, pk)
    notice = meeting.notices.select_related("office__organisation", "signed_by").order_by("-pk").first()
    user = request.user
    insider = sees_everything(user)
    transitions = []
    if notice is not None and insider:
        transitions = list(
            Transition.objects.filter(notice__meeting=meeting)
            .select_related("user", "notice")
            .order_by("at", "pk")
        )
    returned = next((t for t in reversed(transitions) if t.action == Transition.Action.RETURN), None)
    context = {
        "meeting": meeting,
        "notice": notice,
        "insider": insider,
        "can_draft": can_draft(user),
        "can_sign": can_sign(user),
        "transitions": transitions,
        "returned": returned if notice is not None and notice.status == Notice.Status.DRAFT else None,
        "history": meeting_history(meeting) if insider else [],
        "return_form": ReturnForm(prefix="return"),
        "sign_form": SignOffForm(prefix="sign", initial={"date_signed": timezone.localdate()}),
        "issue_form": IssueForm(prefix="issue", initial={"date_issued": timezone.localdate()}),
        "correction": getattr(meeting, "correction", None) if meeting.is_frozen else None,
    }
    return render(request, "notices/meeting.html", context)


def _submit(request, notice, data):
    services.notice_submit(notice=notice, user=request.user)
    return _("已提交审核，等待签发。"), package_url(notice.meeting_id)


def _return(request, notice, data):
    form = ReturnForm(data, prefix="return")
    if not form.is_valid():
        raise ValidationError(form.errors["comment"])
    services.notice_return(notice=notice, user=request.user, comment=form.cleaned_data["comment"])
    return _("已退回起草人修改。"), package_url(notice.meeting_id)


def _sign_off(request, notice, data):
    form = SignOffForm(data, prefix="sign")
    if not form.is_valid():
        raise ValidationError([e for errors in form.errors.values() for e in errors])
    services.notice_sign_off(
        notice=notice,
        user=request.user,
        date_signed=form.cleaned_data["date_signed"],
        comment=form.cleaned_data["comment"],
    )
    return _("已签发。"), package_url(notice.meeting_id)


def _issue(request, notice, data):
    form = IssueForm(data, prefix="issue")
    if not form.is_valid():
        raise ValidationError([e for errors in form.errors.values() for e in errors])
    notice = services.notice_issue(
        notice=notice, user=request.user, date_issued=form.cleaned_data["date_issued"]
    )
    return _("已印发，发文字号 %(number)s。") % {"number": notice.number}, package_url(notice.meeting_id)


def _correct(request, notice, data):
    correction = services.notice_correct(notice=notice, user=request.user)
    return _("已建立更正版本，请修改后重新提交审核。"), reverse(
        "minutes:editor", args=[correction.meeting_id]
    )


ACTIONS = {
    "submit": _submit,
    "return": _return,
    "sign": _sign_off,
    "issue": _issue,
    "correct": _correct,
}


@login_required
@require_POST
def notice_transition(request, pk: int, action: str):
    """One step of the lifecycle; the services check the role (403) and the status."""
    step = ACTIONS.get(action)
    if step is None:
        raise Http404
    notice = notice_for_user(request, pk)
    try:
        done, next_url = step(request, notice, request.POST)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    except MeetingLocked as locked:
        messages.error(request, _("操作未成功：纪要当前为“%(status)s”。") % {"status": locked})
    else:
        messages.success(request, done)
        return redirect(next_url)
    return redirect(package_url(notice.meeting_id))
