from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "guidance_ethics.reports"
    verbose_name = _("Reports")

    def ready(self):
        # These modules import models, which load only once the app registry is ready.
        from guidance_ethics.reports import retention  # noqa: PLC0415
        from guidance_ethics.workshops.retention import participants_purged  # noqa: PLC0415

        participants_purged.connect(retention.forget_participants, dispatch_uid="reports-purge")
