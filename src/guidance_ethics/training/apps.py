from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "guidance_ethics.training"
    verbose_name = _("moderator training")
