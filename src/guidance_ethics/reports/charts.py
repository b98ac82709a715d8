"""The report's charts, drawn once on the server as SVG.

Each chart comes with a text alternative and a table of the numbers it shows (a
``document.Chart``), so that a screen reader, a Word user and someone who prints in black
and white all get the same facts. The SVG uses presentation attributes only (no ``style``),
so the page's content security policy allows it inline, and WeasyPrint and CairoSVG draw it
the same way. Positive and negative differ in lightness as well as hue, and every bar
carries its number.
"""

from xml.sax import saxutils

from django.utils.translation import gettext as _

from guidance_ethics.lib.text import xml_safe
from guidance_ethics.reports.blocks import Chart, Table

WIDTH = 640
LABEL_WIDTH = 210
BAR_AREA = WIDTH - LABEL_WIDTH - 90
ROW = 30
TOP = 40
FONT = 'font-family="Noto Sans, DejaVu Sans, Arial, sans-serif" font-size="13"'
INK = "#1a1a1a"
POSITIVE = "#1b6e3a"
NEGATIVE = "#c0392b"
EFFECTS = "#1f5fa8"
DOTS = "#9a5b00"
# The option grid's cells: each colour channel from its pale value down by its span.
PALE_TO_DEEP = ((232, 200), (240, 160), (250, 90))


def escape(text: str) -> str:
    """Text for the SVG (XML): escaped, and without what XML cannot hold, as a name stored
    before input was cleaned may still carry it (lib/text.py)."""
    return saxutils.escape(xml_safe(text))


def quoteattr(text: str) -> str:
    return saxutils.quoteattr(xml_safe(text))


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _svg(height: int, caption: str, alt: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-label={quoteattr(alt)} {FONT}>'
        f"<title>{escape(caption)}</title>"
        f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>'
        + "".join(body)
        + "</svg>"
    )


def _text(x, y, text, anchor="start", fill=INK, weight="normal") -> str:
    return (
        f'<text x="{x}" y="{y}" text-anchor="{anchor}" fill="{fill}" '
        f'font-weight="{weight}">{escape(text)}</text>'
    )


def _legend(items: list[tuple[str, str]]) -> list[str]:
    parts, x = [], LABEL_WIDTH
    for colour, label in items:
        parts.append(f'<rect x="{x}" y="10" width="14" height="14" fill="{colour}"/>')
        parts.append(_text(x + 20, 22, label))
        x += 30 + 8 * len(label)
    return parts


def _scale(rows, index_sets) -> float:
    biggest = max([sum(row[i] for i in indexes) for row in rows for indexes in index_sets] or [0])
    return BAR_AREA / biggest if biggest else 0


def effects_per_actor(rows: list[tuple[str, int, int]]) -> Chart:
    """Stacked bars: per actor, the positive and the negative effects."""
    caption = _("Effects per actor, positive and negative")
    positive, negative = _("positive"), _("negative")
    scale = _scale(rows, [(1, 2)])
    body = _legend([(POSITIVE, positive), (NEGATIVE, negative)])
    for i, (name, plus, minus) in enumerate(rows):
        y = TOP + i * ROW
        body.append(_text(LABEL_WIDTH - 8, y + 19, _short(name), anchor="end"))
        x = LABEL_WIDTH
        for count, colour in ((plus, POSITIVE), (minus, NEGATIVE)):
            width = count * scale
            if count:
                body.append(
                    f'<rect x="{x:.1f}" y="{y + 4}" width="{width:.1f}" height="{ROW - 8}" '
                    f'fill="{colour}"/>'
                )
                if width >= 22:
                    body.append(_text(f"{x + width / 2:.1f}", y + 19, str(count), "middle", "#fff"))
            x += width
        body.append(_text(f"{x + 6:.1f}", y + 19, f"{plus} + / {minus} −"))
    height = TOP + len(rows) * ROW + 10
    alt = _("Bar chart of the effects per actor: %s.") % "; ".join(
        _("%(actor)s %(positive)s positive, %(negative)s negative")
        % {"actor": name, "positive": plus, "negative": minus}
        for name, plus, minus in rows
    )
    table = Table(
        caption,
        [_("Actor"), _("Positive"), _("Negative")],
        [[name, str(plus), str(minus)] for name, plus, minus in rows],
    )
    return Chart(caption, _svg(height, caption, alt, body), alt, table, WIDTH, height)


