"""The ``guidance-ethics`` command: everything an operator does.

Most commands are Django management commands run with the platform's settings; ``serve``
runs the ASGI application under uvicorn.
"""

import argparse
import os
import sys

import uvicorn
from django.conf import settings
from django.core.management import execute_from_command_line

COMMANDS = {
    "serve": "serve the platform over ASGI with uvicorn",
    "migrate": "create or update the database tables",
    "demo": "load the demo organisations, people, technologies and cases (idempotent)",
    "createadmin": "create a platform administrator account",
    "report": "write a session's report to a file (PDF, DOCX, ODT or Markdown)",
    "export": "export cases with their closed sessions to the exchange format (JSON)",
    "import": "import cases from an exchange file, all or nothing",
    "library-reindex": "rewrite the case library's index (entries and full-text search)",
    "action-reminders": "e-mail reminders for open actions that are due soon (run daily)",
    "community-digest": "e-mail the moderators' community digest (run daily)",
    "simulate-participants": "run a practice scenario's simulated participants over the API",
    "eval-values": "score the value suggester on its labelled development set",
    "erase-account": "erase a staff account's personal data (a platform administrator's task)",
    "purge": "remove participants' data after the retention period, and old logs (run daily)",
    "backup": "write a backup of all the platform's data to a .json.gz file",
    "restore": "restore a backup into an empty database (or --replace)",
    "bench-data": "fill a fresh database with synthetic published cases, for benchmarks only",
    "check": "check the configuration (add --deploy for production checks)",
    "manage": "run any other Django management command (for example: manage shell)",
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="guidance-ethics",
        description="Platform for sessions of the Guidance Ethics Approach "
        "(Aanpak Begeleidingsethiek).",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, text in COMMANDS.items():
        sub = commands.add_parser(name, help=text, description=text, add_help=name == "serve")
        if name == "serve":
            sub.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
            sub.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
            sub.add_argument(
                "--workers",
                type=int,
                default=int(os.environ.get("WEB_CONCURRENCY", "1")),
                help="number of uvicorn processes (use PostgreSQL and REDIS_URL above 1)",
            )
            sub.add_argument("--reload", action="store_true", help="restart on code changes")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guidance_ethics.settings")
    args, rest = _parser().parse_known_args(argv)
    if args.command == "serve":
        if rest:
            _parser().error(f"unrecognised arguments: {' '.join(rest)}")
        return serve(args)

    # Django's command modules use underscores where the CLI's names have hyphens.
    command = args.command.replace("-", "_")
    django_argv = rest if args.command == "manage" else [command, *rest]
    execute_from_command_line(["guidance-ethics", *django_argv])
    return 0


def serve(args) -> int:
    uvicorn.run(
        "guidance_ethics.asgi:application",
        host=args.host,
        port=args.port,
        workers=args.workers if not args.reload else None,
        reload=args.reload,
        proxy_headers=True,
        forwarded_allow_ips=settings.FORWARDED_ALLOW_IPS,
        lifespan="off",
        log_level=os.environ.get("LOG_LEVEL", "info").lower(),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
