"""`atd history`: the version history of a collection's note types (issue #14).

    atd history log C.anki2 --repo R [--notetype N] [--offset K] [--limit L] [--json]
    atd history snapshot C.anki2 --repo R
    atd history diff --repo R A B [--notetype-id ID]
    atd history restore C.anki2 --repo R --commit X [--notetype N]
    atd history merge-upstream C.anki2 --repo R --notetype N [--take ours|theirs]
    atd history label --repo R COMMIT [TEXT] [--remove]
    atd history push|pull C.anki2 --repo R --remote URL [--take ours|theirs]  (history_remote.py)

R is a git repository (made on first use; `git log --git-dir R` reads it). `log` and
`snapshot` read a copy of the collection; `restore` and `merge-upstream` write the file
itself (Anki must not have it open). `merge-upstream` takes the collection's note type N
as the new upstream version (just imported or updated) and re-applies the user's changes
recorded on main onto it; conflicts are named and exit 1 with the collection unchanged,
unless `--take` says which side wins them. The profile recorded in commits is the name of
the collection's folder.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from typing import Any, TextIO

from ..services.history import OURS, THEIRS, HistoryError
from ..services.notetype_files import notetype_from_files
from ..services.notetype_files.layout import LayoutError
from .collection import CollectionUnavailable, collection_copy, collection_file, selected_notetypes
from .history_common import fail as _fail
from .history_common import named_conflicts
from .history_common import open_history as _history
from .history_remote import add_commands as add_remote_commands


def _log(args: argparse.Namespace, out: TextIO) -> int:
    try:
        with collection_copy(args.collection) as col:
            chosen = selected_notetypes(col, args.notetype) if args.notetype else None
    except CollectionUnavailable as error:
        return _fail("log", f"{args.collection}: {error}")
    history = _history(args)
    try:
        notetype_id = int(chosen[0]["id"]) if chosen else None
        page, more = history.log(notetype_id, args.offset, args.limit)
    except HistoryError as error:
        return _fail("log", error)
    finally:
        history.close()
    if args.json:
        json.dump({"commits": [asdict(c) for c in page], "more": more}, out, indent=2)
        print(file=out)
        return 0
    for commit in page:
        print(f"{commit.id[:10]}  {commit.summary}", file=out)
    if more:
        print(f"(more: --offset {args.offset + len(page)})", file=out)
    return 0


def _snapshot(args: argparse.Namespace, out: TextIO) -> int:
    try:
        with collection_copy(args.collection) as col:
            notetypes = selected_notetypes(col, None)
    except CollectionUnavailable as error:
        return _fail("snapshot", f"{args.collection}: {error}")
    history = _history(args)
    try:
        made = history.snapshot(notetypes)
        for sha in made:
            print(f"{sha[:10]}  {history.store.commit_info(sha.encode()).summary}", file=out)
    finally:
        history.close()
    print(f"{len(made)} of {len(notetypes)} note types changed since the last commit", file=out)
    return 0


def _diff(args: argparse.Namespace, out: TextIO) -> int:
    history = _history(args)
    try:
        diffs = history.diff(args.old, args.new, args.notetype_id)
    except HistoryError as error:
        return _fail("diff", error)
    finally:
        history.close()
    for diff in diffs:
        out.write(diff.unified or f"{diff.path}: {diff.status}\n")
    return 0


def _restore(args: argparse.Namespace, out: TextIO) -> int:
    history = _history(args)
    try:
        with collection_file(args.collection) as col:
            chosen = selected_notetypes(col, args.notetype)
            commit = history.store.resolve(args.commit).decode()
            folders = set(history.store.folders(commit.encode()))
            restorable = [nt for nt in chosen if str(nt["id"]) in folders]
            if not restorable:
                return _fail("restore", f"commit {args.commit} holds none of these note types")
            for current in restorable:
                history.record(current, "outside")  # what the collection held is kept
                restored = history.restore(commit, int(current["id"]), current)
                col.models.update_dict(restored)
                saved = dict(col.models.get(int(current["id"])))
                history.record(saved, "restore", f"restored from {commit[:10]}")
                print(f"{saved['name']}: restored from {commit[:10]}", file=out)
    except (CollectionUnavailable, HistoryError, LayoutError) as error:
        return _fail("restore", error)
    finally:
        history.close()
    return 0


def _merge_upstream(args: argparse.Namespace, out: TextIO) -> int:
    history = _history(args)
    try:
        with collection_file(args.collection) as col:
            new_upstream = selected_notetypes(col, args.notetype)[0]
            first = history.merge_upstream(new_upstream)
            choices = {c.key: args.take for c in first.conflicts} if args.take else {}
            result = history.merge_upstream(new_upstream, choices) if choices else first
            for key in result.merged:
                print(f"merged: {key}", file=out)
            if result.conflicts:
                return named_conflicts("merge-upstream", [c.key for c in result.conflicts], out)
            merged = _merged_notetype(new_upstream, result.files)
            col.models.update_dict(merged)
            saved = dict(col.models.get(int(new_upstream["id"])))
            sha = history.commit_merge(new_upstream, saved)
            print(f"{saved['name']}: merged with upstream ({sha[:10]})", file=out)
    except (CollectionUnavailable, HistoryError, LayoutError) as error:
        return _fail("merge-upstream", error)
    finally:
        history.close()
    return 0


def _label(args: argparse.Namespace, out: TextIO) -> int:
    """Puts TEXT on COMMIT (a git tag), removes it with --remove, or lists every label."""
    history = _history(args)
    try:
        if args.text is None:
            sha = history.store.resolve(args.commit).decode("ascii")
            for label in history.labels().get(sha, []):
                print(label, file=out)
        elif args.remove:
            if not history.unlabel(args.commit, args.text):
                return _fail("label", f"{args.commit} has no label {args.text!r}", 1)
        else:
            print(history.label(args.commit, args.text), file=out)
    except HistoryError as error:
        return _fail("label", error)
    finally:
        history.close()
    return 0


def _merged_notetype(current: dict[str, Any], files: dict[str, bytes]) -> dict[str, Any]:
    merged = notetype_from_files(files)
    return {**current, **{k: v for k, v in merged.items() if k not in ("id", "mod", "usn")}}


def add_command(subparsers: Any) -> None:
    parser = subparsers.add_parser("history", help="version history of note types (git)")
    commands = parser.add_subparsers(dest="history_command", metavar="SUBCOMMAND")
    parser.set_defaults(handler=lambda _args, _out: (parser.print_help(sys.stderr), 2)[1])

    log = commands.add_parser("log", help="commits of the history, newest first")
    log.add_argument("collection")
    log.add_argument("--repo", required=True)
    log.add_argument("--notetype", help="only commits that changed this note type")
    log.add_argument("--offset", type=int, default=0)
    log.add_argument("--limit", type=int, default=50)
    log.add_argument("--json", action="store_true")
    log.set_defaults(handler=_log)

    snapshot = commands.add_parser("snapshot", help="commit the note types as they are now")
    snapshot.add_argument("collection")
    snapshot.add_argument("--repo", required=True)
    snapshot.set_defaults(handler=_snapshot)

    diff = commands.add_parser("diff", help="what changed between two commits")
    diff.add_argument("--repo", required=True)
    diff.add_argument("old")
    diff.add_argument("new")
    diff.add_argument("--notetype-id", type=int)
    diff.set_defaults(handler=_diff)

    restore = commands.add_parser("restore", help="bring back note types from a commit")
    restore.add_argument("collection")
    restore.add_argument("--repo", required=True)
    restore.add_argument("--commit", required=True)
    restore.add_argument("--notetype")
    restore.set_defaults(handler=_restore)

    merge = commands.add_parser("merge-upstream", help="keep your changes over an update")
    merge.add_argument("collection")
    merge.add_argument("--repo", required=True)
    merge.add_argument("--notetype", required=True)
    merge.add_argument("--take", choices=(OURS, THEIRS), help="how conflicts are decided")
    merge.set_defaults(handler=_merge_upstream)

    label = commands.add_parser("label", help="label a commit (a git tag), or list its labels")
    label.add_argument("--repo", required=True)
    label.add_argument("commit")
    label.add_argument("text", nargs="?")
    label.add_argument("--remove", action="store_true")
    label.set_defaults(handler=_label)

    add_remote_commands(commands)
