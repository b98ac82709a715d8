"""The broker's fan-out: bundles per window, batches, heartbeat time-outs, overflow, one
wake-up per loop."""

import asyncio
import threading
import time

import pytest

from guidance_ethics.live import broker as broker_module
from guidance_ethics.live.broker import Bundle, MemoryBroker, Message, RedisBroker


def message(seq: int, workshop: int = 1) -> Message:
    return Message(workshop, seq, b"public %d;" % seq, b"staff %d;" % seq)


def seqs(batch) -> list[int]:
    return [m.seq for bundle in batch for m in bundle.messages]


async def turns(count: int = 3) -> None:
    for _ in range(count):
        await asyncio.sleep(0)


def test_a_listener_takes_what_arrived_in_one_batch():
    async def scenario():
        broker = MemoryBroker()
        subscription = await broker.subscribe(1)
        for seq in (1, 2, 3):
            broker.publish(message(seq))
        await turns()  # the deliveries run in this loop
        batch = await subscription.next_batch(1)
        assert seqs(batch) == [1, 2, 3]
        assert await subscription.next_batch(0.01) == []  # nothing: time for a heartbeat
        subscription.close()
        assert broker.listener_count(1) == 0

    asyncio.run(scenario())


def test_events_of_one_window_go_out_as_one_bundle_joined_once(monkeypatch, settings):
    settings.LIVE_FANOUT_WINDOW_MS = 200
    monkeypatch.setattr(broker_module, "WINDOW_FROM_LISTENERS", 2)

    async def scenario():
        broker = MemoryBroker()
        first, second = await broker.subscribe(1), await broker.subscribe(1)
        broker.publish(message(1))  # after a quiet window: at once
        await turns()
        assert seqs(await first.next_batch(0.01)) == [1]
        broker.publish(message(3))
        broker.publish(message(2))
        await turns()
        # Within the window after a delivery: held back until the window ends.
        assert await first.next_batch(0.01) == []
        [bundle] = await asyncio.wait_for(first.next_batch(1), 2)
        assert (bundle.first, bundle.last, bundle.contiguous) == (2, 3, True)
        assert bundle.public == b"public 2;public 3;"
        assert bundle.staff == b"staff 2;staff 3;"
        # Every listener gets the very same bundle: the bytes are joined once.
        earlier, same = await second.next_batch(0)
        assert seqs([earlier]) == [1] and same is bundle

    asyncio.run(scenario())


def slow_listeners(broker, count: int, seconds: float):
    """``count`` listeners of workshop 1 that each hold the event loop for ``seconds``
    when woken, as writing to a slow socket would; with their tasks and the times at which
    they were woken."""
    woken: list[float] = []

    async def listen(subscription):
        while True:
            await subscription.next_batch(60)
            woken.append(asyncio.get_running_loop().time())
            time.sleep(seconds)  # the point: a write that holds the event loop

    async def start():
        subscriptions = [await broker.subscribe(1) for _ in range(count)]
        return [asyncio.create_task(listen(s)) for s in subscriptions], woken

    return start()


async def delivered(broker, woken: list, seq: int, listeners: int):
    """Publish ``seq`` and wait until ``listeners`` more have been woken and the fan-out
    has measured them; the fan-out."""
    waiting_for = len(woken) + listeners
    broker.publish(message(seq))
    while len(woken) < waiting_for:
        await asyncio.sleep(0.005)
    await turns()  # the measurement runs after the listeners
    [fanout] = broker._fanouts.values()
    return fanout


