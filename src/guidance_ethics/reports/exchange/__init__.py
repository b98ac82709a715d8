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

The package holds the format's parts: ``spec`` (its name, version and JSON Schema),
``reading`` (a file into a document), ``export`` (sessions into a document) and
``validation`` (a document's problems). Callers use the names below.
"""

from guidance_ethics.reports.exchange.export import (
    dumps,
    export_case,
    export_cases,
    export_workshop,
)
from guidance_ethics.reports.exchange.reading import MAX_DEPTH, Unreadable, read
from guidance_ethics.reports.exchange.spec import FORMAT, SCHEMA_PATH, VERSION, schema
from guidance_ethics.reports.exchange.validation import (
    MAX_PROBLEMS,
    Problem,
    unknown_catalogue_values,
    validate,
)

__all__ = [
    "FORMAT",
    "MAX_DEPTH",
    "MAX_PROBLEMS",
    "SCHEMA_PATH",
    "VERSION",
    "Problem",
    "Unreadable",
    "dumps",
    "export_case",
    "export_cases",
    "export_workshop",
    "read",
    "schema",
    "unknown_catalogue_values",
    "validate",
]
