import os
import subprocess
import sys
from pathlib import Path

import pytest

from guidance_ethics.cli import COMMANDS

CLI = Path(sys.executable).parent / "guidance-ethics"


def run(*args, **environ):
    # The real settings, as an operator has them; not the test run's.
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DEBUG"}}
    env.update(environ)
    return subprocess.run(
        [str(CLI), *args], env=env, capture_output=True, text=True, check=False, timeout=120
    )


def test_help_lists_every_command():
    result = run("--help")
    assert result.returncode == 0
    for name in COMMANDS:
        assert name in result.stdout


def test_unknown_command_is_an_error():
    result = run("launch-rockets")
    assert result.returncode == 2


@pytest.mark.parametrize("command", ["migrate", "demo", "createadmin", "check"])
def test_each_django_command_has_help(command, tmp_path):
    result = run(command, "--help", DEBUG="true", DATA_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "usage" in result.stdout


def test_migrate_demo_and_createadmin_on_a_fresh_sqlite_database(tmp_path):
    environ = {"DEBUG": "true", "DATA_DIR": str(tmp_path), "DATABASE_URL": ""}
    assert run("migrate", "--no-input", **environ).returncode == 0
    demo = run("demo", **environ)
    assert demo.returncode == 0, demo.stderr
    assert "beheer@noordveld.test" in demo.stdout
    admin = run(
        "createadmin", "--email", "root@x.test", ADMIN_PASSWORD="Lang-en-sterk-2026!", **environ
    )
    assert admin.returncode == 0, admin.stderr
    weak = run("createadmin", "--email", "weak@x.test", ADMIN_PASSWORD="123", **environ)
    assert weak.returncode != 0
    assert (tmp_path / "guidance-ethics.sqlite3").exists()
