"""`anjian <command> …`: the project's command line, a thin door to manage.py commands.

`anjian audit verify`, `anjian import enterprises FILE`, `anjian workdays add 2025-09-26 20`,
`anjian demo-data --enterprises N --seed S`.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    from anjian.ops.startup import settings_or_exit

    settings_or_exit()  # a refused configuration: one line, exit 78

    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")
    execute_from_command_line(["anjian", *args])


if __name__ == "__main__":
    main()
