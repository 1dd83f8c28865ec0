"""gunicorn.conf.py, the server of `make run` and production, configured from the environment."""

import multiprocessing
import runpy
from pathlib import Path

import pytest

CONF = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


@pytest.fixture
def environ(monkeypatch):
    for name in ["HOST", "PORT", "GUNICORN_WORKERS", "GUNICORN_TIMEOUT"]:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_defaults_serve_this_machine_with_workers_per_cpu(environ):
    conf = runpy.run_path(str(CONF))
    assert conf["wsgi_app"] == "cnas_minutes.wsgi:application"
    assert conf["bind"] == "127.0.0.1:8000"
    assert conf["workers"] == multiprocessing.cpu_count() * 2 + 1
    assert conf["timeout"] == 60
    assert conf["accesslog"] == "-"


def test_read_from_the_environment(environ):
    environ.setenv("HOST", "0.0.0.0")
    environ.setenv("PORT", "9000")
    environ.setenv("GUNICORN_WORKERS", "3")
    environ.setenv("GUNICORN_TIMEOUT", "120")
    conf = runpy.run_path(str(CONF))
    assert (conf["bind"], conf["workers"], conf["timeout"]) == ("0.0.0.0:9000", 3, 120)


def test_bad_number_is_refused_clearly(environ):
    environ.setenv("GUNICORN_WORKERS", "many")
    with pytest.raises(SystemExit, match="GUNICORN_WORKERS must be a whole number, not 'many'."):
        runpy.run_path(str(CONF))