def values_overview(rows: list[tuple[str, int, int]]) -> Chart:
    """Per value, two bars: the effects linked to it and the dots it got."""
    return paired_bars(
        rows,
        caption=_("Values by linked effects and by dots"),
        headers=[_("Value"), _("Linked effects"), _("Dots")],
        legend=(_("linked effects"), _("dots")),
        alt=_("Bar chart of the values: %s."),
        item=_("%(value)s %(first)s linked effects, %(second)s dots"),
    )


def paired_bars(rows, *, caption, headers, legend, alt, item) -> Chart:
    """Per row, two bars (``legend`` names them); ``item`` describes one row for the text
    alternative, with ``%(value)s``, ``%(first)s`` and ``%(second)s``."""
    scale = _scale(rows, [(1,), (2,)])
    body = _legend([(EFFECTS, legend[0]), (DOTS, legend[1])])
    row = ROW + 12
    for i, (name, first, second) in enumerate(rows):
        y = TOP + i * row
        body.append(_text(LABEL_WIDTH - 8, y + 20, _short(name), anchor="end"))
        for j, (count, colour) in enumerate(((first, EFFECTS), (second, DOTS))):
            bar_y = y + 3 + j * 17
            width = count * scale
            if count:
                body.append(
                    f'<rect x="{LABEL_WIDTH}" y="{bar_y}" width="{width:.1f}" height="14" '
                    f'fill="{colour}"/>'
                )
            body.append(_text(f"{LABEL_WIDTH + width + 6:.1f}", bar_y + 12, str(count)))
    height = TOP + len(rows) * row + 10
    alt = alt % "; ".join(
        item % {"value": name, "first": first, "second": second} for name, first, second in rows
    )
    table = Table(
        caption, headers, [[name, str(first), str(second)] for name, first, second in rows]
    )
    return Chart(caption, _svg(height, caption, alt, body), alt, table, WIDTH, height)


def option_grid(rows: list[tuple[str, list[int]]], directions: list[str]) -> Chart:
    """A grid of values by the three directions, each cell the number of options."""
    return grid(
        rows,
        directions,
        caption=_("Options for action per value and direction"),
        alt=_("Grid of the options for action: %s."),
    )


def grid(rows: list[tuple[str, list[int]]], columns: list[str], *, caption, alt) -> Chart:
    """A grid of rows by ``columns``, each cell a count, deeper blue for more."""
    directions = columns
    cell = (WIDTH - LABEL_WIDTH - 10) // len(directions)
    biggest = max([count for _name, counts in rows for count in counts] or [0]) or 1
    body = [
        _text(LABEL_WIDTH + j * cell + cell / 2, 24, label, anchor="middle", weight="bold")
        for j, label in enumerate(directions)
    ]
    for i, (name, counts) in enumerate(rows):
        y = TOP + i * ROW
        body.append(_text(LABEL_WIDTH - 8, y + 19, _short(name), anchor="end"))
        for j, count in enumerate(counts):
            # From a pale to a deep blue; the number is always written in the cell.
            shade = count / biggest
            red, green, blue = (int(top - span * shade) for top, span in PALE_TO_DEEP)
            fill = f"#{red:02x}{green:02x}{blue:02x}"
            ink = "#ffffff" if shade > 0.5 else INK
            x = LABEL_WIDTH + j * cell
            body.append(
                f'<rect x="{x + 2}" y="{y + 2}" width="{cell - 4}" height="{ROW - 4}" '
                f'fill="{fill}" stroke="#6b6b6b" stroke-width="1"/>'
            )
            body.append(_text(x + cell / 2, y + 19, str(count), "middle", ink, "bold"))
    height = TOP + len(rows) * ROW + 10
    alt = alt % "; ".join(
        f"{name}: " + ", ".join(f"{d} {c}" for d, c in zip(directions, counts, strict=True))
        for name, counts in rows
    )
    table = Table(
        caption,
        [_("Value"), *directions],
        [[name, *(str(c) for c in counts)] for name, counts in rows],
    )
    return Chart(caption, _svg(height, caption, alt, body), alt, table, WIDTH, height)
