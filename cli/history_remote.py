"""`atd history push|pull C.anki2 --repo R --remote URL [--take ours|theirs]`: the history
with a git remote (a path, ``file://``, ``git://``, ``http(s)://`` or ``ssh://``).

The collection's note types are committed first (nothing the collection holds is left
out), then the remote's branches and labels are fetched and merged (services/history/
remotes.py); `push` then sends what the remote lacks. Note types whose version changed
by the merge are written into the collection (Anki must not have it open); one the
collection lacks is named and left in the history. Conflicts are named and exit 1 with
nothing changed here or there, unless `--take` decides them. For HTTP(S), the user name
and password (or token) come from ``ATD_GIT_USERNAME`` and ``ATD_GIT_PASSWORD``; they are
never printed.
"""

from __future__ import annotations

import argparse
import os
from typing import Any, TextIO

from ..services.history import OURS, THEIRS, HistoryError
from ..services.history.remotes import Credentials, SyncResult, sync
from ..services.notetype_files.layout import LayoutError
from .collection import CollectionUnavailable, collection_file, selected_notetypes
from .history_common import fail as _fail
from .history_common import named_conflicts
from .history_common import open_history as _history


def _credentials() -> Credentials:
    return Credentials(
        os.environ.get("ATD_GIT_USERNAME") or None, os.environ.get("ATD_GIT_PASSWORD") or None
    )


def _report(result: SyncResult, out: TextIO) -> None:
    for key in result.merged:
        print(f"merged: {key}", file=out)
    for ref in result.kept_apart:
        print(f"kept apart (changed on both sides): {ref}", file=out)
    for ref in result.pushed:
        print(f"pushed: {ref}", file=out)


def _run(args: argparse.Namespace, out: TextIO, push: bool) -> int:
    command = "push" if push else "pull"
    history = _history(args)
    try:
        with collection_file(args.collection) as col:
            history.snapshot(selected_notetypes(col, None))
            author, creds = history._author(), _credentials()
            result = sync(history.store, args.remote, author, creds, push=push)
            if result.conflicts and args.take:
                choices = {key: args.take for key in result.conflict_keys}
                result = sync(history.store, args.remote, author, creds, push=push, choices=choices)
            _report(result, out)
            if result.conflicts:
                return named_conflicts(command, result.conflict_keys, out)
            for notetype_id in result.changed:
                _write_back(history, col, notetype_id, out)
    except (CollectionUnavailable, HistoryError, LayoutError) as error:
        return _fail(command, error)
    finally:
        history.close()
    return 0


def _write_back(history: Any, col: Any, notetype_id: int, out: TextIO) -> None:
    """The merged version of one note type into the collection (its ids stay)."""
    current = col.models.get(notetype_id)
    if current is None:
        print(f"not in this collection: note type {notetype_id} (kept in the history)", file=out)
        return
    col.models.update_dict(history.restore("main", notetype_id, dict(current)))
    saved = dict(col.models.get(notetype_id))
    history.record(saved, "merge", "from the remote")  # only when Anki changed something
    print(f"{saved['name']}: updated from the remote", file=out)


def add_commands(commands: Any) -> None:
    for name, push, text in (
        ("push", True, "merge with a git remote, then send it what it lacks"),
        ("pull", False, "merge a git remote's history into the collection"),
    ):
        parser = commands.add_parser(name, help=text)
        parser.add_argument("collection")
        parser.add_argument("--repo", required=True)
        parser.add_argument("--remote", required=True, help="path or git URL")
        parser.add_argument("--take", choices=(OURS, THEIRS), help="how conflicts are decided")
        parser.set_defaults(handler=lambda a, o, push=push: _run(a, o, push))
