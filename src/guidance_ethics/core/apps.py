from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "guidance_ethics.core"
    verbose_name = _("Platform")
