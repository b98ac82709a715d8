"""guidance-ethics backup and restore: a round trip gives back every row (issue 10). Runs on
SQLite, and on PostgreSQL in the test command's second run."""

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from guidance_ethics.core.management.commands.backup import EXCLUDED
from guidance_ethics.reports import exchange
from guidance_ethics.workshops.queries import participant_by_token
from tests.conftest import PASSWORD
from tests.reports.conftest import held, report  # noqa: F401 (fixtures)

# Transactional, as restore flushes the database. pytest-django runs these after the other
# tests, where an earlier transactional test's flush has taken the catalogue the migrations
# loaded: it is loaded again first.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _catalogue(transactional_db):
    import importlib

    migration = importlib.import_module("guidance_ethics.values.migrations.0002_catalogue")
    migration.load_catalogue(apps, None)


def kept_models():
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in EXCLUDED or model._meta.app_label in EXCLUDED:
            continue
        yield model


def everything() -> dict:
    return {
        model._meta.label: sorted(
            tuple(sorted((k, str(v)) for k, v in row.items())) for row in model.objects.values()
        )
        for model in kept_models()
        if model._meta.managed
    }


def test_a_backup_restores_every_row(tmp_path, held, join, alice):  # noqa: F811
    from guidance_ethics.cases.models import Case

    _participant, token = join()
    workshop_id = _participant.workshop_id
    before = everything()
    from guidance_ethics.library.models import Entry

    entries = sorted(Entry.objects.values_list("case_id", "public", "organisation_id"))
    assert entries
    document = exchange.export_cases(Case.objects.all())
    path = tmp_path / "backup.json.gz"
    call_command("backup", output=str(path))
    assert path.stat().st_size > 1000

    call_command("flush", interactive=False, verbosity=0)
    from guidance_ethics.accounts.models import User

    assert not User.objects.exists()
    call_command("restore", str(path))

    assert everything() == before
    # The library's index is rebuilt from what was restored.
    assert sorted(Entry.objects.values_list("case_id", "public", "organisation_id")) == entries
    assert exchange.export_cases(Case.objects.all()) == document
    restored = User.objects.get(email=alice.email)
    assert restored.check_password(PASSWORD)
    assert participant_by_token(workshop_id, token) is not None


def test_restore_refuses_a_database_that_is_not_empty(tmp_path, alice):
    path = tmp_path / "backup.json.gz"
    call_command("backup", output=str(path))
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(path))
    call_command("restore", str(path), replace=True)  # --replace empties it first
    from guidance_ethics.accounts.models import User

    assert User.objects.filter(email=alice.email).exists()


def test_a_broken_backup_changes_nothing(tmp_path, alice):
    import gzip

    path = tmp_path / "broken.json.gz"
    path.write_bytes(gzip.compress(b'[{"model": "accounts.user", "pk": 1, "fields": {'))
    from guidance_ethics.accounts.models import User

    count = User.objects.count()
    with pytest.raises(CommandError):
        call_command("restore", str(path), replace=True)
    assert User.objects.count() == count
