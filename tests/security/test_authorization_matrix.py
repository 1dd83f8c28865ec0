"""Every URL of the project, asked by every kind of user: who gets in, who is sent to log in,
who is refused. A view added without an entry here fails `test_every_url_is_in_the_matrix`,
so nobody adds a page without deciding who may open it.

Two meetings: the seed (issued, 认可委（秘）〔2020〕20号) and a draft with a drafted notice. A
member sits on the seed's committee term, so they read the issued one and nothing else.
Statuses: 200 shown · 302 redirected (to log in for anonymous users; elsewhere after a POST) ·
403 refused by role · 404 not there for this user · 405 wrong method.
"""

import datetime

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from attendees.models import Attendance, Membership
from meetings.models import Meeting
from notices import services
from notices.models import Notice
from people.models import Person

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "outsider", "member", "secretary", "signatory", "archivist"]
# Built-in views that are not the app's (Django's own login/logout, the language switch).
FRAMEWORK = {"login", "logout", "password_change", "password_change_done", "set_language"}


def _project_url_names() -> set[str]:
    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern):
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return set(walk(get_resolver().url_patterns)) - FRAMEWORK


@pytest.fixture
def world(seed_meeting, secretary):
    draft = Meeting.objects.create(
        term=seed_meeting.term,
        sitting=3,
        starts_on=datetime.date(2020, 6, 18),
        place="北京",
        created_by=secretary,
    )
    person = Person.objects.get(name="郎志正")
    Attendance.objects.create(meeting=draft, person=person, category="present")
    notice = services.notice_create(meeting=draft, created_by=secretary, **services.notice_defaults(draft))
    resolution = draft.resolutions.create(number=1, proposal="《提案》", outcome="passed")
    return {
        "issued": seed_meeting,
        "issued_notice": Notice.objects.get(meeting=seed_meeting),
        "draft": draft,
        "draft_notice": notice,
        "row": resolution,
        "person": person,
    }


@pytest.fixture
def users(request, world, outsider, member, secretary, signatory, archivist):
    assert Membership.objects.filter(term=world["issued"].term, person=world["person"]).exists()
    Person.objects.filter(pk=world["person"].pk).update(user=member)
    return {
        "anonymous": None,
        "outsider": outsider,
        "member": member,
        "secretary": secretary,
        "signatory": signatory,
        "archivist": archivist,
    }


def _url(name: str, world) -> str:
    draft, issued, row = world["draft"], world["issued"], world["row"]
    args = {
        "meetings:list": [],
        "meetings:create": [],
        "home": [],
        "health": [],
        "notices:register": [],
        "attendees:person_search": [],
        "minutes:editor": [draft.pk],
        "minutes:attendance_from_members": [draft.pk],
        "minutes:attendance_bulk": [draft.pk],
        "minutes:speech_move": [draft.pk, 999, "up"],
        "minutes:override_save": [draft.pk, "closing"],
        "minutes:override_revert": [draft.pk, "closing"],
        "minutes:section_add": [draft.pk, "resolution"],
        "minutes:section_edit": [draft.pk, "resolution", row.pk],
        "minutes:section_delete": [draft.pk, "resolution", row.pk],
        "minutes:section_move": [draft.pk, "resolution", row.pk, "down"],
        "minutes:preview": [issued.pk],
        "minutes:pdf": [issued.pk],
        "notices:meeting": [issued.pk],
        "notices:edit": [draft.pk],
        "notices:preview": [world["issued_notice"].pk],
        "notices:pdf": [world["issued_notice"].pk],
        "notices:transition": [world["draft_notice"].pk, "submit"],
    }[name]
    return reverse(name, args=args)


LOGIN = 302
SECRETARIAT_ONLY = {"outsider": 404, "member": 404, "secretary": 200, "signatory": 403, "archivist": 403}
# name: (method, {role: status}); anonymous users are sent to log in unless said otherwise.
MATRIX = {
    "health": ("get", dict.fromkeys(ROLES, 200)),
    "home": ("get", dict.fromkeys(ROLES[1:], 200)),
    "meetings:list": ("get", dict.fromkeys(ROLES[1:], 200)),
    "meetings:create": (
        "get",
        {"outsider": 403, "member": 403, "secretary": 200, "signatory": 403, "archivist": 403},
    ),
    "notices:register": (
        "get",
        {"outsider": 403, "member": 403, "secretary": 200, "signatory": 200, "archivist": 200},
    ),
    "attendees:person_search": (
        "get",
        {"outsider": 403, "member": 403, "secretary": 200, "signatory": 403, "archivist": 403},
    ),
    "minutes:editor": ("get", SECRETARIAT_ONLY),
    "minutes:attendance_from_members": ("post", {**SECRETARIAT_ONLY, "secretary": 302}),
    # An empty form from the secretary: 400 with the form's messages.
    "minutes:attendance_bulk": ("post", {**SECRETARIAT_ONLY, "secretary": 400}),
    "minutes:speech_move": ("post", {**SECRETARIAT_ONLY, "secretary": 404}),
    "minutes:override_save": ("post", {**SECRETARIAT_ONLY, "secretary": 400}),
    "minutes:override_revert": ("post", {**SECRETARIAT_ONLY, "secretary": 302}),
    "minutes:section_add": ("post", {**SECRETARIAT_ONLY, "secretary": 400}),
    # Without htmx, a row's edit link opens the editor at that row.
    "minutes:section_edit": ("get", {**SECRETARIAT_ONLY, "secretary": 302}),
    "minutes:section_delete": ("post", {**SECRETARIAT_ONLY, "secretary": 302}),
    "minutes:section_move": ("post", {**SECRETARIAT_ONLY, "secretary": 302}),
    "minutes:preview": (
        "get",
        {"outsider": 404, "member": 200, "secretary": 200, "signatory": 200, "archivist": 200},
    ),
    "minutes:pdf": (
        "get",
        {"outsider": 404, "member": 200, "secretary": 200, "signatory": 200, "archivist": 200},
    ),
    "notices:meeting": (
        "get",
        {"outsider": 404, "member": 200, "secretary": 200, "signatory": 200, "archivist": 200},
    ),
    "notices:edit": ("get", SECRETARIAT_ONLY),
    "notices:preview": (
        "get",
        {"outsider": 404, "member": 200, "secretary": 200, "signatory": 200, "archivist": 200},
    ),
    "notices:pdf": (
        "get",
        {"outsider": 404, "member": 200, "secretary": 200, "signatory": 200, "archivist": 200},
    ),
    # Submitting is the secretary's step; the signatory and the archivist are refused.
    "notices:transition": (
        "post",
        {"outsider": 404, "member": 404, "secretary": 302, "signatory": 403, "archivist": 403},
    ),
}


def test_every_url_is_in_the_matrix():
    assert _project_url_names() == set(MATRIX)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_who_may_open_what(client, world, users, name):
    method, expected = MATRIX[name]
    expected = {"anonymous": LOGIN, **expected}
    url = _url(name, world)
    seen = {}
    for role in ROLES:
        client.logout()
        if users[role] is not None:
            client.force_login(users[role])
        response = (
            getattr(client, method)(url, HTTP_HX_REQUEST="true") if method == "post" else client.get(url)
        )
        seen[role] = response.status_code
        if role == "anonymous" and response.status_code == 302:
            assert response["Location"].startswith(reverse("login")), url
    assert seen == expected, url
