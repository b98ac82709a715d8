"""Every user-facing string is translated to Dutch, and the committed catalogue is compiled.

Uses GNU gettext (installed by scripts/system-packages), as Django's makemessages does.
"""

import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import guidance_ethics

PACKAGE = Path(guidance_ethics.__file__).parent
PO = PACKAGE / "locale" / "nl" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")

needs_gettext = pytest.mark.skipif(
    shutil.which("msgfmt") is None, reason="GNU gettext is not installed"
)


def po_entries(text: str) -> dict[str, str]:
    """msgid → msgstr (the first plural form), for entries that are not fuzzy."""
    entries = {}
    for block in text.split("\n\n"):
        if "#, fuzzy" in block:
            continue
        msgid = _field(block, "msgid")
        if msgid:
            entries[msgid] = _field(block, "msgstr") or _field(block, r"msgstr\[0\]")
    return entries


def _field(block: str, name: str) -> str:
    match = re.search(rf'^{name} ((?:".*"\n?)+)', block + "\n", re.MULTILINE)
    if not match:
        return ""
    parts = re.findall(r'"(.*)"', match.group(1))
    return "".join(parts).encode().decode("unicode_escape").encode("latin-1").decode()


@needs_gettext
def test_every_string_in_the_code_has_a_dutch_translation(tmp_path):
    copy = tmp_path / "guidance_ethics"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("static", "__pycache__"))
    (copy / "locale" / "nl" / "LC_MESSAGES" / "django.po").unlink()
    environ = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "nl", "--no-location"],
        cwd=copy,
        env={**environ, "PYTHONPATH": str(Path.cwd())},
        check=True,
        capture_output=True,
    )
    extracted = po_entries((copy / "locale/nl/LC_MESSAGES/django.po").read_text())
    committed = po_entries(PO.read_text())
    missing = sorted(set(extracted) - {k for k, v in committed.items() if v})
    assert missing == [], "translate these in locale/nl/LC_MESSAGES/django.po"


def test_the_dutch_catalogue_has_no_fuzzy_or_empty_entries():
    text = PO.read_text()
    _header, _, body = text.partition('msgstr ""\n"Project-Id')
    assert "#, fuzzy" not in body
    assert all(value for value in po_entries(text).values())


def test_the_dutch_uses_the_formal_u():
    informal = re.compile(r"\b(je|jij|jouw|jullie)\b", re.IGNORECASE)
    offenders = [v for v in po_entries(PO.read_text()).values() if informal.search(v)]
    assert offenders == []


@needs_gettext
def test_the_committed_mo_file_matches_the_po_file(tmp_path):
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(fresh), str(PO)], check=True)
    with MO.open("rb") as committed, fresh.open("rb") as compiled:
        assert gettext.GNUTranslations(committed)._catalog == (
            gettext.GNUTranslations(compiled)._catalog
        ), "run: msgfmt -o src/guidance_ethics/locale/nl/LC_MESSAGES/django.mo <the .po>"
