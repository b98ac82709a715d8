"""What the broker carries: a logged event's frames (``Message``), several of them joined
for one delivery (``Bundle``), and a message outside the log for the staff and the board
(``Notice``). Each encodes itself for Redis."""

import base64
import json
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Message:
    workshop_id: int
    seq: int
    public: bytes | None
    staff: bytes | None

    def to_bytes(self) -> bytes:
        def b64(frame):
            return None if frame is None else base64.b64encode(frame).decode()

        return json.dumps(
            {"w": self.workshop_id, "s": self.seq, "p": b64(self.public), "t": b64(self.staff)}
        ).encode()

    @classmethod
    def from_bytes(cls, raw: bytes) -> "Message":
        data = json.loads(raw)

        def unb64(text):
            return None if text is None else base64.b64decode(text)

        return cls(data["w"], data["s"], unb64(data["p"]), unb64(data["t"]))


@dataclass(frozen=True, slots=True)
class Notice:
    """A message outside the event log, for the staff and the board only: a session's
    participant counts (``workshops/participants.py``). It has no sequence number: a newer
    one (a higher ``version``) replaces an older one that has not gone out yet, and a
    listener that misses one is sent the current counts when it connects again."""

    workshop_id: int
    version: int
    frame: bytes

    def to_bytes(self) -> bytes:
        frame = base64.b64encode(self.frame).decode()
        return json.dumps({"w": self.workshop_id, "v": self.version, "n": frame}).encode()


def decode(raw: bytes) -> "Message | Notice":
    """A message or a notice, as ``to_bytes`` encoded it (through Redis)."""
    if b'"n":' in raw:
        data = json.loads(raw)
        return Notice(data["w"], data["v"], base64.b64decode(data["n"]))
    return Message.from_bytes(raw)


@dataclass(frozen=True, slots=True)
class Bundle:
    """The messages of one workshop that go out in one fan-out delivery, in order of
    sequence number, with their frames joined once for all listeners. When the sequence
    numbers follow each other without a gap (``contiguous``), a listener whose last event
    was ``first - 1`` can write ``public`` or ``staff`` as it is."""

    messages: tuple[Message, ...]
    public: bytes
    staff: bytes

    @classmethod
    def of(cls, messages) -> "Bundle":
        """``messages``: in order of sequence number."""
        return cls(
            messages=tuple(messages),
            public=b"".join(m.public for m in messages if m.public is not None),
            staff=b"".join(m.staff for m in messages if m.staff is not None),
        )

    @property
    def first(self) -> int:
        return self.messages[0].seq

    @property
    def last(self) -> int:
        return self.messages[-1].seq

    @property
    def contiguous(self) -> bool:
        return self.last - self.first + 1 == len(self.messages)
