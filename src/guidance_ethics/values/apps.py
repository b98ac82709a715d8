from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ValuesConfig(AppConfig):
    name = "guidance_ethics.values"
    verbose_name = _("Value catalogue")
