"""Validation: a document against the JSON Schema, then the references inside it; every
problem with its path, in the reader's language."""

import itertools
import json
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from jsonschema import Draft202012Validator

from guidance_ethics.lib import dates
from guidance_ethics.lib.schemas import strict
from guidance_ethics.reports.exchange.spec import schema
from guidance_ethics.values.models import Value

# The most problems listed for one file: a file of a million wrong items is refused just
# as clearly with the first thousand.
MAX_PROBLEMS = 1000


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self):
        return f"{self.path}: {self.message}"


def _path(parts) -> str:
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in parts)


TYPES = {
    "string": _lazy("text"),
    "integer": _lazy("a whole number"),
    "boolean": _lazy("true or false"),
    "array": _lazy("a list"),
    "object": _lazy("an object"),
    "null": _lazy("null"),
}


def _schema_problems(error) -> list[Problem]:
    """A JSON Schema error in the reader's language, at the most precise path."""
    path, keyword, expected = list(error.absolute_path), error.validator, error.validator_value
    if keyword == "required":
        return [
            Problem(_path([*path, name]), _("This field is required."))
            for name in expected
            if isinstance(error.instance, dict) and name not in error.instance
        ]
    if keyword == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        return [
            Problem(_path([*path, name]), _("This field is not part of the format."))
            for name in error.instance
            if name not in allowed
        ]
    if keyword == "enum":
        message = _("%(value)s is not allowed; use one of: %(allowed)s.") % {
            "value": json.dumps(error.instance, ensure_ascii=False),
            "allowed": ", ".join(json.dumps(v) for v in expected),
        }
    elif keyword == "const":
        message = _("This must be %s.") % json.dumps(expected)
    elif keyword == "type":
        message = _("This must be %s.") % TYPES.get(expected, expected)
    elif keyword == "minLength":
        message = _("This must not be empty.")
    elif keyword == "maxLength":
        message = ngettext("At most %(n)d character.", "At most %(n)d characters.", expected) % {
            "n": expected
        }
    elif keyword == "minimum":
        message = _("At least %s.") % expected
    elif keyword == "maximum":
        message = _("At most %s.") % expected
    elif keyword == "minItems":
        message = _("The list must not be empty.")
    elif keyword == "uniqueItems":
        message = _("Each item may appear only once.")
    elif keyword in ("pattern", "oneOf"):
        message = _("%s is not a valid reference, key or empty value.") % json.dumps(
            error.instance, ensure_ascii=False
        )
    else:
        message = error.message
    return [Problem(_path(path), message)]


@cache
def _validator():
    """Compiled once; strict about integers and booleans (lib/schemas.py)."""
    return strict(Draft202012Validator)(schema())


def validate(document) -> list[Problem]:
    """Every problem in ``document``, each with the path to where it is; empty when valid."""
    errors = list(itertools.islice(_validator().iter_errors(document), MAX_PROBLEMS))
    problems = []
    for error in sorted(errors, key=lambda e: list(map(str, e.path))):
        for problem in _schema_problems(error):
            if problem not in problems:
                problems.append(problem)
    if problems:
        return problems
    for i, case in enumerate(document["cases"]):
        for j, workshop in enumerate(case["workshops"]):
            problems += _check_references(workshop, ["cases", i, "workshops", j])
    return problems


