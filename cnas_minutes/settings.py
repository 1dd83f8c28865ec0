"""Settings for cnas_minutes, read from the environment (see .env.example)."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# A local .env file is optional; real deployments set the environment instead.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)


def _whole_number(name: str, default: int) -> int:
    """A non-negative integer from the environment; a clear refusal for anything else."""
    raw = env.str(name, default="") or str(default)
    if not raw.isdigit():
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.")
    return int(raw)


def _secret_key() -> str:
    """DJANGO_SECRET_KEY, else the contents of the file DJANGO_SECRET_KEY_FILE names; never a
    key of the settings' own making, so that no server starts with a key nobody chose.
    `make run`, `make dev` and `make test` point DJANGO_SECRET_KEY_FILE at a per-checkout key."""
    key = env.str("DJANGO_SECRET_KEY", default="")
    key_file = env.str("DJANGO_SECRET_KEY_FILE", default="")
    if not key and key_file:
        try:
            key = (BASE_DIR / key_file).read_text().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"DJANGO_SECRET_KEY_FILE={key_file}: {exc.strerror}.") from exc
    if not key:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. A server needs a secret key of its own: set "
            "DJANGO_SECRET_KEY (or DJANGO_SECRET_KEY_FILE) as .env.production.example shows. "
            "For a local run use `make run` or `make dev`, which provide one."
        )
    return key


DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "axes",
    "csp",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    # The apps in their layers, bottom up; a module imports only from its own layer's app and
    # the ones below (tests/test_layers.py). See docs/architecture.md.
    "documents",  # the PDF engine: imports no domain app
    "people",  # 1
    "meetings",  # 2
    "attendees",  # 3
    "resolutions",  # 3
    "minutes",  # 4
    "notices",  # 5
    "circulation",  # 6: recipients, reading and acknowledgement; invitations and reply slips
    "archive",  # 7: the append-only record of what was issued, and its verification
    "registers",  # 8: resolutions and recommendations across meetings; following them up
    "dashboard",  # top: the home page
    "cnas_minutes",  # the project: idle sessions
    "demo",  # top: the seed package as data
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # Serves the locally packaged assets (no CDN: users run this on closed intranets).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cnas_minutes.middleware.IdleSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # request.htmx: the editor answers htmx requests with the part of the page that changed.
    "django_htmx.middleware.HtmxMiddleware",
    # Who made each change, for the history of meetings, notices and their rows.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cnas_minutes.urls"
WSGI_APPLICATION = "cnas_minutes.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def _database_from_env() -> dict:
    url = env.str("DATABASE_URL", default="")
    if not url:
        VAR_DIR.mkdir(exist_ok=True)
        url = f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
    try:
        config = dj_database_url.parse(url, conn_max_age=env.int("DATABASE_CONN_MAX_AGE", default=60))
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {exc}") from exc
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # SQLite is the embedded single-user default; give writers time instead of failing.
        config.setdefault("OPTIONS", {})["timeout"] = 20
        config["CONN_MAX_AGE"] = 0
    return config


DATABASES = {"default": _database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("DJANGO_TIME_ZONE", default="Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Bootstrap, htmx and SortableJS come from npm (package.json) and are served from here, never a CDN.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/sortablejs", BASE_DIR / "node_modules" / "sortablejs"),
]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Stored files (issued copies, the archive) on this machine's disk under MEDIA_ROOT, or in an
# S3-compatible store through django-storages (README, "Production").
STORAGES = {
    "default": {
        "BACKEND": env.str("DJANGO_FILE_STORAGE", default="django.core.files.storage.FileSystemStorage"),
        "OPTIONS": env.json("DJANGO_FILE_STORAGE_OPTIONS", default={}),
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "media/"

# The issuing organisation's signature on every issued PDF (PAdES, documents/signing.py): a
# PKCS#12 bundle and a file holding its passphrase. Unless a deployment names its own, `make run`
# generates a demonstration identity at these default paths (manage.py prepare_signing).
DEMO_SIGNING_PKCS12 = VAR_DIR / "signing" / "demo-signing.p12"
SIGNING_PKCS12 = Path(env.str("SIGNING_PKCS12", default=str(DEMO_SIGNING_PKCS12)))
SIGNING_PASSPHRASE_FILE = Path(
    env.str("SIGNING_PASSPHRASE_FILE", default=str(VAR_DIR / "signing" / "demo-signing.pass"))
)
# PEM files of the certificates signatures are checked against; by default the self-signed
# certificates inside the configured bundle (the organisation's own root).
SIGNING_TRUST_ROOTS = env.list("SIGNING_TRUST_ROOTS", default=[])
SIGNING_DEMO_ORGANISATION = env.str("SIGNING_DEMO_ORGANISATION", default="中国合格评定国家认可委员会")

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Rendered draft PDFs, shared by the server's worker processes; keyed by content version.
    "documents": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env.str("DOCUMENT_CACHE_DIR", default=str(VAR_DIR / "cache" / "documents")),
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}

# Background work (circulation emails): django-tasks with its database backend, so SQLite and
# PostgreSQL both serve as the queue; `make run` starts the worker (manage.py db_worker).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Mail: printed to the console unless an SMTP server is configured (.env.example).
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = _whole_number("EMAIL_PORT", 25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="cnas-minutes@localhost")
# The address members reach the application at; links in emails start with it.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Served over HTTPS by the reverse proxy of README's "Production": it terminates TLS and sets
# X-Forwarded-Proto and X-Real-IP. On unless turned off, so that a deployment cannot forget it;
# `make run`, `make dev` and the tests turn it off to serve plain HTTP on this machine.
BEHIND_TLS_PROXY = env.bool("DJANGO_BEHIND_TLS_PROXY", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_TLS_PROXY else None
SECURE_SSL_REDIRECT = BEHIND_TLS_PROXY
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = BEHIND_TLS_PROXY
# HSTS is sticky in browsers, so it is switched on by the deployment (.env.production.example).
# The application owns its host name, so its subdomains are covered too; "preload" only has an
# effect once the domain's owner submits it to the browsers' list.
SECURE_HSTS_SECONDS = _whole_number("DJANGO_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_HTTPONLY = True
# Idle sessions end: a request saves the session (at most once a minute, see
# cnas_minutes/middleware.py), which moves its expiry (in the database and in the cookie)
# SESSION_IDLE_MINUTES ahead; a session left alone that long is gone.
SESSION_COOKIE_AGE = _whole_number("SESSION_IDLE_MINUTES", 30) * 60
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): scripts and styles only from the app's own files, never
# inline (tests/security/ scans the templates), and no framing. The two document previews, shown
# in an iframe beside the editor, relax this with csp_replace: same-origin framing, and the
# document's own inline styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        # Bootstrap draws its checkboxes and select arrows with data: SVG images.
        "img-src": [SELF, "data:"],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [NONE],
    },
}

# Login throttling (django-axes): five failed logins for one username from one address lock
# that pair out for fifteen minutes, with a page saying so (429); the same username from elsewhere
# and other users at the same address can still log in. A successful login starts the count anew.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"


def _client_address(request) -> str:
    # Behind the proxy every connection comes from the proxy; it puts the client's address in
    # X-Real-IP, overwriting whatever the client sent (README, "Production").
    return request.META.get("HTTP_X_REAL_IP") or request.META.get("REMOTE_ADDR", "")


AXES_CLIENT_IP_CALLABLE = _client_address if BEHIND_TLS_PROXY else None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="WARNING")},
}

# Font families per role of an official document, first installed one wins. An office with
# licensed 方正小标宋 / 仿宋_GB2312 / 黑体 / 楷体_GB2312 gets them by installing them (fontconfig),
# nothing else to change: they come first. After them, the free faces `make run` / `make test`
# install (`manage.py prepare_fonts`):
# - FandolFang / FandolHei / FandolKai (GPL with the font exception), extracted from Debian's
#   texlive-lang-chinese: the 仿宋 of the body, the 黑体 and 楷体 of headings. They hold GB 2312
#   and little more; a character outside them (旻, 堃, an extension-B name character) comes, character by
#   character, from the face that follows in the list.
# - "CNAS Serif SC", Noto Serif CJK SC cut down to GB 2312 + the basic CJK block: rendering
#   subsets a smaller face than the 65,000-glyph one; the full face after it supplies any rarer
#   character. Titles and the mark have no free 小标宋: they stay in the bold serif.
_SERIF = ["CNAS Serif SC", "Noto Serif CJK SC"]
DOCUMENT_FONTS = {
    "mark": ["方正小标宋简体", "FZXiaoBiaoSong-B05S", *_SERIF],
    "title": ["方正小标宋简体", "FZXiaoBiaoSong-B05S", *_SERIF],
    "body": ["仿宋_GB2312", "FangSong_GB2312", "FangSong", "仿宋", "FandolFang", *_SERIF],
    "heiti": ["方正黑体_GBK", "黑体", "SimHei", "FandolHei", "Noto Sans CJK SC"],
    "kaiti": ["楷体_GB2312", "KaiTi_GB2312", "KaiTi", "楷体", "FandolKai", "AR PL UKai CN"],
    "page_number": ["宋体", "SimSun", *_SERIF],
}
PREPARED_FONT_DIR = Path(
    env.str("DOCUMENT_PREPARED_FONT_DIR", default="")
    or Path.home() / ".local" / "share" / "fonts" / "cnas-minutes"  # a directory fontconfig scans
)
