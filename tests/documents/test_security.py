"""Whatever a user types, the renderer fetches nothing and leaks nothing."""

import socket
import threading

import pytest

from attendees.models import Attendance
from documents import rendering
from minutes.document import minutes_context
from minutes.models import MinutesOverride
from notices.document import render_notice_pdf

from .pdfutil import open_pdf, pdf_text, squash

pytestmark = pytest.mark.django_db


@pytest.fixture
def listener():
    """A TCP server on 127.0.0.1 that records whether anything connected to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    hits = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
                hits.append(conn.recv(200))
                conn.close()
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], hits
    stop.set()
    thread.join()
    server.close()


def _hostile(port: int) -> list[str]:
    return [
        '<img src="file:///etc/passwd">',
        f'<link rel="stylesheet" href="http://127.0.0.1:{port}/evil.css">',
        f'<style>@import url("http://127.0.0.1:{port}/import.css");</style>',
        f'<p style="background: url(http://127.0.0.1:{port}/bg.png)">x</p>',
        '<a rel="attachment" href="file:///etc/passwd">passwd</a>',
        '<iframe src="file:///etc/shadow"></iframe><object data="file:///etc/hosts"></object>',
        '<svg><image href="file:///etc/passwd"/></svg>',
        f'<base href="http://127.0.0.1:{port}/">',
        "url(file:///etc/passwd) {{ settings.SECRET_KEY }} {% debug %}",
        f'</style></p><img src="https://127.0.0.1:{port}/x.png">',
        '<img src="data:image/svg+xml;base64,PHN2Zy8+">',
    ]


def test_hostile_text_in_every_field_is_printed_not_fetched(seed_meeting, listener, fetched, thaw):
    from notices.models import Notice

    port, hits = listener
    hostile = _hostile(port)
    notice = Notice.objects.get(meeting=seed_meeting)
    with thaw(seed_meeting):
        notice.body = hostile[0] + "\n" + hostile[4]
        notice.recipients = hostile[6]
        notice.copies_to = hostile[7]
        notice.save()
        resolution = seed_meeting.resolutions.first()
        resolution.text = hostile[1]
        resolution.note = hostile[10]
        resolution.save()
        seed_meeting.recommendations.filter(number=1).update(text=hostile[2])
        seed_meeting.other_business.update(text=hostile[5])
        MinutesOverride.objects.create(meeting=seed_meeting, key="closing", text=hostile[3])
        Attendance.objects.filter(meeting=seed_meeting, group_name__gt="").update(group_name=hostile[9][:100])
        seed_meeting.speeches.first().paragraphs.filter(lead="指出，").update(text=hostile[8])

    data = render_notice_pdf(notice)

    assert fetched == []  # the renderer was asked for nothing at all
    assert hits == []  # and nothing reached the network
    text = pdf_text(data)
    for value in hostile:
        assert squash(value) in text  # shown as the user typed it
    assert "root:x:0:0" not in text
    assert "SECRET_KEY" in text and rendering.settings.SECRET_KEY not in text
    with open_pdf(data) as pdf:
        assert all(not page.images for page in pdf.pages)
        assert not any(page.annots for page in pdf.pages)


def test_raw_markup_reaching_the_renderer_is_refused(seed_meeting, listener, fetched, monkeypatch):
    """Defence in depth: even unescaped markup gets nothing from the fetcher."""
    port, hits = listener
    big = "data:image/png;base64," + "A" * (50 * 1024 * 1024)
    markup = "".join(_hostile(port)) + f'<img src="{big}">'
    monkeypatch.setattr(
        rendering, "render_html", lambda template, context: f"<html><body>{markup}</body></html>"
    )

    data = rendering.render_pdf("documents/minutes.html", minutes_context(seed_meeting))

    assert fetched, "the hostile markup should have asked for something"
    assert hits == []
    text = pdf_text(data)
    assert "root:x:0:0" not in text and "localhost" not in text
    with open_pdf(data) as pdf:
        assert all(not page.images for page in pdf.pages)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file:///work/../etc/passwd",
        "http://127.0.0.1:8000/static/app/app.css",
        "https://example.com/x.css",
        "ftp://127.0.0.1/x",
        "data:text/css,body{}",
        "data:image/png;base64," + "A" * 1000,
        "javascript:alert(1)",
    ],
)
def test_fetcher_refuses_everything_outside_the_assets(url):
    fetcher = rendering.RefusingURLFetcher()
    with pytest.raises(ValueError):
        fetcher(url)
    assert fetcher.refused == [url[:200]]


def test_fetcher_serves_the_apps_own_assets_only(tmp_path, monkeypatch):
    assets = tmp_path / "assets"
    assets.mkdir()
    (assets / "logo.svg").write_text("<svg/>")
    (tmp_path / "secret.txt").write_text("secret")
    monkeypatch.setattr(rendering, "ASSET_DIR", assets)
    fetcher = rendering.RefusingURLFetcher()
    assert fetcher(f"file://{assets}/logo.svg").read() == b"<svg/>"
    for escape in (f"file://{assets}/../secret.txt", f"file://{tmp_path}/secret.txt"):
        with pytest.raises(ValueError):
            fetcher(escape)
