import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from guidance_ethics.lib import env


@pytest.mark.parametrize(
    ("value", "expected"), [("true", True), ("YES", True), ("0", False), ("off", False), ("", True)]
)
def test_env_bool_accepts_clear_words(monkeypatch, value, expected):
    monkeypatch.setenv("X_FLAG", value)
    assert env.env_bool("X_FLAG", default=True) is expected


@pytest.mark.parametrize("value", ["maybe", "2", "ja", "True!"])
def test_env_bool_rejects_ambiguous_values(monkeypatch, value):
    monkeypatch.setenv("X_FLAG", value)
    with pytest.raises(ImproperlyConfigured):
        env.env_bool("X_FLAG", default=False)


def test_secret_from_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-a-file\n")
    monkeypatch.delenv("X_SECRET", raising=False)
    monkeypatch.setenv("X_SECRET_FILE", str(secret))
    assert env.env_str("X_SECRET") == "from-a-file"


def test_both_value_and_file_is_an_error(monkeypatch, tmp_path):
    monkeypatch.setenv("X_SECRET", "a")
    monkeypatch.setenv("X_SECRET_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured):
        env.env_str("X_SECRET")


def test_unreadable_secret_file_is_an_error(monkeypatch, tmp_path):
    monkeypatch.delenv("X_SECRET", raising=False)
    monkeypatch.setenv("X_SECRET_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured):
        env.env_str("X_SECRET")


def test_env_int_rejects_words(monkeypatch):
    monkeypatch.setenv("X_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured):
        env.env_int("X_NUMBER", 1)


@pytest.mark.parametrize(("value", "accepted"), [("-1", False), ("0", False), ("1", True)])
def test_env_int_refuses_a_number_below_its_minimum(monkeypatch, value, accepted):
    monkeypatch.setenv("X_NUMBER", value)
    if accepted:
        assert env.env_int("X_NUMBER", 5, minimum=1) == 1
    else:
        with pytest.raises(ImproperlyConfigured, match="at least 1"):
            env.env_int("X_NUMBER", 5, minimum=1)


@pytest.mark.parametrize(
    "secret", [None, "changeme", "short", "django-insecure-" + "a" * 50, "a" * 60]
)
def test_placeholder_short_or_missing_secret_keys_are_refused(secret):
    with pytest.raises(ImproperlyConfigured):
        env.check_secret_key(secret)


def test_a_random_secret_key_is_accepted():
    import secrets

    key = secrets.token_urlsafe(50)
    assert env.check_secret_key(key) == key


def load_settings(**environ):
    """Import the real settings in a fresh interpreter with exactly this environment."""
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    clean.update(environ)
    return subprocess.run(
        [sys.executable, "-c", "import guidance_ethics.settings as s; print(s.DATABASES)"],
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    result = load_settings(DEBUG="false", DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [("SERVER_THREADS", "0"), ("LIVE_QUEUE_SIZE", "-5"), ("LIVE_FANOUT_WINDOW_MS", "-1")],
)
def test_a_number_setting_below_its_minimum_stops_start_up(tmp_path, name, value):
    result = load_settings(DEBUG="true", DATA_DIR=str(tmp_path), **{name: value})
    assert result.returncode != 0 and f"{name}={value!r} must be at least" in result.stderr


def test_ambiguous_debug_stops_start_up(tmp_path):
    result = load_settings(DEBUG="perhaps", DATA_DIR=str(tmp_path))
    assert result.returncode != 0 and "ambiguous" in result.stderr


def test_default_database_is_sqlite_in_the_data_directory_configured_for_a_web_app(tmp_path):
    environ = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    result = subprocess.run(
        [sys.executable, "-c", "import guidance_ethics.settings as s; print(s.DATABASES)"],
        env={**environ, "DEBUG": "true", "DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert str(tmp_path / "guidance-ethics.sqlite3") in result.stdout
    assert "'transaction_mode': 'IMMEDIATE'" in result.stdout
    assert "journal_mode=WAL" in result.stdout and "busy_timeout" in result.stdout


def test_sqlite_connection_has_wal_and_foreign_keys(db):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == 20000


@pytest.mark.parametrize("value", ["10.0.0.300", "proxy.internal", "10.0.0.1/8", "*,10.0.0.1"])
def test_a_trusted_proxy_that_is_not_an_address_or_network_stops_start_up(tmp_path, value):
    result = load_settings(DEBUG="true", DATA_DIR=str(tmp_path), FORWARDED_ALLOW_IPS=value)
    assert result.returncode != 0 and "FORWARDED_ALLOW_IPS" in result.stderr


def test_trusted_proxies_are_addresses_and_networks(tmp_path):
    value = "10.0.0.0/8, 192.0.2.7,::1"
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import guidance_ethics.settings as s; print(s.FORWARDED_ALLOW_IPS)",
        ],
        env={
            **os.environ,
            "DEBUG": "true",
            "DATA_DIR": str(tmp_path),
            "FORWARDED_ALLOW_IPS": value,
        },
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "['10.0.0.0/8', '192.0.2.7', '::1']"
