"""SQLite for a threaded web server: write transactions of one process queue in order.

SQLite lets one writer in at a time. Every transaction here begins ``IMMEDIATE`` (see the
settings), and a second writer that finds the database locked is left to SQLite's busy
handler, which polls with sleeps that grow to 100 ms. Under a burst of contributions some
writers keep losing that race: most wait milliseconds, a few wait seconds. This backend
makes the writers of one process wait on a lock instead, taken before ``BEGIN IMMEDIATE``
and released at commit, rollback or close, so that each starts the moment the previous one
ends. Writers in other processes (management commands) still meet SQLite's busy timeout.
"""

import threading

from django.db import OperationalError
from django.db.backends.sqlite3 import base

_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


def _lock_for(name: str) -> threading.Lock:
    with _locks_guard:
        return _locks.setdefault(str(name), threading.Lock())


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

    def _close(self):
        try:
            return super()._close()
        finally:
            self._release_write_lock()
