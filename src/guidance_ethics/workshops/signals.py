"""Signals the workshops app sends, so that apps above it (reports) act on a
session without the workshops app importing them (docs/decisions.md, the order of the apps).
A receiver that raises stops the action: nothing of it is kept."""

from django.dispatch import Signal

# Sent by ``close_workshop``, inside its transaction, after the session is closed, its audit
# entry written and its status event appended.
# sender: the Workshop class; keyword arguments: actor, workshop.
session_closed = Signal()
