"""Each engine's own full-text index: FTS5 on SQLite, a GIN index on the tsvector on
PostgreSQL (docs/library.md)."""

from django.db import migrations

SQLITE_FTS = (
    "CREATE VIRTUAL TABLE library_fts USING fts5("
    "title, body, tokenize = 'unicode61 remove_diacritics 2')"
)


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_FTS)
    elif vendor == "postgresql":
        schema_editor.execute("CREATE INDEX entry_search ON library_entry USING gin (search)")


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TABLE library_fts")
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX entry_search")


class Migration(migrations.Migration):
    dependencies = [("library", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
