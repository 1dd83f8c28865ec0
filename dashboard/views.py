"""The home page: what each user has to do, gathered from every layer below."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from circulation.permissions import recipients_of, replies_of
from meetings.models import EDITABLE_STATUSES, Committee, Meeting
from meetings.permissions import can_draft, can_sign, meetings_visible_to
from meetings.views import OWN_MEETINGS
from notices.models import Notice
from notices.permissions import notices_visible_to


@login_required
@require_GET
def home(request):
    """The dashboard: my drafts, meetings by committee and status, notices to sign, recently issued."""
    user = request.user
    meetings = meetings_visible_to(user)
    notices = notices_visible_to(user)
    context = {
        "can_draft": can_draft(user),
        "can_sign": can_sign(user),
        "recently_issued": notices.filter(status=Notice.Status.ISSUED).order_by("-date_issued", "-pk")[:10],
        "issued_meetings": meetings.filter(status=Meeting.Status.ISSUED)[:10],
    }
    context["secretariat"] = user.has_perm("meetings.view_meeting")
    if context["secretariat"]:
        context["my_drafts"] = meetings.filter(created_by=user, status__in=EDITABLE_STATUSES)[:20]
        context["awaiting_signature"] = notices.filter(status=Notice.Status.REVIEW).order_by("-updated_at")[
            :20
        ]
        context["to_issue"] = notices.filter(status=Notice.Status.SIGNED).order_by("-updated_at")[:20]
        context["by_committee"] = _meetings_by_committee(meetings)
        context["statuses"] = Meeting.Status.choices
    else:
        # Unread and in force: a notice since corrected is listed in 我的文件, not here.
        unread = recipients_of(user).filter(first_opened_at__isnull=True, notice__status=Notice.Status.ISSUED)
        context["my_unread"] = unread.order_by("-notice__date_issued")[:10]
        context["open_replies"] = replies_of(user).filter(invitation__date__gte=timezone.localdate())[:5]
    return render(request, "dashboard/home.html", context)


def _meetings_by_committee(meetings):
    """Rows of (label, filter value, [(status, label, count)]) for the committees that have
    sittings, then one row for the organisations' own meetings (conferences, special and joint
    meetings) if there are any."""
    counts = meetings.order_by().values("term__committee", "status").annotate(n=Count("pk"))
    table: dict[int | None, dict[str, int]] = {}
    for row in counts:
        table.setdefault(row["term__committee"], {})[row["status"]] = row["n"]

    def statuses(key):
        return [(status, label, table[key].get(status, 0)) for status, label in Meeting.Status.choices]

    committees = Committee.objects.select_related("organisation").filter(pk__in=[k for k in table if k])
    rows = [(str(committee), str(committee.pk), statuses(committee.pk)) for committee in committees]
    if None in table:
        rows.append((_("机构召开的其他会议"), OWN_MEETINGS, statuses(None)))
    return rows


@require_GET
def health(request):
    """For the reverse proxy and monitoring: the application answers. Public, says nothing."""
    return HttpResponse("ok", content_type="text/plain")
