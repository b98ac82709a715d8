"""Rendering a report's blocks (``blocks.Document``) into each downloadable format.

The PDF is the report's own HTML (``reports/_document.html``, as on the page) laid out by
WeasyPrint with ``report.css``; Word (python-docx) and OpenDocument (odfpy) files are built
from the same blocks with real headings, lists and tables, and charts as pictures with
their text alternative; Markdown writes the blocks as text. All formats carry the title
and the language.
"""

import dataclasses
import io
import re
from dataclasses import dataclass
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from guidance_ethics.lib.text import xml_safe
from guidance_ethics.reports.blocks import Document

STYLESHEET = "guidance_ethics/report.css"


@dataclass(frozen=True)
class Format:
    extension: str
    content_type: str


FORMATS = {
    "pdf": Format("pdf", "application/pdf"),
    "docx": Format(
        "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
    "odt": Format("odt", "application/vnd.oasis.opendocument.text"),
    "md": Format("md", "text/markdown; charset=utf-8"),
}


def render(document: Document, fmt: str) -> bytes:
    if fmt in {"docx", "odt"}:
        document = xml_safe_copy(document)
    return RENDERERS[fmt](document)


def xml_safe_copy(item):
    """``item`` (a document, a block, or what a block holds) with every string made fit for
    XML (lib/text.py): text typed before input was cleaned, or imported, must not make a
    Word or OpenDocument file that cannot be written or opened. The SVG of a chart is our
    own and already XML."""
    if isinstance(item, str):
        return xml_safe(item)
    if isinstance(item, list | tuple):
        return type(item)(xml_safe_copy(part) for part in item)
    if dataclasses.is_dataclass(item):
        changes = {
            f.name: xml_safe_copy(getattr(item, f.name))
            for f in dataclasses.fields(item)
            if f.name != "svg"
        }
        return dataclasses.replace(item, **changes)
    return item


# --- PDF ------------------------------------------------------------------------------------


def _stylesheet_url() -> str:
    path = finders.find(STYLESHEET)
    return Path(path).as_uri() if path else ""


def html(document: Document) -> str:
    """The report as a standalone HTML document (what WeasyPrint lays out)."""
    return render_to_string(
        "reports/document.html",
        {"document": document, "stylesheet": _stylesheet_url()},
    )


def pdf(document: Document) -> bytes:
    # Each format's library (WeasyPrint with Pango, CairoSVG with Cairo, python-docx, odfpy)
    # is heavy and loads only when a document in that format is asked for.
    from weasyprint import HTML  # noqa: PLC0415 - heavy, loaded when a PDF is asked for
    from weasyprint.urls import URLFetcher  # noqa: PLC0415 - as above

    # WeasyPrint reads the platform's own files (the stylesheet, the fonts) and nothing
    # from the network, whatever a participant typed. The PDF is tagged (headings, lists,
    # tables), so that screen readers can follow it.
    fetcher = URLFetcher(allowed_protocols={"file"})
    return HTML(string=html(document), url_fetcher=fetcher).write_pdf(pdf_tags=True)


# --- Word -----------------------------------------------------------------------------------


def _png(svg: str) -> bytes:
    import cairosvg  # noqa: PLC0415 - heavy (Cairo), loaded when a chart is drawn

    return cairosvg.svg2png(bytestring=svg.encode(), scale=2)


def docx(document: Document) -> bytes:
    # Heavy, loaded only when a Word document is asked for (see pdf).
    from docx import Document as WordDocument  # noqa: PLC0415
    from docx.enum.text import WD_BREAK  # noqa: PLC0415
    from docx.oxml.ns import qn  # noqa: PLC0415
    from docx.shared import Cm  # noqa: PLC0415

    word = WordDocument()
    # A4 with the PDF's margins (python-docx's template is US Letter).
    for section in word.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.4)
        section.left_margin = section.right_margin = Cm(2)
    word.core_properties.title = document.title
    word.core_properties.language = document.language
    word.core_properties.author = "guidance-ethics"
    # The language of the text, for spelling and screen readers.
    run_properties = word.styles["Normal"].element.get_or_add_rPr()
    lang = run_properties.find(qn("w:lang"))
    if lang is None:
        lang = run_properties.makeelement(qn("w:lang"), {})
        run_properties.append(lang)
    lang.set(qn("w:val"), document.language)

    def table(block, numbers: bool = False) -> None:
        if not numbers:  # a chart's table: the chart's caption names it
            word.add_paragraph(
                block.caption, style="Caption"
            ).paragraph_format.keep_with_next = True
        grid = word.add_table(rows=1, cols=len(block.headers), style="Table Grid")
        for cell, header in zip(grid.rows[0].cells, block.headers, strict=True):
            cell.text = header
            for run in cell.paragraphs[0].runs:
                run.bold = True
        for row in block.rows:
            cells = grid.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                cell.text = value

    first_section = True
    for index, block in enumerate(document.blocks):
        leads_to_chart = any(b.kind == "chart" for b in document.blocks[index + 1 : index + 2])
        if block.kind == "heading":
            if block.level == 2 and first_section:
                word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
                first_section = False
            heading = word.add_heading(block.text, level=0 if block.level == 1 else block.level - 1)
            heading.paragraph_format.keep_with_next = True
        elif block.kind == "paragraph":
            paragraph = word.add_paragraph()
            lines = block.text.split("\n")
            for n, line in enumerate(lines):
                run = paragraph.add_run(line)
                if n < len(lines) - 1:
                    run.add_break()  # a line break the writer made
            paragraph.paragraph_format.keep_with_next = leads_to_chart
        elif block.kind == "note":
            word.add_paragraph(block.text, style="Intense Quote")
        elif block.kind == "quote":
            word.add_paragraph(block.text, style="Quote")
        elif block.kind == "facts":
            for label, value in block.rows:
                paragraph = word.add_paragraph()
                paragraph.add_run(f"{label}: ").bold = True
                paragraph.add_run(value)
        elif block.kind == "items" and block.ordered:
            number = _restarted_numbering(word)
            for item in block.items:
                paragraph = word.add_paragraph(item, style="List Number")
                properties = paragraph._p.get_or_add_pPr().get_or_add_numPr()
                properties.get_or_add_ilvl().val = 0
                properties.get_or_add_numId().val = number
        elif block.kind == "items":
            for item in block.items:
                word.add_paragraph(item, style="List Bullet")
        elif block.kind == "table":
            table(block)
        elif block.kind == "chart":
            holder = word.add_paragraph()
            holder.paragraph_format.keep_with_next = True
            picture = holder.add_run().add_picture(io.BytesIO(_png(block.svg)), width=Cm(16))
            picture._inline.docPr.set("descr", block.alt)
            picture._inline.docPr.set("title", block.caption)
            caption = word.add_paragraph(block.caption, style="Caption")
            caption.paragraph_format.keep_with_next = True
            table(block.table, numbers=True)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _restarted_numbering(word) -> int:
    """A new numbering of the "List Number" style that starts at 1: every numbered list
    in the file starts at 1, not where the previous one stopped."""
    numbering = word.part.numbering_part.numbering_definitions._numbering
    used = word.styles["List Number"].element.pPr.numPr.numId.val
    num = numbering.add_num(numbering.num_having_numId(used).abstractNumId.val)
    override = num.add_lvlOverride(ilvl=0)
    override.add_startOverride(1)
    return num.numId


