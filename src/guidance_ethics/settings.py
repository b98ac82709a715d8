"""Django settings, read from the environment (see the README's "Settings" table).

Every variable read here is listed in README.md; tests/test_docs.py keeps the two in step.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from guidance_ethics.lib.env import (
    check_addresses,
    check_secret_key,
    env_bool,
    env_int,
    env_list,
    env_str,
)

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("DATA_DIR", str(Path.cwd() / "data"))).resolve()

DEBUG = env_bool("DEBUG", default=False)

if DEBUG:
    # A development-only key; check_secret_key refuses it, so it can never reach production.
    SECRET_KEY = env_str("SECRET_KEY") or "django-insecure-development-only-key-guidance-ethics"
else:
    SECRET_KEY = check_secret_key(env_str("SECRET_KEY"))

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "guidance_ethics.core",
    "guidance_ethics.accounts",
    "guidance_ethics.audit",
    "guidance_ethics.cases",
    "guidance_ethics.values",
    "guidance_ethics.workshops",
    "guidance_ethics.live",
    "guidance_ethics.reports",
    "guidance_ethics.library",
    "guidance_ethics.suggestions",
    "guidance_ethics.followup",
    "guidance_ethics.training",
    "guidance_ethics.api",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    # Two-step verification (TOTP and recovery codes) for staff accounts.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "guidance_ethics.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Session timeouts, the list of one's sessions, and two-step verification enforced.
    "guidance_ethics.accounts.security.AccountSecurityMiddleware",
    "guidance_ethics.api.middleware.BearerTokenLimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Axes last, as its documentation asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "guidance_ethics.urls"
ASGI_APPLICATION = "guidance_ethics.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "guidance_ethics.core.context_processors.platform",
            ],
        },
    },
]

# --- Database ------------------------------------------------------------------------------

DATABASE_URL = env_str("DATABASE_URL")
if not DATABASE_URL:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASE_URL = f"sqlite:///{DATA_DIR / 'guidance-ethics.sqlite3'}"
_database = dj_database_url.parse(DATABASE_URL, conn_max_age=0, conn_health_checks=True)
if _database["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite configured for a web app: WAL so readers never wait for the writer, a busy
    # timeout instead of instant "database is locked", and write transactions that take
    # the lock at BEGIN so two writers cannot deadlock on an upgrade. Django turns
    # foreign keys on for every SQLite connection itself. The engine is Django's, with the
    # writers of one process queueing on a lock rather than polling (lib/sqlite/base.py).
    _database["ENGINE"] = "guidance_ethics.lib.sqlite"
    _database["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA busy_timeout=20000;"
        ),
    }
elif _database["ENGINE"] == "django.db.backends.postgresql":
    # A pool per process (psycopg_pool, through Django): requests borrow a connection and
    # give it back, instead of opening one each; 2,000 phones that connect at once wait
    # for a connection rather than exceed PostgreSQL's max_connections. (A pool needs
    # CONN_MAX_AGE 0, as parsed above.) A request that gets no connection within
    # DATABASE_POOL_TIMEOUT seconds (all busy, or the database unreachable) is answered 503
    # with Retry-After (core.views.server_error).
    _database.setdefault("OPTIONS", {})["pool"] = {
        "min_size": 2,
        "max_size": env_int("DATABASE_POOL_SIZE", 20, minimum=1),
        "timeout": env_int("DATABASE_POOL_TIMEOUT", 10, minimum=1),
    }
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL") or None
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Joining with a code: failed attempts (wrong or closed codes) per address and per code.
JOIN_FAILURE_LIMIT = env_int("JOIN_FAILURE_LIMIT", 20, minimum=1)
JOIN_FAILURE_WINDOW_SECONDS = env_int("JOIN_FAILURE_WINDOW_SECONDS", 600, minimum=1)
# An address over that limit may still try one code per this many seconds (the slow lane): a
# right code joins, so a room is not locked out by its own typos. At 30, the same rate as the
# limit itself (20 per 600 s): guessing is no faster than before (docs/security.md).
JOIN_SLOW_SECONDS = env_int("JOIN_SLOW_SECONDS", 30, minimum=1)
# Requests for a session ("Organiseer een sessie"): at most this many per address and window.
SESSION_REQUEST_LIMIT = env_int("SESSION_REQUEST_LIMIT", 5, minimum=1)
SESSION_REQUEST_WINDOW_SECONDS = env_int("SESSION_REQUEST_WINDOW_SECONDS", 3600, minimum=1)
# How fast one participant may add contributions (and change votes): at most this many in
# ten seconds, and in a minute; refused with 429 and Retry-After. Staff are not limited.
CONTRIBUTION_BURST = env_int("CONTRIBUTION_BURST", 10, minimum=1)
CONTRIBUTION_RATE_PER_MINUTE = env_int("CONTRIBUTION_RATE_PER_MINUTE", 30, minimum=1)
# Mails a day to one address someone typed (session-request confirmations, invitations,
# confirmations of a new e-mail address), each kind counted on its own.
MAIL_PER_RECIPIENT_LIMIT = env_int("MAIL_PER_RECIPIENT_LIMIT", 3, minimum=1)
# Practice sessions (training): the simulated participants' process, their pace (seconds
# between contributions) and a folder with trainers' own scenario files.
TRAINING_SIMULATOR = env_bool("TRAINING_SIMULATOR", default=True)
TRAINING_SIMULATOR_PACE = env_int("TRAINING_SIMULATOR_PACE", 4, minimum=0)
# Practice sessions running at the same time on the whole platform (each a simulator process).
TRAINING_SIMULATOR_LIMIT = env_int("TRAINING_SIMULATOR_LIMIT", 8, minimum=1)
TRAINING_SCENARIO_DIR = env_str("TRAINING_SCENARIO_DIR", "")
# Where the simulated participants reach the platform; empty: the address the trainee used.
TRAINING_SIMULATOR_BASE_URL = env_str("TRAINING_SIMULATOR_BASE_URL", "")

# Requests one server process handles at the same time, each on a thread of a fixed pool
# (live/asgi.Application); on PostgreSQL more than DATABASE_POOL_SIZE of them wait for a
# connection. Open event streams hold no thread and do not count.
SERVER_THREADS = env_int("SERVER_THREADS", 32, minimum=1)

# Seconds between the comment lines that keep idle event streams open through proxies.
LIVE_HEARTBEAT_SECONDS = env_int("LIVE_HEARTBEAT_SECONDS", 15, minimum=1)
# 0 delivers every live event on its own; any other value combines a workshop's events that
# arrive while a delivery to its listeners is still being written (live/broker.py). The
# number is no longer a time; the name stays for existing configurations.
LIVE_FANOUT_WINDOW_MS = env_int("LIVE_FANOUT_WINDOW_MS", 100, minimum=0)
# The value suggester trains its linear part in a thread of its own, so that a link made a
# moment ago never makes the next suggestion wait (docs/value-suggestions.md). The tests
# turn it off to get the fitted model in the answer itself.
SUGGESTIONS_BACKGROUND_FIT = True
# How many events a live stream may fall behind (a phone that stops reading while its
# connection stays open) before it is no longer queued for and reads from the log instead.
LIVE_QUEUE_SIZE = env_int("LIVE_QUEUE_SIZE", 2000, minimum=1)
# The kernel's send buffer of each live stream's socket, in KiB (Linux doubles it): what a
# phone that stops reading can hold in the server's memory before its stream waits.
LIVE_SEND_BUFFER_KIB = env_int("LIVE_SEND_BUFFER_KIB", 64, minimum=1)

# --- Accounts -------------------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "core:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 3
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 14, minimum=1)

# Failed logins: locked per account and, separately, per address (django-axes).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_USERNAME_FORM_FIELD = "username"
# Every spelling of an address (case, spaces around it) counts against the same lock.
AXES_USERNAME_CALLABLE = "guidance_ethics.accounts.security.lockout_username"
AXES_VERBOSE = False
AXES_ENABLED = env_bool("LOGIN_RATE_LIMIT", default=True)

# --- Security -------------------------------------------------------------------------------

SECURE_COOKIES = env_bool("SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
# A login ends after SESSION_IDLE_MINUTES without a request, and SESSION_ABSOLUTE_HOURS
# after it began whatever happens (accounts/security.py). A moderator's console asks the
# server something every few seconds, so a session being run never counts as idle.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 120, minimum=1)
SESSION_ABSOLUTE_HOURS = env_int("SESSION_ABSOLUTE_HOURS", 12, minimum=1)
SESSION_COOKIE_AGE = 60 * 60 * SESSION_ABSOLUTE_HOURS
# Changing one's password or two-step verification asks for the password again when the
# last time it was given is longer ago than this.
REAUTHENTICATION_MINUTES = env_int("REAUTHENTICATION_MINUTES", 10, minimum=1)
OTP_TOTP_ISSUER = "guidance-ethics"
# Requests for a password reset link, per address and per IP address, per hour.
PASSWORD_RESET_LIMIT = env_int("PASSWORD_RESET_LIMIT", 5, minimum=1)
# New personal API tokens per person per day.
API_TOKEN_LIMIT = env_int("API_TOKEN_LIMIT", 20, minimum=1)
# API requests with a bearer token that matches nothing, per address in ten minutes (then
# 429 for every request with a token from that address).
API_TOKEN_FAILURE_LIMIT = env_int("API_TOKEN_FAILURE_LIMIT", 50, minimum=1)
# Days the security logs of logins (with IP addresses) are kept; guidance-ethics purge
# removes older entries.
SECURITY_LOG_DAYS = env_int("SECURITY_LOG_DAYS", 30, minimum=1)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0, minimum=0)
if env_bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The proxies whose X-Forwarded-For (the client's address) uvicorn believes; from anyone
# else the header is ignored. Addresses or networks; the limits per address depend on it.
FORWARDED_ALLOW_IPS = check_addresses(
    "FORWARDED_ALLOW_IPS", env_list("FORWARDED_ALLOW_IPS", ["127.0.0.1", "::1"])
)

# No inline scripts or styles: every script and stylesheet is a file the platform serves.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

# --- Language and time ----------------------------------------------------------------------

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
FORMAT_MODULE_PATH = ["guidance_ethics.core.formats"]
USE_I18N = True
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------

STATIC_URL = "/static/"
# Served by WhiteNoise straight from the app folders, so no collectstatic step is needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_MAX_AGE = 60 * 60

# --- E-mail ---------------------------------------------------------------------------------

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "guidance-ethics <noreply@localhost>")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint reports every step of every PDF at INFO; its warnings are what matter.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
