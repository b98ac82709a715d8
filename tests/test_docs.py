"""The README documents every setting and every command; kept honest by these tests."""

import re
from pathlib import Path

from guidance_ethics.cli import COMMANDS

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
SOURCES = [
    ROOT / "src/guidance_ethics/settings.py",
    ROOT / "src/guidance_ethics/cli.py",
    *(ROOT / "src/guidance_ethics").glob("*/management/commands/*.py"),
]


def environment_variables():
    names = set()
    for source in SOURCES:
        text = source.read_text()
        names |= set(re.findall(r'env_(?:str|bool|int|list)\(\s*"([A-Z_]+)"', text))
        names |= set(re.findall(r'os\.environ\.get\(\s*"([A-Z_]+)"', text))
    return names - {"DJANGO_SETTINGS_MODULE"}


def test_the_readme_documents_every_setting():
    names = environment_variables()
    assert len(names) > 20
    missing = sorted(name for name in names if f"`{name}`" not in README)
    assert missing == []


def test_the_readme_documents_every_command():
    missing = [name for name in COMMANDS if f"`guidance-ethics {name}" not in README]
    assert missing == []


def test_the_readme_has_the_two_commands_and_ci_calls_the_test_one():
    assert "scripts/run" in README and "scripts/test" in README
    ci = (ROOT / ".ci/run").read_text()
    assert "scripts/test" in ci


def test_the_readme_lists_the_demo_logins():
    from guidance_ethics.core.demo_content import DEMO_PASSWORD, PEOPLE

    assert DEMO_PASSWORD in README
    for email, *_rest in PEOPLE:
        assert f"`{email}`" in README


def test_the_repository_is_ready_for_public_sector_open_source():
    assert (ROOT / "LICENSE").read_text().startswith("EUROPEAN UNION PUBLIC LICENCE v. 1.2")
    publiccode = (ROOT / "publiccode.yml").read_text()
    assert "license: EUPL-1.2" in publiccode and 'publiccodeYmlVersion: "0.4"' in publiccode
    assert "Aanpak Begeleidingsethiek" in README.split("\n\n")[1]


def test_every_test_named_in_the_security_document_exists():
    """docs/security.md names the test behind every claim; a renamed or removed test must
    not leave a claim without evidence."""
    text = (ROOT / "docs" / "security.md").read_text()
    references = set(re.findall(r"(tests/[\w/]+\.py)(?:::(\w+))?", text))
    assert len(references) > 30
    missing = []
    for path, name in sorted(references):
        source = ROOT / path
        if not source.exists() or (name and f"def {name}(" not in source.read_text()):
            missing.append(f"{path}::{name}" if name else path)
    assert missing == []
