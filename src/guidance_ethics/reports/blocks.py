"""The building blocks of a report: what every format knows how to render."""

from dataclasses import dataclass, field


def paragraphs(text: str) -> list[str]:
    """Free text split at blank lines, each part's whitespace folded."""
    parts = [" ".join(p.split()) for p in text.replace("\r\n", "\n").split("\n\n")]
    return [p for p in parts if p]


@dataclass
class Heading:
    level: int
    text: str
    kind: str = "heading"


@dataclass
class Paragraph:
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
        """Free text, one paragraph per blank-line-separated part."""
        for part in paragraphs(value):
            self.blocks.append(Paragraph(part))
