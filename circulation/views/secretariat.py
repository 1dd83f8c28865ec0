"""The secretariat's circulation page of a notice: before issue, who it will go to (editable);
after, per recipient sent / failed / opened / acknowledged, with counts, the 未签收 filter,
催办, sending failed emails again and a CSV export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cnas_minutes.spreadsheets import csv_response
from meetings.http import attempt
from meetings.permissions import can_draft

from .. import services
from ..forms import RecipientAddForm
from ..models import Delivery, Recipient
from ..permissions import notice_for_circulation

FILTERS = {
    "unacknowledged": Q(acknowledged_at__isnull=True),
    "failed": Q(delivery__in=["failed", "no_address"]),
}


def _rows(notice, wanted: str) -> list[Recipient]:
    if not notice.is_frozen:
        services.recipients_ensure(notice=notice)  # idempotent: the default list, stored once
    rows = notice.circulation.select_related("person__user").order_by("kind", "order", "pk")
    if wanted in FILTERS:
        rows = rows.filter(FILTERS[wanted])
    return list(rows)


def _counts(notice) -> dict:
    return notice.circulation.aggregate(
        total=Count("pk"),
        sent=Count("pk", filter=Q(delivery=Delivery.State.SENT)),
        failed=Count("pk", filter=Q(delivery=Delivery.State.FAILED)),
        no_address=Count("pk", filter=Q(delivery=Delivery.State.NO_ADDRESS)),
        pending=Count("pk", filter=Q(delivery=Delivery.State.PENDING)),
        opened=Count("pk", filter=Q(first_opened_at__isnull=False)),
        acknowledged=Count("pk", filter=Q(acknowledged_at__isnull=False)),
    )


@login_required
@require_GET
def circulation_page(request, pk: int):
    notice = notice_for_circulation(request, pk)
    wanted = request.GET.get("filter", "")
    context = {
        "notice": notice,
        "meeting": notice.meeting,
        "rows": _rows(notice, wanted),
        "counts": _counts(notice),
        "filter": wanted if wanted in FILTERS else "",
        "can_change": can_draft(request.user),
        "add_form": RecipientAddForm(),
    }
    return render(request, "circulation/notice.html", context)


@login_required
@require_GET
def circulation_csv(request, pk: int):
    """The table as CSV (UTF-8 with BOM, so that Excel opens the Chinese as Chinese)."""
    notice = notice_for_circulation(request, pk)
    wanted = request.GET.get("filter", "")
    filename = f"circulation-{notice.year or ''}-{notice.sequence or notice.pk}.csv"
    header = [_("发文字号"), _("姓名"), _("类别"), _("邮箱"), _("发送状态"), _("发送时间"), _("失败原因"),
              _("首次阅读"), _("签收时间"), _("催办次数")]  # fmt: skip
    rows = (
        [notice.number, row.person, row.get_kind_display(), row.email, row.get_delivery_display(),
         row.sent_at, row.last_error, row.first_opened_at, row.acknowledged_at,
         row.reminders]
        for row in _rows(notice, wanted)
    )  # fmt: skip
    return csv_response(filename, header, rows)


def _done(request, notice, change, success):
    """Run a change of the list or its sending; refusals become messages (meetings.http.attempt)."""
    page = reverse("circulation:notice", args=[notice.pk])
    result = []
    outcome = attempt(
        lambda: result.append(change()), request=request, meeting=notice.meeting, fallback_url=page
    )
    if not outcome.saved:
        return outcome.response
    messages.success(request, success(result[0]) if callable(success) else success)
    return redirect(page)


@login_required
@require_POST
def recipient_add(request, pk: int):
    notice = notice_for_circulation(request, pk, change=True)
    form = RecipientAddForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("circulation:notice", pk=pk)
    person, kind = form.cleaned_data["person"], form.cleaned_data["kind"]
    return _done(
        request,
        notice,
        lambda: services.recipient_add(notice=notice, person=person, kind=kind, user=request.user),
        _("已添加“%(name)s”。") % {"name": person},
    )


@login_required
@require_POST
def recipient_remove(request, pk: int, recipient_pk: int):
    notice = notice_for_circulation(request, pk, change=True)
    recipient = get_object_or_404(Recipient, pk=recipient_pk, notice=notice)
    return _done(
        request,
        notice,
        lambda: services.recipient_remove(recipient=recipient, user=request.user),
        _("已从分发名单中移除“%(name)s”。") % {"name": recipient.person},
    )


@login_required
@require_POST
def recipients_reset(request, pk: int):
    notice = notice_for_circulation(request, pk, change=True)
    return _done(
        request,
        notice,
        lambda: services.recipients_reset(notice=notice, user=request.user),
        _("分发名单已按委员名单重新生成。"),
    )


@login_required
@require_POST
def remind(request, pk: int):
    notice = notice_for_circulation(request, pk, change=True)
    return _done(
        request,
        notice,
        lambda: services.circulation_remind(notice=notice, user=request.user),
        lambda n: _("已向 %(n)s 位未签收的人员再次发送。") % {"n": n},
    )


@login_required
@require_POST
def resend(request, pk: int):
    notice = notice_for_circulation(request, pk, change=True)
    return _done(
        request,
        notice,
        lambda: services.circulation_resend_failed(notice=notice, user=request.user),
        lambda n: _("已重新发送 %(n)s 封未送达的邮件。") % {"n": n},
    )
