"""The exchange format: cases with their closed sessions' outcome, between installations.

``export_cases`` writes a document that ``reports.actions.import_cases`` reads back;
``validate`` checks a document against the JSON Schema (``schema/exchange-v1.schema.json``,
linked from ``docs/``) and then the references inside it, and lists every problem with its
path. Exporting, importing into an empty installation and exporting again gives the same
document: references are numbered in order, and nothing depends on database keys or times
of export.

No personal data leaves: participants are anonymous references with their stakeholder
group, contributions carry no author or signed name, hidden contributions stay behind, and
an evaluation remark travels only when its writer agreed to be quoted. A session whose
participants were removed after the retention period (``workshops.retention``) has only
counts left; its votes and evaluations travel as ``counts`` per stakeholder group.
"""

import io
import itertools
import json
import zipfile
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from types import SimpleNamespace

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from guidance_ethics.lib import dates, text
from guidance_ethics.reports.models import Report
from guidance_ethics.reports.snapshot import case_and_technology
from guidance_ethics.workshops import outcome
from guidance_ethics.workshops.models import (
    ActionOption,
    Actor,
    Effect,
    EffectValue,
    Evaluation,
    Participant,
    Question,
    Vote,
    Workshop,
    WorkshopValue,
)

FORMAT = "guidance-ethics/exchange"
VERSION = 1
SCHEMA_PATH = Path(__file__).parent / "schema" / "exchange-v1.schema.json"


@cache
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text())


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self):
        return f"{self.path}: {self.message}"


# --- reading a file -------------------------------------------------------------------------

# Deeper than any exchange document (about eight levels): a file nested deeper is not one,
# and would make the schema check recurse without end.
MAX_DEPTH = 32
# The most problems listed for one file: a file of a million wrong items is refused just
# as clearly with the first thousand.
MAX_PROBLEMS = 1000


class Unreadable(ValueError):
    """A file that is no exchange document at all: not JSON, too large, too deep, or an
    archive that does not hold exactly one JSON file of acceptable size."""


