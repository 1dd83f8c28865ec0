import pytest
from django.urls import reverse

from attendees.models import Membership
from meetings.models import Meeting
from notices.models import Notice
from people.models import Person

from .pdfutil import pdf_text, squash

pytestmark = pytest.mark.django_db


def _urls(meeting, notice):
    return [
        reverse("minutes:preview", args=[meeting.pk]),
        reverse("minutes:pdf", args=[meeting.pk]),
        reverse("notices:preview", args=[notice.pk]),
        reverse("notices:pdf", args=[notice.pk]),
    ]


def test_anonymous_users_are_sent_to_login(client, seed_meeting):
    for url in _urls(seed_meeting, Notice.objects.get()):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_outsiders_are_refused(client, outsider, seed_meeting):
    client.force_login(outsider)
    for url in _urls(seed_meeting, Notice.objects.get()):
        assert client.get(url).status_code == 404


def test_secretary_downloads_both_pdfs(client, secretary, seed_meeting):
    client.force_login(secretary)
    notice = Notice.objects.get()
    response = client.get(reverse("notices:pdf", args=[notice.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment; filename*=UTF-8''" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF-")
    minutes = client.get(reverse("minutes:pdf", args=[seed_meeting.pk]))
    assert minutes.status_code == 200 and minutes.content.startswith(b"%PDF-")


def test_preview_shows_the_same_text_as_the_pdf(client, secretary, seed_meeting):
    import re

    client.force_login(secretary)
    notice = Notice.objects.get()
    html = client.get(reverse("notices:preview", args=[notice.pk])).content.decode()
    assert 'href="' + reverse("notices:pdf", args=[notice.pk]) + '"' in html
    document = re.sub(r"<nav.*?</nav>", "", html, flags=re.S)
    document = re.sub(r"<style.*?</style>|<title>.*?</title>", "", document, flags=re.S)
    preview_text = squash(re.sub(r"<[^>]+>", "", document))
    pdf = pdf_text(client.get(reverse("notices:pdf", args=[notice.pk])).content)
    assert preview_text == pdf


def test_member_reads_issued_documents_of_their_committee(client, member, seed_meeting):
    person = Person.objects.get(name="郎志正")
    person.user = member
    person.save()
    client.force_login(member)
    for url in _urls(seed_meeting, Notice.objects.get()):
        assert client.get(url).status_code == 200
    # A draft is not circulated yet.
    Meeting._base_manager.filter(pk=seed_meeting.pk).update(status=Meeting.Status.DRAFT)
    assert client.get(reverse("minutes:pdf", args=[seed_meeting.pk])).status_code == 404


def test_member_of_another_committee_is_refused(client, member, seed_meeting):
    from meetings.models import CommitteeTerm

    other_term = CommitteeTerm.objects.get(committee__name="实验室专门委员会")
    person = Person.objects.create(name="外委会委员", user=member)
    Membership.objects.create(term=other_term, person=person)
    client.force_login(member)
    for url in _urls(seed_meeting, Notice.objects.get()):
        assert client.get(url).status_code == 404


def test_home_lists_what_the_user_may_read(client, secretary, outsider, seed_meeting):
    client.force_login(secretary)
    page = client.get(reverse("home")).content.decode()
    assert "认可委（秘）〔2020〕20号" in page and seed_meeting.minutes_title in page
    client.force_login(outsider)
    page = client.get(reverse("home")).content.decode()
    assert "认可委（秘）〔2020〕20号" not in page
