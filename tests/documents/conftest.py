import pytest

from documents import rendering
from notices.document import render_notice_pdf
from notices.models import Notice


@pytest.fixture
def seed_notice(seed_meeting):
    return Notice.objects.get(meeting=seed_meeting)


@pytest.fixture
def package_pdf(seed_notice):
    return render_notice_pdf(seed_notice)


@pytest.fixture
def fetched(monkeypatch):
    """Every URL the renderer was asked to fetch during the test."""
    urls = []

    class Recording(rendering.RefusingURLFetcher):
        def fetch(self, url, headers=None):
            urls.append(url)
            return super().fetch(url, headers)

    monkeypatch.setattr(rendering, "RefusingURLFetcher", Recording)
    return urls
