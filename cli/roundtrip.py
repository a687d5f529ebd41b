"""`atd roundtrip`: parse and re-serialize templates; any difference is a designer bug.

atd roundtrip PATH...                    template files (.html/.htm/.css) or folders
atd roundtrip --collection C.anki2 [--notetype NAME]
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ..services.templates import (
    NoteTypeDocument,
    check_css_tiling,
    check_tiling,
    parse_css,
    parse_template,
    serialize,
    serialize_css,
)
from ..services.templates.spans import LineIndex
from .collection import CollectionUnavailable, collection_copy, selected_notetypes

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
    try:
        with collection_copy(collection) as col:
            return [
                result
                for nt in selected_notetypes(col, notetype)
                for result in roundtrip_notetype(nt)
            ]
    except CollectionUnavailable as error:
        return [RoundtripResult(notetype or collection, str(error))]


def _run_roundtrip(args: argparse.Namespace, out: TextIO) -> int:
    results = [roundtrip_file(label, path) for label, path in _expand(args.paths)]
    if args.collection is not None:
        results += roundtrip_collection(args.collection, args.notetype)
    for result in results:
        print(result.line(), file=out)
    failed = sum(not r.ok for r in results)
    print(f"{len(results) - failed} passed, {failed} failed", file=out)
    return 1 if failed else 0


def add_command(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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
    parser.set_defaults(handler=_run_roundtrip, check_arguments=_check_arguments)


def _check_arguments(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    if not args.paths and args.collection is None:
        parser.error("roundtrip needs at least one PATH or --collection")
    if args.notetype is not None and args.collection is None:
        parser.error("--notetype needs --collection")
