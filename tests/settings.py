"""The platform's settings, with what a test run needs set before they are read."""

import os
import secrets
import tempfile

os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="guidance-ethics-tests-"))

from guidance_ethics.settings import *  # noqa: F403

# Argon2 is deliberately slow and memory-hungry; the suite creates hundreds of accounts.
# tests/accounts/test_passwords.py checks that the real settings hash with Argon2.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The tests start simulated participants themselves, against a running server.
TRAINING_SIMULATOR = False
