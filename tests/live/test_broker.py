"""The broker's subscriptions: batches, heartbeat time-outs, overflow, one wake-up per loop."""

import asyncio
import threading

from guidance_ethics.live import broker as broker_module
from guidance_ethics.live.broker import MemoryBroker, Message


def message(seq: int) -> Message:
    return Message(1, seq, b"public %d" % seq, b"staff %d" % seq)


def test_a_listener_takes_what_arrived_in_one_batch():
    async def scenario():
        broker = MemoryBroker()
        subscription = await broker.subscribe(1)
        for seq in (1, 2, 3):
            broker.publish(message(seq))
        await asyncio.sleep(0)  # the deliveries run in this loop
        batch = await subscription.next_batch(1)
        assert [m.seq for m in batch] == [1, 2, 3]
        assert await subscription.next_batch(0.01) == []  # nothing: time for a heartbeat
        subscription.close()
        assert broker.listener_count(1) == 0

    asyncio.run(scenario())


def test_a_waiting_listener_wakes_when_another_thread_publishes():
    async def scenario():
        broker = MemoryBroker()
        subscription = await broker.subscribe(1)
        threading.Timer(0.05, broker.publish, args=[message(7)]).start()
        batch = await asyncio.wait_for(subscription.next_batch(5), 2)
        assert [m.seq for m in batch] == [7]

    asyncio.run(scenario())


def test_a_listener_that_falls_too_far_behind_is_told_so(monkeypatch):
    monkeypatch.setattr(broker_module, "QUEUE_SIZE", 3)

    async def scenario():
        broker = MemoryBroker()
        subscription = await broker.subscribe(1)
        for seq in range(1, 6):
            broker.publish(message(seq))
        await asyncio.sleep(0)
        batch = await subscription.next_batch(1)
        assert [m.seq for m in batch] == [1, 2, 3]
        assert subscription.overflowed  # the stream then reads the rest from the log

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
        await asyncio.sleep(0)
        assert len(calls) == 1
        for subscription in subscriptions:
            assert [m.seq for m in await subscription.next_batch(1)] == [1]

    asyncio.run(scenario())
