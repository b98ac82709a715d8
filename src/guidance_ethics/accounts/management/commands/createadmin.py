import getpass
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from guidance_ethics.accounts import actions
from guidance_ethics.lib.actors import SYSTEM


class Command(BaseCommand):
    help = "Create a platform administrator (password from ADMIN_PASSWORD or a prompt)."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True)
        parser.add_argument("--name", default="")

    def handle(self, *args, email, name, **options):
        password = os.environ.get("ADMIN_PASSWORD")
        if password is None:
            if not os.isatty(0):
                raise CommandError("Set ADMIN_PASSWORD or run this in a terminal.")
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The passwords differ.")
        try:
            user = actions.create_user(
                SYSTEM, email=email, password=password, full_name=name, platform_admin=True
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(f"Platform administrator {user.email} created."))
