from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "guidance_ethics.cases"
    verbose_name = _("Technologies and cases")
