"""lib/text.py: what free text may hold once it is stored (issue 22, findings 4, 6, 13)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from lxml import etree

from guidance_ethics.lib.text import LINE_BREAKS, clean, is_blank, xml_safe

NONCHARACTERS = [
    "\ufffe",
    "\uffff",
    "\ufdd0",
    "\ufde5",
    "\ufdef",
    "\U0001fffe",
    "\U0001ffff",
    "\U0008fffe",
    "\U0010fffe",
    "\U0010ffff",
]


@pytest.mark.parametrize("char", [*NONCHARACTERS, "\x00", "\x0b", "\x1b", "\x7f", "\x9f"])
def test_clean_removes_what_xml_cannot_hold_and_the_noncharacters(char):
    assert clean(f"voor{char}na") == "voorna"
    assert xml_safe(f"voor{char}na") == "voorna"


def test_every_code_point_xml_safe_keeps_can_be_written_to_xml():
    """Every code point, in chunks, through lxml (which writes Word files): nothing that
    ``xml_safe`` lets through is refused."""
    points = [chr(p) for p in range(0x110000) if not 0xD800 <= p <= 0xDFFF]
    for start in range(0, len(points), 0x10000):
        chunk = xml_safe("".join(points[start : start + 0x10000]))
        element = etree.Element("p")
        element.text = chunk  # raises ValueError on text XML cannot hold
        assert etree.fromstring(etree.tostring(element)).text == chunk


def test_clean_keeps_ordinary_text_and_its_line_breaks():
    assert clean("  Drones\r\nboven de wijk\u200f  ") == "Drones\nboven de wijk\u200f"


def test_clean_refuses_lone_surrogates():
    with pytest.raises(ValidationError) as error:
        clean("half \ud800", "text")
    assert "text" in error.value.message_dict


@pytest.mark.parametrize(
    "blank",
    [
        "\u200b",
        "\u200b\u200c\u200d",
        "\u2060\ufeff",
        "\u00a0\u3000",
        " \u200b\n\u2028\u2029 ",
        "\u3164\u115f\u2800",
        "\u202e\u200b",
        "\ufe0f\u034f\u200b",
    ],
)
def test_text_with_nothing_visible_is_empty_and_refused_where_required(blank):
    assert is_blank(blank)
    assert clean(blank) == ""
    with pytest.raises(ValidationError) as error:
        clean(blank, "text", required=True)
    assert error.value.error_dict["text"][0].code == "required"


def test_text_with_something_visible_is_not_blank():
    assert not is_blank("\u200ba")
    assert clean("\u200b.\u200b") == "\u200b.\u200b"
    assert clean("\u0627", required=True) == "\u0627"
    assert clean("e\u0301", required=True) == "e\u0301"
    assert clean("\U0001f44d\ufe0f", required=True) == "\U0001f44d\ufe0f"


@pytest.mark.parametrize("char", [*LINE_BREAKS, "\r\n"])
def test_a_single_line_refuses_every_kind_of_line_break(char):
    with pytest.raises(ValidationError) as error, translation.override("en"):
        clean(f"Jan{char}Bcc: iedereen@evil.test", "name", single_line=True, label="Name")
    assert error.value.message_dict["name"] == [
        "“Name” must be a single line: leave out the line breaks."
    ]
    assert clean(f"Jan{char}Jansen", "name") == "Jan\nJansen"  # elsewhere: one kind of break
