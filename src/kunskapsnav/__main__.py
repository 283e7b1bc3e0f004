"""The ``kunskapsnav`` console script: Django's management commands under the product's name.

``kunskapsnav migrate``, ``kunskapsnav runserver``, ``kunskapsnav load_reference`` ... A command
may be written with hyphens (``kunskapsnav load-reference``); it is the same command.
"""

from __future__ import annotations

import os
import sys

#: Commands that read files and print, touching no database, session or signature: they run
#: without a SECRET_KEY, so that `kunskapsnav parse-minutes FILE` works on any machine.
OFFLINE_COMMANDS = {"parse_minutes"}


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
        if args[1] in OFFLINE_COMMANDS:
            os.environ.setdefault("KUNSKAPSNAV_OFFLINE_COMMAND", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kunskapsnav.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


if __name__ == "__main__":
    main()
