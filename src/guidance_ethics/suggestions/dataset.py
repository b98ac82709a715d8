"""The labelled development set (``data/dev-set.tsv``) and the evaluation run on it."""

import csv
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from guidance_ethics.suggestions.engine import Model

DEV_SET = Path(__file__).parent / "data" / "dev-set.tsv"
POLARITY = {"+": "positive", "-": "negative"}


@dataclass(frozen=True)
class Example:
    lang: str
    polarity: str
    technology: str
    values: tuple[str, ...]
    text: str


def load(path: Path = DEV_SET) -> list[Example]:
    with path.open(encoding="utf-8") as f:
        rows = csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t")
        return [
            Example(
                lang=row["lang"],
                polarity=POLARITY[row["polarity"]],
                technology=row["technology"],
                values=tuple(row["values"].split(",")),
                text=row["text"],
            )
            for row in rows
        ]


def folds(examples: list[Example], k: int, seed: int) -> list[list[Example]]:
    """``k`` folds with each language spread evenly over them."""
    shuffled = list(examples)
    random.Random(seed).shuffle(shuffled)  # noqa: S311 - reproducible folds
    shuffled.sort(key=lambda e: e.lang)  # stable: the shuffle holds within a language
    parts: list[list[Example]] = [[] for _ in range(k)]
    for n, example in enumerate(shuffled):
        parts[n % k].append(example)
    return parts


@dataclass
class Score:
    n: int = 0
    top1: int = 0
    top3: int = 0

    def add(self, hit1: bool, hit3: bool) -> None:
        self.n += 1
        self.top1 += hit1
        self.top3 += hit3

    def rate(self, which: str) -> float:
        return getattr(self, which) / self.n if self.n else 0.0


@dataclass
class Result:
    overall: Score
    by_language: dict
    by_value: dict
    seconds: list


def evaluate(
    base: Model, examples, k: int = 5, seed: int = 1, learn: bool = True, fit: bool = True
) -> Result:
    """Cross-validated: each fold is scored by ``base`` plus what it learnt from the other
    folds, fitted unless ``fit`` is false (or ``base`` alone when ``learn`` is false: the
    cue-word baseline).

    A suggestion list is a hit at 1 (or 3) when its first (or one of its first three) values
    is among the values of the example."""
    overall, by_language, by_value = Score(), defaultdict(Score), defaultdict(Score)
    seconds = []
    parts = folds(examples, k, seed) if k > 1 else [list(examples)]
    for n, test in enumerate(parts):
        model = base
        if learn and k > 1:
            model = base.copy()
            for i, train in enumerate(parts):
                if i != n:
                    for e in train:
                        model.learn(e.text, e.polarity, e.values, lang=e.lang)
            if fit:
                model.fit()
        for e in test:
            start = time.perf_counter()
            keys = [s.key for s in model.suggest(e.text, e.polarity, e.lang)]
            seconds.append(time.perf_counter() - start)
            hit1 = bool(keys) and keys[0] in e.values
            hit3 = any(key in e.values for key in keys[:3])
            overall.add(hit1, hit3)
            by_language[e.lang].add(hit1, hit3)
            by_value[e.values[0]].add(hit1, hit3)
    return Result(overall, dict(by_language), dict(by_value), seconds)


def value_counts(examples) -> Counter:
    return Counter(key for e in examples for key in e.values)
