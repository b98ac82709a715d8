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
from django.utils.translation import ngettext

from guidance_ethics.lib.text import xml_safe
from guidance_ethics.reports.blocks import Chart, Table

WIDTH = 640
# The labels' column is as wide as its longest line, up to LABEL_MAX; longer labels wrap
# onto up to LABEL_LINES lines (docs/reports.md, "Charts").
LABEL_MAX = 250
LABEL_LINES = 3
LINE = 16
ROW = 30
TOP = 40
FONT_SIZE = 13
FONT = f'font-family="Noto Sans, DejaVu Sans, Arial, sans-serif" font-size="{FONT_SIZE}"'
INK = "#1a1a1a"
POSITIVE = "#1b6e3a"
NEGATIVE = "#c0392b"
EFFECTS = "#1f5fa8"
DOTS = "#9a5b00"
# The option grid's cells: each colour channel from its pale value down by its span.
PALE_TO_DEEP = ((232, 200), (240, 160), (250, 90))
# Character widths in Noto Sans, in em, generously rounded up: text is measured before it
# is drawn, so that no label is cut off at the chart's edge.
_NARROW = set("ijl.,:;'!|()[]{}I ")
_SLIGHT = set("frt-/")
_WIDE = set("mwMW@%")


def escape(text: str) -> str:
    """Text for the SVG (XML): escaped, and without what XML cannot hold, as a name stored
    before input was cleaned may still carry it (lib/text.py)."""
    return saxutils.escape(xml_safe(text))


def quoteattr(text: str) -> str:
    return saxutils.quoteattr(xml_safe(text))


def text_width(text: str, bold: bool = False) -> float:
    """The width of ``text`` in pixels at the charts' font size, estimated from above."""
    em = 0.0
    for char in text:
        if char in _NARROW:
            em += 0.32
        elif char in _SLIGHT:
            em += 0.42
        elif char in _WIDE:
            em += 0.9
        elif char.isupper():
            em += 0.72
        else:
            em += 0.6
    return em * FONT_SIZE * (1.08 if bold else 1.0)


def wrap(text: str, width: float = LABEL_MAX, lines: int = LABEL_LINES) -> list[str]:
    """``text`` in lines no wider than ``width``; at most ``lines`` lines, the last one
    shortened with "…" when the text does not fit."""
    found: list[str] = []
    for word in text.split():
        while text_width(word) > width:  # a word longer than a line is cut
            cut = len(word)
            while cut > 1 and text_width(word[:cut]) > width:
                cut -= 1
            found.append(word[:cut])
            word = word[cut:]
        if found and text_width(found[-1] + " " + word) <= width:
            found[-1] += " " + word
        else:
            found.append(word)
    if len(found) > lines:
        last = found[lines - 1]
        while last and text_width(last + "…") > width:
            last = last[:-1].rstrip()
        found = [*found[: lines - 1], last + "…"]
    return found or [""]


class _Rows:
    """Where each row of a chart goes: its labels wrapped, the labels' column as wide as
    they need, each row as high as its label or ``row``, whichever is more."""

    def __init__(self, names: list[str], row: int = ROW) -> None:
        self.labels = [wrap(name) for name in names]
        widest = max((text_width(line) for lines in self.labels for line in lines), default=0)
        self.left = int(min(LABEL_MAX, max(widest, 60))) + 16
        self.heights = [max(row, len(lines) * LINE + 10) for lines in self.labels]
        self.tops = [TOP + sum(self.heights[:i]) for i in range(len(names))]
        self.height = TOP + sum(self.heights) + 10

    def label(self, i: int) -> list[str]:
        """The label of row ``i``, its lines centred on the row, ending at the bars."""
        lines = self.labels[i]
        first = self.tops[i] + self.heights[i] / 2 - len(lines) * LINE / 2 + 12
        return [
            _text(self.left - 8, f"{first + n * LINE:.1f}", line, anchor="end")
            for n, line in enumerate(lines)
        ]

    def middle(self, i: int) -> float:
        return self.tops[i] + self.heights[i] / 2


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


def _legend(items: list[tuple[str, str]], left: int) -> list[str]:
    parts, x = [], left
    for colour, label in items:
        parts.append(f'<rect x="{x}" y="10" width="14" height="14" fill="{colour}"/>')
        parts.append(_text(x + 20, 22, label))
        x += 36 + text_width(label)
    return parts


def _scale(rows, index_sets, area: float) -> float:
    biggest = max([sum(row[i] for i in indexes) for row in rows for indexes in index_sets] or [0])
    return area / biggest if biggest else 0


