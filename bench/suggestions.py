"""Benchmark: value suggestions, their accuracy and their time.

Run from the checkout, after scripts/setup:

    .venv/bin/python bench/suggestions.py [--effects 300] [--runs 100]

1. ``eval-values`` on the whole development set (5-fold cross-validation, the learner
   against the baseline of the catalogue's cue words alone): the figures in
   docs/value-suggestions.md.
2. The suggester alone: a model of the catalogue plus every effect of the development set,
   fitted (the fit is timed too), timing one suggestion for each of its effects, with the
   model's word cache emptied before each (every word looked up afresh, compounds and
   misspellings searched) and then warm.
   The target of the issue: under 5 ms per effect.
3. The workspace's request: ``GET /api/v1/workshops/N/suggestions?effects=ID`` through
   Django's test client, logged in as the co-moderator, for single effects of the demo
   session grown to ``--effects`` effects (values and possible duplicates, with the database
   queries that check the model is current; the first request builds the models and the
   fitting thread is waited for), and once for all effects at once, as a
   workspace opened mid-session asks. The target: the suggestion on the workspace within
   50 ms of the effect arriving; the browser adds one request over loopback and a render.

It migrates a fresh SQLite database in a temporary folder and loads the demo data.
"""

import argparse
import io
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


def figures(times) -> str:
    times = sorted(times)
    p = lambda q: times[min(len(times) - 1, int(len(times) * q))]  # noqa: E731
    return (
        f"median {statistics.median(times) * 1000:.2f} ms, p95 {p(0.95) * 1000:.2f} ms, "
        f"p99 {p(0.99) * 1000:.2f} ms, max {times[-1] * 1000:.2f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--effects", type=int, default=300, help="grow the session to N")
    parser.add_argument("--runs", type=int, default=100, help="single-effect requests")
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="ge-bench-")
    os.environ.update(DEBUG="true", DATA_DIR=data, DATABASE_URL="", REDIS_URL="")
    os.environ["DJANGO_SETTINGS_MODULE"] = "guidance_ethics.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from report import calibrate, grow

    from guidance_ethics.core.demo_session import effect_count, hold_demo_session
    from guidance_ethics.core.management.commands.demo import load_demo
    from guidance_ethics.suggestions import dataset
    from guidance_ethics.suggestions.learning import catalogue_model
    from guidance_ethics.values.catalogue import CATALOGUE

    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    print(f"machine: load average {os.getloadavg()[0]:.2f}, calibration {calibrate():.3f} s")

    print("\n1. guidance-ethics eval-values\n")
    out = io.StringIO()
    call_command("eval_values", stdout=out)
    print(out.getvalue())

    print("\n2. The suggester alone (model: catalogue + the whole development set)\n")
    examples = dataset.load()
    model = catalogue_model((key, nl, en) for key, nl, en, *_ in CATALOGUE)
    for e in examples:
        model.learn(e.text, e.polarity, e.values, lang=e.lang)
    start = time.perf_counter()
    model.fit()
    print(f"fitting the linear part (cue words and {len(examples)} effects): ", end="")
    print(f"{(time.perf_counter() - start) * 1000:.0f} ms")
    cold, warm = [], []
    for e in examples:
        model._resolved.clear()
        start = time.perf_counter()
        model.suggest(e.text, e.polarity)
        cold.append(time.perf_counter() - start)
    for e in examples:
        start = time.perf_counter()
        model.suggest(e.text, e.polarity)
        warm.append(time.perf_counter() - start)
    print(f"{len(examples)} effects, every word looked up afresh: {figures(cold)}")
    print(f"{len(examples)} effects, words seen before:          {figures(warm)}")

    print("\n3. GET /api/v1/workshops/N/suggestions (Django test client, SQLite)\n")
    call_command("migrate", verbosity=0)
    load_demo()
    workshop = hold_demo_session()
    count = grow(workshop, args.effects) if args.effects > effect_count() else effect_count()
    from django.test import Client
    from django.urls import reverse

    from guidance_ethics.workshops.models import Effect

    client = Client(HTTP_HOST="localhost")
    client.force_login(workshop.co_moderator)
    url = reverse("api:suggestions", args=[workshop.pk])
    ids = list(
        Effect.objects.filter(workshop=workshop, merged_into=None).values_list("pk", flat=True)
    )

    def get(effects) -> float:
        start = time.perf_counter()
        response = client.get(url, {"effects": ",".join(map(str, effects))})
        elapsed = time.perf_counter() - start
        assert response.status_code == 200, response.content
        return elapsed

    from guidance_ethics.suggestions import learning

    first = get(ids[:1])
    print(f"session: {count} effects; first request (builds the models): {first * 1000:.1f} ms")
    start = time.perf_counter()
    learning._fitter.submit(lambda: None).result()  # the linear parts, fitted meanwhile
    print(f"the fitting thread done {(time.perf_counter() - start) * 1000:.0f} ms later")
    rng = random.Random(7)  # noqa: S311 - which effects to ask for, reproducibly
    single = [get([rng.choice(ids)]) for _ in range(args.runs)]
    print(f"one effect, {args.runs} requests: {figures(single)}")
    batch = [get(ids[:200]) for _ in range(5)]
    print(f"{min(200, len(ids))} effects in one request, 5 requests: {figures(batch)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
