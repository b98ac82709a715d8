"""The session's data as CSV: effects, value links, votes, options and evaluations.

One file per table, or all in one zip. Headers are in the reader's language; files are
UTF-8 with a byte order mark, so that Excel opens Dutch characters correctly, and use a
semicolon, as Excel does in the Netherlands. Like the external report they hold no names
and no hidden contributions; evaluation remarks only where the participant agreed to be
quoted. Cells that a spreadsheet would run as a formula are made plain text.
"""

import csv
import io
import zipfile

from django.utils.translation import gettext as _

from guidance_ethics.lib.downloads import spreadsheet_cell
from guidance_ethics.reports import snapshot
from guidance_ethics.reports.document import counted_values
from guidance_ethics.reports.document import label as _label
from guidance_ethics.workshops.models import ActionOption, Effect, Evaluation

TABLES = ("effects", "value-links", "votes", "options", "evaluations")


def _rows(data: dict, table: str) -> tuple[list[str], list[list]]:
    actors = {a["ref"]: a["name"] for a in data["actors"] if not a.get("hidden")}
    values = {v["ref"]: v for v in counted_values(data)}
    effects = [e for e in data["effects"] if not e.get("hidden")]
    if table == "effects":
        return [
            _("Number"),
            _("Actor"),
            _("Positive or negative"),
            _("Effect"),
            _("Merged into"),
            _("Values"),
        ], [
            [
                snapshot.number(e["ref"]),
                actors.get(e["actor"], ""),
                _label(Effect.Polarity, e["polarity"]),
                e["text"],
                snapshot.number(e["merged_into"]) or "",
                "; ".join(values[v]["name"] for v in e["values"] if v in values),
            ]
            for e in effects
        ]
    if table == "value-links":
        return [_("Effect number"), _("Effect"), _("Value")], [
            [snapshot.number(e["ref"]), e["text"], values[v]["name"]]
            for e in effects
            for v in e["values"]
        ]
    if table == "votes":
        return [_("Value"), _("Dots"), _("Participants who voted"), _("Chosen")], [
            [v["name"], v["dots"], v["voters"], _("yes") if v["chosen"] else _("no")]
            for v in values.values()
            if not v["merged_into"]
        ]
    if table == "options":
        return [_("Value"), _("Direction"), _("Option for action")], [
            [
                values[o["value"]]["name"],
                _label(ActionOption.Direction, o["direction"]),
                o["text"],
            ]
            for o in data["options"]
            if not o.get("hidden")
        ]
    if table == "evaluations":
        return [_("Changed view"), _("What they would tell others")], [
            [
                _label(Evaluation.Changed, e["changed_view"]),
                e["message"] if e["quote_consent"] else "",
            ]
            for e in snapshot.answers(data)
        ]
    raise KeyError(table)


def csv_bytes(data: dict, table: str) -> bytes:
    headers, rows = _rows(data, table)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows([spreadsheet_cell(c) for c in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")


def filename(table: str) -> str:
    names = {
        "effects": _("effects"),
        "value-links": _("value-links"),
        "votes": _("votes"),
        "options": _("options"),
        "evaluations": _("evaluations"),
    }
    return f"{names[table]}.csv"


def zip_bytes(data: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in TABLES:
            archive.writestr(filename(table), csv_bytes(data, table))
    return out.getvalue()
