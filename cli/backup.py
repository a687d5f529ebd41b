"""`atd backup`: encrypted, incremental backups of a collection's note types.

    atd backup init --repo R
    atd backup create C.anki2 --repo R [--reason manual|scheduled|before-save|before-restore]
    atd backup list --repo R [--json]
    atd backup verify --repo R [--read-data]
    atd backup restore C.anki2 --repo R --snapshot S [--notetype NAME]

The repository is unlocked with this machine's key (`--device-key`, default
`~/.atd-backup-device.key`, made on first use, readable by the user only) or, once one is
set, with the passphrase in the environment variable ATD_BACKUP_PASSPHRASE (never on the
command line, where other users could read it). `init` prints the recovery code once.
`create` reads a copy of the collection (cli/collection.py) and writes only what changed.
`verify` checks every snapshot's objects are there (`--read-data`: opens and re-hashes
each), naming what is damaged with the snapshots it affects; exit 1 then. `restore` writes
the collection file itself (Anki must not have it open: it is locked then, and the command
says so): first a `before-restore` snapshot of what it holds, then every note type of the
snapshot (or only `--notetype NAME`), all read and checked before anything changes.
Prune is still to come (services/backup/__init__.py).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from ..sdk.errors import DesignerError
from ..services.backup.keys import DeviceKey
from ..services.backup.repository import Repository
from ..services.backup.store import REASONS
from ..services.notetype_files import all_notetypes, notetypes_as_files
from ..services.notetype_files.collection_io import import_notetype
from .collection import CollectionUnavailable, collection_copy, collection_file

PASSPHRASE_VARIABLE = "ATD_BACKUP_PASSPHRASE"
DEFAULT_DEVICE_KEY = Path.home() / ".atd-backup-device.key"


def _device(args: argparse.Namespace) -> DeviceKey:
    return DeviceKey.load_or_create(Path(args.device_key))


def _open(args: argparse.Namespace) -> Repository:
    passphrase = os.environ.get(PASSPHRASE_VARIABLE)
    if passphrase is not None:
        return Repository.open(Path(args.repo), passphrase=passphrase)
    return Repository.open(Path(args.repo), device=_device(args))


def _init(args: argparse.Namespace, out: TextIO) -> int:
    repository, code = Repository.init(Path(args.repo), _device(args))
    print(f"backup repository made in {repository.root}", file=out)
    print(f"recovery code (write it down; it is shown only now): {code.text}", file=out)
    return 0


def _create(args: argparse.Namespace, out: TextIO) -> int:
    repository = _open(args)
    try:
        with collection_copy(args.collection) as col:
            notetypes = all_notetypes(col)
            files = notetypes_as_files(notetypes)
    except CollectionUnavailable as error:
        print(f"atd backup create: {args.collection}: {error}", file=sys.stderr)
        return 2
    snapshot, count = repository.store.snapshot(
        files, args.reason, Path(args.collection).parent.name
    )
    print(
        f"snapshot {snapshot.id}: {len(notetypes)} note types, {len(files)} files, "
        f"{count.written} new objects ({count.reused} already stored)",
        file=out,
    )
    return 0


def _list(args: argparse.Namespace, out: TextIO) -> int:
    snapshots = _open(args).store.snapshots()
    if args.json:
        rows: list[dict[str, Any]] = [
            {
                "id": s.id,
                "time": s.time,
                "reason": s.reason,
                "profile": s.profile,
                "files": len(s.files),
            }
            for s in snapshots
        ]
        json.dump(rows, out, indent=1)
        print(file=out)
        return 0
    for s in snapshots:
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(s.time))
        print(f"{s.id}  {when}  {s.reason:<14} {s.profile}  {len(s.files)} files", file=out)
    print(f"{len(snapshots)} snapshots", file=out)
    return 0


def _verify(args: argparse.Namespace, out: TextIO) -> int:
    report = _open(args).store.verify(read_data=args.read_data)
    for name, problem in sorted(report.bad_snapshots.items()):
        print(f"damaged snapshot {name}: {problem}", file=out)
    for name, (problem, snapshots) in sorted(report.problems.items()):
        print(f"object {name}: {problem}; in snapshots {', '.join(snapshots)}", file=out)
    read = "read and checked" if args.read_data else "present (not read: --read-data opens each)"
    verdict = "ok" if report.ok else "DAMAGED"
    print(f"{report.snapshots} snapshots, {report.objects} objects {read}: {verdict}", file=out)
    return 0 if report.ok else 1


def _restore(args: argparse.Namespace, out: TextIO) -> int:
    repository = _open(args)
    notetypes = repository.notetypes(repository.snapshot(args.snapshot), args.notetype)
    target = Path(args.collection)
    try:
        with collection_file(args.collection) as col:
            before, _count = repository.store.snapshot(
                notetypes_as_files(all_notetypes(col)), "before-restore", target.parent.name
            )
            results = [import_notetype(col, notetype) for notetype in notetypes]
    except CollectionUnavailable as error:
        print(f"atd backup restore: {target}: {error}", file=sys.stderr)
        return 2
    print(f"what the collection held is snapshot {before.id} (before-restore)", file=out)
    for result in results:
        print(f"{result.name}: {result.action}", file=out)
    return 0


def _guarded(run: Any) -> Any:
    def handler(args: argparse.Namespace, out: TextIO) -> int:
        try:
            return int(run(args, out))
        except DesignerError as error:
            print(f"atd backup {args.backup_command}: {error}", file=sys.stderr)
            return 1

    return handler


def add_command(subparsers: Any) -> None:
    parser = subparsers.add_parser("backup", help="encrypted backups of the note types")
    commands = parser.add_subparsers(dest="backup_command", metavar="ACTION", required=True)

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--repo", required=True, help="the repository folder")
        sub.add_argument(
            "--device-key", default=str(DEFAULT_DEVICE_KEY), help="this machine's key file"
        )

    init = commands.add_parser("init", help="make a new repository")
    common(init)
    init.set_defaults(handler=_guarded(_init))
    create = commands.add_parser("create", help="a snapshot of a collection's note types")
    create.add_argument("collection", help="the collection file (a copy is read)")
    create.add_argument("--reason", choices=REASONS, default="manual")
    common(create)
    create.set_defaults(handler=_guarded(_create))
    listing = commands.add_parser("list", help="the repository's snapshots")
    listing.add_argument("--json", action="store_true")
    common(listing)
    listing.set_defaults(handler=_guarded(_list))
    verify = commands.add_parser("verify", help="check the repository")
    verify.add_argument("--read-data", action="store_true", help="open and re-hash every object")
    common(verify)
    verify.set_defaults(handler=_guarded(_verify))
    restore = commands.add_parser(
        "restore", help="put a snapshot's note types back into a collection"
    )
    restore.add_argument("collection", help="the collection file (Anki must not have it open)")
    restore.add_argument("--snapshot", required=True)
    restore.add_argument("--notetype", help="only this note type (its name)")
    common(restore)
    restore.set_defaults(handler=_guarded(_restore))
