from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "guidance_ethics.reports"
    verbose_name = _("Reports")

    def ready(self):
        # The receivers import models, which load only once the app registry is ready.
        from guidance_ethics.reports import receivers, retention  # noqa: PLC0415
        from guidance_ethics.workshops.retention import participants_purged  # noqa: PLC0415
        from guidance_ethics.workshops.signals import session_closed  # noqa: PLC0415

        session_closed.connect(receivers.draft_on_close, dispatch_uid="reports.draft_on_close")
        participants_purged.connect(retention.forget_participants, dispatch_uid="reports-purge")
