"""Reads of reports."""

from guidance_ethics.accounts.queries import has_role
from guidance_ethics.accounts.roles import Role
from guidance_ethics.lib.actors import is_system
from guidance_ethics.reports import snapshot
from guidance_ethics.reports.models import Report
from guidance_ethics.workshops.models import Workshop


def can_edit(user, workshop: Workshop) -> bool:
    """Whether ``user`` may write the session's report: its moderators, the organisation's
    coordinators and admins, and the system."""
    return (
        is_system(user)
        or workshop.is_staff(user)
        or has_role(user, workshop.organisation, Role.COORDINATOR)
    )


def latest(workshop: Workshop) -> Report | None:
    """The session's newest report version, draft or final."""
    return Report.objects.filter(workshop=workshop).order_by("-version").first()


def for_reading(report: Report) -> Report:
    """The report with the data it shows: a draft follows the session, a final version is
    frozen.

    Participants may still evaluate after the moderator closes the session, so a draft reads
    the session afresh each time; marking it final stores the snapshot for good.
    """
    if not report.is_final:
        report.data = snapshot.take(report.workshop)
    return report
