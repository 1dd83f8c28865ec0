"""Every URL of the project, asked by every kind of user: who gets in, who is sent to log in,
who is refused. A view added without an entry here fails `test_every_url_is_in_the_matrix`,
so nobody adds a page without deciding who may open it.

Two meetings: the seed (issued, 认可委（秘）〔2020〕20号) and a draft with a drafted notice. The
seed's notice was circulated to its committee term, the member among them, so they read the
issued one and nothing else; the draft has an invitation the member was sent.
Statuses: 200 shown · 302 redirected (to log in for anonymous users; elsewhere after a POST) ·
403 refused by role · 404 not there for this user · 405 wrong method.
"""

import datetime

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from archive.services import archive_record_create
from attendees.models import Attendance, Membership
from circulation import services as circulation_services
from circulation.models import Invitation, Reply
from meetings.models import Meeting
from notices import services
from notices.models import Notice
from notices.services import issued_copy_store
from people.models import Person, Post

from ..http import close_response

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
    recipient = circulation_services.recipients_ensure(notice=notice)[0]
    seed_notice = Notice.objects.get(meeting=seed_meeting)
    record = archive_record_create(notice=seed_notice, copy=issued_copy_store(notice=seed_notice))
    # Made directly: the service only sends invitations for meetings still to come.
    invitation = Invitation.objects.create(
        meeting=draft,
        date=draft.starts_on,
        place="北京",
        agenda="议程",
        reply_by=draft.starts_on,
        sent_at=datetime.datetime(2020, 6, 1, tzinfo=datetime.UTC),
    )
    reply = Reply.objects.create(invitation=invitation, person=person, answer="attend")
    return {
        "issued": seed_meeting,
        "issued_notice": Notice.objects.get(meeting=seed_meeting),
        "draft": draft,
        "draft_notice": notice,
        "row": resolution,
        "person": person,
        "recipient": recipient,
        "invitation": invitation,
        "reply": reply,
        "record": record,
        "recommendation": seed_meeting.recommendations.get(number=1),
        "seat": Membership.objects.get(term=seed_meeting.term, member_organisation="海尔集团"),
        "post": Post.objects.select_related("person").first(),
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
        "minutes:attendance_order_move": [draft.pk, "observer", "up"],
        "minutes:speech_move": [draft.pk, 999, "up"],
        "minutes:override_save": [draft.pk, "closing"],
        "minutes:override_revert": [draft.pk, "closing"],
        "minutes:section_add": [draft.pk, "resolution"],
        "minutes:section_paste": [draft.pk, "resolution"],
        "minutes:section_edit": [draft.pk, "resolution", row.pk],
        "minutes:section_delete": [draft.pk, "resolution", row.pk],
        "minutes:section_move": [draft.pk, "resolution", row.pk, "down"],
        "minutes:section_move_to": [draft.pk, "resolution", row.pk],
        "minutes:section_text": [draft.pk, "report"],
        "minutes:section_panel": [draft.pk, "resolution"],
        "minutes:preview": [issued.pk],
        "minutes:pdf": [issued.pk],
        "notices:meeting": [issued.pk],
        "notices:edit": [draft.pk],
        "notices:preview": [world["issued_notice"].pk],
        "notices:pdf": [world["issued_notice"].pk],
        "notices:transition": [world["draft_notice"].pk, "submit"],
        "circulation:mine": [],
        "circulation:read": [world["issued_notice"].pk],
        "circulation:acknowledge": [world["issued_notice"].pk],
        "circulation:reply": [world["invitation"].pk],
        "circulation:notice": [world["issued_notice"].pk],
        "circulation:csv": [world["issued_notice"].pk],
        "circulation:add": [world["draft_notice"].pk],
        "circulation:reset": [world["draft_notice"].pk],
        "circulation:remove": [world["draft_notice"].pk, world["recipient"].pk],
        "circulation:remind": [world["issued_notice"].pk],
        "circulation:resend": [world["issued_notice"].pk],
        "circulation:invitation": [draft.pk],
        "circulation:meeting_delete": [draft.pk],
        "circulation:replies": [draft.pk],
        "circulation:confirm_all": [draft.pk],
        "circulation:confirm": [draft.pk, world["reply"].pk],
        "archive:list": [],
        "archive:verify": [],
        "archive:fixity": [],
        "archive:file": [world["record"].pk, "json"],
        "registers:resolutions": [],
        "registers:resolutions_csv": [],
        "registers:resolutions_xlsx": [],
        "registers:recommendations": [],
        "registers:recommendations_csv": [],
        "registers:recommendations_xlsx": [],
        "registers:recommendation": [world["recommendation"].pk],
        "registers:follow_up": [world["recommendation"].pk],
        "rosters:committees": [],
        "rosters:committee_create": [],
        "rosters:term_create": [issued.term.committee_id],
        "rosters:term": [issued.term_id],
        "rosters:term_dates": [issued.term_id],
        "rosters:seat_add": [issued.term_id],
        "rosters:seat_edit": [issued.term_id, world["seat"].pk],
        "rosters:seat_move": [issued.term_id, world["seat"].pk, "down"],
        "rosters:seat_delete": [issued.term_id, world["seat"].pk],
        "attendees:people": [],
        "attendees:person": [world["post"].person_id],
        "attendees:post_add": [world["post"].person_id],
        "attendees:post_edit": [world["post"].person_id, world["post"].pk],
        "attendees:post_delete": [world["post"].person_id, world["post"].pk],
    }[name]
    return reverse(name, args=args)


