from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from guidance_ethics.cases.signals import deletion_counts


class WorkshopsConfig(AppConfig):
    name = "guidance_ethics.workshops"
    verbose_name = _("Sessions")

    def ready(self):
        deletion_counts.connect(_what_goes_with_case, dispatch_uid="workshops-deletion-counts")


def _what_goes_with_case(sender, case, **kwargs):
    # The queries import models, which load only once the app registry is ready.
    from guidance_ethics.workshops import queries  # noqa: PLC0415

    return queries.deletion_counts(case.workshops.all())
