"""`atd lint C.anki2 [--notetype NAME] [--json]`: located problems, exit 1 on any error."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from .collection import CollectionUnavailable, collection_copy, selected_notetypes


def _diagnostic_line(notetype: dict[str, Any], found: dict[str, Any]) -> str:
    where = [str(notetype["name"])]
    if found["card_type"] is not None:
        where.append(str(notetype["tmpls"][found["card_type"]]["name"]))
    if found["side"]:
        where.append(found["side"])
    place = " / ".join(where)
    if found["line"] is not None:
        place += f":{found['line']}:{found['column']}"
    fix = f" (fix: {found['fix']})" if found["fix"] else ""
    return f"{place}: {found['severity']} {found['code']}: {found['message']}{fix}"


def _run_lint(args: argparse.Namespace, out: TextIO) -> int:
    # anki.collection first: importing anki.models first runs into anki's import cycle.
    import anki.collection
    import anki.lang

    from ..services.lint import Linter
    from ..services.preview import PreviewRenderer

    anki.lang.set_lang("en_US")  # Anki's messages and strip_html need a language
    try:
        with collection_copy(args.collection) as col:
            linter = Linter(PreviewRenderer(lambda: col))
            findings = [
                (nt, d.to_json())
                for nt in selected_notetypes(col, args.notetype)
                for d in linter.check(nt)
            ]
    except CollectionUnavailable as error:
        print(f"atd lint: {args.collection}: {error}", file=sys.stderr)
        return 2
    if args.json:
        payload = [{"notetype": nt["name"], **found} for nt, found in findings]
        print(json.dumps(payload, ensure_ascii=False, indent=2), file=out)
    else:
        for nt, found in findings:
            print(_diagnostic_line(nt, found), file=out)
        errors = sum(found["severity"] == "error" for _, found in findings)
        print(f"{errors} errors, {len(findings) - errors} other findings", file=out)
    return 1 if any(found["severity"] == "error" for _, found in findings) else 0


def add_command(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "lint",
        help="check a collection's note types and print located problems",
        description="Run Anki's own template checks and the designer's lints on the note "
        "types of a collection (a copy of it); exit 1 when any error is found.",
    )
    parser.add_argument("collection", metavar="C.anki2", help="an Anki collection file")
    parser.add_argument("--notetype", metavar="NAME", help="only this note type")
    parser.add_argument("--json", action="store_true", help="print a JSON list of diagnostics")
    parser.set_defaults(handler=_run_lint)
