"""The report as a list of blocks: the one structure every format is rendered from.

``build`` turns a report's snapshot (``snapshot.py``: the exchange format's shape) into
headings, paragraphs, facts, lists, tables and charts, in the order the method gives (ECP's
write-ups follow it). The HTML page, the PDF, the Word and OpenDocument files and the
Markdown all walk the same blocks, so nothing is written twice and no format can show what
another leaves out.

Two audiences: ``external`` (the default; fit to leave the organisation: no names, no
hidden contributions) and ``internal`` (for the moderators: hidden contributions and
signed names in the appendix, evaluation remarks without quote consent).
"""

from datetime import datetime

from django.utils import formats
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from guidance_ethics.cases.models import Case, Technology
from guidance_ethics.reports import charts, sentences, snapshot
from guidance_ethics.reports.blocks import (
    Document,
    Facts,
    Heading,
    Items,
    Note,
    Paragraph,
    Quote,
    Table,
)
from guidance_ethics.workshops.models import ActionOption, Effect, Evaluation, Participant, Workshop

EXTERNAL = "external"
INTERNAL = "internal"
AUDIENCES = (EXTERNAL, INTERNAL)


def label(choices, code: str) -> str:
    """The translated label of a stored code; the code itself if it is no longer a choice."""
    try:
        return str(choices(code).label)
    except ValueError:
        return code


def _date(iso: str | None) -> str:
    if not iso:
        return ""
    return formats.date_format(datetime.fromisoformat(iso))


def _author(item: dict, audience: str) -> str:
    """Who wrote it, in the internal version only; the external version names nobody."""
    if audience != INTERNAL:
        return ""
    notes = []
    if item.get("signed"):
        notes.append(_("signed: %s") % item["signed"])
    if item.get("scribe"):
        notes.append(_("written by the scribe"))
    if item.get("hidden"):
        notes.append(_("hidden"))
    return f" ({'; '.join(notes)})" if notes else ""


def build(report, audience: str = EXTERNAL, language: str = "nl") -> Document:
    """The report's blocks for ``audience``, in the active language."""
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience: {audience}")
    data = report.data
    case = data["case"]
    internal = audience == INTERNAL
    doc = Document(title=_("Report: %s") % case["title"], language=language, audience=audience)

    visible = {
        name: [item for item in data[name] if internal or not item.get("hidden")]
        for name in ("questions", "actors", "effects", "options")
    }
    actors = {a["ref"]: a for a in data["actors"]}
    values = {v["ref"]: v for v in counted_values(data, language)}
    current_values = [v for v in values.values() if not v["merged_into"]]
    # The body shows what the room ended with: nothing hidden, merged effects folded in.
    effects = [e for e in data["effects"] if not e.get("hidden") and not e["merged_into"]]
    options = [o for o in data["options"] if not o.get("hidden")]

    _title_page(doc, report, data, internal)
    _case(doc, data)
    _participants(doc, data)

    doc.add(Heading(2, _("Actors")))
    named = [a for a in data["actors"] if not a.get("hidden")]
    doc.add(Items([a["name"] for a in named]) if named else Note(_("No actors were named.")))

    _effects(doc, effects, actors)
    _values(doc, current_values, effects)
    _votes(doc, data, current_values)
    _options(doc, current_values, options)
    _evaluation(doc, data, internal)

    doc.add(Heading(2, _("Summary")))
    doc.text(report.summary) if report.summary.strip() else doc.add(
        Note(_("The moderators have not written the summary yet."))
    )
    doc.add(Heading(2, _("Next steps")))
    doc.text(report.next_steps) if report.next_steps.strip() else doc.add(
        Note(_("The moderators have not written the next steps yet."))
    )

    _appendix(doc, data, visible, actors, values, audience)
    return doc


def counted_values(data: dict, language: str | None = None) -> list[dict]:
    """The session's values, each with its ``dots`` and ``voters`` counted and its ``name``
    in the active language (the document's or the reader's)."""
    totals = snapshot.totals(data)
    return [
        {
            **v,
            "name": snapshot.value_name(v, language or get_language()),
            "dots": totals.get(v["ref"], (0, 0))[0],
            "voters": totals.get(v["ref"], (0, 0))[1],
        }
        for v in data["values"]
    ]


