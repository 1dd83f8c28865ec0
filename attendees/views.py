"""Finding people by part of their name, for the name boxes of the minutes editor."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from meetings.permissions import can_draft
from people.models import Person, Post

SEARCH_LIMIT = 20


@login_required
@require_GET
def person_search(request):
    """<option>s of the people whose name contains what was typed, with their current posts.

    The name box sends its own value under its own field name (htmx), so any parameter counts.
    """
    if not can_draft(request.user):
        raise PermissionDenied
    # NUL never reaches the database (PostgreSQL refuses it in text).
    typed = next((value.strip() for value in request.GET.values() if value.strip()), "")
    typed = typed.replace("\x00", "").strip()[:50]
    people = []
    if typed:
        people = (
            Person.objects.filter(name__icontains=typed)
            .prefetch_related(
                Prefetch("posts", queryset=Post.objects.filter(Post.held_on_q(timezone.localdate())))
            )
            .order_by("name", "id")[:SEARCH_LIMIT]
        )
    return render(request, "attendees/person_options.html", {"people": people})
