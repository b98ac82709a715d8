import io
import re
import subprocess
import zipfile

import pytest

from guidance_ethics.core.demo_session import hold_demo_session
from guidance_ethics.reports import queries


@pytest.fixture
def held(case, alice, mona):
    """The demo session, held on the cast's case: 32 effects and a merged duplicate."""
    return hold_demo_session(moderator=alice, co_moderator=mona, case=case)


@pytest.fixture
def report(held):
    return queries.latest(held)


def fold(text: str) -> str:
    """Whitespace folded, so that a line break in a PDF or a cell does not hide a match."""
    return " ".join(text.split())


def pdf_text(content: bytes) -> str:
    done = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"],
        input=content,
        capture_output=True,
        check=True,
    )
    return done.stdout.decode()


def docx_text(content: bytes) -> str:
    from docx import Document

    word = Document(io.BytesIO(content))
    parts = [p.text for p in word.paragraphs]
    for table in word.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def odt_text(content: bytes) -> str:
    from odf import teletype, text
    from odf.opendocument import load

    document = load(io.BytesIO(content))
    return "\n".join(
        teletype.extractText(element)
        for kind in (text.H, text.P)
        for element in document.getElementsByType(kind)
    )


def zip_members(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def plain(markdown: str) -> str:
    """Markdown with its escapes taken out, to compare with what was typed."""
    return re.sub(r"\\(.)", r"\1", markdown)
