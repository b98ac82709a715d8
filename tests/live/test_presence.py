import os
import time

import pytest

from guidance_ethics.live.presence import MemoryPresence, RedisPresence

GROUPS = ["citizen", "professional", "policy", "technician", "other"]


def stores():
    yield MemoryPresence()
    if os.environ.get("REDIS_URL"):
        store = RedisPresence(os.environ["REDIS_URL"])
        for group in GROUPS:
            store._redis.delete(f"guidance-ethics:presence:424242:{group}")
        yield store


@pytest.mark.parametrize("store", list(stores()), ids=lambda s: type(s).__name__)
def test_presence_counts_per_group_and_forgets_who_left(store, settings):
    settings.LIVE_HEARTBEAT_SECONDS = 15
    store.touch(424242, "citizen", 1)
    store.touch(424242, "citizen", 2)
    store.touch(424242, "citizen", 2)  # a refresh, not a second person
    store.touch(424242, "technician", 3)
    assert store.counts(424242, GROUPS) == {
        "citizen": 2,
        "professional": 0,
        "policy": 0,
        "technician": 1,
        "other": 0,
    }
    store.leave(424242, "citizen", 1)
    assert store.counts(424242, GROUPS)["citizen"] == 1


@pytest.mark.parametrize("store", list(stores()), ids=lambda s: type(s).__name__)
def test_presence_expires_when_not_refreshed(store, settings, monkeypatch):
    settings.LIVE_HEARTBEAT_SECONDS = 1
    store.touch(424242, "policy", 7)
    later = time.time() + 10
    monkeypatch.setattr(time, "time", lambda: later)
    assert store.counts(424242, GROUPS)["policy"] == 0
