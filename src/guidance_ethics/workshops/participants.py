"""The participant counts the board and the console show, sent combined.

A join appends nothing to the event log: every phone would receive it, and a hall of 2,000
joining would send about two million events that no phone shows. After a join commits, the
session's counts per stakeholder group go to the staff and the board as a ``participants``
notice, at most once per ``live.broker.NOTICE_INTERVAL`` per session, the latest counts
only (docs/live.md, "Participant counts"). Phones get none.

The notice's data: ``{"groups": {"<stakeholder group>": <participants>, ...}, "total": n}``,
the same counts as the ``groups`` of the session's state.
"""

from guidance_ethics.live.broker import get_broker
from guidance_ethics.live.events import notice_frame
from guidance_ethics.live.messages import Notice
from guidance_ethics.workshops import outcome

KIND = "participants"


def counts(workshop) -> dict:
    groups = outcome.groups(workshop)
    return {"groups": groups, "total": sum(groups.values())}


def frame(workshop) -> bytes:
    return notice_frame(KIND, counts(workshop))


def publish(workshop, version: int) -> None:
    """After a commit that changed who takes part; ``version`` orders the notices of one
    session (the newest participant's id: joins to a session are serialised by its row
    lock, so a higher id saw every earlier join)."""
    get_broker().publish(Notice(workshop.pk, version, frame(workshop)))
