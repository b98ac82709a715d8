"""Benchmark: how long the report of a 30-effect session takes, per format.

Run from the checkout, after scripts/setup:

    .venv/bin/python bench/report.py [--runs 15]
    .venv/bin/python bench/report.py --effects 300 --runs 5 --pages

With ``--effects N`` above the demo's 32, the session is made larger before the report is
read: copies of the demo's effects (with their actors and value links) are written straight
to the database, since a closed session takes no more contributions through its actions;
this is benchmark data, not a way into the product. ``--pages`` also times the server
rendering the moderator's pages of the session (the board, the console, the co-moderator's
workspace and the report page) through Django's test client, logged in as the moderator.

It migrates a fresh SQLite database in a temporary folder, holds the demo session (32
effects, a merged duplicate, 8 values, 26 votes, 12 options, 10 evaluations) through the
platform's actions, and then renders its external report: once cold (the first PDF in a
fresh process loads WeasyPrint and the fonts), then ``--runs`` times warm, as a running
server does. Each run reads the (draft) report's session, builds the document and renders
it, as a download does. The target of the reports issue: the PDF in under 2 seconds.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def calibrate() -> float:
    """Seconds for a fixed pure-Python workload (best of three): runs on different hosts or
    under different load compare by this figure, not by the clock alone."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        total = 0
        for number in range(2_000_000):
            total += number % 7
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--effects", type=int, default=0, help="grow the session to N effects")
    parser.add_argument("--pages", action="store_true", help="also time the session's pages")
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="ge-bench-")
    os.environ.update(DEBUG="true", DATA_DIR=data, DATABASE_URL="", REDIS_URL="")
    os.environ["DJANGO_SETTINGS_MODULE"] = "guidance_ethics.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import translation

    from guidance_ethics.core.demo_session import effect_count, hold_demo_session
    from guidance_ethics.core.management.commands.demo import load_demo
    from guidance_ethics.reports import document, formats, queries

    call_command("migrate", verbosity=0)
    load_demo()
    workshop = hold_demo_session()
    report = queries.latest(workshop)
    effects = grow(workshop, args.effects) if args.effects > effect_count() else effect_count()
    translation.activate("nl")

    def render(fmt: str) -> tuple[float, int]:
        start = time.perf_counter()
        current = queries.for_reading(report)  # a draft reads the session afresh
        content = formats.render(document.build(current, document.EXTERNAL, "nl"), fmt)
        return time.perf_counter() - start, len(content)

    print(f"session: {effects} effects (+1 merged), report version {report.version}")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    print(f"machine: load average {os.getloadavg()[0]:.2f}, calibration {calibrate():.3f} s")
    cold, size = render("pdf")
    print(f"pdf   cold (first in a new process): {cold:.2f} s, {size // 1024} KiB")
    for fmt in ("pdf", "docx", "odt", "md"):
        times = [render(fmt)[0] for _ in range(args.runs)]
        print(
            f"{fmt:5} warm, {args.runs} runs: median {statistics.median(times):.3f} s, "
            f"min {min(times):.3f} s, max {max(times):.3f} s"
        )
    if args.pages:
        time_pages(workshop, args.runs)
    return 0


def grow(workshop, target: int) -> int:
    """Copies of the session's effects, with their value links, up to ``target`` effects."""
    from guidance_ethics.workshops.models import Effect, EffectValue

    originals = list(Effect.objects.filter(workshop=workshop, merged_into=None, hidden=False))
    links = {}
    for effect_id, value_id in EffectValue.objects.filter(effect__in=originals).values_list(
        "effect_id", "value_id"
    ):
        links.setdefault(effect_id, []).append(value_id)
    made, n = 0, len(originals)
    while n + made < target:
        source = originals[made % len(originals)]
        copy = Effect.objects.create(
            workshop=workshop,
            participant=source.participant,
            actor=source.actor,
            polarity=source.polarity,
            text=f"{source.text} ({made // len(originals) + 2})",
        )
        EffectValue.objects.bulk_create(
            EffectValue(effect=copy, value_id=value_id) for value_id in links.get(source.pk, [])
        )
        made += 1
    return n + made


def time_pages(workshop, runs: int) -> None:
    from django.test import Client
    from django.urls import reverse

    client = Client(HTTP_HOST="localhost")
    client.force_login(workshop.moderator)
    for name in ("workshops:board", "workshops:console", "workshops:workspace", "reports:report"):
        url = reverse(name, args=[workshop.pk])
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
            assert response.status_code == 200, (url, response.status_code)
        print(
            f"page {name.split(':')[1]:10} ({len(response.content) // 1024} KiB), {runs} runs: "
            f"median {statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms"
        )


if __name__ == "__main__":
    sys.exit(main())
