"""lib/sqlite: a write transaction holds the process's writer lock from BEGIN to its end."""

import threading

import pytest
from django.db import connection, connections, transaction

from guidance_ethics.accounts.models import Organisation

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite backend only"),
]


def writer_lock():
    return connection._write_lock()


def test_a_transaction_holds_the_lock_until_commit():
    assert not writer_lock().locked()
    with transaction.atomic():
        Organisation.objects.create(name="Provincie Noordveld", slug="noordveld", kind="province")
        assert writer_lock().locked()
        with transaction.atomic():  # a savepoint takes nothing more
            assert writer_lock().locked()
    assert not writer_lock().locked()
    assert Organisation.objects.filter(slug="noordveld").exists()


def test_a_rolled_back_transaction_lets_go_too():
    with pytest.raises(RuntimeError), transaction.atomic():
        Organisation.objects.create(
            name="Gemeente Zuidhaven", slug="zuidhaven", kind="municipality"
        )
        raise RuntimeError("refused")
    assert not writer_lock().locked()
    assert not Organisation.objects.filter(slug="zuidhaven").exists()


def test_a_second_writer_begins_when_the_first_ends():
    order = []
    inside = threading.Event()

    def second():
        inside.wait(5)
        with transaction.atomic():
            order.append("second began")
        connection.close()

    thread = threading.Thread(target=second)
    thread.start()
    with transaction.atomic():
        order.append("first began")
        inside.set()
        thread.join(0.2)  # the second writer is now waiting
        assert thread.is_alive() and writer_lock().locked()
        order.append("first commits")
    thread.join(5)
    assert order == ["first began", "first commits", "second began"]


# --- idle connections of a database file, reused by the next request ------------------------


@pytest.fixture
def file_database(tmp_path):
    """Wrappers of a database file (the tests' own database is in memory, never pooled)."""
    from guidance_ethics.lib.sqlite import base

    settings = {**connection.settings_dict, "NAME": str(tmp_path / "pool.sqlite3")}
    made = []

    def wrapper():
        made.append(type(connections["default"])(settings, alias=f"pool{len(made)}"))
        return made[-1]

    yield wrapper
    for each in made:
        each.close()
    for idle in base._idle.pop(settings["NAME"], base.queue.LifoQueue()).queue:
        idle.close()


def test_a_closed_connection_goes_back_to_the_pool_and_is_reused(file_database):
    first = file_database()
    first.ensure_connection()
    raw = first.connection
    first.close()
    second = file_database()
    with second.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
    assert second.connection is raw


def test_a_connection_in_a_transaction_or_after_an_error_is_really_closed(file_database):
    import sqlite3

    inside = file_database()
    inside.ensure_connection()
    raw = inside.connection
    with _atomic(inside):
        inside.close()
    with pytest.raises(sqlite3.ProgrammingError):
        raw.execute("SELECT 1")

    failed = file_database()
    failed.ensure_connection()
    raw = failed.connection
    failed.errors_occurred = True
    failed.close()
    with pytest.raises(sqlite3.ProgrammingError):
        raw.execute("SELECT 1")


def test_the_pool_keeps_a_few_connections_and_closes_the_rest(file_database):
    from guidance_ethics.lib.sqlite import base

    wrappers = [file_database() for _ in range(base.IDLE_CONNECTIONS + 3)]
    for each in wrappers:
        each.ensure_connection()
    raws = [each.connection for each in wrappers]
    for each in wrappers:
        each.close()
    assert sum(_usable(raw) for raw in raws) == base.IDLE_CONNECTIONS


def _usable(raw) -> bool:
    import sqlite3

    try:
        raw.execute("SELECT 1")
    except sqlite3.ProgrammingError:  # closed
        return False
    return True


class _atomic:
    """An atomic block on a wrapper that is not in ``connections``."""

    def __init__(self, wrapper):
        self.wrapper = wrapper

    def __enter__(self):
        self.wrapper.set_autocommit(False)
        self.wrapper.in_atomic_block = True

    def __exit__(self, *exc):
        self.wrapper.in_atomic_block = False
        self.wrapper.closed_in_transaction = False
        self.wrapper.connection = None
        return False
