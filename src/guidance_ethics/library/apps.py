from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "guidance_ethics.library"
    verbose_name = _("Case library")

    def ready(self):
        from guidance_ethics.cases.signals import case_changed

        case_changed.connect(_refresh_entry, dispatch_uid="library-refresh-entry")


def _refresh_entry(sender, case, **kwargs):
    from guidance_ethics.library import index

    index.refresh(case)
