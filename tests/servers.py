"""Real servers for tests: ``guidance-ethics serve`` (uvicorn) processes on free ports.

A ``Platform`` is one database (a fresh SQLite file, or a fresh PostgreSQL database when
given a URL) migrated and loaded with the demo data; it starts, kills and restarts server
processes against it. Tests talk to them over HTTP only, as a browser or phone would.
"""

import contextlib
import http.client
import http.cookiejar
import json
import os
import queue
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

CLI = Path(sys.executable).parent / "guidance-ethics"
DEMO_PASSWORD = "Demo-wachtwoord-2026"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, platform, port: int):
        self.platform = platform
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.log_path = platform.data_dir / f"server-{port}.log"
        self.process = None

    def start(self, timeout: float = 30) -> "Server":
        log = self.log_path.open("a")
        self.process = subprocess.Popen(
            [CLI, "serve", "--port", str(self.port)],
            env=self.platform.environ,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{self.url}/health/", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"server did not start; see {self.log_path}") from None
                time.sleep(0.1)

    def kill(self) -> None:
        """SIGKILL: no shutdown, no flushing; as a crash."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


class Platform:
    def __init__(
        self,
        data_dir: Path,
        *,
        database_url: str = "",
        redis_url: str = "",
        secure_cookies: bool = False,
        **settings: str,
    ):
        """``secure_cookies`` as in production; plain-HTTP clients (urllib) need it off,
        a browser accepts secure cookies from 127.0.0.1. Other keyword arguments are settings
        (environment variables) for the servers."""
        self.data_dir = data_dir
        self.servers: list[Server] = []
        drop = {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY"}
        self.environ = {k: v for k, v in os.environ.items() if k not in drop}
        self.environ.update(
            {
                "SECRET_KEY": secrets.token_urlsafe(50),
                "DATA_DIR": str(data_dir),
                "ALLOWED_HOSTS": "127.0.0.1",
                "LOG_LEVEL": "WARNING",
                "SECURE_COOKIES": "true" if secure_cookies else "false",
                # Load tests and benchmarks post as fast as the server answers, from few
                # phones; the tests of the per-participant limit set it themselves.
                "CONTRIBUTION_BURST": "1000000",
                "CONTRIBUTION_RATE_PER_MINUTE": "1000000",
                **settings,
            }
        )
        self._admin_url = ""
        self._database = ""
        if database_url:
            self._admin_url = database_url.replace("postgres://", "postgresql://", 1)
            self._database = f"ge_live_{secrets.token_hex(4)}"
            self._sql(f'CREATE DATABASE "{self._database}"')
            base = self._admin_url.rsplit("/", 1)[0]
            self.environ["DATABASE_URL"] = f"{base}/{self._database}"
        if redis_url:
            self.environ["REDIS_URL"] = redis_url
        subprocess.run([CLI, "migrate", "--no-input", "-v0"], env=self.environ, check=True)
        demo = subprocess.run(
            [CLI, "demo", "--force"],
            env=self.environ,
            check=True,
            capture_output=True,
            text=True,
        )
        self.workshop_id = int(re.search(r"Demo session (\d+)", demo.stdout).group(1))
        self.join_code = re.search(r"join code: (\w+)", demo.stdout).group(1)

    def _sql(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(self._admin_url, autocommit=True) as connection:
            connection.execute(statement)

    def refuse_connections(self) -> None:
        """PostgreSQL only: the database refuses new connections and loses its open ones,
        as in an outage or a failover."""
        self._sql(f'ALTER DATABASE "{self._database}" WITH ALLOW_CONNECTIONS false')
        self._sql(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "  # noqa: S608 (our name)
            f"WHERE datname = '{self._database}' AND pid <> pg_backend_pid()"
        )

    def allow_connections(self) -> None:
        self._sql(f'ALTER DATABASE "{self._database}" WITH ALLOW_CONNECTIONS true')

    def start(self, port: int | None = None) -> Server:
        server = Server(self, port or free_port()).start()
        self.servers.append(server)
        return server

    def close(self) -> None:
        for server in self.servers:
            server.stop()
        if self._database:
            self._sql(f'DROP DATABASE IF EXISTS "{self._database}" WITH (FORCE)')


def request_json(url: str, body=None, *, token: str = "", opener=None, method=None, headers=None):
    """(status, parsed JSON) of one API call."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(
        url, data=data, method=method or ("POST" if data else "GET"), headers=headers or {}
    )
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with (opener or urllib.request.build_opener()).open(req, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def join(server: Server, code: str, group: str = "citizen") -> str:
    status, body = request_json(
        f"{server.url}/api/v1/join",
        {"code": code, "stakeholder_group": group, "consent_publication": True},
    )
    assert status == 201, body
    return body["token"]


def staff_opener(server: Server, email: str, password: str = DEMO_PASSWORD):
    """A urllib opener logged in through the login form, as a browser would."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{server.url}/inloggen/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode(
        {"username": email, "password": password, "csrfmiddlewaretoken": token}
    ).encode()
    req = urllib.request.Request(f"{server.url}/inloggen/", data=form)
    req.add_header("Referer", f"{server.url}/inloggen/")
    with opener.open(req, timeout=30) as response:
        assert response.url.endswith("/overzicht/"), "login failed"
    opener.cookie_header = "; ".join(f"{c.name}={c.value}" for c in jar)
    return opener


class Listener(threading.Thread):
    """An SSE client in a thread: every event lands in ``events`` as (seq, kind, data)."""

    def __init__(
        self, url: str, *, token: str = "", last_event_id: int | None = None, cookie: str = ""
    ):
        super().__init__(daemon=True)
        parts = urlsplit(url)
        self.host, self.port = parts.hostname, parts.port
        self.path = parts.path + (f"?{parts.query}" if parts.query else "")
        self.headers = {"Accept": "text/event-stream"}
        if token:
            self.headers["Authorization"] = f"Bearer {token}"
        if last_event_id is not None:
            self.headers["Last-Event-ID"] = str(last_event_id)
        if cookie:
            self.headers["Cookie"] = cookie
        self.events: queue.Queue = queue.Queue()
        self.notices: queue.Queue = queue.Queue()
        self.status = None
        self.connected = threading.Event()
        self.comments = 0
        self._connection = None

    def run(self):
        try:
            self._connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
            self._connection.request("GET", self.path, headers=self.headers)
            response = self._connection.getresponse()
            self.status = response.status
            self.connected.set()
            fields: dict[str, str] = {}
            while True:
                line = response.fp.readline()
                if not line:
                    return
                line = line.decode().rstrip("\n")
                if line == "":
                    if "data" in fields:
                        data = json.loads(fields["data"])
                        if "seq" in data:
                            self.events.put((data["seq"], data["kind"], data["data"]))
                        else:  # a notice outside the log (the participant counts)
                            self.notices.put((data["kind"], data["data"]))
                    fields = {}
                elif line.startswith(":"):
                    self.comments += 1
                else:
                    name, _sep, value = line.partition(":")
                    fields[name] = value.removeprefix(" ")
        except (OSError, ValueError):
            return
        finally:
            self.connected.set()
            if self._connection is not None:
                self._connection.close()

    def take(self, count: int, timeout: float = 20) -> list:
        """The next ``count`` events, waiting up to ``timeout`` seconds in all."""
        deadline = time.monotonic() + timeout
        taken = []
        while len(taken) < count:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"got {len(taken)} of {count} events: {taken}")
            try:
                taken.append(self.events.get(timeout=remaining))
            except queue.Empty:
                continue
        return taken

    def open(self) -> "Listener":
        self.start()
        assert self.connected.wait(30) and self.status == 200, self.status
        return self

    def close(self) -> None:
        """Shut the socket down, so that the reading thread sees the end of the stream and
        closes the connection itself: closing it from here could take the response away
        under its ``readline`` (seen once in CI)."""
        if self._connection is not None and self._connection.sock is not None:
            with contextlib.suppress(OSError):
                self._connection.sock.shutdown(socket.SHUT_RDWR)
        self.join(timeout=10)
        if self._connection is not None:
            self._connection.close()
