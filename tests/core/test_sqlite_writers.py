"""lib/sqlite: a write transaction holds the process's writer lock from BEGIN to its end."""

import threading

import pytest
from django.db import connection, transaction

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
