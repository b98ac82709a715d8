from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "guidance_ethics.followup"
    verbose_name = _("follow-up")