LOGIN = 302
SECRETARIAT_ONLY = {"outsider": 404, "member": 404, "secretary": 200, "signatory": 403, "archivist": 403}
# A member's own rows (what was circulated to them, their reply slip): nobody else's business.
OWN_ONLY = {"outsider": 404, "member": 200, "secretary": 404, "signatory": 404, "archivist": 404}
INSIDERS = {"outsider": 404, "member": 404, "secretary": 200, "signatory": 200, "archivist": 200}
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
    # These posts go through htmx here (see below): the editor answers in place, 200, where a
    # plain post is redirected (302) back to the editor.
    "minutes:attendance_from_members": ("post", {**SECRETARIAT_ONLY, "secretary": 200}),
    # An empty form from the secretary: 400 with the form's messages.
    "minutes:attendance_bulk": ("post", {**SECRETARIAT_ONLY, "secretary": 400}),
    # Without a version the move is a conflict: a message and back to the editor.
    "minutes:attendance_order_move": ("post", {**SECRETARIAT_ONLY, "secretary": 200}),
    "minutes:speech_move": ("post", {**SECRETARIAT_ONLY, "secretary": 404}),
    "minutes:override_save": ("post", {**SECRETARIAT_ONLY, "secretary": 400}),
    "minutes:override_revert": ("post", {**SECRETARIAT_ONLY, "secretary": 200}),
    "minutes:section_add": ("post", {**SECRETARIAT_ONLY, "secretary": 400}),
    # The paste page opens empty; its posts are checked like section_add's.
    "minutes:section_paste": ("get", SECRETARIAT_ONLY),
    # Without htmx, a row's edit link opens the editor at that row.
    "minutes:section_edit": ("get", {**SECRETARIAT_ONLY, "secretary": 302}),
    "minutes:section_delete": ("post", {**SECRETARIAT_ONLY, "secretary": 200}),
    "minutes:section_move": ("post", {**SECRETARIAT_ONLY, "secretary": 200}),
    # A drop without a position is refused with a message (the editor at the row).
    "minutes:section_move_to": ("post", {**SECRETARIAT_ONLY, "secretary": 200}),
    # An empty conclusion is allowed but the missing version is a conflict, shown in the editor.
    "minutes:section_text": ("post", {**SECRETARIAT_ONLY, "secretary": 409}),
    # Without htmx, a section's address opens the editor at that section.
    "minutes:section_panel": ("get", {**SECRETARIAT_ONLY, "secretary": 302}),
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
    "circulation:mine": ("get", dict.fromkeys(ROLES[1:], 200)),
    "circulation:read": ("get", OWN_ONLY),
    "circulation:acknowledge": ("post", {**OWN_ONLY, "member": 302}),
    "circulation:reply": ("get", OWN_ONLY),
    "circulation:notice": ("get", INSIDERS),
    "circulation:csv": ("get", INSIDERS),
    # Secretaries change the list (an empty form: a message and back); the others only read it.
    "circulation:add": ("post", {**SECRETARIAT_ONLY, "secretary": 302, "signatory": 403, "archivist": 403}),
    "circulation:reset": ("post", {**SECRETARIAT_ONLY, "secretary": 302}),
    "circulation:remove": ("post", {**SECRETARIAT_ONLY, "secretary": 302}),
    "circulation:remind": ("post", {**SECRETARIAT_ONLY, "secretary": 302}),
    "circulation:resend": ("post", {**SECRETARIAT_ONLY, "secretary": 302}),
    "circulation:invitation": ("get", SECRETARIAT_ONLY),
    # The confirmation page (this draft's invitation was sent: it says why it may not go).
    "circulation:meeting_delete": ("get", SECRETARIAT_ONLY),
    "circulation:replies": ("get", SECRETARIAT_ONLY),
    "circulation:confirm_all": ("post", {**SECRETARIAT_ONLY, "secretary": 302}),
    "circulation:confirm": ("post", {**SECRETARIAT_ONLY, "secretary": 302}),
    # Everyone signed in searches the archive and finds what they may read (an outsider: nothing);
    # a member opens the records of what was circulated to them, the seed's among them.
    "archive:list": ("get", dict.fromkeys(ROLES[1:], 200)),
    "archive:file": ("get", {**INSIDERS, "member": 200}),
    "archive:fixity": ("get", INSIDERS),
    # Anyone signed in may ask whether a copy they hold is authentic.
    "archive:verify": ("get", dict.fromkeys(ROLES[1:], 200)),
    # The registers of the issued minutes, and their exports: the insiders'.
    "registers:resolutions": ("get", INSIDERS),
    "registers:resolutions_csv": ("get", INSIDERS),
    "registers:resolutions_xlsx": ("get", INSIDERS),
    "registers:recommendations": ("get", INSIDERS),
    "registers:recommendations_csv": ("get", INSIDERS),
    "registers:recommendations_xlsx": ("get", INSIDERS),
    "registers:recommendation": ("get", INSIDERS),
    # The secretariat follows a recommendation up (an empty form through htmx: the row comes
    # back with the form's messages, 200, as htmx swaps only 2xx); the others read only.
    "registers:follow_up": ("post", {**SECRETARIAT_ONLY, "secretary": 200}),
    # The committees' terms and rosters: the insiders read them, the secretariat keeps them
    # (an empty seat form: 400 with its messages; a move or removal: back to the roster).
    "rosters:committees": ("get", INSIDERS),
    "rosters:term": ("get", INSIDERS),
    "rosters:committee_create": ("get", SECRETARIAT_ONLY),
    "rosters:term_dates": ("post", {**SECRETARIAT_ONLY, "secretary": 302}),
    "rosters:term_create": ("get", SECRETARIAT_ONLY),
    "rosters:seat_add": ("post", {**SECRETARIAT_ONLY, "secretary": 400}),
    "rosters:seat_edit": ("post", {**SECRETARIAT_ONLY, "secretary": 400}),
    "rosters:seat_move": ("post", {**SECRETARIAT_ONLY, "secretary": 302}),
    "rosters:seat_delete": ("post", {**SECRETARIAT_ONLY, "secretary": 302}),
    "attendees:people": ("get", INSIDERS),
    "attendees:person": ("get", INSIDERS),
    "attendees:post_add": ("post", {**SECRETARIAT_ONLY, "secretary": 400}),
    "attendees:post_edit": ("post", {**SECRETARIAT_ONLY, "secretary": 400}),
    "attendees:post_delete": ("post", {**SECRETARIAT_ONLY, "secretary": 302}),
}


def test_every_url_is_in_the_matrix():
    assert _project_url_names() == set(MATRIX)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_who_may_open_what(client, world, users, name):
    method, expected = MATRIX[name]
    expected = {"anonymous": LOGIN, **expected}
    url = _url(name, world)
    assert resolve(url).view_name == name, f"{url} is taken by {resolve(url).view_name}"
    seen = {}
    for role in ROLES:
        client.logout()
        if users[role] is not None:
            client.force_login(users[role])
        response = (
            getattr(client, method)(url, HTTP_HX_REQUEST="true") if method == "post" else client.get(url)
        )
        seen[role] = response.status_code
        close_response(response)  # file downloads are streamed
        if role == "anonymous" and response.status_code == 302:
            assert response["Location"].startswith(reverse("login")), url
    assert seen == expected, url
