"""``guidance-ethics simulate-participants``: a practice scenario's participants, over HTTP."""

from django.core.management.base import BaseCommand, CommandError

from guidance_ethics.training.practice import scenarios
from guidance_ethics.training.simulator import Api, Simulation


class Command(BaseCommand):
    help = (
        "Join a session with the scenario's simulated participants and contribute, through "
        "the public API only, what the scenario gives for each phase the moderator opens."
    )

    def add_arguments(self, parser):
        parser.add_argument("--workshop", type=int, required=True)
        parser.add_argument("--code", required=True, help="the session's join code")
        parser.add_argument("--scenario", required=True)
        parser.add_argument("--base-url", required=True, help="for example http://127.0.0.1:8000")
        parser.add_argument("--pace", type=float, default=4.0, help="seconds between contributions")
        parser.add_argument(
            "--poll", type=float, default=1.0, help="seconds between looks at the phase"
        )

    def handle(self, *args, workshop, code, scenario, base_url, pace, poll, **options):
        found = scenarios().get(scenario)
        if found is None:
            raise CommandError(f"Unknown scenario: {scenario}")
        Simulation(Api(base_url, workshop), code, found, pace=pace).run(poll=poll)
