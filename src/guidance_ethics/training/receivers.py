"""What the training app does when something happens in an app below it (connected in
``apps.py``)."""

from guidance_ethics.training.practice import require_own_practice


def refuse_others_practice(sender, *, actor, workshop, **kwargs) -> None:
    """A practice session is deleted by its trainee alone (or a platform administrator)."""
    require_own_practice(actor, workshop.case)
