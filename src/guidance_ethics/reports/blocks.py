"""The building blocks of a report: what every format knows how to render."""

import re
from dataclasses import dataclass, field

# A line that starts a list item in free text: "- ", "* ", or a number with "." or ")".
_BULLET = re.compile(r"^[-*•]\s+(.*)$")
_NUMBERED = re.compile(r"^\d{1,3}[.)]\s+(.*)$")


def _fold(line: str) -> str:
    return " ".join(line.split())


def structured(text: str) -> list:
    """Free text as the moderators typed it: a blank line starts a paragraph, a line that
    starts with "- ", "* " or "1." is a list item (numbered or not), an indented line after
    an item continues it, and the line breaks inside a paragraph are kept (as "\\n")."""
    found: list = []
    lines: list[str] = []  # the paragraph being read
    items: list[str] = []  # the list being read
    ordered = False

    def close_paragraph() -> None:
        if lines:
            found.append(Paragraph("\n".join(lines)))
            lines.clear()

    def close_list() -> None:
        if items:
            found.append(Items(list(items), ordered=ordered))
            items.clear()

    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = _fold(raw)
        bullet, numbered = _BULLET.match(line), _NUMBERED.match(line)
        if not line:
            close_paragraph()
            close_list()
        elif (bullet or numbered) and (bullet or numbered).group(1):
            close_paragraph()
            if items and ordered != bool(numbered):
                close_list()
            ordered = bool(numbered)
            items.append((bullet or numbered).group(1))
        elif items and raw[:1].isspace():
            items[-1] += " " + line
        else:
            close_list()
            lines.append(line)
    close_paragraph()
    close_list()
    return found


@dataclass
class Heading:
    level: int
    text: str
    kind: str = "heading"


@dataclass
class Paragraph:
    """A paragraph; a "\\n" in its text is a line break the writer made."""

    text: str
    kind: str = "paragraph"


@dataclass
class Note:
    """A remark that stands out (the internal version's warning, an empty section)."""

    text: str
    kind: str = "note"


@dataclass
class Facts:
    rows: list[tuple[str, str]]
    kind: str = "facts"


@dataclass
class Items:
    items: list[str]
    kind: str = "items"
    ordered: bool = False


@dataclass
class Quote:
    text: str
    kind: str = "quote"


@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[list[str]]
    kind: str = "table"


@dataclass
class Chart:
    """An SVG chart with its text alternative and the table of the numbers it draws."""

    caption: str
    svg: str
    alt: str
    table: Table
    width: int
    height: int
    kind: str = "chart"


@dataclass
class Document:
    title: str
    language: str
    audience: str
    blocks: list = field(default_factory=list)

    def add(self, *blocks) -> None:
        self.blocks.extend(blocks)

    def text(self, value: str) -> None:
        """Free text, with its paragraphs, lists and line breaks (``structured``)."""
        self.blocks.extend(structured(value))
