"""guidance-ethics backup: everything of the platform in one compressed file.

Django's JSON serialisation (what dumpdata writes and loaddata reads), with foreign keys to
content types by natural key, so that the file loads into any freshly migrated database,
SQLite or PostgreSQL; times keep their microseconds (Django's own encoder cuts them to
milliseconds). Rows are streamed, not held in memory.
"""

import datetime
import gzip
import itertools

from django.apps import apps
from django.core import serializers
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder

# Not in a backup: rebuilt by migrate (content types, permissions), transient (logins),
# derived (the case library's index, rebuilt by restore), or security logs with IP
# addresses, which are kept for a limited time only (docs/privacy.md).
EXCLUDED = {
    "contenttypes",
    "auth.permission",
    "sessions",
    "admin.logentry",
    "axes",
    "accounts.loginsession",
    "api.idempotentrequest",
    "library.entry",
    "library.entryvalue",
    "library.entryoption",
}


class _ExactEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def backed_up_models() -> list:
    chosen = [
        model
        for model in apps.get_models()
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.label_lower not in EXCLUDED
        and model._meta.app_label not in EXCLUDED
    ]
    return serializers.sort_dependencies([(None, chosen)], allow_cycles=True)


class Command(BaseCommand):
    help = "Write a backup of the platform's data to a .json.gz file (restore reads it back)."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, help="the file, ending in .json.gz")

    def handle(self, *args, output, **options):
        if not output.endswith(".json.gz"):
            raise CommandError("the backup file's name must end in .json.gz")
        rows = itertools.chain.from_iterable(
            model._base_manager.order_by(model._meta.pk.name).iterator(chunk_size=2000)
            for model in backed_up_models()
        )
        with gzip.open(output, "wt", encoding="utf-8") as out:
            serializers.serialize(
                "json", rows, stream=out, cls=_ExactEncoder, use_natural_foreign_keys=True
            )
        self.stdout.write(f"backup written to {output}")
