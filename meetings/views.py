from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .selectors import meetings_visible_to, notices_visible_to


@login_required
def home(request):
    """What the user may read: notices and minutes, newest first."""
    return render(
        request,
        "home.html",
        {
            "notices": notices_visible_to(request.user).order_by("-year", "-sequence")[:50],
            "meetings": meetings_visible_to(request.user)[:50],
        },
    )
