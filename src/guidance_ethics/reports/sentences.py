"""The report's sentences about the session's numbers.

Each says only what the session recorded and counts with ``ngettext``: how many effects
have values behind them (not that anyone checked the links, which nobody records), what
the vote did, what the appendix holds. docs/reports.md, "Only what happened".
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def linked_effects(effects: list) -> str:
    """How many effects have a value behind them, and how many not: only what the
    session recorded (nobody recorded who checked the links, so the report does not say)."""
    linked = sum(1 for e in effects if e["values"])
    if not effects:
        return ""
    if linked == len(effects):
        return ngettext(
            "The effect is linked to one or more values.",
            "All %(total)s effects are linked to one or more values.",
            len(effects),
        ) % {"total": len(effects)}
    if not linked:
        return ngettext(
            "The effect is not linked to a value.",
            "None of the %(total)s effects is linked to a value.",
            len(effects),
        ) % {"total": len(effects)}
    return (
        ngettext(
            "%(linked)s of the %(total)s effects is linked to one or more values;",
            "%(linked)s of the %(total)s effects are linked to one or more values;",
            linked,
        )
        % {"linked": linked, "total": len(effects)}
        + " "
        + ngettext(
            "%(n)s effect has no value.",
            "%(n)s effects have no value.",
            len(effects) - linked,
        )
        % {"n": len(effects) - linked}
    )


def votes(data: dict, ranked: list) -> str:
    """What the vote did, as far as the record shows: the dots each participant had, whether
    anyone voted, how many values went forward, and whether those were the ones with the
    most dots."""
    per_person = data["votes_per_participant"]
    parts = [
        ngettext(
            "Each participant had %(n)s dot to give.",
            "Each participant had %(n)s dots to give.",
            per_person,
        )
        % {"n": per_person}
    ]
    if not any(v["dots"] for v in ranked):
        parts.append(_("Nobody gave a dot."))
    chosen = [v for v in ranked if v["chosen"]]
    if not chosen:
        parts.append(_("No value went forward to the options for action."))
        return " ".join(parts)
    others = [v for v in ranked if not v["chosen"]]
    least_chosen = min(v["dots"] for v in chosen)
    most = any(v["dots"] for v in chosen) and all(v["dots"] < least_chosen for v in others)
    forward = (
        ngettext(
            "The value with the most dots went forward to the options for action.",
            "The %(n)s values with the most dots went forward to the options for action.",
            len(chosen),
        )
        if most
        else ngettext(
            "%(n)s value went forward to the options for action.",
            "%(n)s values went forward to the options for action.",
            len(chosen),
        )
    )
    parts.append(forward % {"n": len(chosen)})
    return " ".join(parts)


def appendix(data: dict, visible: dict) -> str:
    """What the appendix holds, naming merged and hidden items only when there are any."""
    merged = sum(1 for name in ("effects", "values") for x in data[name] if x["merged_into"])
    hidden = sum(1 for items in visible.values() for x in items if x.get("hidden"))
    parts = [_("Everything that was added in the session.")]
    if merged:
        parts.append(
            ngettext(
                "%(n)s item was merged into another; it says into which.",
                "%(n)s items were merged into others; each says into which.",
                merged,
            )
            % {"n": merged}
        )
    if hidden:
        parts.append(
            ngettext(
                "%(n)s item was hidden during the session; it is marked.",
                "%(n)s items were hidden during the session; each is marked.",
                hidden,
            )
            % {"n": hidden}
        )
    return " ".join(parts)
