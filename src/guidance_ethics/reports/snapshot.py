"""What a report is made of: the session's outcome in the exchange format's shape, taken once.

There is one shape of a closed session's outcome: the exchange document's (docs/exchange.md).
A report's ``data`` is that workshop object, with the case's ``technology`` and ``case`` and
the ``organisation``'s name beside it; the library frames a published session the same way
(``framed``). The report's own record (``take``) also holds what never leaves the
installation, in the format's optional fields: hidden contributions and who wrote each
(``hidden``, ``signed``, ``scribe``), every evaluation remark, and the moderators' names
(``moderators``), with references after the database keys (``e57``). ``document.build``
leaves out what the external version must not show.

The shape keeps codes, not labels (``"negative"``, not "negatief"), so that one report can
be read in Dutch and in English. Participants are anonymous references with their
stakeholder group; what a report counts (dots and voters per value, participants per group,
the answers to the evaluation) is counted here from the votes and evaluations, or from the
``counts`` a session keeps once its participants are removed.
"""

from collections import Counter

from guidance_ethics.reports.exchange.export import case_and_technology, export_workshop
from guidance_ethics.values.synonyms import catalogue_names
from guidance_ethics.workshops.models import Workshop


def take(workshop: Workshop) -> dict:
    """The session's record, as a report stores it, from a handful of queries."""
    return {
        "organisation": workshop.organisation.name,
        **case_and_technology(workshop.case),
        **export_workshop(workshop, internal=True),
    }


def framed(organisation: str, case: dict, workshop: dict) -> dict:
    """One session of an exchange ``case`` as a report reads it."""
    return {
        "organisation": organisation,
        "technology": case["technology"],
        "case": case["case"],
        **workshop,
    }


def value_name(value: dict, language: str | None) -> str:
    """A value's name in ``language``: from its ``names``, or, in a record taken before the
    values had names in both languages, the catalogue's name for its key."""
    names = value.get("names") or catalogue_names(value.get("catalogue")) or {}
    return names.get("en" if (language or "nl").startswith("en") else "nl") or value["name"]


def number(ref: str | None) -> int | None:
    """The number in a reference: ``"e57"`` is 57."""
    return int(ref[1:]) if ref else None


def _counts(data: dict) -> dict:
    return data.get("counts") or {"votes": [], "evaluations": []}


def totals(data: dict) -> dict[str, tuple[int, int]]:
    """Per value reference: (dots, participants who voted)."""
    dots, voters = Counter(), Counter()
    for vote in data["votes"]:
        dots[vote["value"]] += vote["dots"]
        voters[vote["value"]] += 1
    for row in _counts(data)["votes"]:
        dots[row["value"]] += row["dots"]
        voters[row["value"]] += row["voters"]
    return {ref: (dots[ref], voters[ref]) for ref in dots}


def groups(data: dict) -> dict[str, int]:
    """Participants per stakeholder group."""
    return dict(sorted(Counter(p["group"] for p in data["participants"]).items()))


def answers(data: dict) -> list[dict]:
    """One item per answer to the evaluation: ``changed_view``, ``group``, ``message`` and
    ``quote_consent``; counted answers as their quotes first, then the unquoted ones."""
    group = {p["ref"]: p["group"] for p in data["participants"]}
    found = [
        {
            "changed_view": ev["changed_view"],
            "group": group.get(ev["participant"], ""),
            "message": ev["message"],
            "quote_consent": ev["quote_consent"],
        }
        for ev in data["evaluations"]
    ]
    for row in _counts(data)["evaluations"]:
        said = row["quotes"][: row["answers"]]
        found += [
            {
                "changed_view": row["changed_view"],
                "group": row["group"],
                "message": said[n] if n < len(said) else "",
                "quote_consent": n < len(said),
            }
            for n in range(row["answers"])
        ]
    return found