# --- OpenDocument ---------------------------------------------------------------------------


def odt(document: Document) -> bytes:
    # Heavy, loaded only when an OpenDocument is asked for (see pdf).
    from odf import dc, draw, svg, table, text  # noqa: PLC0415
    from odf.opendocument import OpenDocumentText  # noqa: PLC0415
    from odf.style import (  # noqa: PLC0415
        GraphicProperties,
        ListLevelProperties,
        ParagraphProperties,
        Style,
        TableColumnProperties,
        TextProperties,
    )
    from odf.text import ListLevelStyleBullet, ListLevelStyleNumber, ListStyle  # noqa: PLC0415

    odf = OpenDocumentText()
    odf.meta.addElement(dc.Title(text=document.title))
    odf.meta.addElement(dc.Language(text=document.language))

    def paragraph_style(name, display, size=None, bold=False, italic=False, **paragraph):
        style = Style(name=name, displayname=display, family="paragraph")
        properties = {"language": document.language, "country": "none"}
        if size:
            properties["fontsize"] = size
        if bold:
            properties["fontweight"] = "bold"
        if italic:
            properties["fontstyle"] = "italic"
        style.addElement(TextProperties(**properties))
        if paragraph:
            style.addElement(ParagraphProperties(**paragraph))
        odf.styles.addElement(style)
        return style

    body = paragraph_style("Text_20_body", "Text body", marginbottom="0.2cm")
    # Headings keep with what follows them, as in the PDF and in Word.
    headings = {
        1: paragraph_style(
            "Heading_20_1", "Heading 1", "20pt", True, marginbottom="0.4cm", keepwithnext="always"
        ),
        2: paragraph_style(
            "Heading_20_2",
            "Heading 2",
            "15pt",
            True,
            margintop="0.5cm",
            marginbottom="0.2cm",
            keepwithnext="always",
        ),
        3: paragraph_style(
            "Heading_20_3", "Heading 3", "12pt", True, margintop="0.3cm", keepwithnext="always"
        ),
        4: paragraph_style(
            "Heading_20_4", "Heading 4", "10.5pt", True, margintop="0.2cm", keepwithnext="always"
        ),
    }
    lead = paragraph_style("Lead", "Lead", marginbottom="0.2cm", keepwithnext="always")
    lists = {}
    for ordered in (False, True):
        style = ListStyle(name="Numbering_20_123" if ordered else "List_20_Bullet")
        level = (
            ListLevelStyleNumber(level=1, numformat="1", numsuffix=".")
            if ordered
            else ListLevelStyleBullet(level=1, bulletchar="•")
        )
        level.addElement(ListLevelProperties(spacebefore="0.3cm", minlabelwidth="0.5cm"))
        style.addElement(level)
        odf.styles.addElement(style)
        lists[ordered] = style
    page_break = Style(name="SectionStart", family="paragraph", parentstylename=headings[2])
    page_break.addElement(ParagraphProperties(breakbefore="page"))
    odf.automaticstyles.addElement(page_break)
    quote = paragraph_style("Quotations", "Quotations", italic=True, marginleft="1cm")
    note = paragraph_style("Note", "Note", italic=True, marginleft="0.5cm")
    caption = paragraph_style(
        "Caption", "Caption", bold=True, margintop="0.2cm", keepwithnext="always"
    )
    strong = Style(name="Strong_20_Emphasis", displayname="Strong Emphasis", family="text")
    strong.addElement(TextProperties(fontweight="bold"))
    odf.styles.addElement(strong)
    frame_style = Style(name="Chart", family="graphic")
    frame_style.addElement(GraphicProperties(anchortype="as-char", wrap="none"))
    odf.automaticstyles.addElement(frame_style)

    def add_table(block, number: int, numbers: bool = False) -> None:
        if not numbers:  # a chart's table: the chart's caption names it
            odf.text.addElement(text.P(stylename=caption, text=block.caption))
        grid = table.Table(name=f"Table{number}")
        column = Style(name=f"Table{number}.A", family="table-column")
        column.addElement(TableColumnProperties(columnwidth="4cm"))
        odf.automaticstyles.addElement(column)
        grid.addElement(
            table.TableColumn(stylename=column, numbercolumnsrepeated=len(block.headers))
        )
        header = table.TableHeaderRows()
        row = table.TableRow()
        for value in block.headers:
            cell = table.TableCell(valuetype="string")
            cell.addElement(text.P(stylename=body, text=value))
            row.addElement(cell)
        header.addElement(row)
        grid.addElement(header)
        for values in block.rows:
            row = table.TableRow()
            for value in values:
                cell = table.TableCell(valuetype="string")
                cell.addElement(text.P(stylename=body, text=value))
                row.addElement(cell)
            grid.addElement(row)
        odf.text.addElement(grid)

    tables = 0
    first_section = True
    for index, block in enumerate(document.blocks):
        leads_to_chart = any(b.kind == "chart" for b in document.blocks[index + 1 : index + 2])
        if block.kind == "heading":
            style = headings[block.level]
            if block.level == 2 and first_section:
                style, first_section = page_break, False
            odf.text.addElement(text.H(outlinelevel=block.level, stylename=style, text=block.text))
        elif block.kind in ("paragraph", "note", "quote"):
            style = {"paragraph": lead if leads_to_chart else body, "note": note, "quote": quote}
            paragraph = text.P(stylename=style[block.kind])
            for n, line in enumerate(block.text.split("\n")):
                if n:
                    paragraph.addElement(text.LineBreak())  # a line break the writer made
                paragraph.addText(line)
            odf.text.addElement(paragraph)
        elif block.kind == "facts":
            for label, value in block.rows:
                paragraph = text.P(stylename=body)
                paragraph.addElement(text.Span(stylename=strong, text=f"{label}: "))
                paragraph.addText(value)
                odf.text.addElement(paragraph)
        elif block.kind == "items":
            items = text.List(stylename=lists[block.ordered])
            for item in block.items:
                entry = text.ListItem()
                entry.addElement(text.P(stylename=body, text=item))
                items.addElement(entry)
            odf.text.addElement(items)
        elif block.kind == "table":
            tables += 1
            add_table(block, tables)
        elif block.kind == "chart":
            tables += 1
            href = odf.addPicture(f"Pictures/chart{tables}.png", "image/png", _png(block.svg))
            height_cm = 16 * block.height / block.width
            frame = draw.Frame(
                stylename=frame_style,
                width="16cm",
                height=f"{height_cm:.2f}cm",
                anchortype="as-char",
                name=f"Chart{tables}",
            )
            frame.addElement(draw.Image(href=href))
            frame.addElement(svg.Title(text=block.caption))
            frame.addElement(svg.Desc(text=block.alt))
            holder = text.P(stylename=lead)
            holder.addElement(frame)
            odf.text.addElement(holder)
            odf.text.addElement(text.P(stylename=caption, text=block.caption))
            add_table(block.table, tables, numbers=True)
    out = io.BytesIO()
    odf.write(out)
    return out.getvalue()


