"""guidance-ethics restore: a backup into an empty (migrated) database, all or nothing."""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from guidance_ethics.accounts.models import Organisation, User


class Command(BaseCommand):
    help = (
        "Restore a backup made by 'guidance-ethics backup' into an empty database "
        "(run 'guidance-ethics migrate' first); --replace empties the database first."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the backup, a .json.gz file")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="delete everything in the database before restoring",
        )

    def handle(self, *args, file, replace, **options):
        if not Path(file).is_file() or not file.endswith(".json.gz"):
            raise CommandError(f"{file} is not a backup file (.json.gz)")
        if (User.objects.exists() or Organisation.objects.exists()) and not replace:
            raise CommandError(
                "the database is not empty; restore into a new database, or use --replace"
            )
        with transaction.atomic():
            if replace:
                call_command("flush", interactive=False, verbosity=0)
            try:
                call_command("loaddata", file, verbosity=0)
            except Exception as error:  # the whole restore is rolled back
                raise CommandError(f"cannot restore {file}: {error}") from error
        # The case library's search index is derived data: rebuilt from what was restored.
        call_command("library_reindex", verbosity=0, stdout=self.stdout)
        self.stdout.write(f"restored {file}")
