"""Sent inside the transaction of every action that changes what a case's outcome reads
like (the intake, a closed session, a final report), so that derived data such as the
library's index is rewritten in the same transaction."""

from django.dispatch import Signal

# sender: the Case class; keyword argument: case.
case_changed = Signal()


def changed(case) -> None:
    case_changed.send(sender=type(case), case=case)
