"""The registers' pages: every resolution and every recommendation of the issued minutes, by
committee, year and outcome or status, with their CSV and XLSX exports; a recommendation's
own page with its follow-up history, and the follow-up form (htmx swaps the row in place; the
plain form post works the same without JavaScript)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cnas_minutes.forms import whole_number
from cnas_minutes.spreadsheets import csv_response, xlsx_response
from meetings.http import attempt
from resolutions.models import Recommendation, Resolution

from . import services
from .forms import FollowUpForm
from .permissions import can_follow_up, recommendation_for_user, register_for_user
from .selectors import (
    Filters,
    facets,
    issued_notices,
    recommendations_in_register,
    resolutions_in_register,
)

PAGE_SIZE = 50


class Register:
    """What differs between the two registers: rows, the filtered state, the export's columns."""

    def __init__(self, kind: str):
        self.kind = kind
        if kind == "resolutions":
            self.rows, self.state_field = resolutions_in_register, "outcome"
            self.states = Resolution.Outcome.choices
        else:
            self.rows, self.state_field = recommendations_in_register, "status"
            self.states = Recommendation.Status.choices

    def filtered(self, request):
        filters = Filters.from_query(request.GET, {value for value, _label in self.states})
        rows = self.rows()
        return filters, rows, filters.apply(rows, self.state_field)

    def header(self) -> list[str]:
        common = [_("委员会"), _("会议"), _("会议日期"), _("发文字号"), _("印发日期"), _("序号")]
        if self.kind == "resolutions":
            return common + [_("提案名称"), _("决议内容"), _("表决结果"), _("注")]
        return common + [_("内容"), _("落实情况"), _("跟进说明"), _("最近登记人"), _("最近登记时间")]

    def table(self, rows) -> list[list]:
        rows = list(rows)
        notices = issued_notices(rows)
        table = []
        for row in rows:
            # (A notice superseded between the two queries: the row without its number.)
            meeting, notice = row.meeting, notices.get(row.meeting_id)
            common = [
                meeting.committee_label,
                meeting.full_name,
                meeting.starts_on,
                notice.number if notice else "",
                notice.date_issued if notice else None,
                row.number,
            ]
            if self.kind == "resolutions":
                table.append(common + [row.proposal, row.text, row.get_outcome_display(), row.note])
            else:
                last = _last_change(row)
                table.append(
                    common
                    + [
                        row.text,
                        row.get_status_display(),
                        row.follow_up,
                        _who(last.changed_by) if last else "",
                        last.changed_at if last else None,
                    ]
                )
        return table


def _last_change(recommendation):
    history = recommendation.follow_ups.all()  # prefetched, the latest first
    return history[0] if history else None


def _who(user) -> str:
    return user.get_full_name() or user.get_username()


def _list(request, kind: str):
    register_for_user(request)
    register = Register(kind)
    filters, everything, rows = register.filtered(request)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    notices = issued_notices(page.object_list)
    may_follow_up = kind == "recommendations" and can_follow_up(request.user)
    for row in page.object_list:
        row.notice = notices.get(row.meeting_id)
        if may_follow_up:
            row.form = _form(row)
    context = {
        "kind": kind,
        "page": page,
        "filters": filters,
        "facets": facets(everything, filters, register.state_field, register.states),
        "query": urlencode(filters.as_query()),
        "can_follow_up": may_follow_up,
        "here": request.get_full_path(),
    }
    return render(request, f"registers/{kind}.html", context)


def _export(request, kind: str, fmt: str):
    register_for_user(request)
    register = Register(kind)
    _filters, _everything, rows = register.filtered(request)
    stem = f"{kind}-{timezone.localdate():%Y%m%d}"
    header, table = register.header(), register.table(rows)
    if fmt == "csv":
        return csv_response(f"{stem}.csv", header, table)
    title = _("决议台账") if kind == "resolutions" else _("意见和建议台账")
    return xlsx_response(f"{stem}.xlsx", title, header, table)


@login_required
@require_GET
def resolution_list(request):
    return _list(request, "resolutions")


@login_required
@require_GET
def recommendation_list(request):
    return _list(request, "recommendations")


@login_required
@require_GET
def resolution_export(request, fmt: str):
    return _export(request, "resolutions", fmt)


@login_required
@require_GET
def recommendation_export(request, fmt: str):
    return _export(request, "recommendations", fmt)


# --- one recommendation and its follow-up ------------------------------------------------


def _form(recommendation, data=None) -> FollowUpForm:
    return FollowUpForm(data, initial={"status": recommendation.status}, auto_id=f"fu{recommendation.pk}-%s")


def _with_notice(recommendation):
    recommendation.notice = issued_notices([recommendation]).get(recommendation.meeting_id)
    return recommendation


@login_required
@require_GET
def recommendation_detail(request, pk: int):
    recommendation = _with_notice(recommendation_for_user(request, pk))
    return _detail(request, recommendation, _form(recommendation))


def _detail(request, recommendation, form, status=200):
    may_follow_up = can_follow_up(request.user)
    context = {"rec": recommendation, "form": form if may_follow_up else None, "can_follow_up": may_follow_up}
    return render(request, "registers/recommendation.html", context, status=status)


def _back(request, recommendation):
    """Where the plain form post returns to: the register page it came from (its filters and
    page read again, nothing else of the posted address kept), or the recommendation's own page."""
    path, _sep, query = request.POST.get("next", "").partition("?")
    register = reverse("registers:recommendations")
    if path != register:
        return redirect("registers:recommendation", pk=recommendation.pk)
    params = QueryDict(query)
    filters = Filters.from_query(params, set(Recommendation.Status.values))
    page = whole_number(params.get("page", ""))
    query = urlencode(filters.as_query() | ({"page": page} if page else {}))
    return redirect(f"{register}{'?' if query else ''}{query}#rec-{recommendation.pk}")


@login_required
@require_POST
def follow_up(request, pk: int):
    recommendation = recommendation_for_user(request, pk, follow_up=True)
    form = _form(recommendation, request.POST)
    htmx = request.headers.get("HX-Request") == "true"
    if form.is_valid():
        outcome = attempt(
            lambda: services.recommendation_follow_up(
                recommendation=recommendation,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                user=request.user,
            ),
            request=request,
            meeting=recommendation.meeting,
            form=form,
            fallback_url=reverse("registers:recommendation", args=[pk]),
        )
        if outcome.response is not None:
            return outcome.response
        if outcome.saved:
            if htmx:
                fresh = _with_notice(recommendations_in_register().get(pk=pk))
                return _row(request, fresh, _form(fresh), saved=True)
            messages.success(
                request, _("已登记第 %(n)s 条意见和建议的跟进情况。") % {"n": recommendation.number}
            )
            return _back(request, recommendation)
    recommendation = _with_notice(recommendations_in_register().get(pk=pk))
    if htmx:
        # htmx swaps only 2xx answers: the row comes back with the form's messages.
        return _row(request, recommendation, form)
    return _detail(request, recommendation, form, status=400)


def _row(request, recommendation, form, *, saved=False):
    recommendation.form = form
    context = {
        "rec": recommendation,
        "can_follow_up": True,
        "expanded": True,
        "saved": saved,
        "here": request.POST.get("next", ""),
    }
    return render(request, "registers/_recommendation.html", context)
