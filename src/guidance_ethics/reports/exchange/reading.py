"""Reading an exchange file: JSON or a zip archive of one JSON file, within limits, with
every text cleaned as a participant's."""

import io
import json
import zipfile

from django.utils.translation import gettext as _

from guidance_ethics.lib import text

# Deeper than any exchange document (about eight levels): a file nested deeper is not one,
# and would make the schema check recurse without end.
MAX_DEPTH = 32


class Unreadable(ValueError):
    """A file that is no exchange document at all: not JSON, too large, too deep, or an
    archive that does not hold exactly one JSON file of acceptable size."""


def read(raw: bytes, limit: int) -> dict:
    """The JSON object in ``raw``: a ``.json`` file, or a ``.zip`` archive holding exactly
    one. Nothing is unpacked beyond ``limit`` bytes, whatever the archive claims (a zip
    bomb is refused after reading ``limit`` bytes of it)."""
    if raw[:4] == b"PK\x03\x04":
        raw = _unpacked(raw, limit)
    if len(raw) > limit:
        raise Unreadable(_("The file is larger than %(mb)d MB.") % {"mb": limit // 2**20})
    try:
        document = json.loads(raw.decode("utf-8-sig"), parse_constant=_no_constant)
    except UnicodeDecodeError:
        raise Unreadable(_("This is not a JSON file: it is not UTF-8 text.")) from None
    except RecursionError:
        raise Unreadable(_("The file is nested too deeply to be an exchange file.")) from None
    except ValueError as error:  # JSONDecodeError, and numbers of more than 4,300 digits
        raise Unreadable(_("This is not a JSON file: %s") % error) from None
    if not isinstance(document, dict):
        raise Unreadable(_("The file must hold one JSON object, as an export does."))
    if _depth(document) > MAX_DEPTH:
        raise Unreadable(_("The file is nested too deeply to be an exchange file."))
    return _cleaned(document)


def _cleaned(data):
    """Every text of the document as the platform cleans what a participant types
    (``lib.text.clean``: no control characters or direction overrides); text with lone
    surrogates (a JSON escape such as ``\\ud800``) is refused."""
    if isinstance(data, str):
        if text.has_surrogates(data):
            raise Unreadable(_("The file contains text with characters that are not valid."))
        return text.clean(data)
    if isinstance(data, list):
        return [_cleaned(item) for item in data]
    if isinstance(data, dict):
        return {_cleaned(key): _cleaned(value) for key, value in data.items()}
    return data


def _no_constant(name: str):
    """NaN and Infinity are not JSON, though Python's reader takes them."""
    raise ValueError(_("%s is not a JSON value") % name)


def _unpacked(raw: bytes, limit: int) -> bytes:
    too_large = _("The archive unpacks to more than %(mb)d MB.") % {"mb": limit // 2**20}
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            if len(members) != 1 or not members[0].filename.lower().endswith(".json"):
                raise Unreadable(_("An archive must hold exactly one .json file."))
            if members[0].file_size > limit:
                raise Unreadable(too_large)
            with archive.open(members[0]) as member:
                content = member.read(limit + 1)  # the header's size may lie
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError):
        raise Unreadable(_("This is not a readable zip archive.")) from None
    except RuntimeError:  # an encrypted member
        raise Unreadable(_("The archive is protected with a password.")) from None
    if len(content) > limit:
        raise Unreadable(too_large)
    return content


def _depth(document) -> int:
    """How deep ``document`` nests, without recursion."""
    deepest, stack = 0, [(document, 1)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH:
            break
        children = item.values() if isinstance(item, dict) else item
        if isinstance(item, dict | list):
            stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return deepest
