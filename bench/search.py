"""Benchmark of searching the archive.

    python bench/search.py [--records N] [--runs N]
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_search python bench/search.py

Uses a throwaway SQLite database (or the empty PostgreSQL database named by BENCH_DATABASE_URL)
and media directory; loads the seed package and archives it (its search text composed from the
issued minutes, as at issue), then adds N archive records (default 5,000) whose texts are made
of the seed's own sentences, shuffled, about as long as the seed's (~3,700 characters), with
the words searched for planted in a few: 生物样本库 and 南存辉 in 1 % of them, 互认 in 20 %.

Prints the median of N runs (after one warm-up) of each, in one run:

- the archive page as the archivist opens it, no query (the baseline: count, filters, 20 rows),
- the same page searching 生物样本库 (5 characters, rare), 南存辉 (3, rare), 互认 (2, common),
  量子纠缠 (not there), and 南存辉 with a year filter,
- and the database alone: counting the texts that contain each word (`archive.search.
  containing`, the expression the index serves). On PostgreSQL also with the trigram index set
  aside (bitmap and index scans off), and the plan of the 3-character query.
"""

import argparse
import hashlib
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
_tmp = tempfile.mkdtemp(prefix="bench-search-")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{_tmp}/bench.sqlite3")
os.environ["DJANGO_MEDIA_ROOT"] = f"{_tmp}/media"
os.environ["DOCUMENT_CACHE_DIR"] = f"{_tmp}/cache"
os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
os.environ["DJANGO_BEHIND_TLS_PROXY"] = "0"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cnas_minutes.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402

from archive.models import ArchiveRecord, ArchiveText  # noqa: E402
from archive.search import containing  # noqa: E402
from archive.services import archive_record_create  # noqa: E402
from demo.seed import demo_load, demo_user  # noqa: E402
from meetings.permissions import ARCHIVIST  # noqa: E402
from notices.models import Notice  # noqa: E402
from notices.services import issued_copy_store  # noqa: E402

RARE = ["生物样本库", "南存辉"]
COMMON = "互认"
ABSENT = "量子纠缠"


def _median_seconds(fn, runs: int) -> float:
    fn()  # warm
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _sentences(text: str) -> list[str]:
    """The seed's sentences with the searched words taken out (they are planted on purpose)."""
    for word in [*RARE, COMMON]:
        text = text.replace(word, "")
    return [s + "。" for s in text.replace("\n", "。").split("。") if len(s) > 4]


@transaction.atomic
def _seed(records: int, seed_notice: Notice, seed_text: str) -> None:
    rng = random.Random(20201)
    pool = _sentences(seed_text)
    target = len(seed_text)
    notices = []
    for i in range(records):
        year = 2000 + i % 20
        notices.append(
            Notice(
                office=seed_notice.office,
                meeting=seed_notice.meeting,
                year=year,
                sequence=1000 + i,
                title=f"关于印发第{i}次会议纪要的通知",
                recipients=seed_notice.recipients,
                body="正文",
                signatory=seed_notice.signatory,
                issued_by=seed_notice.issued_by,
                date_signed=seed_notice.date_signed.replace(year=year),
                date_issued=seed_notice.date_issued.replace(year=year),
                status=Notice.Status.ISSUED,
            )
        )
    notices = Notice.objects.bulk_create(notices, batch_size=500)  # no history: not the product's way
    archive = []
    for notice in notices:
        digest = hashlib.sha256(str(notice.pk).encode()).hexdigest()
        archive.append(
            ArchiveRecord(
                notice=notice,
                package=f"archive/bench/{digest}.pdf",
                sha256=digest,
                sha512=digest * 2,
                size=1,
                metadata={"document_type": "印发通知及会议纪要", "title": notice.title},
                metadata_file=f"archive/bench/{digest}.json",
                metadata_sha256=digest,
                metadata_sha512=digest * 2,
            )
        )
    archive = ArchiveRecord.objects.bulk_create(archive, batch_size=500)
    texts = []
    for i, record in enumerate(archive):
        parts, length = [], 0
        while length < target:
            sentence = rng.choice(pool)
            parts.append(sentence)
            length += len(sentence)
        for word, every in [(RARE[0], 100), (RARE[1], 100), (COMMON, 5)]:
            if i % every == 0:
                parts.insert(rng.randrange(len(parts)), f"会议讨论了{word}。")
        texts.append(ArchiveText(record=record, text="\n".join(parts)))
    ArchiveText.objects.bulk_create(texts, batch_size=500)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    seed_notice = Notice.objects.get(meeting=demo_load())
    record = archive_record_create(notice=seed_notice, copy=issued_copy_store(notice=seed_notice))
    seed_text = record.search_text.text
    started = time.perf_counter()
    _seed(args.records, seed_notice, seed_text)
    seeding = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE archive_archivetext")
    # Assets from the finders (no collectstatic for a benchmark), as the tests serve them.
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain}).enable()
    user = demo_user("archivist")
    user.groups.add(Group.objects.get(name=ARCHIVIST))
    client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "127.0.0.1")
    client.force_login(user)
    url = reverse("archive:list")

    def page(**params):
        response = client.get(url, params)
        assert response.status_code == 200, response.status_code
        return response

    def count(word: str) -> int:
        return containing(ArchiveText.objects.all(), "text", [word]).count()

    found = {word: count(word) for word in [*RARE, COMMON, ABSENT]}
    assert found == {RARE[0]: args.records // 100 + 1, RARE[1]: args.records // 100 + 1,
                     COMMON: args.records // 5 + 1, ABSENT: 0}, found  # fmt: skip
    rows = [("archive page, no query (baseline)", _median_seconds(page, args.runs))]
    for word in [*RARE, COMMON, ABSENT]:
        rows.append(
            (
                f"archive page, q={word} ({found[word]} found)",
                _median_seconds(lambda w=word: page(q=w), args.runs),
            )
        )
    rows.append(
        ("archive page, q=南存辉 + year", _median_seconds(lambda: page(q="南存辉", year="2005"), args.runs))
    )
    database = []
    for word in [*RARE, COMMON, ABSENT]:
        database.append((f"count containing {word}", _median_seconds(lambda w=word: count(w), args.runs)))
    plan = ""
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
            for word in [*RARE, COMMON, ABSENT]:
                seconds = _median_seconds(lambda w=word: count(w), args.runs)
                database.append((f"count containing {word}, no index", seconds))
        plan = containing(ArchiveText.objects.all(), "text", [RARE[1]]).explain(analyze=True)
        with connection.cursor() as cursor:
            cursor.execute("SHOW lc_ctype")
            lc_ctype = cursor.fetchone()[0]

    size = sum(len(t) for t in ArchiveText.objects.values_list("text", flat=True)) / (args.records + 1)
    print(
        f"{connection.vendor}: {args.records + 1} archive texts, {size:.0f} characters each on average "
        f"(seeded in {seeding:.1f} s); median of {args.runs} runs"
    )
    baseline = rows[0][1]
    for label, seconds in rows:
        print(f"{label:<44} {seconds * 1000:8.2f} ms  {seconds / baseline:6.2f}x baseline")
    for label, seconds in database:
        print(f"{label:<44} {seconds * 1000:8.2f} ms")
    if plan:
        print(f"\nlc_ctype = {lc_ctype}; EXPLAIN ANALYZE of containing 南存辉:\n{plan}")


if __name__ == "__main__":
    main()
