"""Simulated participants for a practice session, through the platform's public API.

They join with the session's code as phones do, read the session's state as their phones
do, and contribute what the scenario gives for each phase the trainee opens, at a set pace:
questions, actors, effects (some duplicates, some off-topic, some that need moderation),
dots for the values on the board, options for the chosen values, and the evaluation. They
never touch the database: everything goes over HTTP, so a practice session exercises the
live machinery like a real one.
"""

import json
import logging
import time
import urllib.error
import urllib.request

log = logging.getLogger(__name__)


class Api:
    def __init__(self, base_url: str, workshop: int):
        self.base = base_url.rstrip("/")
        self.workshop = workshop

    def call(self, path: str, body=None, token: str = "") -> tuple[int, dict]:
        url = f"{self.base}/api/v1/{path}"
        data = None if body is None else json.dumps(body).encode()
        method = "POST" if data else "GET"
        request = urllib.request.Request(url, data=data, method=method)  # noqa: S310 - our API
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - our own API
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def state(self, token: str) -> dict:
        _status, body = self.call(f"workshops/{self.workshop}", token=token)
        return body or {}

    def post(self, what: str, body: dict, token: str, tries: int = 20) -> bool:
        """Contribute; a paused input is waited out, anything else refused is logged."""
        for _attempt in range(tries):
            status, answer = self.call(f"workshops/{self.workshop}/{what}", body, token)
            if status == 201:
                return True
            if (answer or {}).get("code") == "locked":
                time.sleep(1)
                continue
            log.info("simulated participant refused (%s): %s", status, answer)
            return False
        return False


class Simulation:
    def __init__(self, api: Api, code: str, scenario: dict, pace: float = 2.0):
        self.api, self.code, self.scenario, self.pace = api, code, scenario, pace
        self.people: list[tuple[str, str]] = []  # (group, token)
        self.turn = 0

    def join(self) -> None:
        for group in self.scenario["participants"]:
            status, body = self.api.call(
                "join", {"code": self.code, "stakeholder_group": group, "consent_publication": True}
            )
            if status == 201:
                self.people.append((group, body["token"]))
        if not self.people:
            raise RuntimeError("no simulated participant could join")

    def _next(self) -> str:
        token = self.people[self.turn % len(self.people)][1]
        self.turn += 1
        return token

    def _pause(self) -> None:
        time.sleep(self.pace)

    def run(self, poll: float = 1.0, limit_seconds: float = 4 * 3600) -> None:
        """Take part until the session is closed or deleted, or for ``limit_seconds``
        (``practice.SIMULATION_HOURS``)."""
        self.join()
        done: set[str] = set()
        deadline = time.monotonic() + limit_seconds
        while time.monotonic() < deadline:
            code, state = self.api.call(f"workshops/{self.api.workshop}", token=self.people[0][1])
            if code == 404:  # the session was deleted
                return
            state = state if code == 200 and isinstance(state, dict) else {}
            status = state.get("status") or {}
            phase = status.get("phase")
            if phase and phase not in done:
                done.add(phase)
                getattr(self, f"phase_{phase}", lambda _state: None)(state)
            if status.get("closed"):  # in whatever phase: nobody contributes any more
                return
            time.sleep(poll)

    # --- what the participants do in each phase ---------------------------------------------

    def _items(self, phase: str, name: str) -> list:
        return self.scenario.get("phases", {}).get(phase, {}).get(name, [])

    def phase_case(self, state) -> None:
        for text in self._items("case", "questions"):
            self.api.post("questions", {"text": text}, self._next())
            self._pause()

    def phase_actors(self, state) -> None:
        for name in self._items("actors", "actors"):
            self.api.post("actors", {"name": name}, self._next())
            self._pause()

    def phase_effects(self, state) -> None:
        # The actors are on the board by now: read them once, not for every effect.
        actors = {a["name"]: a["id"] for a in self.api.state(self.people[0][1]).get("actors", [])}
        for effect in self._items("effects", "effects"):
            body = {"text": effect["text"], "polarity": effect["polarity"]}
            if effect.get("actor") in actors:
                body["actor"] = actors[effect["actor"]]
            self.api.post("effects", body, self._next())
            self._pause()

    def phase_transition(self, state) -> None:
        """Each participant spreads their dots over the values most discussed, starting at a
        different one, so that the vote is not unanimous."""
        time.sleep(self.pace)
        state = self.api.state(self.people[0][1])
        values = [v for v in state.get("values", []) if not v.get("merged_into")]
        if not values:
            return
        linked = {v["id"]: 0 for v in values}
        for effect in state.get("effects", []):
            for value in effect.get("values", []):
                if value in linked:
                    linked[value] += 1
        ranked = sorted(linked, key=lambda pk: (-linked[pk], pk))
        dots = int((state.get("settings") or {}).get("votes_per_participant") or 3)
        for n, (_group, token) in enumerate(self.people):
            allocation: dict[str, int] = {}
            for d in range(dots):
                value = ranked[(n + d) % min(len(ranked), 4)]
                allocation[str(value)] = allocation.get(str(value), 0) + 1
            self.api.post("votes", {"votes": allocation}, token)
            self._pause()

    def phase_options(self, state) -> None:
        chosen = []
        for _attempt in range(30):
            chosen = [
                v["id"]
                for v in self.api.state(self.people[0][1]).get("values", [])
                if v.get("chosen")
            ]
            if chosen:
                break
            time.sleep(1)
        if not chosen:
            return
        for n, option in enumerate(self._items("options", "options")):
            body = {
                "value": chosen[n % len(chosen)],
                "direction": option["direction"],
                "text": option["text"],
            }
            self.api.post("options", body, self._next())
            self._pause()

    def phase_closing(self, state) -> None:
        answers = self._items("closing", "evaluations")
        for n, (_group, token) in enumerate(self.people):
            changed = answers[n % len(answers)] if answers else "somewhat"
            self.api.post("evaluations", {"changed_view": changed}, token)
            self._pause()
