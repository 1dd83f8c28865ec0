"""Benchmark of the document renderer.

    python bench/render.py [--runs N]

Renders the seed package (notice + minutes) N times in one process and prints the median warm
time (wall and CPU), the median time of WeasyPrint's layout alone for the same HTML (the
floor), their ratio, the PDF's size and page count; then the same for a generated long minutes
(300 attendees, 60 resolutions). Each document is rendered with the document faces as
configured and with baselines (the full Noto faces; the body in the Song face as before the
Fandol faces), the variants taking turns. Uses a throwaway SQLite database, never the app's
own, and no document cache.
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

FANDOL_FAMILIES = ("FandolFang", "FandolHei", "FandolKai")


def _medians(variants: dict, runs: int) -> dict[str, tuple[float, float]]:
    """Median wall and CPU seconds of each function, the variants taking turns run by run, so
    that the load of a shared machine falls on all of them alike."""
    for fn in variants.values():
        fn()  # warm: fonts, templates, caches
    times = {label: ([], []) for label in variants}
    for _ in range(runs):
        for label, fn in variants.items():
            wall, cpu = time.perf_counter(), time.process_time()
            fn()
            times[label][0].append(time.perf_counter() - wall)
            times[label][1].append(time.process_time() - cpu)
    return {label: (statistics.median(w), statistics.median(c)) for label, (w, c) in times.items()}


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


def _with_fonts(fonts: dict, fn):
    def run():
        with override_settings(DOCUMENT_FONTS=fonts):
            return fn()

    return run


def _fonts_without(left_out: set[str]) -> dict:
    return {
        role: [f for f in families if f not in left_out] for role, families in settings.DOCUMENT_FONTS.items()
    }


def _compare(variants: dict[str, dict], render, template: str, context, runs: int) -> None:
    """variants: label → DOCUMENT_FONTS. Times the render and WeasyPrint's layout alone (the
    floor) of each, in turns; prints medians, the ratio to the floor, size and pages."""
    renders = {label: _with_fonts(fonts, render) for label, fonts in variants.items()}
    layouts = {}
    for label, fonts in variants.items():
        with override_settings(DOCUMENT_FONTS=fonts):
            html = rendering.render_html(template, context())
        layouts[label] = lambda html=html: rendering.layout(html)
    warm = _medians(renders, runs)
    floor = _medians(layouts, runs)
    for label, fn in renders.items():
        pdf = fn()
        pages = len(layouts[label]().pages)
        (wall, cpu), (floor_wall, _) = warm[label], floor[label]
        print(
            f"{label:<26} warm {wall:6.3f} s (cpu {cpu:6.3f} s)   layout {floor_wall:6.3f} s   "
            f"ratio {wall / floor_wall:4.2f}   {len(pdf) / 1024:7.1f} KiB   {pages:3d} pages"
        )


# Every render is timed: the document cache (drafts keyed by their HTML) would answer all
# but the first from disk.
NO_DOCUMENT_CACHE = {
    **settings.CACHES,
    "documents": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}


@override_settings(CACHES=NO_DOCUMENT_CACHE)
def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    seed = demo_load()
    notice = Notice.objects.get(meeting=seed)
    big = _big_meeting(seed)
    print(f"median of {args.runs} warm runs, one process, the variants of each document in turns")
    # Baselines in the same run: the full Noto collection, as before `prepare_fonts`; and the
    # prepared serif for the body, as before the Fandol faces (the body in a Song face).
    seed = {
        "seed, full Noto faces": _fonts_without({PREPARED_FAMILY, *FANDOL_FAMILIES}),
        "seed, Song body": _fonts_without(set(FANDOL_FAMILIES)),
        "seed package": settings.DOCUMENT_FONTS,
    }
    _compare(
        seed,
        lambda: render_notice_pdf(notice),
        "documents/notice.html",
        lambda: notice_context(notice),
        args.runs,
    )
    long = {"long minutes, Song body": seed["seed, Song body"], "long minutes": settings.DOCUMENT_FONTS}
    _compare(
        long,
        lambda: render_minutes_pdf(big),
        "documents/minutes.html",
        lambda: minutes_context(big),
        max(3, args.runs // 3),
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory {peak:.0f} MiB")


if __name__ == "__main__":
    main()
