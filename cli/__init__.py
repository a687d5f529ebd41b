"""`atd`: the designer's command-line tool for template authors, CI and bug reports.

Each subcommand is one module here with an `add_command(subparsers)` function that adds
its parser and sets `handler` (and optionally `check_arguments`); adding a command means
adding its module and one line to `COMMANDS`.

    atd roundtrip PATH... | --collection C.anki2 [--notetype NAME]   (cli/roundtrip.py)
    atd lint C.anki2 [--notetype NAME] [--json]                       (cli/lint.py)
    atd export C.anki2 --out DIR [--notetype NAME] / atd import DIR C.anki2
                                                            (cli/notetype_folders.py)
    atd metrics-export LOGDIR... [--format json|csv] [--out FILE]     (cli/metrics_export.py)

    atd plugin new NAME [--dir D]                                     (cli/plugin_new.py)
    atd backup init|create|list|diff|verify|restore|prune --repo R ...  (cli/backup.py)
    atd audit verify|export --repo R ...                              (cli/audit.py)
    atd history log|snapshot|diff|restore|merge-upstream|push|pull ...  (cli/history.py)
    atd report C.anki2 [--notetype NAME] [--json] [--changes FILE]    (cli/report.py)
    atd serve [--host H] [--port P] [--data DIR] ...                  (cli/serve.py)
    atd collab invite|revoke|activity --data DIR ...                  (cli/collab.py)
    atd sync C.anki2 --remote URL [--s3-endpoint URL] [--take ours|theirs]  (cli/sync.py)

Commands that read a collection open a temporary copy (cli/collection.py), so a running
Anki's file is never opened, locked or modified.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TextIO

from . import (
    audit,
    backup,
    collab,
    history,
    lint,
    metrics_export,
    notetype_folders,
    plugin_new,
    report,
    roundtrip,
    serve,
    sync,
)

Handler = Callable[[argparse.Namespace, TextIO], int]

COMMANDS = [
    roundtrip.add_command,
    lint.add_command,
    notetype_folders.add_export,
    notetype_folders.add_import,
    metrics_export.add_command,
    plugin_new.add_command,
    backup.add_command,
    audit.add_command,
    history.add_command,
    report.add_command,
    serve.add_command,
    collab.add_command,
    sync.add_command,
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="atd", description="Anki Template Designer tools.")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for add_command in COMMANDS:
        add_command(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return 2
    check_arguments = getattr(args, "check_arguments", None)
    if check_arguments is not None:
        check_arguments(parser, args)
    return handler(args, sys.stdout)


if __name__ == "__main__":
    sys.exit(main())
