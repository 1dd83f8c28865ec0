"""The committees' terms and rosters, and the people's posts, kept by the secretariat (换届: a
new term starts from the previous roster). Every view loads its committee, term or person
through meetings.permissions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from meetings.models import CommitteeTerm
from meetings.permissions import (
    can_keep_rosters,
    committee_for_roster_keeper,
    committees_visible_to,
    person_for_roster_keeper,
    person_for_user,
    require_roster_keeper,
    sees_everything,
    term_for_roster_keeper,
    term_for_user,
)
from people.models import Person, Post

from . import services
from .forms import CommitteeForm, PostForm, SeatEditForm, SeatForm, TermDatesForm, TermStartForm
from .models import Membership

PEOPLE_PER_PAGE = 50


@login_required
@require_GET
def committee_list(request):
    """Every committee with its terms, newest first, and how many seats each roster has."""
    if not sees_everything(request.user):
        raise Http404
    terms = CommitteeTerm.objects.annotate(seats=Count("memberships")).order_by("-number")
    committees = committees_visible_to(request.user).prefetch_related(Prefetch("terms", queryset=terms))
    return render(
        request,
        "attendees/committees.html",
        {"committees": committees, "can_keep": can_keep_rosters(request.user)},
    )


@login_required
def term_create(request, pk: int):
    """A new term of a committee, started from the previous term's roster."""
    committee = committee_for_roster_keeper(request, pk)
    number = services.next_term_number(committee)
    number_asked = request.POST.get("number", "") if request.method == "POST" else ""
    previous = services.previous_term(committee, int(number_asked) if number_asked.isdecimal() else number)
    if request.method == "POST":
        form = TermStartForm(request.POST, committee=committee, previous=previous)
        if form.is_valid():
            data = form.cleaned_data
            try:
                term = services.term_start(
                    committee=committee,
                    number=data["number"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    carried=list(data.get("carried", [])),
                    joining=data["joining"],
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(
                    request,
                    _("已新建“%(term)s”，名单共 %(count)s 个席位。")
                    % {"term": term.name, "count": term.memberships.count()},
                )
                return redirect("rosters:term", pk=term.pk)
    else:
        initial = {"number": number}
        if previous is not None:
            initial["carried"] = list(previous.memberships.values_list("pk", flat=True))
        form = TermStartForm(initial=initial, committee=committee, previous=previous)
    status = 400 if form.is_bound else 200
    context = {"committee": committee, "form": form, "previous": previous}
    return render(request, "attendees/term_create.html", context, status=status)


@login_required
def committee_create(request):
    """A new committee (then its first term from the committees page)."""
    require_roster_keeper(request)
    form = CommitteeForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            committee = services.committee_create(**form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("已新建委员会“%(name)s”。") % {"name": committee.name})
            return redirect(f"{reverse('rosters:committees')}#committee-{committee.pk}")
    status = 400 if form.is_bound else 200
    return render(request, "attendees/committee_create.html", {"form": form}, status=status)


@login_required
@require_POST
def term_dates(request, pk: int):
    """Correct a term's first and last day."""
    term = term_for_roster_keeper(request, pk)
    form = TermDatesForm(request.POST, instance=CommitteeTerm.objects.get(pk=term.pk), prefix="dates")
    if form.is_valid():
        try:
            services.term_dates_update(
                term=term, starts_on=form.cleaned_data["starts_on"], ends_on=form.cleaned_data["ends_on"]
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("已保存届次的起止日期。"))
            return redirect("rosters:term", pk=term.pk)
    return _roster(request, term, dates_form=form, status=400)


def _roster(request, term, *, add_form=None, edit_forms=None, dates_form=None, status=200):
    seats = list(
        term.memberships.select_related("person", "contact")
        .prefetch_related("person__posts")
        .order_by("order", "pk")
    )
    keeper = can_keep_rosters(request.user)
    edit_forms = edit_forms or {}
    rows = [
        (
            seat,
            edit_forms.get(seat.pk)
            or (SeatEditForm(instance=seat, prefix=f"seat-{seat.pk}") if keeper else None),
        )
        for seat in seats
    ]
    context = {
        "term": term,
        "rows": rows,
        "can_keep": keeper,
        "add_form": add_form or (SeatForm(term=term, prefix="seat") if keeper else None),
        "dates_form": dates_form or (TermDatesForm(instance=term, prefix="dates") if keeper else None),
    }
    return render(request, "attendees/roster.html", context, status=status)


@login_required
@require_GET
def term_roster(request, pk: int):
    """A term's roster in order, each seat with its role and the title the minutes print."""
    return _roster(request, term_for_user(request, pk))


def _seat(term, seat_pk: int) -> Membership:
    return get_object_or_404(term.memberships.select_related("person", "contact"), pk=seat_pk)


@login_required
@require_POST
def seat_add(request, pk: int):
    term = term_for_roster_keeper(request, pk)
    form = SeatForm(request.POST, term=term, prefix="seat")
    if form.is_valid():
        try:
            seat = services.seat_add(term=term, seat=form.instance, new_person=form.new_person)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("已将“%(seat)s”加入名单。") % {"seat": seat})
            return redirect("rosters:term", pk=term.pk)
    return _roster(request, term, add_form=form, status=400)


@login_required
@require_POST
def seat_edit(request, pk: int, seat_pk: int):
    term = term_for_roster_keeper(request, pk)
    seat = _seat(term, seat_pk)
    form = SeatEditForm(request.POST, instance=seat, prefix=f"seat-{seat.pk}")
    if form.is_valid():
        try:
            services.seat_update(seat=form.instance)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("已保存“%(seat)s”。") % {"seat": seat})
            return redirect("rosters:term", pk=term.pk)
    return _roster(request, term, edit_forms={seat.pk: form}, status=400)


