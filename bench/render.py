"""Benchmark of the document renderer.

    python bench/render.py [--runs N]

Renders the seed package (notice + minutes) N times in one process and prints the median warm
time, the median time of WeasyPrint's layout alone for the same HTML (the floor), their ratio,
the PDF's size and page count; then the same for a generated long minutes (300 attendees,
60 resolutions). Uses a throwaway SQLite database, never the app's own.
"""

import argparse
import os
import resource
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
_tmp = tempfile.mkdtemp(prefix="bench-render-")
os.environ["DATABASE_URL"] = f"sqlite:///{_tmp}/bench.sqlite3"
os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cnas_minutes.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import override_settings  # noqa: E402

from attendees.models import Attendance  # noqa: E402
from demo.seed import demo_load  # noqa: E402
from documents import rendering  # noqa: E402
from documents.management.commands.prepare_fonts import PREPARED_FAMILY  # noqa: E402
from meetings.models import Meeting  # noqa: E402
from minutes.document import minutes_context, render_minutes_pdf  # noqa: E402
from notices.document import notice_context, render_notice_pdf  # noqa: E402
from notices.models import Notice  # noqa: E402
from people.models import Person  # noqa: E402
from resolutions.models import Resolution  # noqa: E402


def _median_seconds(fn, runs: int) -> float:
    fn()  # warm: fonts, templates, caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _big_meeting(seed: Meeting) -> Meeting:
    meeting = Meeting.objects.create(
        term=seed.term, sitting=90, starts_on=seed.starts_on, place="北京", reports_conclusion="会议同意。"
    )
    people = Person.objects.bulk_create(Person(name=f"委员{i:03d}") for i in range(300))
    categories = ["present"] * 200 + ["observer"] * 60
    rows = [
        Attendance(meeting=meeting, person=p, category=c, order=i)
        for i, (p, c) in enumerate(zip(people[:260], categories, strict=True))
    ]
    rows += [
        Attendance(
            meeting=meeting,
            person=p,
            category="absent",
            absence_kind="leave",
            absence_reason=f"因事{i % 5}",
            order=300 + i,
        )
        for i, p in enumerate(people[260:])
    ]
    Attendance.objects.bulk_create(rows)
    Resolution.objects.bulk_create(
        Resolution(
            meeting=meeting,
            number=n,
            proposal=f"第{n}项提案",
            outcome="passed",
            text="会议同意按照章程办理相关手续，并请秘书处抓紧落实、按期报告落实情况。" * 11,
        )
        for n in range(1, 61)
    )
    return meeting


def _report(label: str, render, template: str, context: dict, runs: int) -> None:
    pdf = render()
    html = rendering.render_html(template, context)
    warm = _median_seconds(render, runs)
    floor = _median_seconds(lambda: rendering.layout(html), runs)
    pages = len(rendering.layout(html).pages)
    print(
        f"{label:<22} warm {warm:6.3f} s   layout {floor:6.3f} s   ratio {warm / floor:4.2f}   "
        f"{len(pdf) / 1024:7.1f} KiB   {pages:3d} pages"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    seed = demo_load()
    notice = Notice.objects.get(meeting=seed)
    big = _big_meeting(seed)
    print(f"median of {args.runs} warm runs, one process")
    # Baseline in the same run: the full Noto collection, as before `prepare_fonts`.
    full_faces = {
        role: [f for f in families if f != PREPARED_FAMILY]
        for role, families in settings.DOCUMENT_FONTS.items()
    }
    with override_settings(DOCUMENT_FONTS=full_faces):
        _report(
            "seed, full Noto faces",
            lambda: render_notice_pdf(notice),
            "documents/notice.html",
            notice_context(notice),
            args.runs,
        )
    _report(
        "seed package",
        lambda: render_notice_pdf(notice),
        "documents/notice.html",
        notice_context(notice),
        args.runs,
    )
    _report(
        "long minutes",
        lambda: render_minutes_pdf(big),
        "documents/minutes.html",
        minutes_context(big),
        max(3, args.runs // 3),
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory {peak:.0f} MiB")


if __name__ == "__main__":
    main()
