"""The suite runs against the services DATABASE_URL and REDIS_URL name, when they are set."""

import os

import pytest
from django.core.cache import cache
from django.db import connection


def test_the_database_is_the_one_database_url_names(db):
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected
    if expected == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT version()")
            print("running on", cursor.fetchone()[0])


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set")
def test_the_cache_is_redis_when_redis_url_is_set():
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    assert isinstance(caches["default"], RedisCache)
    cache.set("probe", {"a": 1}, 10)
    assert cache.get("probe") == {"a": 1}
