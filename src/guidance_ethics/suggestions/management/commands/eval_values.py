"""``guidance-ethics eval-values``: score the value suggester on the development set."""

import json
import random
import statistics

from django.core.management.base import BaseCommand, CommandError

from guidance_ethics.suggestions import dataset
from guidance_ethics.suggestions.learning import catalogue_model
from guidance_ethics.values.catalogue import CATALOGUE


class Command(BaseCommand):
    help = (
        "Score the value suggester on the labelled development set: top-1 and top-3 accuracy "
        "overall, per language and per value, cross-validated, against the baseline of the "
        "catalogue's cue words alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("--folds", type=int, default=5, help="cross-validation folds (5)")
        parser.add_argument(
            "--limit", type=int, default=0, help="score a random part of this many effects"
        )
        parser.add_argument("--seed", type=int, default=1, help="for the folds and --limit")
        parser.add_argument("--json", action="store_true", help="print the figures as JSON")
        parser.add_argument(
            "--counts-only",
            action="store_true",
            help="score the learner without its linear part (the counts alone)",
        )

    def handle(self, *args, folds, limit, seed, json: bool, counts_only: bool, **options):
        if folds < 2:
            raise CommandError("Use at least 2 folds.")
        examples = dataset.load()
        if limit:
            if limit < folds:
                raise CommandError("Give --limit of at least the number of folds.")
            rng = random.Random(seed)  # noqa: S311 - a reproducible sample, not a secret
            examples = rng.sample(examples, min(limit, len(examples)))
        base = catalogue_model((key, nl, en) for key, nl, en, *_rest in CATALOGUE)
        results = {
            "baseline": dataset.evaluate(base, examples, k=folds, seed=seed, learn=False),
            "learner": dataset.evaluate(
                base, examples, k=folds, seed=seed, learn=True, fit=not counts_only
            ),
        }
        figures = {
            "effects": len(examples),
            "folds": folds,
            "seed": seed,
            "linear": not counts_only,
            **{name: _figures(result) for name, result in results.items()},
        }
        if json:
            self.stdout.write(_dumps(figures))
        else:
            self.stdout.write(_table(figures))


def _dumps(figures) -> str:
    return json.dumps(figures, indent=2, ensure_ascii=False)


def _rates(score) -> dict:
    return {
        "n": score.n,
        "top1": round(score.rate("top1"), 3),
        "top3": round(score.rate("top3"), 3),
    }


def _figures(result) -> dict:
    times = sorted(result.seconds)
    return {
        **_rates(result.overall),
        "languages": {lang: _rates(s) for lang, s in sorted(result.by_language.items())},
        "values": {key: _rates(s) for key, s in sorted(result.by_value.items())},
        "ms_median": round(statistics.median(times) * 1000, 3) if times else None,
        "ms_p99": round(times[int(len(times) * 0.99) - 1] * 1000, 3) if times else None,
    }


def _table(figures) -> str:
    base, learner = figures["baseline"], figures["learner"]
    lines = [
        f"Value suggestions on {figures['effects']} effects, {figures['folds']}-fold "
        f"cross-validation (seed {figures['seed']})"
        + ("." if figures["linear"] else "; the learner without its linear part (counts only)."),
        "A hit at 1 (3): the first value (one of the first three) is one the effect is "
        "labelled with.",
        "",
        f"{'':24} {'baseline top-1':>15} {'top-3':>6} {'learner top-1':>14} {'top-3':>6}  n",
        _row("all", base, learner),
    ]
    for lang in learner["languages"]:
        lines.append(_row(f"language {lang}", base["languages"][lang], learner["languages"][lang]))
    lines.append("")
    lines.append("Per value (the first value an effect is labelled with):")
    for key in learner["values"]:
        lines.append(_row(key, base["values"][key], learner["values"][key]))
    lines += [
        "",
        f"Time per suggestion: median {learner['ms_median']} ms, "
        f"p99 {learner['ms_p99']} ms (learner); baseline median {base['ms_median']} ms.",
    ]
    return "\n".join(lines)


def _row(label, base, learner) -> str:
    return (
        f"{label[:24]:24} {base['top1']:>15.3f} {base['top3']:>6.3f} "
        f"{learner['top1']:>14.3f} {learner['top3']:>6.3f}  {learner['n']}"
    )
