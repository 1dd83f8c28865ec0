"""The production configuration of .env.production.example, checked as a server would start:
`manage.py` in a fresh process with that environment and nothing else."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _example_env() -> dict[str, str]:
    values = {}
    for line in (ROOT / ".env.production.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


def _manage(*args: str, **overrides: str) -> subprocess.CompletedProcess:
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/root"), **_example_env()}
    env.update(overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_example_passes_check_deploy_without_warnings():
    # The one value the example leaves empty on purpose, filled in as it says.
    key = secrets.token_urlsafe(50)
    result = _manage("check", "--deploy", "--fail-level", "WARNING", DJANGO_SECRET_KEY=key)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stderr + result.stdout


def test_refuses_to_start_without_a_secret_key():
    result = _manage("check")
    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_SECRET_KEY is not set." in result.stderr


def test_reads_the_secret_key_from_a_file(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text(secrets.token_urlsafe(50) + "\n")
    result = _manage("check", "--deploy", "--fail-level", "WARNING", DJANGO_SECRET_KEY_FILE=str(key_file))
    assert result.returncode == 0, result.stderr + result.stdout

    missing = _manage("check", DJANGO_SECRET_KEY_FILE=str(tmp_path / "absent"))
    assert missing.returncode != 0
    assert "DJANGO_SECRET_KEY_FILE=" in missing.stderr and "No such file or directory" in missing.stderr


def test_development_defaults_do_not_pass_check_deploy():
    # What a server gets from .env.example's values: plain HTTP, no HSTS. check --deploy says so.
    result = _manage(
        "check",
        "--deploy",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_BEHIND_TLS_PROXY="0",
        DJANGO_HSTS_SECONDS="0",
    )
    for warning in ["security.W004", "security.W008", "security.W012", "security.W016"]:
        assert warning in result.stderr


def test_bad_numbers_are_refused_clearly():
    result = _manage("check", DJANGO_SECRET_KEY=secrets.token_urlsafe(50), DJANGO_HSTS_SECONDS="a year")
    assert result.returncode != 0
    assert "DJANGO_HSTS_SECONDS must be a whole number, not 'a year'." in result.stderr


def test_a_loopback_site_url_is_reported():
    # Links in the emails to members would point at the server's own loopback.
    result = _manage(
        "check", "--deploy", DJANGO_SECRET_KEY=secrets.token_urlsafe(50), SITE_URL="http://127.0.0.1:8000"
    )
    assert "circulation.W001" in result.stderr


def test_signing_with_the_demonstration_certificate_is_reported():
    # A server must sign issued PDFs with the organisation's certificate, not make run's demo one.
    result = _manage(
        "check",
        "--deploy",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        SIGNING_PKCS12=str(ROOT / "var" / "signing" / "demo-signing.p12"),
    )
    assert "documents.W001" in result.stderr
