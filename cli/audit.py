"""`atd audit`: the backup repository's audit trail (services/backup/audit.py).

    atd audit verify --repo R          every entry's MAC and the chain; exit 1 when damaged
    atd audit export --repo R --out F.jsonl   the entries as JSON Lines (verified first)

The repository is unlocked as `atd backup` does (cli/backup.py).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from ..services.backup.audit import entries_jsonl
from .backup import DAMAGED, OK, add_repository_arguments, guarded, open_repository


def _verify(args: argparse.Namespace, out: TextIO) -> int:
    report = open_repository(args).audit.verify()
    for where, problem in sorted(report.problems.items()):
        print(f"{where}: {problem}", file=out)
    for note in report.notes:
        print(f"note: {note}", file=out)
    print(f"{report.entries} audit entries: {'ok' if report.ok else 'DAMAGED'}", file=out)
    return OK if report.ok else DAMAGED


def _export(args: argparse.Namespace, out: TextIO) -> int:
    entries = open_repository(args).audit.entries()
    target = Path(args.out)
    target.write_text(entries_jsonl(entries), encoding="utf-8")
    print(f"{len(entries)} audit entries written to {target}", file=out)
    return OK


def add_command(subparsers: Any) -> None:
    parser = subparsers.add_parser("audit", help="the backup repository's audit trail")
    commands = parser.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = commands.add_parser("verify", help="check every entry and the chain")
    add_repository_arguments(verify)
    verify.set_defaults(handler=guarded("atd audit verify", _verify))
    export = commands.add_parser("export", help="the entries as JSON Lines")
    add_repository_arguments(export)
    export.add_argument("--out", required=True, help="the .jsonl file to write")
    export.set_defaults(handler=guarded("atd audit export", _export))
