"""How the report looks in each format (issue 24, point 16 b to g): the moderators'
paragraphs and lists, chart labels that fit, one caption per chart, headings kept with
their charts, A4 in Word, and Markdown without pictures."""

import io
import re
import subprocess

import pytest
from django.utils import translation

from guidance_ethics.reports import blocks, charts, document, formats
from guidance_ethics.reports.blocks import Items, Paragraph
from tests.reports.conftest import docx_text, fold, odt_text, pdf_text, plain

NEXT_STEPS = (
    "Wij doen drie dingen.\nDe eerste regel loopt door.\n\n"
    "- Borden bij de ingangen\n* Een pagina op de website\n  die elk kwartaal wordt bijgewerkt\n\n"
    "1. Bewaartermijn naar 7 dagen\n2) Een klankbordgroep\n\n"
    "Daarna kijken wij terug."
)
# Wide letters, as "Vakmanschap van de medewerker" was cut off at the left in the PDF.
LONG_NAME = "Vakmanschap van de medewerker in de nachtdienst van de Meldkamer Oost-Nederland"


def build(report, language="nl"):
    with translation.override(language):
        return document.build(report, document.EXTERNAL, language)


def render(report, fmt, language="nl"):
    with translation.override(language):
        return formats.render(build(report, language), fmt)


# --- (b) paragraphs, line breaks and lists -----------------------------------------------


def test_free_text_keeps_paragraphs_line_breaks_and_lists():
    assert blocks.structured(NEXT_STEPS) == [
        Paragraph("Wij doen drie dingen.\nDe eerste regel loopt door."),
        Items(
            [
                "Borden bij de ingangen",
                "Een pagina op de website die elk kwartaal wordt bijgewerkt",
            ]
        ),
        Items(["Bewaartermijn naar 7 dagen", "Een klankbordgroep"], ordered=True),
        Paragraph("Daarna kijken wij terug."),
    ]
    assert blocks.structured("-geen lijst\n1.5 miljoen\n\n\n") == [
        Paragraph("-geen lijst\n1.5 miljoen")
    ]


def test_the_next_steps_keep_their_form_in_html(report):
    report.next_steps = NEXT_STEPS
    html = formats.html(build(report))
    steps = html.split("Vervolgstappen", 1)[1]
    assert "Wij doen drie dingen.<br>De eerste regel loopt door." in steps
    assert re.search(r"<ul[^>]*>\s*<li[^>]*>Borden bij de ingangen</li>", steps)
    assert re.search(r"<ol[^>]*>\s*<li[^>]*>Bewaartermijn naar 7 dagen</li>", steps)


def test_the_next_steps_keep_their_form_in_the_pdf(report):
    report.next_steps = NEXT_STEPS
    text = pdf_text(render(report, "pdf"))
    lines = [line.strip() for line in text.split("Vervolgstappen", 1)[1].splitlines()]
    assert "Wij doen drie dingen." in lines and "De eerste regel loopt door." in lines
    assert "• Borden bij de ingangen" in lines
    assert "1. Bewaartermijn naar 7 dagen" in lines and "2. Een klankbordgroep" in lines


def test_the_next_steps_keep_their_form_in_word(report):
    from docx import Document

    report.summary = "1. Eerst\n2. Dan"
    report.next_steps = NEXT_STEPS
    word = Document(io.BytesIO(render(report, "docx")))
    texts = [(p.style.name, p.text) for p in word.paragraphs]
    steps = texts[texts.index(("Heading 1", "Vervolgstappen")) :]
    assert ("Normal", "Wij doen drie dingen.\nDe eerste regel loopt door.") in steps
    assert ("List Bullet", "Borden bij de ingangen") in steps
    assert ("List Number", "Bewaartermijn naar 7 dagen") in steps
    # Each numbered list starts at 1 of its own: the two lists use different numberings.
    numbered = [p for p in word.paragraphs if p.style.name == "List Number"]
    numberings = {p._p.pPr.numPr.numId.val for p in numbered}
    assert len(numbered) == 4 and len(numberings) == 2


def test_the_next_steps_keep_their_form_in_opendocument(report):
    from odf import text
    from odf.opendocument import load

    report.next_steps = NEXT_STEPS
    odf = load(io.BytesIO(render(report, "odt")))
    breaks = odf.getElementsByType(text.LineBreak)
    assert len(breaks) == 1
    styles = {str(item.getAttribute("stylename")) for item in odf.getElementsByType(text.List)}
    assert {"Numbering_20_123", "List_20_Bullet"} <= styles
    assert "Een pagina op de website die elk kwartaal wordt bijgewerkt" in odt_text(
        render(report, "odt")
    )


def test_the_next_steps_keep_their_form_in_markdown(report):
    report.next_steps = NEXT_STEPS
    markdown = render(report, "md").decode()
    steps = markdown.split("## Vervolgstappen", 1)[1]
    assert "Wij doen drie dingen.\\\nDe eerste regel loopt door." in steps
    assert "\n- Borden bij de ingangen\n- Een pagina op de website" in steps
    assert "\n1. Bewaartermijn naar 7 dagen\n2. Een klankbordgroep\n" in steps


# --- (c) chart labels fit -----------------------------------------------------------------


def label_edges(svg: str) -> list[float]:
    """Where each right-aligned label would start, measured from above."""
    return [
        float(x) - charts.text_width(text)
        for x, text in re.findall(
            r'<text x="([\d.]+)" y="[\d.]+" text-anchor="end"[^>]*>([^<]*)<', svg
        )
    ]


