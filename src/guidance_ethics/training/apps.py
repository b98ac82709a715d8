from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "guidance_ethics.training"
    verbose_name = _("moderator training")

    def ready(self):
        # Models and modules that import them load only once the app registry is ready.
        from guidance_ethics.accounts import access  # noqa: PLC0415
        from guidance_ethics.training import practice  # noqa: PLC0415
        from guidance_ethics.training.models import PracticeSession  # noqa: PLC0415

        # A practice session's simulator stops when the session closes or is deleted (also
        # with its case or technology, hence signals rather than a call in each action).
        post_save.connect(
            practice.on_workshop_saved,
            sender="workshops.Workshop",
            dispatch_uid="training.practice_session_saved",
        )
        post_delete.connect(
            practice.on_practice_deleted,
            sender=PracticeSession,
            dispatch_uid="training.practice_session_deleted",
        )
        # Which practice work is whose, for accounts/access.py (below training).
        access.register_practice_sessions(practice.sessions_of)