# --- Markdown -------------------------------------------------------------------------------

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def escape_markdown(value: str) -> str:
    """Text that Markdown shows as typed: no emphasis, links, HTML or table breaks."""
    value = _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(value.split()))
    # A line that starts like a list item or a numbered item stays text.
    value = re.sub(r"^([-+])(\s)", r"\\\1\2", value)
    return re.sub(r"^(\d+)\.(\s)", r"\1\\.\2", value)


def markdown(document: Document) -> bytes:
    lines = []

    def table(block) -> None:
        lines.append(f"**{escape_markdown(block.caption)}**")
        lines.append("")
        lines.append("| " + " | ".join(escape_markdown(h) for h in block.headers) + " |")
        lines.append("|" + "---|" * len(block.headers))
        for row in block.rows:
            lines.append("| " + " | ".join(escape_markdown(c) for c in row) + " |")
        lines.append("")

    for block in document.blocks:
        if block.kind == "heading":
            lines += ["#" * block.level + " " + escape_markdown(block.text), ""]
        elif block.kind == "paragraph":
            # A line break the writer made: a backslash at the end of the line (CommonMark).
            lines += ["\\\n".join(escape_markdown(line) for line in block.text.split("\n")), ""]
        elif block.kind == "note":
            lines += [f"> **{escape_markdown(block.text)}**", ""]
        elif block.kind == "quote":
            lines += [f"> {escape_markdown(block.text)}", ""]
        elif block.kind == "facts":
            lines += [f"- **{escape_markdown(k)}:** {escape_markdown(v)}" for k, v in block.rows]
            lines.append("")
        elif block.kind == "items":
            lines += [
                f"{f'{n}.' if block.ordered else '-'} {escape_markdown(item)}"
                for n, item in enumerate(block.items, start=1)
            ]
            lines.append("")
        elif block.kind == "table":
            table(block)
        elif block.kind == "chart":
            # Markdown gets a chart's numbers as its table, under the chart's caption: no
            # pictures (docs/reports.md, "Markdown").
            table(block.table)
    return ("\n".join(lines).rstrip() + "\n").encode()


RENDERERS = {"pdf": pdf, "docx": docx, "odt": odt, "md": markdown}