@pytest.mark.parametrize("name", [LONG_NAME, "W" * 60, "Mensen die op het terrein slapen"])
def test_every_chart_label_fits_left_of_its_bars(name):
    rows = [(name, 3, 2), ("Omwonenden", 1, 1)]
    for chart in (
        charts.effects_per_actor(rows),
        charts.values_overview(rows),
        charts.option_grid([(name, [1, 2, 3])], ["Technologie", "Omgeving", "Mens"]),
    ):
        edges = label_edges(chart.svg)
        assert edges and min(edges) >= 0, chart.caption
        words = " ".join(re.findall(r'text-anchor="end"[^>]*>([^<]*)<', chart.svg))
        if name != "W" * 60:  # a label that fits in three lines is shown whole
            assert fold(words).startswith(name), words


def test_chart_labels_in_the_pdf_stay_inside_the_page_margins(report):
    report.data["actors"][0]["name"] = LONG_NAME
    report.data["values"][0]["name"] = "Vakmanschap van de medewerker"
    content = render(report, "pdf")
    boxes = subprocess.run(
        ["pdftotext", "-bbox", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    left = [float(x) for x in re.findall(r'<word xMin="([\d.]+)"', boxes)]
    margin = 20 / 25.4 * 72  # report.css: 20 mm
    assert min(left) >= margin - 0.5
    words = re.findall(r">([^<]+)</word>", boxes)
    assert "Vakmanschap" in words and "Oost-Nederland" in words


# --- (d) one caption per chart ------------------------------------------------------------


def odt_shown_text(content: bytes) -> str:
    """The text an OpenDocument shows: not a picture's title (its accessible name)."""
    from odf import draw, text
    from odf.opendocument import load

    odf = load(io.BytesIO(content))
    return "\n".join(
        str(element)
        for kind in (text.H, text.P)
        for element in odf.getElementsByType(kind)
        if not element.getElementsByType(draw.Frame)
    )


READ_BACK = {
    "pdf": pdf_text,
    "docx": docx_text,
    "odt": odt_shown_text,
    "md": lambda content: plain(content.decode()),
}


@pytest.mark.parametrize("fmt", ["pdf", "docx", "odt", "md"])
def test_each_chart_has_its_caption_once(report, fmt):
    captions = [b.caption for b in build(report).blocks if b.kind == "chart"]
    text = fold(READ_BACK[fmt](render(report, fmt)))
    assert len(captions) == 3
    assert {caption: text.count(caption) for caption in captions} == dict.fromkeys(captions, 1)
    assert "De cijfers" not in text


def test_each_chart_has_its_caption_once_on_the_page(report):
    html = formats.html(build(report))
    figures = re.findall(r"<figure.*?</figure>", html, re.S)
    assert len(figures) == 3
    for figure in figures:
        assert figure.count("<figcaption") == 1 and "<caption" not in figure


# --- (e) a heading stays with its chart ---------------------------------------------------


def test_in_the_pdf_each_chart_is_on_the_page_of_its_section_heading(report):
    content = render(report, "pdf")
    pages = subprocess.run(
        ["pdfinfo", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    count = int(re.search(r"Pages:\s+(\d+)", pages).group(1))
    texts = [
        subprocess.run(
            ["pdftotext", "-layout", "-f", str(n), "-l", str(n), "-", "-"],
            input=content,
            capture_output=True,
            check=True,
        ).stdout.decode()
        for n in range(1, count + 1)
    ]
    built = build(report)
    for index, block in enumerate(built.blocks):
        if block.kind != "chart":
            continue
        heading = next(
            b.text for b in reversed(built.blocks[:index]) if b.kind == "heading" and b.level == 2
        )
        page = next(t for t in texts if block.caption in fold(t))
        lines = [line.strip() for line in page.splitlines()]
        assert heading in lines, (heading, block.caption)


def test_word_keeps_headings_and_chart_introductions_with_what_follows(report):
    from docx import Document

    word = Document(io.BytesIO(render(report, "docx")))
    headings = [p for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert headings and all(p.paragraph_format.keep_with_next for p in headings)
    body = word.element.body
    pictures = [p for p in word.paragraphs if p._p.xpath(".//pic:pic")]
    assert len(pictures) == 3
    for picture in pictures:
        assert picture.paragraph_format.keep_with_next
        before = picture._p.getprevious()
        assert before is not None and before in body
        assert before.pPr is not None and before.pPr.keepNext is not None


def test_opendocument_keeps_headings_with_what_follows(report):
    from odf import style
    from odf.opendocument import load

    odf = load(io.BytesIO(render(report, "odt")))
    keep = {
        str(s.getAttribute("name"))
        for s in odf.getElementsByType(style.Style)
        for p in s.getElementsByType(style.ParagraphProperties)
        if p.getAttribute("keepwithnext") == "always"
    }
    assert {"Heading_20_2", "Heading_20_3", "Caption", "Lead"} <= keep


# --- (f) Word is A4 -----------------------------------------------------------------------


def test_word_is_a4_with_margins(report):
    from docx import Document

    word = Document(io.BytesIO(render(report, "docx")))
    for section in word.sections:
        assert round(section.page_width.cm, 1) == 21.0
        assert round(section.page_height.cm, 1) == 29.7
        assert round(section.left_margin.cm, 1) == 2.0 == round(section.right_margin.cm, 1)


# --- (g) Markdown: the charts' tables, no pictures ----------------------------------------


def test_markdown_holds_each_charts_table_and_no_picture(report):
    markdown = render(report, "md").decode()
    assert "data:image" not in markdown and "base64" not in markdown and "![" not in markdown
    assert len(markdown.encode()) < 20_000
    for chart in (b for b in build(report).blocks if b.kind == "chart"):
        header = "| " + " | ".join(chart.table.headers) + " |"
        assert f"**{chart.caption}**\n\n{header}\n" in markdown
