"""The archive's pages: the archived records with search and filters (everything for the
archivist and the secretariat, a member's own circulated documents for a member), a record's
files, and 核验 — is this copy one we issued?"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from meetings.permissions import sees_everything

from . import search, services
from .forms import SearchForm, VerifyForm
from .models import FixityCheck
from .permissions import record_for_user, records_visible_to

PER_PAGE = 20


@login_required
@require_GET
def record_list(request):
    """归档: the records the user may see, searched and filtered by the query string."""
    visible = records_visible_to(request.user)
    form = SearchForm(request.GET or None, choices=search.filter_choices(visible))
    form.is_valid()  # what is not valid is reported on the page and left out of the search
    filters = form.filters()
    found = search.records_found(visible, **filters)
    if filters["terms"]:
        # Counting the matches reads every text, and so does finding a page of them: read them
        # once for the keys of all matches, then load the page's records by key.
        page = Paginator(list(found.values_list("pk", flat=True)), PER_PAGE).get_page(request.GET.get("page"))
        page.object_list = search.in_order(page.object_list)
    else:
        page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    unindexed = 0
    if filters["terms"] and sees_everything(request.user):
        unindexed = visible.filter(search_text__isnull=True).count()
    context = {
        "form": form,
        "page": page,
        "results": search.results(page, filters["terms"]),
        "searching": any(filters.values()),
        "unindexed": unindexed,
    }
    return render(request, "archive/list.html", context)


@login_required
@require_GET
def record_file(request, pk: int, kind: str):
    record = record_for_user(request, pk)
    if kind == "pdf":
        stored, content_type, name = record.package, "application/pdf", f"{record.sha256[:12]}.pdf"
    elif kind == "json":
        stored, content_type, name = record.metadata_file, "application/json", f"{record.sha256[:12]}.json"
    else:
        raise Http404
    try:
        handle = stored.open("rb")
    except OSError:
        raise Http404 from None
    return FileResponse(handle, content_type=content_type, as_attachment=True, filename=name)


@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    posted = request.method == "POST"
    form = VerifyForm(request.POST if posted else None, request.FILES if posted else None)
    verdict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data.get("file")
        verdict = services.verify_bytes(data) if data else services.verify_digest(form.cleaned_data["sha256"])
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, "archive/verify.html", {"form": form, "verdict": verdict}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def fixity(request):
    """The archive's fixity check: the last run and what it found; 立即核查 starts another (in
    the background, one at a time)."""
    if not sees_everything(request.user):
        raise Http404
    if request.method == "POST":
        services.fixity_check_request(user=request.user)
        messages.success(request, _("已开始核查全部归档记录，完成后本页显示结果。"))
        return redirect("archive:fixity")
    last = FixityCheck.objects.select_related("requested_by").first()
    problems = (
        [{**p, "label": services.PROBLEM_LABELS.get(p["kind"], p["kind"])} for p in last.problems]
        if last
        else []
    )
    return render(request, "archive/fixity.html", {"check": last, "problems": problems})
