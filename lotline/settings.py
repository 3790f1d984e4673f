"""Django settings, read from LOTLINE_* environment variables (the table is in README.md, "Configuration").

Typed helpers fail loudly on a bad value: a plant should learn at start-up, not at the first recall, that
LOTLINE_DEBUG=maybe is not a boolean.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no, on/off)")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


def lock_wait_ms() -> int:
    """How long a request waits for another writer (SQLite's write lock, a PostgreSQL row or table lock)
    before it gives up and the edges answer 503 "busy": long enough for everyday scans to queue behind
    each other, short enough that nobody stares at a frozen screen while a big import is saved."""
    value = env_int("LOTLINE_LOCK_WAIT_MS", 5000)
    if value < 1:
        raise ImproperlyConfigured("LOTLINE_LOCK_WAIT_MS must be at least 1")
    return value


# The drill's target, a day at most: also the limit of the drills page and `lotline drill --target-seconds`.
MAX_DRILL_TARGET_SECONDS = 86_400


def drill_target_seconds() -> int:
    """Whole seconds from 1 to a day. 0 is a target no drill can meet, and a negative one passed start-up
    only to break the first drill on the Drill table's CHECK (target_seconds >= 0)."""
    value = env_int("LOTLINE_DRILL_TARGET_SECONDS", 60)
    if not 1 <= value <= MAX_DRILL_TARGET_SECONDS:
        raise ImproperlyConfigured(
            f"LOTLINE_DRILL_TARGET_SECONDS={value} is out of range: "
            f"use whole seconds from 1 to {MAX_DRILL_TARGET_SECONDS}"
        )
    return value


def database_from_url(url: str) -> dict:
    """Turn LOTLINE_DATABASE_URL into Django's DATABASES entry.

    sqlite:///path/to/file.sqlite3 or postgresql://user:pass@host:port/name.
    """
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = unquote(parsed.path)
        if path.startswith("/") and not path.startswith("//") and parsed.netloc == "":
            # sqlite:///var/db.sqlite3 -> relative "var/db.sqlite3"; sqlite:////abs/path -> absolute.
            path = path[1:]
        return sqlite_database(Path(path) if Path(path).is_absolute() else BASE_DIR / path)
    if parsed.scheme in {"postgres", "postgresql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")) or "lotline",
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "CONN_MAX_AGE": 60,
            # Wait this long for a row or table lock, then answer "busy" (core/busy.py) instead of hanging.
            "OPTIONS": {"options": f"-c lock_timeout={lock_wait_ms()}"},
            # Parallel test runs on one server each need their own test database.
            "TEST": {
                "NAME": env_str(
                    "LOTLINE_PG_TEST_NAME", f"test_{unquote(parsed.path.lstrip('/')) or 'lotline'}"
                )
            },
        }
    raise ImproperlyConfigured(f"LOTLINE_DATABASE_URL={url!r}: scheme must be sqlite or postgresql")


def sqlite_database(path: Path) -> dict:
    # IMMEDIATE transactions take the write lock up front, so two scans never deadlock on lock upgrade;
    # WAL lets the recall desk read while the floor writes. synchronous=NORMAL can lose the last
    # acknowledged transactions on power loss (not on a crash); LOTLINE_SQLITE_SYNCHRONOUS=FULL trades
    # roughly half the write rate for that guarantee (see bench/).
    # A fresh clone has no var/ yet; SQLite creates the file but not its folder.
    path.parent.mkdir(parents=True, exist_ok=True)
    synchronous = env_str("LOTLINE_SQLITE_SYNCHRONOUS", "NORMAL").upper()
    if synchronous not in {"NORMAL", "FULL"}:
        raise ImproperlyConfigured("LOTLINE_SQLITE_SYNCHRONOUS must be NORMAL or FULL")
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        # Tests use a file too, not Django's shared-cache in-memory default: its table-level locks fail at
        # once instead of waiting, so threads (live server, background imports) behave unlike production.
        "TEST": {"NAME": str(path.with_name(f"test-{path.stem}.sqlite3"))},
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "init_command": (
                f"PRAGMA journal_mode=WAL; PRAGMA synchronous={synchronous}; "
                f"PRAGMA busy_timeout={lock_wait_ms()};"
            ),
        },
    }


DEBUG = env_bool("LOTLINE_DEBUG", False)
# The fallback key is for the demo and tests only; `manage.py check --deploy` flags it for production.
SECRET_KEY = env_str("LOTLINE_SECRET_KEY", "") or "django-insecure-lotline-demo-key-set-LOTLINE_SECRET_KEY"
ALLOWED_HOSTS = env_list("LOTLINE_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("LOTLINE_CSRF_TRUSTED_ORIGINS", [])

DATA_DIR = Path(env_str("LOTLINE_DATA_DIR", str(BASE_DIR / "var")))
DATABASES = {
    "default": database_from_url(env_str("LOTLINE_DATABASE_URL", ""))
    if os.environ.get("LOTLINE_DATABASE_URL")
    else sqlite_database(DATA_DIR / "lotline.sqlite3")
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "lotline.core",
    # Around the core, each depending only inward (tests/test_layers.py).
    "lotline.recall",
    "lotline.planning",
    "lotline.printing",
    "lotline.imports",
    "lotline.demo",
    "lotline.web",
    "lotline.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "lotline.web.middleware.RefuseNulCharacters",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "lotline.web.middleware.AnswerBusyDatabase",
]
ROOT_URLCONF = "lotline.urls"
WSGI_APPLICATION = "lotline.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "lotline.web.views.site.site_context",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = env_str("LOTLINE_LANGUAGE", "en")
LANGUAGES = [("en", "English"), ("pl", "Polski"), ("de", "Deutsch")]
LOCALE_PATHS = [BASE_DIR / "lotline" / "locale"]
USE_I18N = True
# Stored in UTC; shown in the site's time zone (Site.timezone), this is only the fallback.
USE_TZ = True
TIME_ZONE = env_str("LOTLINE_TIME_ZONE", "UTC")

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# Serve static files straight from the apps: no collectstatic step for a one-tablet shop. Until someone
# does collect them, STATIC_ROOT does not exist, which WhiteNoise would announce at every start.
WHITENOISE_USE_FINDERS = True
warnings.filterwarnings("ignore", message="No directory at: ", category=UserWarning)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOTLINE_LOG_LEVEL", "WARNING")},
}

# Pallet labels: SSCCs are drawn under this GS1 Company Prefix (6–12 digits); empty = no pallet labels.
LOTLINE_GS1_COMPANY_PREFIX = env_str("LOTLINE_GS1_COMPANY_PREFIX", "")

# EPCIS ids of lots without a GTIN: <domain>/item/<item>/lot/<lot> (a domain the plant controls).
LOTLINE_EPCIS_ID_DOMAIN = env_str("LOTLINE_EPCIS_ID_DOMAIN", "https://id.lotline.example")

# The dry-recall drill passes when the full trace answers within this many seconds (and finds no hole).
LOTLINE_DRILL_TARGET_SECONDS = drill_target_seconds()
