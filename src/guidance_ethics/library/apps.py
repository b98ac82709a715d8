from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from guidance_ethics.cases.signals import case_changed, case_deleting


class LibraryConfig(AppConfig):
    name = "guidance_ethics.library"
    verbose_name = _("Case library")

    def ready(self):
        case_changed.connect(_refresh_entry, dispatch_uid="library-refresh-entry")
        case_deleting.connect(_forget_entries, dispatch_uid="library-forget-entries")


def _refresh_entry(sender, case, **kwargs):
    # The index imports models, which load only once the app registry is ready.
    from guidance_ethics.library import index  # noqa: PLC0415

    index.refresh(case)


def _forget_entries(sender, case, **kwargs):
    from guidance_ethics.library import index  # noqa: PLC0415 - as above

    for public in (True, False):
        index.forget(case, public=public)
