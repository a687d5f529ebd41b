"""`atd metrics-export LOGDIR... [--format json|csv] [--out FILE]`: what the designer left
on disk about its performance, as one document.

It reads the Performance panel's exports (`*.json`, `*.csv`) and the slow-operation
alerts logged in `designer.log` (and its rotated copies) from files or folders, searched
recursively (e.g. the add-on's `user_files/logs`, or `user_files` for both), and writes
them oldest first as one JSON document or CSV table. Exit 1 when nothing is found.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO


def _run(args: argparse.Namespace, out: TextIO) -> int:
    from ..services.metrics.export_folder import combined_csv, combined_json, read_paths

    for name in args.paths:
        if not Path(name).exists():
            print(f"atd metrics-export: {name}: no such file or directory", file=sys.stderr)
    found = read_paths(Path(name) for name in args.paths)
    for problem in found.problems:
        print(f"atd metrics-export: skipped {problem}", file=sys.stderr)
    if found.empty:
        print(
            "atd metrics-export: found no metrics exports (*.json, *.csv saved from the "
            "Performance panel) and no logged alerts (designer.log)",
            file=sys.stderr,
        )
        return 1
    text = combined_json(found) if args.format == "json" else combined_csv(found)
    if not text.endswith("\n"):
        text += "\n"
    if args.out is None:
        print(text, file=out, end="")
        return 0
    try:
        Path(args.out).write_text(text, encoding="utf-8")
    except OSError as error:
        print(f"atd metrics-export: cannot write {args.out}: {error.strerror}", file=sys.stderr)
        return 2
    print(
        f"{len(found.snapshots)} exports and {len(found.alerts)} logged alerts "
        f"written to {args.out}",
        file=out,
    )
    return 0


def add_command(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "metrics-export",
        help="combine Performance panel exports and logged alerts into one JSON or CSV",
        description="Read the Performance panel's exports (*.json, *.csv) and the "
        "slow-operation alerts in designer.log from files or folders (e.g. the add-on's "
        "user_files/logs) and write them as one document, oldest first.",
    )
    parser.add_argument("paths", nargs="+", metavar="LOGDIR", help="log folders, export files")
    parser.add_argument("--format", choices=("json", "csv"), default="json")
    parser.add_argument("--out", metavar="FILE", help="write here instead of standard output")
    parser.set_defaults(handler=_run)
