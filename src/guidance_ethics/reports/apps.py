from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "guidance_ethics.reports"
    verbose_name = _("Reports")

    def ready(self):
        # Imported here: the receivers import models, which are not loaded when this module is.
        from guidance_ethics.reports import receivers
        from guidance_ethics.workshops.signals import session_closed

        session_closed.connect(receivers.draft_on_close, dispatch_uid="reports.draft_on_close")
