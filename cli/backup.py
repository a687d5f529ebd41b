"""`atd backup`: encrypted, incremental backups of a collection's note types.

    atd backup init --repo R [--replica R2]
    atd backup create C.anki2 --repo R [--reason manual|scheduled|before-save|before-restore]
    atd backup list --repo R [--json]
    atd backup diff C.anki2 --repo R [--snapshot S] [--json]
    atd backup verify --repo R [--read-data] [--repair]
    atd backup restore C.anki2 --repo R --snapshot S [--notetype NAME [--card-type C]] [--keep-both]
    atd backup set-passphrase --repo R --new-passphrase-file F
    atd backup prune --repo R [--keep-last N] [--keep-daily N] [--keep-weekly N]
                     [--keep-monthly N] [--dry-run]

Every command takes `--replica R2`: a second folder kept in step (verify compares them,
`--repair` heals a damaged file from the side with a good copy).

The repository is unlocked with this machine's key (`--device-key`, default
`~/.atd-backup-device.key`, made on first use, readable by the user only: Anki bundles no
keyring library) or, once one is set, with the passphrase read from `--passphrase-file F`
or the environment variable ATD_PASSPHRASE (ATD_BACKUP_PASSPHRASE still works), never
from the command line, where other users could read it. `init` prints the recovery code
once. `create` and `diff` read a copy of the collection (cli/collection.py). `restore`
writes the collection file itself (Anki must not have it open: it is locked then, and the
command says so): first a `before-restore` snapshot of what it holds, then every note type
of the snapshot (or only `--notetype NAME`), all read and checked before anything changes;
with `--keep-both` a note type changed since the snapshot stays and the snapshot's version
is added beside it as `NAME (backup S)`.

Exit status: 0 done, 1 damage found (verify names each object and the snapshots it
affects), 2 usage errors (no repository, wrong passphrase, locked, bad arguments).
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
from ..services.backup.crypto import TamperedData
from ..services.backup.folder_backend import BackendError
from ..services.backup.keys import DeviceKey
from ..services.backup.repository import Repository
from ..services.backup.retention import Retention
from ..services.backup.store import REASONS
from ..services.notetype_files import all_notetypes, notetypes_as_files
from .collection import CollectionUnavailable, collection_copy, collection_replaced

PASSPHRASE_VARIABLES = ("ATD_PASSPHRASE", "ATD_BACKUP_PASSPHRASE")
DEFAULT_DEVICE_KEY = Path.home() / ".atd-backup-device.key"
OK, DAMAGED, USAGE = 0, 1, 2


class UsageError(DesignerError):
    pass


def passphrase(args: argparse.Namespace) -> str | None:
    """From --passphrase-file (its first line), else ATD_PASSPHRASE / ATD_BACKUP_PASSPHRASE."""
    if getattr(args, "passphrase_file", None):
        try:
            text = Path(args.passphrase_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise UsageError(
                f"{args.passphrase_file}: cannot read the passphrase ({error})"
            ) from None
        return text.splitlines()[0] if text else ""
    for variable in PASSPHRASE_VARIABLES:
        if os.environ.get(variable) is not None:
            return os.environ[variable]
    return None


def _device(args: argparse.Namespace) -> DeviceKey:
    return DeviceKey.load_or_create(Path(args.device_key))


def open_repository(args: argparse.Namespace) -> Repository:
    replica = Path(args.replica) if args.replica else None
    secret = passphrase(args)
    if secret is not None:
        return Repository.open(Path(args.repo), passphrase=secret, replica=replica)
    return Repository.open(Path(args.repo), device=_device(args), replica=replica)


def _profile(collection: str) -> str:
    return Path(collection).resolve().parent.name


def _init(args: argparse.Namespace, out: TextIO) -> int:
    replica = Path(args.replica) if args.replica else None
    repository, code = Repository.init(Path(args.repo), _device(args), replica)
    print(f"backup repository made in {repository.root}", file=out)
    print(f"recovery code (write it down; it is shown only now): {code.text}", file=out)
    return OK


def _create(args: argparse.Namespace, out: TextIO) -> int:
    repository = open_repository(args)
    with collection_copy(args.collection) as col:
        notetypes = all_notetypes(col)
        files = notetypes_as_files(notetypes)
    snapshot, count = repository.create(files, args.reason, _profile(args.collection))
    print(
        f"snapshot {snapshot.id}: {len(notetypes)} note types, {len(files)} files, "
        f"{count.written} new objects ({count.reused} already stored)",
        file=out,
    )
    return OK


def _list(args: argparse.Namespace, out: TextIO) -> int:
    snapshots = open_repository(args).store.snapshots()
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
        return OK
    for s in snapshots:
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(s.time))
        print(f"{s.id}  {when}  {s.reason:<14} {s.profile}  {len(s.files)} files", file=out)
    print(f"{len(snapshots)} snapshots", file=out)
    return OK


def _diff(args: argparse.Namespace, out: TextIO) -> int:
    repository = open_repository(args)
    snapshot = repository.snapshot(args.snapshot) if args.snapshot else None
    with collection_copy(args.collection) as col:
        result = repository.diff(col, snapshot)
    if args.json:
        json.dump(result.to_json(), out, indent=1)
        print(file=out)
        return OK
    for change in result.notetypes:
        print(f"{change.status:<8} {change.name}", file=out)
        for label, paths in (("+", change.added), ("-", change.removed), ("~", change.changed)):
            for path in paths:
                print(f"    {label} {path}", file=out)
    verdict = "the same" if result.same else f"{len(result.notetypes)} note types differ"
    print(f"collection against snapshot {result.snapshot}: {verdict}", file=out)
    return OK


def _verify(args: argparse.Namespace, out: TextIO) -> int:
    report = open_repository(args).verify(read_data=args.read_data, repair=args.repair)
    for name, source in sorted(report.repaired.items()):
        print(f"repaired {name} ({source})", file=out)
    for name, problem in sorted(report.bad_snapshots.items()):
        print(f"damaged snapshot {name}: {problem}", file=out)
    for name, problem in sorted(report.bad_index.items()):
        print(f"damaged index {name}: {problem}", file=out)
    for name, (problem, snapshots) in sorted(report.problems.items()):
        print(f"object {name}: {problem}; in snapshots {', '.join(snapshots)}", file=out)
    for name, problem in sorted(report.replica.items()):
        print(f"replica: {name}: {problem}", file=out)
    for name in report.leftover:
        print(f"left over by an interrupted write (prune removes it): {name}", file=out)
    read = (
        "read and checked"
        if args.read_data or args.repair
        else "present (not read: --read-data opens each)"
    )
    verdict = "ok" if report.ok else "DAMAGED"
    print(f"{report.snapshots} snapshots, {report.objects} objects {read}: {verdict}", file=out)
    return OK if report.ok else DAMAGED


def _restore(args: argparse.Namespace, out: TextIO) -> int:
    if args.card_type and not args.notetype:
        raise UsageError("--card-type needs --notetype (the note type it belongs to)")
    repository = open_repository(args)
    snapshot = repository.snapshot(args.snapshot)
    with collection_replaced(args.collection) as col:  # all note types, or none
        before, results = repository.restore(
            col,
            snapshot,
            args.notetype,
            _profile(args.collection),
            args.keep_both,
            card_type=args.card_type,
        )
    print(f"what the collection held is snapshot {before.id} (before-restore)", file=out)
    for result in results:
        print(f"{result.name}: {result.action}", file=out)
    return OK


def _prune(args: argparse.Namespace, out: TextIO) -> int:
    try:
        retention = Retention(args.keep_last, args.keep_daily, args.keep_weekly, args.keep_monthly)
    except ValueError as error:
        raise UsageError(str(error)) from None
    report = open_repository(args).prune(retention, dry_run=args.dry_run)
    for snapshot_id, rules in sorted(report.kept.items()):
        print(f"keep   {snapshot_id}  ({', '.join(rules)})", file=out)
    for snapshot in report.forgotten:
        print(f"forget {snapshot.id}", file=out)
    if args.dry_run:
        print(f"dry run: {len(report.forgotten)} snapshots would be forgotten", file=out)
    else:
        print(
            f"{len(report.forgotten)} snapshots forgotten, {report.deleted_files} files "
            f"({report.deleted_bytes} bytes) deleted, {report.repacked} packs rewritten",
            file=out,
        )
    return OK


def _set_passphrase(args: argparse.Namespace, out: TextIO) -> int:
    new = passphrase(argparse.Namespace(passphrase_file=args.new_passphrase_file))
    if not new:
        raise UsageError(f"{args.new_passphrase_file}: the file holds no passphrase")
    repository = open_repository(args)
    repository.set_passphrase(new)
    repository.audit.append("set passphrase", str(repository.root), "")
    print("passphrase set: from now on the passphrase or the recovery code opens it", file=out)
    return OK


def guarded(prefix: str, run: Any) -> Any:
    """Errors as one line on stderr and an exit status: 1 damage, 2 everything else."""

    def handler(args: argparse.Namespace, out: TextIO) -> int:
        try:
            return int(run(args, out))
        except (TamperedData, BackendError) as error:
            print(f"{prefix}: {error}", file=sys.stderr)
            return DAMAGED
        except (DesignerError, CollectionUnavailable) as error:
            where = getattr(args, "collection", None)
            place = f"{where}: " if isinstance(error, CollectionUnavailable) and where else ""
            print(f"{prefix}: {place}{error}", file=sys.stderr)
            return USAGE

    return handler


def add_repository_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--repo", required=True, help="the repository folder")
    sub.add_argument("--replica", help="a second folder kept in step with the repository")
    sub.add_argument(
        "--device-key", default=str(DEFAULT_DEVICE_KEY), help="this machine's key file"
    )
    sub.add_argument(
        "--passphrase-file", help="read the passphrase from this file (else ATD_PASSPHRASE)"
    )


def add_command(subparsers: Any) -> None:
    parser = subparsers.add_parser("backup", help="encrypted backups of the note types")
    commands = parser.add_subparsers(dest="backup_command", metavar="ACTION", required=True)

    def command(name: str, run: Any, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text)
        add_repository_arguments(sub)
        sub.set_defaults(handler=guarded(f"atd backup {name}", run))
        return sub

    command("init", _init, "make a new repository")
    create = command("create", _create, "a snapshot of a collection's note types")
    create.add_argument("collection", help="the collection file (a copy is read)")
    create.add_argument("--reason", choices=REASONS, default="manual")
    command("list", _list, "the repository's snapshots").add_argument("--json", action="store_true")
    diff = command("diff", _diff, "what differs between a snapshot and a collection")
    diff.add_argument("collection", help="the collection file (a copy is read)")
    diff.add_argument("--snapshot", help="the snapshot (default: the latest)")
    diff.add_argument("--json", action="store_true")
    verify = command("verify", _verify, "check the repository (and its replica)")
    verify.add_argument("--read-data", action="store_true", help="open and re-hash every object")
    verify.add_argument(
        "--repair", action="store_true", help="heal damaged files from the replica (reads all)"
    )
    restore = command("restore", _restore, "put a snapshot's note types back into a collection")
    restore.add_argument("collection", help="the collection file (Anki must not have it open)")
    restore.add_argument("--snapshot", required=True)
    restore.add_argument("--notetype", help="only this note type (its name)")
    restore.add_argument(
        "--card-type",
        metavar="NAME",
        help="only this card type of --notetype; the rest of the note type stays as it is",
    )
    restore.add_argument(
        "--keep-both",
        action="store_true",
        help="a note type changed since the snapshot stays; the snapshot's is added beside it",
    )
    change = command("set-passphrase", _set_passphrase, "set or change the passphrase")
    change.add_argument("--new-passphrase-file", required=True, help="its first line")
    prune = command("prune", _prune, "forget old snapshots and delete what nothing lists")
    defaults = Retention()
    for rule in ("last", "daily", "weekly", "monthly"):
        prune.add_argument(
            f"--keep-{rule}",
            type=int,
            default=getattr(defaults, rule),
            metavar="N",
            help=f"default {getattr(defaults, rule)}",
        )
    prune.add_argument("--dry-run", action="store_true", help="say what would go, change nothing")
