"""`atd sync`: a collection's note types, both ways, with a sync remote.

    atd sync C.anki2 --remote URL [--s3-endpoint URL] [--take ours|theirs|newer]
                     [--allow-mass-delete]

URL is ``file:///path``, ``webdav://host/path`` (``webdavs://``) or ``s3://bucket/prefix``
(services/sync/remotes/: S3 keys from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, WebDAV
login from ATD_WEBDAV_USER / ATD_WEBDAV_PASSWORD). The repository passphrase comes from
ATD_PASSPHRASE only, never from the command line. The first sync to an empty remote makes
the repository and prints its recovery code once.

The collection file is changed as `atd backup restore` changes it (cli/collection.py:
a copy, renamed into place; Anki must not have it open). What this machine and the remote
agreed on is kept beside it, in ``C.atd-sync-<hash of URL>.json``, written after the
collection is in place, so a sync killed at any point is completed by the next one.

Exit status: 0 synced; 1 conflicts (each named; the local text is kept and the note type
left alone on both sides until `--take` resolves it) or a sync refused (mass delete,
a wiped remote, a damaged object, a failing server); 2 usage errors (bad URL, no or wrong
passphrase, a collection in use).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sys
from pathlib import Path
from typing import TextIO

from ..sdk.errors import DesignerError
from ..services.backup.crypto import TamperedData
from ..services.backup.folder_backend import BackendError
from ..services.backup.keys import KeyFileError, WrongKey
from ..services.sync.engine import SyncEngine, SyncReport
from ..services.sync.errors import SyncError
from ..services.sync.remotes import open_remote
from .collection import CollectionUnavailable, collection_replaced

OK, REFUSED, USAGE = 0, 1, 2


def state_path(collection: str, url: str) -> Path:
    target = Path(collection)
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:12]
    return target.with_name(f"{target.stem}.atd-sync-{digest}.json")


def add_command(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "sync",
        help="sync a collection's note types with a remote (folder, WebDAV, S3)",
        description="Three-way sync of note types through an encrypted repository on a "
        "remote; the passphrase comes from ATD_PASSPHRASE.",
    )
    parser.add_argument("collection", metavar="C.anki2", help="an Anki collection file")
    parser.add_argument(
        "--remote",
        required=True,
        metavar="URL",
        help="file:///path, webdav://host/path or s3://bucket/prefix",
    )
    parser.add_argument("--s3-endpoint", metavar="URL", help="an S3-compatible server")
    parser.add_argument(
        "--take",
        choices=("ours", "theirs", "newer"),
        help="resolve conflicts: this machine's text, the remote's, or "
        "the newer (last writer wins)",
    )
    parser.add_argument(
        "--allow-mass-delete",
        action="store_true",
        help="allow deleting more than half of the note types",
    )
    parser.set_defaults(handler=_handler)  # fmt: skip


def _handler(args: argparse.Namespace, out: TextIO) -> int:
    try:
        return _sync(args, out)
    except (WrongKey, KeyFileError, CollectionUnavailable) as error:
        print(f"atd sync: {args.collection}: {error}", file=sys.stderr)
        return USAGE
    except (SyncError, TamperedData, BackendError) as error:
        print(f"atd sync: {error}", file=sys.stderr)
        return REFUSED
    except DesignerError as error:
        print(f"atd sync: {error}", file=sys.stderr)
        return USAGE


def _sync(args: argparse.Namespace, out: TextIO) -> int:
    secret = os.environ.get("ATD_PASSPHRASE")
    if not secret:
        print("atd sync: set ATD_PASSPHRASE to the repository passphrase", file=sys.stderr)
        return USAGE
    if not Path(args.collection).is_file():
        print(f"atd sync: {args.collection}: no such collection file", file=sys.stderr)
        return USAGE
    try:
        remote = open_remote(args.remote, os.environ, args.s3_endpoint)
    except BackendError as error:
        print(f"atd sync: {error}", file=sys.stderr)
        return USAGE
    state = state_path(args.collection, args.remote)
    pending = state.with_name(f".{state.name}.pending-{os.getpid()}")
    if state.exists():
        shutil.copyfile(state, pending)
    try:
        with collection_replaced(args.collection) as col:
            engine = SyncEngine(col, remote, secret, pending)
            report = engine.sync(resolve=args.take, allow_mass_delete=args.allow_mass_delete)
        os.replace(pending, state)  # only once the collection holds what it says
    finally:
        pending.unlink(missing_ok=True)
    return _print(report, out)


def _print(report: SyncReport, out: TextIO) -> int:
    if report.recovery_code is not None:
        print(f"made a new repository; recovery code (write it down; it is shown only now): "
              f"{report.recovery_code.text}", file=out)  # fmt: skip
    for label, names in (
        ("pulled", report.pulled),
        ("pushed", report.pushed),
        ("deleted here", report.deleted_here),
        ("deleted on the remote", report.deleted_there),
    ):
        for name in names:
            print(f"{label}: {name}", file=out)
    for note in report.notes:
        print(f"note: {note}", file=out)
    if report.conflicts:
        for conflict in report.conflicts:
            print(f"conflict: {conflict.name}: {conflict.key} (the local text is kept)",
                  file=out)  # fmt: skip
        print(f"{len(report.conflicted)} note type(s) in conflict: "
              f"{', '.join(report.conflicted)}; sync again with --take ours or --take theirs",
              file=sys.stderr)  # fmt: skip
        return REFUSED
    print(f"synced ({report.uploaded_objects} objects uploaded)", file=out)
    return OK
