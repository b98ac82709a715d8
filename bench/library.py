"""Benchmark: library search and insights over 100,000 synthetic published cases.

Run from the checkout, after scripts/setup:

    .venv/bin/python bench/library.py [--cases 100000] [--searches 200] [--insights 10]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/library.py

Without DATABASE_URL it migrates a fresh SQLite database in a temporary folder; with it,
the PostgreSQL database named must exist and be empty (it is migrated here). It fills the
database with ``guidance-ethics bench-data``, then, as an anonymous visitor, runs
``--searches`` library searches (a word or two from the synthetic vocabulary, half of them
with one or two filters; the work of the library page: the years for its filter, the
count, the first page, its values) and ``--insights`` computations of the insights'
figures (all sections; without a filter, by type of technology, and by a value), each also
served again from the cache as a repeated page view is. Targets of the library issue:
search p95 under 50 ms, insights under 500 ms.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

WORDS = [
    "camera's",
    "drone",
    "burgers",
    "gevolgd",
    "bewoners",
    "beelden",
    "vertrouwen",
    "gezichtsherkenning",
    "haven",
    "station",
    "inbraken",
    "sensoren",
    "satellietbeelden",
    "bodycams",
    "risicoscore",
    "ondernemers",
    "verpleeghuis",
    "veiliger",
    "jongeren",
]


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--searches", type=int, default=200)
    parser.add_argument("--insights", type=int, default=10)
    parser.add_argument(
        "--reuse", action="store_true", help="keep a database bench-data already filled"
    )
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="ge-bench-library-")
    os.environ.setdefault("DATA_DIR", folder)
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
    os.environ["DJANGO_SETTINGS_MODULE"] = "guidance_ethics.settings"
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.core.management import call_command
    from django.db import connection
    from report import calibrate

    from guidance_ethics.library import insights, queries
    from guidance_ethics.library.queries import Filters

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    from guidance_ethics.library.models import Entry

    if not (args.reuse and Entry.objects.count() == args.cases):
        call_command("bench_data", cases=args.cases)
    filled = time.perf_counter() - start
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

    rng = random.Random(5)  # noqa: S311
    anonymous = AnonymousUser()
    filters = [
        {"domain": "safety"},
        {"technology_kind": "camera"},
        {"phase": "before", "domain": "care"},
        {"value": "privacy"},
        {"year": 2024, "organisation_kind": "police"},
    ]
    timings = []
    for n in range(args.searches):
        chosen = Filters(query=" ".join(rng.sample(WORDS, rng.choice([1, 1, 2]))))
        if n % 2:
            for name, value in rng.choice(filters).items():
                setattr(chosen, name, value)
        began = time.perf_counter()
        queries.years()  # the year filter's choices, on every library page
        queries.results(anonymous, chosen, 1, 20)
        timings.append(time.perf_counter() - began)
    insight_timings, warm_timings = [], []
    for n in range(args.insights):
        wanted = Filters() if n % 2 == 0 else Filters(technology_kind="drone")
        if n % 4 == 1:
            wanted.value = "privacy"
        began = time.perf_counter()
        insights.compute(anonymous, wanted)
        insight_timings.append(time.perf_counter() - began)
        insights.build(anonymous, wanted)
        began = time.perf_counter()
        insights.build(anonymous, wanted)
        warm_timings.append(time.perf_counter() - began)

    ms = lambda s: f"{s * 1000:.0f} ms"  # noqa: E731
    print(f"engine: {connection.vendor}; cases: {args.cases}; filled in {filled:.0f} s")
    print(f"calibration (fixed Python loop): {calibrate():.3f} s; load: {os.getloadavg()}")
    print(
        f"search ({len(timings)}): p50 {ms(statistics.median(timings))}, "
        f"p95 {ms(percentile(timings, 0.95))}, max {ms(max(timings))} (target p95 < 50 ms)"
    )
    print(
        f"insights computed ({len(insight_timings)}): p50 {ms(statistics.median(insight_timings))}"
        f", max {ms(max(insight_timings))} (target < 500 ms)"
    )
    print(
        f"insights from the cache ({len(warm_timings)}): p50 {ms(statistics.median(warm_timings))}"
        f", max {ms(max(warm_timings))}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
