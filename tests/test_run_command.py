"""The README's first command brings the platform up with demo data, in Dutch."""

import os
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.timeout(600)
def test_scripts_run_serves_the_demo_in_dutch(tmp_path):
    port = free_port()
    drop = {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY"}
    environ = {k: v for k, v in os.environ.items() if k not in drop}
    environ.update(PORT=str(port), DATA_DIR=str(tmp_path))
    process = subprocess.Popen(
        [str(ROOT / "scripts" / "run")],
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 300
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    body = response.read().decode()
                    break
            except OSError:
                assert process.poll() is None, process.stdout.read()
                assert time.monotonic() < deadline, "scripts/run did not serve in time"
                time.sleep(0.5)
        assert response.status == 200
        assert "Begeleidingsethiek voor publieke organisaties" in body
        assert (tmp_path / "guidance-ethics.sqlite3").exists()
    finally:
        os.killpg(process.pid, 15)
        output = process.communicate(timeout=30)[0]
    assert "Demo-wachtwoord-2026" in output and "admin@politie-noordveld.test" in output
