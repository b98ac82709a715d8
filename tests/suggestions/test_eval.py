"""``guidance-ethics eval-values`` on a part of the development set (the whole set runs in the
benchmark: docs/value-suggestions.md)."""

import io
import json

import pytest
from django.core.management import CommandError, call_command


def run(*args) -> str:
    out = io.StringIO()
    call_command("eval_values", *args, stdout=out)
    return out.getvalue()


def test_the_learner_is_scored_by_cross_validation_against_the_baseline():
    figures = json.loads(run("--limit", "150", "--folds", "3", "--json"))
    assert figures["effects"] == 150
    assert figures["folds"] == 3
    for name in ("baseline", "learner"):
        result = figures[name]
        assert result["n"] == 150
        assert set(result["languages"]) == {"nl", "en"}
        assert sum(lang["n"] for lang in result["languages"].values()) == 150
        assert 0 <= result["top1"] <= result["top3"] <= 1
        assert result["values"], "figures per value"
        assert result["ms_median"] is not None
    # The learner, scored only on effects it did not learn from, beats the cue words alone.
    assert figures["learner"]["top3"] > figures["baseline"]["top3"]
    assert figures["learner"]["top1"] > figures["baseline"]["top1"]


def test_the_learner_can_be_scored_without_its_linear_part():
    counts = json.loads(run("--limit", "150", "--folds", "3", "--json", "--counts-only"))
    full = json.loads(run("--limit", "150", "--folds", "3", "--json"))
    assert counts["linear"] is False and full["linear"] is True
    assert counts["baseline"] == {**full["baseline"], **_times(counts["baseline"])}
    assert (counts["learner"]["top1"], counts["learner"]["top3"]) != (
        full["learner"]["top1"],
        full["learner"]["top3"],
    )
    assert "counts only" in run("--limit", "60", "--folds", "2", "--counts-only")


def _times(result) -> dict:
    return {"ms_median": result["ms_median"], "ms_p99": result["ms_p99"]}


def test_the_table_names_every_figure():
    table = run("--limit", "60", "--folds", "2")
    assert "2-fold cross-validation" in table
    for label in ("all", "language nl", "language en", "Per value", "Time per suggestion"):
        assert label in table


@pytest.mark.parametrize("args", [("--folds", "1"), ("--limit", "2", "--folds", "3")])
def test_impossible_settings_are_refused(args):
    with pytest.raises(CommandError):
        run(*args)
