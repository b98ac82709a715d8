from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "guidance_ethics.training"
    verbose_name = _("moderator training")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from guidance_ethics.training import practice, receivers
        from guidance_ethics.training.models import PracticeSession
        from guidance_ethics.workshops.signals import deleting_session

        # A practice session's simulator stops when the session closes or is deleted (also
        # with its case or technology, hence signals rather than a call in each action).
        post_save.connect(practice.on_workshop_saved, sender="workshops.Workshop")
        post_delete.connect(practice.on_practice_deleted, sender=PracticeSession)
        deleting_session.connect(
            receivers.refuse_others_practice, dispatch_uid="training.refuse_others_practice"
        )
