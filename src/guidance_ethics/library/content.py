"""A library case's content: an exchange-format case document, and what is read from it.

The library never renders from the live session: a published case shows its frozen
document, an unpublished one a fresh export that leaves out the participants who did not
consent. ``sessions`` frames each session of the document as a report's data (the one shape
of a session's outcome, ``reports/snapshot.py``), so the case page and the downloads are the
external report, block for block.
"""

from dataclasses import dataclass
from datetime import datetime

from guidance_ethics.lib import dates
from guidance_ethics.reports import exchange, snapshot
from guidance_ethics.reports.models import Report


def export(case) -> dict:
    """The case as the library may show it before redaction: consenting participants only."""
    return exchange.export_case(case, consenting_only=True)


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
                    data=snapshot.framed(organisation, doc, workshop),
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
