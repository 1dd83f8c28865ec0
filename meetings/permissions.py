"""Who may do what: the product's roles and the access helper for meetings.

The roles (secretary, signatory, member, archivist) are Django groups with model permissions,
created by a data migration (`meetings/migrations/0002_roles.py`), so `migrate` alone gives a
working database. Models of higher layers are named here by app label only (no import).

Every view that loads a meeting goes through `meeting_for_user` (may this user see it? 404
otherwise: whether a meeting exists is not for outsiders to learn) or `meeting_for_editor`
(may this user change it? 403).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from people.models import Person

from .models import FROZEN_STATUSES, Committee, CommitteeTerm, Meeting

SECRETARY = "secretary"
SIGNATORY = "signatory"
MEMBER = "member"
ARCHIVIST = "archivist"

_CONTENT_MODELS = {
    "meetings": [
        "meeting",
        "meetingphase",
        "speech",
        "speechparagraph",
        "speechpoint",
        "report",
        "otherbusiness",
    ],
    "people": ["person", "post"],
    "attendees": ["membership", "attendance"],
    "resolutions": ["resolution", "recommendation"],
    "minutes": ["minutesoverride"],
    "notices": ["notice", "transition", "issuedcopy"],
    "circulation": ["recipient", "invitation", "reply"],
}
# Read by every role that reads everything; written by the application only (never by hand).
_ARCHIVE_MODELS = {"archive": ["archiverecord"]}
# The follow-up log of recommendations: appended to by the secretariat, read by the insiders,
# never changed (registers.models.FollowUp).
_FOLLOW_UP_MODELS = {"registers": ["followup"]}
_REFERENCE_MODELS = {
    "people": ["organisation"],
    "notices": ["issuingoffice", "numberseries"],
    "meetings": ["committee", "committeeterm"],
}


def _codenames(models: dict[str, list[str]], actions: list[str]) -> list[tuple[str, str]]:
    return [
        (app, f"{action}_{model}") for app, names in models.items() for model in names for action in actions
    ]


ROLE_PERMISSIONS = {
    # Drafts minutes and notices, submits them for review, issues what was signed off.
    SECRETARY: _codenames(_CONTENT_MODELS, ["add", "change", "delete", "view"])
    + _codenames(_REFERENCE_MODELS, ["view"])
    + _codenames(_ARCHIVE_MODELS, ["view"])
    + _codenames(_FOLLOW_UP_MODELS, ["add", "view"])
    + [("notices", "submit_notice")]
    # Keeps the committees' terms and rosters (换届); a committee itself is the admin's.
    + [("meetings", "add_committeeterm"), ("meetings", "change_committeeterm")],
    # Reads everything; signs off or returns what was submitted. Changes nothing by hand.
    SIGNATORY: _codenames(_CONTENT_MODELS, ["view"])
    + _codenames(_REFERENCE_MODELS, ["view"])
    + _codenames(_ARCHIVE_MODELS, ["view"])
    + _codenames(_FOLLOW_UP_MODELS, ["view"])
    + [("notices", "sign_notice")],
    # Reads what was circulated to them through the app's own views only.
    MEMBER: [],
    # Reads everything and keeps the archive; drafts nothing.
    ARCHIVIST: _codenames(_CONTENT_MODELS, ["view"])
    + _codenames(_REFERENCE_MODELS, ["view"])
    + _codenames(_ARCHIVE_MODELS, ["view"])
    + _codenames(_FOLLOW_UP_MODELS, ["view"]),
}


@transaction.atomic
def roles_ensure(apps=None) -> dict:
    """Create or update the role groups and their permissions; return them by name.

    `apps` is the migration's app registry when called from a data migration.
    """
    if apps is None:
        from django.apps import apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    groups = {}
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = set()
        for app_label, codename in codenames:
            # A permission of an app migrated later does not exist yet; that app's own roles
            # migration grants it.
            wanted.update(
                Permission.objects.filter(content_type__app_label=app_label, codename=codename).values_list(
                    "pk", flat=True
                )
            )
        if set(group.permissions.values_list("pk", flat=True)) != wanted:
            group.permissions.set(wanted)
        groups[role] = group
    return groups


# --- who sees which meeting -------------------------------------------------------------


def _sees_everything(user) -> bool:
    return user.is_active and (user.is_superuser or user.has_perm("meetings.view_meeting"))


def can_draft(user) -> bool:
    """Secretaries draft minutes; signatories, members and archivists read them."""
    return user.is_active and user.has_perm("meetings.add_meeting")


def can_sign(user) -> bool:
    """Signatories sign off or return what the secretariat submitted."""
    return user.is_active and user.has_perm("notices.sign_notice")


def sees_everything(user) -> bool:
    """The secretariat, signatories and archivists read every meeting and notice."""
    return _sees_everything(user)


def meetings_visible_to(user) -> QuerySet[Meeting]:
    """Secretariat, signatories and archivists see every meeting; anyone else sees the issued
    minutes whose notice was circulated to them (circulation.Recipient), and nothing else: not
    every issued document of their committee, never a draft. A meeting of the organisation's
    own (a conference, a special or joint meeting) is no different: the people the secretariat
    circulated it to read it, no one else."""
    meetings = Meeting.objects.select_related("organisation", "term__committee__organisation")
    if not user.is_authenticated:
        return meetings.none()
    if _sees_everything(user):
        return meetings
    return meetings.filter(
        pk__in=Meeting.objects.filter(
            Q(notices__circulation__person__user=user)
            & Q(notices__status__in=FROZEN_STATUSES)
            & Q(status__in=FROZEN_STATUSES)
        ).values("pk")
    )


def meeting_for_user(request, pk: int) -> Meeting:
    """The meeting `pk` if the user may read it; 404 otherwise."""
    return get_object_or_404(meetings_visible_to(request.user), pk=pk)


def meeting_for_editor(request, pk: int) -> Meeting:
    """The meeting `pk` if the user may draft it; 404 if they may not see it, 403 if they may
    only read it."""
    meeting = meeting_for_user(request, pk)
    if not can_draft(request.user):
        raise PermissionDenied
    return meeting


# --- committees, their terms and rosters ---------------------------------------------------


def can_keep_rosters(user) -> bool:
    """The secretariat starts terms and keeps their rosters; everyone else at most reads them."""
    return (
        user.is_active
        and user.has_perm("meetings.add_committeeterm")
        and user.has_perm("meetings.change_committeeterm")
        and user.has_perm("attendees.change_membership")
    )


def committees_visible_to(user) -> QuerySet[Committee]:
    """The insiders (secretariat, signatories, archivists) read every committee and roster;
    members and outsiders none: who sits on which committee is the secretariat's list."""
    committees = Committee.objects.select_related("organisation")
    return committees if user.is_authenticated and _sees_everything(user) else committees.none()


