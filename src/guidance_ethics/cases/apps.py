from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from guidance_ethics.accounts.signals import organisation_page


class CasesConfig(AppConfig):
    name = "guidance_ethics.cases"
    verbose_name = _("Technologies and cases")

    def ready(self):
        organisation_page.connect(_organisation_page, dispatch_uid="cases-organisation-page")


def _organisation_page(sender, organisation, **kwargs):
    # The queries import models, which load only once the app registry is ready.
    from guidance_ethics.cases import queries  # noqa: PLC0415

    return {
        "technologies": queries.technologies_of(organisation),
        "cases": queries.cases_of(organisation)[:20],
    }