@login_required
@require_POST
def seat_move(request, pk: int, seat_pk: int, direction: str):
    term = term_for_roster_keeper(request, pk)
    if direction not in ("up", "down"):
        raise Http404
    services.seat_move(seat=_seat(term, seat_pk), step=-1 if direction == "up" else 1)
    return redirect("rosters:term", pk=term.pk)


@login_required
@require_POST
def seat_delete(request, pk: int, seat_pk: int):
    term = term_for_roster_keeper(request, pk)
    seat = _seat(term, seat_pk)
    try:
        services.seat_remove(seat=seat)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已将“%(seat)s”移出名单。") % {"seat": seat})
    return redirect("rosters:term", pk=term.pk)


# --- a person's posts ---------------------------------------------------------------------


@login_required
@require_GET
def person_list(request):
    """Everyone the minutes can name (members, guests, observers), found by name, each with the
    posts held today; a name leads to the person's posts."""
    if not sees_everything(request.user):
        raise Http404
    # NUL never reaches the database (PostgreSQL refuses it in text).
    typed = request.GET.get("q", "").replace("\x00", "").strip()[:50]
    people = Person.objects.prefetch_related(
        Prefetch("posts", queryset=Post.objects.filter(Post.held_on_q(timezone.localdate())))
    ).order_by("name", "id")
    if typed:
        people = people.filter(name__icontains=typed)
    page = Paginator(people, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "attendees/people.html", {"page": page, "typed": typed})


def _person(request, person, *, add_form=None, edit_forms=None, status=200):
    keeper = can_keep_rosters(request.user)
    edit_forms = edit_forms or {}
    posts = list(person.posts.all())
    context = {
        "person": person,
        "rows": [
            (
                post,
                edit_forms.get(post.pk)
                or (PostForm(instance=post, prefix=f"post-{post.pk}") if keeper else None),
            )
            for post in posts
        ],
        "seats": person.memberships.select_related("term__committee__organisation").order_by("-term__number"),
        "can_keep": keeper,
        "add_form": add_form or (PostForm(prefix="post") if keeper else None),
    }
    return render(request, "attendees/person.html", context, status=status)


@login_required
@require_GET
def person_page(request, pk: int):
    """A person's posts with the days each was held, and the rosters they sit on."""
    return _person(request, person_for_user(request, pk))


def _post(person, post_pk: int):
    return get_object_or_404(person.posts.all(), pk=post_pk)


@login_required
@require_POST
def post_add(request, pk: int):
    person = person_for_roster_keeper(request, pk)
    form = PostForm(request.POST, prefix="post")
    if form.is_valid():
        try:
            post = services.post_add(person=person, post=form.instance)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("已添加职务“%(post)s”。") % {"post": post})
            return redirect("attendees:person", pk=person.pk)
    return _person(request, person, add_form=form, status=400)


@login_required
@require_POST
def post_edit(request, pk: int, post_pk: int):
    person = person_for_roster_keeper(request, pk)
    post = _post(person, post_pk)
    form = PostForm(request.POST, instance=post, prefix=f"post-{post.pk}")
    if form.is_valid():
        try:
            services.post_update(post=form.instance)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("已保存职务“%(post)s”。") % {"post": post})
            return redirect("attendees:person", pk=person.pk)
    # The page shows the posts as stored, the refused form as typed.
    person = person_for_user(request, pk)
    return _person(request, person, edit_forms={post.pk: form}, status=400)


@login_required
@require_POST
def post_delete(request, pk: int, post_pk: int):
    person = person_for_roster_keeper(request, pk)
    post = _post(person, post_pk)
    try:
        services.post_delete(post=post)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已删除职务“%(post)s”。") % {"post": post})
    return redirect("attendees:person", pk=person.pk)