def test_a_room_whose_writes_take_long_gets_a_longer_window(monkeypatch, settings):
    """The window is at least the setting, and at least twice as long as writing to
    every listener took (a running average), up to ``WINDOW_MAX``."""
    settings.LIVE_FANOUT_WINDOW_MS = 20
    monkeypatch.setattr(broker_module, "WINDOW_FROM_LISTENERS", 2)

    async def scenario():
        broker = MemoryBroker()
        tasks, woken = await slow_listeners(broker, 3, 0.05)
        fanout = await delivered(broker, woken, 1, 3)  # after a quiet window: at once
        # Three listeners of 50 ms: 150 ms or more to reach them all.
        assert 0.15 <= fanout.fanout_seconds < 0.3
        assert fanout._window() == 2 * fanout.fanout_seconds
        first = fanout.last_delivery
        await delivered(broker, woken, 2, 3)
        # The next delivery waited for the longer window, not for the setting's 20 ms.
        assert fanout.last_delivery - first >= 2 * 0.15 - 0.01
        assert min(woken[3:]) - first >= 0.29
        monkeypatch.setattr(broker_module, "WINDOW_MAX", 0.1)
        assert fanout._window() == 0.1
        for task in tasks:
            task.cancel()

    asyncio.run(scenario())


def test_a_window_of_zero_is_no_window_however_slow_the_writes(monkeypatch, settings):
    settings.LIVE_FANOUT_WINDOW_MS = 0
    monkeypatch.setattr(broker_module, "WINDOW_FROM_LISTENERS", 2)

    async def scenario():
        broker = MemoryBroker()
        await broker.subscribe(1), await broker.subscribe(1)
        fanout = broker_module._Fanout(broker, asyncio.get_running_loop(), 1)
        fanout.fanout_seconds = 0.5
        return fanout._window()

    assert asyncio.run(scenario()) == 0.0


def test_a_room_whose_writes_are_quick_keeps_the_setting(monkeypatch, settings):
    settings.LIVE_FANOUT_WINDOW_MS = 100
    monkeypatch.setattr(broker_module, "WINDOW_FROM_LISTENERS", 2)

    async def scenario():
        broker = MemoryBroker()
        tasks, woken = await slow_listeners(broker, 3, 0)
        assert broker_module._Fanout(broker, asyncio.get_running_loop(), 1)._window() == 0.1
        fanout = await delivered(broker, woken, 1, 3)
        assert 0 <= fanout.fanout_seconds < 0.05
        assert fanout._window() == 0.1
        for task in tasks:
            task.cancel()

    asyncio.run(scenario())


def test_a_small_room_gets_every_event_at_once(monkeypatch, settings):
    settings.LIVE_FANOUT_WINDOW_MS = 10_000
    monkeypatch.setattr(broker_module, "WINDOW_FROM_LISTENERS", 3)

    async def scenario():
        broker = MemoryBroker()
        first, _second = await broker.subscribe(1), await broker.subscribe(1)
        for seq in (1, 2):
            broker.publish(message(seq))
            await turns()
            assert seqs(await asyncio.wait_for(first.next_batch(1), 0.5)) == [seq]

    asyncio.run(scenario())


def test_a_bundle_with_a_gap_is_not_contiguous():
    assert not Bundle.of([message(1), message(3)]).contiguous
    assert not Bundle.of([message(2), message(2)]).contiguous
    assert Bundle.of([message(5)]).contiguous


def test_a_waiting_listener_wakes_when_another_thread_publishes():
    async def scenario():
        broker = MemoryBroker()
        subscription = await broker.subscribe(1)
        threading.Timer(0.05, broker.publish, args=[message(7)]).start()
        batch = await asyncio.wait_for(subscription.next_batch(5), 2)
        assert seqs(batch) == [7]

    asyncio.run(scenario())


def test_a_listener_that_falls_too_far_behind_is_told_so(monkeypatch, settings):
    monkeypatch.setattr(broker_module, "QUEUE_SIZE", 3)
    settings.LIVE_FANOUT_WINDOW_MS = 0

    async def scenario():
        broker = MemoryBroker()
        subscription = await broker.subscribe(1)
        for seq in range(1, 6):
            broker.publish(message(seq))
            await turns()
        batch = await subscription.next_batch(1)
        assert seqs(batch) == [1, 2, 3]
        assert subscription.overflowed  # the stream then reads the rest from the log

    asyncio.run(scenario())


def test_other_workshops_are_not_disturbed():
    async def scenario():
        broker = MemoryBroker()
        one, two = await broker.subscribe(1), await broker.subscribe(2)
        broker.publish(message(1, workshop=2))
        await turns()
        assert await one.next_batch(0.01) == []
        assert seqs(await two.next_batch(1)) == [1]

    asyncio.run(scenario())