def committee_for_user(request, pk: int) -> Committee:
    """The committee `pk` if the user may read it; 404 otherwise."""
    return get_object_or_404(committees_visible_to(request.user), pk=pk)


def committee_for_roster_keeper(request, pk: int) -> Committee:
    """The committee `pk` if the user may start its terms; 404 if they may not see it, 403 if
    they may only read it."""
    committee = committee_for_user(request, pk)
    if not can_keep_rosters(request.user):
        raise PermissionDenied
    return committee


def require_roster_keeper(request) -> None:
    """For pages that create a committee: 404 to whoever may not see committees, 403 to those who
    may only read them."""
    if not (request.user.is_authenticated and _sees_everything(request.user)):
        raise Http404
    if not can_keep_rosters(request.user):
        raise PermissionDenied


def term_for_user(request, pk: int) -> CommitteeTerm:
    """The committee term `pk` if the user may read its roster; 404 otherwise."""
    terms = CommitteeTerm.objects.select_related("committee__organisation")
    return get_object_or_404(terms.filter(committee__in=committees_visible_to(request.user)), pk=pk)


def term_for_roster_keeper(request, pk: int) -> CommitteeTerm:
    """The committee term `pk` if the user may change its roster; 404 if they may not see it,
    403 if they may only read it."""
    term = term_for_user(request, pk)
    if not can_keep_rosters(request.user):
        raise PermissionDenied
    return term


def person_for_user(request, pk: int) -> Person:
    """The person `pk` with their posts if the user may read them (the insiders, as for the
    rosters); 404 otherwise."""
    if not (request.user.is_authenticated and _sees_everything(request.user)):
        raise Http404
    return get_object_or_404(Person.objects.prefetch_related("posts"), pk=pk)


def person_for_roster_keeper(request, pk: int) -> Person:
    """The person `pk` if the user may change their posts (the secretariat, who keeps the
    rosters); 404 if they may not see it, 403 if they may only read it."""
    person = person_for_user(request, pk)
    if not can_keep_rosters(request.user):
        raise PermissionDenied
    return person
