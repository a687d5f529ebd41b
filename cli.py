"""`atd`: the designer's command-line tool for template authors, CI and bug reports.

    atd roundtrip PATH...                    template files (.html/.htm/.css) or folders
    atd roundtrip --collection C.anki2 [--notetype NAME]
    atd lint C.anki2 [--notetype NAME] [--json]

`roundtrip` parses every template and CSS document and serializes it again: any
difference means the designer could change something the user wrote, which is a bug.
The collection is copied to a temporary folder first, so a running Anki's file is never
opened, locked or modified.

`lint` prints every problem Anki or the designer finds, located by note type, card type,
side, line and column, and exits 1 when any is an error.

Each subcommand is one `_add_<name>` function plus a handler.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from .services.templates import (
    NoteTypeDocument,
    check_css_tiling,
    check_tiling,
    parse_css,
    parse_template,
    serialize,
    serialize_css,
)
from .services.templates.spans import LineIndex

TEMPLATE_SUFFIXES = (".html", ".htm")
CSS_SUFFIXES = (".css",)


@dataclass(frozen=True)
class RoundtripResult:
    label: str
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None

    def line(self) -> str:
        return f"ok  {self.label}" if self.ok else f"FAIL {self.label}: {self.problem}"


def first_difference(original: str, result: str) -> str:
    """'first difference at offset N (line L, column C)' (1-based line and column)."""
    limit = min(len(original), len(result))
    offset = next((i for i in range(limit) if original[i] != result[i]), limit)
    line, column = LineIndex(original).line_col(offset)
    return f"first difference at offset {offset} (line {line}, column {column})"


def roundtrip_text(label: str, text: str, *, css: bool) -> RoundtripResult:
    """Parse and serialize one document; report the first difference, if any."""
    if css:
        css_document = parse_css(text)
        result, problems = serialize_css(css_document), check_css_tiling(css_document)
    else:
        document = parse_template(text)
        result, problems = serialize(document), check_tiling(document)
    if result != text:
        return RoundtripResult(label, first_difference(text, result))
    if problems:
        return RoundtripResult(label, f"the tree does not cover the text: {problems[0]}")
    return RoundtripResult(label)


def _is_document(path: Path) -> bool:
    return path.suffix.lower() in TEMPLATE_SUFFIXES + CSS_SUFFIXES


def _expand(paths: Sequence[str]) -> Iterator[tuple[str, Path | None]]:
    """(label, file) for every file to check; file is None for a missing path."""
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and _is_document(p))
            for file in files:
                yield str(file), file
        elif path.is_file():
            yield name, path
        else:
            yield name, None


def roundtrip_file(label: str, path: Path | None) -> RoundtripResult:
    if path is None:
        return RoundtripResult(label, "no such file or directory")
    try:
        data = path.read_bytes()
    except OSError as error:
        return RoundtripResult(label, f"cannot read: {error.strerror or error}")
    # surrogateescape keeps any byte sequence (invalid UTF-8, NULs, a BOM) exactly.
    text = data.decode("utf-8", "surrogateescape")
    result = roundtrip_text(label, text, css=path.suffix.lower() in CSS_SUFFIXES)
    if result.ok and text.encode("utf-8", "surrogateescape") != data:
        return RoundtripResult(label, "the file's bytes do not survive decoding")
    return result


def roundtrip_notetype(notetype: dict[str, object]) -> list[RoundtripResult]:
    document = NoteTypeDocument.from_notetype(notetype)
    results = []
    for card_type in document.card_types:
        for side in ("front", "back"):
            label = f"{document.name} / {card_type.name} / {side}"
            results.append(roundtrip_text(label, card_type.side(side).source, css=False))
    results.append(roundtrip_text(f"{document.name} / CSS", document.css.source, css=True))
    return results


class CollectionUnavailable(RuntimeError):
    pass


@contextmanager
def collection_copy(collection: str) -> Iterator[Any]:
    """Open a temporary copy of `collection` (a running Anki's file is never touched)."""
    source = Path(collection)
    if not source.is_file():
        raise CollectionUnavailable("no such collection file")
    from anki.collection import Collection  # imported here: file mode needs no Anki

    with tempfile.TemporaryDirectory(prefix="atd-") as folder:
        copy = Path(folder) / "collection.anki2"
        shutil.copyfile(source, copy)
        wal = source.with_name(source.name + "-wal")
        if wal.is_file():
            # Changes a running Anki has not checkpointed yet live in the WAL file.
            shutil.copyfile(wal, copy.with_name(copy.name + "-wal"))
        try:
            col = Collection(str(copy))
        except Exception as error:  # any failure to open is reported, not a traceback
            raise CollectionUnavailable(f"cannot open the collection: {error}") from error
        try:
            yield col
        finally:
            col.close()


def selected_notetypes(col: Any, notetype: str | None) -> list[dict[str, Any]]:
    notetypes = sorted(col.models.all(), key=lambda nt: str(nt["name"]).casefold())
    if notetype is not None:
        notetypes = [nt for nt in notetypes if nt["name"] == notetype]
        if not notetypes:
            raise CollectionUnavailable("no note type with this name")
    return [dict(nt) for nt in notetypes]


def roundtrip_collection(collection: str, notetype: str | None) -> list[RoundtripResult]:
    """Check the note types of a copy of `collection` (the original is never opened)."""
    try:
        with collection_copy(collection) as col:
            return [
                result
                for nt in selected_notetypes(col, notetype)
                for result in roundtrip_notetype(nt)
            ]
    except CollectionUnavailable as error:
        return [RoundtripResult(notetype or collection, str(error))]


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

    from .services.lint import Linter
    from .services.preview import PreviewRenderer

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


def _add_lint(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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


def _run_roundtrip(args: argparse.Namespace, out: TextIO) -> int:
    results = [roundtrip_file(label, path) for label, path in _expand(args.paths)]
    if args.collection is not None:
        results += roundtrip_collection(args.collection, args.notetype)
    for result in results:
        print(result.line(), file=out)
    failed = sum(not r.ok for r in results)
    print(f"{len(results) - failed} passed, {failed} failed", file=out)
    return 1 if failed else 0


def _add_roundtrip(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "roundtrip",
        help="check that templates survive parse -> serialize byte for byte",
        description="Parse and re-serialize template files (.html, .htm, .css; folders are "
        "searched recursively) or a collection's note types; exit 1 on any difference.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="template files or folders")
    parser.add_argument("--collection", metavar="C.anki2", help="an Anki collection file")
    parser.add_argument(
        "--notetype", metavar="NAME", help="only this note type (with --collection)"
    )
    parser.set_defaults(handler=_run_roundtrip)


Handler = Callable[[argparse.Namespace, TextIO], int]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="atd", description="Anki Template Designer tools.")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_roundtrip(subparsers)
    _add_lint(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return 2
    if args.command == "roundtrip":
        if not args.paths and args.collection is None:
            parser.error("roundtrip needs at least one PATH or --collection")
        if args.notetype is not None and args.collection is None:
            parser.error("--notetype needs --collection")
    return handler(args, sys.stdout)


if __name__ == "__main__":
    sys.exit(main())