def test_one_wake_up_per_event_loop_not_per_listener(monkeypatch):
    async def scenario():
        broker = MemoryBroker()
        subscriptions = [await broker.subscribe(1) for _ in range(50)]
        loop = asyncio.get_running_loop()
        calls = []
        real = loop.call_soon_threadsafe

        def counting(*args):
            calls.append(args)
            return real(*args)

        monkeypatch.setattr(loop, "call_soon_threadsafe", counting)
        broker.publish(message(1))
        await turns()
        assert len(calls) == 1
        for subscription in subscriptions:
            assert seqs(await subscription.next_batch(1)) == [1]

    asyncio.run(scenario())


def test_messages_published_out_of_order_go_out_in_order(settings):
    settings.LIVE_FANOUT_WINDOW_MS = 0

    async def scenario():
        broker = MemoryBroker()
        subscription = await broker.subscribe(1)
        broker.publish(message(1))
        await turns()
        assert seqs(await subscription.next_batch(1)) == [1]
        broker.publish(message(3))  # 2 committed first, but its thread publishes later
        await turns()
        assert await subscription.next_batch(0.02) == []  # 3 waits for 2
        broker.publish(message(2))
        broker.publish(message(2))  # a duplicate goes out once
        [bundle] = await asyncio.wait_for(subscription.next_batch(1), 2)
        assert (bundle.first, bundle.last, bundle.contiguous) == (2, 3, True)

    asyncio.run(scenario())


def test_a_message_that_never_comes_holds_the_rest_only_briefly(monkeypatch, settings):
    settings.LIVE_FANOUT_WINDOW_MS = 0
    monkeypatch.setattr(broker_module, "REORDER_GRACE", 0.05)

    async def scenario():
        broker = MemoryBroker()
        subscription = await broker.subscribe(1)
        broker.publish(message(1))
        await turns()
        await subscription.next_batch(1)
        broker.publish(message(3))
        broker.publish(message(4))
        # 2 never comes (published by a process that died): 3 and 4 go out after the grace
        # time, and the stream reads 2 from the log.
        [bundle] = await asyncio.wait_for(subscription.next_batch(2), 2)
        assert [m.seq for m in bundle.messages] == [3, 4]
        broker.publish(message(2))  # too late: the listeners have it from the log
        await asyncio.sleep(0.1)
        assert await subscription.next_batch(0.01) == []

    asyncio.run(scenario())


def test_installations_sharing_a_redis_server_do_not_hear_each_other(settings):
    """Redis pub/sub ignores the database number: the channels carry the installation's
    database, so that a test and an acceptance environment on one Redis stay apart."""
    if not settings.REDIS_URL:
        pytest.skip("needs Redis (REDIS_URL)")
    from django.db import connection

    other_database = {**connection.settings_dict, "NAME": "another-installation"}
    assert broker_module.channel_prefix() != broker_module.channel_prefix(other_database)

    async def scenario():
        ours, same = RedisBroker(settings.REDIS_URL), RedisBroker(settings.REDIS_URL)
        theirs = RedisBroker(settings.REDIS_URL)
        theirs.channel_prefix = broker_module.channel_prefix(other_database)
        subscription = await ours.subscribe(987654)
        # subscribe() goes on without the subscription after a while; here it must be there.
        await asyncio.wait_for(ours._listeners[asyncio.get_running_loop()], 10)
        await asyncio.to_thread(theirs.publish, message(1, workshop=987654))
        await asyncio.to_thread(same.publish, message(2, workshop=987654))
        # A batch may come back empty (the subscription resynchronising from the log): read
        # until ours has arrived, then a little longer for anything of theirs.
        received, deadline = [], time.monotonic() + 10
        while 2 not in received and time.monotonic() < deadline:
            subscription.overflowed = False  # the stream would have read the log here
            received += seqs(await subscription.next_batch(1))
        received += seqs(await subscription.next_batch(0.3))
        assert received == [2]
        subscription.close()

    asyncio.run(scenario())
