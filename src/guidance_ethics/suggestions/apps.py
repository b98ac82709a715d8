from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuggestionsConfig(AppConfig):
    name = "guidance_ethics.suggestions"
    verbose_name = _("value suggestions")
