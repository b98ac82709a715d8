"""What the cases app tells the apps above it (docs/decisions.md, "The order of the apps").

``case_changed`` is sent inside the transaction of every action that changes what a case's
outcome reads like (the intake, a closed session, a final report), so that derived data such
as the library's index is rewritten in the same transaction. ``case_deleting`` is sent inside
``delete_case``'s transaction, before the case goes, so that what other apps keep beside it
(the library's index) goes with it. ``deletion_counts`` asks what deleting a case takes with
it, for the page that asks first: each receiver returns a dict of counts.
"""

from django.dispatch import Signal

from guidance_ethics.lib.hooks import collect

# sender: the Case class; keyword argument: case (for all three).
case_changed = Signal()
case_deleting = Signal()
deletion_counts = Signal()


def changed(case) -> None:
    case_changed.send(sender=type(case), case=case)


def deleting(case) -> None:
    case_deleting.send(sender=type(case), case=case)


def what_goes(case) -> dict:
    return collect(deletion_counts, sender=type(case), case=case)
