"""Finding text that may identify a person, with a suggested replacement.

Looked for: e-mail addresses, phone numbers (the ``phonenumbers`` library, Dutch numbering
by default), Dutch licence plates (the sidecodes: three groups of letters or digits, six
characters in all), street addresses and postcodes, and names: the names the platform
knows for the case (members of the organisation, the moderators, names participants gave
or signed with) and any capitalised name after a title ("mevrouw Jansen", "agent De Vries").
A finding is a suggestion; the coordinator redacts it, or judges that it identifies nobody.
"""

import re
from dataclasses import dataclass

import phonenumbers
from django.utils.translation import gettext as _

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_GROUP = r"(?:[A-Z]{1,3}|\d{1,3})"
PLATE = re.compile(rf"(?<![\w-])({_GROUP})-({_GROUP})-({_GROUP})(?![\w-])", re.IGNORECASE)
STREET = re.compile(
    r"\b(?:[A-Z][\w'-]*\s+)*[A-Z]?[\w'-]*"
    r"(?:straat|weg|laan|plein|gracht|kade|singel|dijk|steeg|dreef|hof|pad|markt|baan|burgwal)"
    r"\s+\d{1,5}(?:\s?[a-zA-Z](?!\w))?(?:-\d{1,4})?\b"
)
POSTCODE = re.compile(r"\b[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}\b")
_NAME_WORD = r"[A-Z][\w'’-]+"
_PARTICLES = r"(?:(?:van|de|der|den|ter|ten|het|te|van der|van den|van de|De|Van)\s+)"
TITLED = re.compile(
    r"\b(?i:dhr|mevr|mw|mr|mrs|ms|dr|drs|ir|prof|meneer|mevrouw|de heer|juffrouw|agent|"
    r"brigadier|inspecteur|wethouder|burgemeester|officier|rechercheur|mister|miss)\.?\s+"
    rf"((?:{_NAME_WORD}\s+)?{_PARTICLES}*{_NAME_WORD})"
)


@dataclass(frozen=True)
class Finding:
    path: str
    kind: str
    start: int
    end: int
    text: str

    @property
    def label(self) -> str:
        return str(KINDS[self.kind][0])

    @property
    def replacement(self) -> str:
        return str(KINDS[self.kind][1])


def _kinds():
    return {
        "email": (_("e-mail address"), _("[e-mail address]")),
        "phone": (_("phone number"), _("[phone number]")),
        "plate": (_("licence plate"), _("[licence plate]")),
        "address": (_("address"), _("[address]")),
        "name": (_("name"), _("[name]")),
    }


class _Kinds:
    def __getitem__(self, kind):
        return _kinds()[kind]


KINDS = _Kinds()


def _plates(text: str):
    for match in PLATE.finditer(text):
        groups = match.groups()
        if sum(map(len, groups)) != 6:
            continue
        letters = [g.isalpha() for g in groups]
        if all(letters) or not any(letters):
            continue
        if any(g.isalpha() and not g.isupper() for g in groups) and not all(
            g.islower() or g.isdigit() for g in groups
        ):
            continue
        yield match.start(), match.end()


def _phones(text: str):
    for match in phonenumbers.PhoneNumberMatcher(text, "NL"):
        yield match.start, match.end


def _names(text: str, names: list[re.Pattern]):
    for pattern in names:
        for match in pattern.finditer(text):
            yield match.start(), match.end()
    for match in TITLED.finditer(text):
        yield match.start(1), match.end(1)


def name_patterns(names) -> list[re.Pattern]:
    """Whole-word patterns for known names: the full name, and each part of three or more
    letters that is not a lower-case particle."""
    words = set()
    for name in names:
        name = " ".join((name or "").split())
        if len(name) < 3:
            continue
        words.add(name)
        words.update(part for part in name.split() if len(part) >= 3 and part[:1].isupper())
    return [
        re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)
        for word in sorted(words, key=len, reverse=True)
    ]


def find(path: str, text: str, names: list[re.Pattern] = ()) -> list[Finding]:
    """The findings in one text, longest first where they overlap, in reading order."""
    spans = []
    for kind, found in (
        ("email", ((m.start(), m.end()) for m in EMAIL.finditer(text))),
        ("phone", _phones(text)),
        ("plate", _plates(text)),
        ("address", ((m.start(), m.end()) for m in STREET.finditer(text))),
        ("address", ((m.start(), m.end()) for m in POSTCODE.finditer(text))),
        ("name", _names(text, names)),
    ):
        spans.extend((start, end, kind) for start, end in found if end > start)
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    findings, reach = [], -1
    for start, end, kind in spans:
        if start < reach:
            continue
        findings.append(Finding(path, kind, start, end, text[start:end]))
        reach = end
    return findings


def suggest(text: str, findings: list[Finding]) -> str:
    """``text`` with every finding replaced by its placeholder."""
    for finding in sorted(findings, key=lambda f: f.start, reverse=True):
        text = text[: finding.start] + finding.replacement + text[finding.end :]
    return text
