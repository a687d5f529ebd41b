"""`atd export` and `atd import`: a collection's note types as folders and back.

    atd export C.anki2 --out DIR [--notetype NAME]
    atd import DIR C.anki2

The layout is `services/notetype_files` (the one history, backup and sync use). Export
reads a copy of the collection; import writes the collection itself, so Anki must not
have it open (Anki holds it locked: the command then says so and changes nothing).
Exporting, importing into the same collection and exporting again gives the same bytes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from ..services.notetype_files import LayoutError, export_notetypes, import_notetypes
from .collection import CollectionUnavailable, collection_copy, collection_file, selected_notetypes


def _run_export(args: argparse.Namespace, out: TextIO) -> int:
    try:
        with collection_copy(args.collection) as col:
            chosen = selected_notetypes(col, args.notetype)
            folders = export_notetypes(col, Path(args.out), chosen)
    except CollectionUnavailable as error:
        print(f"atd export: {args.collection}: {error}", file=sys.stderr)
        return 2
    for notetype, folder in zip(chosen, folders, strict=True):
        print(f"{notetype['name']} -> {Path(args.out) / folder}", file=out)
    print(f"{len(folders)} note types exported", file=out)
    return 0


def _run_import(args: argparse.Namespace, out: TextIO) -> int:
    root, target = Path(args.folder), Path(args.collection)
    if not root.is_dir():
        print(f"atd import: {root}: no such folder", file=sys.stderr)
        return 2
    try:
        with collection_file(args.collection) as col:
            results = import_notetypes(col, root)
    except CollectionUnavailable as error:
        print(f"atd import: {target}: {error}", file=sys.stderr)
        return 2
    except LayoutError as error:
        print(f"atd import: {root}/{error}; nothing was imported", file=sys.stderr)
        return 1
    for result in results:
        print(f"{result.folder}: {result.action} ({result.name})", file=out)
    print(f"{len(results)} note types read", file=out)
    return 0


def add_export(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "export",
        help="write a collection's note types as folders (templates and CSS as files)",
        description="Write each note type of a copy of the collection as a folder: "
        "notetype.json, style.css and cards/<card type>/front.html, back.html.",
    )
    parser.add_argument("collection", metavar="C.anki2", help="an Anki collection file")
    parser.add_argument("--out", metavar="DIR", required=True, help="the folder to write into")
    parser.add_argument("--notetype", metavar="NAME", help="only this note type")
    parser.set_defaults(handler=_run_export)


def add_import(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "import",
        help="read note type folders (from atd export) into a collection",
        description="Update the note types the folders came from (matched by id), add the "
        "others as new note types. Close Anki first: the collection itself is written.",
    )
    parser.add_argument("folder", metavar="DIR", help="a folder written by atd export")
    parser.add_argument("collection", metavar="C.anki2", help="an Anki collection file")
    parser.set_defaults(handler=_run_import)
