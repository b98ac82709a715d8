"""What free text from outside (a participant's phone, an API client, a form, an import,
the command line) may contain. Every text that is stored passes ``clean``: the actions call
it, and every form does too (``lib/forms.py``, ``TextForm``).

Text is stored as typed, with these exceptions that protect every place it is shown:

- what XML 1.0 cannot hold is removed, as Word and OpenDocument files (and the charts' SVG)
  are XML: the control characters (C0 and C1, except line break and tab) and the Unicode
  noncharacters (U+FDD0–U+FDEF and the last two code points of every plane, U+FFFE,
  U+FFFF, U+1FFFE … U+10FFFF), which mean nothing in an effect either;
- the bidirectional embedding, override and isolate marks (U+202A–U+202E, U+2066–U+2069)
  are removed: an unclosed "right-to-left override" would reverse what follows it on the
  board (the right-to-left *mark*, U+200F, stays, as Arabic or Hebrew text may need it);
- text with nothing visible in it (only spaces, zero-width characters such as U+200B or
  U+FEFF, no-break or ideographic spaces) is empty: a required field refuses it;
- a single-line field (a name, a title) refuses line breaks (LF, CR, U+0085, U+2028,
  U+2029): they would break a mail's header, a file name or a table cell;
- lone surrogates (a JSON body may carry ``"\\ud800"``) are not text: refused, as they cannot
  be stored in UTF-8.

Markup is not touched: it is escaped where it is shown (templates, documents, CSV cells;
docs/security.md, "Hostile text").
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
_REMOVED = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069" + _NONCHARACTERS + "]"
)
_SURROGATE = re.compile("[\ud800-\udfff]")
LINE_BREAKS = "\n\r\x85\u2028\u2029"
_LINE_BREAK = re.compile("\r\n|[\r\x85\u2028\u2029]")
# Letters that show as nothing: the Hangul fillers and the blank Braille pattern.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# Format characters (zero-width space and joiners, word joiner, byte order mark, marks),
# separators (spaces, line and paragraph separators), what is left of the controls, and
# combining marks, which show nothing without a letter to sit on (variation selectors too).
_INVISIBLE_CATEGORIES = frozenset({"Cf", "Zs", "Zl", "Zp", "Cc", "Mn"})


def has_surrogates(text: str) -> bool:
    return _SURROGATE.search(text) is not None


def is_blank(text: str) -> bool:
    """True when ``text`` shows nothing: every character is a space, invisible, or a mark
    without a letter."""
    return all(
        char.isspace()
        or char in _BLANK_LETTERS
        or unicodedata.category(char) in _INVISIBLE_CATEGORIES
        for char in text
    )


def _refuse(field: str, message: str, code: str):
    raise ValidationError({field: ValidationError(message, code=code)})


def clean(
    text: str,
    field: str = "text",
    *,
    single_line: bool = False,
    required: bool = False,
    label: str | None = None,
) -> str:
    """``text`` without what is removed (above), every line break as ``\\n``, trimmed, and ""
    when nothing visible is left. A ValidationError on ``field`` for text with lone
    surrogates, for a line break when ``single_line``, and for empty text when
    ``required``; ``label`` names the field in the message (default: ``field``)."""
    if has_surrogates(text):
        _refuse(field, _("The text contains characters that are not valid text."), "invalid")
    if single_line and any(char in LINE_BREAKS for char in text):
        _refuse(
            field,
            _("“%(field)s” must be a single line: leave out the line breaks.")
            % {"field": label or field},
            "line_break",
        )
    text = _REMOVED.sub("", _LINE_BREAK.sub("\n", text)).strip()
    if is_blank(text):
        text = ""
    if required and not text:
        _refuse(field, _("This field is required."), "required")
    return text


def xml_safe(text: str) -> str:
    """For a document format that is XML (Word, OpenDocument, SVG): text stored before the
    cleaning above, or from a source that did not clean, without what XML forbids."""
    return _REMOVED.sub("", _SURROGATE.sub("\ufffd", text))


def clean_fields(model, values: dict) -> dict:
    """``values`` for ``model``'s fields with every string cleaned: a ``TextField`` may hold
    line breaks, any other field (a ``CharField``: a name, a title, an address) is a single
    line. The errors of all fields at once, as a form gives them."""
    cleaned, errors = {}, {}
    for name, value in values.items():
        if not isinstance(value, str):
            cleaned[name] = value
            continue
        field = model._meta.get_field(name)
        try:
            cleaned[name] = clean(
                value,
                name,
                single_line=not isinstance(field, models.TextField),
                label=str(field.verbose_name),
            )
        except ValidationError as error:
            errors.update(error.error_dict)
    if errors:
        raise ValidationError(errors)
    return cleaned


def one_line(text: str) -> str:
    """For a mail's subject (a header): ``text`` with every run of line breaks and spaces as
    one space, as a name stored before single-line fields refused line breaks may hold one."""
    return " ".join(text.split())
