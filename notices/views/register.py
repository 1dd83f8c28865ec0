"""发文登记: every number an office has taken in a year, with its title, dates and status."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cnas_minutes.forms import whole_number
from meetings.permissions import sees_everything

from ..models import IssuingOffice, Notice, NumberSeries


@login_required
@require_GET
def register(request):
    if not sees_everything(request.user):
        raise PermissionDenied
    offices = list(IssuingOffice.objects.select_related("organisation"))
    office = next(
        (o for o in offices if str(o.pk) == request.GET.get("office", "")), offices[0] if offices else None
    )
    years = sorted(
        set(NumberSeries.objects.filter(office=office).values_list("year", flat=True))
        | {timezone.localdate().year},
        reverse=True,
    )
    wanted = request.GET.get("year", "")
    year = whole_number(wanted) if whole_number(wanted) in years else years[0]
    notices = (
        Notice.objects.filter(office=office, year=year, sequence__isnull=False)
        .select_related("office__organisation", "meeting", "signed_by")
        .order_by("sequence")
    )
    series = NumberSeries.objects.filter(office=office, year=year).first()
    return render(
        request,
        "notices/register.html",
        {
            "offices": offices,
            "office": office,
            "years": years,
            "year": year,
            "notices": notices,
            "last_sequence": series.last_sequence if series else 0,
        },
    )
