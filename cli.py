"""`atd`: the designer's command-line tool for template authors, CI and bug reports.

    atd roundtrip PATH...                    template files (.html/.htm/.css) or folders
    atd roundtrip --collection C.anki2 [--notetype NAME]

`roundtrip` parses every template and CSS document and serializes it again: any
difference means the designer could change something the user wrote, which is a bug.
The collection is copied to a temporary folder first, so a running Anki's file is never
opened, locked or modified.

Each subcommand is one `_add_<name>` function plus a handler; `lint` will be another.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

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


def roundtrip_collection(collection: str, notetype: str | None) -> list[RoundtripResult]:
    """Check the note types of a copy of `collection` (the original is never opened)."""
    source = Path(collection)
    if not source.is_file():
        return [RoundtripResult(collection, "no such collection file")]
    from anki.collection import Collection  # imported here: file mode needs no Anki

    with tempfile.TemporaryDirectory(prefix="atd-roundtrip-") as folder:
        copy = Path(folder) / "collection.anki2"
        shutil.copyfile(source, copy)
        wal = source.with_name(source.name + "-wal")
        if wal.is_file():
            # Changes a running Anki has not checkpointed yet live in the WAL file.
            shutil.copyfile(wal, copy.with_name(copy.name + "-wal"))
        try:
            col = Collection(str(copy))
        except Exception as error:  # noqa: BLE001 - any failure to open is reported
            return [RoundtripResult(collection, f"cannot open the collection: {error}")]
        try:
            notetypes = sorted(col.models.all(), key=lambda nt: str(nt["name"]).casefold())
            if notetype is not None:
                notetypes = [nt for nt in notetypes if nt["name"] == notetype]
                if not notetypes:
                    return [RoundtripResult(notetype, "no note type with this name")]
            return [result for nt in notetypes for result in roundtrip_notetype(dict(nt))]
        finally:
            col.close()


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
