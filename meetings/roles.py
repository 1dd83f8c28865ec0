"""The roles of the product, kept as Django groups with model permissions."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

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
        "minutesoverride",
        "notice",
    ],
    "attendees": ["person", "post", "membership", "attendance"],
    "resolutions": ["resolution", "recommendation"],
}
_REFERENCE_MODELS = {"meetings": ["organisation", "issuingoffice", "committee", "committeeterm"]}


def _codenames(models: dict[str, list[str]], actions: list[str]) -> list[tuple[str, str]]:
    return [
        (app, f"{action}_{model}") for app, names in models.items() for model in names for action in actions
    ]


ROLE_PERMISSIONS = {
    # Drafts everything and keeps the people and committees up to date.
    SECRETARY: _codenames(_CONTENT_MODELS, ["add", "change", "delete", "view"])
    + _codenames(_REFERENCE_MODELS, ["view"]),
    # Reads everything, approves meetings and signs notices.
    SIGNATORY: _codenames(_CONTENT_MODELS, ["view"])
    + _codenames(_REFERENCE_MODELS, ["view"])
    + [("meetings", "change_meeting"), ("meetings", "change_notice")],
    # Reads what was circulated to them through the app's own views only.
    MEMBER: [],
    # Superuser in practice; the group marks the role.
    ARCHIVIST: _codenames(_CONTENT_MODELS, ["view"]) + _codenames(_REFERENCE_MODELS, ["view"]),
}


@transaction.atomic
def roles_ensure() -> dict[str, Group]:
    """Create or update the role groups and their permissions; return them by name."""
    groups = {}
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = set()
        for app_label, codename in codenames:
            wanted.add(Permission.objects.get(content_type__app_label=app_label, codename=codename).pk)
        if set(group.permissions.values_list("pk", flat=True)) != wanted:
            group.permissions.set(wanted)
        groups[role] = group
    return groups
