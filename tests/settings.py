"""The platform's settings, with what a test run needs set before they are read."""

import os
import secrets
import tempfile
from urllib.parse import urlsplit, urlunsplit

os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="guidance-ethics-tests-"))


def _redis_for_this_worker(url: str, worker: str) -> str:
    """pytest-xdist's worker ``gwN`` uses Redis database base + N: the tests empty their
    database (``cache.clear()``), and the servers they start inherit the environment.
    (PostgreSQL: pytest-django gives each worker its own test database.)"""
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{base + int(worker.removeprefix('gw'))}"))


if os.environ.get("REDIS_URL") and os.environ.get("PYTEST_XDIST_WORKER"):
    os.environ["REDIS_URL"] = _redis_for_this_worker(
        os.environ["REDIS_URL"], os.environ["PYTEST_XDIST_WORKER"]
    )

from guidance_ethics.settings import *  # noqa: E402, F403 (the environment above comes first)

# Argon2 is deliberately slow and memory-hungry; the suite creates hundreds of accounts.
# tests/test_url_permissions.py checks that the real settings hash with Argon2.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The tests start simulated participants themselves, against a running server.
TRAINING_SIMULATOR = False

if DATABASES["default"]["ENGINE"] == "guidance_ethics.lib.sqlite":  # noqa: F405
    # A test database in a file, as in production: in WAL mode a reader never waits for a
    # writer, and a writer waits for another (busy timeout). Django's in-memory test database
    # shares one cache between connections instead, where a thread that reads a table another
    # thread is writing fails at once ("database table is locked"), which production never
    # does. pytest-django gives each xdist worker its own file (it appends "_gwN").
    DATABASES["default"].setdefault("TEST", {})["NAME"] = str(DATA_DIR / "test.sqlite3")  # noqa: F405