def _title_page(doc: Document, report, data: dict, internal: bool) -> None:
    doc.add(Heading(1, doc.title))
    rows = [
        (_("Organisation"), data["organisation"]),
        (_("Technology"), data["technology"]["name"]),
        (_("Date of the session"), _date(data["starts_at"])),
        (_("Format"), label(Workshop.Format, data["format"]).capitalize()),
    ]
    if report.name_moderators:
        moderators = data.get("moderators") or {}
        rows.append((_("Moderator"), moderators.get("moderator", "")))
        rows.append((_("Co-moderator"), moderators.get("co_moderator", "")))
    status = (
        _("final, %s") % _date(report.finalised_at.isoformat())
        if report.is_final and report.finalised_at
        else _("draft")
    )
    rows.append((_("Version"), f"{report.version} ({status})"))
    doc.add(Facts(rows))
    if internal:
        doc.add(
            Note(
                _(
                    "Internal version: where there are any, it also shows hidden contributions, "
                    "the names participants signed with and remarks without consent to quote. "
                    "Do not share it outside the organisation."
                )
            )
        )
    else:
        doc.add(Note(_("This report follows the Chatham House rule: it names no participants.")))


def _case(doc: Document, data: dict) -> None:
    case, technology = data["case"], data["technology"]
    doc.add(Heading(2, _("The case")))
    doc.add(
        Facts(
            [
                (_("Technology"), technology["name"]),
                (_("Type"), label(Technology.Kind, technology["kind"]).capitalize()),
                (_("Domain"), label(Case.Domain, case["domain"]).capitalize()),
                (_("Phase of implementation"), label(Case.Phase, case["phase"]).capitalize()),
            ]
        )
    )
    for heading, text in (
        (_("How it works"), technology["description"]),
        (_("Context"), case["context"]),
        (_("Who decides what"), case["decisions"]),
        (_("Question of the organisation"), case["question"]),
    ):
        doc.add(Heading(3, heading))
        doc.text(text)


def _participants(doc: Document, data: dict) -> None:
    groups = snapshot.groups(data)
    doc.add(Heading(2, _("Who took part")))
    doc.add(
        Paragraph(
            ngettext(
                "%(total)s participant joined. This section gives the number per stakeholder "
                "group, never names.",
                "%(total)s participants joined. This section gives their number per "
                "stakeholder group, never their names.",
                len(data["participants"]),
            )
            % {"total": len(data["participants"])}
        )
    )
    doc.add(
        Table(
            _("Participants per stakeholder group"),
            [_("Stakeholder group"), _("Participants")],
            [
                [label(Participant.Group, code).capitalize(), str(groups.get(code, 0))]
                for code in Participant.Group.values
                if groups.get(code)
            ],
        )
    )


def _effects(doc: Document, effects: list, actors: dict) -> None:
    doc.add(Heading(2, _("Effects")))
    if not effects:
        doc.add(Note(_("No effects were named.")))
        return
    by_actor: dict = {}
    for effect in effects:
        by_actor.setdefault(effect["actor"], []).append(effect)
    rows = []
    for actor_id, items in by_actor.items():
        name = actors[actor_id]["name"] if actor_id in actors else _("No actor named")
        positive = [e["text"] for e in items if e["polarity"] == Effect.Polarity.POSITIVE]
        negative = [e["text"] for e in items if e["polarity"] == Effect.Polarity.NEGATIVE]
        rows.append((name, positive, negative))
    doc.add(charts.effects_per_actor([(name, len(p), len(n)) for name, p, n in rows]))
    for name, positive, negative in rows:
        doc.add(Heading(3, name))
        for heading, texts in ((_("Positive"), positive), (_("Negative"), negative)):
            if texts:
                doc.add(Heading(4, heading), Items(texts))


def _values(doc: Document, values: list, effects: list) -> None:
    doc.add(Heading(2, _("Values")))
    if effects:
        doc.add(Paragraph(sentences.linked_effects(effects)))
    if not values:
        doc.add(Note(_("No values were named.")))
        return
    behind = {v["ref"]: [e["text"] for e in effects if v["ref"] in e["values"]] for v in values}
    doc.add(charts.values_overview([(v["name"], len(behind[v["ref"]]), v["dots"]) for v in values]))
    for value in values:
        doc.add(Heading(3, value["name"]))
        if behind[value["ref"]]:
            doc.add(Items(behind[value["ref"]]))
        else:
            doc.add(Note(_("No effects are linked to this value.")))


def _votes(doc: Document, data: dict, values: list) -> None:
    doc.add(Heading(2, _("The values chosen")))
    ranked = sorted(values, key=lambda v: (-v["dots"], snapshot.number(v["ref"])))
    doc.add(Paragraph(sentences.votes(data, ranked)))
    doc.add(
        Table(
            _("Dots per value"),
            [_("Value"), _("Dots"), _("Participants who voted"), _("Chosen")],
            [
                [v["name"], str(v["dots"]), str(v["voters"]), _("yes") if v["chosen"] else ""]
                for v in ranked
            ],
        )
    )


