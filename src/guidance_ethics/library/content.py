"""A library case's content: an exchange-format case document, and what is read from it.

The library never renders from the live session: a published case shows its frozen
document, an unpublished one a fresh export that leaves out the participants who did not
consent. ``sessions`` turns the document back into the report's snapshot shape, so the
case page and the downloads are the external report, block for block.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from guidance_ethics.lib import dates
from guidance_ethics.reports import exchange
from guidance_ethics.reports.models import Report


def export(case) -> dict:
    """The case as the library may show it before redaction: consenting participants only."""
    return exchange.export_case(case, consenting_only=True)


def _num(ref) -> int | None:
    return int(ref[1:]) if ref else None


def _snapshot(organisation: str, doc: dict, workshop: dict) -> dict:
    dots, voters = Counter(), Counter()
    for vote in workshop["votes"]:
        dots[vote["value"]] += vote["dots"]
        voters[vote["value"]] += 1
    counts = workshop.get("counts") or {"votes": [], "evaluations": []}
    for row in counts["votes"]:
        dots[row["value"]] += row["dots"]
        voters[row["value"]] += row["voters"]
    evaluations = [
        {"changed_view": ev["changed_view"], "message": ev["message"], "quote": ev["quote_consent"]}
        for ev in workshop["evaluations"]
    ]
    for row in counts["evaluations"]:
        evaluations += [
            {"changed_view": row["changed_view"], "message": quote, "quote": True}
            for quote in row["quotes"]
        ]
        evaluations += [{"changed_view": row["changed_view"], "message": "", "quote": False}] * (
            row["answers"] - len(row["quotes"])
        )
    groups = Counter(p["group"] for p in workshop["participants"])
    author = {"hidden": False, "signed": "", "scribe": False}
    return {
        "organisation": organisation,
        "technology": doc["technology"],
        "case": doc["case"],
        "workshop": {
            "starts_at": workshop["starts_at"],
            "closed_at": workshop["closed_at"],
            "format": workshop["format"],
            "moderator": "",
            "co_moderator": "",
            "values_forward": workshop["values_forward"],
            "votes_per_participant": workshop["votes_per_participant"],
        },
        "participants": {
            "groups": dict(sorted(groups.items())),
            "total": len(workshop["participants"]),
        },
        "questions": [
            {"id": n, "text": q["text"], **author}
            for n, q in enumerate(workshop["questions"], start=1)
        ],
        "actors": [{"id": _num(a["ref"]), "name": a["name"], **author} for a in workshop["actors"]],
        "effects": [
            {
                "id": _num(e["ref"]),
                "actor": _num(e["actor"]),
                "polarity": e["polarity"],
                "text": e["text"],
                "merged_into": _num(e["merged_into"]),
                "values": [_num(v) for v in e["values"]],
                **author,
            }
            for e in workshop["effects"]
        ],
        "values": [
            {
                "id": _num(v["ref"]),
                "name": v["name"],
                "catalogue": v["catalogue"],
                "merged_into": _num(v["merged_into"]),
                "chosen": v["chosen"],
                "dots": dots[v["ref"]],
                "voters": voters[v["ref"]],
            }
            for v in workshop["values"]
        ],
        "options": [
            {
                "id": n,
                "value": _num(o["value"]),
                "direction": o["direction"],
                "text": o["text"],
                **author,
            }
            for n, o in enumerate(workshop["options"], start=1)
        ],
        "evaluations": [
            {
                "changed_view": ev["changed_view"],
                "group": "",
                "message": ev["message"],
                "quote_consent": ev["quote"],
            }
            for ev in evaluations
        ],
    }


@dataclass
class Session:
    number: int
    starts_at: datetime
    report: Report  # unsaved: what ``reports.document.build`` reads


def sessions(doc: dict, organisation: str, published_at=None) -> list[Session]:
    """Each closed session of the document as an (unsaved) final report."""
    found = []
    for number, workshop in enumerate(doc["workshops"], start=1):
        texts = workshop.get("report") or {}
        found.append(
            Session(
                number=number,
                starts_at=dates.clamp(datetime.fromisoformat(workshop["starts_at"])),
                report=Report(
                    version=1,
                    status=Report.Status.FINAL,
                    finalised_at=published_at,
                    summary=texts.get("summary", ""),
                    next_steps=texts.get("next_steps", ""),
                    name_moderators=False,
                    data=_snapshot(organisation, doc, workshop),
                ),
            )
        )
    return found


# --- the texts a person could be named in ---------------------------------------------------

CASE_TEXTS = (
    ("technology", "name"),
    ("technology", "description"),
    ("case", "title"),
    ("case", "context"),
    ("case", "decisions"),
    ("case", "question"),
)
WORKSHOP_TEXTS = (
    ("questions", "text"),
    ("actors", "name"),
    ("effects", "text"),
    ("values", "name"),
    ("options", "text"),
    ("evaluations", "message"),
)


def texts(doc: dict):
    """Every published text of the document as (path, text); paths are stable for the same
    content, since the exchange format numbers everything in order."""
    for part, field in CASE_TEXTS:
        yield f"{part}.{field}", doc[part][field]
    for w, workshop in enumerate(doc["workshops"]):
        for kind, field in WORKSHOP_TEXTS:
            for i, item in enumerate(workshop[kind]):
                if item.get(field):
                    yield f"workshops.{w}.{kind}.{i}.{field}", item[field]
        for i, row in enumerate((workshop.get("counts") or {}).get("evaluations", [])):
            for q, quote in enumerate(row["quotes"]):
                yield f"workshops.{w}.counts.evaluations.{i}.quotes.{q}", quote
        for field in ("summary", "next_steps"):
            if (workshop.get("report") or {}).get(field):
                yield f"workshops.{w}.report.{field}", workshop["report"][field]


def _set(doc: dict, path: str, text: str) -> None:
    *parents, last = path.split(".")
    node = doc
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    if isinstance(node, list):
        node[int(last)] = text
    else:
        node[last] = text


def apply_redactions(doc: dict, redactions: dict) -> dict:
    """``doc`` with each redaction applied where its original text is still there."""
    current = dict(texts(doc))
    for path, redaction in redactions.items():
        if current.get(path) == redaction.get("original"):
            _set(doc, path, redaction["text"])
    return doc