def _check_references(workshop: dict, at: list) -> list[Problem]:
    problems = []

    def problem(parts, message):
        problems.append(Problem(_path([*at, *parts]), message))

    for field in ("starts_at", "closed_at"):
        try:
            moment = datetime.fromisoformat(workshop[field])
        except ValueError:
            problem(
                [field], _("%s is not a date and time (ISO 8601).") % json.dumps(workshop[field])
            )
            continue
        if moment.tzinfo is None:
            problem(
                [field],
                _("%s has no offset from UTC (such as +01:00).") % json.dumps(workshop[field]),
            )
        elif not dates.in_range(moment):
            problem([field], dates.out_of_range_message())
    known = {}
    for kind in ("participants", "actors", "effects", "values"):
        known[kind] = set()
        for n, item in enumerate(workshop[kind]):
            if item["ref"] in known[kind]:
                problem(
                    [kind, n, "ref"], _("The reference %s is used twice.") % json.dumps(item["ref"])
                )
            known[kind].add(item["ref"])

    def refers(parts, ref, kind):
        if ref is not None and ref not in known[kind]:
            problem(parts, _("The reference %s points at nothing.") % json.dumps(ref))

    for n, effect in enumerate(workshop["effects"]):
        refers(["effects", n, "actor"], effect["actor"], "actors")
        refers(["effects", n, "merged_into"], effect["merged_into"], "effects")
        if effect["merged_into"] == effect["ref"]:
            problem(["effects", n, "merged_into"], _("An effect cannot be merged into itself."))
        for m, value in enumerate(effect["values"]):
            refers(["effects", n, "values", m], value, "values")
    catalogue = set()
    for n, value in enumerate(workshop["values"]):
        refers(["values", n, "merged_into"], value["merged_into"], "values")
        if value["catalogue"] in catalogue:
            problem(["values", n, "catalogue"], _("A catalogue value is on the board only once."))
        if value["catalogue"]:
            catalogue.add(value["catalogue"])
        if value["merged_into"] == value["ref"]:
            problem(["values", n, "merged_into"], _("A value cannot be merged into itself."))
    pairs = set()
    for n, vote in enumerate(workshop["votes"]):
        refers(["votes", n, "participant"], vote["participant"], "participants")
        refers(["votes", n, "value"], vote["value"], "values")
        if (vote["participant"], vote["value"]) in pairs:
            problem(["votes", n], _("A participant votes for a value only once."))
        pairs.add((vote["participant"], vote["value"]))
    for n, option in enumerate(workshop["options"]):
        refers(["options", n, "value"], option["value"], "values")
    evaluated = set()
    for n, evaluation in enumerate(workshop["evaluations"]):
        refers(["evaluations", n, "participant"], evaluation["participant"], "participants")
        if evaluation["participant"] in evaluated:
            problem(["evaluations", n, "participant"], _("A participant evaluates only once."))
        evaluated.add(evaluation["participant"])
    if "counts" in workshop:
        _check_counts(workshop, problem, refers)
    return problems


def _check_counts(workshop: dict, problem, refers) -> None:
    """Counts must fit the seats they count: no more voters or answers than participants of
    the group, no more dots than they had."""
    counts = workshop["counts"]
    if workshop["votes"] or workshop["evaluations"]:
        problem(
            ["counts"],
            _("A session has either votes and evaluations per participant, or counts."),
        )
    seats = Counter((p["group"], p["consent_publication"]) for p in workshop["participants"])
    seen = set()
    for n, row in enumerate(counts["votes"]):
        key = (row["value"], row["group"], row["consent_publication"])
        refers(["counts", "votes", n, "value"], row["value"], "values")
        if key in seen:
            problem(["counts", "votes", n], _("A group is counted once per value."))
        seen.add(key)
        if row["voters"] > seats[key[1:]]:
            problem(
                ["counts", "votes", n, "voters"],
                _("More voters than participants of the group."),
            )
        if not row["voters"] <= row["dots"] <= row["voters"] * workshop["votes_per_participant"]:
            problem(
                ["counts", "votes", n, "dots"],
                _("The dots do not fit the number of voters and the votes per participant."),
            )
    answered = Counter()
    seen = set()
    for n, row in enumerate(counts["evaluations"]):
        key = (row["group"], row["consent_publication"], row["changed_view"])
        if key in seen:
            problem(["counts", "evaluations", n], _("An answer is counted once per group."))
        seen.add(key)
        answered[key[:2]] += row["answers"]
        if answered[key[:2]] > seats[key[:2]]:
            problem(
                ["counts", "evaluations", n, "answers"],
                _("More answers than participants of the group."),
            )
        if len(row["quotes"]) > row["answers"]:
            problem(
                ["counts", "evaluations", n, "quotes"],
                _("More quotes than answers."),
            )


def unknown_catalogue_values(document: dict) -> list[Problem]:
    """Catalogue keys this installation does not have (its catalogue may be older)."""
    known = set(Value.objects.filter(organisation=None).values_list("key", flat=True))
    return [
        Problem(
            _path(["cases", i, "workshops", j, "values", n, "catalogue"]),
            _("%s is not in this installation's value catalogue.") % json.dumps(value["catalogue"]),
        )
        for i, case in enumerate(document["cases"])
        for j, workshop in enumerate(case["workshops"])
        for n, value in enumerate(workshop["values"])
        if value["catalogue"] and value["catalogue"] not in known
    ]