DIRECTIONS = (
    (ActionOption.Direction.TECHNOLOGY, lambda: _("Technology (ethics by design)")),
    (ActionOption.Direction.ENVIRONMENT, lambda: _("Environment (ethics in context)")),
    (ActionOption.Direction.HUMAN, lambda: _("Human (ethics by the user)")),
)


def _options(doc: Document, values: list, options: list) -> None:
    doc.add(Heading(2, _("Options for action")))
    with_options = [
        v for v in values if v["chosen"] or any(o["value"] == v["ref"] for o in options)
    ]
    with_options.sort(key=lambda v: (not v["chosen"], -v["dots"], snapshot.number(v["ref"])))
    if not options:
        doc.add(Note(_("No options for action were proposed.")))
        return
    grid = []
    for value in with_options:
        counts = [
            sum(1 for o in options if o["value"] == value["ref"] and o["direction"] == d)
            for d, _text in DIRECTIONS
        ]
        grid.append((value["name"], counts))
    doc.add(charts.option_grid(grid, [str(d.label).capitalize() for d, _text in DIRECTIONS]))
    for value in with_options:
        name = value["name"] if value["chosen"] else _("%s (not chosen)") % value["name"]
        doc.add(Heading(3, name))
        for direction, title in DIRECTIONS:
            texts = [
                o["text"]
                for o in options
                if o["value"] == value["ref"] and o["direction"] == direction
            ]
            if texts:
                doc.add(Heading(4, title()), Items(texts))


def _evaluation(doc: Document, data: dict, internal: bool) -> None:
    evaluations = snapshot.answers(data)
    doc.add(Heading(2, _("Evaluation")))
    if not evaluations:
        doc.add(Note(_("Nobody filled in the evaluation.")))
        return
    counts = {code: 0 for code in Evaluation.Changed.values}
    for item in evaluations:
        counts[item["changed_view"]] = counts.get(item["changed_view"], 0) + 1
    doc.add(
        Table(
            _("Did the session change how you see the technology?"),
            [_("Answer"), _("Participants")],
            [[label(Evaluation.Changed, code).capitalize(), str(n)] for code, n in counts.items()],
        )
    )
    quotes = [e["message"] for e in evaluations if e["quote_consent"] and e["message"].strip()]
    if quotes:
        doc.add(Heading(3, _("What participants would tell others")))
        doc.add(*(Quote(text) for text in quotes))
    if internal:
        private = [
            e["message"] for e in evaluations if not e["quote_consent"] and e["message"].strip()
        ]
        if private:
            doc.add(Heading(3, _("Remarks without consent to quote (internal)")))
            doc.add(Items(private))


def _appendix(doc, data, visible, actors, values, audience) -> None:
    effects = {e["ref"]: e for e in data["effects"]}
    doc.add(Heading(2, _("Appendix: everything raised")))
    doc.add(Paragraph(sentences.appendix(data, visible)))
    sections = [
        (
            _("Questions about the case"),
            [q["text"] + _author(q, audience) for q in visible["questions"]],
        ),
        (_("Actors"), [a["name"] + _author(a, audience) for a in visible["actors"]]),
    ]
    effect_lines = []
    for effect in visible["effects"]:
        line = "{} {}".format(
            "+" if effect["polarity"] == Effect.Polarity.POSITIVE else "−", effect["text"]
        )
        if effect["actor"] in actors:
            line += " — " + actors[effect["actor"]]["name"]
        if effect["merged_into"] in effects:
            line += " " + _("(merged into: %s)") % effects[effect["merged_into"]]["text"]
        effect_lines.append(line + _author(effect, audience))
    sections.append((_("Effects"), effect_lines))
    sections.append(
        (
            _("Values"),
            [
                v["name"]
                + (
                    " " + _("(merged into: %s)") % values[v["merged_into"]]["name"]
                    if v["merged_into"] in values
                    else ""
                )
                for v in values.values()
            ],
        )
    )
    sections.append(
        (
            _("Options for action"),
            [
                "{}: {} — {}{}".format(
                    values[o["value"]]["name"] if o["value"] in values else "",
                    label(ActionOption.Direction, o["direction"]).capitalize(),
                    o["text"],
                    _author(o, audience),
                )
                for o in visible["options"]
            ],
        )
    )
    for heading, lines in sections:
        doc.add(Heading(3, heading))
        doc.add(Items(lines) if lines else Note(_("None.")))
