"""SQLite for a threaded web server: write transactions of one process queue in order.

SQLite lets one writer in at a time. Every transaction here begins ``IMMEDIATE`` (see the
settings), and a second writer that finds the database locked is left to SQLite's busy
handler, which polls with sleeps that grow to 100 ms. Under a burst of contributions some
writers keep losing that race: most wait milliseconds, a few wait seconds. This backend
makes the writers of one process wait on a lock instead, taken before ``BEGIN IMMEDIATE``
and released at commit, rollback or close, so that each starts the moment the previous one
ends. Writers in other processes (management commands) still meet SQLite's busy timeout.

It also keeps a few connections of a database file open for reuse. Under ASGI every request
runs in a thread of its own, so Django opens a connection per request (and registers its
SQL functions on it) and closes it at the end; a closed connection goes back to a small
pool of idle ones instead, and the next request takes it from there (docs/performance.md).
An in-memory database (the tests') is never pooled.
"""

import queue
import threading

from django.db import OperationalError
from django.db.backends.sqlite3 import base

_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()
_idle: dict[str, queue.LifoQueue] = {}
IDLE_CONNECTIONS = 8


def _lock_for(name: str) -> threading.Lock:
    with _locks_guard:
        return _locks.setdefault(str(name), threading.Lock())


def _idle_for(name: str) -> queue.LifoQueue:
    with _locks_guard:
        return _idle.setdefault(str(name), queue.LifoQueue(maxsize=IDLE_CONNECTIONS))


class DatabaseWrapper(base.DatabaseWrapper):
    _holds_write_lock = False

    def _write_lock(self) -> threading.Lock:
        return _lock_for(self.settings_dict["NAME"])

    def _start_transaction_under_autocommit(self):
        timeout = self.settings_dict.get("OPTIONS", {}).get("timeout", 5)
        if not self._write_lock().acquire(timeout=timeout):
            raise OperationalError("database is locked")
        self._holds_write_lock = True
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._release_write_lock()
            raise

    def _release_write_lock(self) -> None:
        if self._holds_write_lock:
            self._holds_write_lock = False
            self._write_lock().release()

    def _commit(self):
        try:
            return super()._commit()
        finally:
            self._release_write_lock()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._release_write_lock()

    def get_new_connection(self, conn_params):
        if not self.is_in_memory_db():
            try:
                return _idle_for(self.settings_dict["NAME"]).get_nowait()
            except queue.Empty:
                pass
        return super().get_new_connection(conn_params)

    def _close(self):
        try:
            if self._park():
                return None
            return super()._close()
        finally:
            self._release_write_lock()

    def _park(self) -> bool:
        """Give a healthy connection outside a transaction to the idle pool."""
        conn = self.connection
        if conn is None or self.in_atomic_block or self.errors_occurred or self.is_in_memory_db():
            return False
        try:
            if conn.in_transaction:
                conn.rollback()
            _idle_for(self.settings_dict["NAME"]).put_nowait(conn)
        except (queue.Full, base.Database.Error):
            return False
        return True
