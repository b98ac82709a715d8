"""Benchmark: how long the report of a 30-effect session takes, per format.

Run from the checkout, after scripts/setup:

    .venv/bin/python bench/report.py [--runs 15]

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
    from guidance_ethics.reports import actions, document, formats, queries

    call_command("migrate", verbosity=0)
    load_demo()
    report = actions.latest(hold_demo_session())
    translation.activate("nl")

    def render(fmt: str) -> tuple[float, int]:
        start = time.perf_counter()
        current = queries.for_reading(report)  # a draft reads the session afresh
        content = formats.render(document.build(current, document.EXTERNAL, "nl"), fmt)
        return time.perf_counter() - start, len(content)

    print(f"session: {effect_count()} effects (+1 merged), report version {report.version}")
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
