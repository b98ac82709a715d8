"""Reads of reports."""

from guidance_ethics.reports import snapshot
from guidance_ethics.reports.models import Report


def for_reading(report: Report) -> Report:
    """The report with the data it shows: a draft follows the session, a final version is
    frozen.

    Participants may still evaluate after the moderator closes the session, so a draft reads
    the session afresh each time; marking it final stores the snapshot for good.
    """
    if not report.is_final:
        report.data = snapshot.take(report.workshop)
    return report
