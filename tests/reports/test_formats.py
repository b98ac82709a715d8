"""Every format carries the whole session: acceptance point 1 of the reports issue."""

import pytest
from django.utils import translation

from guidance_ethics.reports import document, formats
from guidance_ethics.workshops.models import ActionOption, Effect, WorkshopValue
from tests.reports.conftest import docx_text, fold, odt_text, pdf_text, plain

READ_BACK = {
    "pdf": pdf_text,
    "docx": docx_text,
    "odt": odt_text,
    "md": lambda content: plain(content.decode()),
}


def contents(held):
    effects = list(Effect.objects.filter(workshop=held).values_list("text", flat=True))
    values = list(WorkshopValue.objects.filter(workshop=held).values_list("name", flat=True))
    options = list(ActionOption.objects.filter(workshop=held).values_list("text", flat=True))
    return effects, values, options


@pytest.mark.parametrize("fmt", ["pdf", "docx", "odt", "md"])
def test_every_format_holds_every_effect_value_and_option(report, held, fmt):
    effects, values, options = contents(held)
    assert len(effects) >= 30 and len(values) == 8 and len(options) == 12
    with translation.override("nl"):
        built = document.build(report, document.EXTERNAL, "nl")
        text = fold(READ_BACK[fmt](formats.render(built, fmt)))
    missing = [item for item in effects + values + options if fold(item) not in text]
    assert missing == []
    assert "Verslag: " + report.data["case"]["title"] in text


def test_the_report_follows_the_method_in_order(report):
    with translation.override("en"):
        built = document.build(report, document.EXTERNAL, "en")
    sections = [b.text for b in built.blocks if b.kind == "heading" and b.level == 2]
    assert sections == [
        "The case",
        "Who took part",
        "Actors",
        "Effects",
        "Values",
        "The values chosen",
        "Options for action",
        "Evaluation",
        "Summary",
        "Next steps",
        "Appendix: everything raised",
    ]


def test_each_chart_has_a_text_alternative_and_a_table(report):
    built = document.build(report, document.EXTERNAL, "nl")
    charts = [b for b in built.blocks if b.kind == "chart"]
    assert len(charts) == 3
    for chart in charts:
        assert chart.svg.startswith("<svg") and 'role="img"' in chart.svg
        assert chart.alt and chart.table.rows
        for row in chart.table.rows:
            assert row[0][:20] in chart.alt or row[0][:20] in chart.svg


def test_participants_appear_as_counts_per_group(report):
    with translation.override("en"):
        built = document.build(report, document.EXTERNAL, "en")
    table = next(b for b in built.blocks if b.kind == "table")
    assert table.headers == ["Stakeholder group", "Participants"]
    assert dict(table.rows) == {
        "Citizen": "3",
        "Professional": "4",
        "Policy or management": "2",
        "Technician": "2",
        "Other": "1",
    }


def test_quotes_only_from_participants_who_consented(report):
    built = document.build(report, document.EXTERNAL, "nl")
    quotes = [b.text for b in built.blocks if b.kind == "quote"]
    assert "Ik ga dit in mijn team bespreken." in quotes
    every_text = repr(built.blocks)
    assert "Te weinig tijd voor de opties." not in every_text  # no consent to quote
    internal = repr(document.build(report, document.INTERNAL, "nl").blocks)
    assert "Te weinig tijd voor de opties." in internal


def test_hidden_items_only_in_the_internal_appendix(report, held, alice):
    from guidance_ethics.reports import snapshot

    effect = Effect.objects.filter(workshop=held).first()
    Effect.objects.filter(pk=effect.pk).update(hidden=True)
    report.data = snapshot.take(held)
    external = repr(document.build(report, document.EXTERNAL, "nl").blocks)
    internal = document.build(report, document.INTERNAL, "nl")
    assert effect.text not in external
    last_section = max(
        i for i, b in enumerate(internal.blocks) if b.kind == "heading" and b.level == 2
    )
    appendix = internal.blocks[last_section:]
    assert any(effect.text in line for b in appendix if b.kind == "items" for line in b.items)


def test_the_pdf_has_a_title_a_language_and_tags(report):
    import io

    from pypdf import PdfReader

    with translation.override("nl"):
        content = formats.render(document.build(report, document.EXTERNAL, "nl"), "pdf")
    reader = PdfReader(io.BytesIO(content))
    assert reader.metadata.title == "Verslag: " + report.data["case"]["title"]
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nl"
    assert "/StructTreeRoot" in root  # tagged, for screen readers
    assert len(reader.pages) > 5
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any(name.endswith("+Noto-Sans") for name in fonts), fonts  # embedded subsets


def test_the_word_and_opendocument_files_have_real_headings_and_tables(report):
    import io

    from docx import Document
    from odf import table, text
    from odf.opendocument import load

    built = document.build(report, document.EXTERNAL, "nl")
    word = Document(io.BytesIO(formats.render(built, "docx")))
    styles = {p.style.name for p in word.paragraphs}
    assert {"Title", "Heading 1", "Heading 2", "List Bullet"} <= styles
    assert len(word.tables) >= 6
    assert word.core_properties.title == built.title
    assert len(word.inline_shapes) == 3  # the charts
    odf = load(io.BytesIO(formats.render(built, "odt")))
    levels = {h.getAttribute("outlinelevel") for h in odf.getElementsByType(text.H)}
    assert {"1", "2", "3"} <= levels
    assert len(odf.getElementsByType(table.Table)) >= 6


def test_markdown_shows_typed_markup_as_text():
    from guidance_ethics.reports.formats import escape_markdown

    assert escape_markdown("*vet* en [link](http://x) | <b>") == (
        r"\*vet\* en \[link\](http://x) \| \<b\>"
    )
    assert escape_markdown("- geen lijst") == r"\- geen lijst"
    assert escape_markdown("1. geen lijst") == r"1\. geen lijst"
