"""Who is connected right now: participants with an open event stream, per stakeholder group.

A participant's stream marks them present when it opens, again at least every heartbeat
interval, and absent when it closes. An entry that is not refreshed for three intervals
expires, which covers a server process that died. Like the broker, the store follows
``REDIS_URL``: in process memory (one process), or Redis sorted sets (every process sees the
same counts). Presence changes are not events: they would flood the log.
"""

import threading
import time

import redis
from django.conf import settings

KEY = "guidance-ethics:presence:{}:{}"


def ttl() -> float:
    return 3 * settings.LIVE_HEARTBEAT_SECONDS


class MemoryPresence:
    blocking = False  # a dictionary under a lock: safe to call from the event loop

    def __init__(self):
        self._seen: dict[tuple[int, str], dict[int, float]] = {}
        self._lock = threading.Lock()

    def touch(self, workshop_id: int, group: str, participant_id: int) -> None:
        with self._lock:
            self._seen.setdefault((workshop_id, group), {})[participant_id] = time.time()

    def leave(self, workshop_id: int, group: str, participant_id: int) -> None:
        with self._lock:
            self._seen.get((workshop_id, group), {}).pop(participant_id, None)

    def counts(self, workshop_id: int, groups) -> dict[str, int]:
        oldest = time.time() - ttl()
        with self._lock:
            return {
                group: sum(
                    1 for t in self._seen.get((workshop_id, group), {}).values() if t >= oldest
                )
                for group in groups
            }


class RedisPresence:
    blocking = True  # network calls: from a worker thread

    def __init__(self, url: str):
        self._redis = redis.Redis.from_url(url)

    def touch(self, workshop_id: int, group: str, participant_id: int) -> None:
        key = KEY.format(workshop_id, group)
        now = time.time()
        pipe = self._redis.pipeline()
        pipe.zadd(key, {participant_id: now})
        pipe.zremrangebyscore(key, "-inf", now - ttl())
        pipe.expire(key, int(ttl()) + 60)
        pipe.execute()

    def leave(self, workshop_id: int, group: str, participant_id: int) -> None:
        self._redis.zrem(KEY.format(workshop_id, group), participant_id)

    def counts(self, workshop_id: int, groups) -> dict[str, int]:
        oldest = time.time() - ttl()
        pipe = self._redis.pipeline()
        for group in groups:
            pipe.zcount(KEY.format(workshop_id, group), oldest, "+inf")
        return dict(zip(groups, pipe.execute(), strict=True))


_store = None
_store_lock = threading.Lock()


def get_presence():
    global _store
    with _store_lock:
        if _store is None:
            _store = RedisPresence(settings.REDIS_URL) if settings.REDIS_URL else MemoryPresence()
        return _store