def read(raw: bytes, limit: int) -> dict:
    """The JSON object in ``raw``: a ``.json`` file, or a ``.zip`` archive holding exactly
    one. Nothing is unpacked beyond ``limit`` bytes, whatever the archive claims (a zip
    bomb is refused after reading ``limit`` bytes of it)."""
    if raw[:4] == b"PK\x03\x04":
        raw = _unpacked(raw, limit)
    if len(raw) > limit:
        raise Unreadable(_("The file is larger than %(mb)d MB.") % {"mb": limit // 2**20})
    try:
        document = json.loads(raw.decode("utf-8-sig"), parse_constant=_no_constant)
    except UnicodeDecodeError:
        raise Unreadable(_("This is not a JSON file: it is not UTF-8 text.")) from None
    except RecursionError:
        raise Unreadable(_("The file is nested too deeply to be an exchange file.")) from None
    except ValueError as error:  # JSONDecodeError, and numbers of more than 4,300 digits
        raise Unreadable(_("This is not a JSON file: %s") % error) from None
    if not isinstance(document, dict):
        raise Unreadable(_("The file must hold one JSON object, as an export does."))
    if _depth(document) > MAX_DEPTH:
        raise Unreadable(_("The file is nested too deeply to be an exchange file."))
    return _cleaned(document)


def _cleaned(data):
    """Every text of the document as the platform cleans what a participant types
    (``lib.text.clean``: no control characters or direction overrides); text with lone
    surrogates (a JSON escape such as ``\\ud800``) is refused."""
    if isinstance(data, str):
        if text.has_surrogates(data):
            raise Unreadable(_("The file contains text with characters that are not valid."))
        return text.clean(data)
    if isinstance(data, list):
        return [_cleaned(item) for item in data]
    if isinstance(data, dict):
        return {_cleaned(key): _cleaned(value) for key, value in data.items()}
    return data


def _no_constant(name: str):
    """NaN and Infinity are not JSON, though Python's reader takes them."""
    raise ValueError(_("%s is not a JSON value") % name)


def _unpacked(raw: bytes, limit: int) -> bytes:
    too_large = _("The archive unpacks to more than %(mb)d MB.") % {"mb": limit // 2**20}
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            if len(members) != 1 or not members[0].filename.lower().endswith(".json"):
                raise Unreadable(_("An archive must hold exactly one .json file."))
            if members[0].file_size > limit:
                raise Unreadable(too_large)
            with archive.open(members[0]) as member:
                content = member.read(limit + 1)  # the header's size may lie
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError):
        raise Unreadable(_("This is not a readable zip archive.")) from None
    except RuntimeError:  # an encrypted member
        raise Unreadable(_("The archive is protected with a password.")) from None
    if len(content) > limit:
        raise Unreadable(too_large)
    return content


def _depth(document) -> int:
    """How deep ``document`` nests, without recursion."""
    deepest, stack = 0, [(document, 1)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH:
            break
        children = item.values() if isinstance(item, dict) else item
        if isinstance(item, dict | list):
            stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return deepest


# --- export ---------------------------------------------------------------------------------


def _refs(prefix: str, objects) -> dict[int, str]:
    return {obj.pk: f"{prefix}{n}" for n, obj in enumerate(objects, start=1)}


def export_workshop(workshop: Workshop, consenting_only: bool = False) -> dict:
    """One closed session; with ``consenting_only``, as if the participants who did not
    agree to publication had not taken part (their contributions, votes and evaluations
    stay behind; what the moderators wrote stays)."""
    participants = Participant.objects.filter(workshop=workshop).order_by("pk")
    authored = Q()
    if consenting_only:
        participants = participants.filter(consent_publication=True)
        authored = Q(withheld=False) & (
            Q(participant=None) | Q(participant__consent_publication=True)
        )
    purged = workshop.participants_purged_at is not None
    if purged:
        # Only counts are left: the seats are numbered by group, and the votes and
        # evaluations travel as counts per group (docs/exchange.md).
        participants = [
            SimpleNamespace(
                pk=f"{row.group}/{row.consent}/{n}",
                stakeholder_group=row.group,
                consent_publication=row.consent,
            )
            for row in outcome.seats(workshop, consenting_only)
            for n in range(row.seats)
        ]
    else:
        participants = list(participants)
    actors = list(Actor.objects.filter(authored, workshop=workshop, hidden=False))
    effects = list(
        Effect.objects.filter(authored, workshop=workshop, hidden=False).prefetch_related(
            Prefetch("links", queryset=EffectValue.objects.order_by("value_id"))
        )
    )
    values = list(WorkshopValue.objects.filter(workshop=workshop).select_related("value"))
    p, a, e, v = (
        _refs("p", participants),
        _refs("a", actors),
        _refs("e", effects),
        _refs("v", values),
    )
    report = (
        Report.objects.filter(workshop=workshop, status=Report.Status.FINAL)
        .order_by("-version")
        .first()
    )
    exported = {
        "starts_at": workshop.starts_at.isoformat(),
        "closed_at": workshop.closed_at.isoformat(),
        "format": workshop.format,
        "values_forward": workshop.values_forward,
        "votes_per_participant": workshop.votes_per_participant,
        "participants": [
            {
                "ref": p[x.pk],
                "group": x.stakeholder_group,
                "consent_publication": x.consent_publication,
            }
            for x in participants
        ],
        "questions": [
            {"text": q.text}
            for q in Question.objects.filter(authored, workshop=workshop, hidden=False)
        ],
        "actors": [{"ref": a[x.pk], "name": x.name} for x in actors],
        "effects": [
            {
                "ref": e[x.pk],
                "actor": a.get(x.actor_id),
                "polarity": x.polarity,
                "text": x.text,
                "merged_into": e.get(x.merged_into_id),
                "values": sorted(
                    (v[link.value_id] for link in x.links.all()), key=lambda r: int(r[1:])
                ),
            }
            for x in effects
        ],
        "values": [
            {
                "ref": v[x.pk],
                "name": x.name,
                "catalogue": x.value.key if x.value and x.value.organisation_id is None else None,
                "merged_into": v.get(x.merged_into_id),
                "chosen": x.chosen,
            }
            for x in values
        ],
        "votes": [
            {"participant": p[x.participant_id], "value": v[x.value_id], "dots": x.dots}
            for x in Vote.objects.filter(value__workshop=workshop).order_by(
                "participant_id", "value_id"
            )
            if x.dots > 0 and x.participant_id in p
        ],
        "options": [
            {"value": v[x.value_id], "direction": x.direction, "text": x.text}
            for x in ActionOption.objects.filter(authored, workshop=workshop, hidden=False)
        ],
        "evaluations": [
            {
                "participant": p[x.participant_id],
                "changed_view": x.changed_view,
                "message": x.message if x.quote_consent else "",
                "quote_consent": x.quote_consent,
            }
            for x in Evaluation.objects.filter(participant__workshop=workshop).order_by(
                "participant_id"
            )
            if x.participant_id in p
        ],
        "report": (
            {"summary": report.summary, "next_steps": report.next_steps} if report else None
        ),
    }
    if purged:
        exported["counts"] = _counts(workshop, v, consenting_only)
    return exported


def _counts(workshop: Workshop, v: dict, consenting_only: bool) -> dict:
    """A purged session's votes and evaluations, as counts per group and consent."""
    evaluations: dict[tuple, dict] = {}
    for answer in outcome.evaluations(workshop, consenting_only):
        key = (answer["group"], answer["consent_publication"], answer["changed_view"])
        counted = evaluations.setdefault(
            key,
            {
                "group": key[0],
                "consent_publication": key[1],
                "changed_view": key[2],
                "answers": 0,
                "quotes": [],
            },
        )
        counted["answers"] += 1
        if answer["quote_consent"] and answer["message"]:
            counted["quotes"].append(answer["message"])
    return {
        "votes": [
            {
                "value": v[row.value_id],
                "group": row.group,
                "consent_publication": row.consent,
                "dots": row.dots,
                "voters": row.voters,
            }
            for row in outcome.dots(workshop, consenting_only)
        ],
        "evaluations": list(evaluations.values()),
    }


def export_case(case, consenting_only: bool = False) -> dict:
    return {
        **case_and_technology(case),
        "workshops": [
            export_workshop(w, consenting_only)
            for w in case.workshops.filter(closed_at__isnull=False).order_by("starts_at", "pk")
        ],
    }


def export_cases(cases, progress=None) -> dict:
    """The exchange document for ``cases``; ``progress`` is called once per case done."""
    exported = []
    for case in cases:
        exported.append(export_case(case))
        if progress:
            progress()
    return {"format": FORMAT, "version": VERSION, "cases": exported}


def dumps(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# --- validation -----------------------------------------------------------------------------


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
        message = _("At most %s characters.") % expected
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
    from jsonschema import Draft202012Validator

    from guidance_ethics.lib.schemas import strict

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
    from guidance_ethics.values.models import Value

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
