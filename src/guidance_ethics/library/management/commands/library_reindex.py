"""guidance-ethics library-reindex: rewrite every entry of the library's index."""

from django.core.management.base import BaseCommand

from guidance_ethics.cases.models import Case
from guidance_ethics.lib.progress import progress_bar
from guidance_ethics.library import index


class Command(BaseCommand):
    help = "Rewrite the case library's index (entries and full-text search) for every case."

    def handle(self, *args, **options):
        cases = Case.objects.select_related("organisation", "technology").order_by("pk")
        with progress_bar(cases.count(), "library") as bar:
            done = index.rebuild(cases.iterator(chunk_size=200), progress=bar.update)
        self.stdout.write(f"{done} cases indexed")
