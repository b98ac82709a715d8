from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "guidance_ethics.api"
    verbose_name = _("API")

    def ready(self):
        # The module imports models, which load only once the app registry is ready.
        from guidance_ethics.workshops.retention import participants_purged  # noqa: PLC0415

        participants_purged.connect(_forget_answers, dispatch_uid="api-purge")


def _forget_answers(sender, workshop, **kwargs):
    """The stored answers to participants' requests go with the participants."""
    # Models load only once the app registry is ready.
    from guidance_ethics.api.models import IdempotentRequest  # noqa: PLC0415

    IdempotentRequest.objects.filter(workshop=workshop).delete()
