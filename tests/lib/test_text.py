"""lib/text.py: what free text may hold once it is stored (issue 22)."""

import pytest
from django.core.exceptions import ValidationError
from lxml import etree

from guidance_ethics.lib.text import clean, xml_safe

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


def test_clean_refuses_lone_surrogates():
    with pytest.raises(ValidationError) as error:
        clean("half \ud800", "text")
    assert "text" in error.value.message_dict
