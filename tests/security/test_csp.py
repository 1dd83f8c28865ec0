"""Content-Security-Policy and the other security headers on every page; no inline script in
the templates; only the two document previews may be framed, by the app itself."""

import re
from pathlib import Path

import pytest
from django.urls import URLResolver, get_resolver, reverse

from meetings.models import Meeting
from people.models import Person

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
POLICY = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'none'"],
}
PREVIEW_POLICY = {**POLICY, "frame-ancestors": ["'self'"], "style-src": ["'self'", "'unsafe-inline'"]}
PREVIEWS = {"minutes:preview", "notices:preview"}
# URL names whose pk is a notice's; every other pk is a meeting's.
NOTICE_PK = {"notices:preview", "notices:pdf", "notices:transition"} | {
    f"circulation:{name}"
    for name in ["read", "acknowledge", "notice", "csv", "add", "reset", "remove", "remind", "resend"]
}
# URL names whose pk is a recommendation's (the seed's first).
RECOMMENDATION_PK = {"registers:recommendation", "registers:follow_up"}
# URL names whose pk is a committee term's, or a committee's (the seed's).
TERM_PK = {
    f"rosters:{name}" for name in ["term", "term_dates", "seat_add", "seat_edit", "seat_move", "seat_delete"]
}
COMMITTEE_PK = {"rosters:term_create"}
# URL names whose pk is a person's (乔东, on the seed's roster).
PERSON_PK = {f"attendees:{name}" for name in ["person", "post_add", "post_edit", "post_delete"]}
# Pages a secretary opens (the rest take a POST, or are reached from a link in an e-mail).
PAGES = {
    "home",
    "meetings:list",
    "meetings:create",
    "minutes:editor",
    "minutes:section_paste",
    "minutes:preview",
    "minutes:pdf",
    "notices:meeting",
    "notices:edit",
    "notices:register",
    "notices:preview",
    "notices:pdf",
    "attendees:person_search",
    "circulation:mine",
    "circulation:notice",
    "circulation:csv",
    "circulation:invitation",
    "circulation:meeting_delete",
    "circulation:replies",
    "archive:list",
    "archive:verify",
    "archive:fixity",
    "registers:resolutions",
    "registers:resolutions_csv",
    "registers:resolutions_xlsx",
    "registers:recommendations",
    "registers:recommendations_csv",
    "registers:recommendations_xlsx",
    "registers:recommendation",
    "rosters:committees",
    "rosters:committee_create",
    "rosters:term_create",
    "rosters:term",
    "attendees:person",
    "attendees:people",
    "password_change",
    "password_change_done",
}


def _policy(response) -> dict[str, list[str]]:
    directives = (part.split() for part in response["Content-Security-Policy"].split(";"))
    return {name: sources for name, *sources in directives}


def _app_url_names(patterns=None, namespace=""):
    """Every named URL of the app with its parameters; the admin has its own pages."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name != "admin":
                prefix = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from _app_url_names(pattern.url_patterns, prefix)
        elif pattern.name:
            yield namespace + pattern.name, list(pattern.pattern.converters)


@pytest.fixture
def draft(seed_meeting):
    return Meeting.objects.create(term=seed_meeting.term, sitting=3, starts_on="2020-06-18", place="北京")


def _url(name, params, meeting, notice):
    if name in RECOMMENDATION_PK:
        pk = notice.meeting.recommendations.get(number=1).pk
    elif name in TERM_PK:
        pk = meeting.term_id
    elif name in COMMITTEE_PK:
        pk = meeting.term.committee_id
    elif name in PERSON_PK:
        pk = Person.objects.get(name="乔东").pk
    else:
        pk = notice.pk if name in NOTICE_PK else meeting.pk
    values = {
        "pk": pk,
        "speech_pk": 1,
        "row_pk": 1,
        "seat_pk": 1,
        "post_pk": 1,
        "recipient_pk": 1,
        "reply_pk": 1,
        "kind": "json",
        "key": "summary",
        "slug": "resolution",
        "clause": "observer",
        "direction": "up",
        "action": "submit",
        "uidb64": "MQ",
        "token": "set-password",
    }
    return reverse(name, kwargs={param: values[param] for param in params})


def test_every_page_carries_the_policy_and_security_headers(client, secretary, seed_meeting, draft):
    notice = seed_meeting.notices.get()
    client.force_login(secretary)
    names = dict(_app_url_names())
    assert PAGES <= names.keys()

    for name, params in names.items():
        # A draft meeting (the editor opens), and the issued seed package's notice.
        url = _url(name, params, draft, notice)
        response = client.get(url, {"q": "郎"} if name == "attendees:person_search" else {})

        assert response.status_code < 500, url
        if name in PAGES:
            assert response.status_code == 200, url
        expected = PREVIEW_POLICY if name in PREVIEWS else POLICY
        assert _policy(response) == expected, url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "same-origin", url


def test_login_page_carries_the_policy(client):
    assert _policy(client.get(reverse("login"))) == POLICY


def test_only_the_previews_may_be_framed_and_only_by_the_app(client, secretary, seed_meeting):
    notice = seed_meeting.notices.get()
    client.force_login(secretary)
    for url in [
        reverse("minutes:preview", args=[seed_meeting.pk]),
        reverse("notices:preview", args=[notice.pk]),
    ]:
        response = client.get(url, {"embed": "1"})
        assert response["X-Frame-Options"] == "SAMEORIGIN"
        assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    for url in [reverse("home"), reverse("minutes:editor", args=[seed_meeting.pk]), reverse("login")]:
        response = client.get(url)
        assert response["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
        assert "unsafe-inline" not in response["Content-Security-Policy"]


INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
SCRIPT_URL = re.compile(r"""=\s*["']?\s*javascript:""", re.IGNORECASE)


def _inline_script(text: str) -> list[str]:
    rules = (INLINE_SCRIPT, EVENT_HANDLER, SCRIPT_URL)
    return [match.group(0) for rule in rules for match in rule.finditer(text)]


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        '<script type="module">go()</script>',
        '<button class="btn" onclick="go()">',
        "<body onload='go()'>",
        '<a href="javascript:go()">',
    ],
)
def test_the_scan_finds_inline_script(html):
    assert _inline_script(html)


def test_the_scan_passes_script_files_and_ordinary_attributes():
    html = (
        '<script src="/static/app/app.js" defer></script>'
        '<form action="/x" data-confirm="确定？"><button name="only">ok</button></form>'
    )
    assert _inline_script(html) == []


def test_no_template_has_inline_script_or_event_handlers():
    templates = sorted(TEMPLATES.rglob("*.html"))
    assert len(templates) > 20
    found = {str(path.relative_to(TEMPLATES)): _inline_script(path.read_text()) for path in templates}
    assert {path: hits for path, hits in found.items() if hits} == {}
