"""Who performs an action. Actions take the acting person explicitly.

The command line has no logged-in person; it acts as ``SYSTEM``, which may do anything and
is written to the audit log as "no person, via the command line".
"""


class SystemActor:
    is_authenticated = False
    is_active = True
    is_staff = True
    is_superuser = True
    pk = None

    def __str__(self):
        return "system"


SYSTEM = SystemActor()


def is_system(actor) -> bool:
    return actor is SYSTEM
