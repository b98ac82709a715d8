"""What the reports app does when something happens in an app below it (connected in
``apps.py``)."""

from guidance_ethics.reports.actions import draft_report


def draft_on_close(sender, *, actor, workshop, **kwargs) -> None:
    """A closed session gets its report's first draft in the same transaction, so that a
    session is never closed without its report."""
    draft_report(actor, workshop)
