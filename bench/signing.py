"""Benchmark of the signature on issued PDFs.

    python bench/signing.py [--runs N]

For the seed package: the median time to render the archival PDF/A-2b (the baseline, in the same
run), to render and sign it (what storing an issued copy costs), to sign alone, and to check a
signature (what 核验 and verify_archive do per file). Uses a throwaway SQLite database and a
throwaway demonstration certificate, never the app's own.
"""

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
_tmp = Path(tempfile.mkdtemp(prefix="bench-signing-"))
os.environ["DATABASE_URL"] = f"sqlite:///{_tmp}/bench.sqlite3"
os.environ["SIGNING_PKCS12"] = str(_tmp / "demo.p12")
os.environ["SIGNING_PASSPHRASE_FILE"] = str(_tmp / "demo.pass")
os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cnas_minutes.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from demo.seed import demo_load  # noqa: E402
from documents.signing import demo_identity_create, sign_pdf, signature_check  # noqa: E402
from notices.document import render_notice_pdf  # noqa: E402
from notices.models import Notice  # noqa: E402


def _median_ms(fn, runs: int) -> float:
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=11)
    runs = parser.parse_args().runs
    call_command("migrate", verbosity=0)
    demo_identity_create(_tmp / "demo.p12", _tmp / "demo.pass", organisation="中国合格评定国家认可委员会")
    notice = Notice.objects.get(meeting=demo_load())
    rendered = render_notice_pdf(notice, archive=True)
    signed = sign_pdf(rendered, reason="印发", location="北京")

    def sign():
        return sign_pdf(rendered, reason="印发", location="北京")

    rows = [
        ("render PDF/A-2b (baseline)", _median_ms(lambda: render_notice_pdf(notice, archive=True), runs)),
        (
            "render + sign",
            _median_ms(
                lambda: sign_pdf(render_notice_pdf(notice, archive=True), reason="印发", location="北京"),
                runs,
            ),
        ),
        ("sign alone", _median_ms(sign, runs)),
        ("check the signature", _median_ms(lambda: signature_check(signed), runs)),
    ]
    print(
        f"seed package, {len(rendered) / 1024:.1f} KiB → {len(signed) / 1024:.1f} KiB signed; "
        f"median of {runs}"
    )
    for name, ms in rows:
        print(f"{name:32} {ms:8.1f} ms   {ms / rows[0][1]:.2f}×")


if __name__ == "__main__":
    main()
