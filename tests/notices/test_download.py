"""Downloads: an issued package is served as stored, never rendered again; a draft is rendered
at most once per text and says on every page that it is not an issued copy."""

import io
import re
from urllib.parse import unquote

import pdfplumber
import pytest
from django.urls import reverse

from documents import rendering
from notices.models import IssuedCopy

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch):
    """Count the calls that lay out and write a PDF."""
    calls = []
    real = rendering._write_pdf

    def counting(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(rendering, "_write_pdf", counting)
    return calls


def _pages(data: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [re.sub(r"\s+", "", page.extract_text() or "") for page in pdf.pages]


def _marks(data: bytes) -> list[str]:
    """Per page, the characters printed in the draft mark's 54 pt type (rotated, so read by
    size rather than in reading order)."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return ["".join(sorted(c["text"] for c in page.chars if c["size"] > 40)) for page in pdf.pages]


def test_an_issued_package_is_served_as_stored_without_rendering(
    client, secretary, package, issue, renders, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notice = issue(package)
    copy = IssuedCopy.objects.get(notice=notice)
    rendered_at_issue = len(renders)
    assert rendered_at_issue == 1  # notice and minutes, once, as PDF/A-2b

    client.force_login(secretary)
    url = reverse("notices:pdf", args=[notice.pk])
    first, second = client.get(url), client.get(url)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    with copy.file.open("rb") as stored:
        assert first.content == stored.read()
    assert first["ETag"] == f'"{copy.sha256}"'
    assert unquote(first["Content-Disposition"].split("''")[1]) == f"{notice.number}.pdf"
    assert notice.number == "认可委（秘）〔2020〕21号"

    not_modified = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert client.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200
    assert len(renders) == rendered_at_issue


def test_the_issued_copy_carries_the_number_and_no_draft_mark(client, secretary, package, issue):
    notice = issue(package)
    client.force_login(secretary)
    pages = _pages(client.get(reverse("notices:pdf", args=[notice.pk])).content)
    assert "认可委（秘）〔2020〕21号" in pages[0]
    assert not any(mark in page for page in pages for mark in ("草稿", "未签发", "未印发"))
    assert set(_marks(client.get(reverse("notices:pdf", args=[notice.pk])).content)) == {""}


@pytest.mark.parametrize(("step", "mark"), [(0, "草稿"), (1, "未签发"), (2, "未印发")])
def test_every_page_of_an_unissued_copy_says_so(client, secretary, signatory, package, step, mark):
    from notices import services

    if step >= 1:
        services.notice_submit(notice=package, user=secretary)
    if step >= 2:
        services.notice_sign_off(notice=package, user=signatory)
    client.force_login(secretary)
    for url in (reverse("notices:pdf", args=[package.pk]), reverse("minutes:pdf", args=[package.meeting_id])):
        marks = _marks(client.get(url).content)
        assert marks and set(marks) == {"".join(sorted(mark))}, url
    preview = client.get(reverse("notices:preview", args=[package.pk])).content.decode()
    assert f'class="draft-mark">{mark}<' in preview


def test_the_mark_is_on_every_page_of_a_long_draft(client, secretary, seed_meeting, thaw):
    from notices.models import Notice

    client.force_login(secretary)
    with thaw(seed_meeting):
        marks = _marks(client.get(reverse("notices:pdf", args=[Notice.objects.get().pk])).content)
    assert len(marks) == 6 and set(marks) == {"稿草"}


def test_an_unchanged_draft_is_rendered_once(client, secretary, package, renders):
    client.force_login(secretary)
    url = reverse("notices:pdf", args=[package.pk])
    first, second = client.get(url), client.get(url)
    assert first.content == second.content
    assert len(renders) == 1

    edit = reverse("notices:edit", args=[package.meeting_id])
    form = client.get(edit).context["form"]
    data = {**form.initial, "body": form.initial["body"] + "改", "version": package.version}
    data = {key: value for key, value in data.items() if value is not None}
    assert client.post(edit, data).status_code == 302
    assert client.get(url).content != first.content
    assert len(renders) == 2


def test_a_missing_stored_copy_is_reported_not_rendered_again(
    client, secretary, package, issue, renders, caplog, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notice = issue(package)
    copy = IssuedCopy.objects.get(notice=notice)
    copy.file.storage.delete(copy.file.name)
    rendered = len(renders)
    client.force_login(secretary)
    response = client.get(reverse("notices:pdf", args=[notice.pk]))
    assert response.status_code == 503
    assert "印发文件（存档副本）在存储中找不到" in response.content.decode()
    assert len(renders) == rendered and "missing from storage" in caplog.text


def test_the_draft_mark_is_chinese_whatever_the_interface_language(client, secretary, package):
    client.force_login(secretary)
    client.cookies["django_language"] = "en"
    preview = client.get(reverse("notices:preview", args=[package.pk])).content.decode()
    assert 'class="draft-mark">草稿<' in preview
