"""Benchmark of downloading an issued document.

    python bench/download.py [--runs N]

Serves the app over HTTP from this process (wsgiref, one request at a time, on a free port of
127.0.0.1) with a throwaway SQLite database and media directory, loads the seed package (issued
as 认可委（秘）〔2020〕20号, its PDF stored at issue), logs in as the secretary and prints the
median time of N requests each of:

- a trivial view of the same server (`/healthz`: public, touches neither session nor
  database; the floor of any request),
- a trivial view behind the login every page of the app has (`/bench/signed-in`, defined
  here: session, user and permissions looked up, then "ok"; the floor of any page a user
  may open),
- downloading the issued package (`/notices/<pk>/notice.pdf`: the stored bytes, no rendering),
- the same download answered 304 Not Modified (the client already has it),
- rendering the package anew as PDF/A-2b, in process (what every download cost before the
  stored copy),
- and, as the committee member the package was circulated to, 我的文件 (`/my/`) and reading
  the notice with its minutes as HTML (`/my/notices/<pk>/`, the page a phone opens).
"""

import argparse
import http.client
import os
import secrets
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, make_server

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
_tmp = tempfile.mkdtemp(prefix="bench-download-")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{_tmp}/bench.sqlite3")
os.environ["DJANGO_MEDIA_ROOT"] = f"{_tmp}/media"
os.environ["DOCUMENT_CACHE_DIR"] = f"{_tmp}/cache"
os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
os.environ["DJANGO_BEHIND_TLS_PROXY"] = "0"  # plain HTTP on 127.0.0.1
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cnas_minutes.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.decorators import login_required  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import include, path  # noqa: E402

from demo.seed import demo_load, demo_user  # noqa: E402
from meetings.permissions import MEMBER, SECRETARY  # noqa: E402
from notices.document import render_notice_pdf  # noqa: E402
from notices.models import Notice  # noqa: E402
from people.models import Person  # noqa: E402


@login_required
def signed_in(request):
    request.user.has_perm("meetings.view_meeting")  # what every page's access helper asks
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/signed-in", signed_in), path("", include("cnas_minutes.urls"))]


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def _median_seconds(fn, runs: int) -> float:
    fn()  # warm
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    settings.ROOT_URLCONF = __name__
    call_command("migrate", verbosity=0)
    notice = Notice.objects.get(meeting=demo_load())
    copy = notice.issued_copy
    user = demo_user("secretary")
    user.groups.add(Group.objects.get(name=SECRETARY))
    cookie = _session_cookie(user)
    member = demo_user("member")
    member.groups.add(Group.objects.get(name=MEMBER))
    Person.objects.filter(name="郎志正").update(user=member)  # on the seed notice's circulation list
    member_cookie = _session_cookie(member)

    server = make_server("127.0.0.1", 0, get_wsgi_application(), handler_class=_Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    host = settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "127.0.0.1"

    def get(path: str, expect: int, signed_in: bool = True, as_cookie: str = "", **headers) -> bytes:
        connection = http.client.HTTPConnection("127.0.0.1", port)
        headers = {"Host": host, **({"Cookie": as_cookie or cookie} if signed_in else {}), **headers}
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        connection.close()
        assert response.status == expect, (path, response.status, body[:200])
        return body

    pdf_path = f"/notices/{notice.pk}/notice.pdf"
    assert get(pdf_path, 200) == copy.file.open("rb").read()
    trivial = _median_seconds(lambda: get("/healthz", 200, signed_in=False), args.runs)
    floor = _median_seconds(lambda: get("/bench/signed-in", 200), args.runs)
    download = _median_seconds(lambda: get(pdf_path, 200), args.runs)
    not_modified = _median_seconds(
        lambda: get(pdf_path, 304, **{"If-None-Match": f'"{copy.sha256}"'}), args.runs
    )
    mine = _median_seconds(lambda: get("/my/", 200, as_cookie=member_cookie), args.runs)
    reading = _median_seconds(
        lambda: get(f"/my/notices/{notice.pk}/", 200, as_cookie=member_cookie), args.runs
    )
    render = _median_seconds(lambda: render_notice_pdf(notice, archive=True), max(3, args.runs // 3))
    server.shutdown()

    print(f"median of {args.runs} requests, one process, {copy.size / 1024:.1f} KiB stored PDF")
    rows = [
        ("trivial view, public (/healthz)", trivial),
        ("trivial view, signed in", floor),
        ("issued package, stored bytes", download),
        ("issued package, 304", not_modified),
        ("rendering it anew (PDF/A-2b)", render),
        ("member: 我的文件", mine),
        ("member: reading it as HTML", reading),
    ]
    for label, seconds in rows:
        ratios = f"{seconds / trivial:7.2f}x public  {seconds / floor:7.2f}x signed in"
        print(f"{label:<34} {seconds * 1000:8.2f} ms  {ratios}")


if __name__ == "__main__":
    main()
