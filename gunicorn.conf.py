"""Gunicorn's settings, for `make run` and production alike, read from the environment
(.env.example lists the variables). Gunicorn reads this file from its working directory."""

import multiprocessing
import os


def _whole_number(name: str, default: int) -> int:
    raw = os.environ.get(name) or str(default)
    if not raw.isdigit():
        raise SystemExit(f"{name} must be a whole number, not {raw!r}.")
    return int(raw)


wsgi_app = "cnas_minutes.wsgi:application"
# This machine only by default: the TLS proxy in front of it is what others reach.
bind = f"{os.environ.get('HOST') or '127.0.0.1'}:{_whole_number('PORT', 8000)}"
# Synchronous workers, gunicorn's rule of thumb: rendering a PDF keeps one busy for up to a
# second or two (docs/performance.md), so there are more workers than CPUs.
workers = _whole_number("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1)
timeout = _whole_number("GUNICORN_TIMEOUT", 60)
accesslog = "-"
errorlog = "-"
