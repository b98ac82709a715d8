"""Limits on failed attempts, counted in Django's cache (Redis when REDIS_URL is set).

Only failures count: a room of phones behind one venue Wi-Fi address joins hundreds of
participants without ever meeting the limit, while guessing codes stops quickly.

If the cache is unreachable (Redis restarting), the limits do not count for that moment and
a warning is logged: a session in progress goes on (docs/security.md, "Rate limits").
"""

import hashlib
import logging
import math
import time

import redis
from django.core.cache import cache

logger = logging.getLogger(__name__)

# What Django's Redis cache raises when Redis does not answer.
CACHE_ERRORS = (redis.RedisError, ConnectionError)


def _digest(subject: str) -> str:
    """Addresses, e-mail addresses and tokens are kept in the cache only as hashes."""
    return hashlib.sha256(subject.encode()).hexdigest()[:32]


class FailureLimit:
    """At most ``limit`` failures per subject in ``window_seconds`` from the first one; with
    ``sliding``, the window starts again at every failure, so a subject that keeps failing
    stays over the limit until it has not failed for a whole window."""

    def __init__(self, name: str, limit: int, window_seconds: int, *, sliding: bool = False):
        self.name, self.limit, self.window, self.sliding = name, limit, window_seconds, sliding

    def _key(self, subject: str) -> str:
        return f"failures:{self.name}:{_digest(subject)}"

    def blocked(self, subject: str) -> bool:
        try:
            return (cache.get(self._key(subject)) or 0) >= self.limit
        except CACHE_ERRORS:
            logger.warning("rate limit %s not checked: the cache is unreachable", self.name)
            return False

    def fail(self, subject: str) -> None:
        """Count one failure; the window starts at the first one."""
        self._count(subject)

    def spend(self, subject: str) -> bool:
        """Count one attempt first, whatever happens next; True while it is within the limit.
        One atomic increment, so simultaneous attempts cannot all slip under it."""
        count = self._count(subject)
        return count is None or count <= self.limit

    def _count(self, subject: str) -> int | None:
        key = self._key(subject)
        try:
            if cache.add(key, 1, self.window):
                return 1
            try:
                count = cache.incr(key)
            except ValueError:  # expired in between
                cache.add(key, 1, self.window)
                return 1
            if self.sliding:
                cache.touch(key, self.window)
            return count
        except CACHE_ERRORS:
            logger.warning("rate limit %s not counted: the cache is unreachable", self.name)
            return None


class Interval:
    """One attempt per ``seconds`` per subject, the interval starting at the attempt taken;
    one atomic ``add``, so of simultaneous attempts one goes ahead, across every process."""

    def __init__(self, name: str, seconds: int):
        self.name, self.seconds = name, seconds

    def take(self, subject: str) -> int:
        """0 when this attempt may go ahead (the next one waits the interval), else the
        seconds until one may."""
        key = f"interval:{self.name}:{_digest(subject)}"
        for _ in range(2):
            now = time.time()
            try:
                if cache.add(key, now + self.seconds, self.seconds):
                    return 0
                until = cache.get(key)
            except CACHE_ERRORS:
                logger.warning("rate limit %s not counted: the cache is unreachable", self.name)
                return 0
            if until is not None:
                return min(self.seconds, max(1, math.ceil(until - now)))
        return 1  # taken and expired twice in between: try again in a moment


class Marks:
    """Remembered (subject) pairs for a while, such as "this address has joined that session"."""

    def __init__(self, name: str, seconds: int):
        self.name, self.seconds = name, seconds

    def _key(self, subject: str) -> str:
        return f"marks:{self.name}:{_digest(subject)}"

    def set(self, subject: str) -> None:
        try:
            cache.set(self._key(subject), 1, self.seconds)
        except CACHE_ERRORS:
            logger.warning("mark %s not kept: the cache is unreachable", self.name)

    def has(self, subject: str) -> bool:
        try:
            return bool(cache.get(self._key(subject)))
        except CACHE_ERRORS:
            return False


class Rate:
    """At most ``limit`` attempts per ``window`` seconds per subject, in windows aligned to
    the clock (every process and Redis agree on them). Every attempt counts first, with one
    atomic increment."""

    def __init__(self, name: str, limit: int, window_seconds: int):
        self.name, self.limit, self.window = name, limit, window_seconds

    def spend(self, subject: str) -> int:
        """0 when this attempt is within the limit, else the seconds until it may be tried."""
        now = time.time()
        slot = int(now // self.window)
        key = f"rate:{self.name}:{_digest(subject)}:{slot}"
        try:
            if cache.add(key, 1, self.window + 1):
                return 0
            try:
                count = cache.incr(key)
            except ValueError:  # expired in between: a new window
                cache.add(key, 1, self.window + 1)
                return 0
        except CACHE_ERRORS:
            logger.warning("rate limit %s not counted: the cache is unreachable", self.name)
            return 0
        if count <= self.limit:
            return 0
        return max(1, math.ceil((slot + 1) * self.window - now))
