"""The CI smoke run of the live benchmark: a few rooms, a few seconds, and not one event lost
or duplicated. Time is not checked here (benchmarks measure time, tests do not); the full
scenarios are in bench/live.py and docs/performance.md."""

import argparse

import pytest
from bench import live

SMOKE = {"rooms": 4, "per_room": 10, "rate": 8.0, "duration": 4}


def options(**changes):
    values = {
        "workers": 1,
        "postgres": False,
        "redis": False,
        "client_processes": 2,
        "drain": 3,
        "frozen": 0,
        "baseline_writes": "joined",
    }
    return argparse.Namespace(**{**values, **changes})


def test_every_listener_gets_every_contribution_exactly_once():
    result = live.run_target("platform", options(), **SMOKE)
    assert result["streams_open"] == result["listeners"] == 40
    assert result["posts"] == 32 and result["post_errors"] == 0
    assert (result["lost"], result["duplicated"]) == (0, 0)
    assert result["deliveries"] == 32 * 10


def test_listeners_that_stop_reading_get_everything_when_they_read_again():
    result = live.run_target("platform", options(frozen=4), **SMOKE)
    assert result["frozen"] == 4
    assert (result["lost"], result["duplicated"]) == (0, 0)
    assert result["frozen_deliveries"] == 4 * 8  # every post of their room: 32 over 4 rooms


@pytest.mark.parametrize(("fault", "field"), [("duplicate", "duplicated"), ("drop", "lost")])
def test_the_smoke_run_would_catch_a_lost_or_duplicated_event(monkeypatch, fault, field):
    """The same run against the bare broadcaster with a fault injected: the count shows it."""
    monkeypatch.setenv("BENCH_FAULT", fault)
    result = live.run_target("baseline", options(), **SMOKE)
    assert result[field] > 0


def test_the_baseline_writing_each_event_alone_delivers_every_contribution_exactly_once():
    """The bare broadcaster that writes each event alone (scenario 5's baseline, as the
    issue describes it) is exact too, so that its figures compare."""
    result = live.run_target("baseline", options(baseline_writes="each"), **SMOKE)
    assert (result["lost"], result["duplicated"]) == (0, 0)
    assert result["deliveries"] == 32 * 10
    assert result["delivering_seconds"] >= SMOKE["duration"] - 1