def effects_per_actor(rows: list[tuple[str, int, int]]) -> Chart:
    """Stacked bars: per actor, the positive and the negative effects."""
    caption = _("Effects per actor, positive and negative")
    positive, negative = _("positive"), _("negative")
    layout = _Rows([name for name, _plus, _minus in rows])
    scale = _scale(rows, [(1, 2)], WIDTH - layout.left - 90)
    body = _legend([(POSITIVE, positive), (NEGATIVE, negative)], layout.left)
    for i, (_name, plus, minus) in enumerate(rows):
        body += layout.label(i)
        middle = layout.middle(i)
        x = layout.left
        for count, colour in ((plus, POSITIVE), (minus, NEGATIVE)):
            width = count * scale
            if count:
                body.append(
                    f'<rect x="{x:.1f}" y="{middle - 11:.1f}" width="{width:.1f}" '
                    f'height="22" fill="{colour}"/>'
                )
                if width >= 22:
                    body.append(
                        _text(
                            f"{x + width / 2:.1f}",
                            f"{middle + 4:.1f}",
                            str(count),
                            "middle",
                            "#fff",
                        )
                    )
            x += width
        body.append(_text(f"{x + 6:.1f}", f"{middle + 4:.1f}", f"{plus} + / {minus} −"))
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
    return Chart(caption, _svg(layout.height, caption, alt, body), alt, table, WIDTH, layout.height)


def values_overview(rows: list[tuple[str, int, int]]) -> Chart:
    """Per value, two bars: the effects linked to it and the dots it got."""
    return paired_bars(
        rows,
        caption=_("Values by linked effects and by dots"),
        headers=[_("Value"), _("Linked effects"), _("Dots")],
        legend=(_("linked effects"), _("dots")),
        alt=_("Bar chart of the values: %s."),
        item=lambda name, first, second: (
            _("%(value)s: %(effects)s, %(dots)s")
            % {
                "value": name,
                "effects": ngettext("%(n)s linked effect", "%(n)s linked effects", first)
                % {"n": first},
                "dots": ngettext("%(n)s dot", "%(n)s dots", second) % {"n": second},
            }
        ),
    )


def paired_bars(rows, *, caption, headers, legend, alt, item) -> Chart:
    """Per row, two bars (``legend`` names them); ``item(name, first, second)`` describes
    one row for the text alternative (or ``item`` is a text with ``%(value)s``,
    ``%(first)s`` and ``%(second)s``)."""
    layout = _Rows([name for name, _first, _second in rows], ROW + 12)
    scale = _scale(rows, [(1,), (2,)], WIDTH - layout.left - 90)
    body = _legend([(EFFECTS, legend[0]), (DOTS, legend[1])], layout.left)
    for i, (_name, first, second) in enumerate(rows):
        body += layout.label(i)
        top = layout.middle(i) - 16
        for j, (count, colour) in enumerate(((first, EFFECTS), (second, DOTS))):
            bar_y = top + j * 17
            width = count * scale
            if count:
                body.append(
                    f'<rect x="{layout.left}" y="{bar_y:.1f}" width="{width:.1f}" height="14" '
                    f'fill="{colour}"/>'
                )
            body.append(_text(f"{layout.left + width + 6:.1f}", f"{bar_y + 12:.1f}", str(count)))
    describe = (
        item
        if callable(item)
        else (lambda name, first, second: item % {"value": name, "first": first, "second": second})
    )
    alt = alt % "; ".join(describe(name, first, second) for name, first, second in rows)
    table = Table(
        caption, headers, [[name, str(first), str(second)] for name, first, second in rows]
    )
    return Chart(caption, _svg(layout.height, caption, alt, body), alt, table, WIDTH, layout.height)


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
    layout = _Rows([name for name, _counts in rows])
    cell = (WIDTH - layout.left - 10) // len(directions)
    biggest = max([count for _name, counts in rows for count in counts] or [0]) or 1
    body = [
        _text(layout.left + j * cell + cell / 2, 24, label, anchor="middle", weight="bold")
        for j, label in enumerate(directions)
    ]
    for i, (_name, counts) in enumerate(rows):
        body += layout.label(i)
        y, height = layout.tops[i], layout.heights[i]
        for j, count in enumerate(counts):
            # From a pale to a deep blue; the number is always written in the cell.
            shade = count / biggest
            red, green, blue = (int(top - span * shade) for top, span in PALE_TO_DEEP)
            fill = f"#{red:02x}{green:02x}{blue:02x}"
            ink = "#ffffff" if shade > 0.5 else INK
            x = layout.left + j * cell
            body.append(
                f'<rect x="{x + 2}" y="{y + 2}" width="{cell - 4}" height="{height - 4}" '
                f'fill="{fill}" stroke="#6b6b6b" stroke-width="1"/>'
            )
            body.append(
                _text(
                    x + cell / 2, f"{layout.middle(i) + 5:.1f}", str(count), "middle", ink, "bold"
                )
            )
    alt = alt % "; ".join(
        f"{name}: " + ", ".join(f"{d} {c}" for d, c in zip(directions, counts, strict=True))
        for name, counts in rows
    )
    table = Table(
        caption,
        [_("Value"), *directions],
        [[name, *(str(c) for c in counts)] for name, counts in rows],
    )
    return Chart(caption, _svg(layout.height, caption, alt, body), alt, table, WIDTH, layout.height)
