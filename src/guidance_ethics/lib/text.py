"""What free text from outside (a participant's phone, an API client, a form) may contain.

Text is stored as typed, with three exceptions that protect every place it is shown:

- control characters (C0 and C1, except line break and tab) are removed: they mean nothing
  in an effect, and Word and OpenDocument files (XML) cannot hold them at all;
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

_REMOVED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
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
    """For a document format that is XML (Word, OpenDocument): text stored before the
    cleaning above, or from a source that did not clean, without what XML forbids."""
    return _REMOVED.sub("", _SURROGATE.sub("\ufffd", text))
