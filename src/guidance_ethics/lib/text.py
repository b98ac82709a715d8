"""What free text from outside (a participant's phone, an API client, a form) may contain.

Text is stored as typed, with these exceptions that protect every place it is shown:

- what XML 1.0 cannot hold is removed, as Word and OpenDocument files (and the charts' SVG)
  are XML: the control characters (C0 and C1, except line break and tab) and the Unicode
  noncharacters (U+FDD0–U+FDEF and the last two code points of every plane, U+FFFE,
  U+FFFF, U+1FFFE … U+10FFFF), which mean nothing in an effect either;
- the bidirectional embedding, override and isolate marks (U+202A–U+202E, U+2066–U+2069)
  are removed: an unclosed "right-to-left override" would reverse what follows it on the
  board (the right-to-left *mark*, U+200F, stays, as Arabic or Hebrew text may need it);
- lone surrogates (a JSON body may carry ``"\\ud800"``) are not text: refused, as they cannot
  be stored in UTF-8.

Markup is not touched: it is escaped where it is shown (templates, documents, CSV cells;
docs/security.md, "Hostile text").
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
_REMOVED = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069" + _NONCHARACTERS + "]"
)
_SURROGATE = re.compile("[\ud800-\udfff]")


def has_surrogates(text: str) -> bool:
    return _SURROGATE.search(text) is not None


def clean(text: str, field: str = "text") -> str:
    """``text`` without what is removed (above), line breaks as ``\\n``, trimmed; a
    ValidationError on ``field`` for text with lone surrogates."""
    if has_surrogates(text):
        raise ValidationError(
            {field: _("The text contains characters that are not valid text.")}, code="invalid"
        )
    return _REMOVED.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip()


def xml_safe(text: str) -> str:
    """For a document format that is XML (Word, OpenDocument, SVG): text stored before the
    cleaning above, or from a source that did not clean, without what XML forbids."""
    return _REMOVED.sub("", _SURROGATE.sub("\ufffd", text))
